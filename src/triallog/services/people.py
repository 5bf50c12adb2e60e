"""People: list, find by name, add, rename, remove, and the overview of one person."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from triallog.domain import records as r
from triallog.domain.dates import PartialDate
from triallog.domain.errors import ValidationError, raise_if
from triallog.domain.plans import plan_in_force
from triallog.domain.rules import check_profile
from triallog.services.changes import PARTS, Changes
from triallog.storage import people as stored
from triallog.storage.db import Database
from triallog.storage.rows import row_id


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
        everyone = stored.people(session)
        if not with_counts:
            return [PersonSummary(p.key, p.name, p.date_of_birth) for p in everyone]
        counts = stored.counts(session)
    return [PersonSummary(p.key, p.name, p.date_of_birth, **counts.get(int(p.key), {})) for p in everyone]


def find_person(db: Database, name: str) -> PersonSummary:
    """The person of that name (any case); otherwise an error that lists who is there."""
    with db.reading() as session:
        found = stored.person_by_name(session, name)
        if found is not None:
            return PersonSummary(found.key, found.name)
        names = [p.name for p in stored.people(session)]
    there = ", ".join(names) if names else "nobody yet (import a record first)"
    raise ValidationError("--person", f"no person named {name!r}; the people here are: {there}", name)


def load_person(db: Database, key: str) -> r.Person:
    """One person's whole record."""
    with db.reading() as session:
        person = stored.whole_record(session, row_id(key))
    if person is None:
        raise ValidationError("person", "no longer exists", key)
    return person


def reload_person(db: Database, key: str, old: r.Person, changes: Changes) -> r.Person:
    """`load_person` after `changes` to `old`'s record: only the parts they name are read again.

    The services name every part a change reaches (deleting a plan unlinks trials: `trials` too), so
    the rest is as it was. Changes of no one person in particular (an import) read it all again."""
    if changes.person != key:
        return load_person(db, key)
    parts = [part for part in PARTS if getattr(changes, part)]
    with db.reading() as session:
        person = stored.reread(session, row_id(key), old, parts)
    if person is None:
        raise ValidationError("person", "no longer exists", key)
    return person


def add_person(db: Database, person: r.Person) -> Changes:
    """Add a person (profile fields only); the name must be new. `created` is their key."""
    raise_if(check_profile(person))
    try:
        with db.transaction() as session:
            key = str(stored.add_person(session, person))
        return Changes(person=key, people=True, profile=True, created=key)
    except stored.NameTaken:
        raise ValidationError("name", f"a person named {person.name.strip()!r} is already here", person.name) from None


def update_profile(db: Database, key: str, person: r.Person) -> Changes:
    """Change a person's name and profile fields (not their lists). The list of people changes too
    when what it shows (the name, the date of birth) did."""
    raise_if(check_profile(person))
    try:
        with db.transaction() as session:
            listed = stored.update_person(session, row_id(key), person)
            if listed is None:
                raise ValidationError("person", "no longer exists", key)
        return Changes(person=key, profile=True, people=listed)
    except stored.NameTaken:
        raise ValidationError("name", f"a person named {person.name.strip()!r} is already here", person.name) from None


def rename_person(db: Database, key: str, name: str) -> Changes:
    person = load_person(db, key)
    person.name = name
    return update_profile(db, key, person)


def remove_person(db: Database, key: str) -> Changes:
    """Delete a person and everything recorded for them, in one transaction, then their files."""
    with db.transaction() as session:
        files = stored.remove_person(session, row_id(key))
    for stored_file in files or []:
        (db.data_dir / stored_file).unlink(missing_ok=True)
    return Changes() if files is None else Changes.everything(key)


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


def medicine_line(trial: r.Trial) -> str:
    """A medicine taken now, in one line: `erenumab (Aimovig), 70 mg · since Feb 2021 · for migraine`."""
    what = ", ".join(filter(None, [trial.drug_label, trial.strength, trial.dose, trial.route]))
    when = f"since {trial.start.human()}"
    why = f"for {trial.indication}" if trial.indication else ""
    return " · ".join(filter(None, [what, when, why]))
