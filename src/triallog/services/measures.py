"""Symptom measures: record, change and delete scores and custom scales; read them with bands."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from triallog.domain import records as r
from triallog.domain.errors import Problem, ValidationError, raise_if
from triallog.domain.measures import DIFFICULTY, Response, band, item9_positive
from triallog.domain.rules import check_measure_definition, check_measurement
from triallog.services.changes import Changes
from triallog.storage import measures, people
from triallog.storage.db import Database
from triallog.storage.rows import measurement_row, row_id


@dataclass(frozen=True)
class Questionnaire:
    instrument: str
    title: str
    question: str
    items: tuple[str, ...]
    answers: tuple[str, ...]
    source: str
    #: the closing question (how difficult the problems made daily life), asked but not scored
    difficulty_question: str = ""
    difficulty_answers: tuple[str, ...] = ()


@cache
def questionnaire(instrument: str) -> Questionnaire:
    """The exact published wording of the PHQ-9 or GAD-7 (resources/instruments); the closing question's
    answers are the domain's DIFFICULTY, the one table every screen and report words them from."""
    data = json.loads((files("triallog.resources") / "instruments" / "questionnaires.json").read_text("utf-8"))
    spec = data["instruments"][instrument]
    difficulty = data["difficulty"]
    return Questionnaire(
        instrument,
        spec["title"],
        spec["question"],
        tuple(spec["items"]),
        tuple(data["answers"]),
        data["source"],
        difficulty["question"],
        DIFFICULTY,
    )


def list_measurements(db: Database, person_key: str, instrument: str | None = None) -> list[r.Measurement]:
    """Oldest first (a partial date counts from its first day)."""
    with db.reading() as session:
        return measures.measurement_records(session, row_id(person_key), instrument, by_date=True)


def save_measurement(db: Database, person_key: str, measurement: r.Measurement) -> Changes:
    """Record a new score (empty key: `created` is its key) or replace one, checked by the same rules as an
    import."""
    with db.transaction() as session:
        person = people.person_row(session, row_id(person_key))
        if person is None:
            raise ValidationError("person", "no longer exists", person_key)
        raise_if(check_measurement(measurement, "", measures.definition_records(session, person.id)))
        new = measurement_row(measurement)
        if measurement.key:
            row = measures.measurement_row(session, row_id(measurement.key))
            if row is None or row.person_id != person.id:
                raise ValidationError("measurement", "no longer exists", measurement.key)
            for column in ("instrument", "taken", "score", "score_is_integer", "items", "notes", "difficulty"):
                setattr(row, column, getattr(new, column))
        else:
            new.person_id = person.id
            session.add(new)
            row = new
        session.flush()
        key = str(row.id)
    return Changes(person=person_key, measures=True, created=None if measurement.key else key)


def delete_measurement(db: Database, person_key: str, key: str) -> Changes:
    with db.transaction() as session:
        row = measures.measurement_row(session, row_id(key))
        if row is None or row.person_id != row_id(person_key):
            return Changes()
        session.delete(row)
    return Changes(person=person_key, measures=True)


def save_definition(db: Database, person_key: str, definition: r.MeasureDefinition, old_name: str = "") -> Changes:
    """Add a custom measure (or change one named `old_name`); names are unique per person."""
    problems = check_measure_definition(definition)
    with db.transaction() as session:
        person = people.person_row(session, row_id(person_key))
        if person is None:
            raise ValidationError("person", "no longer exists", person_key)
        definitions = measures.definition_rows(session, person.id)
        name = definition.name.strip()
        clash = [d for d in definitions if d.name == name and d.name != old_name]
        if clash and name:
            problems.append(Problem("name", f"a custom measure named {name!r} already exists", name))
        raise_if(problems)
        row = next((d for d in definitions if d.name == old_name), None) if old_name else None
        if row is None:
            row = measures.new_definition_row(session, person.id)
        elif old_name != name:
            measures.rename_instrument(session, person.id, f"custom:{old_name}", f"custom:{name}")
        row.name, row.unit, row.min, row.max = name, definition.unit, definition.min, definition.max
        row.higher_is_better, row.goal = definition.higher_is_better, definition.goal
    return Changes(person=person_key, measures=True)


def measures_json(person: r.Person, instrument: str | None = None) -> list[dict[str, Any]]:
    """The `measures --json` rows: oldest first, with band, the item-9 flag and the "how difficult" answer."""
    chosen = [m for m in person.measurements if instrument is None or m.instrument.casefold() == instrument.casefold()]
    chosen.sort(key=lambda m: m.taken.sort_key())
    return [
        {
            "instrument": m.instrument,
            "taken": m.taken.iso(),
            "score": m.score,
            "items": list(m.items),
            "band": band(m.instrument, m.score),
            "item9_positive": item9_positive(m),
            "difficulty": m.difficulty,
        }
        for m in chosen
    ]


def response_json(found: list[Response]) -> list[dict[str, Any]]:
    """A trial's measured response per instrument (`domain.measures.trial_responses`), in the shape
    `trials --json` prints."""
    return [
        {
            "instrument": x.instrument,
            "baseline": None if x.baseline is None else {"taken": x.baseline.taken, "score": x.baseline.score},
            "last": None if x.last is None else {"taken": x.last.taken, "score": x.last.score},
            "change_points": x.change_points,
            "change_percent": x.change_percent,
            "verdict": x.verdict.value,
            "goal": x.goal,
        }
        for x in found
    ]
