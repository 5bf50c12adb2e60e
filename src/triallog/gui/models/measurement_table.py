"""Table models for symptom scores and for each trial's measured response, with a sort role for dates."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from triallog.domain.dates import PartialDate
from triallog.domain.measures import Response, Score, band, difficulty_text, item9_positive, verdict_text
from triallog.domain.records import Measurement, Trial
from triallog.domain.rules import Instrument

#: what a QSortFilterProxyModel sorts by: numbers for dates and scores, folded text otherwise
SORT_ROLE = Qt.ItemDataRole.UserRole
#: the measurement's key, for finding a row again after a refresh
KEY_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex

INSTRUMENT_NAMES = {
    Instrument.PHQ9: "PHQ-9 (depression)",
    Instrument.GAD7: "GAD-7 (anxiety)",
    Instrument.PAIN: "Pain (0–10)",
}


def instrument_name(instrument: str) -> str:
    """How an instrument reads to a person: `PHQ-9 (depression)`, or a custom measure's own name."""
    if instrument.startswith(Instrument.CUSTOM_PREFIX):
        return instrument[len(Instrument.CUSTOM_PREFIX) :]
    return INSTRUMENT_NAMES.get(instrument, instrument)


def score_text(score: float) -> str:
    return f"{score:g}"


def date_order(value: PartialDate) -> int:
    """An integer that sorts like PartialDate.sort_key (first day, then coarser before finer)."""
    first, precision = value.sort_key()
    return first.toordinal() * 4 + precision


class MeasurementColumn(IntEnum):
    DATE = 0
    INSTRUMENT = 1
    SCORE = 2
    BAND = 3
    DIFFICULTY = 4
    NOTES = 5


MEASUREMENT_HEADERS = ("Date", "Measure", "Score", "Severity", "Difficulty", "Notes")
#: the PHQ-9 and GAD-7 closing question, shortened for the Difficulty column's header
DIFFICULTY_TIP = "How difficult the problems made work, home and getting along with people (the form's last question)"


class MeasurementTableModel(QAbstractTableModel):
    """One row per score; `units` maps custom instruments (`custom:NAME`) to their unit."""

    def __init__(
        self,
        measurements: Sequence[Measurement] = (),
        units: dict[str, str] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._rows: list[Measurement] = []
        self._dates: list[int] = []  # sort keys made once: sorting thousands of rows asks for them often
        self._units: dict[str, str] = {}
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self.set_measurements(measurements, units)

    def set_measurements(self, measurements: Sequence[Measurement], units: dict[str, str] | None = None) -> None:
        """New rows, in the order last asked for by `sort`."""
        self.beginResetModel()
        self._rows = list(measurements)
        self._dates = [date_order(m.taken) for m in self._rows]
        self._units = dict(units or {})
        if self._sort is not None:
            self._reorder(self._sorted_rows(*self._sort))
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in place by the SORT_ROLE values; a sorting proxy would ask Python for each key many times over."""
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        order_of_rows = self._sorted_rows(column, order)
        moved_to = {old: new for new, old in enumerate(order_of_rows)}
        self._reorder(order_of_rows)
        self.changePersistentIndexList(before, [self.index(moved_to[i.row()], i.column()) for i in before])
        self.layoutChanged.emit()

    def _sorted_rows(self, column: int, order: Qt.SortOrder) -> list[int]:
        keys = [self._sort_value(row, MeasurementColumn(column)) for row in range(len(self._rows))]
        return sorted(range(len(keys)), key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)

    def _reorder(self, rows: list[int]) -> None:
        self._rows = [self._rows[i] for i in rows]
        self._dates = [self._dates[i] for i in rows]

    def measurement_at(self, row: int) -> Measurement:
        return self._rows[row]

    def row_of(self, key: str) -> int:
        """The row of the measurement with this key, or -1."""
        return next((i for i, m in enumerate(self._rows) if m.key == key), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(MeasurementColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return MEASUREMENT_HEADERS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return DIFFICULTY_TIP if section == MeasurementColumn.DIFFICULTY else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        m = self._rows[index.row()]
        column = MeasurementColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(m, column)
        if role == SORT_ROLE:
            return self._sort_value(index.row(), column)
        if role == KEY_ROLE:
            return m.key
        if role == Qt.ItemDataRole.ToolTipRole and column == MeasurementColumn.NOTES and m.notes:
            return m.notes
        if role == Qt.ItemDataRole.TextAlignmentRole and column == MeasurementColumn.SCORE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _sort_value(self, row: int, column: MeasurementColumn) -> int | float | str:
        if column == MeasurementColumn.DATE:
            return self._dates[row]
        if column == MeasurementColumn.SCORE:
            return float(self._rows[row].score)
        if column == MeasurementColumn.DIFFICULTY:  # by the answer's order, not alphabetically; unanswered last
            difficulty = self._rows[row].difficulty
            return difficulty if difficulty is not None else 99
        return self._display(self._rows[row], column).casefold()

    def _display(self, m: Measurement, column: MeasurementColumn) -> str:
        if column == MeasurementColumn.DATE:
            return m.taken.human()
        if column == MeasurementColumn.INSTRUMENT:
            return instrument_name(m.instrument)
        if column == MeasurementColumn.SCORE:
            unit = self._units.get(m.instrument, "")
            return f"{score_text(m.score)} {unit}".strip()
        if column == MeasurementColumn.BAND:
            severity = band(m.instrument, m.score) or ""
            if item9_positive(m):
                # The prescriber must see this at a glance; the wording stays factual, not alarming.
                return f"{severity}; item 9 answered {m.items[8]}" if severity else f"item 9 answered {m.items[8]}"
            return severity
        if column == MeasurementColumn.DIFFICULTY:
            return difficulty_text(m.difficulty)
        return " ".join(m.notes.split())  # one line in the table; the tooltip has it all


class ResponseColumn(IntEnum):
    TRIAL = 0
    INSTRUMENT = 1
    BASELINE = 2
    LAST = 3
    CHANGE = 4
    VERDICT = 5


RESPONSE_HEADERS = ("Trial", "Measure", "Baseline", "Last on the drug", "Change", "Response")


def _score_on(score: Score | None) -> str:
    if score is None:
        return "—"
    return f"{score_text(score.score)} ({PartialDate.parse_iso(score.taken).human()})"


def change_text(response: Response) -> str:
    if response.change_points is None:
        return "—"
    points = f"{response.change_points:+g}".replace("-", "−")
    if response.goal is not None:  # judged against its goal, so the change reads in the measure's own unit
        return f"{points} {response.unit}".strip()
    if response.change_percent is None:
        return points
    return f"{points} ({response.change_percent:+.1f} %)".replace("-", "−")


class ResponseTableModel(QAbstractTableModel):
    """One row per trial and instrument: baseline, last score during the trial, change and verdict."""

    def __init__(self, rows: Sequence[tuple[Trial, Response]] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[Trial, Response]] = list(rows)

    def set_rows(self, rows: Sequence[tuple[Trial, Response]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> tuple[Trial, Response]:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(ResponseColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return RESPONSE_HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        trial, response = self._rows[index.row()]
        column = ResponseColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(trial, response, column)
        if role == SORT_ROLE:
            if column == ResponseColumn.TRIAL:
                return date_order(trial.start)
            if column == ResponseColumn.CHANGE:
                return response.change_percent if response.change_percent is not None else float("inf")
            return self._display(trial, response, column).casefold()
        if role == Qt.ItemDataRole.ToolTipRole and column == ResponseColumn.TRIAL:
            end = trial.end.human() if trial.end is not None else "still taking"
            return f"{trial.drug_label}: {trial.start.human()} to {end}"
        return None

    def _display(self, trial: Trial, response: Response, column: ResponseColumn) -> str:
        if column == ResponseColumn.TRIAL:
            return f"{trial.drug_label} ({trial.start.human()})"
        if column == ResponseColumn.INSTRUMENT:
            return instrument_name(response.instrument)
        if column == ResponseColumn.BASELINE:
            return _score_on(response.baseline)
        if column == ResponseColumn.LAST:
            return _score_on(response.last)
        if column == ResponseColumn.CHANGE:
            return change_text(response)
        return verdict_text(response)
