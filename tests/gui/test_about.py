"""Help ▸ About TrialLog: the version, the data folder, and what is bundled under which licence."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl, qVersion
from PySide6.QtWidgets import QMenu, QWidget

from tests.gui.conftest import Modals
from triallog import __version__
from triallog.gui.dialogs.about_dialog import AboutDialog
from triallog.gui.main_window import MainWindow
from triallog.services.workspace import Database

SHOTS = Path("/tmp/door")


def test_about_names_the_version_the_data_folder_and_the_licences(qtbot, db: Database, modals: Modals) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(db)
    qtbot.addWidget(window)
    seen: dict[str, str] = {}

    def read(dialog: QWidget) -> None:
        assert isinstance(dialog, AboutDialog)
        SHOTS.mkdir(exist_ok=True)
        dialog.grab().save(str(SHOTS / "about.png"))
        seen["about"] = dialog.title.text() + dialog.folder.text()
        dialog.tabs.setCurrentIndex(1)
        dialog.grab().save(str(SHOTS / "about-licences.png"))
        seen["licences"] = dialog.licences.toPlainText()
        dialog.tabs.setCurrentIndex(2)
        dialog.text_choice.setCurrentIndex(dialog.text_choice.findText("DejaVu fonts licence"))
        seen["text"] = dialog.text.toPlainText()
        dialog.reject()

    modals.then(read)
    help_menu = window.menuBar().actions()[-1].menu()
    assert isinstance(help_menu, QMenu)
    [about] = [action for action in help_menu.actions() if action.text() == "&About TrialLog"]
    about.trigger()

    assert f"TrialLog {__version__}" in seen["about"]
    assert str(db.data_dir) in seen["about"]
    licences = seen["licences"]
    assert f"Qt {qVersion()}\nLicence: LGPL-3.0-only" in licences
    assert f"https://download.qt.io/archive/qt/{'.'.join(qVersion().split('.')[:2])}/{qVersion()}/" in licences
    assert "PySide6" in licences and "ReportLab" in licences and "SQLAlchemy" in licences
    assert "DejaVu Sans fonts" in licences and "Droid Sans Fallback font 6.0.1r16\nLicence: Apache-2.0" in licences
    assert "Bitstream" in seen["text"]


def test_the_data_folder_opens_in_the_file_manager(qtbot, data_dir: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    opened: list[QUrl] = []
    monkeypatch.setattr("triallog.gui.dialogs.about_dialog.QDesktopServices.openUrl", opened.append)
    dialog = AboutDialog(data_dir)
    qtbot.addWidget(dialog)

    dialog.open_folder.click()

    assert [url.toLocalFile() for url in opened] == [str(data_dir)]
