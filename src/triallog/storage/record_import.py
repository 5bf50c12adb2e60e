"""Whole records written in bulk, as an import writes them: one `executemany` per table.

The ORM would insert row by row, each with `RETURNING` to learn its id before the rows that refer to
it; here every id is chosen before anything is written (the next free one of each table, in the order
the ORM would have used), so each table goes in with one statement and the database holds exactly
what the ORM would have written. All of it runs inside the caller's write transaction, and uses the
tables alone, never the mapped classes, so that an import never waits for the ORM's mapping to be set up.
"""

from __future__ import annotations

import gc
import itertools
import operator
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Table, delete, func, select, text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from triallog.domain import records as r
from triallog.storage import orm
from triallog.storage import row_values as v
from triallog.storage.row_values import Values, fold

PERSON, COVERAGE, PRESCRIBER, TRIAL, SIDE_EFFECT, DEFINITION, MEASUREMENT = (
    orm.Base.metadata.tables[name]
    for name in ("person", "coverage", "prescriber", "trial", "side_effect", "measure_definition", "measurement")
)
CASE, REQUIRED_DRUG, CLAIM, PROOF, EVENT = (
    orm.Base.metadata.tables[name]
    for name in ("case_", "case_required_drug", "case_claim", "case_claim_trial", "case_event")
)
CALL, REQUESTED, DOCUMENT, PACKET = (
    orm.Base.metadata.tables[name] for name in ("call", "call_requested_document", "document", "packet")
)
#: every table an import writes (all but the packets, which are made here), each before those that refer to it
TABLES: tuple[Table, ...] = tuple(table for table in orm.Base.metadata.sorted_tables if table is not PACKET)
#: when each row was entered and last changed (`orm.Stamped`)
STAMPS = ("created_at", "updated_at")


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a record is read and written in bulk.

    Tens of thousands of small objects are made and all kept until the end, none of them garbage: each
    collection would walk them all again for nothing (a tenth of an import's time)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


class PersonHere(NamedTuple):
    id: int
    name: str


def people_named(session: Session, names: list[str]) -> list[PersonHere | None]:
    """For each name, the person already here under it (compared trimmed and case-folded), or None."""
    folded = [fold(name) for name in names]
    query = select(PERSON.c.name_folded, PERSON.c.id, PERSON.c.name).where(PERSON.c.name_folded.in_(set(folded)))
    here = {row.name_folded: PersonHere(row.id, row.name) for row in session.execute(query)}
    return [here.get(name) for name in folded]


def remove_people(session: Session, person_ids: list[int]) -> list[str]:
    """Remove these people and everything of theirs (the database cascades to every row that is theirs).

    Returns their stored files (documents and kept packets, relative to the data folder): the caller
    deletes them once the transaction has committed."""
    if not person_ids:
        return []
    documents = select(DOCUMENT.c.stored_file).where(
        DOCUMENT.c.person_id.in_(person_ids), DOCUMENT.c.stored_file.is_not(None)
    )
    packets = select(PACKET.c.stored_file).where(PACKET.c.person_id.in_(person_ids))
    files = [*session.scalars(documents), *session.scalars(packets)]
    session.execute(delete(PERSON).where(PERSON.c.id.in_(person_ids)))
    return files


def insert_people(session: Session, people: list[r.Person], files: dict[int, dict[str, str]]) -> None:
    """Write whole person records (references resolved by key) in one statement per table.

    `files` maps a person's place in `people`, then a document's key, to where its file was stored
    under the data folder."""
    rows = NewRows(session)
    for i, person in enumerate(people):
        add_person_rows(rows, person, files.get(i, {}))
    connection = session.connection()
    stamp = orm.utcnow()  # when these rows were entered: one moment, the import's
    for table, values in rows.by_table.items():
        if values:
            statement, params = _executemany(connection.dialect, table, values, stamp)
            connection.exec_driver_sql(statement, params)


def _executemany(
    dialect: Dialect, table: Table, rows: list[Values], stamp: datetime
) -> tuple[str, list[tuple[Any, ...]]]:
    """The INSERT for these rows (all with the same keys) and each row's parameters in their stored form,
    entered and last changed at `stamp`.

    The columns' own bind processors make the stored form, as SQLAlchemy would make it for each row."""
    keys = list(rows[0])
    quote = dialect.identifier_preparer.quote
    columns = ", ".join(quote(key) for key in [*keys, *STAMPS])
    statement = f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({', '.join('?' * (len(keys) + len(STAMPS)))})"
    stamps = tuple(_bind_processor(dialect, table, key)(stamp) for key in STAMPS)
    processors = [(i, p) for i, key in enumerate(keys) if (p := _bind_processor(dialect, table, key))]
    pick = operator.itemgetter(*keys)
    if not processors:
        return statement, [(*pick(row), *stamps) for row in rows]
    params = []
    for row in rows:
        values = list(pick(row))
        for i, process in processors:
            if values[i] is not None:
                values[i] = process(values[i])
        params.append((*values, *stamps))
    return statement, params


def _bind_processor(dialect: Dialect, table: Table, key: str) -> Any:
    """What SQLAlchemy does to a column's value before SQLite takes it (dates to text, say), or None."""
    column_type = table.c[key].type
    return column_type.dialect_impl(dialect).bind_processor(dialect)


class NewRows:
    """The rows to write, table by table, each with the id it will have."""

    def __init__(self, session: Session) -> None:
        self.by_table: dict[Table, list[Values]] = {table: [] for table in TABLES}
        self._ids = {table: itertools.count(first) for table, first in _first_free_ids(session).items()}

    def add(self, table: Table, values: Values) -> int:
        """Add a row (its values are taken as they are) and return its id."""
        values["id"] = row_id = next(self._ids[table])
        self.by_table[table].append(values)
        return row_id


def _first_free_ids(session: Session) -> dict[Table, int]:
    """The id SQLite would give each table's next row: after the largest there, and for a table that
    never reuses an id (person), after the largest there ever was."""
    largest = [select(func.max(table.c.id)).scalar_subquery() for table in TABLES]
    ever = select(text("seq")).select_from(text("sqlite_sequence")).where(text("name = 'person'")).scalar_subquery()
    *found, person_ever = session.execute(select(*largest, ever)).one()
    first = {table: (n or 0) + 1 for table, n in zip(TABLES, found, strict=True)}
    first[PERSON] = max(first[PERSON], (person_ever or 0) + 1)
    return first


def add_person_rows(rows: NewRows, person: r.Person, files: dict[str, str]) -> None:
    """One person's whole record as rows, in the order the ORM would insert them (so with its ids)."""
    person_id = rows.add(PERSON, v.person_values(person))
    mine = {"person_id": person_id}
    coverages = {c.key: rows.add(COVERAGE, v.coverage_values(c) | mine) for c in person.coverages}
    prescribers = {p.key: rows.add(PRESCRIBER, v.prescriber_values(p) | mine) for p in person.prescribers}
    trials: dict[str, int] = {}
    for t in person.trials:
        refs = {"coverage_id": _ref(coverages, t.coverage), "prescriber_id": _ref(prescribers, t.prescriber)}
        trials[t.key] = trial_id = rows.add(TRIAL, v.trial_values(t) | mine | refs)
        for s in t.side_effects:
            rows.add(SIDE_EFFECT, v.side_effect_values(s) | {"trial_id": trial_id})
    for definition in person.measure_definitions:
        rows.add(DEFINITION, v.measure_definition_values(definition) | mine)
    for m in person.measurements:
        rows.add(MEASUREMENT, v.measurement_values(m) | mine)
    cases: dict[str, int] = {}
    for c in person.cases:
        refs = {"coverage_id": _ref(coverages, c.coverage), "prescriber_id": _ref(prescribers, c.prescriber)}
        cases[c.key] = case_id = rows.add(CASE, v.case_values(c) | mine | refs)
        for drug in c.required_drugs:
            rows.add(REQUIRED_DRUG, {"case_id": case_id, "drug": drug})
        for claim in c.claims:
            claim_id = rows.add(CLAIM, v.claim_values(claim) | {"case_id": case_id})
            for key in v.proof_keys(claim):
                rows.add(PROOF, {"claim_id": claim_id, "trial_id": trials[key]})
        # An import keeps each case's events sorted by date (a stable sort), as the format says.
        for e in r.events_in_order(c.events):
            rows.add(EVENT, v.event_values(e) | {"case_id": case_id})
    for call in person.calls:
        call_id = rows.add(CALL, v.call_values(call) | mine | {"case_id": _ref(cases, call.case)})
        for description in call.requested_documents:
            # which document answers a request is the database's alone: the format has no such key
            rows.add(REQUESTED, {"call_id": call_id, "description": description, "document_id": None})
    for d in person.documents:
        links = {"trial_id": _ref(trials, d.trial), "case_id": _ref(cases, d.case), "stored_file": files.get(d.key)}
        rows.add(DOCUMENT, v.document_values(d) | mine | links)


def _ref(ids: dict[str, int], key: str | None) -> int | None:
    """The id of the row a key names; None for no key, or a key that names nothing."""
    return ids.get(key) if key else None
