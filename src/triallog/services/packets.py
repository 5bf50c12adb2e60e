"""Make a case's evidence packet: choose the case, redact if asked, render, keep a copy."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from triallog.domain.errors import ValidationError
from triallog.domain.packet_sections import DEFAULT_SECTIONS, SECTION_NAMES
from triallog.services.changes import Changes

if TYPE_CHECKING:
    from triallog.domain import records as r
    from triallog.reports.enclosures import Enclosure
    from triallog.storage.db import Database


@dataclass(frozen=True)
class PacketOptions:
    sections: tuple[str, ...] = DEFAULT_SECTIONS
    redact: bool = False
    paper: str = "letter"
    #: the prepared date: every age, duration and clock is as of it (None: the day the packet is made)
    prepared: date | None = None
    #: the measures to print; None: those that bear on the case (scored during its drugs' trials)
    instruments: tuple[str, ...] | None = None


@dataclass(frozen=True)
class MadePacket:
    pdf: bytes
    pages: int
    #: the kept copy's id in the sent archive (None when the packet was not kept)
    packet_id: int | None
    #: what making it changed: the kept packets, when it was kept
    changes: Changes = field(default_factory=Changes)


def parse_sections(text: str, field: str = "sections") -> tuple[str, ...]:
    """`cover,history,calls` → the chosen names in the packet's order; an unknown name is refused."""
    chosen = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [name for name in chosen if name not in SECTION_NAMES]
    if unknown:
        raise ValidationError(
            field, f"unknown section {', '.join(unknown)}: choose from {', '.join(SECTION_NAMES)}", text
        )
    if not chosen:
        raise ValidationError(field, f"choose at least one of {', '.join(SECTION_NAMES)}", text)
    return tuple(name for name in SECTION_NAMES if name in chosen)


def parse_measures(person: r.Person, text: str, field: str = "measures") -> tuple[str, ...]:
    """`PHQ-9,custom:HbA1c` → the instruments to print, as the person's record names them (any capitals);
    an instrument the person never scored is refused; an empty list prints no measures."""
    known = {m.instrument.casefold(): m.instrument for m in person.measurements}
    # a custom measure by its own name too, as the window shows it ("HbA1c" for "custom:HbA1c")
    known |= {m.instrument.removeprefix("custom:").casefold(): m.instrument for m in person.measurements}
    chosen = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [name for name in chosen if name.casefold() not in known]
    if unknown:
        listed = (
            ", ".join(sorted({m.instrument.removeprefix("custom:") for m in person.measurements})) or "none recorded"
        )
        raise ValidationError(field, f"no scores of {', '.join(unknown)}: choose from {listed}", text)
    return tuple(dict.fromkeys(known[name.casefold()] for name in chosen))


def find_case(person: r.Person, text: str) -> r.Case:
    """`--case` takes the denial reference or a unique part of the requested drug's name."""
    wanted = text.strip().casefold()
    if not wanted:
        raise ValidationError("case", "give the denial reference or part of the requested drug's name", text)
    by_reference = [c for c in person.cases if c.denial_reference.strip().casefold() == wanted]
    if len(by_reference) == 1:
        return by_reference[0]
    by_drug = [c for c in person.cases if wanted in c.requested_drug.casefold()]
    if len(by_drug) == 1:
        return by_drug[0]
    known = "; ".join(_case_name(c) for c in person.cases) or "none recorded"
    if len(by_reference) > 1 or len(by_drug) > 1:
        raise ValidationError("case", f"{text!r} matches more than one case: {known}", text)
    raise ValidationError("case", f"no case of {person.name} matches {text!r}; cases: {known}", text)


def _case_name(case: r.Case) -> str:
    return f"{case.requested_drug} ({case.denial_reference})" if case.denial_reference else case.requested_drug


def render_packet(
    person: r.Person,
    case_key: str,
    options: PacketOptions,
    today: date,
    enclosures: Mapping[str, Enclosure] | None = None,
) -> tuple[bytes, int]:
    """The packet's PDF bytes and page count, prepared as of `today` (or the options' date), followed by the
    files of the documents it encloses (`enclosures`: a document's key → its kept file; none in a redacted
    copy, whose enclosures could not be redacted). Redaction is applied before anything is drawn. With a fax
    cover the packet is laid out twice: the cover states the pages that follow, enclosures included."""
    from triallog.domain.redaction import redact_person
    from triallog.reports.enclosures import append_files, page_count
    from triallog.reports.packet import EvidencePacket

    shown = redact_person(person) if options.redact else person
    today = options.prepared or today
    files = {} if options.redact or enclosures is None else enclosures
    counts = {key: page_count(path) for key, path in files.items()}
    files = {key: path for key, path in files.items() if counts[key]}  # a damaged file is not enclosed

    def draw(fax_pages: int | None) -> EvidencePacket:
        return EvidencePacket(
            shown,
            case_key,
            options.sections,
            today,
            paper=options.paper,
            redacted=options.redact,
            instruments=options.instruments,
            fax_pages=fax_pages,
            attached=frozenset(files),
        )

    renderer = draw(None)
    pdf = renderer.render()
    enclosed = [key for key in dict.fromkeys(c.document for c in renderer.words.checklist if c.enclosed) if key]
    extra = sum(counts[key] or 0 for key in enclosed)
    if "fax" in options.sections:
        renderer = draw(renderer.pages + extra)
        pdf = renderer.render()
    if enclosed:
        pdf = append_files(pdf, [files[key] for key in enclosed], options.paper)
    return pdf, renderer.pages + extra


def enclosure_files(db: Database, person: r.Person) -> dict[str, Enclosure]:
    """The person's documents whose kept file a packet can enclose (a PDF or a picture), by document key;
    sealed files are opened in memory when they are read."""
    from triallog.services.documents import kept_file

    found: dict[str, Enclosure] = {}
    for document in person.documents:
        kept = kept_file(db, document)
        if kept is not None and kept.suffix.lower() in (".pdf", ".png", ".jpg", ".jpeg"):
            found[document.key] = kept
    return found


def relevant_measures(person: r.Person, case_key: str, today: date) -> list[str]:
    """The instruments a packet prints unless others are chosen: those that bear on the case."""
    from triallog.reports.packet import relevant_instruments

    case = next(c for c in person.cases if c.key == case_key)
    return relevant_instruments(person, case, today)


def make_packet(
    db: Database,
    person_key: str,
    case_key: str,
    options: PacketOptions,
    today: date,
    keep: bool = True,
    now: datetime | None = None,
) -> MadePacket:
    """Render the packet from the database and keep a copy in the sent archive."""
    from triallog.services.people import load_person

    person = load_person(db, person_key)
    if not any(c.key == case_key for c in person.cases):
        raise ValidationError("case", "no such case for this person", case_key)
    pdf, pages = render_packet(person, case_key, options, today, enclosure_files(db, person))
    if keep:
        from triallog.services.packet_archive import keep_packet

        kept = keep_packet(db, person_key, case_key, pdf, options, pages, made_at=now)
        return MadePacket(pdf, pages, int(kept.created or 0), kept)
    return MadePacket(pdf, pages, None)


@dataclass(frozen=True)
class SendingCheck:
    """What to look at before a packet goes: each statement its letter makes, with the proof behind it,
    and every warning (a document missing, a form out of date, a date from an unchecked rule, a claim
    without proof, a deadline past). Sending stays the person's choice."""

    title: str
    statements: tuple[tuple[str, str], ...]
    warnings: tuple[str, ...]


def check_before_sending(
    person: r.Person,
    case_key: str,
    sections: tuple[str, ...],
    today: date,
    enclosures: Mapping[str, Enclosure] | None = None,
    redacted: bool = False,
) -> SendingCheck:
    from triallog.domain.packet_text import compose_packet
    from triallog.reports.enclosures import page_count

    case = next(c for c in person.cases if c.key == case_key)
    files = {} if redacted else (enclosures or {})
    attached = frozenset(key for key, path in files.items() if page_count(path))
    words = compose_packet(person, case, today, sections, attached, redacted)
    statements = [(p.heading, p.sentences) for p in words.claims]
    statements += [(b.heading, b.text) for b in words.letter.blocks if not b.claimed]
    return SendingCheck(words.title, tuple(statements), words.warnings)
