"""In the window, with protected records: the export is encrypted unless the person agrees otherwise, an
encrypted export asks for its passphrase on import, and a sealed document opens without a plain copy left behind."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from tests.factories import make_document
from tests.gui.conftest import Modals, press
from tests.gui.test_data_flow import open_window
from tests.storage.protection_helpers import PASSPHRASE, cheap_scrypt, files_holding
from tests.unit.test_packet_archive import tiny_pdf
from triallog.exchange import encrypted
from triallog.gui.dialogs.document_dialog import open_document
from triallog.gui.dialogs.export_dialog import ExportDialog
from triallog.gui.dialogs.pdf_preview import PdfPreviewDialog
from triallog.services import protection
from triallog.services.documents import attach_document, list_documents
from triallog.services.people import list_people
from triallog.services.transfer import import_path
from triallog.services.workspace import open_workspace
from triallog.storage.db import Database

EXPORT_PASSPHRASE = "for the clinic only, 2024"


@pytest.fixture(autouse=True)
def _cheap(monkeypatch: pytest.MonkeyPatch) -> None:
    cheap_scrypt(monkeypatch)
    monkeypatch.setitem(encrypted.SCRYPT, "log2_n", 10)


@pytest.fixture
def protected_db(data_dir: Path, dana_json: Path, tmp_path: Path) -> Iterator[Database]:
    """Dana's protected records, with a scanned letter (a PDF) and a note (text) attached."""
    db = open_workspace(data_dir)
    import_path(db, dana_json)
    db.close()
    key = protection.protect(data_dir, PASSPHRASE).key
    db = open_workspace(data_dir, key=key)
    person = list_people(db)[0].key
    for name, data in (("letter.pdf", tiny_pdf(1, "Dana Rivera denial")), ("note.txt", b"Dana Rivera, G43.709")):
        (tmp_path / name).write_bytes(data)
        attach_document(db, person, tmp_path / name, make_document(name, key=""))
    yield db
    db.close()


@pytest.fixture
def save_to(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Every Save dialog answers with this file."""
    target = tmp_path / "chosen" / "dana.triallog"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kw: (str(target), ""))
    return target


def fill(passphrase: str, again: str | None = None) -> Callable[[QWidget], None]:
    def handle(dialog: QWidget) -> None:
        assert isinstance(dialog, ExportDialog)
        assert dialog.encrypt.isChecked(), "protected records: encrypted unless the person unticks it"
        dialog.first.setText(passphrase)
        dialog.again.setText(passphrase if again is None else again)
        press("Choose where to save…")(dialog)

    return handle


def test_the_export_dialog_encrypts_only_an_archive_and_checks_the_passphrase_twice(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ExportDialog(["Dana Rivera"], "Dana Rivera", None, protected=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.encrypt.isChecked() and dialog.first.isEnabled()
    dialog.json.setChecked(True)
    assert not dialog.encrypt.isChecked() and not dialog.encrypt.isEnabled() and not dialog.first.isEnabled()
    assert dialog.passphrase() is None
    dialog.archive.setChecked(True)
    dialog.encrypt.setChecked(True)
    dialog.first.setText("short")
    dialog.accept()
    assert dialog.isVisible() and "at least 8 characters" in dialog.problem.text()
    dialog.first.setText(EXPORT_PASSPHRASE)
    dialog.again.setText(EXPORT_PASSPHRASE + "!")
    dialog.accept()
    assert dialog.isVisible() and "not the same" in dialog.problem.text()
    dialog.again.setText(EXPORT_PASSPHRASE)
    dialog.accept()
    assert not dialog.isVisible() and dialog.passphrase() == EXPORT_PASSPHRASE


def test_an_encrypted_export_from_the_window_holds_no_plain_byte_and_imports_with_its_passphrase(  # type: ignore[no-untyped-def]
    qtbot, protected_db: Database, modals: Modals, save_to: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    window = open_window(qtbot, protected_db)
    modals.then(fill(EXPORT_PASSPHRASE))
    modals.then(press("OK"))  # "Export finished"
    window.export_records()
    qtbot.waitUntil(lambda: save_to.exists() and modals.pending == 0, timeout=10000)
    window.wait_for_work()
    assert save_to.read_bytes().startswith(b"TLEXPORT")
    assert files_holding(save_to.parent, [b"Dana Rivera", b"G43.709"]) == {}

    # elsewhere, the clinic imports it: a wrong passphrase is said plainly and asked again
    clinic = open_workspace(tmp_path / "clinic")
    answers = ["not the passphrase", EXPORT_PASSPHRASE]
    asked: list[str] = []

    def type_it(_parent, _title, label, _echo):  # type: ignore[no-untyped-def]
        asked.append(label)
        return answers.pop(0), True

    monkeypatch.setattr(QInputDialog, "getText", type_it)
    other = open_window(qtbot, clinic)
    other._import(str(save_to), replace=False)
    qtbot.waitUntil(lambda: len(list_people(clinic)) == 1, timeout=10000)
    other.wait_for_work()
    assert "does not open this file" in asked[1] and "does not open" not in asked[0]
    assert [p.name for p in list_people(clinic)] == ["Dana Rivera"]
    clinic.close()


def test_a_plain_export_of_protected_records_asks_first_naming_what_it_holds(  # type: ignore[no-untyped-def]
    qtbot, protected_db: Database, modals: Modals, save_to: Path
) -> None:
    window = open_window(qtbot, protected_db)
    said: list[str] = []

    def untick(dialog: QWidget) -> None:
        assert isinstance(dialog, ExportDialog)
        dialog.encrypt.setChecked(False)
        press("Choose where to save…")(dialog)

    def read_and_cancel(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        said.append(box.informativeText())
        press("Cancel")(box)

    modals.then(untick)
    modals.then(read_and_cancel)
    window.export_records()
    qtbot.waitUntil(lambda: modals.pending == 0)
    assert "Dana Rivera" in said[0] and "2 attached documents" in said[0]
    assert not save_to.exists()

    modals.then(untick)
    modals.then(press("Export without encryption"))
    modals.then(press("OK"))
    window.export_records()
    qtbot.waitUntil(lambda: save_to.exists() and modals.pending == 0, timeout=10000)
    window.wait_for_work()
    assert save_to.read_bytes().startswith(b"PK")


def test_a_sealed_pdf_opens_in_the_preview_and_another_file_only_as_a_copy_saved_where_chosen(  # type: ignore[no-untyped-def]
    qtbot, protected_db: Database, modals: Modals, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    person = list_people(protected_db)[0].key
    letter, note = (d for d in list_documents(protected_db, person) if d.file)
    parent = QWidget()
    qtbot.addWidget(parent)
    opened: list[str] = []

    def hand_to_another_program(url: QUrl) -> bool:
        opened.append(url.toLocalFile())
        return True

    monkeypatch.setattr("triallog.gui.dialogs.document_dialog.QDesktopServices.openUrl", hand_to_another_program)

    assert open_document(parent, protected_db, letter)
    [preview] = parent.findChildren(PdfPreviewDialog)
    assert preview.pdf.startswith(b"%PDF-") and preview.page_count == 1
    preview.close()
    assert opened == []  # no other program was handed anything

    copy = tmp_path / "chosen note.txt"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kw: (str(copy), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *_args, **_kw: QMessageBox.StandardButton.Save)
    assert open_document(parent, protected_db, note)
    assert copy.read_bytes() == b"Dana Rivera, G43.709" and opened == [str(copy)]
    assert files_holding(protected_db.data_dir, [b"Dana Rivera", b"G43.709"]) == {}
