"""A person's cases as table rows: requested drug, plan, denial, status and the next date due."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt

from triallog.domain.records import Case
from triallog.gui.models.base import Columns, RowTableModel


class Column(Columns):
    DRUG = "Requested drug"
    PLAN = "Plan"
    DENIAL = "Denial (date, reference)"
    STATUS = "Status"
    NEXT_DUE = "Next due"


def status_of(case: Case) -> str:
    """The current status in words: the latest event's, else the recorded one."""
    status = case.events[-1].status if case.events else case.status
    return status.label if status else "No status yet"


class CaseTableModel(RowTableModel[Case]):
    """Read-only rows, one per case. `set_cases` takes the cases with their plan titles and next due text."""

    headers = Column.headers()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent=parent)
        self._plans: dict[str, str] = {}
        self._due: dict[str, str] = {}

    def set_cases(
        self, cases: list[Case], plans: dict[str, str] | None = None, due: dict[str, str] | None = None
    ) -> None:
        self._plans = dict(plans or {})
        self._due = dict(due or {})
        self.set_rows(cases)

    def case_at(self, row: int) -> Case | None:
        return self.row_at(row) if 0 <= row < self.total_rows() else None

    def cell(self, case: Case, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(case, Column(column))
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
