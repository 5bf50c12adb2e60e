"""Make a PDF in the background: the window keeps answering, and a quiet busy box names the document."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from triallog.domain.errors import ValidationError
from triallog.gui.errors import describe
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
        self.failed.emit(failure_text(error, self.name, self.folder()))

    def folder(self) -> Path | None:
        """The data folder of the dialog's database: where a bug's report is written."""
        db = getattr(self.parent(), "db", None)
        return getattr(db, "data_dir", None)


def failure_text(error: object, name: str, folder: Path | None = None) -> str:
    """A sentence for the person: their own mistake as the rule says it, a storage problem plainly, and a
    bug by the file its report was written to (never the error's own words, which may quote a record)."""
    if isinstance(error, ValidationError):
        return f"“{name}” could not be made: {error}"
    if isinstance(error, BaseException) and folder is not None:
        failure = describe(folder, error)
        if failure.problem is not None:
            return f"“{name}” could not be made. {failure.text}"
        report = f" A report was written to {failure.report}; you may send it to us." if failure.report else ""
    else:
        report = ""
    return (
        f"“{name}” could not be made because something went wrong inside TrialLog.{report} "
        "Nothing you chose was lost; you can try again."
    )
