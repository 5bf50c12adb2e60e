"""Notice records changed outside this window (the command line, a read-only window's writer) and say so.

SQLite counts every commit made by another connection (`Database.changed_elsewhere`); asking is one tiny
query, so the window asks whenever it is activated and every few seconds while the program is in front.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

    from triallog.services.workspace import Database

POLL_MS = 3000


class OutsideChanges(QObject):
    """`noticed` fires when another program saved changes to the records `database()` gives.

    `busy()` True means this window is saving itself right now: the check waits for the next turn."""

    noticed = Signal()

    def __init__(
        self,
        window: QWidget,
        database: Callable[[], Database | None],
        busy: Callable[[], bool],
        poll_ms: int = POLL_MS,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.database = database
        self.busy = busy
        self.timer = QTimer(self)
        self.timer.setInterval(poll_ms)
        self.timer.timeout.connect(self._poll)
        window.installEventFilter(self)
        self._listening = False

    def start(self) -> None:
        """Begin once the records are open (after the first paint: the first use of `Qt`, which the
        signal's argument needs, builds every Qt enum and would delay the window)."""
        from PySide6.QtCore import Qt  # noqa: F401  (builds the enums the signal's argument is converted to)

        app = QApplication.instance()
        if not self._listening and isinstance(app, QApplication):
            app.applicationStateChanged.connect(self._state_changed)
            self._listening = True
        self.check()  # the first call only notes where the records stand
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def check(self) -> bool:
        """Ask now; True (and `noticed`) when the records were changed elsewhere since the last check."""
        db = self.database()
        if db is None or self.busy():
            return False
        try:
            changed = db.changed_elsewhere()
        except Exception as error:  # a check never interrupts the person; a bug is logged once, then quiet
            from triallog.gui.errors import describe

            if describe(db, error).problem is None:
                self.timer.stop()
            return False
        if changed:
            self.noticed.emit()
        return changed

    def _poll(self) -> None:
        from PySide6.QtCore import Qt  # here, not at import: the first `Qt` builds every enum (start-up time)

        if QApplication.applicationState() == Qt.ApplicationState.ApplicationActive or self.window.isActiveWindow():
            self.check()

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        from PySide6.QtCore import Qt

        if state == Qt.ApplicationState.ApplicationActive:
            self.check()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.ActivationChange and self.window.isActiveWindow():
            QTimer.singleShot(0, self.check)  # after the activation is done, not inside it
        return False
