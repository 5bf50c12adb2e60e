"""Make the visit summary for a prescriber visit in the background, then preview it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from functools import partial

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from triallog.domain import records as r
from triallog.gui.dialogs.pdf_maker import PdfMakerDialog, file_safe
from triallog.gui.widgets.labels import heading_label, make_quiet
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
    name = file_safe(person.name)
    return f"{name[:120]} visit summary {day.isoformat()}.pdf"


class VisitSummaryDialog(PdfMakerDialog):
    """Paper, then "Make summary": renders off the window's thread, closes, and opens the preview (`self.preview`).

    If making fails, it says so and stays open with the choice as it was.
    """

    def __init__(
        self,
        db: Database,
        person: r.Person,
        parent: QWidget | None = None,
        today: date | None = None,
        render: Render | None = None,
    ) -> None:
        super().__init__(db, person, parent, today, "the visit summary", "&Make summary")
        # a plain function of data, never a method of the dialog: it runs on a worker thread, and a
        # bound method kept on the dialog would also tie the dialog into a reference cycle
        self.renderer = render or partial(_render, db, person.key, self.today)
        self.setWindowTitle(f"Visit summary for the prescriber — {person.name}")
        self.setMinimumWidth(480)

        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(heading_label(f"Visit summary for {person.name}"))
        layout.addWidget(make_quiet(QLabel(ABOUT)))
        layout.addWidget(self.paper_box())
        layout.addWidget(self.busy_label)
        layout.addWidget(self.buttons)
        self.make_button.setFocus()

    def make(self) -> None:
        if self.job.busy:
            return
        paper = self.paper
        # Only the PDF is wanted here (and emitted by `made`); the page count is for the command line.
        render = self.renderer
        self._start(lambda: render(paper)[0], visit_summary_title(self.person))

    def _document(self, result: object) -> tuple[bytes, str, str]:
        assert isinstance(result, bytes)
        return result, visit_summary_title(self.person), visit_summary_file_name(self.person, self.today)

    def _choices(self) -> Iterable[QWidget]:
        return (self.letter_button, self.a4_button)


def _render(db: Database, person_key: str, today: date, paper: str) -> tuple[bytes, int]:
    return visit_summary.make_visit_summary(db, person_key, today, paper=paper)
