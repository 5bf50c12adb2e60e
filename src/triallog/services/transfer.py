"""Import and export whole records in the exchange format (JSON or .triallog archive)."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from triallog.domain import records as r
from triallog.domain.dates import now_utc
from triallog.domain.errors import Problem, ValidationError
from triallog.exchange.archive import MAX_UNPACKED_BYTES, read_archive, write_archive
from triallog.exchange.encrypted import MAGIC as ENCRYPTED_MAGIC
from triallog.exchange.encrypted import ExportPassphraseNeeded as ExportPassphraseNeeded
from triallog.exchange.encrypted import WrongExportPassphrase as WrongExportPassphrase
from triallog.exchange.encrypted import decrypt, encrypt, is_encrypted
from triallog.exchange.reader import MAX_RECORD_BYTES, check_size, read_exchange
from triallog.exchange.writer import dumps, exchange_document
from triallog.paths import ensure_private_dir
from triallog.services.changes import Changes
from triallog.storage import kept_files, leftovers, record_import
from triallog.storage.db import Database
from triallog.storage.vault import check_passphrase

ARCHIVE_SUFFIX = ".triallog"
FILES_DIR = "files"


#: letters that do not come apart into a plain letter and an accent
_SPELLED_OUT = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ı": "i"}
)
#: apostrophes inside a name join its parts: O'Brien is "obrien", not "o-brien"
_APOSTROPHES = str.maketrans("", "", "'’ʼ‘`´")


def readable_stem(text: str) -> str:
    """A name as a file name anyone can read and every computer accepts: lower case, accents taken off
    Latin letters, apostrophes dropped, anything else between words a hyphen. Other scripts stay as written.

    `Mei-Ling O'Brien Ångström` -> `mei-ling-obrien-angstrom`."""
    plain = unicodedata.normalize("NFKD", text.lower().translate(_SPELLED_OUT).translate(_APOSTROPHES))
    letters = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", "-", letters).strip("-")


def export_file_name(person_name: str | None, day: date, suffix: str) -> str:
    """`mei-ling-obrien-angstrom-2026-11-23.triallog`; `triallog-everyone-…` for everyone."""
    stem = readable_stem(person_name) if person_name else "triallog-everyone"
    return f"{stem or 'triallog-record'}-{day.isoformat()}{suffix}"


class PersonAlreadyHere(ValidationError):
    """An import refused only because people of these names are already here (`names`)."""

    names: list[str]


@dataclass(frozen=True)
class ImportResult:
    names: list[str]
    replaced: list[str]
    trials: int
    files: int
    #: an import may add or replace anyone: every part of the window is to be read again
    changes: Changes = field(default_factory=Changes.everything)


def import_path(
    db: Database, path: str | os.PathLike[str], replace: bool = False, passphrase: str | None = None
) -> ImportResult:
    """Import a .json or .triallog file, all or nothing; an encrypted export opens with its `passphrase`
    (ExportPassphraseNeeded without one, WrongExportPassphrase when it does not open: nothing changed).

    A file larger than TrialLog reads is refused by its size, before it is read into memory."""
    source = Path(path)
    archive = source.suffix.lower() == ARCHIVE_SUFFIX
    try:
        check_size(source.stat().st_size, MAX_UNPACKED_BYTES if archive else MAX_RECORD_BYTES, name=source.name)
        data = source.read_bytes()
    except OSError as error:
        raise ValidationError("file", f"cannot be read: {error.strerror or error}", str(source)) from None
    if is_encrypted(data):  # an encrypted export holds an archive, whatever its name
        if passphrase is None:
            raise ExportPassphraseNeeded()
        data, archive = decrypt(data, passphrase), True
    return import_bytes(db, data, archive=archive, replace=replace)


def is_encrypted_export(path: str | os.PathLike[str]) -> bool:
    """Whether the file is an encrypted export (its first bytes say so), to ask for its passphrase first."""
    try:
        with Path(path).open("rb") as f:
            return is_encrypted(f.read(len(ENCRYPTED_MAGIC)))
    except OSError:
        return False  # the import itself says why it cannot be read


def import_bytes(db: Database, data: bytes, archive: bool = False, replace: bool = False) -> ImportResult:
    # Tens of thousands of small objects are made and all kept to the end: no cyclic garbage among them.
    with record_import.collector_paused():
        if archive:
            contents = read_archive(data)
            exchange, blobs = contents.exchange, contents.files
        else:
            exchange, blobs = read_exchange(data), {}
        written: list[Path] = []
        try:
            stored = _store_files(db, exchange.people, blobs, written)
            with db.transaction() as session:
                here = record_import.people_named(session, [p.name for p in exchange.people])
                problems: list[Problem] = []
                replaced: list[str] = []
                for i, existing in enumerate(here):
                    if existing is None:
                        continue
                    if not replace:
                        rule = f"{existing.name!r} is already here (their whole record can be replaced)"
                        problems.append(Problem(f"people[{i}].name", rule, exchange.people[i].name))
                    else:
                        replaced.append(existing.name)
                if problems:
                    error = PersonAlreadyHere.of(problems)
                    error.names = [str(p.value) for p in problems]
                    raise error
                # the way back from an import that was not meant, even a whole one: a copy of the records as
                # they are, taken while this transaction holds the write lock (nobody can change them meanwhile)
                db.back_up("before-import")
                orphaned = record_import.remove_people(session, [p.id for p in here if p is not None])
                record_import.insert_people(session, exchange.people, stored)
        except BaseException:
            for file in written:
                file.unlink(missing_ok=True)
            raise
    # Only once the new record is committed do the replaced person's files go.
    for stored_file in orphaned:
        (db.data_dir / stored_file).unlink(missing_ok=True)
    return ImportResult(
        names=[p.name for p in exchange.people],
        replaced=replaced,
        trials=sum(len(p.trials) for p in exchange.people),
        files=len(written),
    )


def _store_files(
    db: Database, people: list[r.Person], blobs: dict[tuple[int, str], bytes], written: list[Path]
) -> dict[int, dict[str, str]]:
    """Write each document's file under the data folder (0600); map person → document key → path."""
    stored: dict[int, dict[str, str]] = {}
    if not blobs:
        return stored
    folder = ensure_private_dir(db.data_dir / FILES_DIR)
    for pi, person in enumerate(people):
        for document in person.documents:
            blob = blobs.get((pi, document.key))
            if blob is None or document.file is None:
                continue
            name = f"{uuid.uuid4().hex[:12]}-{_safe_name(Path(document.file).name)}"
            target = folder / name
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            written.append(target)
            with os.fdopen(fd, "wb") as out:
                out.write(kept_files.for_keeping(blob, db.key))  # sealed while the records are protected
            stored.setdefault(pi, {})[document.key] = f"{FILES_DIR}/{name}"
    return stored


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)[-80:] or "file"


def export_people(db: Database, person_name: str | None = None) -> list[r.Person]:
    # here, not at the top: an import needs neither the whole-record reads nor the ORM's mapping
    from triallog.services.people import find_person
    from triallog.storage import people, rows

    with db.reading() as session:
        if person_name is None:
            ids = people.person_ids_by_name(session)
        else:
            ids = [rows.row_id(find_person(db, person_name).key)]
        return [p for p in (people.whole_record(session, i) for i in ids) if p is not None]


class PlainExportOfProtected(ValidationError):
    """A plain export of protected records, not yet agreed to: `contents` names what it would hold."""

    contents: str


def plain_export_contents(people: list[r.Person]) -> str:
    """What a plain export would hold, in a person's words: who, and what of their record."""
    names = ", ".join(p.name for p in people) or "nobody yet"
    documents = sum(1 for p in people for d in p.documents if d.file)
    files = f", and {documents} attached document{'s' if documents != 1 else ''}" if documents else ""
    return (
        f"the whole record of {names}: dates of birth, insurance member ids, diagnoses, every medication "
        f"tried, symptom scores, cases and calls{files}, readable by anyone who gets the file"
    )


def export_path(
    db: Database,
    path: str | os.PathLike[str],
    person_name: str | None = None,
    passphrase: str | None = None,
    plain: bool = False,
) -> int:
    """Write everyone (or one person) to .json or .triallog, atomically. Returns how many people.

    With `passphrase`, the .triallog archive is encrypted whole (exchange.encrypted). Protected records are
    exported plain only when the person agreed (`plain`); otherwise PlainExportOfProtected names what the
    file would hold."""
    target = Path(path)
    archive = target.suffix.lower() == ARCHIVE_SUFFIX
    if passphrase is not None:
        if not archive:
            raise ValidationError("file", f"must end in {ARCHIVE_SUFFIX} to be encrypted", str(target))
        if problem := check_passphrase(passphrase):
            raise ValidationError("passphrase", problem)
    elif not archive and target.suffix.lower() != ".json":
        raise ValidationError("file", "must end in .json or .triallog", str(target))
    people = export_people(db, person_name)
    if db.key is not None and passphrase is None and not plain:
        error = PlainExportOfProtected(
            "file",
            f"your records are protected, and this export would not be: it would hold {plain_export_contents(people)}",
        )
        error.contents = plain_export_contents(people)
        raise error
    if archive:
        data = _archive_bytes(db, people)
        if passphrase is not None:
            data = encrypt(data, passphrase)
    else:
        data = dumps(exchange_document(people, now_utc()))
    try:
        write_atomically(target, data, None if db.read_only else db.data_dir)
    except OSError as error:  # a place the person chose: their input, not the data folder
        raise ValidationError("file", f"cannot be written: {error.strerror or error}", str(target)) from None
    return len(people)


def _archive_bytes(db: Database, people: list[r.Person]) -> bytes:
    files: dict[str, bytes] = {}
    paths: dict[str, dict[str, str]] = {}
    for person in people:
        for document in person.documents:
            if not document.file:
                continue
            blob = kept_files.read(db.data_dir / document.file, db.key)  # opened in memory if sealed
            # The name it came in with (without the stored file's unique prefix), numbered only on a
            # clash, so that export → import → export writes the same document.
            base = Path(document.file).name.split("-", 1)[-1]
            name, n = f"{FILES_DIR}/{base}", 1
            while name in files:
                n += 1
                name = f"{FILES_DIR}/{n:04d}-{base}"
            files[name] = blob
            paths.setdefault(person.key, {})[document.key] = name
    record = dumps(exchange_document(people, now_utc(), paths))
    return write_archive(record, files)


def write_atomically(target: Path, data: bytes, data_dir: Path | None = None) -> None:
    """Write to a temporary file beside the target and rename: never a half-written file.

    With `data_dir`, the temporary file is noted in the data folder while it is written, so that the next
    start removes it if this process is killed before the rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with leftovers.journaled(data_dir, Path(tmp)):
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
