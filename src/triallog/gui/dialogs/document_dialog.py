"""Attach a document (a file kept with the record) or change one, and tick the requests it answers."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from triallog.domain import records as r
from triallog.domain.enums import DocumentKind
from triallog.domain.errors import Problem, ValidationError, raise_if
from triallog.domain.requests import RequestedDocument
from triallog.gui.changes import Changes
from triallog.gui.dialogs.base import RecordDialog
from triallog.gui.file_places import remember, suggested_path
from triallog.gui.widgets.labels import make_quiet
from triallog.services.cases import case_label
from triallog.services.documents import (
    answerable_by,
    attach_document,
    check_source,
    file_size_text,
    kept_file,
    read_document,
    stored_path,
    suggested_answers,
    update_document,
)
from triallog.services.transfer import write_atomically
from triallog.services.workspace import Database

FILE_HINT = "A scan, a photo or a PDF, up to 50 MB. TrialLog keeps its own copy; the original stays where it is."
NO_REQUESTS = "No call has a document still asked for. Documents asked for on a call are listed here to tick off."
SUGGESTED = "Ticked because its words match the title: untick it if this document is not what they asked for."


def request_text(request: RequestedDocument) -> str:
    """`Chart notes from Dr Lee — asked by Cigna on Jan 23, 2023`."""
    who = f" by {request.organization}" if request.organization else ""
    when = f"{request.call_when:%b} {request.call_when.day}, {request.call_when.year}"
    return f"{request.description} — asked{who} on {when}"


class DocumentDialog(RecordDialog):
    """Attach a new document (`document=None`: a file must be chosen) or change one (its file stays).

    `case_key` is the case a new document is filed under (the case page passes the case shown).
    """

    noun = "document"
    saved = Signal(str)

    def __init__(
        self,
        db: Database,
        person_key: str,
        person: r.Person,
        document: r.Document | None = None,
        case_key: str | None = None,
        changes: Changes | None = None,
        parent: QWidget | None = None,
    ) -> None:
        self.db, self.person_key, self.person, self.changes = db, person_key, person, changes
        self.document = document or r.Document(title="", case=case_key)
        d = self.document
        title = f"Change document: {d.title}" if document else "Attach a document"
        super().__init__(f"{title} — {person.name}", parent)
        self.setMinimumWidth(640)

        form = self.section("The document")
        if document is None:
            self.file_edit = QLineEdit()
            self.file_edit.setPlaceholderText("Choose the file, or paste its path")
            self.file_edit.setAccessibleName("File to attach")
            self.choose_button = QPushButton("C&hoose file…")
            self.choose_button.setAutoDefault(False)
            self.choose_button.clicked.connect(self.choose_file)
            row = QHBoxLayout()
            row.addWidget(self.file_edit, 1)
            row.addWidget(self.choose_button)
            self.file_info = make_quiet(QLabel(FILE_HINT))
            self.file_info.setTextFormat(Qt.TextFormat.PlainText)
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addLayout(row)
            column.addWidget(self.errors.label_for("file", self.file_edit))
            column.addWidget(self.file_info)
            caption = QLabel("&File:")
            caption.setBuddy(self.file_edit)
            self.captions.append(caption)
            form.addRow(caption, column)
            self.inputs["file"] = self.file_edit
            self.file_edit.textChanged.connect(self._file_changed)
        else:
            caption = QLabel("File:")
            self.captions.append(caption)
            form.addRow(caption, make_quiet(QLabel(self._stored_text(d))))
        self.title_edit = QLineEdit(d.title)
        self.add_field(form, "&Title:", "title", self.title_edit, "Required, e.g. Chart note, topiramate trial")
        self.kind = QComboBox()
        self.kind.addItem("Not said", None)
        for kind in DocumentKind:
            self.kind.addItem(kind.label, kind.value)
        self.kind.setCurrentIndex(max(self.kind.findData(d.kind.value), 0) if d.kind else 0)
        self.add_field(form, "&Kind:", "kind", self.kind)
        self.date_field(form, "&Date:", "date", d.date, "Optional: the date on the document (a month is enough)")
        self.case = QComboBox()
        self.case.addItem("No particular case", None)
        for case in person.cases:
            self.case.addItem(case_label(case) or "Case without a drug", case.key)
        self.case.setCurrentIndex(max(self.case.findData(d.case), 0) if d.case else 0)
        self.add_field(form, "Cas&e:", "case", self.case)

        self.requests = answerable_by(person, document.key if document else None, d.case)
        self.answer_boxes: list[tuple[RequestedDocument, QCheckBox]] = []
        #: the boxes the person ticked or unticked by hand: suggestions leave them alone
        self._touched: set[int] = set()
        answers = QGroupBox("This answers:")
        answers.setAccessibleName("Requests this document answers")
        column = QVBoxLayout(answers)
        if not self.requests:
            column.addWidget(make_quiet(QLabel(NO_REQUESTS)))
        for i, request in enumerate(self.requests):
            box = QCheckBox(request_text(request))
            box.setChecked(request.document is not None)
            box.clicked.connect(lambda _checked, i=i: self._touched.add(i))
            column.addWidget(box)
            self.answer_boxes.append((request, box))
        self.suggestion_note = make_quiet(QLabel(SUGGESTED))
        self.suggestion_note.hide()
        column.addWidget(self.suggestion_note)
        column.addWidget(self.errors.label_for("answers"))
        self.body.addWidget(answers)

        self.title_edit.textEdited.connect(self._suggest)
        self.title_edit.textChanged.connect(lambda _text: self._hide_error("title"))
        self.finish()
        (self.file_edit if document is None else self.title_edit).setFocus()

    # -- the file ------------------------------------------------------------------------

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            "Choose the document to attach",
            "",
            "Documents (*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.heic *.txt *.doc *.docx);;Every file (*)",
        )
        if path:
            self.set_file(path)

    def set_file(self, path: str) -> None:
        """The chosen file (the picker calls this; tests too)."""
        self.file_edit.setText(path)

    def _file_changed(self, text: str) -> None:
        self._hide_error("file")
        if not text.strip():
            self.file_info.setText(FILE_HINT)
            return
        try:
            chosen = check_source(text.strip())
        except ValidationError as error:
            self.file_info.setText(f"{error.rule[:1].upper()}{error.rule[1:]}.")
            return
        self.file_info.setText(f"{chosen.name}  ·  {file_size_text(chosen.size)}")
        if not self.title_edit.text().strip():  # a start for the title: the file's name, without its ending
            stem = chosen.path.stem.replace("_", " ").strip()
            self.title_edit.setText(stem)
            self._suggest(stem)

    def _stored_text(self, document: r.Document) -> str:
        kept = kept_file(self.db, document)
        if kept is None:
            return (
                "No file kept for this document." if not document.file else "The file is missing from the data folder."
            )
        return f"{kept.name}  ·  {file_size_text(kept.size())} (the file stays as it is)"

    # -- suggestions -----------------------------------------------------------------------

    def _suggest(self, title: str) -> None:
        """Tick the open requests whose words match the title, unless the person has set them by hand."""
        matching = {id(q) for q in suggested_answers(title, [q for q, _box in self.answer_boxes])}
        shown = False
        for i, (request, box) in enumerate(self.answer_boxes):
            if i in self._touched or request.document is not None:
                continue
            box.setChecked(id(request) in matching)
            shown = shown or id(request) in matching
        self.suggestion_note.setVisible(shown)

    # -- reading and saving ------------------------------------------------------------------

    def answers(self) -> list[tuple[str, int]]:
        return [request.ref for request, box in self.answer_boxes if box.isChecked()]

    def document_from_form(self) -> r.Document:
        (date,), problems = self.dates("date")
        raise_if(problems)
        kind = self.kind.currentData()
        return replace(
            self.document,
            title=self.title_edit.text().strip() or self.title_edit.text(),
            kind=DocumentKind(kind) if kind else None,
            date=date,
            case=self.case.currentData(),
        )

    def save(self) -> str:
        problems: list[Problem] = []
        try:
            document = self.document_from_form()
        except ValidationError as error:
            problems += error.problems
            document = None
        if self.document.key:
            raise_if(problems)
            assert document is not None
            self.made = update_document(self.db, self.person_key, document, self.answers())
            key = self.document.key
        else:
            if problems:  # name the file's problems too, all at once
                try:
                    check_source(self.file_edit.text().strip())
                except ValidationError as error:
                    problems += error.problems
                raise_if(problems)
            assert document is not None
            self.made = attach_document(
                self.db, self.person_key, self.file_edit.text().strip(), document, self.answers()
            )
            assert self.made.created is not None
            key = self.made.created
        self.saved.emit(key)
        if self.changes is not None:
            self.changes.announce(self.made)
        return key

    def snapshot(self) -> tuple[object, ...]:
        return (*super().snapshot(), *(box.isChecked() for _request, box in self.answer_boxes))

    def _hide_error(self, field: str) -> None:
        label = self.errors.labels.get(field)
        if label is not None:
            label.hide()


def open_document(parent: QWidget, db: Database, document: r.Document) -> bool:
    """Open the document's kept file in the program the computer uses for it; say so if it is gone."""
    path = stored_path(db, document)
    if path is None:
        QMessageBox.information(
            parent,
            "The file is not there",
            f"No file is kept for “{document.title}”."
            if not document.file
            else f"The file of “{document.title}” is missing from the data folder. Attach it again.",
        )
        return False
    if db.key is not None:  # sealed with the protected records: opened in memory, never left plain on disk
        return _open_sealed(parent, db, document)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _open_sealed(parent: QWidget, db: Database, document: r.Document) -> bool:
    """A PDF is shown in TrialLog's own preview (Print…, Save a copy…); another file goes to another program
    only as a plain copy saved where the person chooses, after saying so."""
    kept = kept_file(db, document)
    try:
        data = read_document(db, document)
    except ValidationError as error:
        QMessageBox.information(parent, "The file cannot be opened", f"{error.rule[:1].upper()}{error.rule[1:]}.")
        return False
    assert kept is not None
    if kept.suffix.lower() == ".pdf":
        from triallog.gui.dialogs.pdf_preview import PdfPreviewDialog

        preview = PdfPreviewDialog(data, document.title, kept.name, parent)
        preview.open_and_release()
        return True
    answer = QMessageBox.question(
        parent,
        "Save a copy to open it?",
        f"“{document.title}” is protected with your records, so no other program can open it where it is "
        "kept.\n\nTo open it, save a copy in a folder you choose; the copy is not protected, so delete it "
        "when you are done.",
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Save,
    )
    if answer != QMessageBox.StandardButton.Save:
        return False
    target = save_plain_copy(parent, kept.name, data)
    return target is not None and QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))


def save_plain_copy(parent: QWidget, name: str, data: bytes) -> Path | None:
    """Write `data` where the person chooses (a file dialog); None if they cancel or it cannot be written."""
    chosen, _filter = QFileDialog.getSaveFileName(parent, "Save a copy", suggested_path(name))
    if not chosen:
        return None
    target = Path(chosen)
    try:
        write_atomically(target, data)
    except OSError as error:
        QMessageBox.warning(
            parent, "Not saved", f"The copy could not be saved as {target}:\n{error.strerror or error}."
        )
        return None
    remember(target)
    return target
