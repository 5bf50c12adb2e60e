"""Make the visit summary for a prescriber visit in the background, then preview it."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from triallog.domain import records as r
from triallog.gui.dialogs.pdf_preview import PdfPreviewDialog
from triallog.gui.pdf_jobs import PdfJob
from triallog.gui.views.partial_date_edit import make_quiet
from triallog.services import visit_summary
from triallog.services.workspace import Database

ABOUT = (
    "A short PDF to hand the prescriber at the visit: current medications, the open insurance cases "
    "and what is due, questions to ask, scores from the last 12 months and the trial history. "
    "It takes as few pages as it can."
)

#: what makes the summary: (paper) → (PDF bytes, pages)
Render = Callable[[str], tuple[bytes, int]]


def visit_summary_title(person: r.Person) -> str:
    return f"Visit summary — {person.name}"


def visit_summary_file_name(person: r.Person, day: date) -> str:
    """`Dana Rivera visit summary 2026-11-23.pdf`: safe on every computer."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", person.name).strip()
    return f"{name[:120]} visit summary {day.isoformat()}.pdf"


class VisitSummaryDialog(QDialog):
    """Paper, then "Make summary": renders off the window's thread, closes, and opens the preview (`self.preview`).

    If making fails, it says so and stays open with the choice as it was.
    """

    made = Signal(object)

    def __init__(
        self,
        db: Database,
        person: r.Person,
        parent: QWidget | None = None,
        today: date | None = None,
        render: Render | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.person = db, person
        self.today = today or date.today()
        self.render = render or self._render
        self.preview: PdfPreviewDialog | None = None
        self.setWindowTitle(f"Visit summary for the prescriber — {person.name}")
        self.setMinimumWidth(480)

        heading = QLabel(f"Visit summary for {person.name}")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        about = make_quiet(QLabel(ABOUT))

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
        self.make_button = self.buttons.addButton("&Make summary", QDialogButtonBox.ButtonRole.AcceptRole)
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
        layout.addWidget(paper_box)
        layout.addWidget(self.busy_label)
        layout.addWidget(self.buttons)

        self.job = PdfJob(self)
        self.job.finished.connect(self._made)
        self.job.failed.connect(self._failed)
        self.make_button.setFocus()

    @property
    def paper(self) -> str:
        return "a4" if self.a4_button.isChecked() else "letter"

    def make(self) -> None:
        if self.job.busy:
            return
        paper = self.paper
        self._set_busy(True)
        self.job.start(lambda: self.render(paper), visit_summary_title(self.person))

    def reject(self) -> None:
        if self.job.busy:  # the summary is being made: closing now would leave its preview nowhere
            return
        super().reject()

    def _render(self, paper: str) -> tuple[bytes, int]:
        return visit_summary.make_visit_summary(self.db, self.person.key, self.today, paper=paper)

    def _made(self, result: object) -> None:
        self._set_busy(False)
        assert isinstance(result, tuple)
        pdf = result[0]
        owner = self.parentWidget()
        self.preview = PdfPreviewDialog(
            pdf,
            visit_summary_title(self.person),
            visit_summary_file_name(self.person, self.today),
            owner,
        )
        self.preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.made.emit(pdf)
        self.accept()
        self.preview.open()

    def _failed(self, message: str) -> None:
        self._set_busy(False)
        QMessageBox.warning(self, "The visit summary was not made", message)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.letter_button, self.a4_button, self.make_button, self.cancel_button):
            widget.setEnabled(not busy)
        self.busy_label.setText("Making the visit summary…" if busy else "")
        self.busy_label.setVisible(busy)
