"""Kept evidence packets: the named queries over the packet table."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from triallog.storage import orm


def packet_rows(session: Session, person_id: int, case_id: int | None = None) -> list[orm.PacketRow]:
    """A person's kept packets (of one case, if given), newest first."""
    query = select(orm.PacketRow).where(orm.PacketRow.person_id == person_id)
    if case_id is not None:
        query = query.where(orm.PacketRow.case_id == case_id)
    return list(session.scalars(query.order_by(orm.PacketRow.made_at.desc(), orm.PacketRow.id.desc())))


def packet_row(session: Session, packet_id: int) -> orm.PacketRow | None:
    return session.get(orm.PacketRow, packet_id)


def stored_files(session: Session, person_id: int) -> list[str]:
    """The stored files (relative to the data folder) of a person's kept packets: a removal or a
    replacement deletes them once its transaction has committed."""
    return list(session.scalars(select(orm.PacketRow.stored_file).where(orm.PacketRow.person_id == person_id)))
