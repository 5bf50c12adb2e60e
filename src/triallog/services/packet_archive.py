"""The kept copies of evidence packets: the exact PDF made, its SHA-256, and when and how it was sent."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from triallog.domain import records as r
from triallog.domain.enums import CaseStatus, SentVia
from triallog.domain.errors import Problem, ValidationError, raise_if
from triallog.paths import ensure_private_dir
from triallog.services.cases import add_event_in, list_cases
from triallog.services.changes import Changes
from triallog.storage import cases, kept_files, orm, packets, people
from triallog.storage.db import Database, Session
from triallog.storage.rows import event_text, row_id
from triallog.storage.vault import ProtectionError

if TYPE_CHECKING:
    from triallog.services.packets import PacketOptions

PACKETS_DIR = "packets"
PAPERS = ("letter", "a4")

#: how the status note says it went: "sent by fax", "sent through the portal"
SENT_PHRASE = {
    SentVia.FAX: "by fax",
    SentVia.PORTAL: "through the plan's portal",
    SentVia.MAIL: "by mail",
    SentVia.IN_PERSON: "in person",
}


@dataclass(frozen=True)
class KeptPacket:
    """One packet as made and kept. `made_at` is UTC (aware); `path` is the kept file."""

    id: int
    case_key: str | None
    made_at: datetime
    sections: tuple[str, ...]
    redacted: bool
    paper: str
    pages: int
    sha256: str
    path: Path
    sent_on: date | datetime | None
    sent_via: SentVia | None
    sent_note: str

    @property
    def short_hash(self) -> str:
        """The first 12 hex digits: enough to tell two packets apart when read aloud on the phone."""
        return self.sha256[:12]

    @property
    def sent(self) -> bool:
        return self.sent_via is not None


def keep_packet(
    db: Database,
    person_key: str,
    case_key: str,
    pdf: bytes,
    options: PacketOptions,
    pages: int,
    made_at: datetime | None = None,
) -> Changes:
    """Keep the PDF exactly as made under `packets/` (owner-only; sealed while the records are protected), with
    the SHA-256 of the PDF itself. `created` is its id.

    The file is written whole before it gets its name and never replaces another; if the row
    cannot be recorded, the file goes again, so no file is left that nothing lists.
    """
    problems = []
    if not isinstance(pdf, bytes | bytearray) or not bytes(pdf).startswith(b"%PDF-"):
        problems.append(Problem("pdf", "is not a PDF document"))
    if not options.sections:
        problems.append(Problem("sections", "choose at least one section", ""))
    if options.paper not in PAPERS:
        problems.append(Problem("paper", f"must be one of {', '.join(PAPERS)}", options.paper))
    if not isinstance(pages, int) or pages < 1:
        problems.append(Problem("pages", "must be 1 or more", pages))
    raise_if(problems)
    data = bytes(pdf)
    digest = hashlib.sha256(data).hexdigest()
    made = _utc(made_at or datetime.now(UTC))
    with db.transaction() as session:
        person = _person_row(session, person_key)
        case = cases.case_row(session, row_id(case_key, "case"))
        if case is None or case.person_id != person.id:
            raise ValidationError("case", "no longer exists", case_key)
        folder = ensure_private_dir(db.data_dir / PACKETS_DIR)
        stem = f"{made.astimezone().date().isoformat()}-case{case.id}-{digest[:8]}"
        target = _write_new(folder, stem, kept_files.for_keeping(data, db.key))
        try:
            row = orm.PacketRow(
                person_id=person.id,
                case_id=case.id,
                made_at=made.replace(tzinfo=None),
                sections=",".join(options.sections),
                redacted=bool(options.redact),
                paper=options.paper,
                pages=pages,
                sha256=digest,
                stored_file=f"{PACKETS_DIR}/{target.name}",
                sent_note="",
            )
            session.add(row)
            session.flush()
            packet_id = row.id
        except BaseException:
            target.unlink(missing_ok=True)
            raise
    return Changes(person=person_key, packets=True, created=str(packet_id))


def list_packets(db: Database, person_key: str, case_key: str | None = None) -> list[KeptPacket]:
    """A person's kept packets (of one case, if given), newest first."""
    person_id = row_id(person_key, "person")
    case_id = row_id(case_key, "case") if case_key is not None else None
    with db.reading() as session:
        return [_kept(db, row) for row in packets.packet_rows(session, person_id, case_id)]


def get_packet(db: Database, person_key: str, packet_id: int) -> KeptPacket:
    with db.reading() as session:
        return _kept(db, _packet_row(session, person_key, packet_id))


def read_packet(db: Database, person_key: str, packet_id: int) -> bytes:
    """The kept PDF's bytes (opened in memory if sealed), checked against the SHA-256 taken when it was made."""
    packet = get_packet(db, person_key, packet_id)
    try:
        data = kept_files.read(packet.path, db.key)
    except FileNotFoundError:
        raise ValidationError(
            "file", "is missing from the data folder; make the packet again", str(packet.path)
        ) from None
    except OSError as error:
        raise ValidationError("file", f"cannot be read: {error.strerror or error}", str(packet.path)) from None
    except ProtectionError as error:
        raise ValidationError("file", f"cannot be opened: {error}", str(packet.path)) from None
    if hashlib.sha256(data).hexdigest() != packet.sha256:
        raise ValidationError(
            "file", "has changed since it was made (its SHA-256 differs); make the packet again", str(packet.path)
        )
    return data


def status_after_sending(case: r.Case) -> CaseStatus:
    """What sending a packet makes of the case: a first request is submitted, a denial is appealed."""
    current = case.events[-1].status if case.events else case.status
    if current in (None, CaseStatus.DRAFT):
        return CaseStatus.SUBMITTED
    if current == CaseStatus.DENIED:
        return CaseStatus.APPEALED
    return current


def sent_note(packet: KeptPacket, via: SentVia, note: str) -> str:
    """`Evidence packet sent by fax (9 pages, SHA-256 1a2b3c4d5e6f…): note`."""
    pages = "1 page" if packet.pages == 1 else f"{packet.pages} pages"
    text = f"Evidence packet sent {SENT_PHRASE[via]} ({pages}, SHA-256 {packet.short_hash}…)"
    return f"{text}: {note.strip()}" if note.strip() else text


def mark_sent(
    db: Database,
    person_key: str,
    packet_id: int,
    via: SentVia | str | None,
    on: date | datetime,
    note: str,
    confirm_earlier: bool = False,
    status: CaseStatus | None = None,
    today: date | None = None,
) -> Changes:
    """Record that the packet went out, and add that step to its case's status history.

    The case's status becomes `status` if given, else `status_after_sending`. The event goes
    through the same rule as `cases.add_event`, so a date before the case's latest event raises
    `EarlierThanPrevious` (and changes nothing) unless `confirm_earlier`.
    """
    problems: list[Problem] = []
    chosen = _via(via, problems)
    today = today or date.today()
    if isinstance(on, datetime) and on.tzinfo is None:
        problems.append(Problem("date", "needs a time zone offset such as -06:00", on))
    elif not isinstance(on, date):
        problems.append(Problem("date", "must be a date such as 2023-01-25", on))
    elif (on.date() if isinstance(on, datetime) else on) > today:
        problems.append(Problem("date", f"is in the future (today is {today.isoformat()})", on))
    if not isinstance(note, str):
        problems.append(Problem("note", "must be text", note))
    raise_if(problems)
    assert chosen is not None
    packet = get_packet(db, person_key, packet_id)
    if packet.sent:
        raise ValidationError("packet", f"was already marked as sent on {_when_text(packet.sent_on)}", packet_id)
    if packet.case_key is None:
        raise ValidationError("case", "this packet's case was deleted, so it cannot be marked as sent", packet_id)
    case = next((c for c in list_cases(db, person_key) if c.key == packet.case_key), None)
    if case is None:
        raise ValidationError("case", "no longer exists", packet.case_key)
    event = r.CaseEvent(when=on, status=status or status_after_sending(case), note=sent_note(packet, chosen, note))
    # One transaction: the case event and the packet's sent fields are saved together or not at all
    # (an event dated too early asks for confirmation first, and then nothing has changed).
    with db.transaction() as session:
        add_event_in(session, person_key, packet.case_key, event, confirm_earlier=confirm_earlier)
        row = _packet_row(session, person_key, packet_id)
        row.sent_on = event_text(on)
        row.sent_via = chosen.value
        row.sent_note = note.strip()
    return Changes(person=person_key, packets=True, cases=True)


def delete_packet(db: Database, person_key: str, packet_id: int) -> Changes:
    """Forget a kept packet and delete its file; the case's history (what was sent) stays as it is."""
    stored: str | None = None
    with db.transaction() as session:
        row = packets.packet_row(session, packet_id)
        if row is not None and row.person_id == row_id(person_key, "person"):
            stored = row.stored_file
            session.delete(row)
    if stored is None:
        return Changes()
    if stored:
        _resolve(db, stored).unlink(missing_ok=True)
    return Changes(person=person_key, packets=True)


def packet_files(db: Database, person_key: str) -> list[Path]:
    """The kept packet files of a person. Removing or replacing a person: collect these first,
    commit the removal (the rows go with the person), then unlink each (`missing_ok=True`)."""
    with db.reading() as session:
        stored = packets.stored_files(session, row_id(person_key, "person"))
    return [_resolve(db, s) for s in stored]


# -- inside ------------------------------------------------------------------------------------


def _write_new(folder: Path, stem: str, data: bytes) -> Path:
    """Write `data` to a new file `stem.pdf` (or `stem-2.pdf`…): complete before it has its name, 0600."""
    fd, tmp = tempfile.mkstemp(prefix=".packet-", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o600)
        for n in range(1, 1000):
            target = folder / (f"{stem}.pdf" if n == 1 else f"{stem}-{n}.pdf")
            try:
                _place(Path(tmp), target)
            except FileExistsError:
                continue
            return target
        raise ValidationError("file", "too many packets of the same name in the data folder", stem)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _place(tmp: Path, target: Path) -> None:
    """Give the finished file its name, never replacing one (FileExistsError if taken)."""
    try:
        os.link(tmp, target)  # atomic, and refuses an existing name
    except FileExistsError:
        raise
    except OSError:
        if os.name != "nt":
            raise
        os.rename(tmp, target)  # on Windows, rename refuses an existing name too


def _resolve(db: Database, stored: str) -> Path:
    # Only ever a file in the packets folder, whatever the column says.
    return db.data_dir / PACKETS_DIR / Path(stored).name


def _utc(moment: datetime) -> datetime:
    # A naive time is the computer's local time, as datetime.astimezone() takes it.
    return moment.astimezone(UTC)


def _via(via: SentVia | str | None, problems: list[Problem]) -> SentVia | None:
    if isinstance(via, SentVia):
        return via
    words = ", ".join(s.value.replace("_", " ") for s in SentVia)
    if via is None or (isinstance(via, str) and not via.strip()):
        problems.append(Problem("via", f"choose how it was sent ({words})", via))
        return None
    try:
        return SentVia(str(via).strip().lower().replace(" ", "_").replace("-", "_"))
    except ValueError:
        problems.append(Problem("via", f"must be one of {words}", via))
        return None


def _when_text(value: date | datetime | None) -> str:
    return "" if value is None else event_text(value)


def _parse_when(text: str | None) -> date | datetime | None:
    if not text:
        return None
    return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)


def _person_row(session: Session, person_key: str) -> orm.PersonRow:
    person = people.person_row(session, row_id(person_key, "person"))
    if person is None:
        raise ValidationError("person", "no longer exists", person_key)
    return person


def _packet_row(session: Session, person_key: str, packet_id: int) -> orm.PacketRow:
    row = packets.packet_row(session, packet_id)
    if row is None or row.person_id != row_id(person_key, "person"):
        raise ValidationError("packet", "no longer exists", packet_id)
    return row


def _kept(db: Database, row: orm.PacketRow) -> KeptPacket:
    return KeptPacket(
        id=row.id,
        case_key=str(row.case_id) if row.case_id is not None else None,
        made_at=row.made_at.replace(tzinfo=UTC),
        sections=tuple(s for s in row.sections.split(",") if s),
        redacted=row.redacted,
        paper=row.paper,
        pages=row.pages,
        sha256=row.sha256,
        path=_resolve(db, row.stored_file),
        sent_on=_parse_when(row.sent_on),
        sent_via=SentVia(row.sent_via) if row.sent_via else None,
        sent_note=row.sent_note or "",
    )
