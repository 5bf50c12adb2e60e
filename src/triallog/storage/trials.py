"""Medication trials and their side effects: the named queries over their tables."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triallog.domain import records as r
from triallog.storage import orm, rows


def trial_records(session: Session, person_id: int) -> list[r.Trial]:
    """A person's trials in the order they were entered, each with its side effects: two queries."""
    effects = rows.by_parent(
        (row[0], rows.side_effect_record(row))
        for row in session.execute(
            select(*rows.SIDE_EFFECT)
            .join(orm.TrialRow, orm.TrialRow.id == orm.SideEffectRow.trial_id)
            .where(orm.TrialRow.person_id == person_id)
            .order_by(orm.SideEffectRow.id)
        )
    )
    query = select(*rows.TRIAL).where(orm.TrialRow.person_id == person_id).order_by(orm.TrialRow.id)
    return [rows.trial_record(row, effects.get(row[0], [])) for row in session.execute(query)]


def trial_keys(session: Session, person_id: int) -> set[str]:
    return {str(i) for i in session.scalars(select(orm.TrialRow.id).where(orm.TrialRow.person_id == person_id))}


def trial_row(session: Session, trial_id: int) -> orm.TrialRow | None:
    return session.get(orm.TrialRow, trial_id)


def trial_users(session: Session, trial_id: int) -> tuple[int, int]:
    """How many claims this trial proves and how many documents are filed under it."""
    claims = select(func.count()).where(orm.CaseClaimTrialRow.trial_id == trial_id)
    documents = select(func.count()).where(orm.DocumentRow.trial_id == trial_id)
    return session.scalar(claims) or 0, session.scalar(documents) or 0
