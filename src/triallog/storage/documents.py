"""Documents: the named queries over the document table."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from triallog.domain import records as r
from triallog.storage import orm, rows


def document_records(session: Session, person_id: int) -> list[r.Document]:
    """A person's documents, in the order they were attached."""
    query = select(*rows.DOCUMENT).where(orm.DocumentRow.person_id == person_id).order_by(orm.DocumentRow.id)
    return [rows.document_record(row) for row in session.execute(query)]


def document_row(session: Session, document_id: int) -> orm.DocumentRow | None:
    return session.get(orm.DocumentRow, document_id)


def stored_files(session: Session, person_id: int) -> list[str]:
    """The files (relative to the data folder) of a person's documents."""
    query = select(orm.DocumentRow.stored_file).where(
        orm.DocumentRow.person_id == person_id, orm.DocumentRow.stored_file.is_not(None)
    )
    return [f for f in session.scalars(query.order_by(orm.DocumentRow.id)) if f]
