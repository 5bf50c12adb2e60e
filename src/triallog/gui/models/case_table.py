"""A person's cases as table rows: requested drug, plan, denial, status and the next date due."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from triallog.domain.records import Case

KEY_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    DRUG = 0
    PLAN = 1
    DENIAL = 2
    STATUS = 3
    NEXT_DUE = 4


HEADERS = {
    Column.DRUG: "Requested drug",
    Column.PLAN: "Plan",
    Column.DENIAL: "Denial (date, reference)",
    Column.STATUS: "Status",
    Column.NEXT_DUE: "Next due",
}


def status_of(case: Case) -> str:
    """The current status in words: the latest event's, else the recorded one."""
    status = case.events[-1].status if case.events else case.status
    return status.label if status else "No status yet"


class CaseTableModel(QAbstractTableModel):
    """Read-only rows, one per case. `set_cases` takes the cases with their plan titles and next due text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cases: list[Case] = []
        self._plans: dict[str, str] = {}
        self._due: dict[str, str] = {}

    def set_cases(
        self, cases: list[Case], plans: dict[str, str] | None = None, due: dict[str, str] | None = None
    ) -> None:
        self.beginResetModel()
        self._cases = list(cases)
        self._plans = dict(plans or {})
        self._due = dict(due or {})
        self.endResetModel()

    def case_at(self, row: int) -> Case | None:
        return self._cases[row] if 0 <= row < len(self._cases) else None

    def row_of(self, key: str) -> int:
        return next((i for i, c in enumerate(self._cases) if c.key == key), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._cases)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        case = self.case_at(index.row()) if index.isValid() else None
        if case is None:
            return None
        if role == KEY_ROLE:
            return case.key
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(case, Column(index.column()))
        return None

    def _text(self, case: Case, column: Column) -> str:
        if column is Column.DRUG:
            return case.requested_drug
        if column is Column.PLAN:
            return self._plans.get(case.coverage or "", "")
        if column is Column.DENIAL:
            parts = [case.denial_date.human() if case.denial_date else "", case.denial_reference.strip()]
            return ", ".join(p for p in parts if p)
        if column is Column.STATUS:
            return status_of(case)
        return self._due.get(case.key, "")
