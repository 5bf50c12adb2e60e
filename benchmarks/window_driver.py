"""Open TrialLog's main window in this process over a data folder, as `gui/app.py` does, and wait until it is current.

The window paints first and opens the records after; it may load them in a background job, so every
timed action ends only once `MainWindow.is_current()` says the window shows the records as they are
(where the window has no `is_current`, everything it does is done when the events are processed).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

TIMEOUT = 120.0  # seconds: a window that takes longer is stuck, not slow


def quiet_environment(root: Path) -> None:
    """Offscreen Qt, and settings kept in `root`: the user's own data and settings are never touched."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.update(XDG_CONFIG_HOME=str(root / "config"), XDG_DATA_HOME=str(root / "share"))
    os.environ.pop("TRIALLOG_DATA_DIR", None)


def application() -> Any:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("TrialLog")
    app.setOrganizationName("TrialLog")
    return app


def wait_until(app: Any, condition: Callable[[], bool], what: str, timeout: float = TIMEOUT) -> None:
    """Run the event loop, as the program does, until `condition()` holds (checked every millisecond).

    An event loop, not a loop of processEvents calls: those return at once when nothing is queued, and
    such a busy loop keeps the window's thread holding the interpreter lock while a background job (the
    window reading a record) waits for it, which timed the busy loop rather than the window."""
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.perf_counter() + timeout
    app.processEvents()
    if condition():
        return
    loop, poll = QEventLoop(), QTimer()
    poll.setInterval(1)

    def check() -> None:
        if condition() or time.perf_counter() > deadline:
            loop.quit()

    poll.timeout.connect(check)
    poll.start()
    loop.exec()
    poll.stop()
    if not condition():
        raise SystemExit(f"benchmark stopped: {what} did not happen within {timeout:.0f} s")


def wait_current(app: Any, window: Any, timeout: float = TIMEOUT) -> None:
    """Until the window shows the records as they are now (its background loads done), events processed."""
    is_current = getattr(window, "is_current", None)
    wait_until(app, lambda: is_current is None or is_current(), "the window becoming current", timeout)
    app.processEvents()


class OpenWindow:
    """The main window over `folder`, opened as the program opens it: painted first, then the records.

    `painted`, `ready` and `current` are `time.perf_counter()` readings: the first frame, the first frame
    showing the records (the window's own signals), and the window current after that. `on_ready(window)`
    is called when `ready` fires, to see what that frame showed. `key`: protected records' key
    (`services.protection.unlock`), derived before the window opens.
    """

    def __init__(
        self, app: Any, folder: Path, on_ready: Callable[[Any], object] | None = None, key: Any = None
    ) -> None:
        from triallog.gui.main_window import MainWindow
        from triallog.services.workspace import open_workspace

        self.app = app
        self.marks: dict[str, float] = {}
        self.opened: list[Any] = []
        problems: list[str] = []

        def open_db() -> Any:
            db = open_workspace(folder, key=key)
            self.opened.append(db)
            return db

        self.window = window = MainWindow(data_dir=folder, open_db=open_db)
        window.key = key  # protected records: unlocked beforehand, so that no prompt waits for a person
        window.painted.connect(lambda: self.marks.setdefault("painted", time.perf_counter()))

        def ready() -> None:
            self.marks.setdefault("ready", time.perf_counter())
            if on_ready is not None:
                on_ready(window)

        window.ready.connect(ready)
        window.failed.connect(problems.append)
        window.open_problem.connect(lambda error: problems.append(repr(error)))
        window.show()
        wait_until(app, lambda: "ready" in self.marks or bool(problems), "the records being shown")
        if problems:
            raise SystemExit(f"benchmark stopped: the records could not be opened: {problems[0]}")
        wait_current(app, window)
        self.marks["current"] = time.perf_counter()
        # The daily backup starts after opening: let it finish before anything is timed.
        wait_until(app, lambda: not window.backup_jobs.busy and not window.jobs.busy, "the daily backup")

    def timed(self, act: Callable[[], object]) -> float:
        """Seconds from `act()` (a click, a keystroke) until the window is current again."""
        start = time.perf_counter()
        act()
        wait_current(self.app, self.window)
        return time.perf_counter() - start

    def close(self) -> None:
        self.window.close()
        for db in {id(db): db for db in [*self.opened, self.window.db] if db is not None}.values():
            db.close()
        self.window.deleteLater()
        self.app.processEvents()


def click_tab(app: Any, tabs: Any, page: Any) -> None:
    """Click `page`'s tab in the tab bar, as a mouse does."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    bar = tabs.tabBar()
    QTest.mouseClick(
        bar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, bar.tabRect(tabs.indexOf(page)).center()
    )


def click_button(dialog: Any, text: str) -> None:
    """Click the visible button showing `text` (mnemonics ignored) in `dialog`."""
    from PySide6.QtWidgets import QAbstractButton

    found = [b for b in dialog.findChildren(QAbstractButton) if b.text().replace("&", "") == text and b.isVisible()]
    if not found:
        raise SystemExit(f"benchmark stopped: no {text!r} button in {dialog.windowTitle()!r}")
    found[0].click()
