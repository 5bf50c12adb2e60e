"""What is due, across everyone, as a table: overdue in a calm red, the next two weeks highlighted."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from triallog.domain.deadlines import UNVERIFIED
from triallog.gui import tones
from triallog.gui.models.base import Columns, RowTableModel
from triallog.services.cases import DueEntry, due_words, when_words

#: how far ahead an item counts as coming up soon
SOON_DAYS = 14


class Band(IntEnum):
    OVERDUE = 0
    SOON = 1
    LATER = 2
    NO_DATE = 3


class Column(Columns):
    WHEN = "Status"
    DATE = "Date"
    PERSON = "Person"
    CASE = "Case"
    WHAT = "What is due"
    SOURCE = "Rule or source"
    #: holds the view's one-click "Done" button on follow-up rows
    DONE = ""


# Soft backgrounds with dark text: noticeable, readable, never alarming.
TONES: dict[Band, tuple[str, str]] = {
    Band.OVERDUE: (tones.OVERDUE_PAPER, tones.OVERDUE_INK),
    Band.SOON: (tones.SOON_PAPER, tones.SOON_INK),
}


def band_of(entry: DueEntry, today: date) -> Band:
    """The item's band, counted from the day it is where its person lives (else `today`)."""
    if entry.due is None:
        return Band.NO_DATE
    if entry.overdue:
        return Band.OVERDUE
    return Band.SOON if _day(entry.due) <= (entry.day or today) + timedelta(days=SOON_DAYS) else Band.LATER


def source_words(entry: DueEntry) -> str:
    """The rule's citation, marked when its current text was not read; a follow-up's call."""
    if entry.is_follow_up or not entry.source or entry.verified:
        return entry.source
    return f"{entry.source} ({UNVERIFIED})"


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


class DueTableModel(RowTableModel[DueEntry]):
    """The entries in the order `due_all` gives them (overdue first, then by date).

    All at once, not in batches: the list holds only what is open, and the view puts a Done button
    on each follow-up row and counts the rows of each band."""

    headers = Column.headers()
    batch = None

    def __init__(self, entries: Sequence[DueEntry] = (), today: date | None = None, parent: QObject | None = None):
        super().__init__(entries, parent)
        self._today = today or date.today()

    def set_entries(self, entries: Sequence[DueEntry], today: date) -> None:
        self._today = today
        self.set_rows(entries)

    def entry_at(self, row: int) -> DueEntry:
        return self.row_at(row)

    def band_at(self, row: int) -> Band:
        return band_of(self.row_at(row), self._today)

    def key_of(self, entry: DueEntry) -> object:
        return entry

    def cell(self, entry: DueEntry, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(entry, Column(column))
        tone = TONES.get(band_of(entry, self._today))
        if role == Qt.ItemDataRole.BackgroundRole and tone:
            return QBrush(QColor(tone[0]))
        if role == Qt.ItemDataRole.ForegroundRole and tone:
            return QBrush(QColor(tone[1]))
        return None

    def _text(self, entry: DueEntry, column: Column) -> str:
        if column == Column.WHEN:
            return when_words(entry, self._today)
        if column == Column.DATE:
            return due_words(entry)
        if column == Column.DONE:
            return ""
        if column == Column.PERSON:
            return entry.person
        if column == Column.CASE:
            return entry.case or ""
        if column == Column.WHAT:
            return entry.what[:1].upper() + entry.what[1:]
        return source_words(entry)
