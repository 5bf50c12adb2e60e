"""One person's call log (or one case's): newest first, searchable, with log, change and delete."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from triallog.domain.records import Call, Person
from triallog.domain.zones import zone_of
from triallog.gui.changes import Changes
from triallog.gui.dialogs.call_dialog import CallDialog
from triallog.gui.dialogs.call_log_dialog import CallLogDialog
from triallog.gui.dialogs.pdf_preview import LINGER_MS
from triallog.gui.forms import open_dialog
from triallog.gui.models.call_table import CallTableModel, when_text, who_text
from triallog.gui.read_only import hide_when_read_only
from triallog.gui.views.list_page import ListPage
from triallog.gui.widgets.labels import make_quiet
from triallog.gui.widgets.questions import ask
from triallog.gui.widgets.row_table import RowTable
from triallog.gui.widgets.search_box import search_box
from triallog.services.calls import CallSearch, calls_of, delete_call
from triallog.services.cases import case_label
from triallog.services.workspace import Database

NO_PERSON = "Choose a person to see the calls logged for them."
PROOF = "Log every call: the reference number is your proof."


def _plain(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # names and notes are shown as typed, never as markup
    label.setWordWrap(True)
    return label


class CallsView(ListPage):
    """The calls page. The window calls `set_person(key or None)`, `set_case_filter(key or None)`
    and binds its global "log a call" shortcut to `log_call()`; the view refreshes itself on `changes`."""

    PARTS = ("profile", "cases", "calls")
    dialog: CallDialog | None  # the one dialog open, if any
    NO_PERSON = NO_PERSON
    WIDEST_COLUMN = 240

    def __init__(self, db: Database, changes: Changes, parent: QWidget | None = None) -> None:
        super().__init__(db, changes, parent)
        self._index = CallSearch([])
        self.case_key: str | None = None
        self.calls: list[Call] = []
        self.log_dialog: CallLogDialog | None = None

        self.model = CallTableModel(parent=self)
        self.table = self._build_table()
        self.log_button = QPushButton("&Log a call…")
        self.edit_button = QPushButton("Ed&it…")
        self.delete_button = QPushButton("De&lete…")
        self.log_button.clicked.connect(self.log_call)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        hide_when_read_only(db, self.log_button, self.edit_button, self.delete_button)
        self.export_button = QPushButton("Print or e&xport the call log…")
        self.export_button.setToolTip("The calls as a PDF to print or send, or as a CSV file for a spreadsheet")
        self.export_button.clicked.connect(self.export_log)
        self.search_box = search_box(
            self,
            "Search calls: reference number, name, words…  (Ctrl+F)",
            "Search calls",
            340,
            self._search,
            self.focus_search,
        )

        bar = QHBoxLayout()
        for button in (self.log_button, self.edit_button, self.delete_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.search_box)
        self.scope = make_quiet(_plain())
        self.no_match = make_quiet(_plain())
        self.no_match.hide()
        table_page = QWidget()
        table_layout = QVBoxLayout(table_page)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addLayout(bar)
        scope_row = QHBoxLayout()  # beside the count of calls, so the button bar stays narrow for small screens
        scope_row.addWidget(self.scope, 1)
        scope_row.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        table_layout.addLayout(scope_row)
        table_layout.addWidget(self.table, 1)
        table_layout.addWidget(self.no_match)

        self.set_pages(table_page, "Log the first call…", self.log_call)

        self.set_person(None)

    def _build_table(self) -> RowTable:
        table = RowTable()
        table.setModel(self.model)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        table.setAccessibleName("Calls, newest first")
        table.open_requested.connect(self.edit_selected)
        table.delete_requested.connect(self.delete_selected)
        table.selectionModel().selectionChanged.connect(self._update_buttons)
        return table

    # -- what the window calls ---------------------------------------------------------

    def set_person(self, person_key: str | None) -> None:
        """Show this person's calls (None: nobody chosen); the case filter and search start empty."""
        if person_key != self.person_key:
            self.search_box.clear()
            self.case_key = None
        super().set_person(person_key)

    def set_case_filter(self, case_key: str | None) -> None:
        """Show only the calls about one case (None: all of the person's calls)."""
        self.case_key = case_key
        self.refresh_when_seen()

    def log_call(self) -> None:
        """Open the form for a new call (about the filtered case, if any). Bind the global shortcut here."""
        self._open_dialog(None)

    def log_call_about(self, case_key: str | None) -> None:
        """Open the form for a new call about `case_key` (the case on screen when Ctrl+L was pressed)."""
        self._open_dialog(None, case_key)

    def fill(self, person: Person | None) -> None:
        if person is not None and self.case_key not in (None, *(c.key for c in person.cases)):
            self.case_key = None  # the case was deleted
        self.calls = calls_of(person, self.case_key) if person else []
        self._index = CallSearch(self.calls)
        self._apply_search()

    def is_empty(self) -> bool:
        return not self.calls

    def index_of(self, key: str) -> QModelIndex | None:
        row = self.model.row_of(key)
        return None if row is None else self.model.index(row, 0)

    def focus_search(self) -> None:
        if self.pages.currentIndex() == 0:
            self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.search_box.selectAll()

    def selected_call(self) -> Call | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.call_at(rows[0].row()) if rows else None

    def selected_key(self) -> str | None:
        call = self.selected_call()
        return call.key if call else None

    # -- actions -------------------------------------------------------------------------

    def edit_selected(self) -> None:
        call = self.selected_call()
        if call is not None:
            self._open_dialog(
                replace(call, requested_documents=list(call.requested_documents), answered_by=dict(call.answered_by))
            )

    def delete_selected(self) -> None:
        call = self.selected_call()
        if call is None or self.person_key is None:
            return
        who = who_text(call) or "someone"
        reference = call.reference_number.strip()
        zone = zone_of(self.person.time_zone if self.person else "")
        question = f"Delete the call with {who} on {when_text(call.when, zone)}?"
        detail = (f"Its reference number {reference} goes with it. " if reference else "") + "This cannot be undone."
        if not ask(self, "Delete this call?", question, "Delete call", "Keep it", detail):
            return
        self.changes.announce(delete_call(self.db, self.person_key, call.key))

    def export_log(self) -> None:
        """Choose which calls, then preview them as a PDF or save them as CSV (the filtered case comes chosen)."""
        if self.person is None or not self.person.calls or self.log_dialog is not None:
            return
        dialog = CallLogDialog(self.db, self.person, self.window(), case_key=self.case_key)
        self.log_dialog = dialog

        def forget() -> None:
            self.log_dialog = None

        open_dialog(dialog, forget, linger_ms=LINGER_MS)

    def _open_dialog(self, call: Call | None, case_key: str | None = None) -> None:
        if not self.can_open_dialog() or self.person_key is None:
            return
        dialog = CallDialog(self.db, self.changes, self.person_key, case_key or self.case_key, call, self)
        self.dialog = dialog
        dialog.saved.connect(self.remember_saved)
        open_dialog(dialog, self.forget_dialog)

    # -- reacting ---------------------------------------------------------------------

    def remember_saved(self, key: str) -> None:
        super().remember_saved(key)
        # The saved call must be in sight, not hidden by an old search (the refresh that follows shows it).
        self.search_box.blockSignals(True)
        self.search_box.clear()
        self.search_box.blockSignals(False)

    def _search(self, _text: str) -> None:
        self._select_key = self._select_key or self.selected_key()
        self._apply_search()
        self.reselect()
        self._show_no_match()
        self._update_buttons()

    def _apply_search(self) -> None:
        zone = zone_of(self.person.time_zone) if self.person is not None else None
        self.model.set_calls(self._index.find(self.search_box.text()), zone)

    def empty_words(self, person: Person) -> tuple[str, str]:
        about = f" about {self._case_name()}" if self.case_key else ""
        return (
            f"No calls logged{about} for {person.name} yet",
            f"{PROOF} Note who you spoke to, what they said, what they asked for and when to call back. "
            "Start the timer when you dial; it fills in how long the call took.",
        )

    def page_shown(self) -> None:
        count = len(self.calls)
        calls = f"{count} call{'s' if count != 1 else ''}"
        self.scope.setText(
            f"{calls} about {self._case_name()}, newest first." if self.case_key else f"{calls}, newest first. {PROOF}"
        )
        self._show_no_match()
        self._update_buttons()

    def _case_name(self) -> str:
        case = next((c for c in self.person.cases if c.key == self.case_key), None) if self.person else None
        return f"case {case_label(case)}" if case else "this case"

    def _show_no_match(self) -> None:
        hidden = bool(self.calls) and self.model.rowCount() == 0
        self.no_match.setText(f"No call matches “{self.search_box.text().strip()}”. Press Esc to show all.")
        self.no_match.setVisible(hidden)

    def _update_buttons(self) -> None:
        chosen = self.table.selectionModel().hasSelection()
        self.log_button.setEnabled(self.person is not None)
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)
        self.export_button.setEnabled(self.person is not None and bool(self.person.calls))
