"""Storage that never strands a person, seen from the window.

One window per data folder (a second one offers to show the first, or to open read-only); a lock left by
a crash is simply free; changes saved elsewhere appear; a full or busy disk is a calm dialog that keeps
what was typed; a bug is logged, not shown; a damaged or empty file at start leads to a backup; and the
Backups dialog lists, makes and restores them.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QWidget,
)
from sqlalchemy.exc import OperationalError

from tests.factories import make_person
from tests.gui.conftest import Modals, press
from triallog.gui import app as app_module
from triallog.gui import one_window
from triallog.gui.dialogs.backups_dialog import BackupsDialog
from triallog.gui.errors import install_excepthook, show_failure
from triallog.gui.main_window import OUTSIDE_NOTE, MainWindow
from triallog.gui.one_window import WindowServer
from triallog.gui.read_only import READ_ONLY_TEXT
from triallog.services import people
from triallog.services.transfer import import_path
from triallog.services.workspace import Database, open_workspace
from triallog.storage import problems
from triallog.storage.lock import FolderLock

SHOTS = Path("/tmp/gui13")

HOLDER = """
import sys, time
from triallog.storage.lock import FolderLock
lock = FolderLock(sys.argv[1])
print(lock.acquire(), flush=True)
time.sleep(120)
"""


@pytest.fixture(autouse=True)
def shots() -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture
def warned(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every warning box's (title, text), answered at once."""
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: said.append((title, text)))
    return said


def with_dana(data_dir: Path, dana_json: Path) -> None:
    db = open_workspace(data_dir)
    import_path(db, dana_json)
    db.close()


def open_window(qtbot, db: Database, **options: object) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(db, **options)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    return window


def when_records_shown(check: Callable[[MainWindow], None], errors: list[BaseException]) -> None:
    """While `run()` runs: once its window shows the records, `check` it, then close it (which ends `run`)."""

    def poll() -> None:
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible() and w.db]
        if not shown:
            QTimer.singleShot(20, poll)
            return
        try:
            check(shown[0])
        except BaseException as error:  # raised again after run() returns, never into Qt
            errors.append(error)
        finally:
            shown[0].close()

    QTimer.singleShot(0, poll)


def click_starting(window: QWidget, start: str) -> None:
    found = [b for b in window.findChildren(QAbstractButton) if b.text().startswith(start) and b.isVisible()]
    assert found, f"no button starting {start!r}: " + ", ".join(b.text() for b in window.findChildren(QAbstractButton))
    found[0].click()


# -- one window per data folder ---------------------------------------------------------------


def test_a_second_window_asks_and_shows_the_first_one(qtbot, data_dir: Path, dana_json: Path, modals: Modals) -> None:  # type: ignore[no-untyped-def]
    with_dana(data_dir, dana_json)
    first = FolderLock(data_dir)
    assert first.acquire()
    server = WindowServer(data_dir)
    assert server.listen()
    raised: list[bool] = []
    server.raise_requested.connect(lambda: raised.append(True))
    asked: list[str] = []

    def show_it(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        box.grab().save(str(SHOTS / "already-open.png"))
        assert {b.text() for b in box.buttons()} == {"Show that window", "Open read-only", "Cancel"}
        press("Show that window")(box)

    modals.then(show_it)
    try:
        assert app_module.run(str(data_dir)) == 0
        qtbot.waitUntil(lambda: bool(raised), timeout=5000)
    finally:
        server.close()
        first.release()
    assert asked == ["Your records are already open in another TrialLog window."]


def test_when_the_first_window_does_not_answer_the_second_says_so(qtbot, data_dir: Path, modals: Modals) -> None:  # type: ignore[no-untyped-def]
    data_dir.mkdir(parents=True)
    first = FolderLock(data_dir)  # held, but no window answers on the folder's socket
    assert first.acquire()
    said: list[str] = []

    def show_it(box: QWidget) -> None:
        modals.then(cancel)
        press("Show that window")(box)

    def cancel(box: QWidget) -> None:
        said.append(box.informativeText())  # type: ignore[attr-defined]
        press("Cancel")(box)

    modals.then(show_it)
    try:
        assert app_module.run(str(data_dir)) == 0
    finally:
        first.release()
    assert "did not answer" in said[0]
    assert not (data_dir / "triallog.db").exists()  # cancelled: nothing was opened or made


def test_a_second_window_can_open_read_only(qtbot, data_dir: Path, dana_json: Path, modals: Modals) -> None:  # type: ignore[no-untyped-def]
    with_dana(data_dir, dana_json)
    first = FolderLock(data_dir)
    assert first.acquire()
    seen: dict[str, object] = {}
    errors: list[BaseException] = []

    def look(window: MainWindow) -> None:
        window.resize(1024, 700)
        window.grab().save(str(SHOTS / "read-only-window.png"))
        seen["title"] = window.windowTitle()
        seen["banner"] = window.banner.text()
        seen["import"] = window.import_action.isEnabled()
        seen["read_only"] = window.db.read_only  # type: ignore[union-attr]

    modals.then(press("Open read-only"))
    when_records_shown(look, errors)
    try:
        code = app_module.run(str(data_dir))
    finally:
        first.release()
    if errors:
        raise errors[0]
    assert code == 0
    assert seen["title"] == "Dana Rivera — TrialLog — read-only"
    assert "open for changes in another TrialLog window" in str(seen["banner"])
    assert seen["import"] is False and seen["read_only"] is True
    assert not (data_dir / "backups").exists() or not any((data_dir / "backups").glob("*-daily.db"))


def test_a_read_only_window_offers_no_change_and_refuses_one(  # type: ignore[no-untyped-def]
    qtbot, data_dir: Path, dana_json: Path, modals: Modals, warned: list[tuple[str, str]]
) -> None:
    writer = open_workspace(data_dir)
    import_path(writer, dana_json)
    reader = open_workspace(data_dir, read_only=True)
    window = open_window(qtbot, reader, read_only=True)
    try:
        window.tabs.setCurrentWidget(window.trials)
        assert window.windowTitle() == "Dana Rivera — TrialLog — read-only"
        assert not window.switcher.add_button.isVisible() and not window.switcher.remove_button.isVisible()
        assert not window.trials.add_button.isVisible() and not window.log_call_button.isVisible()
        assert not window.import_action.isEnabled() and not window.sample_action.isEnabled()
        assert not any(a.isEnabled() for a in window.write_actions)
        assert window.export_action.isEnabled()  # reading is fine: a copy may still be exported
        window.grab().save(str(SHOTS / "read-only-trials.png"))

        told: list[str] = []

        def read(box: QWidget) -> None:
            assert isinstance(box, QMessageBox)
            told.append(box.text())
            box.grab().save(str(SHOTS / "read-only-refusal.png"))
            press("OK")(box)

        modals.then(read)
        window.switcher.edit_profile()  # as a shortcut or a double click would: the form says why not
        assert told == [READ_ONLY_TEXT]

        # and should anything reach the database, it refuses, in the same words
        with pytest.raises(Exception) as refused:
            people.add_person(reader, make_person("Sam Lee"))
        show_failure(window, reader, refused.value)
        assert warned == [("This window is read-only", READ_ONLY_TEXT)]
        assert [p.name for p in people.list_people(writer)] == ["Dana Rivera"]

        # what the other window saves appears here
        people.add_person(writer, make_person("Sam Lee"))
        assert window.outside.check()
        assert window.switcher.combo.findText("Sam Lee") >= 0
    finally:
        window.close()
        reader.close()
        writer.close()


def test_a_lock_left_by_a_killed_program_is_simply_taken_over(  # type: ignore[no-untyped-def]
    qtbot, data_dir: Path, dana_json: Path, monkeypatch
) -> None:
    with_dana(data_dir, dana_json)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(data_dir)], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "True"
        assert FolderLock(data_dir).holder() == holder.pid
    finally:
        holder.kill()  # a crash: nothing is released by the program itself
        holder.wait(10)
        if holder.stdout is not None:
            holder.stdout.close()

    def never(*_args: object) -> object:
        raise AssertionError("asked about another window after a crash")

    monkeypatch.setattr(one_window, "ask_when_already_open", never)
    assert app_module.run(str(data_dir), exit_after_load=True) == 0
    assert [p.name for p in people.list_people(Database(data_dir, read_only=True))] == ["Dana Rivera"]
    assert list((data_dir / "backups").glob("*-daily.db"))  # the day's backup, taken once the window opened
    assert FolderLock(data_dir).acquire()  # and let go when the window closed


def test_the_first_window_comes_to_the_front_when_asked(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, db)
    window.hide()  # behind other windows, or on another desktop
    server = WindowServer(db.data_dir, window)
    assert server.listen()
    server.raise_requested.connect(window.come_to_front)
    assert one_window.ask_first_window_to_show(db.data_dir)
    qtbot.waitUntil(window.isVisible, timeout=5000)
    server.close()


# -- changes made outside the window ------------------------------------------------------------


def test_an_import_from_the_command_line_appears_in_the_window(qtbot, db: Database, dana_json: Path) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, db)
    assert window.stack.currentWidget() is window.welcome

    elsewhere = Database(db.data_dir)  # as `triallog import` would: another connection, another program
    import_path(elsewhere, dana_json)
    elsewhere.close()
    window.activateWindow()
    window.outside._poll()  # what the timer does every few seconds while TrialLog is in front

    qtbot.waitUntil(lambda: window.switcher.current_name() == "Dana Rivera", timeout=5000)
    assert window.stack.currentWidget() is not window.welcome
    assert window.statusBar().currentMessage() == OUTSIDE_NOTE
    assert not window.outside.check()  # said once, not at every check


# -- a storage problem or a bug while saving -----------------------------------------------------


def test_a_busy_database_during_a_save_says_so_and_keeps_what_was_typed(  # type: ignore[no-untyped-def]
    qtbot, data_dir: Path, monkeypatch, modals: Modals, warned: list[tuple[str, str]]
) -> None:
    monkeypatch.setattr(problems, "LOCK_WAIT", 0.3)  # before the Database: its connections wait this long
    db = open_workspace(data_dir)
    window = open_window(qtbot, db)
    blocker = sqlite3.connect(data_dir / "triallog.db", isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another program is writing, and holds on
    states: list[tuple[bool, str, str]] = []

    def type_and_save(dialog: QWidget) -> None:
        dialog.inputs["name"].setText("Sam Lee")  # type: ignore[attr-defined]
        dialog.inputs["phone"].setText("773-555-0100")  # type: ignore[attr-defined]
        save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)  # type: ignore[attr-defined]
        save.click()
        states.append((dialog.isVisible(), dialog.inputs["name"].text(), dialog.errors.general.text()))  # type: ignore[attr-defined]
        dialog.grab().save(str(SHOTS / "busy-save-form.png"))
        blocker.execute("ROLLBACK")  # the other program is done
        save.click()

    modals.then(type_and_save)
    window.welcome.add_button.click()
    blocker.close()

    assert states == [(True, "Sam Lee", "This was not saved. What you typed is still here.")]
    title, text = warned[0]
    assert title == "Your records could not be saved"
    assert "busy" in text and "Nothing was changed" in text and "What you typed is still here." in text
    assert window.switcher.current_name() == "Sam Lee"  # saved on the second try
    window.close()
    db.close()


def test_a_full_disk_during_a_trial_save_keeps_the_form(  # type: ignore[no-untyped-def]
    qtbot, db: Database, monkeypatch, warned: list[tuple[str, str]]
) -> None:
    from triallog.gui.dialogs import trial_dialog

    key = people.add_person(db, make_person("Sam Lee")).new_key

    def full(*_args: object) -> str:
        raise OperationalError("INSERT INTO trial ...", {}, sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(trial_dialog, "save_trial", full)
    dialog = trial_dialog.TrialDialog(db, key, person_name="Sam Lee")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.drug.setText("sertraline")
    dialog.start.setText("2023-04")
    dialog.outcome.setCurrentIndex(dialog.outcome.findText("Ineffective"))
    dialog.accept()
    kept = (dialog.isVisible(), dialog.drug.text(), dialog.start.text(), dialog.errors.general.text())
    dialog.done(0)  # (closed without asking whether to discard: a test has no one to answer)
    assert dialog.saved_key is None
    assert kept == (True, "sertraline", "2023-04", "This trial was not saved. What you typed is still here.")
    assert warned[0][0] == "Your records could not be saved"
    assert "disk" in warned[0][1] and "is full" in warned[0][1] and "INSERT" not in warned[0][1]


@pytest.mark.bug_report
def test_a_bug_is_logged_privately_and_the_dialog_names_the_log(  # type: ignore[no-untyped-def]
    qtbot, db: Database, monkeypatch, modals: Modals, warned: list[tuple[str, str]], capsys
) -> None:
    def broken(*_args: object) -> str:
        raise RuntimeError("Dana Rivera: depression, PHQ-9 23")  # a bug whose words quote a record

    monkeypatch.setattr(people, "add_person", broken)
    window = open_window(qtbot, db)
    kept: list[str] = []

    def type_and_save(dialog: QWidget) -> None:
        dialog.inputs["name"].setText("Dana Rivera")  # type: ignore[attr-defined]
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()  # type: ignore[attr-defined]
        kept.append(dialog.inputs["name"].text())  # type: ignore[attr-defined]
        assert isinstance(dialog, QDialog)
        dialog.done(0)

    modals.then(type_and_save)
    window.welcome.add_button.click()

    log = db.data_dir / "triallog.log"
    title, text = warned[0]
    assert kept == ["Dana Rivera"]
    assert title == "Something went wrong"
    assert text.startswith("Something went wrong inside TrialLog. Nothing was half-saved.")
    assert f"A report was written to {log}; you may send it to us." in text
    assert "PHQ-9" not in text
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert "RuntimeError" in log.read_text() and "Traceback" in log.read_text()
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.bug_report
def test_an_exception_nobody_caught_in_a_slot_is_logged_not_printed(  # type: ignore[no-untyped-def]
    qtbot, data_dir: Path, warned: list[tuple[str, str]], capsys
) -> None:
    data_dir.mkdir(parents=True)
    previous = install_excepthook(lambda: data_dir)
    try:

        def slot() -> None:
            raise KeyError("Dana Rivera")

        QTimer.singleShot(0, slot)
        qtbot.waitUntil(lambda: bool(warned), timeout=5000)
    finally:
        sys.excepthook = previous
    assert "triallog.log" in warned[0][1] and "Dana" not in warned[0][1]
    assert "KeyError" in (data_dir / "triallog.log").read_text()
    assert "Traceback" not in capsys.readouterr().err


# -- a damaged or empty database at start --------------------------------------------------------


def test_a_damaged_database_at_start_offers_the_newest_backup_and_restores_it(  # type: ignore[no-untyped-def]
    qtbot, data_dir: Path, dana_json: Path, modals: Modals
) -> None:
    db = open_workspace(data_dir)
    import_path(db, dana_json)
    db.back_up("daily")
    db.close()
    with open(data_dir / "triallog.db", "r+b") as f:
        f.write(b"this is no database at all")
    said: list[str] = []

    def restore(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        said.append(box.informativeText())
        box.grab().save(str(SHOTS / "damaged-at-start.png"))
        assert {b.text() for b in box.buttons()} - {box.defaultButton().text()} == {"Save what can be read…", "Quit"}
        modals.then(confirm)
        click_starting(box, "Restore the newest good backup (")

    def confirm(box: QWidget) -> None:
        said.append(f"{box.text()} {box.informativeText()}")  # type: ignore[attr-defined]
        box.grab().save(str(SHOTS / "restore-confirm.png"))
        press("Restore")(box)

    modals.then(restore)
    assert app_module.run(str(data_dir), exit_after_load=True) == 0

    assert "it is not a database file" in said[0] and "Nothing was changed or replaced." in said[0]
    assert "triallog restore" not in said[0]  # the window offers buttons, not commands
    assert "The newest good backup can be restored in its place" in said[0]
    assert "1 person and 4 trials" in said[1] and "kept aside in the backups folder, not deleted" in said[1]
    restored = Database(data_dir, read_only=True)
    assert [p.name for p in people.list_people(restored)] == ["Dana Rivera"]
    restored.close()
    kept = list((data_dir / "backups").glob("*-damaged.db"))
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"this is no database")


def test_an_empty_database_file_is_not_silently_replaced(qtbot, data_dir: Path, modals: Modals) -> None:  # type: ignore[no-untyped-def]
    data_dir.mkdir(parents=True)
    (data_dir / "triallog.db").write_bytes(b"")
    said: list[str] = []

    def quit_(box: QWidget) -> None:
        said.append(box.informativeText())  # type: ignore[attr-defined]
        buttons = [b.text() for b in box.findChildren(QAbstractButton) if b.isVisible()]
        assert buttons == ["Quit"]  # no backup to restore, and nothing in an empty file to save
        box.grab().save(str(SHOTS / "empty-at-start.png"))
        press("Quit")(box)

    modals.then(quit_)
    assert app_module.run(str(data_dir)) == 3
    assert "the file is empty (0 bytes)" in said[0] and "No good backup was found" in said[0]
    assert "holds nothing to save" in said[0] and "move the file" in said[0]
    assert (data_dir / "triallog.db").read_bytes() == b""  # still the empty file: never a new, empty database


def _as_box(icon: QMessageBox.Icon) -> Callable[..., object]:
    """QMessageBox.warning as a box that `modals` can read and answer."""

    def show(parent: QWidget | None, title: str, text: str, *_args: object) -> object:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
        return box.exec()

    return show


def test_what_can_be_read_is_saved_to_a_file_that_imports_again(  # type: ignore[no-untyped-def]
    qtbot, data_dir: Path, dana_json: Path, monkeypatch
) -> None:
    from triallog.gui import opening

    with_dana(data_dir, dana_json)
    target = data_dir.parent / "saved.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target.with_suffix("")), ""))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: told.append(text))
    opening.offer_salvage(None, data_dir)
    assert told and told[0].startswith(f"Saved 1 person (Dana Rivera) to {target}.")
    other = data_dir.parent / "other"
    fresh = open_workspace(other)
    assert import_path(fresh, target).names == ["Dana Rivera"]
    fresh.close()


# -- the Backups dialog ---------------------------------------------------------------------------


def test_the_backups_dialog_lists_backs_up_now_and_restores(  # type: ignore[no-untyped-def]
    qtbot, db: Database, dana_json: Path, modals: Modals
) -> None:
    import_path(db, dana_json)
    folder = db.data_dir / "backups"  # the import took one before it began
    (folder / "triallog-2020-01-02T030405-daily.db").write_bytes(b"not a backup")
    window = open_window(qtbot, db)
    dialog = BackupsDialog(db, window.restore_backup, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.jobs.busy and dialog.model.rowCount() == 2, timeout=10000)
    rows = [[dialog.model.index(r, c).data() for c in (1, 2)] for r in range(2)]
    assert rows == [["before an import", "0 people, 0 trials"], ["daily", "damaged: cannot be restored"]]
    dialog.table.selectRow(1)
    assert not dialog.restore_button.isEnabled()  # a damaged backup cannot be restored

    dialog.back_up_button.click()
    qtbot.waitUntil(lambda: not dialog.jobs.busy and dialog.model.rowCount() == 3, timeout=10000)
    assert [dialog.model.index(0, c).data() for c in (1, 2)] == ["made by you", "1 person, 4 trials"]
    assert dialog.status.text() == "Backed up now: 1 person, 4 trials."
    assert dialog.restore_button.isEnabled()
    dialog.resize(700, 440)
    dialog.grab().save(str(SHOTS / "backups-dialog.png"))

    people.add_person(db, make_person("Sam Lee"))  # entered after the backup
    window.changes.people.emit()
    assert window.switcher.combo.count() == 2
    modals.then(press("Restore"))
    dialog.table.selectRow(0)
    dialog.restore_button.click()

    assert not dialog.isVisible()
    assert window.db is not None and window.db is not db
    assert [p.name for p in people.list_people(window.db)] == ["Dana Rivera"]
    assert window.switcher.combo.count() == 1  # the window shows the restored records
    assert "Restored the backup of" in window.statusBar().currentMessage()
    assert list(folder.glob("*-set-aside.db"))  # what was there is kept
    window.close()
    window.db.close()


def test_a_folder_shared_with_everyone_is_refused_and_left_alone(qtbot, data_dir: Path, modals: Modals) -> None:  # type: ignore[no-untyped-def]
    data_dir.mkdir(parents=True)
    os.chmod(data_dir, 0o1777)
    said: list[str] = []

    def read(box: QWidget) -> None:
        said.append(f"{box.text()} {box.informativeText()}")  # type: ignore[attr-defined]
        box.grab().save(str(SHOTS / "shared-folder.png"))
        press("Quit")(box)

    modals.then(read)
    assert app_module.run(str(data_dir)) == 3  # a storage problem, as on the command line
    assert said[0].startswith("Your records could not be opened.")
    assert "shared with every user of this computer" in said[0]
    assert list(data_dir.iterdir()) == [] and stat.S_IMODE(data_dir.stat().st_mode) == 0o1777
