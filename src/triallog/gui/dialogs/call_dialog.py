"""Log one phone call (or change one): who, the reference number, a running timer, what was said."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, tzinfo

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
from PySide6.QtGui import QIntValidator, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from triallog.domain import records as r
from triallog.domain.enums import Direction, Party
from triallog.domain.errors import Problem, ValidationError, raise_if
from triallog.domain.zones import abbreviation, computer_zone_name, zone_of
from triallog.gui.changes import Changes
from triallog.gui.dialogs.base import RecordDialog
from triallog.gui.screen_room import resize_within_screen
from triallog.gui.widgets.labels import make_quiet, scaled_font
from triallog.gui.widgets.partial_date_edit import PartialDateEdit
from triallog.services.calls import save_call
from triallog.services.cases import case_label, coverage_of
from triallog.services.people import load_person
from triallog.services.workspace import Database

REFERENCE_REMINDER = "Ask: what is the reference number for this call?"
FOLLOW_UP_HINT = "Optional: the day to call back if you have not heard by then."
DOCUMENTS_HINT = "Each one is ticked off once the document is attached to the case."
DESCRIPTION_ROLE = Qt.ItemDataRole.UserRole
ANSWERED_ROLE = Qt.ItemDataRole.UserRole + 1


class EntryLine(QLineEdit):
    """A line edit whose Enter adds what was typed (`submitted`) instead of saving the whole form."""

    submitted = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.text().strip():
            self.submitted.emit(self.text().strip())
            event.accept()
            return
        super().keyPressEvent(event)


def clock_text(seconds: float) -> str:
    """`mm:ss`, or `h:mm:ss` from an hour on."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class CallDialog(RecordDialog):
    """Log a new call (`call=None`) or change one. Saving calls `save_call`; then `saved(key)`.

    `now` (an aware datetime) fixes the default time, for tests; `clock` (seconds, monotonic)
    drives the timer and may be replaced in tests.
    """

    noun = "call"
    saved = Signal(str)

    def __init__(
        self,
        db: Database,
        changes: Changes | None,
        person_key: str,
        case_key: str | None = None,
        call: r.Call | None = None,
        parent: QWidget | None = None,
        now: datetime | None = None,
    ) -> None:
        self.db, self.changes, self.person_key = db, changes, person_key
        self.person = load_person(db, person_key)
        self.call = call
        self.clock: Callable[[], float] = time.monotonic
        self._started: float | None = None  # clock reading when the timer last started
        self._elapsed = 0.0  # seconds counted before the last start
        # Times are typed and shown in the person's own zone (not the computer's, which may be elsewhere).
        self._zone: tzinfo = zone_of(self.person.time_zone)
        moment = call.when if call else (now or datetime.now(self._zone)).replace(second=0, microsecond=0)
        start = moment.astimezone(self._zone)
        #: the time first shown: an existing call saved with it unchanged keeps its own recorded offset
        self._shown_naive = start.replace(tzinfo=None)
        title = f"Change the call of {start:%Y-%m-%d}" if call else "Log a call"
        super().__init__(f"{title} — {self.person.name}", parent)
        self._build(start, case_key if call is None else call.case)
        if call is not None:
            self._fill(call)
        self.finish()
        self.ticker = QTimer(self)
        self.ticker.setInterval(250)
        self.ticker.timeout.connect(self._tick)
        (self.organization if call is None else self.reference).setFocus()

    # -- building ------------------------------------------------------------------

    def _build(self, start: datetime, case_key: str | None) -> None:
        self.case = QComboBox()
        self.case.addItem("No particular case", None)
        for case in self.person.cases:
            self.case.addItem(case_label(case) or "Case without a drug", case.key)
        found = self.case.findData(case_key) if case_key else 0
        self.case.setCurrentIndex(max(found, 0))
        self.direction = QComboBox()
        for direction in Direction:
            self.direction.addItem(
                "I called them" if direction == Direction.OUTGOING else "They called", direction.value
            )
        self.party = QComboBox()
        self.party.addItem("Not recorded", None)
        for party in Party:
            self.party.addItem(party.label, party.value)
        self.organization = self._offer_box("Such as Cigna or Lakeshore Neurology")
        self.phone = self._offer_box("Such as 800-555-0100")
        self.representative = QLineEdit()
        self.reference = QLineEdit()
        self.reference.setFont(scaled_font(self, 1.4))
        self.reference.setMinimumHeight(self.reference.sizeHint().height() + 10)
        self.reference.setAccessibleName("Reference number")
        self.reference.setAccessibleDescription(REFERENCE_REMINDER)
        self.when = QDateTimeEdit()
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setCalendarPopup(True)
        # PySide6 converts a Python date and time to QDate and QTime itself; its stubs list only the Qt types
        self.when.setDateTime(QDateTime(start.date(), start.time().replace(tzinfo=None)))  # type: ignore[call-overload]
        self.duration = QLineEdit()
        self.duration.setValidator(QIntValidator(0, 9999, self.duration))
        self.duration.setMaximumWidth(120)
        self.summary = QPlainTextEdit()
        self.follow_up = PartialDateEdit("follow_up", empty_hint=FOLLOW_UP_HINT)

        columns = QHBoxLayout()
        columns.setSpacing(16)
        left, right = QVBoxLayout(), QVBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        self.body.addLayout(columns)

        who = self._group(left, "Who")
        person = QLabel(self.person.name)
        person.setTextFormat(Qt.TextFormat.PlainText)
        self.captions.append(QLabel("Person:"))
        who.addRow(self.captions[-1], person)
        self.add_field(who, "Cas&e:", "case", self.case)
        self.add_field(who, "&Direction:", "direction", self.direction)
        self.add_field(who, "&Party:", "party", self.party)
        self.add_field(who, "&Organization:", "organization", self.organization)
        self.add_field(who, "P&hone:", "phone", self.phone)
        self.add_field(who, "Spoke &with:", "representative", self.representative, "Name, and ID if they give one")

        timing = self._group(left, "When and how long")
        self.clock_label = QLabel(clock_text(0))
        self.clock_label.setFont(scaled_font(self, 1.3))
        self.clock_label.setAccessibleName("Time on the call")
        self.timer_button = QPushButton("S&tart timer")
        self.timer_button.setAutoDefault(False)
        self.timer_button.clicked.connect(self.toggle_timer)
        timer_row = QHBoxLayout()
        timer_row.addWidget(self.clock_label)
        timer_row.addWidget(self.timer_button)
        timer_row.addStretch(1)
        caption = QLabel("Timer:")
        self.captions.append(caption)
        timing.addRow(caption, timer_row)
        self.add_field(timing, "Whe&n:", "when", self.when)
        self.offset_label = make_quiet(QLabel())
        timing.addRow("", self.offset_label)
        self.add_field(timing, "Min&utes:", "duration_minutes", self.duration, "Filled by the timer")
        left.addStretch(1)

        said = self._group(right, "Reference number")
        self.add_field(said, "&Reference:", "reference_number", self.reference)
        reminder = QLabel(REFERENCE_REMINDER)
        reminder.setWordWrap(True)
        reminder.setFont(scaled_font(self, 1.0))
        said.addRow("", reminder)

        what = self._group(right, "What was said")
        self.add_field(what, "Su&mmary:", "summary", self.summary, "What they said, what happens next")
        self.summary.setFixedHeight(self.summary.fontMetrics().lineSpacing() * 5 + 16)
        documents = self._build_documents()
        caption = QLabel("They &asked for:")
        caption.setBuddy(self.document_entry)
        self.captions.append(caption)
        what.addRow(caption, documents)
        self.add_field(what, "&Follow up by:", "follow_up", self.follow_up)
        right.addStretch(1)

        QShortcut(QKeySequence.StandardKey.Save, self, self.accept)
        self.when.dateTimeChanged.connect(self._show_offset)
        self.organization.currentTextChanged.connect(self._organization_changed)
        self.case.currentIndexChanged.connect(self._offer)
        for field, signal in (
            ("reference_number", self.reference.textEdited),
            ("duration_minutes", self.duration.textEdited),
            ("follow_up", self.follow_up.textChanged),
            ("when", self.when.dateTimeChanged),
            ("case", self.case.currentIndexChanged),
        ):
            signal.connect(lambda *_args, f=field: self._hide_error(f))
        self._offer()
        self._show_offset()
        resize_within_screen(self, 1000, 540)

    def _group(self, column: QVBoxLayout, title: str) -> QFormLayout:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        column.addWidget(box)
        return form

    @staticmethod
    def _offer_box(placeholder: str) -> QComboBox:
        box = QComboBox()
        box.setEditable(True)
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        line = box.lineEdit()
        assert line is not None  # the box is editable, so it has its line
        line.setPlaceholderText(placeholder)
        return box

    def _build_documents(self) -> QWidget:
        self.documents = QListWidget()
        self.documents.setAccessibleName("Documents they asked for")
        self.documents.setFixedHeight(self.documents.fontMetrics().lineSpacing() * 4 + 12)
        self.document_entry = EntryLine()
        self.document_entry.setPlaceholderText("Type one, then Enter to add it")
        self.document_entry.submitted.connect(self.add_document)
        add = QPushButton("Add")
        add.setAutoDefault(False)
        add.clicked.connect(lambda: self.add_document(self.document_entry.text()))
        self.remove_document_button = QPushButton("Remove")
        self.remove_document_button.setAutoDefault(False)
        self.remove_document_button.clicked.connect(self.remove_document)
        entry_row = QHBoxLayout()
        entry_row.addWidget(self.document_entry, 1)
        entry_row.addWidget(add)
        entry_row.addWidget(self.remove_document_button)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(entry_row)
        layout.addWidget(self.documents)
        layout.addWidget(make_quiet(QLabel(DOCUMENTS_HINT)))
        return box

    def _fill(self, call: r.Call) -> None:
        if call.direction:
            self.direction.setCurrentIndex(self.direction.findData(call.direction.value))
        self.party.setCurrentIndex(max(self.party.findData(call.party.value), 0) if call.party else 0)
        self.organization.setEditText(call.organization)
        self.phone.setEditText(call.phone)
        self.representative.setText(call.representative)
        self.reference.setText(call.reference_number)
        self.duration.setText("" if call.duration_minutes is None else str(call.duration_minutes))
        self.summary.setPlainText(call.summary)
        titles = {d.key: d.title for d in self.person.documents}
        for i, description in enumerate(call.requested_documents):
            self.add_document(description, call.answered_by.get(i), titles.get(call.answered_by.get(i, ""), ""))
        self.follow_up.setValue(call.follow_up)

    # -- offers --------------------------------------------------------------------

    def _offer(self) -> None:
        """Organizations and phones from the case's plan, the prescribers and earlier calls."""
        case = next((c for c in self.person.cases if c.key == self.case.currentData()), None)
        coverages = [coverage_of(self.person, case)] if case else self.person.coverages
        self._phones: dict[str, str] = {}
        organizations: list[str] = [c.carrier for c in coverages if c is not None and c.carrier.strip()]
        for prescriber in self.person.prescribers:
            place = prescriber.practice.strip() or prescriber.name.strip()
            organizations.append(place)
            if prescriber.phone.strip():
                self._phones.setdefault(place.casefold(), prescriber.phone.strip())
        for call in self.person.calls:  # newest numbers last, so they win
            if call.organization.strip() and call.phone.strip():
                self._phones[call.organization.strip().casefold()] = call.phone.strip()
                organizations.append(call.organization.strip())
        for box, items in ((self.organization, organizations), (self.phone, list(self._phones.values()))):
            typed = box.currentText()
            box.blockSignals(True)
            box.clear()
            box.addItems(list(dict.fromkeys(i for i in items if i)))
            box.setEditText(typed)
            box.blockSignals(False)

    def _organization_changed(self, text: str) -> None:
        phone = self._phones.get(text.strip().casefold())
        if phone and not self.phone.currentText().strip():
            self.phone.setEditText(phone)
        if self.party.currentData() is None:
            party = self._party_of(text.strip().casefold())
            if party is not None:
                self.party.setCurrentIndex(self.party.findData(party.value))

    def _party_of(self, organization: str) -> Party | None:
        if any(c.carrier.strip().casefold() == organization for c in self.person.coverages):
            return Party.CARRIER
        for prescriber in self.person.prescribers:
            if organization in (prescriber.practice.strip().casefold(), prescriber.name.strip().casefold()):
                return Party.PRESCRIBER
        return None

    # -- documents -----------------------------------------------------------------

    def add_document(self, text: str, answered_by: str | None = None, title: str = "") -> None:
        """Add a request to the list; `answered_by` is the key of the attached document that answers it."""
        text = text.strip()
        if not text:
            return
        answered = answered_by is not None
        shown = (
            f"{text} — attached: ‘{title}’" if answered and title else text if answered else f"{text} — still needed"
        )
        item = QListWidgetItem(shown)
        item.setData(DESCRIPTION_ROLE, text)
        item.setData(ANSWERED_ROLE, answered_by)
        # The tick comes when the document is attached (on the case page), not by hand.
        state = Qt.CheckState.Checked if answered else Qt.CheckState.Unchecked
        item.setData(Qt.ItemDataRole.CheckStateRole, state)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        self.documents.addItem(item)
        self.document_entry.clear()

    def remove_document(self) -> None:
        row = self.documents.currentRow()
        if row >= 0:
            self.documents.takeItem(row)

    def document_texts(self) -> list[str]:
        return [self.documents.item(i).data(DESCRIPTION_ROLE) for i in range(self.documents.count())]

    def answered_by(self) -> dict[int, str]:
        """Which listed requests an attached document answers, by their place in the list now."""
        keys = (self.documents.item(i).data(ANSWERED_ROLE) for i in range(self.documents.count()))
        return {i: key for i, key in enumerate(keys) if key}

    # -- the timer -----------------------------------------------------------------

    def elapsed(self) -> float:
        running = self.clock() - self._started if self._started is not None else 0.0
        return self._elapsed + running

    def is_timing(self) -> bool:
        return self._started is not None

    def toggle_timer(self) -> None:
        if self._started is None:
            self._started = self.clock()
            self.ticker.start()
            self.timer_button.setText("S&top timer")
        else:
            self._elapsed = self.elapsed()
            self._started = None
            self.ticker.stop()
            self.timer_button.setText("Con&tinue timer")  # it counts on from where it stopped
            # Rounded up: a call of 3 minutes 10 seconds took 4 minutes of someone's day.
            self.duration.setText(str(max(1, math.ceil(self._elapsed / 60))))
            self._hide_error("duration_minutes")
        self._tick()

    def _tick(self) -> None:
        self.clock_label.setText(clock_text(self.elapsed()))

    # -- reading and saving ----------------------------------------------------------

    def when_value(self) -> datetime:
        chosen = self.when.dateTime()
        # PySide6's stubs say toPython() gives an object; QDate's gives a datetime.date, QTime's a datetime.time
        naive = datetime.combine(chosen.date().toPython(), chosen.time().toPython())  # type: ignore[arg-type]
        if self.call is not None and naive == self._shown_naive:
            return self.call.when
        # The person's zone on that day, daylight saving included.
        return naive.replace(tzinfo=self._zone)

    def call_from_form(self) -> r.Call:
        problems: list[Problem] = []
        duration: int | None = None
        if self.duration.text().strip():
            try:
                duration = int(self.duration.text().strip())
            except ValueError:
                problems.append(Problem("duration_minutes", "must be a whole number of minutes", self.duration.text()))
        try:
            follow_up = self.follow_up.value()
        except ValidationError as error:
            problems += error.problems
            follow_up = None
        raise_if(problems)
        direction, party = self.direction.currentData(), self.party.currentData()
        fields = {
            "when": self.when_value(),
            "case": self.case.currentData(),
            "direction": Direction(direction) if direction else None,
            "party": Party(party) if party else None,
            "organization": self.organization.currentText().strip(),
            "phone": self.phone.currentText().strip(),
            "representative": self.representative.text().strip(),
            # Kept as typed when blank, so a number of only spaces is refused (not silently dropped).
            "reference_number": self.reference.text().strip() or self.reference.text(),
            "duration_minutes": duration,
            "summary": self.summary.toPlainText().strip(),
            "requested_documents": self.document_texts(),
            "answered_by": self.answered_by(),
            "follow_up": follow_up,
        }
        # A changed call keeps what this form does not show (its key, whether its follow-up is done).
        return replace(self.call, **fields) if self.call is not None else r.Call(**fields)

    def save(self) -> str:
        if self.is_timing():
            self.toggle_timer()  # saving ends the call: the duration is what the timer counted
        call = self.call_from_form()
        key = self.keep(save_call(self.db, self.person_key, call), call.key)
        self.saved.emit(key)
        if self.changes is not None and self.made is not None:
            self.changes.announce(self.made)
        return key

    def snapshot(self) -> tuple[object, ...]:
        return (*super().snapshot(), tuple(self.document_texts()), self.elapsed() > 0)

    def done(self, result: int) -> None:
        self.ticker.stop()
        super().done(result)

    # -- small reactions -------------------------------------------------------------

    def _hide_error(self, field: str) -> None:
        label = self.errors.labels.get(field)
        if label is not None:
            label.hide()

    def _show_offset(self) -> None:
        when = self.when_value()
        name = self.person.time_zone or f"this computer's zone ({computer_zone_name()})"
        self.offset_label.setText(f"{self.person.name}'s time: {abbreviation(when, self._zone)}, {name}")
