"""A person's insurance plans and prescribers: add, change, remove."""

from __future__ import annotations

from sqlalchemy import func, select

from triallog.domain import records as r
from triallog.domain.errors import ValidationError, raise_if
from triallog.domain.rules import check_coverage, check_prescriber
from triallog.storage import orm
from triallog.storage import repositories as repo
from triallog.storage.db import Database


def save_coverage(db: Database, person_key: str, coverage: r.Coverage) -> str:
    raise_if(check_coverage(coverage))
    with db.transaction() as session:
        row = _owned(session, orm.CoverageRow, person_key, coverage.key) if coverage.key else None
        if row is None:
            row = orm.CoverageRow(person_id=repo.row_id(person_key))
            session.add(row)
        repo.apply_coverage_fields(row, coverage)
        session.flush()
        return str(row.id)


def save_prescriber(db: Database, person_key: str, prescriber: r.Prescriber) -> str:
    raise_if(check_prescriber(prescriber))
    with db.transaction() as session:
        row = _owned(session, orm.PrescriberRow, person_key, prescriber.key) if prescriber.key else None
        if row is None:
            row = orm.PrescriberRow(person_id=repo.row_id(person_key))
            session.add(row)
        repo.apply_prescriber_fields(row, prescriber)
        session.flush()
        return str(row.id)


def _uses(db: Database, column_of_trial, column_of_case, key: str) -> int:  # type: ignore[no-untyped-def]
    """How many trials and cases point at this plan or prescriber (they keep their data but lose the link)."""
    ident = repo.row_id(key)
    with db.reading() as session:
        trials = session.scalar(select(func.count()).where(column_of_trial == ident)) or 0
        cases = session.scalar(select(func.count()).where(column_of_case == ident)) or 0
        return trials + cases


def uses_of_coverage(db: Database, coverage_key: str) -> int:
    return _uses(db, orm.TrialRow.coverage_id, orm.CaseRow.coverage_id, coverage_key)


def uses_of_prescriber(db: Database, prescriber_key: str) -> int:
    return _uses(db, orm.TrialRow.prescriber_id, orm.CaseRow.prescriber_id, prescriber_key)


def remove_coverage(db: Database, person_key: str, coverage_key: str) -> None:
    with db.transaction() as session:
        row = _owned(session, orm.CoverageRow, person_key, coverage_key)
        if row is not None:
            session.delete(row)


def remove_prescriber(db: Database, person_key: str, prescriber_key: str) -> None:
    with db.transaction() as session:
        row = _owned(session, orm.PrescriberRow, person_key, prescriber_key)
        if row is not None:
            session.delete(row)


def _owned(session, table, person_key: str, key: str):  # type: ignore[no-untyped-def]
    row = session.get(table, repo.row_id(key))
    if row is not None and row.person_id != repo.row_id(person_key):
        raise ValidationError("record", "belongs to someone else", key)
    return row
