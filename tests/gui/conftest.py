"""Fixtures for the window tests: answer modal dialogs as a user would, from inside their event loop."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QWidget


class Modals:
    """`then(handle)`: when the next modal window opens, call `handle(window)` while it is open.

    A dialog's `exec()` blocks the test, so its answer must be scheduled before the click that
    opens it. A handler that fails closes its window (so the test never hangs) and the failure is
    raised at the end of the test.
    """

    def __init__(self) -> None:
        self.errors: list[BaseException] = []
        self.pending = 0

    def then(self, handle: Callable[[QWidget], None], timeout: float = 10.0) -> None:
        before = QApplication.activeModalWidget()
        deadline = time.monotonic() + timeout
        self.pending += 1

        def poll() -> None:
            window = QApplication.activeModalWidget()
            if window is not None and window is not before and window.isVisible():
                self.pending -= 1
                try:
                    handle(window)
                except BaseException as error:
                    self.errors.append(error)
                    self._close(window)
                else:
                    QTimer.singleShot(int(timeout * 1000), lambda: self._still_open(window, handle))
                return
            if time.monotonic() > deadline:
                self.pending -= 1
                self.errors.append(AssertionError(f"no dialog opened for {handle.__name__}"))
                return
            QTimer.singleShot(20, poll)

        QTimer.singleShot(0, poll)

    def _still_open(self, window: QWidget, handle: Callable[[QWidget], None]) -> None:
        # A handler must close what it handled; if the app kept the window open, fail, don't hang.
        with contextlib.suppress(RuntimeError):  # RuntimeError: the window is already deleted
            if window.isVisible():
                self.errors.append(AssertionError(f"{window.windowTitle()!r} stayed open after {handle.__name__}"))
                self._close(window)

    @staticmethod
    def _close(window: QWidget) -> None:
        if isinstance(window, QDialog):
            window.done(QDialog.DialogCode.Rejected)
        else:
            window.close()

    def check(self) -> None:
        if self.errors:
            raise self.errors[0]
        assert self.pending == 0, "a dialog the test expected never opened"


def button(window: QWidget, text: str) -> QAbstractButton:
    """The button showing `text` (mnemonic ampersands ignored) anywhere in `window`."""
    found = [b for b in window.findChildren(QAbstractButton) if b.text().replace("&", "") == text and b.isVisible()]
    assert found, f"no button {text!r} in {window.windowTitle()!r}: " + ", ".join(
        repr(b.text()) for b in window.findChildren(QAbstractButton) if b.isVisible()
    )
    return found[0]


def press(text: str) -> Callable[[QWidget], None]:
    """A handler that clicks the button showing `text`."""

    def handle(window: QWidget) -> None:
        button(window, text).click()

    handle.__name__ = f"press {text!r}"
    return handle


@pytest.fixture
def modals(qtbot) -> Iterator[Modals]:  # type: ignore[no-untyped-def]
    driver = Modals()
    yield driver
    qtbot.waitUntil(lambda: driver.pending == 0 or bool(driver.errors), timeout=10000)
    driver.check()


@pytest.fixture(autouse=True)
def no_bug_reported(request: pytest.FixtureRequest, data_dir: Path) -> Iterator[None]:
    """The window logs an exception nobody caught instead of showing it (gui/errors.py), so a test would
    not see it: any bug report written during a test fails it, unless the test is about bug reports."""
    yield
    log = data_dir / "triallog.log"
    if log.exists() and request.node.get_closest_marker("bug_report") is None:
        pytest.fail(f"the window logged a bug during this test:\n{log.read_text()[-2000:]}")


def settle(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Wait, as a person would for a blink, until the window shows the records as they are now:
    it reads the shown person once per change, in the background."""
    qtbot.waitUntil(window.is_current, timeout=10_000)


def shown_window(qtbot, db, size: tuple[int, int] = (1024, 700)):  # type: ignore[no-untyped-def]
    """The main window over `db`, shown at `size` (a small laptop by default) and current."""
    from triallog.gui.main_window import MainWindow

    window = MainWindow(db)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, window)
    return window
