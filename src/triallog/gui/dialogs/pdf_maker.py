"""What the dialogs that make a PDF share: render in the background, stay put meanwhile, then preview it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QRadioButton,
    QWidget,
)

from triallog.domain import records as r
from triallog.gui.dialogs.pdf_preview import PdfPreviewDialog
from triallog.gui.pdf_jobs import PdfJob
from triallog.gui.text_size import fit_height
from triallog.gui.widgets.labels import make_quiet
from triallog.services.workspace import Database


def file_safe(text: str) -> str:
    """`text` with the characters some computer forbids in a file name turned into `_`."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", text).strip()


class PdfMakerDialog(QDialog):
    """Choices for one person's PDF, then "Make": renders off the window's thread, closes, and opens the preview.

    Made here: the paper choice (`letter_button`, `a4_button`, `paper`), the buttons (`make_button`,
    `cancel_button`), `busy_label` and `job`. While a render runs the choices are locked and Cancel
    and Escape do nothing. When it is done the dialog emits `made(result)`, closes, and opens the
    preview (`self.preview`), which belongs to the dialog's parent so it outlives the dialog. If making
    fails, it says so and stays open with the choices as they were.

    A subclass lays the widgets out, and gives `make` (check the choices, then `_start`), `_choices`
    (what to lock) and `_document` (the PDF, title and file name a result gives).
    """

    made = Signal(object)

    def __init__(
        self,
        db: Database,
        person: r.Person,
        parent: QWidget | None,
        today: date | None,
        what: str,
        make_text: str,
    ) -> None:
        """`what` names the document in sentences ("the call log"); `make_text` labels the Make button."""
        super().__init__(parent)
        self.db, self.person = db, person
        self.today = today or date.today()
        self.what = what
        self.preview: PdfPreviewDialog | None = None

        self.letter_button = QRadioButton("US &Letter")
        self.a4_button = QRadioButton("A&4")
        self.letter_button.setChecked(True)
        self.paper_group = QButtonGroup(self)
        for button in (self.letter_button, self.a4_button):
            self.paper_group.addButton(button)

        # Made inside the dialog, so that the Make button is its default: Enter makes (or saves), never cancels.
        self.buttons = QDialogButtonBox(self)
        self.make_button = self.buttons.addButton(make_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.make_button.setDefault(True)
        self.buttons.accepted.connect(self.make)
        self.buttons.rejected.connect(self.reject)
        self.busy_label = make_quiet(QLabel())
        self.busy_label.hide()

        self.job = PdfJob(self)
        self.job.finished.connect(self._made)
        self.job.failed.connect(self._failed)

    @property
    def paper(self) -> str:
        return "a4" if self.a4_button.isChecked() else "letter"

    def paper_box(self) -> QGroupBox:
        """The paper choice in a box of its own, for a dialog where it applies to everything."""
        box = QGroupBox("Paper")
        row = QHBoxLayout(box)
        row.addWidget(self.letter_button)
        row.addWidget(self.a4_button)
        row.addStretch(1)
        return box

    # -- for a subclass -------------------------------------------------------------------

    def make(self) -> None:
        raise NotImplementedError

    def _choices(self) -> Iterable[QWidget]:
        """The widgets of choices, locked while a render runs."""
        raise NotImplementedError

    def _document(self, result: object) -> tuple[bytes, str, str]:
        """What a render gave, as (PDF, title, suggested file name)."""
        raise NotImplementedError

    def _settle_choices(self) -> None:
        """After a render, re-apply what each choice allows (some depend on others); nothing by default."""

    # -- acting -------------------------------------------------------------------------

    def _start(self, render: Callable[[], Any], title: str) -> None:
        self._set_busy(True)
        self.job.start(render, title)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_height(self)

    def reject(self) -> None:
        if self.job.busy:  # a render runs: closing now would leave its preview nowhere
            return
        super().reject()

    def _made(self, result: object) -> None:
        self._set_busy(False)
        pdf, title, file_name = self._document(result)
        self.preview = PdfPreviewDialog(pdf, title, file_name, self.parentWidget())
        self.made.emit(result)
        self.accept()
        self.preview.open_and_release()

    def _failed(self, message: str) -> None:
        self._set_busy(False)
        QMessageBox.warning(self, f"{self.what[:1].upper()}{self.what[1:]} was not made", message)

    def _set_busy(self, busy: bool) -> None:
        for widget in (*self._choices(), self.make_button, self.cancel_button):
            widget.setEnabled(not busy)
        if not busy:
            self._settle_choices()
        self.busy_label.setText(f"Making {self.what}…" if busy else "")
        self.busy_label.setVisible(busy)
