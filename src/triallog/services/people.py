"""People: list, find by name, add, rename, remove, and the overview of one person."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.exc import IntegrityError

from triallog.domain import records as r
from triallog.domain.dates import PartialDate
from triallog.domain.errors import ValidationError, raise_if
from triallog.domain.plans import plan_in_force
from triallog.domain.rules import check_profile
from triallog.storage import orm
from triallog.storage import repositories as repo
from triallog.storage.db import Database


@dataclass(frozen=True)
class PersonSummary:
    key: str
    name: str
    date_of_birth: PartialDate | None = None
    trials: int = 0
    cases: int = 0
    calls: int = 0
    measurements: int = 0


@dataclass
class Overview:
    """What the overview page shows for one person."""

    person: r.Person
    current_plan: r.Coverage | None
    current_medications: list[r.Trial] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def list_people(db: Database, with_counts: bool = False) -> list[PersonSummary]:
    with db.reading() as session:
        rows = repo.people_rows(session)
        if not with_counts:
            return [PersonSummary(str(p.id), p.name, p.date_of_birth) for p in rows]
        return [
            PersonSummary(
                str(p.id),
                p.name,
                p.date_of_birth,
                trials=repo.count_rows(session, orm.TrialRow, p.id),
                cases=repo.count_rows(session, orm.CaseRow, p.id),
                calls=repo.count_rows(session, orm.CallRow, p.id),
                measurements=repo.count_rows(session, orm.MeasurementRow, p.id),
            )
            for p in rows
        ]


def find_person(db: Database, name: str) -> PersonSummary:
    """The person of that name (any case); otherwise an error that lists who is there."""
    with db.reading() as session:
        row = repo.person_row_by_name(session, name)
        if row is not None:
            return PersonSummary(str(row.id), row.name)
        names = [p.name for p in repo.people_rows(session)]
    there = ", ".join(names) if names else "nobody yet (import a record first)"
    raise ValidationError("--person", f"no person named {name!r}; the people here are: {there}", name)


def load_person(db: Database, key: str) -> r.Person:
    """One person's whole record."""
    with db.reading() as session:
        row = session.get(orm.PersonRow, repo.row_id(key), options=repo.WHOLE_PERSON)
        if row is None:
            raise ValidationError("person", "no longer exists", key)
        return repo.person_record(row)


def add_person(db: Database, person: r.Person) -> str:
    """Add a person (profile fields only); the name must be new. Returns the new key."""
    raise_if(check_profile(person))
    try:
        with db.transaction() as session:
            row = orm.PersonRow()
            repo.apply_person_fields(row, person)
            session.add(row)
            session.flush()
            return str(row.id)
    except IntegrityError:
        raise ValidationError("name", f"a person named {person.name.strip()!r} is already here", person.name) from None


def update_profile(db: Database, key: str, person: r.Person) -> None:
    """Change a person's name and profile fields (not their lists)."""
    raise_if(check_profile(person))
    try:
        with db.transaction() as session:
            row = session.get(orm.PersonRow, repo.row_id(key))
            if row is None:
                raise ValidationError("person", "no longer exists", key)
            repo.apply_person_fields(row, person)
    except IntegrityError:
        raise ValidationError("name", f"a person named {person.name.strip()!r} is already here", person.name) from None


def rename_person(db: Database, key: str, name: str) -> None:
    person = load_person(db, key)
    person.name = name
    update_profile(db, key, person)


def remove_person(db: Database, key: str) -> None:
    """Delete a person and everything recorded for them, in one transaction, then their files."""
    stored: list[str] = []
    with db.transaction() as session:
        row = session.get(orm.PersonRow, repo.row_id(key))
        if row is not None:
            stored = [d.stored_file for d in row.documents if d.stored_file]
            stored += repo.packet_files_of(session, row.id)
            session.delete(row)
    for stored_file in stored:
        (db.data_dir / stored_file).unlink(missing_ok=True)


def overview(db: Database, key: str, today: date | None = None) -> Overview:
    return summarize(load_person(db, key), today)


def summarize(person: r.Person, today: date | None = None) -> Overview:
    """The overview of a record already read."""
    today = today or date.today()
    current = [t for t in person.trials if t.still_taking]
    current.sort(key=lambda t: t.start.sort_key(), reverse=True)
    return Overview(
        person=person,
        current_plan=plan_in_force(person.coverages, today),
        current_medications=current,
        counts={
            "trials": len(person.trials),
            "side effects": sum(len(t.side_effects) for t in person.trials),
            "plans": len(person.coverages),
            "prescribers": len(person.prescribers),
            "measurements": len(person.measurements),
            "cases": len(person.cases),
            "calls": len(person.calls),
            "documents": len(person.documents),
        },
    )
