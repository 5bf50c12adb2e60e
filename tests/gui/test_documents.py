"""Cigna asked for chart notes on a call; the caregiver attaches them from the case page and sees them ticked off."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from triallog.domain.enums import DocumentKind
from triallog.domain.records import Document
from triallog.gui.changes import Changes
from triallog.gui.dialogs.call_dialog import CallDialog
from triallog.gui.dialogs.document_dialog import DocumentDialog
from triallog.gui.views.cases_view import CasesView
from triallog.gui.widgets.partial_date_edit import PartialDateEdit
from triallog.services import documents as docs
from triallog.services import people
from triallog.services.transfer import import_path
from triallog.services.workspace import Database

TODAY = date(2023, 2, 1)
CHART = b"%PDF-1.4 chart notes, topiramate 2020\n"


def import_dana(db: Database, dana_json: Path) -> str:
    import_path(db, dana_json)
    return people.list_people(db)[0].key


def texts(widget: QWidget | None) -> str:
    """The text of every label shown in `widget` (a scroll area's page: None when it has none)."""
    assert widget is not None
    return "\n".join(label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget))


def open_cases(qtbot, db: Database, key: str) -> CasesView:  # type: ignore[no-untyped-def]
    view = CasesView(db, Changes(), today=TODAY)
    qtbot.addWidget(view)
    view.resize(1200, 900)
    view.show()
    view.set_person(key)
    return view


def test_attaching_the_chart_notes_from_the_case_page_ticks_the_request(qtbot, db, dana_json, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    key = import_dana(db, dana_json)
    view = open_cases(qtbot, db, key)
    shown = texts(view.detail.widget())
    assert "☐ prescriber statement — still needed" in shown
    assert "☐ chart notes for the topiramate trial — still needed" in shown

    assert view.attach_button is not None  # made with the chosen case's detail
    view.attach_button.click()
    dialog = view.dialog
    assert isinstance(dialog, DocumentDialog) and dialog.isVisible()
    assert dialog.case.currentData() == view.selected_key()  # filed under the case shown
    answers = {request.description: box for request, box in dialog.answer_boxes}
    assert list(answers) == ["prescriber statement", "chart notes for the topiramate trial"]

    # Saving without a file or title names both problems beside their fields.
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.errors.text_of("file").startswith("Required")
    assert dialog.errors.text_of("title").startswith("Required")

    chart = tmp_path / "topiramate_chart_notes.pdf"
    chart.write_bytes(CHART)
    dialog.set_file(str(chart))
    assert dialog.file_info.text() == f"topiramate_chart_notes.pdf  ·  {len(CHART)} bytes"
    assert dialog.title_edit.text() == "topiramate chart notes"  # a start, from the file's name
    # The title's words suggest the request it answers; a suggestion only.
    assert answers["chart notes for the topiramate trial"].isChecked()
    assert not answers["prescriber statement"].isChecked()
    assert dialog.suggestion_note.isVisibleTo(dialog)
    dialog.title_edit.setText("Chart notes, topiramate trial 2020")
    dialog.kind.setCurrentIndex(dialog.kind.findData(DocumentKind.CHART_NOTE.value))
    date_edit = dialog.inputs["date"]
    assert isinstance(date_edit, PartialDateEdit)
    date_edit.setText("2020-06")
    QApplication.processEvents()
    view.grab().save("/tmp/h1-dialog-under.png")
    dialog.grab().save("/tmp/h1-dialog.png")
    dialog.accept()
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: view.dialog is None)

    shown = texts(view.detail.widget())
    assert "☑ chart notes for the topiramate trial — attached: ‘Chart notes, topiramate trial 2020’" in shown
    assert "☐ prescriber statement — still needed" in shown
    assert "Document: Chart notes, topiramate trial 2020  ·  Chart note  ·  Jun 2020" in shown
    person = people.load_person(db, key)
    document = next(d for d in person.documents if d.title == "Chart notes, topiramate trial 2020")
    cigna = next(c for c in person.calls if c.requested_documents)
    assert cigna.answered_by == {1: document.key}
    assert document.sha256 == hashlib.sha256(CHART).hexdigest()
    assert docs.stored_path(db, document) is not None
    QApplication.processEvents()
    view.grab().save("/tmp/h1-case.png")
    detail = view.detail.widget()
    assert detail is not None
    detail.grab().save("/tmp/h1-case-detail.png")


def test_open_hands_the_kept_file_to_the_computer(qtbot, db, dana_json, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    key = import_dana(db, dana_json)
    person = people.load_person(db, key)
    chart = tmp_path / "chart.pdf"
    chart.write_bytes(CHART)
    document_key = docs.attach_document(db, key, chart, Document(title="Chart note", case=person.cases[0].key)).new_key
    opened: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr("triallog.gui.dialogs.document_dialog.QDesktopServices.openUrl", open_url)
    view = open_cases(qtbot, db, key)
    view.open_buttons[document_key].click()
    [url] = opened
    kept = docs.stored_path(db, people.load_person(db, key).documents[-1])
    assert url.toLocalFile() == str(kept)


def test_the_call_form_shows_which_requests_are_answered(qtbot, db, dana_json, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    key = import_dana(db, dana_json)
    person = people.load_person(db, key)
    call = next(c for c in person.calls if c.requested_documents)
    chart = tmp_path / "chart.pdf"
    chart.write_bytes(CHART)
    docs.attach_document(db, key, chart, Document(title="Chart note 2020"), [(call.key, 1)])
    call = next(c for c in people.load_person(db, key).calls if c.key == call.key)
    dialog = CallDialog(db, None, key, call=call)
    qtbot.addWidget(dialog)
    items = [dialog.documents.item(i) for i in range(dialog.documents.count())]
    assert [i.text() for i in items] == [
        "prescriber statement — still needed",
        "chart notes for the topiramate trial — attached: ‘Chart note 2020’",
    ]
    assert [i.checkState() for i in items] == [Qt.CheckState.Unchecked, Qt.CheckState.Checked]
    # Removing the first request and saving keeps the tick on the one that stays.
    dialog.documents.setCurrentRow(0)
    dialog.remove_document()
    dialog.accept()
    after = next(c for c in people.load_person(db, key).calls if c.key == call.key)
    assert after.requested_documents == ["chart notes for the topiramate trial"]
    assert after.answered_by == {0: call.answered_by[1]}


def test_the_documents_tab_lists_follows_and_removes(qtbot, db, dana_json, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from triallog.gui.models.document_table import Column
    from triallog.gui.views.documents_view import DocumentsView

    key = import_dana(db, dana_json)
    person = people.load_person(db, key)
    call = next(c for c in person.calls if c.requested_documents)
    chart = tmp_path / "chart.pdf"
    chart.write_bytes(CHART)
    document_key = docs.attach_document(
        db, key, chart, Document(title="Chart note 2020", case=person.cases[0].key), [(call.key, 1)]
    ).new_key
    changes = Changes()
    cases = CasesView(db, changes, today=TODAY)
    view = DocumentsView(db, changes, follow=cases)
    qtbot.addWidget(cases)
    qtbot.addWidget(view)
    view.resize(1100, 400)
    view.show()
    cases.set_person(key)  # the documents page shows whoever the cases page shows
    model = view.model
    assert model.rowCount() == 2
    row = {c: model.index(1, c).data() for c in Column}
    assert row[Column.TITLE] == "Chart note 2020" and row[Column.CASE] == "CG-2023-0045871"
    assert row[Column.ANSWERS] == "chart notes for the topiramate trial" and row[Column.FILE] == "kept"
    assert row[Column.SHA256] == hashlib.sha256(CHART).hexdigest()[:12]
    assert model.index(0, Column.FILE).data() == "no file"  # the imported letter came without its file
    view.grab().save("/tmp/h1-documents.png")

    monkeypatch.setattr("triallog.gui.views.documents_view.ask", lambda *args: True)
    view.table.selectRow(1)
    view.remove_button.click()
    assert model.rowCount() == 1
    assert people.load_person(db, key).calls[0].answered_by == {} and document_key not in {
        d.key for d in people.load_person(db, key).documents
    }
    assert "☐ chart notes for the topiramate trial — still needed" in texts(cases.detail.widget())
