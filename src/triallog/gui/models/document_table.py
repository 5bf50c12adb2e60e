"""A person's documents as a table: title, kind, date, case, the requests each answers, and its file."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt

from triallog.domain.records import Document
from triallog.gui.models.base import Columns, RowTableModel


class Column(Columns):
    TITLE = "Title"
    KIND = "Kind"
    DATE = "Date"
    CASE = "Case"
    ANSWERS = "Answers the request for"
    FILE = "File"
    SHA256 = "SHA-256"


class DocumentTableModel(RowTableModel[Document]):
    """The documents in the order given, with their case's name, the requests they answer and whether
    their file is still in the data folder."""

    headers = Column.headers()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent=parent)
        self._cases: dict[str, str] = {}
        self._answers: dict[str, str] = {}
        self._present: set[str] = set()

    def set_documents(
        self, documents: Sequence[Document], cases: dict[str, str], answers: dict[str, str], present: set[str]
    ) -> None:
        self._cases, self._answers, self._present = cases, answers, present
        self.set_rows(documents)

    def document_at(self, row: int) -> Document:
        return self.row_at(row)

    def cell(self, document: Document, column: int, role: int) -> Any:
        column = Column(column)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(document, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.SHA256 and document.sha256:
            return document.sha256
        return None

    def text(self, document: Document, column: Column) -> str:
        if column == Column.TITLE:
            return document.title
        if column == Column.KIND:
            return document.kind.label if document.kind else ""
        if column == Column.DATE:
            return document.date.human() if document.date else ""
        if column == Column.CASE:
            return self._cases.get(document.case or "", "")
        if column == Column.ANSWERS:
            return self._answers.get(document.key, "")
        if column == Column.FILE:
            if not document.file:
                return "no file"
            return "kept" if document.key in self._present else "missing"
        return document.sha256[:12]
