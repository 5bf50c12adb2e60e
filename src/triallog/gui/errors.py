"""What the window says when work on the records fails: a storage problem in plain words, a bug logged.

A storage problem (a full disk, a lock held too long, a read-only or damaged file) is not TrialLog's
fault and the person can act on it: its message is shown as it is. Anything else is a bug: its traceback
goes to the private log in the data folder (`bug_log`), and the screen only names that file. Neither ever
shows the error's own text, which may quote a record.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from triallog.gui.read_only import READ_ONLY_TEXT, READ_ONLY_TITLE

if TYPE_CHECKING:
    from triallog.services.workspace import Database
    from triallog.storage.problems import StorageProblem

NOT_SAVED = "Your records could not be saved"
BUG_TITLE = "Something went wrong"
INCOMPLETE_TITLE = "TrialLog is incomplete"


class Failure(NamedTuple):  # (not a dataclass: this module is imported before the first paint)
    """What to tell the person: `problem` is set for a storage problem, `report` for a logged bug."""

    title: str
    text: str
    problem: StorageProblem | None = None
    report: Path | None = None


def bug_text(report: Path | None) -> str:
    if report is None:
        return "Something went wrong inside TrialLog. Nothing was half-saved. No report could be written."
    return (
        "Something went wrong inside TrialLog. Nothing was half-saved. "
        f"A report was written to {report}; you may send it to us."
    )


def incomplete_text(part: str, report: Path | None) -> str:
    written = f" A report was written to {report}; you may send it to us." if report is not None else ""
    return (
        f"This copy of TrialLog is incomplete: {part} is missing. Your records were not changed. "
        f"Installing TrialLog again mends it.{written}"
    )


def describe(place: Database | Path, error: BaseException, title: str = NOT_SAVED) -> Failure:
    """The storage problem behind `error`, or a bug (logged now). `place` is the window's database (its
    read-only state matters) or the data folder."""
    # imported here, at the first failure, not at start-up (the window paints first)
    from triallog.bug_log import missing_part, write_bug_report

    folder = place if isinstance(place, Path) else place.data_dir
    part = missing_part(error)
    if part is not None:  # before anything else is imported: that may be the part missing
        report = write_bug_report(folder, error)
        return Failure(INCOMPLETE_TITLE, incomplete_text(part, report), report=report)
    from triallog.domain.errors import ValidationError
    from triallog.storage.problems import Kind, explain

    if isinstance(error, ValidationError):  # the person's input, or a file they chose: the rule says it
        return Failure(title, f"Nothing was changed: {error}")
    problem = explain(error, folder)
    if problem is not None:
        if problem.kind is Kind.READ_ONLY and getattr(place, "read_only", False):
            return Failure(READ_ONLY_TITLE, READ_ONLY_TEXT, problem)
        return Failure(title, problem.message, problem)
    report = write_bug_report(folder, error)
    return Failure(BUG_TITLE, bug_text(report), report=report)


def show_failure(
    parent: QWidget | None,
    place: Database | Path,
    error: BaseException,
    title: str = NOT_SAVED,
    first: str = "",
    then: str = "",
) -> Failure:
    """Say what went wrong in a calm warning box; `first` and `then` add a sentence before and after (what
    was being done, what is still there)."""
    failure = describe(place, error, title)
    QMessageBox.warning(parent, failure.title, " ".join(filter(None, [first, failure.text, then])))
    return failure


Hook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def install_excepthook(place: Callable[[], Database | Path]) -> Hook:
    """Route an exception nobody caught (in a Qt slot) through `show_failure`; returns the hook it replaced.

    `place()` gives the window's database, or the data folder while none is open."""
    previous = sys.excepthook
    showing = False

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        nonlocal showing
        if not isinstance(error, Exception) or QApplication.instance() is None:
            previous(kind, error, trace)
            return
        if showing:  # a second failure while the first is on screen: logged, not piled on top
            describe(place(), error.with_traceback(trace))
            return
        showing = True
        try:
            parent = QApplication.activeModalWidget() or QApplication.activeWindow()
            show_failure(parent, place(), error.with_traceback(trace))
        finally:
            showing = False

    sys.excepthook = hook
    return previous
