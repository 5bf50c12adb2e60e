"""Record (or change) a single score: a 0–10 pain score, a custom measure, or a questionnaire's total alone."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from triallog.domain.dates import PartialDate
from triallog.domain.errors import Problem, raise_if
from triallog.domain.records import MeasureDefinition, Measurement
from triallog.domain.rules import Instrument
from triallog.gui.changes import Changes
from triallog.gui.dialogs.base import RecordDialog
from triallog.gui.dialogs.measure_definition_dialog import read_number
from triallog.gui.models.measurement_table import instrument_name
from triallog.gui.widgets.labels import make_quiet
from triallog.services.measures import save_measurement
from triallog.services.workspace import Database

PAIN_ANCHORS = "0 = no pain, 10 = worst pain imaginable"
NOT_CHOSEN = "Choose a score"


def range_text(definition: MeasureDefinition) -> str:
    """`In days, from 0 to 31; lower is better.`"""
    parts = [f"In {definition.unit}" if definition.unit else "A number"]
    if definition.min is not None and definition.max is not None:
        parts.append(f", from {definition.min:g} to {definition.max:g}")
    elif definition.min is not None:
        parts.append(f", at least {definition.min:g}")
    elif definition.max is not None:
        parts.append(f", at most {definition.max:g}")
    parts.append("; higher is better." if definition.higher_is_better else "; lower is better.")
    return "".join(parts)


class ScoreDialog(RecordDialog):
    """`instrument` is NRS-pain, PHQ-9 or GAD-7 (a total without its items), or `custom:` / `custom:NAME`."""

    noun = "score"

    def __init__(
        self,
        db: Database,
        changes: Changes,
        person_key: str,
        instrument: str = Instrument.PAIN,
        measurement: Measurement | None = None,
        definitions: Sequence[MeasureDefinition] = (),
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        self.db, self.changes, self.person_key = db, changes, person_key
        self.measurement = measurement
        self.instrument = measurement.instrument if measurement else instrument
        self.definitions = list(definitions)
        self.custom = self.instrument.startswith(Instrument.CUSTOM_PREFIX)
        #: the instrument the score was saved under (a custom measure is chosen in the form)
        self.saved_instrument = self.instrument
        verb = "Change" if measurement else "Record"
        what = "custom measure" if self.custom else "pain score" if self.instrument == Instrument.PAIN else ""
        super().__init__(f"{verb} {what or instrument_name(self.instrument) + ' total'}", parent)
        form = self.section()
        if self.custom:
            self._custom_rows(form)
        else:
            self._scale_rows(form)
        taken = measurement.taken if measurement else PartialDate.of(today or date.today())
        self.date_field(form, "&Date taken:", "taken", taken)
        self.add_field(form, "N&otes:", "notes", QPlainTextEdit(measurement.notes if measurement else ""), "Optional")
        self.finish()

    # -- building ------------------------------------------------------------------

    def _scale_rows(self, form: QFormLayout) -> None:
        top = Instrument.SCALES[self.instrument][0]
        spin = QSpinBox()
        # One below the range means "not chosen yet", so a score is never saved by accident.
        spin.setRange(-1, top)
        spin.setSpecialValueText(NOT_CHOSEN)
        spin.setValue(int(self.measurement.score) if self.measurement else -1)
        spin.setFixedWidth(spin.fontMetrics().horizontalAdvance(NOT_CHOSEN) + 60)  # a number, not a text line
        self.spin = spin
        self.add_field(form, "&Score:", "score", spin)  # type: ignore[arg-type]
        anchors = PAIN_ANCHORS if self.instrument == Instrument.PAIN else f"The questionnaire's total, 0 to {top}."
        form.addRow("", make_quiet(QLabel(anchors)))

    def _custom_rows(self, form: QFormLayout) -> None:
        self.measure = QComboBox()
        for d in self.definitions:
            self.measure.addItem(d.name, d)
        chosen = self.instrument[len(Instrument.CUSTOM_PREFIX) :]
        if chosen and self.measure.findText(chosen) < 0:  # a score whose measure is no longer defined
            self.measure.addItem(chosen, MeasureDefinition(name=chosen))
        self.measure.setCurrentIndex(max(0, self.measure.findText(chosen)))
        self.measure.setEnabled(self.measurement is None)  # a score stays with its measure
        self.add_field(form, "&Measure:", "instrument", self.measure)
        score = QLineEdit("" if self.measurement is None else f"{self.measurement.score:g}")
        self.add_field(form, "&Score:", "score", score, "a number, such as 4 or 4.5")
        self.range_hint = make_quiet(QLabel())
        form.addRow("", self.range_hint)
        self.measure.currentIndexChanged.connect(self._show_range)
        self._show_range()

    def _show_range(self) -> None:
        definition = self.measure.currentData()
        self.range_hint.setText(range_text(definition) if definition is not None else "")

    # -- saving ----------------------------------------------------------------------

    def save(self) -> str:
        problems: list[Problem] = []
        instrument = self.instrument
        score: float | None
        if self.custom:
            definition = self.measure.currentData()
            if definition is None:
                problems.append(Problem("instrument", "choose a measure, or make one with New custom measure…"))
            else:
                instrument = Instrument.CUSTOM_PREFIX + definition.name
            score = read_number(self.text("score"), "score", problems, required=True)
        else:
            score = self.spin.value()
            if score < 0:
                problems.append(Problem("score", "choose a score", score))
        (taken,), date_problems = self.dates("taken")
        problems += date_problems
        if taken is None and not date_problems:
            problems.append(Problem("taken", "required: the month is enough, such as 2021-03", ""))
        raise_if(problems)
        assert taken is not None and score is not None
        key = self.measurement.key if self.measurement else ""
        items = list(self.measurement.items) if self.measurement and not self.custom else []
        record = Measurement(instrument, taken, score, items, self.text("notes"), key)
        saved = self.keep(save_measurement(self.db, self.person_key, record), record.key)
        self.saved_instrument = instrument
        return saved

    def accept(self) -> None:
        super().accept()
        if self.result() == QDialog.DialogCode.Accepted and self.made is not None:
            self.changes.announce(self.made)
