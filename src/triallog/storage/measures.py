"""Scores and custom measures: the named queries over their tables."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from triallog.domain import records as r
from triallog.storage import orm, rows


def measurement_records(
    session: Session, person_id: int, instrument: str | None = None, by_date: bool = False
) -> list[r.Measurement]:
    """A person's scores (of one instrument, if given): in the order entered, or `by_date` oldest first."""
    query = select(*rows.MEASUREMENT).where(orm.MeasurementRow.person_id == person_id)
    if instrument is not None:
        query = query.where(orm.MeasurementRow.instrument == instrument)
    if by_date:
        query = query.order_by(orm.MeasurementRow.taken, orm.MeasurementRow.id)
    else:
        query = query.order_by(orm.MeasurementRow.id)
    return [rows.measurement_record(row) for row in session.execute(query)]


def definition_records(session: Session, person_id: int) -> list[r.MeasureDefinition]:
    """A person's custom measures, in the order they were made."""
    query = (
        select(*rows.MEASURE_DEFINITION)
        .where(orm.MeasureDefinitionRow.person_id == person_id)
        .order_by(orm.MeasureDefinitionRow.id)
    )
    return [rows.measure_definition_record(row) for row in session.execute(query)]


def definition_rows(session: Session, person_id: int) -> list[orm.MeasureDefinitionRow]:
    query = (
        select(orm.MeasureDefinitionRow)
        .where(orm.MeasureDefinitionRow.person_id == person_id)
        .order_by(orm.MeasureDefinitionRow.id)
    )
    return list(session.scalars(query))


def measurement_row(session: Session, measurement_id: int) -> orm.MeasurementRow | None:
    return session.get(orm.MeasurementRow, measurement_id)


def rename_instrument(session: Session, person_id: int, old: str, new: str) -> None:
    """Every score of `old` becomes a score of `new` (a custom measure renamed)."""
    query = select(orm.MeasurementRow).where(
        orm.MeasurementRow.person_id == person_id, orm.MeasurementRow.instrument == old
    )
    for row in session.scalars(query):
        row.instrument = new


def new_definition_row(session: Session, person_id: int) -> orm.MeasureDefinitionRow:
    """A new custom measure of the person's, to be filled in."""
    row = orm.MeasureDefinitionRow(person_id=person_id)
    session.add(row)
    return row
