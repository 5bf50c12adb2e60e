"""Make a PDF in the background: the window keeps answering, and a quiet busy box names the document."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from triallog.domain.errors import ValidationError
from triallog.gui.workers import JobRunner


class PdfJob(QObject):
    """`start(render, name)`: runs `render()` (bytes, or a result holding them) off the window's thread.

    Emits `finished(result)` or `failed(message)` on the window's thread; `message` is a calm
    sentence to show as it is. One render at a time: `start` returns False while one runs. The
    dialog that starts it shows "Making …" and locks its choices meanwhile (a separate modal box
    on top of it only added a window, and one more object to delete while pages were drawn).
    """

    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = JobRunner(self)
        self.name = ""

    @property
    def busy(self) -> bool:
        return self.runner.busy

    def start(self, render: Callable[[], Any], name: str) -> bool:
        self.name = name
        return self.runner.start(render, self._done, self._failed)

    def wait(self) -> None:
        """Block until the render is done (before the database closes)."""
        self.runner.wait()

    def _done(self, result: object) -> None:
        self.finished.emit(result)

    def _failed(self, error: object) -> None:
        self.failed.emit(failure_text(error, self.name))


def failure_text(error: object, name: str) -> str:
    """A sentence for the person: their own mistake as the rule says it, anything else plainly."""
    if isinstance(error, ValidationError):
        return f"“{name}” could not be made: {error}"
    return (
        f"“{name}” could not be made because something went wrong inside TrialLog ({error}). "
        "Nothing you chose was lost; you can try again."
    )
