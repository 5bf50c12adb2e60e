"""One person at a glance: who they are, the plan in force today, what they take now, what is recorded."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from triallog.domain import records as r
from triallog.domain.zones import abbreviation, zone_of
from triallog.gui.changes import Changes
from triallog.gui.dialogs.pdf_preview import LINGER_MS
from triallog.gui.dialogs.visit_summary_dialog import VisitSummaryDialog
from triallog.gui.forms import open_dialog
from triallog.gui.read_only import hide_when_read_only
from triallog.gui.views.people_switcher import counted
from triallog.gui.views.record_page import RecordPage
from triallog.gui.widgets.labels import hint_label, scaled_font, text_label
from triallog.services import people
from triallog.services.workspace import Database

#: The overview's counts, in the order a reader cares about them, with their singular words.
COUNTS = [
    ("trials", "trial"),
    ("side effects", "side effect"),
    ("plans", "plan"),
    ("prescribers", "prescriber"),
    ("measurements", "measurement"),
    ("cases", "case"),
    ("calls", "call"),
    ("documents", "document"),
]


class OverviewView(RecordPage):
    """Emits `edit_profile_requested`, `plans_requested` or `trials_requested` for the window to act on."""

    edit_profile_requested = Signal()
    plans_requested = Signal()
    trials_requested = Signal()

    def __init__(self, db: Database, changes: Changes, parent: QWidget | None = None) -> None:
        super().__init__(db, changes, parent)
        self.current: people.Overview | None = None

        self.name = text_label()
        self.name.setFont(scaled_font(self, 1.6))
        self.name.setObjectName("overview-name")
        self.details = text_label()
        self.representative = text_label()
        self.profile_hint = hint_label(
            "Date of birth, phone and address are not filled in yet. Requests to a plan usually ask for "
            "them: add them with Edit profile."
        )
        self.notes = text_label()
        edit = QPushButton("Edit profile…")
        edit.clicked.connect(self.edit_profile_requested)
        hide_when_read_only(db, edit)

        self.plan_title = text_label()
        self.plan_title.setFont(scaled_font(self, 1.1))
        self.plan_details = text_label()
        self.plan_hint = hint_label(
            "No plan is recorded as in force today. Add the plans this person has had, with their dates, "
            "so each trial shows which plan it was tried under."
        )
        self.plan_button = QPushButton("Go to Plans && prescribers")
        self.plan_button.clicked.connect(self.plans_requested)

        self.medications = text_label()
        self.medications.setObjectName("overview-medications")
        self.medications_hint = hint_label(
            "Nothing is recorded as being taken now. Record each medicine tried, past and present, under Trials."
        )
        self.trials_button = QPushButton("Go to Trials")
        self.trials_button.clicked.connect(self.trials_requested)

        self.counts = text_label(selectable=False)

        self.summary_button = QPushButton("Visit &summary for the prescriber…")
        self.summary_button.setToolTip("A short PDF to print or save and take to the next visit")
        self.summary_button.clicked.connect(self.visit_summary)
        self.summary_button.setEnabled(False)  # until someone is shown
        self.summary_dialog: QWidget | None = None

        page = QWidget()
        page.setMaximumWidth(820)  # long lines are hard to read on a wide screen
        column = QVBoxLayout(page)
        column.setSpacing(6)
        column.setContentsMargins(24, 20, 24, 24)
        head = QHBoxLayout()
        head.addWidget(self.name, 1)
        actions = QVBoxLayout()
        actions.setSpacing(6)
        actions.addWidget(edit)
        actions.addWidget(self.summary_button)
        head.addLayout(actions)
        head.setAlignment(actions, Qt.AlignmentFlag.AlignTop)
        column.addLayout(head)
        for widget in (self.details, self.profile_hint, self.representative, self.notes):
            column.addWidget(widget)
        self._section(column, "Current plan", self.plan_title, self.plan_details, self.plan_hint, self.plan_button)
        self._section(column, "Current medications", self.medications, self.medications_hint, self.trials_button)
        self._section(column, "In this record", self.counts)
        column.addStretch(1)
        self.show_scrolling(page)

    def _section(self, column: QVBoxLayout, title: str, *widgets: QWidget) -> None:
        column.addSpacing(14)
        heading = QLabel(title)
        heading.setFont(scaled_font(self, 1.15))
        column.addWidget(heading)
        for widget in widgets:
            if isinstance(widget, QPushButton):
                column.addWidget(widget, 0, Qt.AlignmentFlag.AlignLeft)
            else:
                column.addWidget(widget)

    def visit_summary(self) -> None:
        """Make the visit summary in the background and open its preview, to print or save."""
        if self.current is None or self.summary_dialog is not None:
            return
        dialog = VisitSummaryDialog(self.db, self.current.person, self.window())
        self.summary_dialog = dialog

        def forget() -> None:
            self.summary_dialog = None

        open_dialog(dialog, forget, linger_ms=LINGER_MS)

    def refresh(self) -> None:
        record = self.read_person()
        if record is None:
            self.current = None
            self.summary_button.setEnabled(False)
            return
        self.summary_button.setEnabled(True)
        self.current = overview = people.summarize(record)
        person = overview.person
        self.name.setText(person.name)
        details = []
        if person.date_of_birth:
            details.append(f"Born {person.date_of_birth.human()}")
        if person.phone:
            details.append(person.phone)
        lines = [" · ".join(details)] if details else []
        if person.time_zone:
            lines.append(
                f"Time zone: {person.time_zone} ({abbreviation(datetime.now(UTC), zone_of(person.time_zone))})"
            )
        if person.address:
            lines.append(person.address)
        self.details.setText("\n".join(lines))
        self.details.setVisible(bool(lines))
        self.profile_hint.setVisible(not lines)
        self.representative.setText(_representative(person.representative))
        self.representative.setVisible(person.representative is not None)
        self.notes.setText(person.notes)
        self.notes.setVisible(bool(person.notes))
        self._show_plan(overview.current_plan)
        self._show_medications(overview.current_medications)
        if any(overview.counts.values()):
            self.counts.setText(" · ".join(counted(overview.counts.get(key, 0), word) for key, word in COUNTS))
        else:
            self.counts.setText("Nothing recorded yet.")

    def _show_plan(self, plan: r.Coverage | None) -> None:
        for widget in (self.plan_title, self.plan_details):
            widget.setVisible(plan is not None)
        self.plan_hint.setVisible(plan is None)
        self.plan_button.setVisible(plan is None)
        if plan is None:
            return
        self.plan_title.setText(plan.title)
        first = [plan.plan_type.label if plan.plan_type else "", plan.state]
        if plan.start:
            first.append(f"since {plan.start.human()}")
        card = [f"Member ID {plan.member_id}" if plan.member_id else "", _labelled("Group", plan.group_number)]
        pharmacy = [
            _labelled("Rx BIN", plan.rx_bin),
            _labelled("PCN", plan.rx_pcn),
            _labelled("Rx group", plan.rx_group),
        ]
        requests = [_labelled("Requests: phone", plan.contact_phone), _labelled("fax", plan.contact_fax)]
        appeals = [_labelled("Appeals:", " ".join(plan.appeals_address.split())), _labelled("fax", plan.appeals_fax)]
        lines = [" · ".join(filter(None, part)) for part in (first, card, pharmacy, requests, appeals)]
        self.plan_details.setText("\n".join(filter(None, lines)))

    def _show_medications(self, trials: list[r.Trial]) -> None:
        self.medications.setVisible(bool(trials))
        self.medications_hint.setVisible(not trials)
        self.trials_button.setVisible(not trials)
        self.medications.setText("\n".join(f"• {people.medicine_line(t)}" for t in trials))


def _labelled(label: str, value: str) -> str:
    return f"{label} {value}" if value else ""


def _representative(rep: r.Representative | None) -> str:
    if rep is None:
        return ""
    who = f"{rep.name} ({rep.relationship})" if rep.relationship else rep.name
    kind = rep.authority_kind.label if rep.authority_kind else ""
    signed = f"signed {rep.authority_signed.human()}" if rep.authority_signed else ""
    extra = " · ".join(filter(None, [rep.phone, kind, rep.authority, signed]))
    return f"Acting for them: {who}" + (f" · {extra}" if extra else "")
