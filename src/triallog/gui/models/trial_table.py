"""Table models for medication trials and their side effects; trials sort dates by date."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from triallog.domain.dates import PartialDate, Precision
from triallog.domain.enums import Outcome
from triallog.domain.measures import Response, describe, summary
from triallog.domain.records import SideEffect, Trial
from triallog.gui.models.base import Columns, RowTableModel
from triallog.gui.tones import OUTCOME_DOTS

# Muted tones: enough to tell outcomes apart at a glance, never alarming.
OUTCOME_TONES: dict[Outcome, str] = {outcome: OUTCOME_DOTS[outcome.value] for outcome in Outcome}
_ICONS: dict[str, QIcon] = {}


def _dot(tone: str) -> QIcon:
    """A small filled circle; made on first use because pixmaps need a running application."""
    if tone not in _ICONS:
        pixmap = QPixmap(12, 12)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(QColor(tone))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(1, 1, 10, 10)
        painter.end()
        _ICONS[tone] = QIcon(pixmap)
    return _ICONS[tone]


def _date_order(value: PartialDate) -> int:
    """An integer that sorts like PartialDate.sort_key (first day, then coarser before finer)."""
    first, precision = value.sort_key()
    return first.toordinal() * 4 + precision


def _months(count: int) -> str:
    if count < 24:
        return f"{count} mo"
    years, months = divmod(count, 12)
    return f"{years} yr {months} mo" if months else f"{years} yr"


def duration_text(start: PartialDate, end: PartialDate) -> str:
    """How long from start to end: `12 days`, `5 mo`, `2 yr 3 mo`; `about …` when a date is partial."""
    if start.precision == Precision.DAY and end.precision == Precision.DAY:
        days = (end.first_day - start.first_day).days + 1  # both days count: Mar 5 to Mar 5 is one day
        if days <= 1:
            return "1 day"
        if days < 14:
            return f"{days} days"
        if days < 60:
            return f"{round(days / 7)} wk"
        months = (end.year - start.year) * 12 + (end.first_day.month - start.first_day.month)
        if end.first_day.day < start.first_day.day:
            months -= 1
        return _months(months)
    if Precision.YEAR in (start.precision, end.precision):
        years = end.year - start.year
        return f"about {years} yr" if years >= 1 else "under 1 yr"
    months = (end.year - start.year) * 12 + ((end.month or 1) - (start.month or 1))
    return f"about {_months(months)}" if months >= 1 else "under 1 mo"


class Column(Columns):
    DRUG = "Drug"
    DOSE = "Dose"
    START = "Start"
    END = "End"
    DURATION = "Duration"
    OUTCOME = "Outcome"
    RESPONSE = "Measured response"
    PLAN = "Plan"
    SIDE_EFFECTS = "Side effects"


STILL_TAKING = "still taking"
NOT_STARTED = "not started"


class TrialTableModel(RowTableModel[Trial]):
    """One row per trial. `plans` maps coverage keys to titles, `prescribers` keys to names."""

    headers = tuple(column.header for column in Column)

    def __init__(
        self,
        trials: Sequence[Trial] = (),
        plans: dict[str, str] | None = None,
        prescribers: dict[str, str] | None = None,
        today: date | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(trials, parent)
        self._plans = dict(plans or {})
        self._prescribers = dict(prescribers or {})
        self._responses: dict[str, list[Response]] = {}
        self._today = today

    def set_trials(
        self,
        trials: Sequence[Trial],
        plans: dict[str, str] | None = None,
        prescribers: dict[str, str] | None = None,
        responses: dict[str, list[Response]] | None = None,
    ) -> None:
        """`responses` maps a trial's key to its measured responses (domain.measures.responses)."""
        self._plans = dict(plans or {})
        self._prescribers = dict(prescribers or {})
        self._responses = dict(responses or {})
        self.set_rows(trials)

    def trial_at(self, row: int) -> Trial:
        return self.row_at(row)

    def cell(self, trial: Trial, column: int, role: int) -> Any:
        column = Column(column)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(trial, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(trial, column)
        if role == Qt.ItemDataRole.DecorationRole and column == Column.OUTCOME:
            return _dot(OUTCOME_TONES[trial.outcome])
        return None

    # -- cells -----------------------------------------------------------------

    def _end_date(self, trial: Trial) -> PartialDate | None:
        """Where the trial's span ends for its duration: its end, or today while still taking."""
        if trial.end is not None:
            return trial.end
        if trial.still_taking:
            return PartialDate.of(self._today or date.today())
        return None

    def _display(self, trial: Trial, column: Column) -> str:
        if column == Column.DRUG:
            return trial.drug_label
        if column == Column.DOSE:
            return dose_text(trial)
        if column == Column.START:
            return trial.start.human()
        if column == Column.END:
            if trial.outcome is Outcome.CONTRAINDICATED:
                return NOT_STARTED  # its end, if any, only repeats the day it was ruled out
            return trial.end.human() if trial.end is not None else STILL_TAKING
        if column == Column.DURATION:
            end = self._end_date(trial)
            if trial.outcome is Outcome.CONTRAINDICATED or end is None:
                return ""
            # A trial still running is measured to today, which is only ever as precise as its start.
            if trial.end is None:
                end = end.truncate(trial.start.precision)
            return duration_text(trial.start, end) + (" so far" if trial.end is None else "")
        if column == Column.OUTCOME:
            return trial.outcome.label
        if column == Column.PLAN:
            return self._plans.get(trial.coverage or "", "")
        if column == Column.RESPONSE:
            return summary(self._responses.get(trial.key, []))
        effects = [e.description for e in trial.side_effects]
        if len(effects) <= 2:
            return ", ".join(effects)
        return f"{effects[0]}, {effects[1]} and {len(effects) - 2} more"

    def sort_value(self, trial: Trial, column: int) -> int | str:
        if column == Column.START:
            return _date_order(trial.start)
        if column == Column.END:
            if trial.outcome is Outcome.CONTRAINDICATED:
                return _date_order(trial.start)  # never started: sorts where it was ruled out
            # Still taking sorts after every ended trial.
            return _date_order(trial.end) if trial.end is not None else _date_order(PartialDate.of(date.max))
        if column == Column.DURATION:
            end = self._end_date(trial)
            if trial.outcome is Outcome.CONTRAINDICATED or end is None:
                return -1
            return (end.first_day - trial.start.first_day).days
        if column == Column.SIDE_EFFECTS:
            return len(trial.side_effects)
        if column == Column.OUTCOME:
            return list(Outcome).index(trial.outcome)
        return self._display(trial, Column(column)).casefold()

    def _tooltip(self, trial: Trial, column: Column) -> str | None:
        if column == Column.DRUG:
            lines = [trial.drug_label]
            if trial.indication:
                lines.append(f"For: {trial.indication}")
            if trial.prescriber and trial.prescriber in self._prescribers:
                lines.append(f"Prescribed by {self._prescribers[trial.prescriber]}")
            if trial.reason_stopped:
                lines.append(f"Stopped because: {trial.reason_stopped}")
            return "\n".join(lines)
        if column == Column.DOSE and trial.route:
            return f"Route: {trial.route}"
        if column == Column.RESPONSE and self._responses.get(trial.key):
            return "\n".join(describe(x) for x in self._responses[trial.key])
        if column == Column.SIDE_EFFECTS and trial.side_effects:
            return "\n".join(
                f"{e.description} ({e.severity.label.lower()})" if e.severity else e.description
                for e in trial.side_effects
            )
        return None


class SideEffectTableModel(RowTableModel[SideEffect]):
    """The side effects of the trial being edited; the dialog owns the list until it saves."""

    headers = ("Side effect", "Severity", "Onset", "Resolved", "What was done")
    batch = None  # a handful, added and removed one by one

    def effects(self) -> list[SideEffect]:
        return list(self.rows)

    def effect_at(self, row: int) -> SideEffect:
        return self.row_at(row)

    def add(self, effect: SideEffect) -> int:
        row = self.total_rows()
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(effect)
        self._shown += 1
        self.endInsertRows()
        return row

    def replace(self, row: int, effect: SideEffect) -> None:
        self._rows[row] = effect
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.headers) - 1))

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self._shown -= 1
        self.endRemoveRows()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)  # rows are named by number in error messages
        return super().headerData(section, orientation, role)

    def cell(self, effect: SideEffect, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return effect.notes or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        cells = (
            effect.description,
            effect.severity.label if effect.severity else "",
            effect.onset.human() if effect.onset else "",
            effect.resolved.human() if effect.resolved else "",
            effect.action,
        )
        return cells[column]


def dose_text(trial: Trial) -> str:
    """Strength and dose without saying the strength twice ("25 mg" + "25 mg nightly")."""
    if trial.strength and trial.dose and trial.strength.casefold() not in trial.dose.casefold():
        return f"{trial.strength} · {trial.dose}"
    return trial.dose or trial.strength
