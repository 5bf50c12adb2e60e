"""Symptom measures: record, change and delete scores and custom scales; read them with bands."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from sqlalchemy import select

from triallog.domain import records as r
from triallog.domain.errors import Problem, ValidationError, raise_if
from triallog.domain.measures import DIFFICULTY, Response, band, item9_positive
from triallog.domain.rules import check_measure_definition, check_measurement
from triallog.storage import orm
from triallog.storage import repositories as repo
from triallog.storage.db import Database


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


def _definitions(person: orm.PersonRow) -> list[r.MeasureDefinition]:
    return [repo.measure_definition_record(d) for d in person.measure_definitions]


def list_measurements(db: Database, person_key: str, instrument: str | None = None) -> list[r.Measurement]:
    """Oldest first (a partial date counts from its first day)."""
    with db.reading() as session:
        query = select(orm.MeasurementRow).where(orm.MeasurementRow.person_id == repo.row_id(person_key))
        if instrument is not None:
            query = query.where(orm.MeasurementRow.instrument == instrument)
        rows = session.scalars(query.order_by(orm.MeasurementRow.taken, orm.MeasurementRow.id)).all()
        return [repo.measurement_record(m) for m in rows]


def save_measurement(db: Database, person_key: str, measurement: r.Measurement) -> str:
    """Record a new score (empty key) or replace one, checked by the same rules as an import."""
    with db.transaction() as session:
        person = session.get(orm.PersonRow, repo.row_id(person_key))
        if person is None:
            raise ValidationError("person", "no longer exists", person_key)
        raise_if(check_measurement(measurement, "", _definitions(person)))
        new = repo.measurement_row(measurement)
        if measurement.key:
            row = session.get(orm.MeasurementRow, repo.row_id(measurement.key))
            if row is None or row.person_id != person.id:
                raise ValidationError("measurement", "no longer exists", measurement.key)
            for column in ("instrument", "taken", "score", "score_is_integer", "items", "notes", "difficulty"):
                setattr(row, column, getattr(new, column))
        else:
            new.person_id = person.id
            session.add(new)
            row = new
        session.flush()
        return str(row.id)


def delete_measurement(db: Database, person_key: str, key: str) -> None:
    with db.transaction() as session:
        row = session.get(orm.MeasurementRow, repo.row_id(key))
        if row is not None and row.person_id == repo.row_id(person_key):
            session.delete(row)


def save_definition(db: Database, person_key: str, definition: r.MeasureDefinition, old_name: str = "") -> None:
    """Add a custom measure (or change one named `old_name`); names are unique per person."""
    problems = check_measure_definition(definition)
    with db.transaction() as session:
        person = session.get(orm.PersonRow, repo.row_id(person_key))
        if person is None:
            raise ValidationError("person", "no longer exists", person_key)
        name = definition.name.strip()
        clash = [d for d in person.measure_definitions if d.name == name and d.name != old_name]
        if clash and name:
            problems.append(Problem("name", f"a custom measure named {name!r} already exists", name))
        raise_if(problems)
        row = next((d for d in person.measure_definitions if d.name == old_name), None) if old_name else None
        if row is None:
            row = orm.MeasureDefinitionRow()
            person.measure_definitions.append(row)
        elif old_name != name:
            for m in session.scalars(
                select(orm.MeasurementRow).where(
                    orm.MeasurementRow.person_id == person.id,
                    orm.MeasurementRow.instrument == f"custom:{old_name}",
                )
            ):
                m.instrument = f"custom:{name}"
        row.name, row.unit, row.min, row.max = name, definition.unit, definition.min, definition.max
        row.higher_is_better, row.goal = definition.higher_is_better, definition.goal


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
