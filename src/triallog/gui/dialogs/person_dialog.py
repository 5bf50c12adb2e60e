"""The person's profile dialog, the rename dialog, and RecordDialog: the form every record dialog shares."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from triallog.domain import records as r
from triallog.domain.dates import PartialDate
from triallog.domain.enums import AuthorityKind
from triallog.domain.errors import Problem, ValidationError, raise_if
from triallog.domain.zones import computer_zone_name
from triallog.gui.errors import show_failure
from triallog.gui.forms import FieldErrors
from triallog.gui.read_only import WritingForm
from triallog.gui.views.partial_date_edit import PartialDateEdit
from triallog.gui.views.zone_box import ZoneBox
from triallog.services import people
from triallog.services.workspace import Database

Input = QLineEdit | QPlainTextEdit | QComboBox | PartialDateEdit


class RecordDialog(WritingForm):
    """A form saved through a service: problems appear beside their fields and nothing typed is lost.

    Subclasses add rows with `add_field` and implement `save()`, which calls the service and
    returns the record's key; a ValidationError it raises keeps the dialog open.
    """

    noun = "record"
    #: set by each form: what it saves to
    db: Database

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.inputs: dict[str, Input] = {}
        self.captions: list[QLabel] = []
        self.saved_key: str | None = None
        general = QLabel()
        self.errors = FieldErrors(general)
        self.body = QVBoxLayout(self)
        self.body.setSpacing(12)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._initial: tuple[object, ...] = ()
        self._general = general

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
        self.body.addWidget(self._general)
        self.body.addWidget(self.buttons)
        # One label column across all sections, so the fields line up from top to bottom.
        width = max((c.sizeHint().width() for c in self.captions), default=0)
        for caption in self.captions:
            caption.setMinimumWidth(width)
            caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._initial = self.snapshot()
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
        return tuple(_value_of(w) for w in self.inputs.values())

    def is_changed(self) -> bool:
        return self.snapshot() != self._initial

    # -- saving and leaving --------------------------------------------------------

    def save(self) -> str:
        raise NotImplementedError

    def accept(self) -> None:
        try:
            self.saved_key = self.save()
        except ValidationError as error:
            self.errors.show(error)
            return
        except Exception as error:  # whatever broke, the dialog stays open with the text typed
            self.errors.clear()
            self._general.setText("This was not saved. What you typed is still here.")
            self._general.show()
            show_failure(self, self.db, error, then="What you typed is still here.")
            return
        super().accept()

    def reject(self) -> None:
        if self.is_changed() and not ask_discard(self, self.noun):
            return
        super().reject()


def _value_of(widget: Input) -> object:
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentIndex()
    return widget.text()


def ask_discard(parent: QWidget, noun: str) -> bool:
    """Ask before throwing typed text away; keeping it is the default (Enter and Esc keep it)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Discard changes?")
    box.setText(f"Discard what you typed for this {noun}?")
    box.setInformativeText("Your changes have not been saved.")
    discard = box.addButton("Discard changes", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("Keep editing", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is discard


class PersonDialog(RecordDialog):
    """Add a person, or change a person's profile (their lists are edited elsewhere)."""

    noun = "person"

    def __init__(self, db: Database, person_key: str | None = None, parent: QWidget | None = None) -> None:
        self.db = db
        self.person_key = person_key
        person = people.load_person(db, person_key) if person_key else r.Person(name="")
        self.person = person
        super().__init__("Edit profile" if person_key else "Add a person", parent)
        rep = person.representative or r.Representative(name="")
        about = self.section("The person")
        self.add_field(about, "&Name:", "name", QLineEdit(person.name), "Required, e.g. Dana Rivera")
        self.date_field(about, "Date of &birth:", "date_of_birth", person.date_of_birth)
        self.add_field(about, "&Phone:", "phone", QLineEdit(person.phone))
        self.add_field(about, "&Address:", "address", QPlainTextEdit(person.address))
        # A new person starts in this computer's zone, by name, so the record keeps it when it moves.
        self.zone = ZoneBox(person.time_zone if person_key else computer_zone_name())
        self.add_field(about, "&Time zone:", "time_zone", self.zone)
        self.add_field(about, "N&otes:", "notes", QPlainTextEdit(person.notes), "Anything worth keeping in mind")
        acting = self.section("Someone who acts for them (optional)")
        self.add_field(acting, "Na&me:", "representative.name", QLineEdit(rep.name), "e.g. the caregiver's name")
        self.add_field(acting, "&Relationship:", "representative.relationship", QLineEdit(rep.relationship))
        self.add_field(acting, "P&hone:", "representative.phone", QLineEdit(rep.phone))
        kinds = QComboBox()
        kinds.addItem("Not recorded", None)
        for kind in AuthorityKind:
            kinds.addItem(kind.label, kind.value)
        kinds.setCurrentIndex(max(0, kinds.findData(rep.authority_kind.value)) if rep.authority_kind else 0)
        self.add_field(acting, "&Kind of authority:", "representative.authority_kind", kinds)
        self.add_field(
            acting,
            "A&uthority:",
            "representative.authority",
            QLineEdit(rep.authority),
            "In words, e.g. CMS-1696 signed 2024-02-21",
        )
        self.date_field(
            acting,
            "&Signed on:",
            "representative.authority_signed",
            rep.authority_signed,
            "When the document was signed (a CMS-1696 lasts one year)",
        )
        self.finish()

    def snapshot(self) -> tuple[object, ...]:
        return (*super().snapshot(), self.zone.currentText())

    def save(self) -> str:
        (birth, signed), problems = self.dates("date_of_birth", "representative.authority_signed")
        rep_fields = [self.text(f"representative.{f}") for f in ("name", "relationship", "phone", "authority")]
        kinds = self.inputs["representative.authority_kind"]
        assert isinstance(kinds, QComboBox)
        kind = AuthorityKind(kinds.currentData()) if kinds.currentData() else None
        zone = ""
        try:
            zone = self.zone.zone_name()
        except ValidationError as error:
            problems += error.problems
        raise_if(problems)
        person = r.Person(
            name=self.text("name"),
            date_of_birth=birth,
            address=self.text("address"),
            phone=self.text("phone"),
            notes=self.text("notes"),
            time_zone=zone,
            # An untouched representative section means there is none, not one without a name.
            representative=r.Representative(*rep_fields, authority_kind=kind, authority_signed=signed)
            if any(rep_fields) or kind is not None or signed is not None
            else None,
        )
        if self.person_key is None:
            added = people.add_person(self.db, person).created
            assert added is not None
            return added
        people.update_profile(self.db, self.person_key, person)
        return self.person_key


class RenameDialog(RecordDialog):
    """Change only the name; a clash with someone already here shows beside the name."""

    noun = "name"

    def __init__(self, db: Database, person_key: str, parent: QWidget | None = None) -> None:
        self.db = db
        self.person_key = person_key
        current = people.load_person(db, person_key).name
        super().__init__(f"Rename {current}", parent)
        self.setMinimumWidth(420)
        form = self.section()
        edit = self.add_field(form, "New &name:", "name", QLineEdit(current))
        assert isinstance(edit, QLineEdit)
        edit.selectAll()
        self.finish()

    def save(self) -> str:
        people.rename_person(self.db, self.person_key, self.text("name"))
        return self.person_key
