"""Record that an evidence packet went to the plan: how, when, and a note; the case's history says so too."""

from __future__ import annotations

from datetime import date, tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from triallog.domain import records as r
from triallog.domain.dates import DAY_EXAMPLE, PartialDate
from triallog.domain.enums import SentVia
from triallog.domain.errors import ValidationError
from triallog.domain.zones import format_day, format_when, zone_of
from triallog.gui.dialogs.base import RecordDialog
from triallog.gui.dialogs.case_dialog import EVENT_HINT, read_event_when
from triallog.gui.forms import WARNING_STYLE
from triallog.gui.widgets.labels import make_quiet
from triallog.gui.widgets.questions import ask
from triallog.services.cases import EarlierThanPrevious
from triallog.services.packet_archive import KeptPacket, mark_sent, status_after_sending
from triallog.services.packets import SendingCheck
from triallog.services.workspace import Database

CHOOSE = "Choose how it was sent…"


def check_box(check: SendingCheck) -> QGroupBox:
    """One screen before sending: each statement of the letter with its proof, then every warning."""
    box = QGroupBox("Check before sending")
    column = QVBoxLayout(box)
    inner = QWidget()
    lines = QVBoxLayout(inner)
    lines.setContentsMargins(0, 0, 0, 0)
    said = QLabel(f"What the {check.title[:1].lower()}{check.title[1:]} says:" if check.statements else
                  "The letter argues no ground: nothing is claimed with its proof.")  # fmt: skip
    said.setWordWrap(True)
    lines.addWidget(said)
    for heading, proof in check.statements:
        label = QLabel(f"• {heading}. {proof}".strip())
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lines.addWidget(label)
    if check.warnings:
        lines.addWidget(QLabel("Before it goes:"))
    for warning in check.warnings:
        label = QLabel(f"⚠ {warning}")
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setStyleSheet(WARNING_STYLE)
        label.setAccessibleName(f"Warning: {warning}")
        lines.addWidget(label)
    if not check.warnings:
        lines.addWidget(make_quiet(QLabel("No warnings: every document asked for is enclosed.")))
    lines.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(inner)
    scroll.setMinimumHeight(180)
    column.addWidget(scroll)
    choice = make_quiet(QLabel("Sending is your choice: you may mark it as sent whatever this says."))
    choice.setWordWrap(True)
    column.addWidget(choice)
    return box


class MarkSentDialog(RecordDialog):
    """How (fax, portal, mail, in person), the date (today unless changed) and a note.

    Saving records it on the packet and adds the step to the case's status history; a date
    before the case's last status is asked about first, as in Add status.
    """

    noun = "sending record"
    saved = Signal(int)

    def __init__(
        self,
        db: Database,
        person_key: str,
        case: r.Case,
        packet: KeptPacket,
        today: date | None = None,
        parent: QWidget | None = None,
        zone: tzinfo | None = None,
        check: SendingCheck | None = None,
    ) -> None:
        self.db, self.person_key, self.case, self.packet = db, person_key, case, packet
        self.today = today or date.today()
        self.zone = zone or zone_of("")
        made = format_day(packet.made_at.astimezone(self.zone).date())
        super().__init__(f"Mark as sent: packet of {made}", parent)
        self.setMinimumWidth(500)
        self.buttons.button(self.buttons.StandardButton.Save).setText("&Mark as sent")
        if check is not None:
            self.body.addWidget(check_box(check))
        form = self.section()
        pages = "1 page" if packet.pages == 1 else f"{packet.pages} pages"
        about = QLabel(f"The packet made {made} ({pages}, SHA-256 {packet.short_hash}).")
        about.setWordWrap(True)
        form.addRow(make_quiet(about))
        via = QComboBox()
        via.addItem(CHOOSE, None)
        for choice in SentVia:
            via.addItem(choice.label, choice.value)
        self.add_field(form, "Sent &by:", "via", via)
        shown = PartialDate.of(self.today).human()
        when = self.add_field(form, "&Date sent:", "date", QLineEdit(shown), f"Such as {DAY_EXAMPLE}")
        when.setToolTip(f"{EVENT_HINT} (the person's local time).")
        self.add_field(form, "&Note:", "note", QPlainTextEdit(), "e.g. Faxed to 1-800-555-0100; confirmation page kept")
        status = status_after_sending(case).label
        after = QLabel(f"The case's status history gets a line for this, with the status “{status}”.")
        after.setWordWrap(True)
        form.addRow("", make_quiet(after))
        self.finish()
        via.setFocus()

    def save(self) -> str:
        via = self.inputs["via"]
        assert isinstance(via, QComboBox)
        when = read_event_when(self.text("date"), self.zone)
        args = (self.db, self.person_key, self.packet.id, via.currentData(), when, self.text("note"))
        try:
            self.made = mark_sent(*args, today=self.today)
        except EarlierThanPrevious:
            if not ask(
                self,
                "Record an earlier date?",
                f"This date is before the case's last status ({self._last_status()}). Record it anyway?",
                "Record it anyway",
                "Change the date",
                "The history is kept in date order, so it will not become the current status.",
            ):
                raise ValidationError("date", "is before the last status: change it, or confirm to keep it") from None
            self.made = mark_sent(*args, confirm_earlier=True, today=self.today)
        self.saved.emit(self.packet.id)
        return str(self.packet.id)

    def _last_status(self) -> str:
        if not self.case.events:
            return "none"
        last = self.case.events[-1]
        return f"{last.status.label}, {format_when(last.when, self.zone)}"
