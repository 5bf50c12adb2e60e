"""The forms every dialog that takes typing is built on: nothing typed is ever lost, problems show beside
their fields, and a read-only window says why not instead of opening a form that would change the records.

`FormDialog` holds what every form shares; `RecordDialog` adds rows of labelled fields for the forms that
are one column of them (a person, a plan, a call ...).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from triallog.domain.dates import PartialDate
from triallog.domain.errors import Problem, ValidationError
from triallog.gui.accessible import name_by_labels
from triallog.gui.errors import show_failure
from triallog.gui.forms import FieldErrors
from triallog.gui.read_only import close_if_read_only, refused
from triallog.gui.screen_room import room_for
from triallog.gui.text_size import fit_height
from triallog.gui.widgets.partial_date_edit import PartialDateEdit
from triallog.gui.widgets.questions import ask_discard
from triallog.services.changes import Changes as Changed
from triallog.services.workspace import Database

Input = QLineEdit | QPlainTextEdit | QComboBox | PartialDateEdit | QDateTimeEdit


def value_of(widget: QWidget) -> object:
    """What a field holds now, to tell whether anything was changed."""
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentText() if widget.isEditable() else widget.currentIndex()
    return widget.text()  # type: ignore[attr-defined]


class FormDialog(QDialog):
    """A form: Cancel, Esc and closing the window ask before throwing a change away; saving goes through
    `attempt`, which keeps the form open with everything typed when it fails; and a form that changes the
    records (`writes`) refuses to open in a read-only window, however it is opened (`exec`, `open`, `show`).

    Subclasses give `snapshot` (what counts as a change) and call `mark_unchanged` once filled; a form
    whose OK button saves gives `save`, which calls the service and returns the key of what it saved.
    """

    #: what the discard question calls the thing being typed ("Discard what you typed for this trial?")
    noun = "record"
    #: False for a form that only hands its answer to another form (it is saved with that one)
    writes = True
    #: what the form says when saving failed for a reason other than a problem with a field
    not_saved = "This was not saved."
    kept = "What you typed is still here."
    #: what the form saves to; a form that writes sets it before it is shown
    db: Database | None = None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors = FieldErrors(QLabel())
        self.saved_key: str | None = None
        #: what the last save changed, for the window to refresh only that
        self.made: Changed | None = None
        self._initial: object = None

    # -- what was typed --------------------------------------------------------------

    def snapshot(self) -> object:
        """Everything the person can change in the form, comparable with `==`."""
        return ()

    def mark_unchanged(self) -> None:
        """Remember the form as it is now (filled, not yet touched) to compare with later."""
        self._initial = self.snapshot()

    def is_changed(self) -> bool:
        return self.snapshot() != self._initial

    # -- saving ----------------------------------------------------------------------

    def save(self) -> str:
        raise NotImplementedError

    def keep(self, made: Changed, key: str) -> str:
        """Note what a save changed; the key of what it saved (the new record's, or `key`)."""
        self.made = made
        return made.created or key

    def accept(self) -> None:
        if self.attempt(self.save):
            QDialog.accept(self)

    def attempt(self, write: Callable[[], str | None]) -> bool:
        """Run `write` (reading the form and calling the service); True when it went through.

        A ValidationError goes beside the fields it names; anything else is explained, and the form
        stays open with everything typed."""
        self.errors.clear()
        try:
            self.saved_key = write()
        except ValidationError as error:
            self.show_problems(error)
            return False
        except Exception as error:  # whatever broke, the form stays open with everything typed
            if self.db is None:
                raise  # a form that saves nothing has no storage to blame: a mistake of ours
            self.errors.general.setText(f"{self.not_saved} {self.kept}")
            self.errors.general.show()
            show_failure(self, self.db, error, then=self.kept)
            return False
        return True

    def show_problems(self, error: ValidationError) -> None:
        """Each problem beside its field. A date's grey hint would only repeat its red message, so it
        hides until the next keystroke."""
        self.errors.show(error)
        for edit in self.findChildren(PartialDateEdit):
            if self.errors.text_of(edit.field) and not edit.is_valid():
                edit.hint.hide()

    # -- leaving ---------------------------------------------------------------------

    def reject(self) -> None:
        if self.is_changed() and not ask_discard(self, self.noun):
            return
        super().reject()

    def sizeHint(self) -> QSize:
        # A form never asks for more than its screen has: a long one scrolls inside instead.
        return super().sizeHint().boundedTo(room_for(self))

    def _underline_save(self) -> None:
        """Alt+S saves (Qt's own Save button has no underlined letter), unless a field here answers to it."""
        alt_s = QKeySequence("Alt+S")
        texts = [label.text() for label in self.findChildren(QLabel)]
        texts += [button.text() for button in self.findChildren(QAbstractButton)]
        if any(QKeySequence.mnemonic(text) == alt_s for text in texts):
            return
        for box in self.findChildren(QDialogButtonBox):
            save = box.button(QDialogButtonBox.StandardButton.Save)
            if save is not None:
                save.setText("&Save")

    # -- a read-only window ----------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        self._underline_save()
        super().showEvent(event)
        name_by_labels(self)  # a screen reader names each field after its label, composite fields too
        fit_height(self)
        if self.writes:
            close_if_read_only(self, self.db)

    def exec(self) -> int:
        if self.writes and refused(self, self.db):
            return int(QDialog.DialogCode.Rejected.value)
        return super().exec()

    def open(self) -> None:
        if not (self.writes and refused(self, self.db)):
            super().open()


class RecordDialog(FormDialog):
    """A form of labelled rows saved through a service.

    Subclasses add rows with `add_field` (in `section`s), call `finish` at the end of their __init__,
    and implement `save()`, which calls the service and returns the record's key; a ValidationError it
    raises keeps the dialog open with the problems beside their fields.
    """

    db: Database

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.inputs: dict[str, Input] = {}
        self.captions: list[QLabel] = []
        self.body = QVBoxLayout(self)
        self.body.setSpacing(12)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    # -- building ----------------------------------------------------------------

    def section(self, title: str = "", into: QVBoxLayout | None = None) -> QFormLayout:
        """A titled group of rows (or a plain one without a title), in the dialog or in the column `into`."""
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        target = into if into is not None else self.body
        if title:
            box = QGroupBox(title)
            box.setLayout(form)
            target.addWidget(box)
        else:
            target.addLayout(form)
        return form

    def add_field(self, form: QFormLayout, label: str, field: str, widget: Input, placeholder: str = "") -> Input:
        """A labelled input with its (hidden) error label right under it; `&` in the label gives an Alt key."""
        if placeholder and isinstance(widget, QLineEdit | QPlainTextEdit):
            widget.setPlaceholderText(placeholder)
        if isinstance(widget, QPlainTextEdit):
            widget.setTabChangesFocus(True)  # Tab must leave a notes box, or keyboard users are stuck in it
            widget.setFixedHeight(widget.fontMetrics().lineSpacing() * 3 + 16)
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(self.errors.label_for(field, widget))
        caption = QLabel(label)
        caption.setBuddy(widget)
        self.captions.append(caption)
        form.addRow(caption, column)
        self.inputs[field] = widget
        return widget

    def date_field(
        self, form: QFormLayout, label: str, field: str, value: PartialDate | None, empty_hint: str = ""
    ) -> PartialDateEdit:
        edit = PartialDateEdit(field, empty_hint=empty_hint)
        edit.setValue(value)
        self.add_field(form, label, field, edit)
        return edit

    def finish(self) -> None:
        """Call at the end of a subclass's __init__: adds the buttons and remembers the starting values."""
        self.body.addWidget(self.errors.general)
        self.body.addWidget(self.buttons)
        # One label column across all sections, so the fields line up from top to bottom.
        width = max((c.sizeHint().width() for c in self.captions), default=0)
        for caption in self.captions:
            caption.setMinimumWidth(width)
            caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.mark_unchanged()
        first = next(iter(self.inputs.values()), None)
        if first is not None:
            first.setFocus()

    # -- reading -----------------------------------------------------------------

    def text(self, field: str) -> str:
        widget = self.inputs[field]
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText().strip()
        if isinstance(widget, QComboBox):
            return widget.currentText()
        return widget.text().strip()

    def dates(self, *fields: str) -> tuple[list[PartialDate | None], list[Problem]]:
        """Each field read as a partial date (None when blank), and the problems of those that are not dates."""
        values: list[PartialDate | None] = []
        problems: list[Problem] = []
        for field in fields:
            widget = self.inputs[field]
            assert isinstance(widget, PartialDateEdit)
            try:
                values.append(widget.value())
            except ValidationError as error:
                problems += error.problems
                values.append(None)
        return values, problems

    def snapshot(self) -> tuple[object, ...]:
        return tuple(value_of(w) for w in self.inputs.values())
