"""A person's whole record as plain dataclasses, shared by storage, exchange, services and GUI.

`key` is an opaque identifier unique within one person (a database id as text, or an id
read from an exchange file); references between records (`trial.coverage`) hold keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from triallog.domain.dates import PartialDate
from triallog.domain.enums import (
    AuthorityKind,
    CaseKind,
    CaseStatus,
    Direction,
    DocumentKind,
    Ground,
    Outcome,
    Party,
    PlanType,
    Severity,
    Urgency,
)


@dataclass
class Representative:
    name: str
    relationship: str = ""
    phone: str = ""
    authority: str = ""
    authority_kind: AuthorityKind | None = None
    #: when the authority document was signed (a CMS-1696 appointment lasts one year from signing)
    authority_signed: PartialDate | None = None


@dataclass
class Coverage:
    carrier: str
    key: str = ""
    plan_name: str = ""
    plan_type: PlanType | None = None
    member_id: str = ""
    group_number: str = ""
    rx_bin: str = ""
    rx_pcn: str = ""
    rx_group: str = ""
    state: str = ""
    start: PartialDate | None = None
    end: PartialDate | None = None
    #: the plan's line for exception and prior-authorization requests
    contact_phone: str = ""
    contact_fax: str = ""
    appeals_address: str = ""
    appeals_fax: str = ""

    @property
    def title(self) -> str:
        """`Cigna Open Access Plus`: the carrier, then the plan's name, unless that name already
        begins with the carrier's (plan "Cigna Open Access Plus" is not "Cigna Cigna Open Access Plus")."""
        carrier, plan = " ".join(self.carrier.split()), " ".join(self.plan_name.split())
        named = plan[: len(carrier)].casefold() == carrier.casefold()
        if carrier and named and (len(plan) == len(carrier) or not plan[len(carrier)].isalnum()):
            return plan
        return f"{carrier} {plan}".strip()

    def in_force_on(self, day: date) -> bool:
        if self.start is not None and day < self.start.first_day:
            return False
        return self.end is None or day <= self.end.last_day


@dataclass
class Prescriber:
    name: str
    key: str = ""
    specialty: str = ""
    practice: str = ""
    address: str = ""
    phone: str = ""
    fax: str = ""
    npi: str = ""


@dataclass
class SideEffect:
    description: str
    severity: Severity | None = None
    onset: PartialDate | None = None
    resolved: PartialDate | None = None
    action: str = ""
    notes: str = ""


@dataclass
class Trial:
    drug: str
    start: PartialDate
    outcome: Outcome
    key: str = ""
    brand: str = ""
    strength: str = ""
    dose: str = ""
    route: str = ""
    end: PartialDate | None = None
    indication: str = ""
    indication_code: str = ""
    prescriber: str | None = None
    coverage: str | None = None
    reason_stopped: str = ""
    notes: str = ""
    side_effects: list[SideEffect] = field(default_factory=list)

    @property
    def still_taking(self) -> bool:
        return self.end is None and self.outcome is not Outcome.CONTRAINDICATED

    @property
    def drug_label(self) -> str:
        return f"{self.drug} ({self.brand})" if self.brand else self.drug


@dataclass
class Measurement:
    instrument: str
    taken: PartialDate
    score: float
    items: list[int] = field(default_factory=list)
    notes: str = ""
    key: str = ""
    #: PHQ-9 and GAD-7: how difficult the problems made work, home and people, 0 (not at all) to 3 (extremely)
    difficulty: int | None = None


@dataclass
class MeasureDefinition:
    name: str
    unit: str = ""
    min: float | None = None
    max: float | None = None
    higher_is_better: bool = False
    #: at or better than this value the measure is "at goal" (HbA1c 7.0)
    goal: float | None = None


@dataclass
class CaseEvent:
    when: date | datetime
    status: CaseStatus
    note: str = ""
    #: approved and denied only: the date printed on the plan's letter, and the day it arrived
    notice_date: PartialDate | None = None
    received: PartialDate | None = None


@dataclass
class Claim:
    """One exception ground the case argues, for one required drug (or for the requested drug), with its proof."""

    ground: Ground
    #: the plan's required drug this claim answers ("" for the grounds about the requested drug, or while unknown)
    required_drug: str = ""
    #: keys of the trials that prove it
    trials: list[str] = field(default_factory=list)
    explanation: str = ""

    @property
    def needs_drug_and_proof(self) -> bool:
        """Not ready to print: a claim read from a version 1 file, or entered without its drug or proof.

        A past trial is proven by the trial itself, and so is stability; a contraindication or an
        expected failure may rest on an explanation alone (an allergy, another condition); "not in the
        best interest" rests on the person's explanation."""
        if not self.ground.about_requested_drug and not self.required_drug.strip():
            return True
        if self.ground in (Ground.PRIOR_FAILURE, Ground.STABLE_ON_CURRENT):
            return not self.trials
        if self.ground is Ground.NOT_IN_BEST_INTEREST:
            return not self.explanation.strip()
        return not (self.trials or self.explanation.strip())


@dataclass
class Case:
    requested_drug: str
    key: str = ""
    coverage: str | None = None
    kind: CaseKind | None = None
    requested_strength: str = ""
    requested_dose: str = ""
    quantity: str = ""
    days_supply: int | None = None
    diagnosis: str = ""
    diagnosis_code: str = ""
    prescriber: str | None = None
    required_drugs: list[str] = field(default_factory=list)
    denial_date: PartialDate | None = None
    denial_reference: str = ""
    denial_text: str = ""
    claims: list[Claim] = field(default_factory=list)
    urgency: Urgency | None = None
    status: CaseStatus | None = None
    events: list[CaseEvent] = field(default_factory=list)
    notes: str = ""

    @property
    def grounds(self) -> list[Ground]:
        """The grounds this case argues, each once, in the order its claims were made."""
        return list(dict.fromkeys(claim.ground for claim in self.claims))


@dataclass
class Call:
    when: datetime
    key: str = ""
    case: str | None = None
    direction: Direction | None = None
    party: Party | None = None
    organization: str = ""
    phone: str = ""
    representative: str = ""
    reference_number: str = ""
    duration_minutes: int | None = None
    summary: str = ""
    requested_documents: list[str] = field(default_factory=list)
    follow_up: PartialDate | None = None
    #: ticked off in the window; kept in the database only (the exchange format has no such key)
    follow_up_done: bool = False
    #: which requested documents are answered: index in `requested_documents` → the document's key.
    #: Kept in the database only (the exchange format has no such key).
    answered_by: dict[int, str] = field(default_factory=dict)


@dataclass
class Document:
    title: str
    key: str = ""
    kind: DocumentKind | None = None
    date: PartialDate | None = None
    trial: str | None = None
    case: str | None = None
    file: str | None = None
    sha256: str = ""


@dataclass
class Person:
    name: str
    key: str = ""
    date_of_birth: PartialDate | None = None
    address: str = ""
    phone: str = ""
    representative: Representative | None = None
    notes: str = ""
    #: IANA zone where the person lives ("America/Phoenix"); "" = the computer's zone
    time_zone: str = ""
    coverages: list[Coverage] = field(default_factory=list)
    prescribers: list[Prescriber] = field(default_factory=list)
    trials: list[Trial] = field(default_factory=list)
    measurements: list[Measurement] = field(default_factory=list)
    measure_definitions: list[MeasureDefinition] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)


def event_day(event: CaseEvent) -> date:
    """The day of a status event as it was written: its date, or a time's date in the offset it was given."""
    return event.when.date() if isinstance(event.when, datetime) else event.when


def events_in_order(events: list[CaseEvent]) -> list[CaseEvent]:
    """Oldest day first; events of one day keep the order they were given (a stable sort by day).

    The one ordering of a case's history: import, storage and the clocks all use it, so a date-only
    event recorded after a timed one on the same day stays after it."""
    return sorted(events, key=event_day)


def first_denial(events: list[CaseEvent]) -> int | None:
    """The place of the case's first denial in `events_in_order(events)`, or None."""
    return next((i for i, e in enumerate(events_in_order(events)) if e.status is CaseStatus.DENIED), None)
