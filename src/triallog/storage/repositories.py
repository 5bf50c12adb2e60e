"""Conversion between table rows and domain records, and the queries the services need."""

from __future__ import annotations

import sys
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session, selectinload

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
from triallog.storage.row_values import Values, fold
from triallog.storage.row_values import event_text as event_text  # the services' use, from its one place


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


def coverage_record(row: orm.CoverageRow) -> r.Coverage:
    return r.Coverage(
        key=str(row.id),
        carrier=row.carrier,
        plan_name=row.plan_name,
        plan_type=_enum(PlanType, row.plan_type),
        member_id=row.member_id,
        group_number=row.group_number,
        rx_bin=row.rx_bin,
        rx_pcn=row.rx_pcn,
        rx_group=row.rx_group,
        state=row.state,
        start=row.start,
        end=row.end,
        contact_phone=row.contact_phone,
        contact_fax=row.contact_fax,
        appeals_address=row.appeals_address,
        appeals_fax=row.appeals_fax,
    )


def prescriber_record(row: orm.PrescriberRow) -> r.Prescriber:
    return r.Prescriber(
        key=str(row.id),
        name=row.name,
        specialty=row.specialty,
        practice=row.practice,
        address=row.address,
        phone=row.phone,
        fax=row.fax,
        npi=row.npi,
    )


def trial_record(row: orm.TrialRow) -> r.Trial:
    return r.Trial(
        key=str(row.id),
        drug=row.drug,
        brand=row.brand,
        strength=row.strength,
        dose=row.dose,
        route=row.route,
        start=row.start,
        end=row.end,
        indication=row.indication,
        indication_code=row.indication_code,
        prescriber=_key(row.prescriber_id),
        coverage=_key(row.coverage_id),
        outcome=Outcome(row.outcome),
        reason_stopped=row.reason_stopped,
        notes=row.notes,
        side_effects=[
            r.SideEffect(
                description=s.description,
                severity=_enum(Severity, s.severity),
                onset=s.onset,
                resolved=s.resolved,
                action=s.action,
                notes=s.notes,
            )
            for s in row.side_effects
        ],
    )


def measurement_record(row: orm.MeasurementRow) -> r.Measurement:
    score: float = int(row.score) if row.score_is_integer else row.score
    items = [int(x) for x in row.items.split(",")] if row.items else []
    return r.Measurement(
        key=str(row.id),
        instrument=row.instrument,
        taken=row.taken,
        score=score,
        items=items,
        notes=row.notes,
        difficulty=row.difficulty,
    )


def measure_definition_record(row: orm.MeasureDefinitionRow) -> r.MeasureDefinition:
    return r.MeasureDefinition(
        name=row.name, unit=row.unit, min=row.min, max=row.max, higher_is_better=row.higher_is_better, goal=row.goal
    )


def _event_when(text: str) -> date | datetime:
    return parse_datetime(text) if "T" in text else date.fromisoformat(text)


def case_record(row: orm.CaseRow) -> r.Case:
    return r.Case(
        key=str(row.id),
        coverage=_key(row.coverage_id),
        kind=_enum(CaseKind, row.kind),
        requested_drug=row.requested_drug,
        requested_strength=row.requested_strength,
        requested_dose=row.requested_dose,
        quantity=row.quantity,
        days_supply=row.days_supply,
        diagnosis=row.diagnosis,
        diagnosis_code=row.diagnosis_code,
        prescriber=_key(row.prescriber_id),
        required_drugs=[d.drug for d in row.required_drugs],
        denial_date=row.denial_date,
        denial_reference=row.denial_reference,
        denial_text=row.denial_text,
        claims=[
            r.Claim(
                ground=Ground(c.ground),
                required_drug=c.required_drug,
                trials=[str(p.trial_id) for p in c.proof],
                explanation=c.explanation,
            )
            for c in row.claims
        ],
        urgency=_enum(Urgency, row.urgency),
        status=_enum(CaseStatus, row.status),
        events=[
            r.CaseEvent(_event_when(e.when), CaseStatus(e.status), e.note, e.notice_date, e.received)
            for e in row.events
        ],
        notes=row.notes,
    )


def call_record(row: orm.CallRow) -> r.Call:
    return r.Call(
        key=str(row.id),
        when=parse_datetime(row.when),
        case=_key(row.case_id),
        direction=_enum(Direction, row.direction),
        party=_enum(Party, row.party),
        organization=row.organization,
        phone=row.phone,
        representative=row.representative,
        reference_number=row.reference_number,
        duration_minutes=row.duration_minutes,
        summary=row.summary,
        requested_documents=[d.description for d in row.requested_documents],
        follow_up=row.follow_up,
        follow_up_done=row.follow_up_done_at is not None,
        answered_by={i: str(d.document_id) for i, d in enumerate(row.requested_documents) if d.document_id is not None},
    )


def document_record(row: orm.DocumentRow) -> r.Document:
    return r.Document(
        key=str(row.id),
        title=row.title,
        kind=_enum(DocumentKind, row.kind),
        date=row.date,
        trial=_key(row.trial_id),
        case=_key(row.case_id),
        file=row.stored_file,
        sha256=row.sha256,
    )


def person_record(row: orm.PersonRow, whole: bool = True) -> r.Person:
    """A person as a record; with `whole`, every list of their record too."""
    representative = None
    if row.rep_name is not None:
        representative = r.Representative(
            name=row.rep_name,
            relationship=row.rep_relationship,
            phone=row.rep_phone,
            authority=row.rep_authority,
            authority_kind=_enum(AuthorityKind, row.rep_authority_kind),
            authority_signed=row.rep_authority_signed,
        )
    person = r.Person(
        key=str(row.id),
        name=row.name,
        date_of_birth=row.date_of_birth,
        address=row.address,
        phone=row.phone,
        representative=representative,
        notes=row.notes,
        time_zone=row.time_zone,
    )
    if whole:
        person.coverages = [coverage_record(c) for c in row.coverages]
        person.prescribers = [prescriber_record(p) for p in row.prescribers]
        person.trials = [trial_record(t) for t in row.trials]
        person.measurements = [measurement_record(m) for m in row.measurements]
        person.measure_definitions = [measure_definition_record(d) for d in row.measure_definitions]
        person.cases = [case_record(c) for c in row.cases]
        person.calls = [call_record(c) for c in row.calls]
        person.documents = [document_record(d) for d in row.documents]
    return person


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


# -- queries --------------------------------------------------------------------


WHOLE_PERSON = (
    selectinload(orm.PersonRow.coverages),
    selectinload(orm.PersonRow.prescribers),
    selectinload(orm.PersonRow.trials).selectinload(orm.TrialRow.side_effects),
    selectinload(orm.PersonRow.measurements),
    selectinload(orm.PersonRow.measure_definitions),
    selectinload(orm.PersonRow.cases).selectinload(orm.CaseRow.required_drugs),
    selectinload(orm.PersonRow.cases).selectinload(orm.CaseRow.claims).selectinload(orm.CaseClaimRow.proof),
    selectinload(orm.PersonRow.cases).selectinload(orm.CaseRow.events),
    selectinload(orm.PersonRow.calls).selectinload(orm.CallRow.requested_documents),
    selectinload(orm.PersonRow.documents),
)


def people_rows(session: Session, whole: bool = False) -> list[orm.PersonRow]:
    query = select(orm.PersonRow).order_by(orm.PersonRow.name_folded)
    if whole:
        query = query.options(*WHOLE_PERSON)
    return list(session.scalars(query))


def person_row_by_name(session: Session, name: str) -> orm.PersonRow | None:
    return session.scalar(select(orm.PersonRow).where(orm.PersonRow.name_folded == fold(name)))


def count_rows(session: Session, table: type[orm.Base], person_id: int) -> int:
    column = table.person_id  # type: ignore[attr-defined]
    return session.scalar(select(func.count()).select_from(table).where(column == person_id)) or 0


def packet_files_of(session: Session, person_id: int) -> list[str]:
    """The stored files (relative to the data folder) of a person's kept packets: a removal or a
    replacement deletes them once its transaction has committed."""
    return list(session.scalars(select(orm.PacketRow.stored_file).where(orm.PacketRow.person_id == person_id)))


def person_ids(session: Session) -> list[int]:
    return list(session.scalars(select(orm.PersonRow.id).order_by(orm.PersonRow.id)))


def whole_person_row(session: Session, person_id: int) -> orm.PersonRow:
    row = session.get(orm.PersonRow, person_id, options=WHOLE_PERSON)
    if row is None:
        raise ValidationError("person", "no longer exists", person_id)
    return row


def call_rows(session: Session, person_id: int, case_id: int | None = None) -> list[orm.CallRow]:
    """A person's calls (or one case's), newest first, with their requested documents in one more query
    (not one per call)."""
    query = (
        select(orm.CallRow)
        .where(orm.CallRow.person_id == person_id)
        .options(selectinload(orm.CallRow.requested_documents))
        .order_by(orm.CallRow.when_utc.desc(), orm.CallRow.id.desc())
    )
    if case_id is not None:
        query = query.where(orm.CallRow.case_id == case_id)
    return list(session.scalars(query))
