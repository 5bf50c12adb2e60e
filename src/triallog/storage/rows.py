"""Conversion between table rows and domain records, both ways; the queries live in each aggregate's module."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import object_session

from triallog.domain import records as r
from triallog.domain.dates import parse_datetime
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
from triallog.domain.errors import ValidationError
from triallog.storage import orm
from triallog.storage import row_values as v
from triallog.storage.row_values import Values
from triallog.storage.row_values import event_text as event_text  # the services' use, from its one place
from triallog.storage.row_values import fold as fold  # storage.people compares names by it

Parent = TypeVar("Parent")
Item = TypeVar("Item")


def row_id(key: str, field: str = "record") -> int:
    """The database id behind a key the services handed out; anything else no longer exists."""
    try:
        return int(key)
    except (TypeError, ValueError):
        raise ValidationError(field, "no longer exists", key) from None


def _key(row_id: int | None) -> str | None:
    return None if row_id is None else str(row_id)


def _enum(kind, value):  # type: ignore[no-untyped-def]
    return None if value is None else kind(value)


# -- rows to records ----------------------------------------------------------
#
# A record is built from a plain row: a tuple of the table's columns in the order named below, as a
# Core select of those columns returns it (positions, not names: reading a row by name costs more
# than building the record). A row's lists come as arguments, read by the caller in one query per table.

P, C, PR, T, SE = orm.PersonRow, orm.CoverageRow, orm.PrescriberRow, orm.TrialRow, orm.SideEffectRow
M, MD, K, KE, KC = orm.MeasurementRow, orm.MeasureDefinitionRow, orm.CaseRow, orm.CaseEventRow, orm.CaseClaimRow
CL, RD, D = orm.CallRow, orm.CallRequestedDocumentRow, orm.DocumentRow

PERSON = (
    P.id, P.name, P.date_of_birth, P.address, P.phone, P.notes, P.rep_name, P.rep_relationship, P.rep_phone,
    P.rep_authority, P.rep_authority_kind, P.rep_authority_signed, P.time_zone,
)  # fmt: skip
COVERAGE = (
    C.id, C.person_id, C.carrier, C.plan_name, C.plan_type, C.member_id, C.group_number, C.rx_bin, C.rx_pcn,
    C.rx_group, C.state, C.start, C.end, C.contact_phone, C.contact_fax, C.appeals_address, C.appeals_fax,
)  # fmt: skip
PRESCRIBER = (PR.id, PR.name, PR.specialty, PR.practice, PR.address, PR.phone, PR.fax, PR.npi)
TRIAL = (
    T.id, T.drug, T.brand, T.strength, T.dose, T.route, T.start, T.end, T.indication, T.indication_code,
    T.prescriber_id, T.coverage_id, T.outcome, T.reason_stopped, T.notes,
)  # fmt: skip
SIDE_EFFECT = (SE.trial_id, SE.description, SE.severity, SE.onset, SE.resolved, SE.action, SE.notes)
MEASUREMENT = (M.id, M.instrument, M.taken, M.score, M.score_is_integer, M.items, M.notes, M.difficulty)
MEASURE_DEFINITION = (MD.name, MD.unit, MD.min, MD.max, MD.higher_is_better, MD.goal)
CASE = (
    K.id, K.person_id, K.coverage_id, K.kind, K.requested_drug, K.requested_strength, K.requested_dose, K.quantity,
    K.days_supply, K.diagnosis, K.diagnosis_code, K.prescriber_id, K.denial_date, K.denial_reference,
    K.denial_text, K.urgency, K.status, K.notes,
)  # fmt: skip
CASE_EVENT = (KE.case_id, KE.when, KE.status, KE.note, KE.notice_date, KE.received)
CASE_CLAIM = (KC.id, KC.case_id, KC.ground, KC.required_drug, KC.explanation)
CALL = (
    CL.id, CL.person_id, CL.when, CL.case_id, CL.direction, CL.party, CL.organization, CL.phone, CL.representative,
    CL.reference_number, CL.duration_minutes, CL.summary, CL.follow_up, CL.follow_up_done_at,
)  # fmt: skip
REQUESTED_DOCUMENT = (RD.call_id, RD.description, RD.document_id)
DOCUMENT = (D.id, D.title, D.kind, D.date, D.trial_id, D.case_id, D.stored_file, D.sha256)


def plain(row: object, columns: tuple[Any, ...]) -> tuple[Any, ...]:
    """An ORM row as the plain row a select of `columns` returns."""
    return tuple(getattr(row, column.key) for column in columns)


def person_record(row: tuple[Any, ...]) -> r.Person:
    """A person's own fields (PERSON), their lists left empty."""
    (ident, name, born, address, phone, notes, rep_name, rep_relationship, rep_phone, rep_authority,
     rep_authority_kind, rep_authority_signed, time_zone) = row  # fmt: skip
    representative = None
    if rep_name is not None:
        representative = r.Representative(
            name=rep_name,
            relationship=rep_relationship,
            phone=rep_phone,
            authority=rep_authority,
            authority_kind=_enum(AuthorityKind, rep_authority_kind),
            authority_signed=rep_authority_signed,
        )
    return r.Person(
        key=str(ident),
        name=name,
        date_of_birth=born,
        address=address,
        phone=phone,
        representative=representative,
        notes=notes,
        time_zone=time_zone,
    )


def coverage_record(row: tuple[Any, ...]) -> r.Coverage:
    """A plan (COVERAGE)."""
    (ident, _person, carrier, plan_name, plan_type, member_id, group_number, rx_bin, rx_pcn, rx_group, state,
     start, end, contact_phone, contact_fax, appeals_address, appeals_fax) = row  # fmt: skip
    return r.Coverage(
        key=str(ident),
        carrier=carrier,
        plan_name=plan_name,
        plan_type=_enum(PlanType, plan_type),
        member_id=member_id,
        group_number=group_number,
        rx_bin=rx_bin,
        rx_pcn=rx_pcn,
        rx_group=rx_group,
        state=state,
        start=start,
        end=end,
        contact_phone=contact_phone,
        contact_fax=contact_fax,
        appeals_address=appeals_address,
        appeals_fax=appeals_fax,
    )


def prescriber_record(row: tuple[Any, ...]) -> r.Prescriber:
    """A prescriber (PRESCRIBER)."""
    ident, name, specialty, practice, address, phone, fax, npi = row
    return r.Prescriber(
        key=str(ident),
        name=name,
        specialty=specialty,
        practice=practice,
        address=address,
        phone=phone,
        fax=fax,
        npi=npi,
    )


def side_effect_record(row: tuple[Any, ...]) -> r.SideEffect:
    """A side effect (SIDE_EFFECT)."""
    _trial, description, severity, onset, resolved, action, notes = row
    return r.SideEffect(
        description=description,
        severity=_enum(Severity, severity),
        onset=onset,
        resolved=resolved,
        action=action,
        notes=notes,
    )


def trial_record(row: tuple[Any, ...], side_effects: list[r.SideEffect]) -> r.Trial:
    """A trial (TRIAL) with its side effects."""
    (ident, drug, brand, strength, dose, route, start, end, indication, indication_code, prescriber_id,
     coverage_id, outcome, reason_stopped, notes) = row  # fmt: skip
    return r.Trial(
        key=str(ident),
        drug=drug,
        brand=brand,
        strength=strength,
        dose=dose,
        route=route,
        start=start,
        end=end,
        indication=indication,
        indication_code=indication_code,
        prescriber=_key(prescriber_id),
        coverage=_key(coverage_id),
        outcome=Outcome(outcome),
        reason_stopped=reason_stopped,
        notes=notes,
        side_effects=side_effects,
    )


def measurement_record(row: tuple[Any, ...]) -> r.Measurement:
    """A score (MEASUREMENT)."""
    ident, instrument, taken, score, score_is_integer, items, notes, difficulty = row
    return r.Measurement(
        key=str(ident),
        instrument=instrument,
        taken=taken,
        score=int(score) if score_is_integer else score,
        items=[int(x) for x in items.split(",")] if items else [],
        notes=notes,
        difficulty=difficulty,
    )


def measure_definition_record(row: tuple[Any, ...]) -> r.MeasureDefinition:
    """A custom measure (MEASURE_DEFINITION)."""
    name, unit, low, high, higher_is_better, goal = row
    return r.MeasureDefinition(name=name, unit=unit, min=low, max=high, higher_is_better=higher_is_better, goal=goal)


def event_when(text: str) -> date | datetime:
    """A status event's moment as stored: a day, or a time with its offset (see `event_text`)."""
    return parse_datetime(text) if "T" in text else date.fromisoformat(text)


def event_record(row: tuple[Any, ...]) -> r.CaseEvent:
    """A status event (CASE_EVENT)."""
    _case, when, status, note, notice_date, received = row
    return r.CaseEvent(event_when(when), CaseStatus(status), note, notice_date, received)


def claim_record(row: tuple[Any, ...], trial_ids: list[int]) -> r.Claim:
    """A claim (CASE_CLAIM) with the ids of the trials that prove it."""
    _ident, _case, ground, required_drug, explanation = row
    return r.Claim(
        ground=Ground(ground),
        required_drug=required_drug,
        trials=[str(t) for t in trial_ids],
        explanation=explanation,
    )


def case_record(
    row: tuple[Any, ...], required_drugs: list[str], claims: list[r.Claim], events: list[r.CaseEvent]
) -> r.Case:
    """A case (CASE) with its lists."""
    (ident, _person, coverage_id, kind, requested_drug, requested_strength, requested_dose, quantity, days_supply,
     diagnosis, diagnosis_code, prescriber_id, denial_date, denial_reference, denial_text, urgency, status,
     notes) = row  # fmt: skip
    return r.Case(
        key=str(ident),
        coverage=_key(coverage_id),
        kind=_enum(CaseKind, kind),
        requested_drug=requested_drug,
        requested_strength=requested_strength,
        requested_dose=requested_dose,
        quantity=quantity,
        days_supply=days_supply,
        diagnosis=diagnosis,
        diagnosis_code=diagnosis_code,
        prescriber=_key(prescriber_id),
        required_drugs=required_drugs,
        denial_date=denial_date,
        denial_reference=denial_reference,
        denial_text=denial_text,
        claims=claims,
        urgency=_enum(Urgency, urgency),
        status=_enum(CaseStatus, status),
        events=events,
        notes=notes,
    )


def call_record(row: tuple[Any, ...], requested: Sequence[tuple[Any, ...]]) -> r.Call:
    """A call (CALL); `requested` are its REQUESTED_DOCUMENT rows in the order asked."""
    (ident, _person, when, case_id, direction, party, organization, phone, representative, reference_number,
     duration_minutes, summary, follow_up, follow_up_done_at) = row  # fmt: skip
    return r.Call(
        key=str(ident),
        when=parse_datetime(when),
        case=_key(case_id),
        direction=_enum(Direction, direction),
        party=_enum(Party, party),
        organization=organization,
        phone=phone,
        representative=representative,
        reference_number=reference_number,
        duration_minutes=duration_minutes,
        summary=summary,
        requested_documents=[d[1] for d in requested],
        follow_up=follow_up,
        follow_up_done=follow_up_done_at is not None,
        answered_by={i: str(d[2]) for i, d in enumerate(requested) if d[2] is not None},
    )


def document_record(row: tuple[Any, ...]) -> r.Document:
    """A document (DOCUMENT)."""
    ident, title, kind, when, trial_id, case_id, stored_file, sha256 = row
    return r.Document(
        key=str(ident),
        title=title,
        kind=_enum(DocumentKind, kind),
        date=when,
        trial=_key(trial_id),
        case=_key(case_id),
        file=stored_file,
        sha256=sha256,
    )


# -- records to rows ----------------------------------------------------------


def _set(row: orm.Base, values: Values) -> None:
    for name, value in values.items():
        setattr(row, name, value)


def apply_person_fields(row: orm.PersonRow, person: r.Person) -> None:
    _set(row, v.person_values(person))


def apply_coverage_fields(row: orm.CoverageRow, c: r.Coverage) -> None:
    _set(row, v.coverage_values(c))


def apply_prescriber_fields(row: orm.PrescriberRow, p: r.Prescriber) -> None:
    _set(row, v.prescriber_values(p))


def apply_trial_fields(row: orm.TrialRow, t: r.Trial) -> None:
    """Every plain field and the side effects; references are set by the caller."""
    _set(row, v.trial_values(t))
    row.side_effects = [orm.SideEffectRow(**v.side_effect_values(s)) for s in t.side_effects]


def apply_case_fields(row: orm.CaseRow, c: r.Case) -> None:
    """Every plain field and the drug, claim and event lists (events in the order given);
    references are set by the caller. A claim's proof names trials by the database ids the services
    handed out."""
    _set(row, v.case_values(c))
    row.required_drugs = [orm.CaseRequiredDrugRow(drug=d) for d in c.required_drugs]
    row.claims = [
        orm.CaseClaimRow(
            **v.claim_values(claim),
            proof=[orm.CaseClaimTrialRow(trial_id=row_id(key, "trial")) for key in v.proof_keys(claim)],
        )
        for claim in c.claims
    ]
    row.events = [orm.CaseEventRow(**v.event_values(e)) for e in c.events]


def apply_call_fields(row: orm.CallRow, c: r.Call) -> None:
    """Every plain field and the documents asked for; the case reference is set by the caller."""
    _set(row, v.call_values(c))
    row.requested_documents = _requested_rows(row, c)


def _requested_rows(row: orm.CallRow, c: r.Call) -> list[orm.CallRequestedDocumentRow]:
    """The documents asked for, in order, each linked to the document that answers it (if any).

    An unchanged request keeps its row (and so when it was entered). A link is kept only to a
    document of the same person that still exists: a stale key from an open form is dropped,
    not a failed save.
    """
    wanted = {i: row_id(key, "answered_by") for i, key in c.answered_by.items() if 0 <= i < len(c.requested_documents)}
    session = object_session(row)
    if wanted and session is not None and row.person_id is not None:
        query = select(orm.DocumentRow.id).where(
            orm.DocumentRow.id.in_(set(wanted.values())), orm.DocumentRow.person_id == row.person_id
        )
        with session.no_autoflush:  # the call row may be half-filled still
            mine = set(session.scalars(query))
        wanted = {i: d for i, d in wanted.items() if d in mine}
    spare = list(row.requested_documents)
    rows: list[orm.CallRequestedDocumentRow] = []
    last = 0
    for i, description in enumerate(c.requested_documents):
        # Reused only in ascending id order, so the list reads back in the order given.
        kept = next((s for s in spare if s.description == description and (s.id or 0) > last), None)
        if kept is None:
            kept = orm.CallRequestedDocumentRow(description=description)
            last = sys.maxsize  # a new row's id comes after every old one
        else:
            spare.remove(kept)
            last = kept.id
        kept.document_id = wanted.get(i)
        rows.append(kept)
    return rows


def apply_document_fields(row: orm.DocumentRow, d: r.Document) -> None:
    """The title, kind, date and checksum; the stored file and references are set by the caller."""
    _set(row, v.document_values(d))


def measurement_row(m: r.Measurement) -> orm.MeasurementRow:
    return orm.MeasurementRow(**v.measurement_values(m))


def by_parent(records: Iterable[tuple[Parent, Item]]) -> dict[Parent, list[Item]]:
    """(parent, record) pairs gathered into each parent's list, in the order read."""
    lists: dict[Parent, list[Item]] = {}
    for parent, record in records:
        lists.setdefault(parent, []).append(record)
    return lists
