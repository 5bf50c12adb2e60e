"""An import written in bulk stores exactly what the ORM, row by row, would have stored: every table,
every column, every id, every reference (only the moment each row was entered may differ)."""

from __future__ import annotations

import gc
import json
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.exchange.test_round_trip import leo, sparse
from tests.factories import exchange_bytes, family_record
from triallog.domain import records as r
from triallog.exchange.reader import read_exchange
from triallog.services.transfer import import_bytes
from triallog.storage import orm, record_import
from triallog.storage import rows as repo
from triallog.storage.db import Database

STAMPS = ("created_at", "updated_at")


def orm_person_row(person: r.Person, files: dict[str, str]) -> orm.PersonRow:
    """A whole person as the ORM built it before imports were written in bulk: one row object each,
    references as relationships, ids learnt from the database as each row went in."""
    row = orm.PersonRow()
    repo.apply_person_fields(row, person)
    coverages: dict[str, orm.CoverageRow] = {}
    for c in person.coverages:
        coverages[c.key] = cov = orm.CoverageRow()
        repo.apply_coverage_fields(cov, c)
        row.coverages.append(cov)
    prescribers: dict[str, orm.PrescriberRow] = {}
    for p in person.prescribers:
        prescribers[p.key] = pre = orm.PrescriberRow()
        repo.apply_prescriber_fields(pre, p)
        row.prescribers.append(pre)
    trials: dict[str, orm.TrialRow] = {}
    for t in person.trials:
        trials[t.key] = tr = orm.TrialRow()
        repo.apply_trial_fields(tr, t)
        tr.coverage = coverages.get(t.coverage) if t.coverage else None
        tr.prescriber = prescribers.get(t.prescriber) if t.prescriber else None
        row.trials.append(tr)
    for d in person.measure_definitions:
        row.measure_definitions.append(
            orm.MeasureDefinitionRow(
                name=d.name, unit=d.unit, min=d.min, max=d.max, higher_is_better=d.higher_is_better, goal=d.goal
            )
        )
    for m in person.measurements:
        row.measurements.append(repo.measurement_row(m))
    cases: dict[str, orm.CaseRow] = {}
    for k in person.cases:
        cases[k.key] = case = orm.CaseRow()
        repo.apply_case_fields(case, replace(k, events=r.events_in_order(k.events), claims=[]))
        case.claims = [
            orm.CaseClaimRow(
                ground=claim.ground.value,
                required_drug=claim.required_drug.strip(),
                explanation=claim.explanation,
                proof=[orm.CaseClaimTrialRow(trial=trials[key]) for key in dict.fromkeys(claim.trials)],
            )
            for claim in k.claims
        ]
        case.coverage = coverages.get(k.coverage) if k.coverage else None
        case.prescriber = prescribers.get(k.prescriber) if k.prescriber else None
        row.cases.append(case)
    for logged in person.calls:
        call = orm.CallRow()
        repo.apply_call_fields(call, logged)
        call.case = cases.get(logged.case) if logged.case else None
        row.calls.append(call)
    for kept in person.documents:
        doc = orm.DocumentRow(stored_file=files.get(kept.key))
        repo.apply_document_fields(doc, kept)
        doc.trial = trials.get(kept.trial) if kept.trial else None
        doc.case = cases.get(kept.case) if kept.case else None
        row.documents.append(doc)
    return row


def import_the_orm_way(db: Database, data: bytes, replace_people: bool = False) -> None:
    people = read_exchange(data).people
    with db.transaction() as session:
        for person in people:
            named = orm.PersonRow.name_folded == repo.fold(person.name)
            existing = session.scalars(select(orm.PersonRow).where(named)).first()
            if existing is not None:
                assert replace_people
                session.delete(existing)
        session.flush()
        for person in people:
            session.add(orm_person_row(person, {}))


def contents(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in id order, without the moments rows were entered; those are checked
    to be there, in SQLAlchemy's form."""
    con = sqlite3.connect(db.path)
    try:
        tables = [name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        found = {}
        for table in sorted(tables):
            cursor = con.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
            names = [c[0] for c in cursor.description]
            keep = [i for i, name in enumerate(names) if name not in STAMPS]
            rows = cursor.fetchall()
            for row in rows:
                for i, name in enumerate(names):
                    if name in STAMPS:
                        assert isinstance(row[i], str) and len(row[i]) == len("2024-01-02 03:04:05.000006")
            found[table] = [tuple(row[i] for i in keep) for row in rows]
        return found
    finally:
        con.close()


def test_a_rich_record_imported_in_bulk_is_stored_exactly_as_the_orm_stored_it(tmp_path: Path, dana_json: Path) -> None:
    family = family_record(0.05, seed=11)
    rebuilt = json.loads(family)
    rebuilt["people"] = rebuilt["people"][1:3]
    rebuilt["people"][0]["calls"] = rebuilt["people"][0]["calls"][::2]
    rebuilt["people"][1]["measurements"] = rebuilt["people"][1]["measurements"][::3]
    steps: list[tuple[bytes, bool]] = [
        (exchange_bytes(leo(), sparse()), False),
        (dana_json.read_bytes(), False),
        (family, True),  # Léo again: replaced
        (json.dumps(rebuilt).encode(), True),  # two people replaced with fewer rows: ids reused
        (exchange_bytes(leo()), True),
    ]
    bulk, by_orm = Database(tmp_path / "bulk"), Database(tmp_path / "orm")
    try:
        for data, replacing in steps:
            import_bytes(bulk, data, replace=replacing)
            import_the_orm_way(by_orm, data, replacing)
            assert contents(bulk) == contents(by_orm)
        written = contents(bulk)
    finally:
        bulk.close()
        by_orm.close()
    for table in record_import.TABLES:
        assert written[table.name], f"the record fills every table: {table.name} is empty"
    assert written["sqlite_sequence"] == [("person", 11)]


def test_the_cyclic_collector_is_off_during_an_import_and_on_again_after(db: Database, dana_json: Path) -> None:
    seen: list[bool] = []
    real = record_import.insert_people

    def watched(*args: Any) -> None:
        seen.append(gc.isenabled())
        real(*args)

    assert gc.isenabled()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(record_import, "insert_people", watched)
        import_bytes(db, dana_json.read_bytes())
    assert seen == [False] and gc.isenabled()


def test_the_collector_comes_back_on_after_an_import_that_failed(db: Database) -> None:
    from triallog.domain.errors import ValidationError

    with pytest.raises(ValidationError):
        import_bytes(db, b'{"format": "triallog-exchange", "version": 2, "people": [{}]}')
    assert gc.isenabled()
