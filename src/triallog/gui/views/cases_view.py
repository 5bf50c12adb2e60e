"""One person's cases: the list, and for the chosen case its fields, history, due dates and grounds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, tzinfo

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from triallog.domain.clocks import Clock
from triallog.domain.deadlines import DISCLAIMER
from triallog.domain.grounds import Suggestion, tie_label
from triallog.domain.records import Case, Claim, Document, Person
from triallog.domain.requests import requests_of
from triallog.domain.rules import DECISIONS
from triallog.domain.zones import format_short, format_when, now_in, zone_of
from triallog.gui.changes import Changes
from triallog.gui.dialogs.case_dialog import CaseDialog, LetterDatesDialog, StatusDialog
from triallog.gui.dialogs.claim_dialog import GROUND_TEXT, ClaimDialog, trial_line
from triallog.gui.dialogs.document_dialog import DocumentDialog, open_document
from triallog.gui.dialogs.phone_script_dialog import PhoneScriptDialog
from triallog.gui.forms import open_dialog
from triallog.gui.models.case_table import CaseTableModel, status_of
from triallog.gui.read_only import hide_when_read_only
from triallog.gui.views.list_page import ListPage
from triallog.gui.views.packets_panel import PacketsPanel
from triallog.gui.widgets.labels import make_quiet
from triallog.gui.widgets.questions import ask
from triallog.gui.widgets.row_table import RowTable
from triallog.services.cases import (
    accept_suggestion,
    case_label,
    claim_preview,
    delete_case,
    due_for,
    is_claimed,
    jurisdiction,
    next_step_for,
    notices_for,
    remove_claim,
    standings_for,
    suggestions,
)
from triallog.services.phone_script import build_phone_script
from triallog.services.workspace import Database

NO_PERSON = "Choose a person to see their cases."
NO_CASE = "Choose a case above to see its details."


def _plain(text: str = "", selectable: bool = False) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # names and letters are shown as typed, never as markup
    label.setWordWrap(True)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _bold(label: QLabel, scale: float = 1.0) -> QLabel:
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


class CasesView(ListPage):
    """The cases page. The window calls `set_person(key or None)`; the view refreshes itself on `changes`.

    `today` fixes the day the due dates and grounds are computed for (tests); None means the real today.
    `person_shown(key or None)` tells the pages that follow this one (the documents) who is shown.
    """

    person_shown = Signal(object)
    NO_PERSON = NO_PERSON
    CHOOSE_FIRST = True

    def __init__(
        self, db: Database, changes: Changes, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(db, changes, parent)
        self._today = today
        self.dialog: (
            CaseDialog | StatusDialog | LetterDatesDialog | PhoneScriptDialog | DocumentDialog | ClaimDialog | None
        ) = None
        #: the "Letter dates…" button of each decision in the history, by its place in the history
        self.letter_buttons: dict[int, QPushButton] = {}
        self.open_buttons: dict[str, QPushButton] = {}
        self.attach_button: QPushButton | None = None
        #: grounds dismissed for this session: (case key, ground, required drug)
        self.dismissed: set[tuple[str, str, str | None]] = set()
        self.ground_buttons: list[tuple[Suggestion, QPushButton, QPushButton]] = []
        #: each claim shown, with its Edit and Remove buttons
        self.claim_buttons: list[tuple[Claim, QPushButton, QPushButton]] = []
        self.add_claim_button: QPushButton | None = None
        self._detail_key: str | None = None
        self._details_shown = 0  # how often the detail panel was drawn: a refresh draws it once

        self.model = CaseTableModel(self)
        self.table = self._build_table()
        self.new_button = QPushButton("&New case…")
        self.edit_button = QPushButton("Ed&it…")
        self.delete_button = QPushButton("De&lete…")
        self.status_button = QPushButton("Add &status…")
        self.script_button = QPushButton("P&hone script…")
        self.packet_button = QPushButton("Evidence &packet…")
        self.packet_button.setToolTip("Make the dated PDF that answers the plan: cover, history, letter, statement")
        self.packet_button.clicked.connect(self.make_packet)
        self.new_button.clicked.connect(self.new_case)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.status_button.clicked.connect(self.add_status)
        hide_when_read_only(db, self.new_button, self.edit_button, self.delete_button, self.status_button)
        self.script_button.clicked.connect(self.show_phone_script)
        bar = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.delete_button, self.status_button, self.script_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.packet_button)

        self.detail = QScrollArea()
        self.detail.setWidgetResizable(True)
        self.detail.setFrameShape(QFrame.Shape.NoFrame)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([150, 600])  # a person has a few cases; the chosen one's details need the room
        split.setChildrenCollapsible(False)
        list_page = QWidget()
        column = QVBoxLayout(list_page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(bar)
        column.addWidget(split, 1)

        self.set_pages(list_page, "Start the first case…", self.new_case)

        self.set_person(None)

    @property
    def today(self) -> date:
        """The day it is where the person lives (or the day fixed for tests)."""
        return self._today or now_in(self.zone).date()

    @property
    def zone(self) -> tzinfo:
        """The person's own zone: every clock and time on this page is in it."""
        return zone_of(self.person.time_zone if self.person is not None else "")

    def _clock_day(self) -> date | None:
        """The day clocks are counted from: the fixed day in tests, else now (in the person's zone)."""
        return self._today

    def _build_table(self) -> RowTable:
        table = RowTable()
        table.setModel(self.model)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.setAccessibleName("Cases")
        table.setMinimumHeight(110)
        table.open_requested.connect(self.edit_selected)
        table.delete_requested.connect(self.delete_selected)
        table.selectionModel().selectionChanged.connect(self._selection_changed)
        return table

    # -- what the window calls ---------------------------------------------------

    def set_person(self, person_key: str | None) -> None:
        """Show this person's cases (None: nobody chosen)."""
        if person_key != self.person_key:
            self._select_key = None
        super().set_person(person_key)
        self.person_shown.emit(person_key)

    def fill(self, person: Person | None) -> None:
        if person is None:
            self.model.set_cases([])
        else:
            plans = {c.key: c.title or c.carrier for c in person.coverages}
            self.model.set_cases(person.cases, plans, {c.key: self._next_due(person, c) for c in person.cases})
        self.table.resizeColumnsToContents()

    def is_empty(self) -> bool:
        return self.model.rowCount() == 0

    def index_of(self, key: str) -> QModelIndex | None:
        row = self.model.row_of(key)
        return None if row < 0 else self.model.index(row, 0)

    def reselect(self) -> None:
        shown = self._details_shown
        super().reselect()
        if self._details_shown == shown:  # the same case stayed chosen: its details may still have changed
            self._show_detail()

    def selected_case(self) -> Case | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.case_at(rows[0].row()) if rows else None

    def selected_key(self) -> str | None:
        case = self.selected_case()
        return case.key if case else None

    # -- actions -------------------------------------------------------------------

    def new_case(self) -> None:
        self._open_case_dialog(None)

    def edit_selected(self) -> None:
        case = self.selected_case()
        if case is not None:
            self._open_case_dialog(case)

    def delete_selected(self) -> None:
        case = self.selected_case()
        if case is None or self.person_key is None:
            return
        reference = case.denial_reference.strip()
        named = (
            f"{case.requested_drug} (reference {reference})" if reference else f"{case.requested_drug} (no reference)"
        )
        question = f"Delete the case for {named}?"
        detail = "Its status history is deleted with it; calls and documents stay, unlinked. This cannot be undone."
        if not ask(self, "Delete this case?", question, "Delete case", "Keep it", detail):
            return
        self.changes.announce(delete_case(self.db, self.person_key, case.key))

    def add_status(self) -> None:
        case = self.selected_case()
        if case is None or self.person_key is None or self.dialog is not None:
            return
        self._open(StatusDialog(self.db, self.person_key, case, self.today, self.changes, self, self.zone))

    def show_phone_script(self) -> None:
        case = self.selected_case()
        if case is None or self.person is None or self.dialog is not None:
            return
        script = build_phone_script(self.person, case, self.today)
        self._open(PhoneScriptDialog(script, f"Phone script: {case_label(case)} — {self.person.name}", self))

    def make_packet(self) -> None:
        """The selected case's packet: the panel below the case owns the dialog and the list of packets."""
        if self.selected_case() is not None and getattr(self, "packets_panel", None) is not None:
            self.packets_panel.make_packet()

    def attach_document(self) -> None:
        """Attach a document filed under the chosen case; its dialog offers the requests to tick off."""
        case = self.selected_case()
        if case is None or self.person is None or self.person_key is None or self.dialog is not None:
            return
        self._open(DocumentDialog(self.db, self.person_key, self.person, None, case.key, self.changes, self))

    def open_document(self, document: Document) -> None:
        open_document(self, self.db, document)

    def accept_ground(self, suggestion: Suggestion) -> None:
        """Claim this one suggestion: its ground, for its own required drug, with the trials that prove it."""
        case = self.selected_case()
        if case is None or self.person_key is None:
            return
        self.changes.announce(accept_suggestion(self.db, self.person_key, case.key, suggestion))

    def edit_claim(self, index: int | None) -> None:
        """Add a ground (`None`) or change the claim at `index`: its drug, its proof, its explanation."""
        case = self.selected_case()
        if case is None or self.person is None or self.person_key is None or self.dialog is not None:
            return
        self._open(ClaimDialog(self.db, self.person_key, self.person, case, index, self.changes, self, self.today))

    def remove_claim(self, index: int) -> None:
        """Remove one claim after asking; its trials stay on file."""
        case = self.selected_case()
        if case is None or self.person_key is None or not 0 <= index < len(case.claims):
            return
        claim = case.claims[index]
        about = f" for {claim.required_drug.strip()}" if claim.required_drug.strip() else ""
        if not ask(
            self,
            "Remove this ground?",
            f"Remove “{GROUND_TEXT[claim.ground]}”{about} from this case?",
            "Remove",
            "Keep it",
            "The trials it names stay on file; only the claim goes, and the packet no longer argues it.",
        ):
            return
        self.changes.announce(remove_claim(self.db, self.person_key, case.key, index))

    def dismiss_ground(self, suggestion: Suggestion) -> None:
        """Hide a proposed ground for this session; nothing is saved."""
        case = self.selected_case()
        if case is not None:
            self.dismissed.add((case.key, suggestion.ground.value, suggestion.required_drug))
            self._show_detail()

    def _open_case_dialog(self, case: Case | None) -> None:
        if self.person is None or self.person_key is None or self.dialog is not None:
            return
        dialog = CaseDialog(self.db, self.person_key, self.person, case, self.changes, self)
        dialog.saved.connect(self.remember_saved)
        self._open(dialog)

    def edit_letter_dates(self, index: int) -> None:
        """The letter's date and arrival of the decision at `index` of the history (oldest first)."""
        case = self.selected_case()
        if case is None or self.person_key is None or self.dialog is not None:
            return
        self._open(LetterDatesDialog(self.db, self.person_key, case, index, self.changes, self, self.zone))

    def _open(
        self,
        dialog: CaseDialog | StatusDialog | LetterDatesDialog | PhoneScriptDialog | DocumentDialog | ClaimDialog,
    ) -> None:
        self.dialog = dialog
        open_dialog(dialog, self.forget_dialog)

    # -- reacting ---------------------------------------------------------------------

    def _selection_changed(self) -> None:
        self._show_detail()

    def _next_due(self, person: Person, case: Case) -> str:
        step = next_step_for(person, case, self._clock_day())
        if step is None or step.due is None:
            return ""
        what = step.clock.what if step.clock else "next step"
        checked = "" if step.verified else "; not yet checked"
        return f"{format_short(step.due, self.zone)} ({what}{checked})"

    def empty_words(self, person: Person) -> tuple[str, str]:
        return (
            f"No cases for {person.name} yet",
            "A case is one denial you are fighting: the drug the plan refused, its letter and reference, "
            "and every step after. Start one when a denial letter arrives; TrialLog then proposes grounds "
            "from the trials on file, shows when the plan's answer is due, and writes a phone script.",
        )

    def page_shown(self) -> None:
        chosen = self.selected_case() is not None
        self.new_button.setEnabled(self.person is not None)
        for button in (self.edit_button, self.delete_button, self.status_button, self.script_button):
            button.setEnabled(chosen)
        self.packet_button.setEnabled(chosen)

    # -- the detail panel -----------------------------------------------------------

    def _show_detail(self) -> None:
        self._details_shown += 1
        self.page_shown()
        position = self.detail.verticalScrollBar().value()
        same = self._detail_key == self.selected_key()
        content = QWidget()
        self.ground_buttons = []
        self.claim_buttons = []
        case = self.selected_case()
        if case is None or self.person is None:
            layout = QVBoxLayout(content)
            layout.addWidget(make_quiet(_plain(NO_CASE)))
            layout.addStretch(1)
        else:
            self._fill_detail(content, self.person, case)
        self._detail_key = self.selected_key()
        self.detail.setWidget(content)
        if same:  # accepting a ground must not jump the reader back to the top
            # bound to the scroll bar: dropped if the page is gone before the timer fires
            bar = self.detail.verticalScrollBar()
            QTimer.singleShot(0, bar, lambda: bar.setValue(position))

    def _fill_detail(self, content: QWidget, person: Person, case: Case) -> None:
        page = QVBoxLayout(content)
        title = _bold(_plain(f"{case.requested_drug} — {status_of(case)}"), 1.2)
        title.setAccessibleName("Case title")
        page.addWidget(title)
        clocks = due_for(person, case, self._clock_day())
        page.addWidget(self._next_step_box(person, case, clocks))
        left = QVBoxLayout()
        left.addWidget(self._fields_box(person, case))
        left.addWidget(self._history_box(case))
        left.addWidget(self._linked_box(person, case))
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self._due_box(person, case, clocks))
        right.addWidget(self._claims_box(person, case))
        right.addWidget(self._grounds_box(person, case))
        # the panel tells the window's change signal itself once its dialogs close
        self.packets_panel = PacketsPanel(self.changes, today=self._today)
        self.packets_panel.show_case(self.db, person, case)
        right.addWidget(self.packets_panel)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(12)
        columns.addLayout(right, 1)
        page.addLayout(columns, 1)

    def _fields_box(self, person: Person, case: Case) -> QGroupBox:
        box = QGroupBox("The case")
        form = QFormLayout(box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        plan = next((c for c in person.coverages if c.key == case.coverage), None)
        prescriber = next((p for p in person.prescribers if p.key == case.prescriber), None)
        rows = [
            ("Kind", case.kind.label if case.kind else ""),
            ("Plan", (plan.title or plan.carrier) if plan else ""),
            ("Requested drug", case.requested_drug),
            ("Strength", case.requested_strength),
            ("Dose", case.requested_dose),
            ("Quantity", case.quantity),
            ("Days' supply", str(case.days_supply) if case.days_supply else ""),
            ("Diagnosis", case.diagnosis),
            ("ICD-10-CM code", case.diagnosis_code),
            ("Prescriber", prescriber.name if prescriber else ""),
            ("Required drugs", "\n".join(case.required_drugs)),
            ("Denial date", case.denial_date.human() if case.denial_date else ""),
            ("Denial reference", case.denial_reference),
            ("Denial text", case.denial_text),
            ("Urgency", case.urgency.label if case.urgency else ""),
            ("Notes", case.notes),
        ]
        for caption, value in rows:
            shown = _plain(value or "—", selectable=True)
            if not value:
                make_quiet(shown)
            form.addRow(f"{caption}:", shown)
        return box

    def _next_step_box(self, person: Person, case: Case, clocks: list[Clock]) -> QFrame:
        """What to do next, by when and how: the first thing a tired reader needs."""
        box = QFrame()
        box.setObjectName("next_step")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        column = QVBoxLayout(box)
        step = next_step_for(person, case, self._clock_day(), clocks)
        if step is None:
            column.addWidget(_bold(_plain("Next step: none. This case is settled.")))
            return box
        line = _bold(_plain(f"Next step: {step.what}{step.due_words(self.zone)}", selectable=True), 1.1)
        line.setAccessibleName("Next step")
        column.addWidget(line)
        if step.how:
            column.addWidget(_plain(step.how, selectable=True))
        return box

    def _due_box(self, person: Person, case: Case, clocks: list[Clock]) -> QGroupBox:
        box = QGroupBox("Clocks: when each answer is due")
        column = QVBoxLayout(box)
        if not clocks:
            column.addWidget(make_quiet(_plain("No clock is running: no request or denial is recorded yet.")))
        zone = self.zone
        for clock in reversed(clocks):  # newest first, as the history
            column.addWidget(self._clock_card(clock, zone))
        for notice in notices_for(person, case, self._clock_day()):
            column.addWidget(_plain(notice, selectable=True))
        column.addWidget(_plain(DISCLAIMER))
        return box

    def _clock_card(self, clock: Clock, zone: tzinfo) -> QFrame:
        """One clock: what is due and when, where it stands, what started it, the rule, and what follows."""
        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setAccessibleName(f"Clock: {clock.what}")
        lines = QVBoxLayout(card)
        lines.setSpacing(3)
        when = format_when(clock.due, zone) + clock.unverified_mark if clock.due is not None else "no date on file"
        lines.addWidget(_bold(_plain(f"{clock.what[:1].upper()}{clock.what[1:]}: {when}", selectable=True)))
        state = clock.state_text(zone)
        shown_state = _plain(f"{state[:1].upper()}{state[1:]}.", selectable=True)
        lines.addWidget(_bold(shown_state) if clock.overdue or clock.late else shown_state)
        lines.addWidget(_plain(f"{clock.start_text[:1].upper()}{clock.start_text[1:]}.", selectable=True))
        if clock.assumed:
            lines.addWidget(_plain(f"Assumed: {clock.assumed}", selectable=True))
        source = f" Source: {clock.source}." if clock.source else ""
        lines.addWidget(make_quiet(_plain(f"{clock.meaning}{source}", selectable=True)))
        if clock.late_text():
            lines.addWidget(_bold(_plain(clock.late_text(), selectable=True)))
        elif clock.if_missed_text():
            lines.addWidget(make_quiet(_plain(clock.if_missed_text(), selectable=True)))
        if clock.note:
            lines.addWidget(make_quiet(_plain(clock.note)))
        return card

    def _history_box(self, case: Case) -> QGroupBox:
        box = QGroupBox("Status history (newest first)")
        column = QVBoxLayout(box)
        if not case.events:
            column.addWidget(make_quiet(_plain("No status recorded yet. Use Add status… when something happens.")))
        self.letter_buttons = {}
        for index in reversed(range(len(case.events))):
            event = case.events[index]
            parts = [format_when(event.when, self.zone), event.status.label]
            if event.notice_date is not None:
                parts.append(f"letter dated {event.notice_date.human()}")
            if event.received is not None:
                parts.append(f"arrived {event.received.human()}")
            if event.note:
                parts.append(event.note)
            row = QHBoxLayout()
            row.addWidget(_plain("  ·  ".join(parts), selectable=True), 1)
            if event.status in DECISIONS:
                dates = QPushButton("Letter dates…")
                dates.setAccessibleName(
                    f"The letter's dates: {event.status.label} of {format_when(event.when, self.zone)}"
                )
                dates.setToolTip(
                    "The date printed on the plan's letter and the day it arrived: the appeal counts from them"
                )
                dates.clicked.connect(lambda _checked=False, i=index: self.edit_letter_dates(i))
                row.addWidget(dates, 0, Qt.AlignmentFlag.AlignTop)
                hide_when_read_only(self.db, dates)
                self.letter_buttons[index] = dates
            column.addLayout(row)
        return box

    def _linked_box(self, person: Person, case: Case) -> QGroupBox:
        """The calls and documents recorded against this case: the proof of what was said and sent,
        and the documents asked for on its calls, ticked off as they are attached."""
        box = QGroupBox("Calls and documents for this case")
        column = QVBoxLayout(box)
        calls = sorted((c for c in person.calls if c.case == case.key), key=lambda c: c.when, reverse=True)
        documents = [d for d in person.documents if d.case == case.key]
        requests = requests_of(person, case.key)
        self.open_buttons = {}
        if not calls and not documents:
            column.addWidget(make_quiet(_plain("No calls or documents linked yet. Log each call about this case.")))
        lines = []
        for call in calls:
            who = call.organization or (call.party.label if call.party else "")
            reference = f"reference {call.reference_number}" if call.reference_number else "no reference number"
            lines.append(f"Call {format_when(call.when, self.zone)}  ·  {who}  ·  {reference}")
        if lines:  # one label, a line per call: a case with hundreds of calls still opens at once
            calls_label = _plain("\n".join(lines), selectable=True)
            calls_label.setAccessibleName(f"{len(lines)} call{'s' if len(lines) != 1 else ''} about this case")
            column.addWidget(calls_label)
        for document in documents:
            dated = f"  ·  {document.date.human()}" if document.date else ""
            kind = f"  ·  {document.kind.label}" if document.kind else ""
            row = QHBoxLayout()
            row.addWidget(_plain(f"Document: {document.title}{kind}{dated}", selectable=True), 1)
            if document.file:
                opener = QPushButton("Open")
                opener.setAccessibleName(f"Open document: {document.title}")
                opener.clicked.connect(lambda _checked=False, d=document: self.open_document(d))
                row.addWidget(opener, 0, Qt.AlignmentFlag.AlignTop)
                self.open_buttons[document.key] = opener
            column.addLayout(row)
        if requests:
            asked = _bold(_plain("Documents they asked for"))
            asked.setContentsMargins(0, 6, 0, 0)
            column.addWidget(asked)
        for request in requests:
            if request.document is not None:
                line = f"☑ {request.description} — attached: ‘{request.document.title}’"
                column.addWidget(_plain(line, selectable=True))
            else:
                column.addWidget(_plain(f"☐ {request.description} — still needed", selectable=True))
        attach_row = QHBoxLayout()
        self.attach_button = QPushButton("Attach a &document…")
        self.attach_button.clicked.connect(self.attach_document)
        attach_row.addWidget(self.attach_button)
        hide_when_read_only(self.db, self.attach_button)
        attach_row.addStretch(1)
        column.addLayout(attach_row)
        return box

    def _claims_box(self, person: Person, case: Case) -> QGroupBox:
        """The grounds the case argues: where each required drug stands, then each claim with its proof."""
        box = QGroupBox("Grounds claimed")
        column = QVBoxLayout(box)
        rules = make_quiet(_plain(jurisdiction(person, case).summary()))
        rules.setAccessibleName("Rules for this plan")
        column.addWidget(rules)
        standing = standings_for(person, case, self.today)
        if standing:
            column.addWidget(_bold(_plain("Each required drug")))
            for item in standing:
                line = _plain(f"• {item.required_drug}: {item.text}", selectable=True)
                line.setAccessibleName(f"Required drug: {item.required_drug}")
                if item.text.startswith("no claim"):
                    make_quiet(line)
                column.addWidget(line)
        today = self.today
        for index, claim in enumerate(case.claims):
            column.addWidget(self._claim_card(person, case, index, claim, today))
        if not case.claims:
            column.addWidget(make_quiet(_plain("Nothing is claimed yet: accept a suggestion below, or add a ground.")))
        row = QHBoxLayout()
        self.add_claim_button = QPushButton("&Add a ground…")
        self.add_claim_button.clicked.connect(lambda: self.edit_claim(None))
        row.addWidget(self.add_claim_button)
        hide_when_read_only(self.db, self.add_claim_button)
        row.addStretch(1)
        column.addLayout(row)
        return box

    def _claim_card(self, person: Person, case: Case, index: int, claim: Claim, today: date) -> QFrame:
        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(card)
        about = f" — {claim.required_drug.strip()}" if claim.required_drug.strip() else ""
        proof = claim_preview(person, case, claim, today)
        if claim.needs_drug_and_proof:
            needs = "needs its proof" if claim.ground.about_requested_drug else "needs its drug and proof"
            title = _bold(_plain(f"{GROUND_TEXT[claim.ground]}{about}: {needs}"))
            layout.addWidget(title)
            layout.addWidget(make_quiet(_plain("Not printed in the packet until it is completed: choose Edit.")))
        elif not proof.printable:
            title = _bold(_plain(f"{GROUND_TEXT[claim.ground]}{about}: not printed"))
            layout.addWidget(title)
            for note in proof.notes:
                layout.addWidget(_plain(note, selectable=True))
        else:
            # the packet's own heading and sentences, so what is seen here is what the plan will read
            title = _bold(_plain(proof.heading))
            layout.addWidget(title)
            if proof.sentences:
                layout.addWidget(_plain(proof.sentences, selectable=True))
            for note in proof.notes:
                layout.addWidget(make_quiet(_plain(note, selectable=True)))
        title.setAccessibleName(f"Claim: {GROUND_TEXT[claim.ground]}{about}")
        named = f"claim: {GROUND_TEXT[claim.ground]}{about}"
        edit, remove = _button_row(
            layout,
            ("Edit…", f"Edit {named}", lambda: self.edit_claim(index)),
            ("Remove…", f"Remove {named}", lambda: self.remove_claim(index)),
        )
        hide_when_read_only(self.db, edit, remove)
        self.claim_buttons.append((claim, edit, remove))
        return card

    def _grounds_box(self, person: Person, case: Case) -> QGroupBox:
        box = QGroupBox("Suggested from the trials")
        column = QVBoxLayout(box)
        shown = [
            s
            for s in suggestions(person, case, self.today)
            if (case.key, s.ground.value, s.required_drug) not in self.dismissed
            and not is_claimed(case, s.ground, s.required_drug)
        ]
        if not shown:
            column.addWidget(make_quiet(_plain("Nothing more to suggest from the trials on file.")))
        for suggestion in shown:
            column.addWidget(self._suggestion_row(case, suggestion))
        return box

    def _suggestion_row(self, case: Case, suggestion: Suggestion) -> QWidget:
        row = QFrame()
        row.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(row)
        about = f" — {suggestion.required_drug}" if suggestion.required_drug else ""
        weaker = " (weaker evidence)" if suggestion.weaker else ""
        layout.addWidget(_bold(_plain(f"{GROUND_TEXT[suggestion.ground]}{about}{weaker}")))
        if suggestion.law:
            layout.addWidget(make_quiet(_plain(f"Counts under {suggestion.law}.", selectable=True)))
        layout.addWidget(_plain(suggestion.reason, selectable=True))
        for note in suggestion.notes:
            layout.addWidget(make_quiet(_plain(note, selectable=True)))
        for trial, x in zip(suggestion.trials, suggestion.ties, strict=True):
            layout.addWidget(make_quiet(_plain(f"Proof: {trial_line(trial, tie_label(trial, x, about[3:]))}")))
        named = f"ground: {GROUND_TEXT[suggestion.ground]}{about}"
        accept, dismiss = _button_row(
            layout,
            ("Accept", f"Accept {named}", lambda: self.accept_ground(suggestion)),
            ("Dismiss", f"Dismiss {named}", lambda: self.dismiss_ground(suggestion)),
        )
        hide_when_read_only(self.db, accept)
        self.ground_buttons.append((suggestion, accept, dismiss))
        return row


def _button_row(layout: QVBoxLayout, *buttons: tuple[str, str, Callable[[], None]]) -> list[QPushButton]:
    """A card's buttons on one line, left-aligned: each `(text, accessible name, action)`."""
    row = QHBoxLayout()
    made = []
    for text, name, action in buttons:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.clicked.connect(lambda _checked=False, act=action: act())
        row.addWidget(button)
        made.append(button)
    row.addStretch(1)
    layout.addLayout(row)
    return made
