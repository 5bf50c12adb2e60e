"""One person's documents: every file kept with the record, with attach, open, change and remove."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from triallog.domain.records import Document, Person
from triallog.domain.requests import requests_of
from triallog.gui.changes import Changes
from triallog.gui.dialogs.document_dialog import DocumentDialog, open_document
from triallog.gui.forms import open_dialog
from triallog.gui.models.document_table import DocumentTableModel
from triallog.gui.read_only import hide_when_read_only
from triallog.gui.views.cases_view import CasesView
from triallog.gui.views.list_page import ListPage
from triallog.gui.widgets.labels import make_quiet
from triallog.gui.widgets.questions import ask
from triallog.gui.widgets.row_table import RowTable
from triallog.services.cases import case_label
from triallog.services.documents import remove_document, stored_path
from triallog.services.workspace import Database

NO_PERSON = "Choose a person to see their documents."


class DocumentsView(ListPage):
    """The documents page: `set_person(key or None)`, or `follow` a cases page to show its person;
    the view refreshes itself on `changes`."""

    PARTS = ("profile", "trials", "cases", "calls", "documents", "packets")  # calls: the requests answered
    NO_PERSON = NO_PERSON
    WIDEST_COLUMN = 280

    def __init__(
        self, db: Database, changes: Changes, parent: QWidget | None = None, follow: CasesView | None = None
    ) -> None:
        super().__init__(db, changes, parent)

        self.model = DocumentTableModel(self)
        self.table = RowTable()
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        self.table.setAccessibleName("Documents")
        self.table.open_requested.connect(self.open_selected)
        self.table.delete_requested.connect(self.remove_selected)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.attach_button = QPushButton("&Attach a document…")
        self.open_button = QPushButton("&Open")
        self.edit_button = QPushButton("Ed&it…")
        self.remove_button = QPushButton("Re&move…")
        self.attach_button.clicked.connect(self.attach)
        self.open_button.clicked.connect(self.open_selected)
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        hide_when_read_only(db, self.attach_button, self.edit_button, self.remove_button)
        bar = QHBoxLayout()
        for button in (self.attach_button, self.open_button, self.edit_button, self.remove_button):
            bar.addWidget(button)
        bar.addStretch(1)
        self.scope = make_quiet(QLabel())
        table_page = QWidget()
        column = QVBoxLayout(table_page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(bar)
        column.addWidget(self.scope)
        column.addWidget(self.table, 1)

        self.set_pages(table_page, "Attach the first document…", self.attach)

        self.set_person(None)
        if follow is not None:  # shows whoever the cases page shows, without the window telling it
            follow.person_shown.connect(self.set_person)
            self.set_person(follow.person_key)

    # -- what the window calls ---------------------------------------------------------

    def fill(self, person: Person | None) -> None:
        if person is None:
            self.model.set_documents([], {}, {}, set())
        else:
            cases = {c.key: case_label(c) or c.requested_drug for c in person.cases}
            answers: dict[str, list[str]] = {}
            for request in requests_of(person):
                if request.document is not None:
                    answers.setdefault(request.document.key, []).append(request.description)
            present = {d.key for d in person.documents if stored_path(self.db, d) is not None}
            joined = {k: "; ".join(v) for k, v in answers.items()}
            self.model.set_documents(person.documents, cases, joined, present)

    def is_empty(self) -> bool:
        return self.model.rowCount() == 0

    def index_of(self, key: str) -> QModelIndex | None:
        row = self.model.row_of(key)
        return None if row is None else self.model.index(row, 0)

    def selected_document(self) -> Document | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.document_at(rows[0].row()) if rows else None

    def selected_key(self) -> str | None:
        document = self.selected_document()
        return document.key if document else None

    # -- actions -------------------------------------------------------------------------

    def attach(self) -> None:
        self._open_dialog(None)

    def edit_selected(self) -> None:
        document = self.selected_document()
        if document is not None:
            self._open_dialog(document)

    def open_selected(self) -> None:
        document = self.selected_document()
        if document is not None:
            open_document(self, self.db, document)

    def remove_selected(self) -> None:
        document = self.selected_document()
        if document is None or self.person_key is None:
            return
        question = f"Remove the document “{document.title}”?"
        detail = (
            "TrialLog's copy of its file is deleted (the original, wherever you keep it, stays). "
            "A request it answered is open again. This cannot be undone."
        )
        if not ask(self, "Remove this document?", question, "Remove document", "Keep it", detail):
            return
        self.changes.announce(remove_document(self.db, self.person_key, document.key))

    def _open_dialog(self, document: Document | None) -> None:
        if not self.can_open_dialog() or self.person is None or self.person_key is None:
            return
        dialog = DocumentDialog(self.db, self.person_key, self.person, document, None, self.changes, self)
        self.dialog = dialog
        dialog.saved.connect(self.remember_saved)
        open_dialog(dialog, self.forget_dialog)

    # -- reacting ---------------------------------------------------------------------

    def empty_words(self, person: Person) -> tuple[str, str]:
        return (
            f"No documents for {person.name} yet",
            "Keep the papers that prove the record here: the denial letter, chart notes, pharmacy "
            "records, letters of medical necessity. TrialLog keeps its own private copy of each file "
            "and ticks off the documents a plan asked for on a call once you attach them.",
        )

    def page_shown(self) -> None:
        count = self.model.total_rows()
        self.scope.setText(f"{count} document{'s' if count != 1 else ''}, in the order they were attached.")
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.table.selectionModel().hasSelection()
        self.attach_button.setEnabled(self.person is not None)
        for button in (self.open_button, self.edit_button, self.remove_button):
            button.setEnabled(chosen)
