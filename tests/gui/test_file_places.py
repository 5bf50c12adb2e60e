"""Save and Open dialogs start in the person's Documents folder (or where they saved last), never the
program's own folder, and suggest a file name that reads like the person's name."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from tests.factories import make_person
from tests.gui.conftest import press
from tests.gui.test_data_flow import open_window
from tests.gui.test_pdf_preview import sample_pdf
from triallog.gui import file_places
from triallog.gui.dialogs.pdf_preview import PdfPreviewDialog
from triallog.services import people


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A home folder of the test's own, and a session in which nothing was saved yet."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder / ".config"))
    monkeypatch.setattr(file_places, "_last", None)
    monkeypatch.chdir(tmp_path)  # the "program's folder": a dialog must never start here
    yield folder


@pytest.fixture
def save_dialog(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """Where each Save dialog started; each answers with a file in `tmp_path/chosen`."""
    started: list[str] = []
    chosen = tmp_path / "chosen"
    chosen.mkdir()

    def answer(_parent, _title, start, _filter):  # type: ignore[no-untyped-def]
        started.append(start)
        return str(chosen / Path(start).name), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    return started


def preview(qtbot) -> PdfPreviewDialog:  # type: ignore[no-untyped-def]
    dialog = PdfPreviewDialog(sample_pdf(1), "Evidence packet", "Evidence packet - Dana Rivera.pdf")
    qtbot.addWidget(dialog)
    return dialog


def test_save_a_copy_starts_in_documents(qtbot, home: Path, save_dialog: list[str]) -> None:  # type: ignore[no-untyped-def]
    (home / "Documents").mkdir()
    preview(qtbot).save_pdf()
    assert save_dialog == [str(home / "Documents" / "Evidence packet - Dana Rivera.pdf")]


def test_without_documents_it_starts_at_home_not_in_the_programs_folder(qtbot, home: Path, save_dialog) -> None:  # type: ignore[no-untyped-def]
    preview(qtbot).save_pdf()
    assert Path(save_dialog[0]).parent == home


def test_the_next_save_starts_where_the_last_one_went(qtbot, home: Path, save_dialog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (home / "Documents").mkdir()
    assert preview(qtbot).save_pdf() == tmp_path / "chosen" / "Evidence packet - Dana Rivera.pdf"
    preview(qtbot).save_pdf()
    assert Path(save_dialog[1]).parent == tmp_path / "chosen"


def test_an_export_suggests_the_persons_name_readably(qtbot, db, home: Path, save_dialog, modals) -> None:  # type: ignore[no-untyped-def]
    (home / "Documents").mkdir()
    people.add_person(db, make_person("Mei-Ling O'Brien Ångström"))
    window = open_window(qtbot, db)

    def choose_where(dialog) -> None:  # type: ignore[no-untyped-def]
        modals.then(press("OK"))  # "Export finished", once it is written
        press("Choose where to save…")(dialog)

    modals.then(choose_where)
    window.export_records()
    name = f"mei-ling-obrien-angstrom-{date.today().isoformat()}.triallog"
    assert save_dialog == [str(home / "Documents" / name)]
    qtbot.waitUntil(lambda: modals.pending == 0)
    window.wait_for_work()
