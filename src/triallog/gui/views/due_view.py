"""The Due page: every open answer due, appeal deadline and call follow-up, across everyone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from triallog.gui.changes import Changes
from triallog.gui.models.due_table import Band, Column, DueTableModel
from triallog.gui.read_only import is_read_only
from triallog.gui.views.record_page import SeenPage
from triallog.gui.widgets.labels import make_quiet, scaled_font
from triallog.gui.widgets.row_table import RowTable
from triallog.services import calls as call_service
from triallog.services.cases import DueEntry, due_all
from triallog.services.workspace import Database

if TYPE_CHECKING:
    from triallog.services.changes import Changes as Changed

NOT_LEGAL_ADVICE = "Not legal advice: check the dates in your plan's letters."
#: the widest a column may start, in characters; its tooltip holds the whole text
WIDEST = {Column.PERSON: 32, Column.CASE: 24, Column.SOURCE: 42}
#: "What is due" asks for this many characters before the other columns give way
WHAT_WANTS = 48
#: who gives way to "What is due", in this order, and how narrow each may become (in characters):
#: the rule's citation first (the chosen case's detail below says what its clock means), then the name
GIVE_WAY = {Column.SOURCE: 16, Column.PERSON: 16, Column.CASE: 12}
#: the room a cell's text needs beside it, in pixels
PADDING = 14
NOTHING_DUE = "Nothing is due."
#: the parts of a record the list is made from: the name, plans, cases and calls
DUE_PARTS = ("people", "profile", "plans", "cases", "calls")


def mark_done_service() -> Callable[[Database, str, str], Changed] | None:
    """`services.calls.mark_follow_up_done` once it exists; until then the Done buttons stay hidden."""
    return getattr(call_service, "mark_follow_up_done", None)


def detail_text(entry: DueEntry | None) -> str:
    """The chosen row in full: for a case, its next step (by when, and how) and what its clock counts from."""
    if entry is None:
        return "Choose a row to see the next step."
    if entry.is_follow_up or entry.zone is None:
        return f"{entry.what[:1].upper()}{entry.what[1:]}. Press Enter to open {entry.person}'s record."
    lines = []
    step = entry.next_step
    if step is not None:
        lines.append(f"Next step for {entry.case}: {step.what}{step.due_words(entry.zone)}.")
        if step.how:
            lines.append(step.how)
    counted = f"{entry.start_text[:1].upper()}{entry.start_text[1:]}. " if entry.start_text else ""
    lines.append(f"{entry.what[:1].upper()}{entry.what[1:]}: {counted}{entry.meaning}")
    return "\n".join(lines)


class DueView(SeenPage):
    """The Due page. `refresh()` reads everything again; `today` fixes the date (tests, `--today`).

    It reloads by itself on `changes`. `open_requested(entry)` fires on Enter or a double-click,
    for the window to show that person (and case).
    """

    open_requested = Signal(object)
    #: "Add to calendar…": the window offers every open date as a calendar file
    calendar_requested = Signal()

    def __init__(self, db: Database, changes: Changes, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.db, self.changes = db, changes
        self.fixed_today = today
        self.entries: list[DueEntry] = []
        self._what_width = 0
        self.model = DueTableModel(parent=self)
        self.table = RowTable()
        self.table.setModel(self.model)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        # "What is due" takes the room that is left, so the Done buttons stay in sight at the end.
        header.setSectionResizeMode(Column.WHAT, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName("What is due, overdue first")
        self.table.open_requested.connect(self._open_selected)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        # What the chosen row asks of the person: the case's next step, and what its clock counts from.
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAccessibleName("About the chosen item")

        self.heading = QLabel("Due")
        self.heading.setFont(scaled_font(self, 1.4))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.disclaimer = make_quiet(QLabel(NOT_LEGAL_ADVICE))
        self.done_button = QPushButton("Mark follow-up &done")
        self.done_button.clicked.connect(self.mark_selected_done)
        self.calendar_button = QPushButton("Add to ca&lendar…")
        self.calendar_button.setToolTip("Save these dates as a calendar file, each with reminders")
        self.calendar_button.clicked.connect(self.calendar_requested.emit)
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.calendar_button)
        bar.addWidget(self.done_button)

        table_page = QWidget()
        table_layout = QVBoxLayout(table_page)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addLayout(bar)
        table_layout.addWidget(self.table, 1)
        table_layout.addWidget(self.detail)
        self.empty_label = QLabel(NOTHING_DUE)
        self.empty_label.setFont(scaled_font(self, 1.2, bold=False))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages = QStackedWidget()
        self.pages.addWidget(table_page)
        self.pages.addWidget(self.empty_label)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.disclaimer)
        changes.people.connect(self.refresh_when_seen)
        changes.refreshed.connect(self._refreshed)
        self.refresh()

    def today(self) -> date:
        return self.fixed_today or date.today()

    # -- what the window calls -------------------------------------------------------

    def _refreshed(self, changes: Changed) -> None:
        if changes.person is None or changes.touches(*DUE_PARTS):
            self.refresh_when_seen()

    def refresh(self) -> None:
        """Read every open item again (after an import, a save, or when the day changes)."""
        today = self.today()
        chosen = self.selected_entry()
        # Each person's items are counted in their own zone, from the day it is there (unless fixed).
        self.entries = due_all(self.db, self.fixed_today)
        self.model.set_entries(self.entries, today)
        self._add_done_buttons()
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()  # the status and the date: short words, always shown whole
        header.resizeSection(Column.DONE, self.done_width())
        self._what_width = max(
            self.table.sizeHintForColumn(Column.WHAT), header.sectionSizeFromContents(Column.WHAT).width()
        )
        self.reload_widths()
        self.pages.setCurrentIndex(0 if self.entries else 1)
        self.summary.setText(self._summary_text())
        if chosen is not None and chosen in self.entries:
            self._select(self.entries.index(chosen))
        self._update_buttons()

    def fit_columns(self) -> None:
        """Give "What is due" the room first: the rule, then the name, then the case give up width (their
        tooltips have them whole), never below a readable minimum. "What is due" stretches over what is
        left, so the table never scrolls sideways and the Done buttons stay in sight."""
        header = self.table.horizontalHeader()
        char = self.table.fontMetrics().averageCharWidth()  # larger text: every width grows with it
        need = min(self._what_width + PADDING, WHAT_WANTS * char)
        others = sum(header.sectionSize(c) for c in range(len(Column)) if c != Column.WHAT)
        short = need - (self.table.viewport().width() - others)
        for column, narrowest in GIVE_WAY.items():
            if short <= 0:
                break
            size = header.sectionSize(column)
            give = min(short, max(size - narrowest * char, 0))
            header.resizeSection(column, size - give)
            short -= give

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.entries:  # once the layout has given the table its new width
            QTimer.singleShot(0, self.reload_widths)

    def reload_widths(self) -> None:
        """Column widths for the window's size: each column back to its content (capped), then fitted."""
        header = self.table.horizontalHeader()
        char = self.table.fontMetrics().averageCharWidth()
        for column, widest in WIDEST.items():
            header.resizeSection(column, min(self.table.sizeHintForColumn(column) + PADDING, widest * char))
        self.fit_columns()

    def done_width(self) -> int:
        return QPushButton("Done").sizeHint().width() + 8

    def selected_entry(self) -> DueEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.entry_at(rows[0].row()) if rows and rows[0].row() < len(self.entries) else None

    def mark_done(self, entry: DueEntry) -> None:
        """Close a call's follow-up (one click); the list reloads through `changes`."""
        mark = mark_done_service()
        if mark is None or entry.call_key is None:
            return
        self.changes.announce(mark(self.db, entry.person_key, entry.call_key))

    def mark_selected_done(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            self.mark_done(entry)

    # -- inside ----------------------------------------------------------------------

    def _summary_text(self) -> str:
        bands = [self.model.band_at(row) for row in range(self.model.rowCount())]
        overdue, soon = bands.count(Band.OVERDUE), bands.count(Band.SOON)
        parts = []
        if overdue:
            parts.append(f"{overdue} overdue")
        if soon:
            parts.append(f"{soon} in the next 14 days")
        later = len(bands) - overdue - soon
        if later:
            parts.append(f"{later} later")
        return ", ".join(parts).capitalize() + "." if parts else ""

    def _add_done_buttons(self) -> None:
        can_mark = mark_done_service() is not None and not is_read_only(self.db)
        self.table.setColumnHidden(Column.DONE, not can_mark)
        self.done_button.setVisible(can_mark)
        if not can_mark:
            return
        for row, entry in enumerate(self.entries):
            if entry.is_follow_up:
                button = QPushButton("Done")
                button.setToolTip("The follow-up is done: take it off this list.")
                button.setAccessibleName(f"Done: {entry.what}")
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard uses "Mark follow-up done"
                button.clicked.connect(lambda _checked=False, e=entry: self.mark_done(e))
                self.table.setIndexWidget(self.model.index(row, Column.DONE), button)

    def _update_buttons(self) -> None:
        entry = self.selected_entry()
        self.done_button.setEnabled(entry is not None and entry.is_follow_up)
        self.detail.setText(detail_text(entry))

    def _open_selected(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            self.open_requested.emit(entry)

    def _select(self, row: int) -> None:
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(index, flags)
