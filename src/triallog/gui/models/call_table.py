"""The call log as a table: one row per call, newest first, the reference number easy to spot."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QFont

from triallog.domain.records import Call
from triallog.domain.zones import format_short, zone_of
from triallog.gui.models.base import Columns, RowTableModel


class Column(Columns):
    WHEN = "When"
    DIRECTION = "Direction"
    WHO = "Who"
    REPRESENTATIVE = "Spoke with"
    REFERENCE = "Reference number"
    DURATION = "Minutes"
    FOLLOW_UP = "Follow up"
    SUMMARY = "Summary"


NO_REFERENCE = "none given"


def when_text(when: datetime, zone: tzinfo) -> str:
    """`Fri 27 Jan 2023, 9:15 AM CST`: the time in the person's own zone."""
    return format_short(when, zone)


def who_text(call: Call) -> str:
    party = call.party.label if call.party else ""
    organization = call.organization.strip()
    if organization and party and party.casefold() != organization.casefold():
        return f"{organization} ({party})"
    return organization or party


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines:
        return ""
    return lines[0] + (" …" if len(lines) > 1 else "")


class CallTableModel(RowTableModel[Call]):
    """The calls in the order given (the services give them newest first)."""

    headers = Column.headers()

    def __init__(self, calls: Sequence[Call] = (), parent: QObject | None = None, zone: tzinfo | None = None) -> None:
        super().__init__(calls, parent)
        self._bold: QFont | None = None
        self._zone = zone or zone_of("")

    def set_calls(self, calls: Sequence[Call], zone: tzinfo | None = None) -> None:
        """The calls to show, and the person's zone their times are shown in."""
        if zone is not None:
            self._zone = zone
        self.set_rows(calls)

    def call_at(self, row: int) -> Call:
        return self.row_at(row)

    def cell(self, call: Call, column: int, role: int) -> Any:
        column = Column(column)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(call, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.SUMMARY and call.summary.strip():
            return call.summary.strip()
        if role == Qt.ItemDataRole.FontRole and column == Column.REFERENCE and call.reference_number.strip():
            if self._bold is None:
                self._bold = QFont()
                self._bold.setBold(True)
            return self._bold
        return None

    def _text(self, call: Call, column: Column) -> str:
        if column == Column.WHEN:
            return when_text(call.when, self._zone)
        if column == Column.DIRECTION:
            return call.direction.label if call.direction else ""
        if column == Column.WHO:
            return who_text(call)
        if column == Column.REPRESENTATIVE:
            return call.representative
        if column == Column.REFERENCE:
            return call.reference_number.strip() or NO_REFERENCE
        if column == Column.DURATION:
            return "" if call.duration_minutes is None else str(call.duration_minutes)
        if column == Column.FOLLOW_UP:
            return call.follow_up.human() if call.follow_up else ""
        return _first_line(call.summary)
