"""A person's insurance plans and prescribers: add, change, remove."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from triallog.domain import records as r
from triallog.domain.errors import ValidationError, raise_if
from triallog.domain.rules import check_coverage, check_prescriber
from triallog.services.changes import Changes
from triallog.storage import orm, plans
from triallog.storage.db import Database, Session
from triallog.storage.rows import apply_coverage_fields, apply_prescriber_fields, row_id


def save_coverage(db: Database, person_key: str, coverage: r.Coverage) -> Changes:
    """Add a plan (empty key: `created` is its key) or change one."""
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
        key = str(row.id)
    return Changes(person=person_key, plans=True, created=None if key == coverage.key else key)


def save_prescriber(db: Database, person_key: str, prescriber: r.Prescriber) -> Changes:
    """Add a prescriber (empty key: `created` is their key) or change one."""
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
        key = str(row.id)
    return Changes(person=person_key, plans=True, created=None if key == prescriber.key else key)


def uses_of_coverage(db: Database, coverage_key: str) -> int:
    """How many trials and cases point at this plan (they keep their data but lose the link)."""
    ident = row_id(coverage_key)
    with db.reading() as session:
        return sum(plans.coverage_users(session, ident))


def uses_of_prescriber(db: Database, prescriber_key: str) -> int:
    """How many trials and cases point at this prescriber (they keep their data but lose the link)."""
    ident = row_id(prescriber_key)
    with db.reading() as session:
        return sum(plans.prescriber_users(session, ident))


def remove_coverage(db: Database, person_key: str, coverage_key: str) -> Changes:
    """Remove a plan; the trials and cases under it keep their data but lose the link."""
    return _remove(db, person_key, coverage_key, plans.coverage_row, plans.coverage_users)


def remove_prescriber(db: Database, person_key: str, prescriber_key: str) -> Changes:
    """Remove a prescriber; the trials and cases they prescribed keep their data but lose the link."""
    return _remove(db, person_key, prescriber_key, plans.prescriber_row, plans.prescriber_users)


def _remove(
    db: Database,
    person_key: str,
    key: str,
    row_of: Callable[[Session, int], Any],
    users_of: Callable[[Session, int], tuple[int, int]],
) -> Changes:
    with db.transaction() as session:
        row = _owned(row_of(session, row_id(key)), person_key, key)
        if row is None:
            return Changes()
        trials, cases = users_of(session, row.id)
        session.delete(row)
    return Changes(person=person_key, plans=True, trials=trials > 0, cases=cases > 0)


def _owned(row: Any, person_key: str, key: str) -> Any:
    if row is not None and row.person_id != row_id(person_key):
        raise ValidationError("record", "belongs to someone else", key)
    return row
