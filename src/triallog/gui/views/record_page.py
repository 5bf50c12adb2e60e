"""The base of every page of one person's record: it shows the window's snapshot of that person,
refreshes only when its own part changed, and a hidden page only once it is shown again."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from triallog.gui.changes import Changes
from triallog.services.changes import PARTS

if TYPE_CHECKING:
    from triallog.domain.records import Person
    from triallog.services.changes import Changes as Changed
    from triallog.services.workspace import Database

#: every part of one person's record (the list of people is not one)
EVERY_PART = tuple(part for part in PARTS if part != "people")


class SeenPage(QWidget):
    """A page that redraws (`refresh`) only where it can be seen: behind another tab it is marked
    stale, and catches up when it is shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stale = False

    def refresh(self) -> None:
        raise NotImplementedError

    def refresh_when_seen(self) -> None:
        """Refresh now if the page can be seen; a page behind another tab waits until it is shown."""
        if self.parent() is not None and self.isHidden():
            self.stale = True
        else:
            self.stale = False
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.stale = False
            self.refresh()


class RecordPage(SeenPage):
    """`set_person(key or None)` chooses who is shown; `refresh()` (each page's own) redraws it
    from `read_person()`. `PARTS` names the parts of a record the page shows (see
    `services.changes.Changes`): a change to any other part leaves the page alone."""

    PARTS: ClassVar[tuple[str, ...]] = EVERY_PART

    def __init__(self, db: Database, changes: Changes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.changes = changes
        self.person_key: str | None = None
        changes.refreshed.connect(self._refreshed)

    def set_person(self, person_key: str | None) -> None:
        self.person_key = person_key
        self.refresh_when_seen()

    def read_person(self) -> Person | None:
        """The shown person's record from the shared snapshot; None when nobody is (or they were removed)."""
        if self.person_key is None:
            return None
        from triallog.domain.errors import ValidationError

        try:
            return self.changes.record(self.db, self.person_key)
        except ValidationError:  # removed meanwhile: show nobody rather than fail
            self.person_key = None
            return None

    def show_scrolling(self, page: QWidget) -> None:
        """Lay `page` out as this page's whole content, scrolling when the window is too short for it."""
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _refreshed(self, changes: Changed) -> None:
        if changes.person is not None and changes.person != self.person_key:
            return
        if changes.person is None or changes.touches(*self.PARTS):
            self.refresh_when_seen()
