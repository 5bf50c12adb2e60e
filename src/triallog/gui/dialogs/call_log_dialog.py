"""Choose which calls go into a call log (all, one case's, a date range), then preview the PDF or save a CSV."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from triallog.domain import records as r
from triallog.domain.dates import DAY_EXAMPLE, PartialDate, Precision
from triallog.domain.errors import ValidationError
from triallog.gui.dialogs.pdf_maker import PdfMakerDialog, file_safe
from triallog.gui.file_places import remember, suggested_path
from triallog.gui.forms import FieldErrors
from triallog.gui.widgets.labels import make_quiet
from triallog.gui.widgets.partial_date_edit import PartialDateEdit
from triallog.services import call_log
from triallog.services.cases import case_label
from triallog.services.transfer import write_atomically
from triallog.services.workspace import Database

FULL_DAY = "Such as 2023-01-23"
NEEDS_DAY = f"a full day is needed here, such as {DAY_EXAMPLE} (month/day/year)"
TO_BEFORE_FROM = "“To” is before “From”: choose a day on or after {since}"

#: what makes the log's bytes: (format, case key, since, until, paper) → bytes
Render = Callable[[str, "str | None", "date | None", "date | None", str], bytes]


def call_log_title(person: r.Person, case: r.Case | None) -> str:
    return f"Call log — {case_label(case)} — {person.name}" if case else f"Call log — {person.name}"


def call_log_file_name(person: r.Person, case: r.Case | None, day: date, fmt: str) -> str:
    """`Dana Rivera call log 2026-11-23.pdf` (the case's label before the day when one case is chosen)."""
    parts = [person.name, "call log", case_label(case) if case else "", day.isoformat()]
    name = " ".join(file_safe(p) for p in parts if p.strip())
    return f"{name[:150]}.{fmt}"


def calls_counted(count: int) -> str:
    return f"{count} call matches" if count == 1 else f"{count} calls match"


class CallLogDialog(PdfMakerDialog):
    """Which calls, which format, which paper; "Make PDF" renders off the window's thread, "Save CSV…" writes.

    A PDF opens in its preview (`self.preview`) and the dialog closes; a CSV is written atomically
    where the person chose, and the dialog stays open saying where (`self.saved_to`).
    """

    def __init__(
        self,
        db: Database,
        person: r.Person,
        parent: QWidget | None = None,
        today: date | None = None,
        case_key: str | None = None,
        render: Render | None = None,
    ) -> None:
        super().__init__(db, person, parent, today, "the call log", "&Make PDF")
        # a plain function of data, never a method of the dialog: it runs on a worker thread, and a
        # bound method kept on the dialog would also tie the dialog into a reference cycle
        self.renderer = render or partial(_render, db, person.key, self.today)
        self.saved_to: Path | None = None
        self.setWindowTitle(f"Print or export the call log — {person.name}")
        self.setMinimumWidth(560)

        about = make_quiet(
            QLabel(
                "A table of the calls with their reference numbers: a PDF to print or send, "
                "or a CSV file that opens in any spreadsheet program."
            )
        )
        self.errors = FieldErrors(QLabel())

        # -- which calls ------------------------------------------------------------------
        which_box = QGroupBox("Which calls")
        which = QVBoxLayout(which_box)
        self.all_button = QRadioButton("&All calls")
        self.case_button = QRadioButton("Only the calls about &one case:")
        self.case_combo = QComboBox()
        self.case_combo.setAccessibleName("Case")
        for case in person.cases:
            self.case_combo.addItem(case_label(case) or "(case without a name)", case.key)
        self.scope_group = QButtonGroup(self)
        for button in (self.all_button, self.case_button):
            self.scope_group.addButton(button)
        case_row = QHBoxLayout()
        case_row.addWidget(self.case_button)
        case_row.addWidget(self.case_combo, 1)
        which.addWidget(self.all_button)
        which.addLayout(case_row)
        if not person.cases:
            self.case_button.setEnabled(False)
            self.case_combo.addItem("No case is recorded")
        chosen = self.case_combo.findData(case_key) if case_key else -1
        if chosen >= 0:
            self.case_combo.setCurrentIndex(chosen)
            self.case_button.setChecked(True)
        else:
            self.all_button.setChecked(True)

        self.since_edit = PartialDateEdit("since", empty_hint="Empty: from the first call")
        self.until_edit = PartialDateEdit("until", empty_hint="Empty: up to the last call")
        for edit in (self.since_edit, self.until_edit):
            edit.edit.setPlaceholderText(FULL_DAY)
            edit.edit.setClearButtonEnabled(True)
            edit.textChanged.connect(lambda _text, e=edit: self._date_typed(e))
        self.since_edit.edit.setAccessibleName("From")
        self.until_edit.edit.setAccessibleName("To")
        dates = QGridLayout()
        dates.setColumnStretch(1, 1)
        dates.setVerticalSpacing(2)
        for row, (text, edit) in enumerate((("&From:", self.since_edit), ("&To:", self.until_edit))):
            label = QLabel(text)
            label.setBuddy(edit)
            label.setMinimumWidth(label.fontMetrics().horizontalAdvance("From:  "))
            label.setMinimumHeight(edit.edit.sizeHint().height())  # level with the typing, not with the hint
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            dates.addWidget(label, row * 2, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            dates.addWidget(edit, row * 2, 1)
            dates.addWidget(self.errors.label_for(edit.field, edit), row * 2 + 1, 1)
        which.addSpacing(6)
        which.addWidget(make_quiet(QLabel("Dates, if you want only some of them (both days are included):")))
        which.addLayout(dates)

        self.count_label = QLabel()
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.setObjectName("call-count")
        font = self.count_label.font()
        font.setBold(True)
        self.count_label.setFont(font)
        which.addWidget(self.count_label)

        # -- how --------------------------------------------------------------------------
        format_box = QGroupBox("Format")
        formats = QVBoxLayout(format_box)
        self.pdf_button = QRadioButton("&PDF: look it over, then print it or save a copy")
        self.csv_button = QRadioButton("&CSV: a file for Excel, Numbers or LibreOffice")
        self.format_group = QButtonGroup(self)
        for button in (self.pdf_button, self.csv_button):
            self.format_group.addButton(button)
            formats.addWidget(button)
        self.pdf_button.setChecked(True)
        paper_row = QHBoxLayout()
        paper_row.setContentsMargins(24, 0, 0, 0)
        self.paper_label = QLabel("Paper:")
        for widget in (self.paper_label, self.letter_button, self.a4_button):
            paper_row.addWidget(widget)
        paper_row.addStretch(1)
        formats.addLayout(paper_row)

        self.note = QLabel()
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note.setObjectName("saved-note")
        self.note.hide()

        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(about)
        layout.addWidget(which_box)
        layout.addWidget(format_box)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.note)
        layout.addWidget(self.busy_label)
        layout.addWidget(self.buttons)

        self.scope_group.buttonToggled.connect(self._choices_changed)
        self.case_combo.activated.connect(lambda _i: self.case_button.setChecked(self.case_button.isEnabled()))
        self.case_combo.currentIndexChanged.connect(self._choices_changed)
        self.format_group.buttonToggled.connect(self._format_changed)
        self._format_changed()
        self._choices_changed()
        self.make_button.setFocus()

    # -- reading ------------------------------------------------------------------------

    @property
    def fmt(self) -> str:
        return "csv" if self.csv_button.isChecked() else "pdf"

    def case_key(self) -> str | None:
        if not self.case_button.isChecked():
            return None
        key = self.case_combo.currentData()
        return str(key) if key is not None else None

    def case(self) -> r.Case | None:
        key = self.case_key()
        return next((c for c in self.person.cases if c.key == key), None)

    def date_range(self) -> tuple[date | None, date | None]:
        """From and To as days (None when empty); ValidationError naming each field that is not right."""
        problems: list[ValidationError] = []
        days: list[date | None] = []
        for edit in (self.since_edit, self.until_edit):
            try:
                days.append(_full_day(edit))
            except ValidationError as error:
                problems.append(error)
                days.append(None)
        if problems:
            raise ValidationError.of(p for error in problems for p in error.problems)
        since, until = days
        if since is not None and until is not None and until < since:
            raise ValidationError(
                "until", TO_BEFORE_FROM.format(since=PartialDate.of(since).human()), until.isoformat()
            )
        return since, until

    def matching(self) -> list[r.Call]:
        """The calls the choices take in; ValidationError when the dates are not right."""
        since, until = self.date_range()
        return call_log.select_calls(self.person, self.case_key(), since, until)

    # -- acting -------------------------------------------------------------------------

    def make(self) -> None:
        if self.job.busy:
            return
        try:
            since, until = self.date_range()
        except ValidationError as error:
            self.errors.show(error)
            self._grow()
            return
        self.errors.clear()
        calls = call_log.select_calls(self.person, self.case_key(), since, until)
        if not calls:
            self.errors.general.setText(self._nothing_matches())
            self.errors.general.show()
            self._grow()
            return
        case_key, fmt, paper = self.case_key(), self.fmt, self.paper
        if fmt == "csv":
            self._save_csv(case_key, since, until, len(calls))
            return
        self.note.hide()
        render = self.renderer
        self._start(lambda: render("pdf", case_key, since, until, paper), call_log_title(self.person, self.case()))

    def _save_csv(self, case_key: str | None, since: date | None, until: date | None, count: int) -> None:
        suggested = suggested_path(call_log_file_name(self.person, self.case(), self.today, "csv"))
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Save the call log as a CSV file", suggested, "CSV files (*.csv)"
        )
        if not chosen:
            return
        target = Path(chosen)
        if target.suffix.lower() != ".csv":
            target = target.with_name(target.name + ".csv")
        try:
            data = self.renderer("csv", case_key, since, until, self.paper)
            write_atomically(target, data)
        except ValidationError as error:
            QMessageBox.warning(self, "The call log was not saved", f"The call log could not be made: {error}")
            return
        except OSError as error:
            QMessageBox.warning(
                self,
                "The call log was not saved",
                f"The call log could not be saved as {target}:\n{error.strerror or error}.\n\n"
                "Nothing was lost. Try another folder, such as Documents.",
            )
            return
        self.saved_to = target
        remember(target)
        calls = "1 call" if count == 1 else f"{count} calls"
        self.note.setText(f"Saved: {calls} in {target}\nIt opens in any spreadsheet program.")
        self.note.show()
        self.cancel_button.setText("Close")
        self._grow()
        self.made.emit(target)

    def _document(self, result: object) -> tuple[bytes, str, str]:
        assert isinstance(result, bytes)
        case = self.case()
        return result, call_log_title(self.person, case), call_log_file_name(self.person, case, self.today, "pdf")

    def _choices(self) -> Iterable[QWidget]:
        return (
            self.all_button,
            self.case_button,
            self.case_combo,
            self.since_edit,
            self.until_edit,
            self.pdf_button,
            self.csv_button,
            self.letter_button,
            self.a4_button,
        )

    def _settle_choices(self) -> None:
        self.case_button.setEnabled(bool(self.person.cases))
        self._format_changed()
        self._choices_changed()

    # -- reacting -------------------------------------------------------------------------

    def _date_typed(self, edit: PartialDateEdit) -> None:
        value = edit.value() if edit.is_valid() else None
        if value is not None and value.precision != Precision.DAY:
            edit.hint.setText(f"{edit.hint.text()}: {NEEDS_DAY}")
        self._choices_changed()

    def _format_changed(self, *_args: object) -> None:
        pdf = self.fmt == "pdf"
        for widget in (self.paper_label, self.letter_button, self.a4_button):
            widget.setEnabled(pdf)
        self.make_button.setText("&Make PDF" if pdf else "&Save CSV…")

    def _choices_changed(self, *_args: object) -> None:
        """Count the calls the choices take in, as they change; say calmly what is not right yet."""
        self.case_combo.setEnabled(bool(self.person.cases) and self.case_button.isChecked())
        self.errors.general.hide()
        for field in ("since", "until"):
            self.errors.labels[field].hide()
        try:
            since, until = self.date_range()
        except ValidationError as error:
            # Only the one mistake that is certain while typing (two full days the wrong way round) is red.
            if any(p.field == "until" and "before" in p.rule for p in error.problems):
                self.errors.labels["until"].setText(_sentence(error.problems[0].rule))
                self.errors.labels["until"].show()
                self.count_label.setText("No call matches until the dates are the right way round.")
            else:
                self.count_label.setText("Finish the dates to see how many calls match.")
            self._grow()
            return
        count = len(call_log.select_calls(self.person, self.case_key(), since, until))
        self.count_label.setText(calls_counted(count) if count else self._nothing_matches())
        self._grow()

    def _grow(self) -> None:
        """Make room for a line that just appeared (a hint, a mistake, where the file went): never squash."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        wanted = self.sizeHint()
        if wanted.height() > self.height() or wanted.width() > self.width():
            self.resize(max(self.width(), wanted.width()), max(self.height(), wanted.height()))

    def _nothing_matches(self) -> str:
        if self.since_edit.text().strip() or self.until_edit.text().strip():
            return "No call matches: widen the dates."
        if self.case_key() is not None:
            return "No call matches: none is logged about this case yet. Choose All calls."
        return "No call matches: no call is logged yet."


def _full_day(edit: PartialDateEdit) -> date | None:
    """The day typed, None when empty; ValidationError (naming the field) for anything but one full day."""
    raw = edit.text().strip()
    if not raw:
        return None
    try:
        value = edit.value()
    except ValidationError as error:
        if "no such date" in error.rule:
            raise ValidationError(edit.field, f"there is no such day on the calendar: {raw}", raw) from None
        raise ValidationError(edit.field, NEEDS_DAY, raw) from None
    assert value is not None
    if value.precision != Precision.DAY:
        raise ValidationError(edit.field, NEEDS_DAY, edit.text())
    return value.first_day


def _sentence(rule: str) -> str:
    return rule[:1].upper() + rule[1:] if rule else rule


def _render(
    db: Database,
    person_key: str,
    today: date,
    fmt: str,
    case_key: str | None,
    since: date | None,
    until: date | None,
    paper: str,
) -> bytes:
    return call_log.make_call_log(db, person_key, fmt, today, case_key=case_key, since=since, until=until, paper=paper)
