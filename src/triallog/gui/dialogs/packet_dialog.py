"""Choose what goes into a case's evidence packet, make it in the background, then preview it."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from triallog.domain import records as r
from triallog.domain.errors import ValidationError
from triallog.gui.dialogs.pdf_preview import PdfPreviewDialog
from triallog.gui.forms import FieldErrors
from triallog.gui.pdf_jobs import PdfJob
from triallog.gui.views.partial_date_edit import make_quiet
from triallog.services import packets
from triallog.services.cases import case_label
from triallog.services.packets import SECTIONS, MadePacket, PacketOptions
from triallog.services.workspace import Database

REDACT_TEXT = (
    "Member and group numbers, Rx BIN/PCN/group and phone numbers show only their last 4 characters, "
    "and the date of birth only its year. Names and reference numbers stay, so the plan can find the case."
)

#: what makes the packet: (options) → MadePacket; the window's default renders and keeps it
Render = Callable[[PacketOptions], MadePacket]


def packet_title(person: r.Person, case: r.Case) -> str:
    return f"Evidence packet — {case_label(case) or case.requested_drug} — {person.name}"


def packet_file_name(person: r.Person, case: r.Case, day: date) -> str:
    """`Evidence packet - Dana Rivera - CG-2023-0045871 - 2024-03-10.pdf`: safe on every computer."""
    parts = ["Evidence packet", person.name, case_label(case) or case.requested_drug, day.isoformat()]
    name = " - ".join(re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", p).strip() for p in parts if p.strip())
    return f"{name[:150]}.pdf"


class PacketDialog(QDialog):
    """Sections (all ticked), redaction, paper; "Make packet" renders off the window's thread.

    When the packet is made it emits `made(MadePacket)`, closes, and opens its preview
    (`self.preview`). If making fails, it says so and stays open with the choices as they were.
    """

    made = Signal(object)

    def __init__(
        self,
        db: Database,
        person: r.Person,
        case: r.Case,
        parent: QWidget | None = None,
        render: Render | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.person, self.case = db, person, case
        self.today = today or date.today()
        self.render = render or self._make_and_keep
        self.preview: PdfPreviewDialog | None = None
        self.setWindowTitle(f"Make an evidence packet — {person.name}")
        self.setMinimumWidth(560)

        reference = f" — reference {case.denial_reference.strip()}" if case.denial_reference.strip() else ""
        heading = QLabel(f"Case: {case.requested_drug}{reference}")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        about = make_quiet(
            QLabel(
                "One dated PDF for the plan's reviewer and the prescriber. A copy is kept in TrialLog, "
                "so you can show later exactly what was sent."
            )
        )
        about.setWordWrap(True)

        self.errors = FieldErrors(QLabel())
        sections_box = QGroupBox("What goes in")
        grid = QGridLayout(sections_box)
        self.section_boxes: dict[str, QCheckBox] = {}
        half = (len(SECTIONS) + 1) // 2
        for i, (name, label) in enumerate(SECTIONS):
            check = QCheckBox(label)
            check.setChecked(True)
            check.setObjectName(f"section:{name}")
            check.toggled.connect(self._sections_changed)
            grid.addWidget(check, i % half, i // half)
            self.section_boxes[name] = check
        self.select_all_button = QPushButton("Select &all")
        self.clear_button = QPushButton("C&lear")
        for button in (self.select_all_button, self.clear_button):
            button.setAutoDefault(False)
        self.select_all_button.clicked.connect(lambda: self._tick_all(True))
        self.clear_button.clicked.connect(lambda: self._tick_all(False))
        row = QHBoxLayout()
        row.addWidget(self.select_all_button)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        grid.addLayout(row, half, 0, 1, 2)
        grid.addWidget(self.errors.label_for("sections", next(iter(self.section_boxes.values()))), half + 1, 0, 1, 2)

        privacy_box = QGroupBox("Privacy")
        privacy = QVBoxLayout(privacy_box)
        self.redact_box = QCheckBox("&Hide account numbers (redact)")
        explanation = make_quiet(QLabel(REDACT_TEXT))
        explanation.setWordWrap(True)
        explanation.setContentsMargins(24, 0, 0, 0)
        privacy.addWidget(self.redact_box)
        privacy.addWidget(explanation)

        paper_box = QGroupBox("Paper")
        paper = QHBoxLayout(paper_box)
        self.letter_button = QRadioButton("US &Letter")
        self.a4_button = QRadioButton("A&4")
        self.letter_button.setChecked(True)
        self.paper_group = QButtonGroup(self)
        for button in (self.letter_button, self.a4_button):
            self.paper_group.addButton(button)
            paper.addWidget(button)
        paper.addStretch(1)

        self.buttons = QDialogButtonBox()
        self.make_button = self.buttons.addButton("&Make packet", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.make_button.setDefault(True)
        self.buttons.accepted.connect(self.make)
        self.buttons.rejected.connect(self.reject)
        self.busy_label = make_quiet(QLabel())
        self.busy_label.hide()

        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(about)
        layout.addWidget(sections_box)
        layout.addWidget(privacy_box)
        layout.addWidget(paper_box)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.busy_label)
        layout.addWidget(self.buttons)

        self.job = PdfJob(self)
        self.job.finished.connect(self._made)
        self.job.failed.connect(self._failed)
        self.make_button.setFocus()

    # -- reading ------------------------------------------------------------------------

    def options(self) -> PacketOptions:
        """The choices as made; ValidationError (`sections`) when no section is ticked."""
        chosen = tuple(name for name, box in self.section_boxes.items() if box.isChecked())
        if not chosen:
            raise ValidationError("sections", "choose at least one section to put in the packet")
        return PacketOptions(
            sections=chosen, redact=self.redact_box.isChecked(), paper="a4" if self.a4_button.isChecked() else "letter"
        )

    # -- acting -------------------------------------------------------------------------

    def make(self) -> None:
        if self.job.busy:
            return
        try:
            options = self.options()
        except ValidationError as error:
            self.errors.show(error)
            return
        self.errors.clear()
        self._set_busy(True)
        title = packet_title(self.person, self.case)
        self.job.start(lambda: self.render(options), title)

    def reject(self) -> None:
        if self.job.busy:  # the packet is being made: closing now would leave its preview nowhere
            return
        super().reject()

    def _make_and_keep(self, options: PacketOptions) -> MadePacket:
        # Looked up at call time, so tests can stand in for the renderer.
        return packets.make_packet(self.db, self.person.key, self.case.key, options, self.today)

    def _made(self, result: object) -> None:
        self._set_busy(False)
        assert isinstance(result, MadePacket)
        owner = self.parentWidget()
        self.preview = PdfPreviewDialog(
            result.pdf,
            packet_title(self.person, self.case),
            packet_file_name(self.person, self.case, self.today),
            owner,
        )
        self.preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.made.emit(result)
        self.accept()
        self.preview.open()

    def _failed(self, message: str) -> None:
        self._set_busy(False)
        QMessageBox.warning(self, "The packet was not made", message)

    def _set_busy(self, busy: bool) -> None:
        for widget in (
            *self.section_boxes.values(),
            self.select_all_button,
            self.clear_button,
            self.redact_box,
            self.letter_button,
            self.a4_button,
            self.make_button,
            self.cancel_button,
        ):
            widget.setEnabled(not busy)
        self.busy_label.setText("Making the packet…" if busy else "")
        self.busy_label.setVisible(busy)

    def _tick_all(self, ticked: bool) -> None:
        for box in self.section_boxes.values():
            box.setChecked(ticked)

    def _sections_changed(self) -> None:
        if any(box.isChecked() for box in self.section_boxes.values()):
            self.errors.clear()
