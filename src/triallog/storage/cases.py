"""Cases with their required drugs, claims and status events: the named queries over their tables."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triallog.domain import records as r
from triallog.storage import orm, rows


def case_records(session: Session, person_id: int) -> list[r.Case]:
    """A person's cases in the order they were entered, each whole: four queries."""
    return [case for _person, case in _cases(session, orm.CaseRow.person_id == person_id)]


def case_record(session: Session, case_id: int) -> r.Case | None:
    """One case as stored, whole."""
    found = _cases(session, orm.CaseRow.id == case_id)
    return found[0][1] if found else None


def cases_by_person(session: Session) -> dict[int, list[r.Case]]:
    """Every person's cases, by person id, each whole (for the Due list): four queries in all."""
    return rows.by_parent(_cases(session, None))


def _cases(session: Session, which: Any) -> list[tuple[int, r.Case]]:
    """The cases `which` selects (every case when None) with their lists, each beside its person's id."""

    def of(query: Any) -> Any:
        return query if which is None else query.join(orm.CaseRow).where(which)

    drugs: dict[int, list[str]] = rows.by_parent(
        session.execute(
            of(select(orm.CaseRequiredDrugRow.case_id, orm.CaseRequiredDrugRow.drug)).order_by(
                orm.CaseRequiredDrugRow.id
            )
        )
    )
    proof: dict[int, list[int]] = rows.by_parent(
        session.execute(
            of(select(orm.CaseClaimTrialRow.claim_id, orm.CaseClaimTrialRow.trial_id).join(orm.CaseClaimRow)).order_by(
                orm.CaseClaimTrialRow.id
            )
        )
    )
    claims = rows.by_parent(
        (row[1], rows.claim_record(row, proof.get(row[0], [])))
        for row in session.execute(of(select(*rows.CASE_CLAIM)).order_by(orm.CaseClaimRow.id))
    )
    events = rows.by_parent(
        (row[0], rows.event_record(row))
        for row in session.execute(of(select(*rows.CASE_EVENT)).order_by(orm.CaseEventRow.id))
    )
    query = select(*rows.CASE).order_by(orm.CaseRow.id)
    if which is not None:
        query = query.where(which)
    return [
        (row[1], rows.case_record(row, drugs.get(row[0], []), claims.get(row[0], []), events.get(row[0], [])))
        for row in session.execute(query)
    ]


def case_keys(session: Session, person_id: int) -> set[str]:
    return {str(i) for i in session.scalars(select(orm.CaseRow.id).where(orm.CaseRow.person_id == person_id))}


def case_row(session: Session, case_id: int) -> orm.CaseRow | None:
    return session.get(orm.CaseRow, case_id)


def case_users(session: Session, case_id: int) -> tuple[int, int, int]:
    """How many calls, documents and kept packets are filed under this case."""
    return (
        session.scalar(select(func.count()).where(orm.CallRow.case_id == case_id)) or 0,
        session.scalar(select(func.count()).where(orm.DocumentRow.case_id == case_id)) or 0,
        session.scalar(select(func.count()).where(orm.PacketRow.case_id == case_id)) or 0,
    )
