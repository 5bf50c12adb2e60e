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
            row = orm.CoverageRow(person_id=int(person_key))
            session.add(row)
        repo.apply_coverage_fields(row, coverage)
        session.flush()
        return str(row.id)


def save_prescriber(db: Database, person_key: str, prescriber: r.Prescriber) -> str:
    raise_if(check_prescriber(prescriber))
    with db.transaction() as session:
        row = _owned(session, orm.PrescriberRow, person_key, prescriber.key) if prescriber.key else None
        if row is None:
            row = orm.PrescriberRow(person_id=int(person_key))
            session.add(row)
        repo.apply_prescriber_fields(row, prescriber)
        session.flush()
        return str(row.id)


def uses_of_coverage(db: Database, coverage_key: str) -> int:
    """How many trials and cases name this plan (they keep their data but lose the link)."""
    with db.reading() as session:
        trials = session.scalar(select(func.count()).where(orm.TrialRow.coverage_id == int(coverage_key))) or 0
        cases = session.scalar(select(func.count()).where(orm.CaseRow.coverage_id == int(coverage_key))) or 0
        return trials + cases


def uses_of_prescriber(db: Database, prescriber_key: str) -> int:
    with db.reading() as session:
        trials = session.scalar(select(func.count()).where(orm.TrialRow.prescriber_id == int(prescriber_key))) or 0
        cases = session.scalar(select(func.count()).where(orm.CaseRow.prescriber_id == int(prescriber_key))) or 0
        return trials + cases


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
    row = session.get(table, int(key))
    if row is not None and row.person_id != int(person_key):
        raise ValidationError("record", "belongs to someone else", key)
    return row
