"""The main window as a user meets it: welcome, adding a person, import, export, memory of the window."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox, QWidget

from tests.gui.conftest import Modals, button, press, settle
from triallog.domain.records import Person
from triallog.gui import main_window as main_window_module
from triallog.gui.main_window import MainWindow
from triallog.services import people


def open_window(qtbot, db) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, window)
    return window


class FakeFileDialog:
    """Stands in for the system file chooser, which a test cannot click through."""

    open_path = ""
    save_path = ""

    @classmethod
    def getOpenFileName(cls, *args: object, **kwargs: object) -> tuple[str, str]:
        return cls.open_path, ""

    @classmethod
    def getSaveFileName(cls, *args: object, **kwargs: object) -> tuple[str, str]:
        return cls.save_path, ""


@pytest.fixture
def chooser(monkeypatch: pytest.MonkeyPatch) -> type[FakeFileDialog]:
    class Chooser(FakeFileDialog):
        pass

    monkeypatch.setattr(main_window_module, "QFileDialog", Chooser)
    return Chooser


def import_through_menu(qtbot, window: MainWindow, chooser: type[FakeFileDialog], path: Path) -> None:  # type: ignore[no-untyped-def]
    chooser.open_path = str(path)
    window.import_action.trigger()
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=10000)
    settle(qtbot, window)


def shown_text(window: MainWindow) -> str:
    """Every label on the overview, as the user reads it."""
    return "\n".join(label.text() for label in window.overview.findChildren(QLabel) if label.isVisibleTo(window))


def test_a_new_user_is_welcomed_with_three_ways_to_begin(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, db)

    assert window.stack.currentWidget() is window.welcome
    assert window.windowTitle() == "TrialLog"
    for text in ("Add a person", "Import a record…", "Open the sample record"):
        assert button(window.welcome, text).isEnabled()
    assert not window.export_action.isEnabled()  # nobody to export yet
    window.grab().save("/tmp/gui-shots/welcome.png")


def test_adding_a_person_from_the_welcome_page_shows_them(qtbot, db, modals: Modals) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, db)

    def fill(dialog: QWidget) -> None:
        dialog.grab().save("/tmp/gui-shots/person-dialog.png")
        name = dialog.findChildren(QLineEdit)[0]
        qtbot.keyClicks(name, "Ana Lima")
        button(dialog, "Save").click()

    modals.then(fill)
    button(window.welcome, "Add a person").click()
    settle(qtbot, window)

    assert window.stack.currentWidget() is not window.welcome
    assert window.switcher.current_name() == "Ana Lima"
    assert window.windowTitle() == "Ana Lima — TrialLog"
    assert window.tabs.currentWidget() is window.today  # each person's first tab
    assert window.today.heading.text() == "Today for Ana Lima"
    window.tabs.setCurrentWidget(window.overview)
    assert window.overview.name.text() == "Ana Lima"
    # Nothing recorded yet: the overview says where to start instead of showing blanks.
    assert window.overview.plan_hint.isVisibleTo(window)
    assert window.overview.medications_hint.isVisibleTo(window)
    window.grab().save("/tmp/gui-shots/new-person-overview.png")


def test_importing_dana_shows_her_today_page_and_her_overview(qtbot, db, chooser, dana_json: Path) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, db)

    import_through_menu(qtbot, window, chooser, dana_json)

    assert window.switcher.current_name() == "Dana Rivera"
    assert window.tabs.currentWidget() is window.today
    assert window.today.heading.text() == "Today for Dana Rivera"
    window.tabs.setCurrentWidget(window.overview)
    text = shown_text(window)
    assert "Cigna Open Access Plus" in text
    assert "Member ID U7731904512" in text
    assert "erenumab (Aimovig)" in window.overview.medications.text()
    assert "4 trials" in window.overview.counts.text()
    assert "Imported Dana Rivera" in window.statusBar().currentMessage()
    window.grab().save("/tmp/gui-shots/dana-overview.png")
    window.tabs.setCurrentWidget(window.plans)
    window.grab().save("/tmp/gui-shots/dana-plans.png")
    window.tabs.setCurrentWidget(window.trials)
    window.grab().save("/tmp/gui-shots/dana-trials.png")


def test_importing_someone_already_here_offers_to_replace_their_record(  # type: ignore[no-untyped-def]
    qtbot, db, chooser, dana_json: Path, tmp_path: Path, modals: Modals
) -> None:
    window = open_window(qtbot, db)
    import_through_menu(qtbot, window, chooser, dana_json)
    window.tabs.setCurrentWidget(window.overview)
    first_key = window.switcher.current_key()
    newer = json.loads(dana_json.read_text())
    newer["people"][0]["phone"] = "773-555-0199"
    update = tmp_path / "dana-newer.json"
    update.write_text(json.dumps(newer))
    asked: list[str] = []

    def decline(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        asked.append(box.text() + " " + box.informativeText())
        box.grab().save("/tmp/gui-shots/replace-question.png")
        assert box.defaultButton().text() == "Cancel"  # the safe answer is the default
        button(box, "Cancel").click()

    modals.then(decline)
    import_through_menu(qtbot, window, chooser, update)
    assert "Dana Rivera is already in TrialLog" in asked[0]
    assert "(Dana Rivera: 4 trials, 1 case, 3 calls, 7 measurements) will be removed" in asked[0]
    assert window.switcher.current_key() == first_key  # declined: nothing changed
    assert "773-555-0164" in window.overview.details.text()
    assert "Nothing was imported" in window.statusBar().currentMessage()

    modals.then(press("Replace record"))
    import_through_menu(qtbot, window, chooser, update)
    assert [p.name for p in people.list_people(db)] == ["Dana Rivera"]
    assert window.switcher.current_name() == "Dana Rivera"
    assert "773-555-0199" in window.overview.details.text()  # the new record, shown at once
    assert "Replaced the record of Dana Rivera" in window.statusBar().currentMessage()


def test_an_invalid_file_is_explained_and_changes_nothing(  # type: ignore[no-untyped-def]
    qtbot, db, chooser, dana_json: Path, tmp_path: Path, modals: Modals
) -> None:
    broken = json.loads(dana_json.read_text())
    broken["people"][0]["coverages"][1]["end"] = "2020-01-01"  # ends before it starts
    broken["people"][0]["trials"][0]["start"] = "sometime"
    bad = tmp_path / "broken.json"
    bad.write_text(json.dumps(broken))
    window = open_window(qtbot, db)
    said: list[str] = []

    def read(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        said.append(f"{box.text()}\n{box.informativeText()}")
        box.grab().save("/tmp/gui-shots/import-problems.png")
        button(box, "OK").click()

    modals.then(read)
    import_through_menu(qtbot, window, chooser, bad)

    assert "broken.json could not be imported" in said[0]
    assert "Nothing was changed" in said[0]
    assert "Person 1, plan 2, end: before start 2023-01-01" in said[0]
    assert "Person 1, trial 1, start: must be a date" in said[0]
    assert people.list_people(db) == []
    assert window.stack.currentWidget() is window.welcome


def test_the_sample_record_opens_and_is_marked_as_a_sample(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, db)

    button(window.welcome, "Open the sample record").click()
    qtbot.waitUntil(lambda: not window.jobs.busy and window.switcher.current_key() is not None, timeout=10000)

    assert "sample" in window.switcher.current_name().lower()
    assert window.stack.currentWidget() is not window.welcome
    # Opening it again just shows it again.
    window.sample_action.trigger()
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=10000)
    assert len(people.list_people(db)) == 1


def test_export_writes_the_chosen_person_to_the_chosen_file(  # type: ignore[no-untyped-def]
    qtbot, db, chooser, dana_json: Path, tmp_path: Path, modals: Modals
) -> None:
    window = open_window(qtbot, db)
    import_through_menu(qtbot, window, chooser, dana_json)
    people.add_person(db, Person(name="Ana Lima"))
    window.changes.people.emit()
    target = tmp_path / "out" / "dana"  # no suffix typed: the chosen file type adds it
    chooser.save_path = str(target)

    def choose(dialog: QWidget) -> None:
        dialog.grab().save("/tmp/gui-shots/export-dialog.png")
        button(dialog, "JSON text file (.json): the record without attached documents").click()
        button(dialog, "Choose where to save…").click()

    modals.then(choose)
    modals.then(press("OK"))
    window.export_action.trigger()
    qtbot.waitUntil(lambda: not window.jobs.busy and modals.pending == 0, timeout=10000)

    written = json.loads((tmp_path / "out" / "dana.json").read_text())
    assert [p["name"] for p in written["people"]] == ["Dana Rivera"]


def test_tabs_switch_with_ctrl_1_2_3(qtbot, db, chooser, dana_json: Path) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, db)
    import_through_menu(qtbot, window, chooser, dana_json)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.overview
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.plans
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.today


def test_each_view_menu_entry_opens_the_tab_it_names(qtbot, db, chooser, dana_json: Path) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, db)
    import_through_menu(qtbot, window, chooser, dana_json)
    view_menu = next(menu for menu in window._menus if menu.title() == "&View")
    for number, action in enumerate(view_menu.actions()[: window.tabs.count()], start=1):  # then the text size
        action.trigger()
        tab = window.tabs.tabText(window.tabs.currentIndex()).replace("&&", "&")
        assert action.text().replace("&&", "\0").replace("&", "").replace("\0", "&") == tab
        assert action.shortcut().toString() == f"Ctrl+{number}"
    assert window.tabs.currentWidget() is window.due  # the last entry, "Due — everyone" (it opened Documents)


def test_the_window_remembers_its_size_and_the_person_shown(qtbot, db, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    ana = people.add_person(db, Person(name="Ana Lima")).new_key
    bo = people.add_person(db, Person(name="Bo Chen")).new_key
    window = open_window(qtbot, db)
    assert window.switcher.current_key() == ana  # first in the list on a first start
    window.switcher.select(bo)
    window.resize(760, 500)
    window.close()

    settings = data_dir / "settings.ini"
    assert settings.exists()
    assert oct(settings.stat().st_mode & 0o777) == "0o600"
    again = open_window(qtbot, db)
    assert again.switcher.current_key() == bo
    assert (again.width(), again.height()) == (760, 500)


def test_a_first_start_uses_a_comfortable_default_size(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, db)
    room = window.screen().availableGeometry()
    assert window.width() == min(1100, int(room.width() * 0.9))
    assert window.height() == min(720, int(room.height() * 0.9))


def test_gui_exit_after_show_exits_zero(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "triallog", "--data-dir", str(tmp_path / "d"), "gui", "--exit-after-show"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


def test_a_person_can_be_added_with_the_keyboard_alone(qtbot, db, modals: Modals) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, db)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert QApplication.focusWidget() is button(window.welcome, "Add a person")

    def type_and_enter(dialog: QWidget) -> None:
        name = dialog.focusWidget()
        assert isinstance(name, QLineEdit) and name.placeholderText().startswith("Required")  # the name field
        qtbot.keyClicks(name, "Ana Lima")
        qtbot.keyClick(name, Qt.Key.Key_Return)  # Enter saves

    modals.then(type_and_enter)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    assert window.switcher.current_name() == "Ana Lima"


def test_ctrl_n_starts_a_new_trial(qtbot, db, chooser, dana_json: Path) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, db)
    import_through_menu(qtbot, window, chooser, dana_json)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)

    assert window.tabs.currentWidget() is window.trials
    dialog = window.trials.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.done(0)
