"""A person's insurance plans and prescribers: add, change, remove."""

from __future__ import annotations

from typing import Any

from triallog.domain import records as r
from triallog.domain.errors import ValidationError, raise_if
from triallog.domain.rules import check_coverage, check_prescriber
from triallog.storage import orm, plans
from triallog.storage.db import Database
from triallog.storage.rows import apply_coverage_fields, apply_prescriber_fields, row_id


def save_coverage(db: Database, person_key: str, coverage: r.Coverage) -> str:
    raise_if(check_coverage(coverage))
    with db.transaction() as session:
        row = (
            _owned(plans.coverage_row(session, row_id(coverage.key)), person_key, coverage.key)
            if coverage.key
            else None
        )
        if row is None:
            row = orm.CoverageRow(person_id=row_id(person_key))
            session.add(row)
        apply_coverage_fields(row, coverage)
        session.flush()
        return str(row.id)


def save_prescriber(db: Database, person_key: str, prescriber: r.Prescriber) -> str:
    raise_if(check_prescriber(prescriber))
    with db.transaction() as session:
        row = (
            _owned(plans.prescriber_row(session, row_id(prescriber.key)), person_key, prescriber.key)
            if prescriber.key
            else None
        )
        if row is None:
            row = orm.PrescriberRow(person_id=row_id(person_key))
            session.add(row)
        apply_prescriber_fields(row, prescriber)
        session.flush()
        return str(row.id)


def uses_of_coverage(db: Database, coverage_key: str) -> int:
    """How many trials and cases point at this plan (they keep their data but lose the link)."""
    ident = row_id(coverage_key)
    with db.reading() as session:
        return plans.uses_of_coverage(session, ident)


def uses_of_prescriber(db: Database, prescriber_key: str) -> int:
    """How many trials and cases point at this prescriber (they keep their data but lose the link)."""
    ident = row_id(prescriber_key)
    with db.reading() as session:
        return plans.uses_of_prescriber(session, ident)


def remove_coverage(db: Database, person_key: str, coverage_key: str) -> None:
    with db.transaction() as session:
        row = _owned(plans.coverage_row(session, row_id(coverage_key)), person_key, coverage_key)
        if row is not None:
            session.delete(row)


def remove_prescriber(db: Database, person_key: str, prescriber_key: str) -> None:
    with db.transaction() as session:
        row = _owned(plans.prescriber_row(session, row_id(prescriber_key)), person_key, prescriber_key)
        if row is not None:
            session.delete(row)


def _owned(row: Any, person_key: str, key: str) -> Any:
    if row is not None and row.person_id != row_id(person_key):
        raise ValidationError("record", "belongs to someone else", key)
    return row
