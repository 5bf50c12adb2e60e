"""Run slow work (import, export) off the window's thread and report back by signals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Relay(QObject):
    """Lives on the window's thread: the worker emits, and its slots then run there (queued)."""

    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, runner: JobRunner, on_done: Callable[[Any], None], on_failed: Callable[[Any], None]) -> None:
        super().__init__(runner)
        self.runner = runner
        self.on_done = on_done
        self.on_failed = on_failed
        self.finished.connect(self._done)
        self.failed.connect(self._failed)

    @Slot(object)
    def _done(self, result: object) -> None:
        self.runner._end(self, self.on_done, result)

    @Slot(object)
    def _failed(self, error: object) -> None:
        self.runner._end(self, self.on_failed, error)


class _Task(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.work = work
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as error:  # every failure goes back to the window to be shown, never lost
            self.relay.failed.emit(error)
        else:
            self.relay.finished.emit(result)


class JobRunner(QObject):
    """One job at a time: `start(work, on_done, on_failed)`; `busy` says whether one is running.

    One at a time because import and export change or read the whole database: a second
    one started by a double click should wait rather than race the first.
    """

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._relay: _Relay | None = None

    @property
    def busy(self) -> bool:
        return self._relay is not None

    def start(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_failed: Callable[[Exception], None],
    ) -> bool:
        """Run `work()` in the background; False (and nothing started) if a job is still running."""
        if self._relay is not None:
            return False
        relay = _Relay(self, on_done, on_failed)
        self._relay = relay
        self.busy_changed.emit(True)
        self.pool.start(_Task(work, relay))
        return True

    def wait(self) -> None:
        """Block until the running job is done (the window calls this before it closes the database)."""
        self.pool.waitForDone()

    def _end(self, relay: _Relay, then: Callable[[Any], None], value: Any) -> None:
        # Clear the busy state first: `then` may start a follow-up job (import with replace).
        self._relay = None
        relay.deleteLater()
        self.busy_changed.emit(False)
        then(value)
