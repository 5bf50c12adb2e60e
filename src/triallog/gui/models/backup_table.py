"""The backups as a table: when each was taken, why, and what it holds (or that it is damaged)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor

from triallog.gui.models.base import Columns, RowTableModel
from triallog.gui.tones import DAMAGED_INK
from triallog.services.backups import Backup

DAMAGED = "damaged: cannot be restored"


class Column(Columns):
    TAKEN = "Taken"
    WHY = "Why"
    HOLDS = "Holds"


def people_text(n: int | None) -> str:
    return "1 person" if n == 1 else f"{n or 0} people"


def trials_text(n: int | None) -> str:
    return "1 trial" if n == 1 else f"{n or 0} trials"


def taken_text(taken: datetime) -> str:
    """`Sat 5 Dec 2026, 9:15 AM`: when a backup was taken, on this computer's clock."""
    hour = taken.hour % 12 or 12
    return f"{taken:%a} {taken.day} {taken:%b %Y}, {hour}:{taken:%M} {'AM' if taken.hour < 12 else 'PM'}"


def holds_text(backup: Backup) -> str:
    return f"{people_text(backup.people)}, {trials_text(backup.trials)}" if backup.good else DAMAGED


class BackupTableModel(RowTableModel[Backup]):
    """The backups in the order given (the service gives them newest first)."""

    headers = Column.headers()

    def __init__(self, backups: Sequence[Backup] = (), parent: QObject | None = None) -> None:
        super().__init__(backups, parent)

    def set_backups(self, backups: Sequence[Backup]) -> None:
        self.set_rows(backups)

    def backup_at(self, row: int) -> Backup:
        return self.row_at(row)

    def key_of(self, backup: Backup) -> object:
        return backup.path

    def sort_value(self, backup: Backup, column: int) -> Any:
        return backup.taken if column == Column.TAKEN else self._text(backup, Column(column))

    def cell(self, backup: Backup, column: int, role: int) -> Any:
        column = Column(column)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(backup, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{backup.path.name}" + ("" if backup.good else f": {backup.problem}")
        if role == Qt.ItemDataRole.ForegroundRole and not backup.good:
            return QColor(DAMAGED_INK)
        return None

    @staticmethod
    def _text(backup: Backup, column: Column) -> str:
        if column == Column.TAKEN:
            return taken_text(backup.taken)
        if column == Column.WHY:
            return backup.reason_text
        return holds_text(backup)
