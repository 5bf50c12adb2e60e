"""Plain tables of records, one column per (title, text-of-record) pair: a person's plans and prescribers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt

from triallog.domain import records as r
from triallog.gui.models.base import RowTableModel

T = TypeVar("T")


class RecordTableModel(RowTableModel[T]):
    """Rows of records, one column per (title, text-of-record) pair."""

    def __init__(self, columns: Sequence[tuple[str, Callable[[T], str]]], parent: QObject | None = None) -> None:
        super().__init__(parent=parent)
        self.columns = list(columns)
        self.headers = [title for title, _text in self.columns]

    def cell(self, record: T, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.columns[column][1](record)
        return None


def coverage_model(parent: QObject | None = None) -> RecordTableModel[r.Coverage]:
    return RecordTableModel[r.Coverage](
        [
            ("Carrier", lambda c: c.carrier),
            ("Plan", lambda c: c.plan_name),
            ("Type", lambda c: c.plan_type.label if c.plan_type else ""),
            ("Member ID", lambda c: c.member_id),
            ("State", lambda c: c.state),
            ("From", lambda c: c.start.human() if c.start else ""),
            ("To", lambda c: c.end.human() if c.end else "in force"),
        ],
        parent,
    )


def prescriber_model(parent: QObject | None = None) -> RecordTableModel[r.Prescriber]:
    return RecordTableModel[r.Prescriber](
        [
            ("Name", lambda p: p.name),
            ("Specialty", lambda p: p.specialty),
            ("Practice", lambda p: p.practice),
            ("Phone", lambda p: p.phone),
            ("Fax", lambda p: p.fax),
            ("NPI", lambda p: p.npi),
        ],
        parent,
    )
