"""Add or change a case (a denial being fought), and add a status to its history."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time, tzinfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from triallog.domain import records as r
from triallog.domain.dates import DAY_EXAMPLE, PartialDate, parse_typed_day
from triallog.domain.drug_names import DrugName, drug_names_to_offer
from triallog.domain.enums import CaseKind, CaseStatus, Urgency
from triallog.domain.errors import Problem, ValidationError, raise_if
from triallog.domain.plans import suggest_prescriber
from triallog.domain.zones import format_when, zone_of
from triallog.gui.changes import Changes
from triallog.gui.dialogs.base import RecordDialog
from triallog.gui.screen_room import resize_within_screen
from triallog.gui.widgets.drug_completer import DrugCompleter
from triallog.gui.widgets.labels import make_quiet
from triallog.gui.widgets.questions import ask
from triallog.services.cases import EarlierThanPrevious, add_event, parse_event_date, save_case, set_letter_dates
from triallog.services.workspace import Database

# a day as typed, then a time of day on the person's clock: "3/5/2023 14:30", "2023-03-05T14:30"
_LOCAL_TIME = re.compile(r"^(.+?)(?:\s+|(?<=\d)T)(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_WITH_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T.*(?:Z|[+-]\d{2}:?\d{2})$")
#: what a status date may be, for its hint and its error
EVENT_FORMS = f"a day such as {DAY_EXAMPLE} (month/day/year), or a day and time such as {DAY_EXAMPLE} 14:30"
EVENT_HINT = f"A day such as {DAY_EXAMPLE} (month/day/year), or with a time: {DAY_EXAMPLE} 14:30"


def _combo(items: Sequence[tuple[str, object]], current: object = None) -> QComboBox:
    combo = QComboBox()
    for text, data in items:
        combo.addItem(text, data)
    index = combo.findData(current) if current is not None else 0
    combo.setCurrentIndex(max(index, 0))
    return combo


def unrecorded(case_key: str, value: object) -> list[tuple[str, object]]:
    """A "Not recorded" choice for a saved case that has no value here (an imported record), so that
    editing something else does not quietly fill it in; a new case starts from the usual value."""
    return [("Not recorded", None)] if case_key and value is None else []


def _group(title: str) -> tuple[QGroupBox, QFormLayout]:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    box = QGroupBox(title)
    box.setLayout(form)
    return box, form


class CaseDialog(RecordDialog):
    """Record a new case (`case=None`) or change one; its status history is kept as it is."""

    noun = "case"
    saved = Signal(str)

    def __init__(
        self,
        db: Database,
        person_key: str,
        person: r.Person,
        case: r.Case | None = None,
        changes: Changes | None = None,
        parent: QWidget | None = None,
    ) -> None:
        self.db, self.person_key, self.changes = db, person_key, changes
        self.case = case or r.Case(requested_drug="")
        title = f"Change case: {self.case.requested_drug}" if case else "New case"
        super().__init__(f"{title} — {person.name}", parent)
        c = self.case

        what, form = _group("What was asked for")
        requested = QLineEdit(c.requested_drug)
        self.add_field(form, "&Requested drug:", "requested_drug", requested, "Required, e.g. erenumab (Aimovig)")

        DrugCompleter(requested, drug_names_to_offer(person)).chosen.connect(self._requested_chosen)
        self.add_field(form, "S&trength:", "requested_strength", QLineEdit(c.requested_strength), "e.g. 70 mg/mL")
        self.add_field(form, "D&ose:", "requested_dose", QLineEdit(c.requested_dose), "e.g. 70 mg once monthly")
        self.add_field(form, "&Quantity:", "quantity", QLineEdit(c.quantity), "e.g. 1 autoinjector")
        supply = QLineEdit(str(c.days_supply) if c.days_supply else "")
        self.add_field(form, "Da&ys' supply:", "days_supply", supply, "e.g. 30")
        self.add_field(form, "Dia&gnosis:", "diagnosis", QLineEdit(c.diagnosis), "e.g. chronic migraine")
        self.add_field(form, "ICD-10-C&M code:", "diagnosis_code", QLineEdit(c.diagnosis_code), "e.g. G43.709")
        prescribers = [("None", None), *((p.name, p.key) for p in person.prescribers)]
        chosen = c.prescriber if case else suggest_prescriber(person.prescribers)  # one prescriber: theirs
        self.add_field(form, "&Prescriber:", "prescriber", _combo(prescribers, chosen))
        self.add_field(
            form,
            "Urge&ncy:",
            "urgency",
            _combo(
                [
                    *unrecorded(c.key, c.urgency),
                    ("Standard", Urgency.STANDARD.value),
                    ("Expedited (urgent)", Urgency.EXPEDITED.value),
                ],
                c.urgency.value if c.urgency else None,
            ),
        )

        denial, form = _group("The denial")
        kinds = [*unrecorded(c.key, c.kind), *((k.label, k.value) for k in CaseKind)]
        kind_now = c.kind.value if c.kind else (None if c.key else CaseKind.STEP_THERAPY.value)
        self.add_field(form, "&Kind:", "kind", _combo(kinds, kind_now))
        plans = [("None", None), *((v.title or v.carrier, v.key) for v in person.coverages)]
        # A new denial is almost always from the plan in force now.
        in_force = next((v.key for v in reversed(person.coverages) if v.in_force_on(date.today())), None)
        self.add_field(form, "P&lan:", "coverage", _combo(plans, c.coverage if case else in_force))
        self.date_field(form, "Denial &date:", "denial_date", c.denial_date)
        self.add_field(
            form, "Re&ference:", "denial_reference", QLineEdit(c.denial_reference), "As printed on the letter"
        )
        required = QPlainTextEdit("\n".join(c.required_drugs))
        self.add_field(form, "Req&uired drugs:", "required_drugs", required, "One per line, e.g. topiramate")
        self.add_field(form, "Denial te&xt:", "denial_text", QPlainTextEdit(c.denial_text), "The letter's own words")

        hint = QLabel(
            "Grounds are claimed on the case page, one required drug at a time, each with the trials that prove it."
        )
        hint.setWordWrap(True)
        form.addRow(make_quiet(hint))
        left = QVBoxLayout()
        left.addWidget(what)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(denial)
        notes_box, notes_form = _group("Notes")
        self.add_field(notes_form, "Not&es:", "notes", QPlainTextEdit(c.notes), "Anything worth keeping")
        right.addWidget(notes_box)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        self.body.addLayout(columns)
        resize_within_screen(self, 1000, 620)
        self.finish()

    def _requested_chosen(self, name: DrugName) -> None:
        """A brand chosen from the suggestions names its generic too, as the field's example does."""
        if name.generic:
            requested = self.inputs["requested_drug"]
            assert isinstance(requested, QLineEdit)
            requested.setText(f"{name.generic} ({name.text})")

    def case_from_form(self) -> r.Case:
        """The case as typed, with its status history unchanged. ValidationError on a bad date or number."""
        (denial_date,), problems = self.dates("denial_date")
        supply_text = self.text("days_supply")
        days_supply: int | None = None
        if supply_text:
            try:
                days_supply = int(supply_text)
            except ValueError:
                problems.append(Problem("days_supply", "must be a whole number of days, such as 30", supply_text))
        raise_if(problems)
        kind, urgency = self.inputs["kind"], self.inputs["urgency"]
        coverage, prescriber = self.inputs["coverage"], self.inputs["prescriber"]
        assert isinstance(kind, QComboBox) and isinstance(urgency, QComboBox)
        assert isinstance(coverage, QComboBox) and isinstance(prescriber, QComboBox)
        return replace(
            self.case,
            requested_drug=self.text("requested_drug"),
            requested_strength=self.text("requested_strength"),
            requested_dose=self.text("requested_dose"),
            quantity=self.text("quantity"),
            days_supply=days_supply,
            diagnosis=self.text("diagnosis"),
            # Codes are written in capitals; accept the lower-case a tired hand types.
            diagnosis_code=self.text("diagnosis_code").upper(),
            prescriber=prescriber.currentData(),
            urgency=Urgency(urgency.currentData()) if urgency.currentData() else None,
            kind=CaseKind(kind.currentData()) if kind.currentData() else None,
            coverage=coverage.currentData(),
            denial_date=denial_date,
            denial_reference=self.text("denial_reference"),
            required_drugs=[line.strip() for line in self.text("required_drugs").splitlines() if line.strip()],
            denial_text=self.text("denial_text"),
            claims=list(self.case.claims),
            notes=self.text("notes"),
            events=list(self.case.events),
        )

    def save(self) -> str:
        case = self.case_from_form()
        key = self.keep(save_case(self.db, self.person_key, case), case.key)
        self.saved.emit(key)
        if self.changes is not None and self.made is not None:
            self.changes.announce(self.made)
        return key


def read_event_when(text: str, zone: tzinfo) -> date | datetime:
    """A status date as typed: a day (`3/5/2023`, `Mar 5, 2023`, `2023-03-05`), or with a time
    (`3/5/2023 14:30` is the person's local time, in `zone`; or an ISO date and time with its offset)."""
    raw = text.strip()
    if _WITH_OFFSET.match(raw):
        return parse_event_date(raw, "date")
    match = _LOCAL_TIME.match(raw)
    try:
        day = parse_typed_day(match.group(1) if match else raw, "date")
    except ValidationError as error:
        if "no such date" in error.rule or "whole day" in error.rule or "in full" in error.rule:
            raise
        raise ValidationError("date", f"must be {EVENT_FORMS}", text) from None
    if match is None:
        return day
    hour, minute, second = int(match.group(2)), int(match.group(3)), int(match.group(4) or 0)
    try:
        return datetime.combine(day, time(hour, minute, second), tzinfo=zone)
    except ValueError:
        raise ValidationError("date", f"no such time of day: {raw}", text) from None


def letter_fields(
    dialog: RecordDialog, form: QFormLayout, notice_date: PartialDate | None, received: PartialDate | None
) -> None:
    """The date printed on a plan's letter and the day it arrived, with why they matter."""
    dialog.date_field(form, "Date &on the letter:", "notice_date", notice_date)
    dialog.date_field(form, "Day it &arrived:", "received", received, "The day you or the prescriber got it")
    why = QLabel(
        "The deadline to appeal counts from these days, not from the day the status is recorded. "
        "Leave a field empty if you do not know it: TrialLog then counts from the earliest day possible."
    )
    why.setWordWrap(True)
    form.addRow(make_quiet(why))


class StatusDialog(RecordDialog):
    """Add one status event (what happened, when, a note) to a case's history. An approved or denied
    status is the plan's letter: it asks for the date printed on it and the day it arrived, which start
    the appeal clocks (prefilled from the case, never silently today)."""

    noun = "status"
    saved = Signal(str)

    def __init__(
        self,
        db: Database,
        person_key: str,
        case: r.Case,
        today: date,
        changes: Changes | None = None,
        parent: QWidget | None = None,
        zone: tzinfo | None = None,
    ) -> None:
        self.db, self.person_key, self.case, self.changes = db, person_key, case, changes
        self.zone = zone or zone_of("")
        super().__init__(f"Add a status: {case.requested_drug}", parent)
        self.setMinimumWidth(520)
        form = self.section()
        form.addRow(make_quiet(QLabel(f"Now: {self._last_status()}." if case.events else "No status recorded yet.")))
        statuses = [(s.label, s.value) for s in CaseStatus]
        status = self.add_field(form, "&Status:", "status", _combo(statuses, CaseStatus.PENDING.value))
        shown = PartialDate.of(today).human()
        when = self.add_field(
            form, "&Date:", "date", QLineEdit(shown), f"Such as {DAY_EXAMPLE}, or {DAY_EXAMPLE} 14:30"
        )
        assert isinstance(when, QLineEdit) and isinstance(status, QComboBox)
        when.setToolTip(f"{EVENT_HINT} (the person's time).")
        form.addRow("", make_quiet(QLabel(f"{EVENT_HINT}.")))

        self.letter_box = QGroupBox("The plan's letter")
        letter = QFormLayout(self.letter_box)
        letter.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        is_first = r.first_denial(case.events) is None  # a denial added now would be the case's first
        letter_fields(self, letter, case.denial_date if is_first else None, None)
        self.body.addWidget(self.letter_box)

        notes = self.section()
        self.add_field(notes, "&Note:", "note", QPlainTextEdit(), "e.g. Carrier confirmed receipt by phone")
        status.currentIndexChanged.connect(self._show_letter)
        self._show_letter()
        self.finish()
        status.setFocus()

    def _is_decision(self) -> bool:
        status = self.inputs["status"]
        assert isinstance(status, QComboBox)
        return status.currentData() in (CaseStatus.APPROVED.value, CaseStatus.DENIED.value)

    def _show_letter(self) -> None:
        self.letter_box.setVisible(self._is_decision())
        self.adjustSize()

    def event_from_form(self) -> r.CaseEvent:
        status = self.inputs["status"]
        assert isinstance(status, QComboBox)
        problems: list[Problem] = []
        when: date | datetime | None = None
        try:
            when = read_event_when(self.text("date"), self.zone)
        except ValidationError as error:
            problems += error.problems
        notice_date = received = None
        if self._is_decision():
            (notice_date, received), found = self.dates("notice_date", "received")
            problems += found
        raise_if(problems)
        assert when is not None
        return r.CaseEvent(
            when=when,
            status=CaseStatus(status.currentData()),
            note=self.text("note"),
            notice_date=notice_date,
            received=received,
        )

    def save(self) -> str:
        event = self.event_from_form()
        try:
            self.made = add_event(self.db, self.person_key, self.case.key, event)
        except EarlierThanPrevious:
            if not ask(
                self,
                "Record an earlier status?",
                f"This date is before the last status ({self._last_status()}). Record it anyway?",
                "Record it anyway",
                "Change the date",
                "The history is kept in date order, so it will not become the current status.",
            ):
                raise ValidationError("date", "is before the last status: change it, or confirm to keep it") from None
            self.made = add_event(self.db, self.person_key, self.case.key, event, confirm_earlier=True)
        self.saved.emit(self.case.key)
        if self.changes is not None:
            self.changes.announce(self.made)
        return self.case.key

    def _last_status(self) -> str:
        if not self.case.events:
            return "none"
        last = self.case.events[-1]
        return f"{last.status.label}, {format_when(last.when, self.zone)}"


class LetterDatesDialog(RecordDialog):
    """The date printed on a plan's letter and the day it arrived, for a decision already in the history."""

    noun = "letter's dates"
    saved = Signal(str)

    def __init__(
        self,
        db: Database,
        person_key: str,
        case: r.Case,
        index: int,
        changes: Changes | None = None,
        parent: QWidget | None = None,
        zone: tzinfo | None = None,
    ) -> None:
        self.db, self.person_key, self.case, self.index, self.changes = db, person_key, case, index, changes
        event = case.events[index]
        when = format_when(event.when, zone or zone_of(""))
        super().__init__(f"The plan's letter: {event.status.label.lower()} on {when}", parent)
        letter_fields(self, self.section(), event.notice_date, event.received)
        self.finish()

    def save(self) -> str:
        (notice_date, received), problems = self.dates("notice_date", "received")
        raise_if(problems)
        self.made = set_letter_dates(self.db, self.person_key, self.case.key, self.index, notice_date, received)
        self.saved.emit(self.case.key)
        if self.changes is not None:
            self.changes.announce(self.made)
        return self.case.key
