"""A case's evidence packets: make one, see each one made and whether it was sent, open it, mark it sent."""

from __future__ import annotations

from datetime import date, tzinfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from triallog.domain import records as r
from triallog.domain.errors import ValidationError
from triallog.domain.packet_sections import SECTION_NAMES
from triallog.domain.zones import format_moment, format_when, zone_of
from triallog.gui.changes import Changes
from triallog.gui.dialogs.mark_sent_dialog import MarkSentDialog
from triallog.gui.dialogs.packet_dialog import PacketDialog, packet_title
from triallog.gui.dialogs.pdf_preview import LINGER_MS, PdfPreviewDialog
from triallog.gui.forms import open_dialog
from triallog.gui.read_only import hide_when_read_only
from triallog.gui.widgets.labels import make_quiet
from triallog.gui.widgets.questions import ask
from triallog.services.changes import Changes as Changed
from triallog.services.packet_archive import SENT_PHRASE, KeptPacket, delete_packet, list_packets, read_packet
from triallog.services.packets import check_before_sending, enclosure_files
from triallog.services.workspace import Database


def made_text(packet: KeptPacket, zone: tzinfo) -> str:
    return format_moment(packet.made_at, zone)


def sections_text(sections: tuple[str, ...]) -> str:
    if set(sections) >= set(SECTION_NAMES):
        return "All sections"
    return ", ".join(name.capitalize() for name in sections)


def sent_text(packet: KeptPacket, zone: tzinfo) -> str:
    if packet.sent_via is None or packet.sent_on is None:
        return "Not sent yet"
    day = format_when(packet.sent_on, zone)
    return f"Sent {SENT_PHRASE[packet.sent_via]} on {day}" + (f" — {packet.sent_note}" if packet.sent_note else "")


def _plain(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class PacketsPanel(QWidget):
    """The "Evidence packet" group of a case. `show_case(db, person, case)` fills it.

    `changed` fires (after the dialog that caused it has closed) when a packet was made, marked
    sent or deleted; with `changes` given, what the service changed is announced too, so the views refresh.
    The panel may be rebuilt by that refresh: its dialogs belong to the window, not to it.
    """

    changed = Signal()

    def __init__(
        self, changes: Changes | None = None, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.changes, self._today = changes, today
        self.db: Database | None = None
        self.person: r.Person | None = None
        self.case: r.Case | None = None
        self.packets: list[KeptPacket] = []
        self.dialog: QWidget | None = None
        self.open_buttons: dict[int, QPushButton] = {}
        self.sent_buttons: dict[int, QPushButton] = {}
        self.delete_buttons: dict[int, QPushButton] = {}

        self.box = QGroupBox("Evidence packet")
        self.column = QVBoxLayout(self.box)
        self.make_button = QPushButton("Make &evidence packet…")
        self.make_button.clicked.connect(self.make_packet)
        self.column.addWidget(
            make_quiet(
                _plain(
                    "One dated PDF a plan reviewer and the prescriber can read in two minutes: the request, "
                    "the grounds, the trials and the calls. TrialLog keeps a copy of each packet made."
                )
            )
        )
        row = QHBoxLayout()
        row.addWidget(self.make_button)
        row.addStretch(1)
        self.column.addLayout(row)
        self.list_holder = QWidget()
        self.column.addWidget(self.list_holder)
        self.column.addStretch(1)  # a tall case page leaves its room below the list, not between its lines
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        self._fill()

    @property
    def today(self) -> date:
        return self._today or date.today()

    @property
    def zone(self) -> tzinfo:
        """The person's own zone, in which the packets' times are shown."""
        return zone_of(self.person.time_zone if self.person is not None else "")

    def show_case(self, db: Database, person: r.Person, case: r.Case) -> None:
        self.db, self.person, self.case = db, person, case
        self.refresh()

    def refresh(self) -> None:
        self.packets = []
        if self.db is not None and self.person is not None and self.case is not None:
            self.packets = list_packets(self.db, self.person.key, self.case.key)
        self._fill()

    # -- actions --------------------------------------------------------------------------

    def make_packet(self) -> None:
        if self.db is None or self.person is None or self.case is None or self.dialog is not None:
            return
        dialog = PacketDialog(self.db, self.person, self.case, self.window(), today=self._today)
        dialog.made.connect(lambda made: self._announce(made.changes))
        self._open(dialog)

    def open_packet(self, packet: KeptPacket) -> None:
        if self.db is None or self.person is None or self.case is None or self.dialog is not None:
            return
        try:
            pdf = read_packet(self.db, self.person.key, packet.id)
        except ValidationError as error:
            QMessageBox.information(self, "The packet cannot be opened", _sentence(error.rule))
            return
        zone = zone_of(self.person.time_zone)
        made = packet.made_at.astimezone(zone).date()
        name = f"Evidence packet - {self.person.name} - {made.isoformat()} - {packet.short_hash}.pdf"
        preview = PdfPreviewDialog(
            pdf, f"{packet_title(self.person, self.case)} — made {made_text(packet, zone)}", name, self.window()
        )
        self.dialog = preview
        preview.finished.connect(self._preview_closed)
        preview.open_and_release()

    def _preview_closed(self, _result: int) -> None:
        self.dialog = None

    def mark_sent(self, packet: KeptPacket) -> None:
        if self.db is None or self.person is None or self.case is None or self.dialog is not None:
            return
        zone = zone_of(self.person.time_zone)
        # the record as the kept packet was made from it: its date, its parts, what it could enclose
        made_on = packet.made_at.astimezone(zone).date()
        files = enclosure_files(self.db, self.person)
        check = check_before_sending(self.person, self.case.key, packet.sections, made_on, files, packet.redacted)
        dialog = MarkSentDialog(self.db, self.person.key, self.case, packet, self._today, self.window(), zone, check)
        dialog.saved.connect(lambda _id: self._announce(dialog.made))
        self._open(dialog)

    def delete(self, packet: KeptPacket) -> None:
        if self.db is None or self.person is None or self.dialog is not None:
            return
        detail = "The case's status history stays as it is." + (
            " Keep it if you may need to show what was sent." if packet.sent else ""
        )
        if not ask(
            self,
            "Delete this packet?",
            f"Delete the packet made {made_text(packet, self.zone)}?",
            "Delete packet",
            "Keep it",
            detail,
        ):
            return
        self._announce(delete_packet(self.db, self.person.key, packet.id))

    # -- inside -----------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog

        def forget() -> None:
            self.dialog = None

        # the packet dialog's render job may still be winding down when it closes
        open_dialog(dialog, forget, linger_ms=LINGER_MS)

    def _announce(self, made: Changed | None) -> None:
        # Later, not now: the refresh this starts may rebuild the case page, panel and all,
        # and must not pull the panel away from under the dialog that is still closing.
        changes = self.changes
        QTimer.singleShot(0, self._refresh_and_tell)
        if changes is not None and made is not None:
            QTimer.singleShot(0, lambda: changes.announce(made))

    def _refresh_and_tell(self) -> None:
        self.refresh()
        self.changed.emit()

    def _fill(self) -> None:
        """Rebuild the list of packets below the button (the button and the words above stay)."""
        self.open_buttons, self.sent_buttons, self.delete_buttons = {}, {}, {}
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        if self.case is not None and not self.packets:
            column.addWidget(make_quiet(_plain("No packet made for this case yet.")))
        for packet in self.packets:
            column.addWidget(self._packet_row(packet))
        self.make_button.setEnabled(self.case is not None)
        self.column.replaceWidget(self.list_holder, holder)
        self.list_holder.hide()
        self.list_holder.deleteLater()
        holder.show()
        self.list_holder = holder

    def _packet_row(self, packet: KeptPacket) -> QFrame:
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(frame)
        pages = "1 page" if packet.pages == 1 else f"{packet.pages} pages"
        paper = "A4" if packet.paper == "a4" else "Letter"
        hidden = "account numbers hidden" if packet.redacted else "account numbers shown"
        title = _plain(f"Made {made_text(packet, self.zone)}  ·  {pages}  ·  {paper}  ·  {hidden}")
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        layout.setSpacing(3)
        layout.addWidget(_plain(sections_text(packet.sections)))
        fingerprint = _plain(f"SHA-256 {packet.short_hash}")
        fingerprint.setToolTip(f"The file's full SHA-256: {packet.sha256}")
        layout.addWidget(fingerprint)
        sent = _plain(sent_text(packet, self.zone))
        if not packet.sent:
            make_quiet(sent)
        sent.setAccessibleName("Sent")
        layout.addWidget(sent)
        buttons = QHBoxLayout()
        opener = QPushButton("Open")
        opener.setAccessibleName(f"Open the packet made {made_text(packet, self.zone)}")
        opener.clicked.connect(lambda _checked=False, p=packet: self.open_packet(p))
        buttons.addWidget(opener)
        self.open_buttons[packet.id] = opener
        if not packet.sent:
            sender = QPushButton("Mark as sent…")
            sender.setAccessibleName(f"Mark the packet made {made_text(packet, self.zone)} as sent")
            sender.clicked.connect(lambda _checked=False, p=packet: self.mark_sent(p))
            buttons.addWidget(sender)
            self.sent_buttons[packet.id] = sender
            hide_when_read_only(self.db, sender)
        buttons.addStretch(1)
        remover = QPushButton("Delete…")
        remover.setAccessibleName(f"Delete the packet made {made_text(packet, self.zone)}")
        remover.clicked.connect(lambda _checked=False, p=packet: self.delete(p))
        buttons.addWidget(remover)
        self.delete_buttons[packet.id] = remover
        hide_when_read_only(self.db, remover)
        layout.addLayout(buttons)
        return frame


def _sentence(rule: str) -> str:
    return rule[:1].upper() + rule[1:] + ("" if rule.endswith(".") else ".")
