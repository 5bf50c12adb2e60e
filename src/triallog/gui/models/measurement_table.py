"""Table models for symptom scores and for each trial's measured response; both sort dates by date."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt

from triallog.domain.dates import PartialDate
from triallog.domain.measures import Response, Score, band, difficulty_text, item9_positive, verdict_text
from triallog.domain.records import Measurement, Trial
from triallog.domain.rules import Instrument
from triallog.gui.models.base import Columns, RowTableModel

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


class MeasurementColumn(Columns):
    DATE = "Date"
    INSTRUMENT = "Measure"
    SCORE = "Score"
    BAND = "Severity"
    DIFFICULTY = "Difficulty"
    NOTES = "Notes"


#: the PHQ-9 and GAD-7 closing question, shortened for the Difficulty column's header
DIFFICULTY_TIP = "How difficult the problems made work, home and getting along with people (the form's last question)"


class MeasurementTableModel(RowTableModel[Measurement]):
    """One row per score; `units` maps custom instruments (`custom:NAME`) to their unit."""

    headers = MeasurementColumn.headers()

    def __init__(
        self,
        measurements: Sequence[Measurement] = (),
        units: dict[str, str] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(measurements, parent)
        self._units = dict(units or {})

    def set_measurements(self, measurements: Sequence[Measurement], units: dict[str, str] | None = None) -> None:
        """New rows, in the order last asked for by `sort`."""
        self._units = dict(units or {})
        self.set_rows(measurements)

    def measurement_at(self, row: int) -> Measurement:
        return self.row_at(row)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return DIFFICULTY_TIP if section == MeasurementColumn.DIFFICULTY else None
        return super().headerData(section, orientation, role)

    def cell(self, m: Measurement, column: int, role: int) -> Any:
        column = MeasurementColumn(column)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(m, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == MeasurementColumn.NOTES and m.notes:
            return m.notes
        if role == Qt.ItemDataRole.TextAlignmentRole and column == MeasurementColumn.SCORE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort_value(self, m: Measurement, column: int) -> int | float | str:
        if column == MeasurementColumn.DATE:
            return date_order(m.taken)
        if column == MeasurementColumn.SCORE:
            return float(m.score)
        if column == MeasurementColumn.DIFFICULTY:  # by the answer's order, not alphabetically; unanswered last
            return m.difficulty if m.difficulty is not None else 99
        return self._display(m, MeasurementColumn(column)).casefold()

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


class ResponseColumn(Columns):
    TRIAL = "Trial"
    INSTRUMENT = "Measure"
    BASELINE = "Baseline"
    LAST = "Last on the drug"
    CHANGE = "Change"
    VERDICT = "Response"


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


class ResponseTableModel(RowTableModel[tuple[Trial, Response]]):
    """One row per trial and instrument: baseline, last score during the trial, change and verdict."""

    headers = ResponseColumn.headers()

    def key_of(self, row: tuple[Trial, Response]) -> object:
        return (row[0].key, row[1].instrument)

    def cell(self, row: tuple[Trial, Response], column: int, role: int) -> Any:
        trial, response = row
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(trial, response, ResponseColumn(column))
        if role == Qt.ItemDataRole.ToolTipRole and column == ResponseColumn.TRIAL:
            end = trial.end.human() if trial.end is not None else "still taking"
            return f"{trial.drug_label}: {trial.start.human()} to {end}"
        return None

    def sort_value(self, row: tuple[Trial, Response], column: int) -> int | float | str:
        trial, response = row
        if column == ResponseColumn.TRIAL:
            return date_order(trial.start)
        if column == ResponseColumn.CHANGE:
            return response.change_percent if response.change_percent is not None else float("inf")
        return self._display(trial, response, ResponseColumn(column)).casefold()

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
