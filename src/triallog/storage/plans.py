"""A person's insurance plans and prescribers: the named queries over their two tables."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triallog.domain import records as r
from triallog.storage import orm, rows


def coverage_records(session: Session, person_id: int) -> list[r.Coverage]:
    """A person's plans, in the order they were entered."""
    query = select(*rows.COVERAGE).where(orm.CoverageRow.person_id == person_id).order_by(orm.CoverageRow.id)
    return [rows.coverage_record(row) for row in session.execute(query)]


def prescriber_records(session: Session, person_id: int) -> list[r.Prescriber]:
    """A person's prescribers, in the order they were entered."""
    query = select(*rows.PRESCRIBER).where(orm.PrescriberRow.person_id == person_id).order_by(orm.PrescriberRow.id)
    return [rows.prescriber_record(row) for row in session.execute(query)]


def coverages_of_cases(session: Session) -> dict[int, list[r.Coverage]]:
    """The plans any case is under, by their person's id (for the Due list)."""
    query = (
        select(*rows.COVERAGE)
        .where(orm.CoverageRow.id.in_(select(orm.CaseRow.coverage_id).where(orm.CaseRow.coverage_id.is_not(None))))
        .order_by(orm.CoverageRow.id)
    )
    return rows.by_parent((row[1], rows.coverage_record(row)) for row in session.execute(query))


def coverage_keys(session: Session, person_id: int) -> set[str]:
    return {str(i) for i in session.scalars(select(orm.CoverageRow.id).where(orm.CoverageRow.person_id == person_id))}


def prescriber_keys(session: Session, person_id: int) -> set[str]:
    query = select(orm.PrescriberRow.id).where(orm.PrescriberRow.person_id == person_id)
    return {str(i) for i in session.scalars(query)}


def coverage_row(session: Session, coverage_id: int) -> orm.CoverageRow | None:
    return session.get(orm.CoverageRow, coverage_id)


def prescriber_row(session: Session, prescriber_id: int) -> orm.PrescriberRow | None:
    return session.get(orm.PrescriberRow, prescriber_id)


def coverage_users(session: Session, coverage_id: int) -> tuple[int, int]:
    """How many trials and how many cases point at this plan."""
    trials = select(func.count()).where(orm.TrialRow.coverage_id == coverage_id)
    cases = select(func.count()).where(orm.CaseRow.coverage_id == coverage_id)
    return session.scalar(trials) or 0, session.scalar(cases) or 0


def prescriber_users(session: Session, prescriber_id: int) -> tuple[int, int]:
    """How many trials and how many cases point at this prescriber."""
    trials = select(func.count()).where(orm.TrialRow.prescriber_id == prescriber_id)
    cases = select(func.count()).where(orm.CaseRow.prescriber_id == prescriber_id)
    return session.scalar(trials) or 0, session.scalar(cases) or 0
