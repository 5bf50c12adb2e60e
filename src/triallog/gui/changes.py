"""One hub between what changes the records and what shows them (Anki's `OpChanges` model).

A form that saved something says what changed, once: `announce(changes)`. The hub keeps one
snapshot of the person shown, read once per change, and tells the views by `refreshed(changes)`
when that snapshot is current; a view refreshes only when its own part changed, and a hidden view
only when it is shown again.

In the window a `loader` reads the snapshot in the background, so the window never waits on the
database; without one (a view on its own, in a test) the first view that asks reads it at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from triallog.domain.records import Person
    from triallog.services.changes import Changes as Changed
    from triallog.services.workspace import Database


class Changes(QObject):
    """`people` fires when people were added, renamed or removed; `refreshed(changes)` when the
    record of `changes.person` is current again after those changes (`changes.person` is None
    when the change was not one person's, e.g. an import)."""

    people = Signal()
    refreshed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._snapshot: tuple[str, Person] | None = None
        #: the snapshot a change made stale: what it left alone need not be read again
        self._superseded: tuple[str, Person] | None = None
        #: set by the window: `loader(changes)` reads the snapshot in the background, then calls `settle`
        self.loader: Callable[[Changed], None] | None = None

    # -- what the views read ---------------------------------------------------------

    def record(self, db: Database, key: str) -> Person:
        """The whole record of `key`, read once per change and shared by every view."""
        if self._snapshot is not None and self._snapshot[0] == key:
            return self._snapshot[1]
        from triallog.services.people import load_person

        person = load_person(db, key)  # a person removed meanwhile raises ValidationError
        self._snapshot = (key, person)
        return person

    def cached(self, key: str) -> bool:
        return self._snapshot is not None and self._snapshot[0] == key

    def keep(self, key: str, person: Person) -> None:
        """A snapshot read elsewhere (the window's background job) becomes the current one."""
        self._snapshot = (key, person)
        self._superseded = None

    def forget(self, key: str | None = None) -> None:
        """Drop the snapshot (of `key`, or whoever's it is) so the next read is fresh."""
        if key is None or (self._snapshot is not None and self._snapshot[0] == key):
            if self._snapshot is not None:
                self._superseded = self._snapshot
            self._snapshot = None

    def superseded(self, key: str) -> Person | None:
        """`key`'s last snapshot, made stale by the changes since: the base of a partial read."""
        return self._superseded[1] if self._superseded is not None and self._superseded[0] == key else None

    # -- what forms and the window say -----------------------------------------------

    def announce(self, changes: Changed) -> None:
        """Something was saved: drop what it made stale, refill the people list if it changed,
        then let the views catch up, through the loader when there is one."""
        if not changes.any():
            return
        self.forget(changes.person)
        if changes.people:
            self.people.emit()
        if self.loader is not None:
            self.loader(changes)
        else:
            self.refreshed.emit(changes)

    def settle(self, changes: Changed) -> None:
        """The loader's snapshot is in place: the views whose part changed refresh now."""
        self.refreshed.emit(changes)
