"""Make a PDF in the background: the window keeps answering, and a quiet busy box names the document."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from triallog.domain.errors import ValidationError
from triallog.gui.workers import JobRunner

#: a render this quick needs no box at all; a flash of one would only startle
SHOW_AFTER_MS = 300


class PdfJob(QObject):
    """`start(render, name)`: runs `render()` (bytes, or a result holding them) off the window's thread.

    Emits `finished(result)` or `failed(message)` on the window's thread; `message` is a calm
    sentence to show as it is. One render at a time: `start` returns False while one runs.
    """

    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.runner = JobRunner(self)
        self.progress: QProgressDialog | None = None
        self.name = ""

    @property
    def busy(self) -> bool:
        return self.runner.busy

    def start(self, render: Callable[[], Any], name: str) -> bool:
        self.name = name
        if not self.runner.start(render, self._done, self._failed):
            return False
        QTimer.singleShot(SHOW_AFTER_MS, self._show_progress)
        return True

    def wait(self) -> None:
        """Block until the render is done (before the database closes)."""
        self.runner.wait()

    def _show_progress(self) -> None:
        if not self.runner.busy or self.progress is not None:
            return
        box = QProgressDialog(f"Making “{self.name}”…\nThis can take a few seconds.", "", 0, 0, self.parent_widget)
        box.setWindowTitle("Making a PDF")
        box.setCancelButton(None)  # the render cannot be stopped half-way; it is quick
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setMinimumDuration(0)
        box.setAutoClose(False)
        box.setAccessibleName(f"Making {self.name}")
        box.show()
        self.progress = box

    def _hide_progress(self) -> None:
        if self.progress is not None:
            self.progress.hide()
            self.progress.deleteLater()
            self.progress = None

    def _done(self, result: object) -> None:
        self._hide_progress()
        self.finished.emit(result)

    def _failed(self, error: object) -> None:
        self._hide_progress()
        self.failed.emit(failure_text(error, self.name))


def failure_text(error: object, name: str) -> str:
    """A sentence for the person: their own mistake as the rule says it, anything else plainly."""
    if isinstance(error, ValidationError):
        return f"“{name}” could not be made: {error}"
    return (
        f"“{name}” could not be made because something went wrong inside TrialLog ({error}). "
        "Nothing you chose was lost; you can try again."
    )
