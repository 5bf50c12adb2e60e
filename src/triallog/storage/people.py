"""People: the named queries over the person table, and one person's whole record read fast."""

from __future__ import annotations

import gc
from collections.abc import Collection, Iterator
from contextlib import contextmanager

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from triallog.domain import records as r
from triallog.storage import calls, cases, documents, measures, orm, packets, plans, rows, trials

#: what `counts` counts for each person, by the name a summary gives it
COUNTED = {
    "trials": orm.TrialRow,
    "cases": orm.CaseRow,
    "calls": orm.CallRow,
    "measurements": orm.MeasurementRow,
}


class NameTaken(Exception):
    """Another person already has this name (names are compared trimmed and case-folded)."""


def people(session: Session) -> list[r.Person]:
    """Everyone's own fields (no lists), by name."""
    query = select(*rows.PERSON).order_by(orm.PersonRow.name_folded)
    return [rows.person_record(row) for row in session.execute(query)]


def person_by_name(session: Session, name: str) -> r.Person | None:
    """The person of that name, whatever its capitals and spaces (their own fields only)."""
    row = session.execute(select(*rows.PERSON).where(orm.PersonRow.name_folded == rows.fold(name))).first()
    return None if row is None else rows.person_record(row)


def person_ids(session: Session) -> list[int]:
    return list(session.scalars(select(orm.PersonRow.id).order_by(orm.PersonRow.id)))


def person_ids_by_name(session: Session) -> list[int]:
    return list(session.scalars(select(orm.PersonRow.id).order_by(orm.PersonRow.name_folded)))


def person_row(session: Session, person_id: int) -> orm.PersonRow | None:
    return session.get(orm.PersonRow, person_id)


def counts(session: Session) -> dict[int, dict[str, int]]:
    """How many trials, cases, calls and measurements each person has: one grouped query per table."""
    found: dict[int, dict[str, int]] = {}
    for name, table in COUNTED.items():
        column = table.person_id  # type: ignore[attr-defined]
        for person_id, count in session.execute(select(column, func.count()).group_by(column)):
            found.setdefault(person_id, {})[name] = count
    return found


def whole_record(session: Session, person_id: int) -> r.Person | None:
    """One person's whole record: a plain select per table, built straight into records.

    Nothing here makes reference cycles, so the cyclic garbage collector is held off meanwhile:
    it would otherwise walk the tens of thousands of new objects again and again."""
    with _no_cyclic_gc():
        row = session.execute(select(*rows.PERSON).where(orm.PersonRow.id == person_id)).first()
        if row is None:
            return None
        person = rows.person_record(row)
        person.coverages = plans.coverage_records(session, person_id)
        person.prescribers = plans.prescriber_records(session, person_id)
        person.trials = trials.trial_records(session, person_id)
        person.measurements = measures.measurement_records(session, person_id)
        person.measure_definitions = measures.definition_records(session, person_id)
        person.cases = cases.case_records(session, person_id)
        person.calls = calls.call_records(session, person_id)
        person.documents = documents.document_records(session, person_id)
        return person


def reread(session: Session, person_id: int, old: r.Person, parts: Collection[str]) -> r.Person | None:
    """`whole_record` after a change to `parts` only ("plans", "trials", "measures", "cases", "calls",
    "documents"): those lists are read again, the others are `old`'s own (unchanged, and never changed
    in place); the person's own row is always read again (it is one row)."""
    with _no_cyclic_gc():
        row = session.execute(select(*rows.PERSON).where(orm.PersonRow.id == person_id)).first()
        if row is None:
            return None
        person = rows.person_record(row)
        fresh = set(parts)
        person.coverages = plans.coverage_records(session, person_id) if "plans" in fresh else old.coverages
        person.prescribers = plans.prescriber_records(session, person_id) if "plans" in fresh else old.prescribers
        person.trials = trials.trial_records(session, person_id) if "trials" in fresh else old.trials
        if "measures" in fresh:
            person.measurements = measures.measurement_records(session, person_id)
            person.measure_definitions = measures.definition_records(session, person_id)
        else:
            person.measurements, person.measure_definitions = old.measurements, old.measure_definitions
        person.cases = cases.case_records(session, person_id) if "cases" in fresh else old.cases
        person.calls = calls.call_records(session, person_id) if "calls" in fresh else old.calls
        person.documents = documents.document_records(session, person_id) if "documents" in fresh else old.documents
        return person


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def add_person(session: Session, person: r.Person) -> int:
    """A new person with their own fields (not their lists); NameTaken if the name is someone else's."""
    row = orm.PersonRow()
    rows.apply_person_fields(row, person)
    session.add(row)
    _flush(session)
    return row.id


def update_person(session: Session, person_id: int, person: r.Person) -> bool | None:
    """Change a person's own fields: whether what the list of people shows (the name, the date of birth)
    changed; None when they no longer exist; NameTaken if the name is someone else's."""
    row = session.get(orm.PersonRow, person_id)
    if row is None:
        return None
    listed = (row.name, row.date_of_birth)
    rows.apply_person_fields(row, person)
    _flush(session)
    return (row.name, row.date_of_birth) != listed


def remove_person(session: Session, person_id: int) -> list[str] | None:
    """Delete a person and everything recorded for them; the stored files (documents and kept packets)
    that are now no one's, for the caller to delete once committed; None if they were gone already."""
    row = session.get(orm.PersonRow, person_id)
    if row is None:
        return None
    stored = documents.stored_files(session, person_id) + packets.stored_files(session, person_id)
    session.delete(row)
    return stored


def _flush(session: Session) -> None:
    try:
        session.flush()
    except IntegrityError:
        raise NameTaken from None
