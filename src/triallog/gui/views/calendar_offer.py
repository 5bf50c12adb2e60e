"""After a save that brings a new date to keep, a quiet bar offers to put it in a calendar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from triallog.gui.changes import Changes
from triallog.gui.tones import NOTICE_EDGE, NOTICE_INK, NOTICE_PAPER
from triallog.services.calendar_file import CalendarItem, person_items
from triallog.services.changes import PARTS

if TYPE_CHECKING:
    from triallog.services.changes import Changes as Changed
    from triallog.services.workspace import Database

#: a calm blue: news, not an alarm (the item-9 notice's tones, held to AA contrast in gui/tones.py)
OFFER_STYLE = (
    f"QFrame#calendarOffer {{ background: {NOTICE_PAPER}; border: 1px solid {NOTICE_EDGE}; border-radius: 4px; }}"
    f"QFrame#calendarOffer QLabel {{ color: {NOTICE_INK}; }}"
)
#: the parts of a record whose saves can bring a date: a case's status history, a call's follow-up
DATE_PARTS = ("cases", "calls")


def offer_text(new: list[CalendarItem]) -> str:
    """`New date to keep — Dana Rivera: appeal deadline (CG-1), by Mar 6, 2025.` (or how many, and the first)."""
    first = new[0]
    if len(new) == 1:
        return f"New date to keep — {first.title}, {first.by}. Add it to your calendar so that it is not missed."
    return (
        f"{len(new)} new dates to keep for {first.person}, the first: {first.title}, {first.by}. "
        "Add them to your calendar so that none is missed."
    )


class CalendarOffer(QFrame):
    """Hidden until the shown person's record gains a date (a new deadline, a follow-up, a date corrected):
    then it names it and offers `requested(person key)`. `watch(key)` takes the dates a person already has,
    when they are shown, so that only what a later save brings is offered. `today()` gives the day to count
    from (None: each person's own today)."""

    requested = Signal(str)

    def __init__(
        self,
        db: Database,
        changes: Changes,
        today: Callable[[], date | None] = lambda: None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.changes, self.today = db, changes, today
        self.person_key: str | None = None
        self.new: list[CalendarItem] = []
        #: what each person seen had: (uid, day) of every open date
        self._known: dict[str, set[tuple[str, date]]] = {}
        self.setObjectName("calendarOffer")
        self.setStyleSheet(OFFER_STYLE)
        self.setAccessibleName("New date to keep")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.add_button = QPushButton("Add to calendar…")
        self.add_button.setAccessibleName("Add the new date to a calendar")
        self.add_button.clicked.connect(self._add)
        self.dismiss_button = QPushButton("Not now")
        self.dismiss_button.setAccessibleName("Not now: hide this offer")
        self.dismiss_button.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 6, 6)
        row.addWidget(self.label, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.dismiss_button)
        changes.refreshed.connect(self._refreshed)
        self.hide()

    def watch(self, key: str | None) -> None:
        """`key` is shown now: what they have already is not news. Another person's offer is put away."""
        if key != self.person_key:
            self.hide()
        self.person_key = key
        if key is not None:
            dates = self._dates(key)
            if dates is not None:
                self._known[key] = {(item.uid, item.day) for item in dates}

    # -- inside ----------------------------------------------------------------------

    def _refreshed(self, changes: Changed) -> None:
        key = changes.person
        # An import, a restore or another program's save brings what the person asked for elsewhere: no offer.
        if key is None or key != self.person_key or all(changes.touches(part) for part in PARTS):
            return
        if not changes.touches(*DATE_PARTS) or key not in self._known:
            return
        items = self._dates(key)
        if items is None:
            return
        known = self._known[key]
        self._known[key] = {(item.uid, item.day) for item in items}
        new = [item for item in items if (item.uid, item.day) not in known]
        if new:
            self.new = new
            self.label.setText(offer_text(new))
            self.show()

    def _dates(self, key: str) -> list[CalendarItem] | None:
        from triallog.domain.errors import ValidationError

        try:
            person = self.changes.record(self.db, key)
        except ValidationError:  # removed meanwhile
            return None
        return person_items(person, self.today())

    def _add(self) -> None:
        self.hide()
        if self.person_key is not None:
            self.requested.emit(self.person_key)
