"""Make a case's evidence packet: choose the case, redact if asked, render, keep a copy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from triallog.domain.errors import ValidationError
from triallog.domain.packet_sections import SECTION_NAMES

if TYPE_CHECKING:
    from triallog.domain import records as r
    from triallog.storage.db import Database


@dataclass(frozen=True)
class PacketOptions:
    sections: tuple[str, ...] = SECTION_NAMES
    redact: bool = False
    paper: str = "letter"


@dataclass(frozen=True)
class MadePacket:
    pdf: bytes
    pages: int
    #: the kept copy's id in the sent archive (None when the packet was not kept)
    packet_id: int | None


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


def render_packet(person: r.Person, case_key: str, options: PacketOptions, today: date) -> tuple[bytes, int]:
    """The packet's PDF bytes and page count; redaction is applied before anything is drawn."""
    from triallog.domain.redaction import redact_person
    from triallog.reports.packet import EvidencePacket

    shown = redact_person(person) if options.redact else person
    renderer = EvidencePacket(shown, case_key, options.sections, today, paper=options.paper)
    pdf = renderer.render()
    return pdf, renderer.pages


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
    pdf, pages = render_packet(person, case_key, options, today)
    packet_id = None
    if keep:
        from triallog.services.packet_archive import keep_packet

        packet_id = keep_packet(db, person_key, case_key, pdf, options, pages, made_at=now)
    return MadePacket(pdf, pages, packet_id)
