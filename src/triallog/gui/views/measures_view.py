"""A person's symptom measures: one chart per instrument, the scores beneath it, and each trial's response."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from triallog.domain import records as r
from triallog.domain.measures import BANDS, Response, trial_responses
from triallog.domain.rules import Instrument
from triallog.gui.changes import Changes
from triallog.gui.dialogs.measure_definition_dialog import MeasureDefinitionDialog
from triallog.gui.dialogs.questionnaire_dialog import QuestionnaireDialog
from triallog.gui.dialogs.score_dialog import ScoreDialog
from triallog.gui.models.measurement_table import (
    MeasurementColumn,
    MeasurementTableModel,
    ResponseColumn,
    ResponseTableModel,
    instrument_name,
    score_text,
)
from triallog.gui.read_only import hide_when_read_only, is_read_only
from triallog.gui.views.list_page import FIT_ROWS
from triallog.gui.views.measure_chart import MeasureChart
from triallog.gui.views.record_page import RecordPage
from triallog.gui.widgets.labels import scaled_font
from triallog.services.measures import delete_measurement
from triallog.services.workspace import Database

STANDARD = (Instrument.PHQ9, Instrument.GAD7, Instrument.PAIN)
ADD_BUTTON = {
    Instrument.PHQ9: "Fill in PHQ-9…",
    Instrument.GAD7: "Fill in GAD-7…",
    Instrument.PAIN: "Record pain score…",
}
CUSTOM_BUTTON = "Record custom measure…"
#: the scores' share of the width beside the responses: PHQ-9 and GAD-7 also show severity and difficulty
SCORES_SHARE, QUESTIONNAIRE_SCORES_SHARE = 0.36, 0.46
NO_PERSON = "Choose a person to see their symptom measures."


def empty_text(instrument: str) -> str:
    """What the chart says before the first score, naming the button that adds one."""
    if instrument.startswith(Instrument.CUSTOM_PREFIX):
        what, button = f"scores for “{instrument_name(instrument)}”", CUSTOM_BUTTON
    else:
        what = "pain scores" if instrument == Instrument.PAIN else f"{instrument} scores"
        button = ADD_BUTTON[instrument]
    return f"No {what} yet — add one with “{button}” below."


def _table(model: MeasurementTableModel | ResponseTableModel) -> QTableView:
    """A read-only table of whole rows, sorted by its model (over every row, not only those shown)."""
    view = QTableView()
    view.setModel(model)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)  # a screenful of rows, not thousands
    return view


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text)
    label.setFont(scaled_font(parent, 1.05))
    return label


class MeasuresView(RecordPage):
    """Shows the person given to `set_person`; refreshes itself when their trials or measures change."""

    PARTS = ("trials", "measures")

    def __init__(
        self, db: Database, changes: Changes, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(db, changes, parent)
        self.today = today
        self.person: r.Person | None = None
        self._responses: dict[str, list[tuple[r.Trial, Response]]] = {}  # per instrument, until the next reload
        #: what a save asked to show (person, measure, score) while the window still reads what it changed
        self._wish: tuple[str, str, str | None] | None = None

        self.selector = QComboBox()
        self.selector.setMinimumContentsLength(28)
        self.selector.currentIndexChanged.connect(self._show)
        show = self.show_label = QLabel("&Show:")
        show.setBuddy(self.selector)
        self.change_measure = QPushButton("Change this measure…")
        self.change_measure.clicked.connect(self.change_definition)
        top = QHBoxLayout()
        top.addWidget(show)
        top.addWidget(self.selector)
        top.addWidget(self.change_measure)
        top.addStretch(1)

        self.chart = MeasureChart()
        self.buttons: dict[str, QPushButton] = {}
        adds = QHBoxLayout()
        for instrument, text in ADD_BUTTON.items():
            self._button(adds, text).clicked.connect(lambda _=False, i=instrument: self.add(i))
        self._button(adds, CUSTOM_BUTTON).clicked.connect(lambda: self.add(Instrument.CUSTOM_PREFIX))
        self._button(adds, "New custom measure…").clicked.connect(self.new_definition)
        adds.addStretch(1)
        self.adds = QWidget()
        self.adds.setLayout(adds)
        adds.setContentsMargins(0, 0, 0, 0)

        self.scores = MeasurementTableModel()
        self.score_table = _table(self.scores)
        self.score_table.setAccessibleName("Scores")
        self.score_table.setColumnHidden(MeasurementColumn.INSTRUMENT, True)  # the selector says which
        self.score_table.sortByColumn(MeasurementColumn.DATE, Qt.SortOrder.DescendingOrder)
        self.score_table.doubleClicked.connect(lambda _index: self.edit())
        self.score_table.activated.connect(lambda _index: self.edit())
        QShortcut(QKeySequence.StandardKey.Delete, self.score_table, self.delete)
        self.score_table.selectionModel().selectionChanged.connect(self._enable)
        score_head = QHBoxLayout()
        self.scores_title = _heading("Scores", self)
        score_head.addWidget(self.scores_title)
        score_head.addStretch(1)
        self._button(score_head, "Edit…").clicked.connect(self.edit)
        self._button(score_head, "Delete…").clicked.connect(self.delete)
        self.buttons["Edit…"].setAccessibleDescription("Change the chosen score")
        self.buttons["Delete…"].setAccessibleDescription("Delete the chosen score")
        hide_when_read_only(db, self.buttons["Edit…"], self.buttons["Delete…"])

        self.results = ResponseTableModel()
        self.response_table = _table(self.results)
        self.response_table.setAccessibleName("Measured response to each trial")
        self.response_table.sortByColumn(ResponseColumn.TRIAL, Qt.SortOrder.AscendingOrder)
        self.response_table.setColumnHidden(ResponseColumn.INSTRUMENT, True)  # the selector says which
        header = self.response_table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(ResponseColumn.TRIAL, QHeaderView.ResizeMode.Stretch)
        self.response_title = _heading("Measured response to each trial", self)
        self.response_empty = QLabel()
        self.response_empty.setWordWrap(True)
        self.response_empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

        lower = self.tables_split = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self._column(score_head, self.score_table))
        lower.addWidget(self._column(self.response_title, self.response_empty, self.response_table))
        lower.setSizes([400, 700])
        self._divider_moved = False  # once the user has placed the divider, it stays where they put it
        lower.splitterMoved.connect(self._remember_divider)
        whole = QSplitter(Qt.Orientation.Vertical)
        whole.addWidget(self.chart)
        whole.addWidget(lower)
        whole.setStretchFactor(0, 3)
        whole.setStretchFactor(1, 2)
        whole.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(whole, 1)
        layout.addWidget(self.adds)
        self.set_person(None)

    def _button(self, row: QHBoxLayout, text: str) -> QPushButton:
        button = QPushButton(text)
        row.addWidget(button)
        self.buttons[text] = button
        return button

    def _column(self, head: QHBoxLayout | QWidget, *widgets: QWidget) -> QWidget:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 6, 0, 0)
        column.addLayout(head) if isinstance(head, QHBoxLayout) else column.addWidget(head)
        for widget in widgets:
            column.addWidget(widget)
        return holder

    # -- what is shown ---------------------------------------------------------------

    def instrument(self) -> str:
        """The instrument shown now (`PHQ-9`, `custom:NAME`, …), or "" when nobody is chosen."""
        return self.selector.currentData() or ""

    def select_instrument(self, instrument: str) -> None:
        index = self.selector.findData(instrument)
        if index >= 0:
            self.selector.setCurrentIndex(index)

    def refresh(self) -> None:
        """Redraw the person's record, keeping the chosen instrument when it still exists."""
        before = self.person.key if self.person is not None else None
        self.person = self.read_person()
        wish, self._wish = self._wish, None
        if wish is not None and wish[0] != self.person_key:
            wish = None
        keep = wish[1] if wish is not None else self.instrument()
        self._responses = {}
        self.selector.blockSignals(True)
        self.selector.clear()
        if self.person is not None:
            counts: dict[str, int] = {}
            for m in self.person.measurements:
                counts[m.instrument] = counts.get(m.instrument, 0) + 1
            customs = [Instrument.CUSTOM_PREFIX + d.name for d in self.person.measure_definitions]
            for instrument in [*STANDARD, *customs]:
                n = counts.get(instrument, 0)
                shown = f"{instrument_name(instrument)} — {n} score{'' if n == 1 else 's'}" if n else None
                self.selector.addItem(shown or instrument_name(instrument), instrument)
            index = self.selector.findData(keep)
            if index >= 0 and self.person.key != before and not counts.get(keep) and wish is None:
                index = -1  # another person, who has no score of it: show what they do have
            if index < 0:  # first time: the instrument with the most scores
                index = max(range(self.selector.count()), key=lambda i: counts.get(self.selector.itemData(i), 0))
            self.selector.setCurrentIndex(index)
        self.selector.blockSignals(False)
        self._show()
        if wish is not None and wish[2]:
            self.select_key(wish[2])

    def _show(self) -> None:
        person, instrument = self.person, self.instrument()
        for widget in (self.tables_split, self.selector, self.show_label):
            widget.setVisible(person is not None)
        self.adds.setVisible(person is not None and not is_read_only(self.db))
        if person is None:
            self.chart.show_empty(NO_PERSON)
            self.scores.set_measurements([])
            self.results.set_rows([])
            self.change_measure.hide()
            return
        definitions = person.measure_definitions
        definition = next((d for d in definitions if Instrument.CUSTOM_PREFIX + d.name == instrument), None)
        self.change_measure.setVisible(definition is not None and not is_read_only(self.db))
        self.score_table.setColumnHidden(MeasurementColumn.BAND, instrument not in BANDS)
        self.score_table.setColumnHidden(MeasurementColumn.DIFFICULTY, instrument not in BANDS)  # PHQ-9, GAD-7 ask it
        self._share_width(QUESTIONNAIRE_SCORES_SHARE if instrument in BANDS else SCORES_SHARE)
        chosen = [m for m in person.measurements if m.instrument == instrument]
        units = {Instrument.CUSTOM_PREFIX + d.name: d.unit for d in definitions}
        self.scores.set_measurements(chosen, units)
        self.chart.show_instrument(instrument, chosen, person.trials, definition, empty_text(instrument), self.today)
        if instrument not in self._responses:
            found = trial_responses(person.trials, chosen, definitions, self.today)  # the scores sorted once
            self._responses[instrument] = [
                (trial, response)
                for trial in person.trials
                for response in found.get(trial.key, [])
                if response.instrument == instrument
            ]
        rows = self._responses[instrument]
        self.results.set_rows(rows)
        self.response_table.setVisible(bool(rows))
        self.response_empty.setVisible(not rows)
        self.response_empty.setText(
            f"No trial has {instrument_name(instrument)} scores around it yet. A trial needs a score shortly "
            "before or at its start and one during it."
        )
        self._enable()

    def _share_width(self, share: float) -> None:
        total = sum(self.tables_split.sizes())
        if self._divider_moved or total <= 0:
            return
        scores = round(total * share)
        self.tables_split.setSizes([scores, total - scores])

    def _remember_divider(self, _position: int, _index: int) -> None:
        self._divider_moved = True

    def _enable(self) -> None:
        chosen = self.selected() is not None
        self.buttons["Edit…"].setEnabled(chosen)
        self.buttons["Delete…"].setEnabled(chosen)

    def selected(self) -> r.Measurement | None:
        rows = self.score_table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.scores.measurement_at(rows[0].row())

    def choose(self, instrument: str, key: str | None = None) -> None:
        """Show `instrument` with the score `key` chosen: now, or when the page is next shown."""
        if self.stale or self.person is None or self.person.key != self.person_key:
            self._wish = (self.person_key or "", instrument, key)
            return
        self.select_instrument(instrument)
        if key:
            self.select_key(key)

    def select_key(self, key: str) -> None:
        row = self.scores.row_of(key)
        if row >= 0:
            self.score_table.selectRow(row)
            self.score_table.scrollTo(self.scores.index(row, 0))

    # -- actions ---------------------------------------------------------------------

    def _after_save(self, instrument: str, key: str | None) -> None:
        """Show the measure (and the score) just saved: now, or once the window has read the save."""
        if self.person_key is not None and not self.changes.cached(self.person_key):
            self._wish = (self.person_key, instrument, key)  # the save's refresh is still to come
            return
        self.select_instrument(instrument)
        if key:
            self.select_key(key)

    def add(self, instrument: str) -> None:
        """Open the form for a new score of `instrument` (`custom:` lets the user choose the measure)."""
        if self.person is None or self.person_key is None:
            return
        if instrument in (Instrument.PHQ9, Instrument.GAD7):
            dialog: QuestionnaireDialog | ScoreDialog = QuestionnaireDialog(
                self.db, self.changes, self.person_key, instrument, parent=self, today=self.today
            )
        else:
            if instrument == Instrument.CUSTOM_PREFIX and self.instrument().startswith(Instrument.CUSTOM_PREFIX):
                instrument = self.instrument()
            if instrument == Instrument.CUSTOM_PREFIX and not self.person.measure_definitions:
                name = self.new_definition()  # nothing to record into yet: define the measure first
                if not name or self.person is None:
                    return
                instrument = Instrument.CUSTOM_PREFIX + name
            # the measures as they are now (one just defined included), not as this page last drew them
            definitions = self.changes.record(self.db, self.person_key).measure_definitions
            dialog = ScoreDialog(
                self.db,
                self.changes,
                self.person_key,
                instrument,
                None,
                definitions,
                parent=self,
                today=self.today,
            )
        if dialog.exec() and dialog.saved_key:
            saved = dialog.instrument if isinstance(dialog, QuestionnaireDialog) else dialog.saved_instrument
            self._after_save(saved, dialog.saved_key)

    def edit(self) -> None:
        m = self.selected()
        if m is None or self.person is None or self.person_key is None:
            return
        count = Instrument.SCALES.get(m.instrument, (0, 0))[1]
        if count and len(m.items) == count:
            dialog: QuestionnaireDialog | ScoreDialog = QuestionnaireDialog(
                self.db, self.changes, self.person_key, m.instrument, m, parent=self
            )
        else:
            dialog = ScoreDialog(
                self.db, self.changes, self.person_key, m.instrument, m, self.person.measure_definitions, parent=self
            )
        if dialog.exec() and dialog.saved_key:
            self._after_save(m.instrument, dialog.saved_key)

    def delete(self) -> None:
        m = self.selected()
        if m is None or self.person_key is None:
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Delete this score?")
        box.setTextFormat(Qt.TextFormat.PlainText)
        what = f"{instrument_name(m.instrument)} score of {score_text(m.score)}"
        box.setText(f"Delete the {what} from {m.taken.human()}?")
        box.setInformativeText("It is removed from the chart and from every report. This cannot be undone.")
        delete = box.addButton("Delete score", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Keep it", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        if box.clickedButton() is delete:
            self.changes.announce(delete_measurement(self.db, self.person_key, m.key))

    def new_definition(self) -> str:
        """Define a custom measure; returns its name, or "" when cancelled."""
        if self.person_key is None:
            return ""
        dialog = MeasureDefinitionDialog(self.db, self.changes, self.person_key, parent=self)
        if dialog.exec() and dialog.saved_name:
            self._after_save(Instrument.CUSTOM_PREFIX + dialog.saved_name, None)
            return dialog.saved_name
        return ""

    def change_definition(self) -> None:
        if self.person is None or self.person_key is None:
            return
        name = self.instrument()[len(Instrument.CUSTOM_PREFIX) :]
        definition = next((d for d in self.person.measure_definitions if d.name == name), None)
        if definition is None:
            return
        dialog = MeasureDefinitionDialog(self.db, self.changes, self.person_key, definition, parent=self)
        if dialog.exec() and dialog.saved_name:
            self._after_save(Instrument.CUSTOM_PREFIX + dialog.saved_name, None)
