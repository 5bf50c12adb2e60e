"""Add or change one medication trial and its side effects; problems show beside their fields."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from triallog.domain.dates import PartialDate
from triallog.domain.drug_names import DrugName, drug_names_to_offer
from triallog.domain.enums import Outcome, Severity
from triallog.domain.errors import Problem, ValidationError, raise_if
from triallog.domain.measures import Response, describe
from triallog.domain.plans import suggest_prescriber
from triallog.domain.records import Coverage, Prescriber, SideEffect, Trial
from triallog.domain.rules import check_side_effect, onset_before_start
from triallog.gui.changes import Changes
from triallog.gui.dialogs.base import FormDialog, value_of
from triallog.gui.forms import WARNING_STYLE, FieldErrors
from triallog.gui.models.trial_table import SideEffectTableModel
from triallog.gui.screen_room import resize_within_screen
from triallog.gui.widgets.drug_completer import DrugCompleter
from triallog.gui.widgets.labels import make_quiet
from triallog.gui.widgets.partial_date_edit import PartialDateEdit
from triallog.gui.widgets.row_table import RowTable
from triallog.services.trials import save_trial, suggest_plan
from triallog.services.workspace import Database

ROUTES = ("oral", "subcutaneous", "intravenous", "intramuscular", "topical", "inhaled", "nasal", "transdermal", "other")
END_HINT = "Leave empty while still taking it."
END_HINT_NEVER_STARTED = "Leave empty: a contraindicated drug was never started."
PLAN_SUGGESTED = "Chosen from the start date (the plan in force then); you can change it."
PLAN_NONE_IN_FORCE = "No plan on file was in force on that date."
_EFFECT_FIELD = re.compile(r"^side_effects\[(\d+)\]\.?(.*)$")
_EFFECT_WORDS = {"description": "description", "onset": "onset date", "resolved": "resolved date"}
_TEXT_FIELDS = ("drug", "brand", "strength", "dose", "indication", "reason_stopped")


def stacked(widget: QWidget, *below: QWidget) -> QWidget:
    """A field with its hint or error label right beneath it, taking the focus for it."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    for item in (widget, *below):
        layout.addWidget(item)
    box.setFocusProxy(widget)  # the row label's mnemonic focuses the box, which hands over to the field
    box.setFocusPolicy(widget.focusPolicy())  # a label's Alt key focuses only a widget that takes focus
    return box


def add_row(form: QFormLayout, errors: FieldErrors, label: str, widget: QWidget, field: str = "") -> None:
    """A form row; with `field`, its error label sits right beneath the field."""
    form.addRow(label, stacked(widget, errors.label_for(field, widget)) if field else widget)


def _form(parent: QWidget) -> QFormLayout:
    form = QFormLayout(parent)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    return form


def _notes_edit(lines: int) -> QPlainTextEdit:
    notes = QPlainTextEdit()
    notes.setTabChangesFocus(True)  # Tab moves on, as everywhere else in the form
    notes.setFixedHeight(notes.fontMetrics().lineSpacing() * lines + 14)
    return notes


def _line(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(False)
    return edit


class SideEffectDialog(FormDialog):
    """One side effect: what it was, how bad, when it began and ended, what was done.

    It saves nothing itself: OK hands `result_effect` to the trial's form, which saves it with the trial."""

    noun = "side effect"
    writes = False

    def __init__(
        self, effect: SideEffect | None = None, parent: QWidget | None = None, start: PartialDate | None = None
    ) -> None:
        super().__init__(parent)
        #: the trial's start as its form reads now, to warn of an onset before it
        self.start = start
        self.setWindowTitle("Change side effect" if effect else "Add a side effect")
        self.result_effect: SideEffect | None = None
        self.description = _line("Required, such as nausea or headache")
        self.severity = QComboBox()
        self.severity.addItem("Not recorded", None)
        for level in Severity:
            self.severity.addItem(level.label, level.value)  # plain words: Qt would flatten a str enum anyway
        self.onset = PartialDateEdit("onset")
        self.resolved = PartialDateEdit("resolved", empty_hint="Leave empty if it has not gone away.")
        self.action = _line("Such as: dose lowered, drug stopped, treated with …")
        self.notes = _notes_edit(3)
        form = _form(self)
        add_row(form, self.errors, "&Description:", self.description, "description")
        add_row(form, self.errors, "Se&verity:", self.severity)
        self.onset_warning = warning_label()
        form.addRow("&Onset:", stacked(self.onset, self.errors.label_for("onset", self.onset), self.onset_warning))
        add_row(form, self.errors, "&Resolved:", self.resolved, "resolved")
        add_row(form, self.errors, "&What was done:", self.action)
        add_row(form, self.errors, "&Notes:", self.notes)
        form.addRow(self.errors.general)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        if effect is not None:
            self.description.setText(effect.description)
            self.severity.setCurrentIndex(self.severity.findData(effect.severity.value) if effect.severity else 0)
            self.onset.setValue(effect.onset)
            self.resolved.setValue(effect.resolved)
            self.action.setText(effect.action)
            self.notes.setPlainText(effect.notes)
        self.setMinimumWidth(560)
        self.description.textEdited.connect(_hider(self.errors, "description"))
        self.onset.textChanged.connect(_hider(self.errors, "onset"))
        self.onset.dateChanged.connect(self._warn)
        self._warn()
        self.resolved.textChanged.connect(_hider(self.errors, "resolved"))
        self.mark_unchanged()

    def _warn(self, *_args: object) -> None:
        """Say at once when the onset lies before the trial's start; saving stays allowed."""
        onset = self.onset.value() if self.onset.is_valid() else None
        said = onset_before_start(SideEffect(description="", onset=onset), self.start)
        show_warning(self.onset_warning, [f"this side effect {said}. It is kept as typed."] if said else [])
        layout = self.layout()
        if layout is not None and self.isVisible():  # make room for the lines that appeared: never squash a field
            layout.activate()
            if self.sizeHint().height() > self.height():
                self.resize(self.width(), self.sizeHint().height())

    def snapshot(self) -> object:
        return [
            value_of(w) for w in (self.description, self.severity, self.onset, self.resolved, self.action, self.notes)
        ]

    def effect_from_form(self) -> SideEffect:
        """The side effect as typed; ValidationError when a date is not a date or a rule is broken."""
        problems: list[Problem] = []
        onset = _read(self.onset, problems)
        resolved = _read(self.resolved, problems)
        raise_if(problems)
        effect = SideEffect(
            description=self.description.text().strip(),
            severity=_enum(Severity, self.severity.currentData()),
            onset=onset,
            resolved=resolved,
            action=self.action.text().strip(),
            notes=self.notes.toPlainText().strip(),
        )
        # The same rule the service applies on save, asked here so the person fixes it while it is fresh.
        raise_if(check_side_effect(effect))
        return effect

    def accept(self) -> None:
        if self.attempt(self._take_effect):
            QDialog.accept(self)

    def _take_effect(self) -> None:
        self.result_effect = self.effect_from_form()


def _read(edit: PartialDateEdit, problems: list[Problem]) -> PartialDate | None:
    try:
        return edit.value()
    except ValidationError as error:
        problems.extend(error.problems)
        return None


class TrialDialog(FormDialog):
    """Record a new trial (`trial=None`) or change one. Saving calls the service; `saved(key)` follows."""

    saved = Signal(str)
    noun = "trial"
    not_saved = "This trial was not saved."
    db: Database

    def __init__(
        self,
        db: Database,
        person_key: str,
        changes: Changes | None = None,
        coverages: Sequence[Coverage] = (),
        prescribers: Sequence[Prescriber] = (),
        trial: Trial | None = None,
        parent: QWidget | None = None,
        person_name: str = "",
        responses: Sequence[Response] = (),
        drug_names: Sequence[DrugName] | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.person_key, self.changes = db, person_key, changes
        self.responses = list(responses)
        self.coverages = list(coverages)
        self.effect_dialog: SideEffectDialog | None = None
        self._key = trial.key if trial else ""
        # An existing trial's plan was chosen by someone; never replace it behind their back.
        self.plan_chosen_by_hand = bool(trial and trial.coverage)
        title = f"Change trial: {trial.drug_label}" if trial else "Add a medication trial"
        # A caregiver keeps several people's records: the title says whose this is.
        self.setWindowTitle(f"{title} — {person_name}" if person_name else title)
        self._filling = True  # loading a saved trial is not the person changing its start
        self._build(prescribers, drug_names_to_offer() if drug_names is None else drug_names)
        if trial is not None:
            self._fill(trial)
        self._filling = False
        self.drug.setFocus()
        self.mark_unchanged()

    # -- building ---------------------------------------------------------------

    def _build(self, prescribers: Sequence[Prescriber], drug_names: Sequence[DrugName]) -> None:
        self.drug = _line("Required, such as sertraline")
        self.brand = _line("Such as Zoloft")
        DrugCompleter(self.drug, drug_names).chosen.connect(self._drug_chosen)
        DrugCompleter(self.brand, [name for name in drug_names if name.generic]).chosen.connect(self._brand_chosen)
        self.strength = _line("Such as 50 mg")
        self.dose = _line("Such as 1 tablet twice a day")
        self.route = QComboBox()
        self.route.setEditable(True)
        self.route.addItems(ROUTES)
        self.route.setCurrentIndex(-1)
        route_line = self.route.lineEdit()
        assert route_line is not None  # the box is editable, so it has its line
        route_line.setPlaceholderText("Such as oral")
        self.indication = _line("Such as migraine prevention")
        self.indication_code = _line("ICD-10-CM, such as G43.709 (optional)")
        self.prescriber = QComboBox()
        self.prescriber.addItem("None", None)
        for person in prescribers:
            self.prescriber.addItem(person.name, person.key)
        # a new trial of a person with one prescriber was almost surely prescribed by them (_fill keeps a saved one's)
        self.prescriber.setCurrentIndex(max(0, self.prescriber.findData(suggest_prescriber(prescribers))))
        self.start = PartialDateEdit("start", allow_empty=False)
        self.end = PartialDateEdit("end", empty_hint=END_HINT)
        self.plan = QComboBox()
        # A plan's long name (with its dates) must not push the form wider than the screen in larger text.
        self.plan.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.plan.setMinimumContentsLength(18)
        self.plan.addItem("None", None)
        for coverage in self.coverages:
            self.plan.addItem(_plan_title(coverage), coverage.key)
        self.plan_hint = make_quiet(QLabel())
        self.plan_hint.hide()
        self.outcome = QComboBox()
        self.outcome.setPlaceholderText("Choose what happened…")
        for outcome in Outcome:
            self.outcome.addItem(outcome.label, outcome.value)
        self.outcome.setCurrentIndex(-1)
        self.reason_stopped = _line("Such as: no change after 8 weeks")
        self.notes = _notes_edit(3)

        drug_group = QGroupBox("The medicine")
        form = _form(drug_group)
        add_row(form, self.errors, "&Drug:", self.drug, "drug")
        add_row(form, self.errors, "&Brand:", self.brand)
        add_row(form, self.errors, "S&trength:", self.strength)
        add_row(form, self.errors, "D&ose:", self.dose)
        add_row(form, self.errors, "&Route:", self.route)
        add_row(form, self.errors, "&Indication:", self.indication)
        add_row(form, self.errors, "Code (ICD-10-C&M):", self.indication_code, "indication_code")
        add_row(form, self.errors, "&Prescriber:", self.prescriber, "prescriber")

        course_group = QGroupBox("When and how it went")
        form = _form(course_group)
        add_row(form, self.errors, "&Start:", self.start, "start")
        add_row(form, self.errors, "&End:", self.end, "end")
        form.addRow("P&lan:", stacked(self.plan, self.plan_hint, self.errors.label_for("coverage", self.plan)))
        add_row(form, self.errors, "O&utcome:", self.outcome, "outcome")
        if self.responses:
            # Read-only: computed from the scores around the trial (see the Measures tab).
            self.response_label = QLabel("\n".join(describe(x) for x in self.responses))
            self.response_label.setWordWrap(True)
            self.response_label.setToolTip(
                "Baseline: the last score in the 60 days before the start (or the first in the 14 days after), "
                "against the last score during the trial."
            )
            form.addRow("Measured response:", self.response_label)
        add_row(form, self.errors, "&Why it stopped:", self.reason_stopped)
        add_row(form, self.errors, "&Notes:", self.notes)

        columns = QHBoxLayout()
        columns.addWidget(drug_group, 1)
        columns.addWidget(course_group, 1)
        content = QWidget()
        body = QVBoxLayout(content)
        needed = make_quiet(QLabel("Only the drug, the start and the outcome are needed to save; the rest can wait."))
        body.addWidget(needed)
        body.addLayout(columns)
        body.addWidget(self._build_effects(), 1)
        scroll = QScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from field to field, never to the frame

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.accept)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.errors.general)
        outer.addWidget(self.buttons)
        resize_within_screen(self, 1000, 640)  # a 1024×700 laptop screen shows it whole; it scrolls on smaller

        self.start.dateChanged.connect(self._start_changed)
        self.start.dateChanged.connect(self._warn_effects)
        for signal in (self.effects_model.rowsInserted, self.effects_model.rowsRemoved, self.effects_model.dataChanged):
            signal.connect(self._warn_effects)
        self.plan.activated.connect(self._plan_chosen)
        self.outcome.currentIndexChanged.connect(self._outcome_changed)
        self._hide_error_on_change()

    def _build_effects(self) -> QGroupBox:
        group = QGroupBox("Side effects")
        self.effects_model = SideEffectTableModel(parent=self)
        self.effects_table = table = RowTable(compact=True)
        table.setModel(self.effects_model)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.setMinimumHeight(table.fontMetrics().lineSpacing() * 6)  # the header and four rows
        table.setAccessibleName("Side effects")
        table.open_requested.connect(self.change_effect)
        table.delete_requested.connect(self.remove_effect)
        self.add_effect_button = QPushButton("&Add…")
        self.change_effect_button = QPushButton("Chan&ge…")
        self.remove_effect_button = QPushButton("Remo&ve")
        self.add_effect_button.clicked.connect(self.add_effect)
        self.change_effect_button.clicked.connect(self.change_effect)
        self.remove_effect_button.clicked.connect(self.remove_effect)
        side = QVBoxLayout()
        for button in (self.add_effect_button, self.change_effect_button, self.remove_effect_button):
            side.addWidget(button)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(table, 1)
        row.addLayout(side)
        layout = QVBoxLayout(group)
        caption = QLabel("Side effe&cts of this drug (double-click or Enter to change one):")
        caption.setBuddy(table)
        layout.addWidget(caption)
        layout.addLayout(row)
        layout.addWidget(self.errors.label_for("side_effects", table))
        self.effects_warning = warning_label()
        layout.addWidget(self.effects_warning)
        table.selectionModel().selectionChanged.connect(self._effect_buttons)
        self._effect_buttons()
        return group

    def _hide_error_on_change(self) -> None:
        """A red message disappears once its field is touched again: it spoke of the old text."""
        model = self.effects_model
        signals: list[tuple[str, SignalInstance]] = [
            ("drug", self.drug.textEdited), ("start", self.start.textChanged), ("end", self.end.textChanged),
            ("indication_code", self.indication_code.textEdited), ("coverage", self.plan.currentIndexChanged),
            ("prescriber", self.prescriber.currentIndexChanged), ("outcome", self.outcome.currentIndexChanged),
            ("side_effects", model.rowsInserted), ("side_effects", model.rowsRemoved),
            ("side_effects", model.dataChanged),
        ]  # fmt: skip
        for field, signal in signals:
            signal.connect(_hider(self.errors, field))

    def _fill(self, trial: Trial) -> None:
        self.drug.setText(trial.drug)
        self.brand.setText(trial.brand)
        self.strength.setText(trial.strength)
        self.dose.setText(trial.dose)
        self.route.setEditText(trial.route)
        self.indication.setText(trial.indication)
        self.indication_code.setText(trial.indication_code)
        self.prescriber.setCurrentIndex(max(0, self.prescriber.findData(trial.prescriber)) if trial.prescriber else 0)
        self.plan.setCurrentIndex(max(0, self.plan.findData(trial.coverage)) if trial.coverage else 0)
        self.start.setValue(trial.start)
        self.end.setValue(trial.end)
        self.outcome.setCurrentIndex(self.outcome.findData(trial.outcome.value))
        self.reason_stopped.setText(trial.reason_stopped)
        self.notes.setPlainText(trial.notes)
        for effect in trial.side_effects:
            self.effects_model.add(replace(effect))

    # -- reacting -----------------------------------------------------------------

    def _start_changed(self, start: PartialDate | None) -> None:
        if self._filling or self.plan_chosen_by_hand or start is None or not self.coverages:
            return
        key = suggest_plan(self.coverages, start)
        self.plan.setCurrentIndex(max(0, self.plan.findData(key)) if key else 0)
        self.plan_hint.setText(PLAN_SUGGESTED if key else PLAN_NONE_IN_FORCE)
        self.plan_hint.show()

    def _warn_effects(self, *_args: object) -> None:
        """Each side effect whose onset lies before the start, named; a warning that never stops a save."""
        start = self.start.value() if self.start.is_valid() else None
        lines = []
        for row, effect in enumerate(self.effects_model.effects()):
            if said := onset_before_start(effect, start):
                lines.append(f"side effect {row + 1} ({effect.description}) {said}.")
        show_warning(self.effects_warning, lines)

    def _drug_chosen(self, name: DrugName) -> None:
        """A brand chosen in the drug field: the generic goes there, the brand beside it."""
        if name.generic:
            self.drug.setText(name.generic)
            self.brand.setText(name.text)

    def _brand_chosen(self, name: DrugName) -> None:
        if not self.drug.text().strip():
            self.drug.setText(name.generic)

    def _plan_chosen(self, _index: int) -> None:
        self.plan_chosen_by_hand = True
        self.plan_hint.hide()

    def _outcome_changed(self, _index: int) -> None:
        never_started = self.outcome.currentData() == Outcome.CONTRAINDICATED.value
        self.end.set_empty_hint(END_HINT_NEVER_STARTED if never_started else END_HINT)

    def _effect_buttons(self) -> None:
        chosen = self.effects_table.selectionModel().hasSelection()
        self.change_effect_button.setEnabled(chosen)
        self.remove_effect_button.setEnabled(chosen)

    def _chosen_effect_row(self) -> int:
        rows = self.effects_table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    # -- side effects ---------------------------------------------------------------

    def add_effect(self) -> None:
        self._open_effect(None, -1)

    def change_effect(self) -> None:
        row = self._chosen_effect_row()
        if row >= 0:
            self._open_effect(self.effects_model.effect_at(row), row)

    def remove_effect(self) -> None:
        row = self._chosen_effect_row()
        if row >= 0:
            self.effects_model.remove(row)
            self._effect_buttons()

    def _open_effect(self, effect: SideEffect | None, row: int) -> None:
        """Open the small form without blocking; its answer lands in the table when it is accepted."""
        dialog = SideEffectDialog(effect, self, self.start.value() if self.start.is_valid() else None)
        self.effect_dialog = dialog

        def done(result: int) -> None:
            if result == QDialog.DialogCode.Accepted and dialog.result_effect is not None:
                if row < 0:
                    target = self.effects_model.add(dialog.result_effect)
                else:
                    self.effects_model.replace(row, dialog.result_effect)
                    target = row
                self.effects_table.selectRow(target)
            self.effects_table.setFocus()
            self.effect_dialog = None
            dialog.deleteLater()

        dialog.finished.connect(done)
        dialog.open()

    # -- saving ---------------------------------------------------------------------

    def snapshot(self) -> object:
        fields = (
            *(self.drug, self.brand, self.strength, self.dose, self.route, self.indication, self.indication_code),
            *(self.prescriber, self.plan, self.start, self.end, self.outcome, self.reason_stopped, self.notes),
        )
        return [*(value_of(w) for w in fields), self.effects_model.effects()]

    def trial_from_form(self) -> Trial:
        """The trial as typed. Raises ValidationError when a date is not a date or no outcome is chosen."""
        problems: list[Problem] = []
        start = _read(self.start, problems)
        end = _read(self.end, problems)
        outcome = _enum(Outcome, self.outcome.currentData())
        if outcome is None:
            problems.append(Problem("outcome", "required: choose what happened", ""))
        raise_if(problems)
        assert start is not None and outcome is not None  # the start field refuses empty text
        texts = {name: getattr(self, name).text().strip() for name in _TEXT_FIELDS}
        return Trial(
            key=self._key,
            start=start,
            end=end,
            outcome=outcome,
            route=self.route.currentText().strip(),
            # Codes are written in capitals; accept the lower-case a tired hand types.
            indication_code=self.indication_code.text().strip().upper(),
            prescriber=self.prescriber.currentData(),
            coverage=self.plan.currentData(),
            notes=self.notes.toPlainText().strip(),
            side_effects=self.effects_model.effects(),
            **texts,
        )

    def save(self) -> str:
        """Save through the service; a problem shows beside its field and everything typed stays."""
        trial = self.trial_from_form()
        made = save_trial(self.db, self.person_key, trial)
        key = self.keep(made, trial.key)
        self.saved.emit(key)
        if self.changes is not None:
            self.changes.announce(made)
        return key

    def show_problems(self, error: ValidationError) -> None:
        super().show_problems(self._readable(error))

    def _readable(self, error: ValidationError) -> ValidationError:
        """Side-effect problems go beside the side-effect table and say which row they mean."""
        problems: list[Problem] = []
        first_row = -1
        for problem in error.problems:
            match = _EFFECT_FIELD.match(problem.field)
            if match is None:
                problems.append(problem)
                continue
            row, part = int(match.group(1)), match.group(2)
            first_row = row if first_row < 0 else first_row
            effects = self.effects_model.effects()
            name = effects[row].description if row < len(effects) else ""
            what = f"side effect {row + 1}" + (f" ({name})" if name else "")
            words = _EFFECT_WORDS.get(part, part.replace("_", " "))
            problems.append(Problem("side_effects", f"{what}: {words} {problem.in_words}".strip(), problem.value))
        if first_row >= 0:
            self.effects_table.selectRow(first_row)
        return ValidationError.of(problems)


def warning_label() -> QLabel:
    """A warning line, hidden until there is something to say; its words say it is a warning, not only its colour."""
    label = QLabel()
    label.setStyleSheet(WARNING_STYLE)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # a description is shown as typed
    label.hide()
    return label


def show_warning(label: QLabel, lines: Sequence[str]) -> None:
    """Each line as a warning to check (none: the label hides)."""
    text = "\n".join(f"Check: {line}" for line in lines)
    label.setText(text)
    label.setAccessibleName(f"Warning. {text}" if text else "")
    label.setVisible(bool(text))


def _enum(kind: type[Outcome] | type[Severity], word: str | None) -> Any:
    return kind(word) if word else None


def _hider(errors: FieldErrors, field: str) -> Callable[..., None]:
    def hide(*_args: object) -> None:
        label = errors.labels.get(field)
        if label is not None:
            label.hide()

    return hide


def _plan_title(coverage: Coverage) -> str:
    title = coverage.title or coverage.carrier
    if coverage.start is None and coverage.end is None:
        return title
    start = coverage.start.human() if coverage.start else "?"
    end = coverage.end.human() if coverage.end else "now"
    return f"{title} ({start} – {end})"
