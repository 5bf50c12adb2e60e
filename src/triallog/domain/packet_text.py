"""Every sentence of the evidence packet and its fax cover, composed from the record: no Qt, no reportlab.

As pretix composes an invoice before drawing it, `compose_packet` writes the packet's words as
plain paragraphs and labelled values; `reports/packet.py` only lays them out. The paper fits the
case's stage: a first exception request, an internal appeal (a Part D redetermination, a Medicare
Advantage reconsideration, a Medicaid plan appeal, a commercial internal appeal) or a second-level
request (the independent review entity, an external review, a State fair hearing). An appeal names
the decision it answers, quotes the plan's stated reason, and answers it drug by drug. Nothing here
says a document is enclosed unless it is, and no word meant for the person reaches the plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from triallog.domain import records as r
from triallog.domain.clocks import PLAN, Clock, case_clocks, case_level, request_rule
from triallog.domain.dates import PartialDate, span_length
from triallog.domain.deadlines import DeadlineRule, Level, Rung, add_months, load_rules
from triallog.domain.enums import AuthorityKind, CaseKind, CaseStatus, DocumentKind, Ground, Outcome, PlanType
from triallog.domain.grounds import (
    ClaimProof,
    Link,
    claim_proof,
    continuing_since,
    requested,
    required_drugs,
    tie,
    trial_named,
)
from triallog.domain.requests import requests_of
from triallog.domain.zones import format_when, zone_of

MEDICARE = (PlanType.MEDICARE_PART_D, PlanType.MEDICARE_ADVANTAGE)
CMS_1696 = "CMS-1696 (Appointment of Representative)"
#: a CMS-1696 appointment is valid for one year from signing: as Medicare contractors and plans state it
#: (Noridian JA DME "Appointment of Representative"; ConnectiCare); the regulation itself was not read
APPOINTMENT_MONTHS = 12

REQUEST_TITLES = {
    CaseKind.STEP_THERAPY: "Request for a step therapy exception",
    CaseKind.PRIOR_AUTHORIZATION: "Request for prior authorization",
    CaseKind.NON_FORMULARY: "Request for a formulary exception",
    CaseKind.QUANTITY_LIMIT: "Request for a quantity limit exception",
    CaseKind.OTHER: "Request for a coverage exception",
}
#: the paper's title after a denial, by plan type and level
APPEAL_TITLES = {
    (PlanType.MEDICARE_PART_D, Level.INTERNAL_APPEAL): "Request for redetermination",
    (PlanType.MEDICARE_ADVANTAGE, Level.INTERNAL_APPEAL): "Request for reconsideration",
    (PlanType.MEDICAID, Level.INTERNAL_APPEAL): "Appeal to the plan",
    (PlanType.MEDICARE_PART_D, Level.SECOND_LEVEL): "Request for reconsideration by the independent review entity",
    (PlanType.MEDICARE_ADVANTAGE, Level.SECOND_LEVEL): "Statement for the independent review entity",
    (PlanType.MEDICAID, Level.SECOND_LEVEL): "Request for a State fair hearing",
    (PlanType.MEDICARE_PART_D, Level.BEYOND): "Request for a hearing before an administrative law judge",
    (PlanType.MEDICARE_ADVANTAGE, Level.BEYOND): "Request for a hearing before an administrative law judge",
}
GENERIC_TITLES = {
    Level.INTERNAL_APPEAL: "Request for an internal appeal",
    Level.SECOND_LEVEL: "Request for an external review",
    Level.BEYOND: "Request for further review",
}
IN_PACKET = "the prescriber statement in this packet"
KIND_WORDS = {
    CaseKind.PRIOR_AUTHORIZATION: "prior authorization requirement",
    CaseKind.NON_FORMULARY: "formulary",
    CaseKind.QUANTITY_LIMIT: "quantity limit",
}
ATTESTATION = (
    "I attest that applying the standard timeframe for this decision could seriously jeopardize the "
    "patient's life, health or ability to regain maximum function."
)


@dataclass(frozen=True)
class Field:
    """One labelled value; `whole` marks an identifier never to be broken across lines."""

    label: str
    value: str
    whole: bool = False


@dataclass(frozen=True)
class ProofLine:
    """One trial as a row of a drug's block: what it was, when, at what dose, how it ended."""

    drug: str
    dates: str
    dose: str
    outcome: str
    effects: str
    plan: str


@dataclass(frozen=True)
class DrugBlock:
    """One required drug: its claim's heading, how each proof drug stands to it (a class or a moiety link,
    spelled out), the claim's own explanation and the proof rows; or "no claim is made", said honestly."""

    drug: str
    heading: str
    text: str
    lines: tuple[ProofLine, ...] = ()
    claimed: bool = True


@dataclass(frozen=True)
class CheckItem:
    """A document the reviewer looks for: `enclosed` (with the document) or `missing`, and a flag to fix."""

    what: str
    enclosed: bool
    detail: str = ""
    #: something to fix before sending ("signed over a year ago"), "" when nothing
    flag: str = ""
    #: the document on file that answers it, appended to the packet when `enclosed`
    document: str | None = None


@dataclass(frozen=True)
class Stage:
    level: Level
    title: str
    #: what the paper asks for, in a sentence: "an internal appeal", "a State fair hearing"
    asks: str
    #: the denial this paper answers (None for a first request)
    answers: r.CaseEvent | None
    rung: Rung | None
    #: where it goes: `plan` (the request line), `appeals` (the appeals address), `elsewhere`
    send_to: str


@dataclass(frozen=True)
class Letter:
    date: str
    to: tuple[str, ...]
    subject: tuple[str, ...]
    #: first, when the plan decided late and the law gives that a consequence
    late: str
    opening: str
    decision: str
    quoted_reason: str
    reply: str
    blocks: tuple[DrugBlock, ...]
    requested: tuple[tuple[str, str], ...]
    urgent: str
    answer_by: str
    enclosed: str
    closing: str
    signature: tuple[str, ...]
    signature_small: tuple[str, ...]


@dataclass(frozen=True)
class Statement:
    fields: tuple[Field, ...]
    contraindications: tuple[str, ...]
    stability: tuple[str, ...]
    attestation: str
    signature: tuple[Field, ...]


@dataclass(frozen=True)
class FaxCover:
    fields: tuple[Field, ...]
    note: str


@dataclass(frozen=True)
class PacketText:
    title: str
    stage: Stage
    prepared: date
    person: tuple[Field, ...]
    plan: tuple[Field, ...]
    contact: tuple[Field, ...]
    request: tuple[Field, ...]
    prescriber: tuple[Field, ...]
    representative: tuple[Field, ...]
    representative_none: str
    grounds: tuple[tuple[str, str], ...]
    blocks: tuple[DrugBlock, ...]
    letter: Letter
    statement: Statement
    fax: FaxCover
    checklist: tuple[CheckItem, ...]
    #: what the person should see before sending (never printed)
    warnings: tuple[str, ...] = ()
    #: the claims argued, with their proof, for the check before sending
    claims: tuple[ClaimProof, ...] = field(default=())


# -- composing -----------------------------------------------------------------------------


#: what the letter says each printed part holds, in the packet's order
ENCLOSED_PARTS = {
    "timeline": "a timeline of the medication trials",
    "history": "the medication history",
    "measures": "the measures",
    "case": "the case history",
    "calls": "the call log",
    "documents": "a documents checklist",
    "statement": "the prescriber's statement",
}


def compose_packet(
    person: r.Person,
    case: r.Case,
    today: date,
    sections: tuple[str, ...] = tuple(ENCLOSED_PARTS),
    attached: frozenset[str] = frozenset(),
    redacted: bool = False,
) -> PacketText:
    """Every word of the packet for `case`, prepared on `today` (every age, duration and clock is as of it),
    for a packet holding `sections` and, after them, the files of the documents whose keys are in
    `attached`: the letter says "enclosed" only of those."""
    with_statement = "statement" in sections
    zone = zone_of(person.time_zone)
    coverage = next((c for c in person.coverages if c.key == case.coverage), None)
    prescriber = next((p for p in person.prescribers if p.key == case.prescriber), None)
    stage = letter_stage(case, coverage)
    clocks = case_clocks(case, coverage, zone, today)
    proofs = [claim_proof(c, case, person.trials, person.coverages, today) for c in case.claims]
    printed = tuple(p for p in proofs if p.printable)
    blocks = tuple(drug_blocks(person, case, printed, today))
    if any(p.claim.ground is Ground.NOT_IN_BEST_INTEREST for p in printed):
        blocks = tuple(
            b
            if b.claimed
            else DrugBlock(b.drug, b.heading, f"{b.text} The best-interest ground below is about it too.")
            for b in blocks
        )
    requested = tuple((p.heading, p.sentences) for p in printed if p.claim.ground.about_requested_drug)
    checklist = tuple(documents_checklist(person, case, coverage, today, with_statement, stage, attached, redacted))
    parts = [ENCLOSED_PARTS[name] for name in ENCLOSED_PARTS if name in sections]
    letter = compose_letter(
        person, case, coverage, prescriber, stage, clocks, blocks, requested, checklist, parts, today, zone
    )
    warnings = tuple(_warnings(case, stage, proofs, clocks, checklist, today))
    return PacketText(
        title=stage.title,
        stage=stage,
        prepared=today,
        person=tuple(_person_fields(person, today)),
        plan=tuple(_plan_fields(coverage)),
        contact=tuple(contact_fields(coverage, stage.send_to)),
        request=tuple(_request_fields(person, case, stage, today)),
        prescriber=tuple(_prescriber_fields(prescriber)),
        representative=tuple(_representative_fields(person, coverage, checklist)),
        representative_none="None: the patient acts on their own behalf.",
        grounds=tuple((p.heading, ground_brief(p, person, today)) for p in printed),
        blocks=blocks,
        letter=letter,
        statement=compose_statement(person, case, coverage, prescriber, printed, today),
        fax=compose_fax_cover(person, case, coverage, stage, today),
        checklist=checklist,
        warnings=warnings,
        claims=printed,
    )


def letter_stage(case: r.Case, coverage: r.Coverage | None) -> Stage:
    """Which paper the case needs now, from its history and the plan type's ladder."""
    level, answers = case_level(case)
    plan_type = coverage.plan_type if coverage is not None else None
    rung = load_rules().rung(plan_type, level)
    if level is Level.REQUEST:
        title = REQUEST_TITLES.get(case.kind or CaseKind.STEP_THERAPY, REQUEST_TITLES[CaseKind.STEP_THERAPY])
    else:
        title = APPEAL_TITLES.get((plan_type, level), GENERIC_TITLES[level]) if plan_type else GENERIC_TITLES[level]
    send_to = rung.send_to if rung is not None else ("plan" if level is Level.REQUEST else "appeals")
    # the ladder's own words where they name a filing; else the paper's title ("further review")
    named = rung is not None and not rung.automatic and not rung.name.startswith("what follows")
    asks = rung.name if named and rung is not None else _noun(title)
    return Stage(level, title, asks, answers, rung, send_to)


def _noun(title: str) -> str:
    """`Request for an internal appeal` → `an internal appeal`; `Appeal to the plan` → `an appeal to the plan`."""
    words = title.removeprefix("Request for ").removeprefix("Statement for ")
    if words == title:
        words = words[:1].lower() + words[1:]
        return ("an " if words[:1] in "aeiou" else "a ") + words
    return words


# -- the boxes of the cover ----------------------------------------------------------------


def age_on(born: PartialDate | None, day: date) -> str:
    """`37`, or `about 37` when only the year or month of birth is known; "" when unknown."""
    if born is None:
        return ""
    first, last = born.first_day, born.last_day
    oldest = day.year - first.year - ((day.month, day.day) < (first.month, first.day))
    youngest = day.year - last.year - ((day.month, day.day) < (last.month, last.day))
    return str(youngest) if oldest == youngest else f"{youngest} or {oldest}"


def _person_fields(person: r.Person, today: date) -> list[Field]:
    dob = person.date_of_birth
    age = age_on(dob, today)
    return [
        Field("Name", person.name),
        Field("Date of birth", (dob.human() + (f" (age {age})" if age else "")) if dob else ""),
        Field("Address", person.address),
        Field("Phone", person.phone, whole=True),
    ]


def plan_title(coverage: r.Coverage | None) -> str:
    return coverage.title if coverage is not None else ""


def _plan_fields(coverage: r.Coverage | None) -> list[Field]:
    c = coverage or r.Coverage(carrier="")
    return [
        Field("Carrier and plan", c.title),
        Field("Plan type", c.plan_type.label if c.plan_type else ""),
        Field("Member ID", c.member_id, whole=True),
        Field("Group number", c.group_number, whole=True),
        Field("Rx BIN / PCN", " / ".join(v for v in (c.rx_bin, c.rx_pcn) if v), whole=True),
        Field("Rx group", c.rx_group, whole=True),
    ]


def contact_fields(coverage: r.Coverage | None, send_to: str) -> list[Field]:
    """The plan's line for requests, or its appeals address, from the plan's contact block; a paper for an
    independent reviewer or a hearing office goes where the plan's decision letter says (nothing on file)."""
    c = coverage or r.Coverage(carrier="")
    if send_to == "elsewhere":
        return [Field("Send to", "the address given in the plan's decision letter")]
    if send_to == "appeals":
        return [
            Field("Appeals address", c.appeals_address),
            Field("Appeals fax", c.appeals_fax, whole=True),
            Field("Plan phone", c.contact_phone, whole=True),
        ]
    return [
        Field("Requests phone", c.contact_phone, whole=True),
        Field("Requests fax", c.contact_fax, whole=True),
    ]


def _request_fields(person: r.Person, case: r.Case, stage: Stage, today: date) -> list[Field]:
    since = continuing_since(case, person.trials, today)
    therapy = f"Continuation: taking it since {since.human()}" if since else "New therapy"
    fields = [
        Field("Requested drug", case.requested_drug),
        Field("Strength", case.requested_strength),
        Field("Dose", case.requested_dose),
        Field("Quantity", case.quantity),
        Field("Days' supply", str(case.days_supply) if case.days_supply else ""),
        Field("New or continuing", therapy),
        Field("Diagnosis", case.diagnosis),
        Field("ICD-10-CM code", case.diagnosis_code, whole=True),
        Field("Plan requires first", ", ".join(case.required_drugs)),
        Field("Denial date", case.denial_date.human() if case.denial_date else ""),
        Field("Denial reference", case.denial_reference, whole=True),
        Field("Urgency", case.urgency.label if case.urgency else ""),
    ]
    if stage.answers is not None and _is_later_denial(case, stage.answers):
        fields.insert(10, Field("Decision answered", _decision_words(stage.answers, zone_of(person.time_zone))))
    return fields


def _first_denial(case: r.Case) -> r.CaseEvent | None:
    return next((e for e in r.events_in_order(case.events) if e.status is CaseStatus.DENIED), None)


def _decision_words(event: r.CaseEvent, zone: tzinfo) -> str:
    return f"letter dated {_letter_day(event, zone)}"


def _prescriber_fields(prescriber: r.Prescriber | None) -> list[Field]:
    p = prescriber or r.Prescriber(name="")
    return [
        Field("Name", p.name),
        Field("Specialty", p.specialty),
        Field("Practice", p.practice),
        Field("Address", p.address),
        Field("NPI", p.npi, whole=True),
        Field("Phone", p.phone, whole=True),
        Field("Fax", p.fax, whole=True),
    ]


def _representative_fields(
    person: r.Person, coverage: r.Coverage | None, checklist: tuple[CheckItem, ...] = ()
) -> list[Field]:
    rep = person.representative
    if rep is None:
        return []
    medicare = coverage is not None and coverage.plan_type in MEDICARE
    cms = rep.authority_kind is AuthorityKind.CMS_1696 or (medicare and rep.authority_kind is None)
    kind = CMS_1696 if cms else (rep.authority_kind.label if rep.authority_kind else "")
    signed = f"signed {rep.authority_signed.human()}" if rep.authority_signed else ""
    authority = ", ".join(x for x in (kind, signed) if x)
    authority = "; ".join(x for x in (authority, rep.authority.strip()) if x)
    paper = next((c for c in checklist if c.what.startswith("authority of the representative")), None)
    if medicare:
        # the reviewer looks for the appointment: say plainly whether it is in the packet
        if paper is not None and paper.enclosed and paper.flag:
            state = "enclosed, but " + paper.flag.split(":")[0]
        else:
            state = "enclosed" if paper is not None and paper.enclosed else "not enclosed"
        authority = f"{authority}: {state}" if cms else "; ".join(x for x in (authority, f"{CMS_1696}: {state}") if x)
    return [
        Field("Name", rep.name),
        Field("Relationship", rep.relationship),
        Field("Phone", rep.phone, whole=True),
        Field("Authority", authority),
    ]


# -- one block per required drug -------------------------------------------------------------


def drug_blocks(person: r.Person, case: r.Case, printed: tuple[ClaimProof, ...], today: date) -> list[DrugBlock]:
    """One block per required drug named in the case: each claim made for it with its proof rows, or
    "no claim is made" when none is (a drug is never claimed for in silence or by another's proof)."""
    blocks = []
    for drug in required_drugs(case):
        mine = [
            p
            for p in printed
            if not p.claim.ground.about_requested_drug
            and p.claim.required_drug.strip().casefold() == drug.label.casefold()
        ]
        if not mine:
            tried = [t for t in person.trials if tie(drug, trial_named(t)).link is Link.SAME]
            why = "it has not been tried" if not tried else "the record on file does not show a ground for it"
            blocks.append(
                DrugBlock(drug.label, f"{_capital(drug.label)}: no claim is made", f"{_capital(why)}.", (), False)
            )
            continue
        for proof in mine:
            lines = tuple(_proof_line(t, t.drug_label, person, today) for t in proof.trials)
            said = " ".join(x for x in (_links(proof, drug.label), _sentence(proof.claim.explanation)) if x)
            blocks.append(DrugBlock(drug.label, proof.heading, said, lines, True))
    return blocks


def _links(proof: ClaimProof, drug: str) -> str:
    """How each proof drug that is not the required drug itself stands to it, once each."""
    said: list[str] = []
    for trial, x in zip(proof.trials, proof.ties, strict=True):
        if x.link is Link.CLASS and x.drug_class is not None:
            line = f"{_capital(trial.drug_label)} is {x.drug_class.one} like {drug} ({x.drug_class.atc_label})."
        elif x.link is Link.RELATED and x.relation is not None:
            line = f"{_capital(x.relation.drug.name)} is {x.relation.words}."
        else:
            continue
        if line not in said:
            said.append(line)
    return " ".join(said)


def ground_brief(proof: ClaimProof, person: r.Person, today: date) -> str:
    """A claim on the cover in one line: its proof trials, or its explanation."""
    if not proof.trials:
        return _sentence(proof.claim.explanation)
    lines = [_proof_line(t, t.drug_label, person, today) for t in proof.trials]
    return "; ".join(f"{x.drug}, {x.dates}, {x.outcome.split(':')[0].lower()}" for x in lines) + "."


def _sentence(words: str) -> str:
    words = words.strip()
    return words if not words or words[-1] in ".!?" else words + "."


def _proof_line(trial: r.Trial, label: str, person: r.Person, today: date) -> ProofLine:
    if trial.outcome is Outcome.CONTRAINDICATED:
        dates = f"{trial.start.human()} (not started)"
    else:
        end = trial.end.human() if trial.end is not None else "still taking"
        length = span_length(trial.start, trial.end, today)
        dates = f"{trial.start.human()} – {end}" + (f" ({length})" if length else "")
    dose = ", ".join(x for x in (trial.strength.strip(), trial.dose.strip()) if x)
    plan = next((c.title for c in person.coverages if c.key == trial.coverage), "")
    outcome = trial.outcome.label + (f": {trial.reason_stopped.strip()}" if trial.reason_stopped.strip() else "")
    return ProofLine(label, dates, dose, outcome, side_effect_words(trial), plan)


def side_effect_words(trial: r.Trial) -> str:
    """Each side effect with its severity and what was done: `rash (severe; went to the emergency room)`."""
    parts = []
    for effect in trial.side_effects:
        notes = [effect.severity.label.lower()] if effect.severity else []
        if effect.action.strip():
            notes.append(effect.action.strip().rstrip("."))
        parts.append(effect.description + (f" ({'; '.join(notes)})" if notes else ""))
    return ", ".join(parts)


# -- the letter ---------------------------------------------------------------------------------


def compose_letter(
    person: r.Person,
    case: r.Case,
    coverage: r.Coverage | None,
    prescriber: r.Prescriber | None,
    stage: Stage,
    clocks: list[Clock],
    blocks: tuple[DrugBlock, ...],
    requested: tuple[tuple[str, str], ...],
    checklist: tuple[CheckItem, ...],
    parts: list[str],
    today: date,
    zone: tzinfo,
) -> Letter:
    rep = person.representative
    carrier = coverage.carrier.strip() if coverage is not None and coverage.carrier.strip() else "the plan"
    to = [_addressee(stage, coverage)]
    if coverage is not None and coverage.plan_name and stage.send_to != "elsewhere":
        to.append(coverage.plan_name)
    if stage.send_to != "elsewhere":
        to += [f"{f.label}: {f.value}" for f in contact_fields(coverage, stage.send_to) if f.value]
    member = f"Member ID {coverage.member_id}" if coverage is not None and coverage.member_id else ""
    dob = f"Date of birth {person.date_of_birth.human()}" if person.date_of_birth else ""
    subject = [
        f"Re: {stage.title} for {case.requested_drug}",
        " · ".join(x for x in (f"Patient: {person.name}", dob, member) if x),
    ]
    if case.denial_reference:
        subject.append(
            f"Denial reference {case.denial_reference}"
            + (f" of {case.denial_date.human()}" if case.denial_date else "")
        )
    writer = f"I am writing as the authorized representative of {person.name}" if rep else "I am writing"
    drug = case.requested_drug + (f" {case.requested_strength}" if case.requested_strength else "")
    what = [drug, case.requested_dose.strip()]
    if prescriber is not None:
        what.append(f"prescribed by {prescriber.name}")
    if case.diagnosis:
        what.append(f"for {case.diagnosis}" + (f" ({case.diagnosis_code})" if case.diagnosis_code else ""))
    details = ", ".join(x for x in what if x)
    kind = KIND_WORDS.get(case.kind or CaseKind.STEP_THERAPY, "step therapy requirement")
    if stage.level is Level.REQUEST and case.kind is CaseKind.PRIOR_AUTHORIZATION:
        opening = f"{writer} to ask {carrier} to approve {details} under its prior authorization requirement."
    elif stage.level is Level.REQUEST:
        opening = f"{writer} to ask {carrier} for an exception to its {kind} for {details}."
    elif stage.rung is not None and stage.rung.automatic:
        opening = (
            f"{writer} about the plan's decision denying {details}. {_capital(stage.rung.name)}: I ask that "
            "its decision be reviewed and reversed."
        )
    elif stage.level is Level.INTERNAL_APPEAL:
        opening = f"{writer} to ask for {stage.asks}: I ask {carrier} to reverse its decision denying {details}."
    else:
        opening = (
            f"{writer} to ask for {stage.asks}: I ask that the decision denying {details} be reviewed and reversed."
        )
    decision, quoted = _decision_paragraph(case, stage, zone)
    reply = ""
    if not any(b.claimed for b in blocks) and not requested:
        blocks = ()  # nothing is claimed: the letter argues no ground, and lists no drug as unanswered
    if blocks or requested:
        if stage.level is not Level.REQUEST:
            reply = "The decision should be reversed. For each drug the plan requires:"
        elif case.kind is CaseKind.PRIOR_AUTHORIZATION:
            reply = "The request should be approved because:"
        else:
            reply = "The exception should be granted because:"
    urgent = ""
    if case.urgency is not None and case.urgency.value == "expedited":
        urgent = (
            "This request is urgent: waiting for a standard decision could seriously jeopardize the patient's life, "
            "health or ability to regain maximum function. Please decide it on the expedited timeline."
        )
        if "the prescriber's statement" in parts:
            urgent += " The prescriber's attestation is in the enclosed statement."
    # only what is in the packet: its parts, and the documents on file the checklist found
    enclosed = parts + [
        _as_enclosed(c) for c in checklist if c.enclosed and not c.flag and not c.detail.startswith(IN_PACKET)
    ]
    enclosed_text = (f"Enclosed: {_and_list(enclosed)}. " if enclosed else "") + (
        "Please call me with any question, and send the decision in writing."
    )
    signature, small = _signature(person, coverage, checklist)
    return Letter(
        date=f"{today:%B} {today.day}, {today.year}",
        to=tuple(to),
        subject=tuple(subject),
        late=_late_paragraph(clocks, zone),
        opening=opening,
        decision=decision,
        quoted_reason=quoted,
        reply=reply,
        blocks=blocks,
        requested=requested,
        urgent=urgent,
        answer_by=_answer_sentence(case, coverage, clocks, stage, today, zone),
        enclosed=enclosed_text,
        closing="Sincerely,",
        signature=signature,
        signature_small=small,
    )


def _as_enclosed(item: CheckItem) -> str:
    """A checklist item as the letter's list of enclosures names it."""
    if item.what.startswith("authority of the representative: "):
        return "the representative's " + item.what.removeprefix("authority of the representative: ")
    return item.what


def _rung_words(stage: Stage) -> str:
    return stage.rung.name if stage.rung is not None else stage.title.lower()


def _addressee(stage: Stage, coverage: r.Coverage | None) -> str:
    carrier = coverage.carrier.strip() if coverage is not None and coverage.carrier.strip() else "the plan"
    if stage.send_to == "elsewhere":
        named = {
            Level.SECOND_LEVEL: "the independent reviewer named in the plan's decision letter",
            Level.BEYOND: "the office named in the last decision letter",
        }
        if coverage is not None and coverage.plan_type is PlanType.MEDICAID and stage.level is Level.SECOND_LEVEL:
            return "To: the State Medicaid agency's fair hearing office named in the plan's decision letter"
        return f"To: {named.get(stage.level, carrier)}"
    department = " (appeals)" if stage.send_to == "appeals" else ""
    return f"To: {carrier}{department}"


def _decision_paragraph(case: r.Case, stage: Stage, zone: tzinfo) -> tuple[str, str]:
    """The decision the paper answers, and the plan's stated reason in its own words (the case's denial
    text, for the first denial; TrialLog records no words of a later one, so none are quoted)."""
    required = _and_list([n.label for n in required_drugs(case)])
    reference = f" (reference {case.denial_reference})" if case.denial_reference else ""
    if stage.answers is None:
        return (f"The plan requires {required} to be tried first." if required else ""), ""
    because = f" because it requires {required} to be tried first" if required else ""
    event = stage.answers
    day = _letter_day(event, zone)
    if stage.level is Level.BEYOND:
        return f"In the decision dated {day} the denial of coverage was upheld.", ""
    if _is_later_denial(case, event):
        return f"In its letter dated {day} the plan upheld its denial of coverage{because}.", ""
    text = f"In its letter dated {day} the plan denied coverage{reference}{because}."
    reason = case.denial_text.strip()
    return text, (f"The plan's stated reason: “{reason}”" if reason else "")


def _letter_day(event: r.CaseEvent, zone: tzinfo) -> str:
    """The day printed on a decision's letter, else the day it was logged (never a time of day)."""
    if event.notice_date is not None:
        return event.notice_date.human()
    when = event.when
    return format_when(when.astimezone(zone).date() if isinstance(when, datetime) else when, zone)


def _is_later_denial(case: r.Case, event: r.CaseEvent) -> bool:
    """A denial after the first (an appeal's), which the case's denial date and text do not describe."""
    first = _first_denial(case)
    return first is not None and event != first


def _late_paragraph(clocks: list[Clock], zone: tzinfo) -> str:
    """When the plan decided late, or has not decided and its time has passed, and the law, read and cited,
    gives that a consequence."""
    for clock in clocks:
        rule = clock.rule
        missed = clock.late or (clock.open and clock.overdue)
        if clock.party != PLAN or not missed or rule is None or not clock.verified:
            continue
        consequence = rule.if_late
        if consequence is None or not consequence.verified:
            continue
        due = format_when(clock.due, zone) if clock.due is not None else ""
        came = (
            f" and came on {format_when(clock.answered, zone)}" if clock.answered is not None else " and has not come"
        )
        return (
            f"The plan's decision was due by {due} under {rule.source}{came}. "
            f"{consequence.text} ({consequence.source})."
        )
    return ""


def _within(rule: DeadlineRule) -> str:
    unit = {"hours": "hours", "days": "calendar days", "business_days": "business days", "months": "months"}
    return f"Under {rule.source}, the plan must decide within {rule.amount} {unit[rule.unit.value]} of receiving it."


def _answer_sentence(
    case: r.Case, coverage: r.Coverage | None, clocks: list[Clock], stage: Stage, today: date, zone: tzinfo
) -> str:
    """When the decision is due, citing the law only where its current text was read; a request not yet
    sent has no due time (the plan's clock starts when it receives the request)."""
    ask = (
        "Please tell me in writing by when the plan will decide this request."
        if stage.send_to != "elsewhere"
        else "Please tell me in writing by when a decision will be made."
    )
    item = next((c for c in clocks if c.open and c.due is not None and c.party == PLAN), None)
    if item is None:
        rule = request_rule(case, coverage, today) if stage.level is Level.REQUEST else None
        if rule is None or not rule.verified:
            return ask
        return _within(rule)
    if not item.verified or item.rule is None:
        if item.overdue:
            sent = format_when(item.event.when, zone)
            return f"I sent this request on {sent} and have not yet received a decision. {ask}"
        return ask
    when = format_when(item.due, zone) if item.due is not None else ""
    rule_text = _within(item.rule)
    if item.overdue:
        return f"{rule_text} The decision was due by {when}, and I have not received it."
    return f"{rule_text} I therefore expect the plan's decision by {when}."


def _signature(
    person: r.Person, coverage: r.Coverage | None, checklist: tuple[CheckItem, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    rep = person.representative
    if rep is None:
        return (person.name,), ((f"Phone: {person.phone}",) if person.phone else ())
    small = []
    if rep.relationship:
        small.append(f"Relationship: {rep.relationship}")
    if rep.phone:
        small.append(f"Phone: {rep.phone}")
    authority = next((c for c in checklist if c.what.startswith("authority of the representative")), None)
    if authority is not None and authority.enclosed and not authority.flag:
        small.append(f"{_capital(_as_enclosed(authority))} is enclosed.")
    elif rep.authority_kind is not None or rep.authority:
        kind = rep.authority_kind.label if rep.authority_kind else rep.authority
        small.append(f"Authority: {kind}")
    return (f"{rep.name}, authorized representative of {person.name}",), tuple(small)


# -- the prescriber statement -------------------------------------------------------------------


def compose_statement(
    person: r.Person,
    case: r.Case,
    coverage: r.Coverage | None,
    prescriber: r.Prescriber | None,
    printed: tuple[ClaimProof, ...],
    today: date,
) -> Statement:
    p = prescriber or r.Prescriber(name="")
    dob = person.date_of_birth
    age = age_on(dob, today)
    fields = (
        Field("Patient", person.name),
        Field("Date of birth", (dob.human() + (f" (age {age})" if age else "")) if dob else ""),
        Field("Member ID", coverage.member_id if coverage else "", whole=True),
        Field("Requested drug", ", ".join(x for x in (case.requested_drug, case.requested_strength, case.requested_dose)
                                          if x.strip())),
        Field("Diagnosis (ICD-10-CM)", _joined(case.diagnosis, _bracketed(case.diagnosis_code))),
        Field("Denial reference", case.denial_reference, whole=True),
    )  # fmt: skip
    drugs = [requested(case), *required_drugs(case)]
    contraindicated = [
        t
        for t in person.trials
        if t.outcome is Outcome.CONTRAINDICATED and any(tie(d, trial_named(t)).link is not Link.NONE for d in drugs)
    ]
    contraindications = tuple(
        f"{t.drug_label}: {t.reason_stopped or t.notes or 'reason not recorded'}" for t in contraindicated
    )
    stable = [x.sentences for x in printed if x.claim.ground is Ground.STABLE_ON_CURRENT and x.sentences]
    since = continuing_since(case, person.trials, today)
    if stable:
        stability = tuple(stable)
    elif since:
        stability = (f"Taking {case.requested_drug} since {since.human()}.",)
    else:
        stability = (f"{case.requested_drug} is a new therapy for this patient.",)
    urgent = case.urgency is not None and case.urgency.value == "expedited"
    signature = (
        Field("Prescriber signature", ""),
        Field("Printed name", p.name),
        Field("NPI", p.npi, whole=True),
        Field("Phone / fax", " / ".join(x for x in (p.phone, p.fax) if x), whole=True),
        Field("Date", ""),
    )
    return Statement(fields, contraindications, stability, ATTESTATION if urgent else "", signature)


# -- the fax cover ------------------------------------------------------------------------------


def compose_fax_cover(
    person: r.Person, case: r.Case, coverage: r.Coverage | None, stage: Stage, today: date
) -> FaxCover:
    c = coverage or r.Coverage(carrier="")
    fax = c.appeals_fax if stage.send_to == "appeals" else c.contact_fax
    carrier = c.carrier.strip() or "the plan"
    if stage.send_to == "elsewhere":
        addressee = _addressee(stage, coverage).removeprefix("To: ")
    else:
        addressee = carrier + (" (appeals)" if stage.send_to == "appeals" else "")
    rep = person.representative
    sender = f"{rep.name}, for {person.name}" if rep else person.name
    phone = (rep.phone if rep else "") or person.phone
    fields = (
        Field("To", addressee),
        Field("Fax number", fax if stage.send_to != "elsewhere" else "", whole=True),
        Field("From", sender),
        Field("Phone", phone, whole=True),
        Field("Date", f"{today:%B} {today.day}, {today.year}"),
        Field("Pages", "{pages}"),
        Field("Re", f"{stage.title} for {case.requested_drug}"),
        Field("Member ID", c.member_id, whole=True),
        Field("Reference", case.denial_reference, whole=True),
    )
    note = (
        "This fax holds health information about the patient named above. If it reached you by mistake, "
        "please call the sender and destroy it."
    )
    return FaxCover(fields, note)


# -- the documents checklist --------------------------------------------------------------------


def documents_checklist(
    person: r.Person,
    case: r.Case,
    coverage: r.Coverage | None,
    today: date,
    with_statement: bool = True,
    stage: Stage | None = None,
    attached: frozenset[str] = frozenset(),
    redacted: bool = False,
) -> list[CheckItem]:
    """What the reviewer looks for, each enclosed (its document's file is appended to the packet) or not:
    the decision answered, every document the plan asked for on a call, and the representative's authority."""
    zone = zone_of(person.time_zone)
    withheld = "it is not put in a redacted copy: send it separately if needed" if redacted else ""
    items: list[CheckItem] = []
    documents = [d for d in person.documents if d.case in (None, case.key)]
    answers = stage.answers if stage is not None else None
    if answers is not None or case.denial_date is not None:
        letters = [d for d in documents if d.kind is DocumentKind.DENIAL_LETTER]
        letter = _letter_for(letters, case, answers)
        items.append(_item("the plan's denial letter", letter, attached, withheld=withheld))
    for request in requests_of(person, case.key):
        asked = f"asked for on the call of {format_when(request.call_when, zone)}"
        if request.organization:
            asked += f" with {request.organization}"
        if request.document is None and with_statement and _is_statement_request(request.description):
            items.append(CheckItem(request.description, True, f"{IN_PACKET}, to be signed; {asked}"))
            continue
        items.append(_item(request.description, request.document, attached, asked, withheld))
    rep = person.representative
    if rep is not None:
        items.append(_authority_item(rep, coverage, person.documents, today, attached, withheld))
    return items


def _is_statement_request(description: str) -> bool:
    """A request the packet's own prescriber statement answers ("prescriber statement", "letter of medical
    necessity")."""
    words = description.casefold()
    return "medical necessity" in words or ("statement" in words and ("prescriber" in words or "doctor" in words))


def _document_words(document: r.Document) -> str:
    return f"‘{document.title}’" + (f", {document.date.human()}" if document.date else "")


def _item(
    what: str, document: r.Document | None, attached: frozenset[str], asked: str = "", withheld: str = ""
) -> CheckItem:
    """Enclosed when the document's file goes with the packet; otherwise why not, plainly."""
    tail = f"; {asked}" if asked else ""
    if document is None:
        return CheckItem(what, False, f"not attached{tail}")
    if document.key in attached:
        return CheckItem(what, True, f"{_document_words(document)}{tail}", document=document.key)
    if not document.file:
        why = "no file is attached to it"
    else:
        why = withheld or "its file cannot go in this packet (a PDF or a picture can): send it separately"
    return CheckItem(what, False, f"{_document_words(document)} is on file, but {why}{tail}")


def _letter_for(letters: list[r.Document], case: r.Case, answers: r.CaseEvent | None) -> r.Document | None:
    """The letter of the decision answered: dated on its notice date, else the latest on file."""
    if not letters:
        return None
    day = answers.notice_date if answers is not None else case.denial_date
    same = [d for d in letters if day is not None and d.date == day]
    mine = [d for d in letters if d.case == case.key]
    dated = sorted(mine or letters, key=lambda d: d.date.sort_key() if d.date else (date.min, 0))
    return (same or dated)[-1 if not same else 0]


def _authority_item(
    rep: r.Representative,
    coverage: r.Coverage | None,
    documents: list[r.Document],
    today: date,
    attached: frozenset[str] = frozenset(),
    withheld: str = "",
) -> CheckItem:
    """The representative's authority, from any of the person's authorization papers (it is not one case's);
    for Medicare the appointment (a CMS-1696) and its year of validity are checked."""
    medicare = coverage is not None and coverage.plan_type in MEDICARE
    papers = [d for d in documents if d.kind is DocumentKind.AUTHORIZATION]
    if medicare:
        papers = [d for d in papers if "1696" in d.title or "appointment" in d.title.casefold()]
    name = CMS_1696 if medicare else (rep.authority_kind.label if rep.authority_kind else "the authority to act")
    what = f"authority of the representative: {name}"
    flag = ""
    signed = rep.authority_signed
    if medicare and rep.authority_kind not in (None, AuthorityKind.CMS_1696):
        flag = f"Medicare asks for a signed {CMS_1696}, or an equivalent written appointment"
    elif medicare and signed is None:
        flag = "the date the CMS-1696 was signed is not recorded: it is valid for one year from signing"
    elif medicare and signed is not None:
        # the earliest day it may have been signed: a form known only to the month may have lapsed sooner
        expires = add_months(signed.first_day, APPOINTMENT_MONTHS)
        if signed.first_day > today:
            flag = f"the CMS-1696 is recorded as signed {signed.human()}, after the packet's date"
        elif expires < today:
            ended = f"{expires:%b} {expires.day}, {expires.year}"
            flag = f"the CMS-1696 signed {signed.human()} expired {ended}: sign a new one"
    paper = sorted(papers, key=lambda d: d.date.sort_key() if d.date else (date.min, 0))[-1] if papers else None
    item = _item(what, paper, attached, withheld=withheld)
    return CheckItem(item.what, item.enclosed, item.detail, flag, item.document)


# -- what the person sees before sending ---------------------------------------------------------


def _warnings(
    case: r.Case,
    stage: Stage,
    proofs: list[ClaimProof],
    clocks: list[Clock],
    checklist: tuple[CheckItem, ...],
    today: date,
) -> list[str]:
    warnings = []
    latest = r.events_in_order(case.events)[-1].status if case.events else case.status
    if latest in (CaseStatus.APPROVED, CaseStatus.CLOSED):
        warnings.append(
            f"The case is {latest.label.lower()}: this {stage.title.lower()} asks for what is already settled."
        )
    if stage.rung is not None and stage.rung.automatic:
        warnings.append(f"Nothing to file: {stage.rung.name}. This statement is for the reviewer, if asked.")
    for item in checklist:
        if not item.enclosed:
            warnings.append(f"Missing: {item.what} ({item.detail}).")
        if item.flag:
            warnings.append(f"{_capital(item.what)}: {item.flag}.")
    for proof in proofs:
        if not proof.printable:
            about = f" for {proof.claim.required_drug.strip()}" if proof.claim.required_drug.strip() else ""
            warnings.append(f"Not printed: the ground “{proof.claim.ground.label.lower()}”{about}. {proof.notes[-1]}")
    for clock in clocks:
        if clock.open and clock.due is not None and not clock.verified:
            warnings.append(
                f"{_capital(clock.what)}: counted from a rule not yet checked against the law's text ({clock.source})."
            )
        if clock.open and clock.overdue:
            warnings.append(f"{_capital(clock.what)}: the date has passed.")
    if not any(p.printable for p in proofs):
        warnings.append("No ground is claimed with its proof: the packet argues none.")
    return warnings


# -- words ---------------------------------------------------------------------------------------


def _bracketed(text: str) -> str:
    return f"({text.strip()})" if text.strip() else ""


def _joined(*parts: str) -> str:
    return " ".join(p.strip() for p in parts if p.strip())


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]


def _and_list(words: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    words = [w.strip() for w in words if w.strip()]
    if not words:
        return ""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" and {words[-1]}"
