"""The call log: the named queries over calls and the documents asked for on them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triallog.domain import records as r
from triallog.storage import orm, rows


def call_records(session: Session, person_id: int, case_id: int | None = None) -> list[r.Call]:
    """A person's calls (or one case's) with the documents asked for on each, in two queries (not one
    per call), in the order entered."""
    which = [orm.CallRow.person_id == person_id]
    if case_id is not None:
        which.append(orm.CallRow.case_id == case_id)
    return [call for _person, call in _calls(session, which)]


def _calls(session: Session, which: list[Any]) -> list[tuple[int, r.Call]]:
    """The calls `which` selects with their requested documents, each beside its person's id."""
    requested = rows.by_parent(
        (row[0], row)
        for row in session.execute(
            select(*rows.REQUESTED_DOCUMENT).join(orm.CallRow).where(*which).order_by(orm.CallRequestedDocumentRow.id)
        )
    )
    query = select(*rows.CALL).where(*which).order_by(orm.CallRow.id)
    return [(row[1], rows.call_record(row, requested.get(row[0], []))) for row in session.execute(query)]


def call_row(session: Session, call_id: int) -> orm.CallRow | None:
    return session.get(orm.CallRow, call_id)


def requested_rows(session: Session, person_id: int) -> dict[str, list[orm.CallRequestedDocumentRow]]:
    """The documents asked for on each of a person's calls, by call key, in the order asked."""
    query = (
        select(orm.CallRequestedDocumentRow)
        .join(orm.CallRow)
        .where(orm.CallRow.person_id == person_id)
        .order_by(orm.CallRequestedDocumentRow.id)
    )
    return rows.by_parent((str(row.call_id), row) for row in session.scalars(query))


def latest_per_thread(session: Session) -> list[tuple[int, int | None, str, datetime]]:
    """(person id, case id, organization, the latest call's moment in UTC) for each case and organization
    anyone called about: what decides whether a follow-up was made (see `services.calls.open_follow_ups`)."""
    query = select(
        orm.CallRow.person_id, orm.CallRow.case_id, orm.CallRow.organization, func.max(orm.CallRow.when_utc)
    ).group_by(orm.CallRow.person_id, orm.CallRow.case_id, orm.CallRow.organization)
    return [(p, c, o, _utc(latest)) for p, c, o, latest in session.execute(query)]


def pending_follow_ups(session: Session) -> list[tuple[int, int, int | None, str, datetime]]:
    """(call id, person id, case id, organization, moment in UTC) of every call with a follow-up not ticked off."""
    query = select(
        orm.CallRow.id, orm.CallRow.person_id, orm.CallRow.case_id, orm.CallRow.organization, orm.CallRow.when_utc
    ).where(orm.CallRow.follow_up.is_not(None), orm.CallRow.follow_up_done_at.is_(None))
    return [(i, p, c, o, _utc(when)) for i, p, c, o, when in session.execute(query)]


def calls_by_id(session: Session, call_ids: list[int]) -> list[tuple[int, r.Call]]:
    """These calls, whoever's they are, each beside its person's id, in the order entered."""
    return _calls(session, [orm.CallRow.id.in_(call_ids)]) if call_ids else []


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC)


def requests_answered_by(session: Session, document_id: int) -> int:
    """How many of the documents asked for on calls this document answers."""
    query = select(func.count()).where(orm.CallRequestedDocumentRow.document_id == document_id)
    return session.scalar(query) or 0
