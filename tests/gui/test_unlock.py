"""A caregiver on a shared family laptop protects the records with a passphrase from the window, opens them
with it (or with the recovery key), lets the computer remember it only when asked, and finds them locked
after a while away, with nothing typed lost."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend
from PySide6.QtWidgets import QApplication, QCheckBox, QDialog, QFileDialog, QLabel, QLineEdit, QWidget

from tests.gui.conftest import Modals, button, press, settle, shown_window
from tests.gui.every_dialog import RECOVERY_KEY
from tests.storage.protection_helpers import PASSPHRASE, cheap_scrypt, folder_with_record
from triallog.gui import app as app_module
from triallog.gui.dialogs.passphrase_dialogs import ProtectDialog
from triallog.gui.dialogs.person_dialog import PersonDialog
from triallog.gui.dialogs.unlock_dialog import WRONG_PASSPHRASE, UnlockDialog
from triallog.gui.main_window import MainWindow
from triallog.gui.protection_controls import LockedPage
from triallog.services import people, protection, remembered
from triallog.services.transfer import import_path
from triallog.services.workspace import Database, open_workspace

SHOTS = Path("/tmp/gui-shots")
NEW_PASSPHRASE = "a new one, long enough"


class MemoryKeyring(KeyringBackend):
    """A keyring in memory, standing in for the computer's own: a test never touches a real one."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.kept.pop((service, username), None)


@pytest.fixture(autouse=True)
def fake_keyring() -> Iterator[MemoryKeyring]:
    import keyring

    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)


@pytest.fixture
def dana_folder(data_dir: Path, dana_json: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cheap_scrypt(monkeypatch)
    return folder_with_record(data_dir, dana_json)


@pytest.fixture
def protected(dana_folder: Path) -> protection.Protected:
    return protection.protect(dana_folder, PASSPHRASE)


def shot(widget: QWidget, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    widget.grab().save(str(SHOTS / f"unlock-{name}.png"))


def field(dialog: QWidget, name: str) -> QLineEdit:
    found = [f for f in dialog.findChildren(QLineEdit) if f.accessibleName() == name and f.isVisible()]
    assert found, f"no field {name!r}: " + ", ".join(f.accessibleName() for f in dialog.findChildren(QLineEdit))
    return found[0]


def type_passphrase(*tries: str, remember: bool = False, shot_name: str = "") -> Callable[[QWidget], None]:
    """A handler for the unlock dialog: each try typed and Open pressed, in turn."""

    def handle(dialog: QWidget) -> None:
        assert isinstance(dialog, UnlockDialog)
        for secret in tries:
            field(dialog, "Passphrase").setText(secret)
            dialog.remember.setChecked(remember)
            button(dialog, "Open").click()
            if dialog.isVisible():  # a wrong one: said, and tried again
                assert dialog.problem.text() == WRONG_PASSPHRASE
                if shot_name:
                    shot(dialog, shot_name)

    return handle


def open_protected(qtbot, folder: Path, modals: Modals, *tries: str) -> MainWindow:  # type: ignore[no-untyped-def]
    """The window as TrialLog starts it over protected records, the passphrase typed when asked (no `tries`:
    the keyring remembers it, and nothing is asked)."""
    if tries:
        modals.then(type_passphrase(*tries))
    window = MainWindow(data_dir=folder, open_db=lambda: open_workspace(folder, key=window.key))
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    qtbot.waitUntil(lambda: window.db is not None, timeout=10_000)
    settle(qtbot, window)
    return window


def through(qtbot, modals: Modals, window: MainWindow, handle, opening) -> None:  # type: ignore[no-untyped-def]
    """Open a dialog of the window (`opening`), answer it with `handle`, and wait for the records to show."""
    modals.then(handle)
    opening()
    settle(qtbot, window)


# -- at start -----------------------------------------------------------------------------------


def test_a_wrong_passphrase_is_said_plainly_and_the_right_one_opens(  # type: ignore[no-untyped-def]
    qtbot, protected, dana_folder: Path, modals: Modals, capfd: pytest.CaptureFixture[str], fake_keyring
) -> None:
    modals.then(type_passphrase("not it", "still not it", PASSPHRASE, shot_name="wrong"))

    assert app_module.run(str(dana_folder), exit_after_load=True) == 0

    said = capfd.readouterr()
    assert PASSPHRASE not in said.out + said.err
    assert not fake_keyring.kept, "remembered although nobody asked"
    log = dana_folder / "triallog.log"
    assert not log.exists() or PASSPHRASE not in log.read_text()


def test_cancel_at_the_passphrase_quits_without_opening_anything(  # type: ignore[no-untyped-def]
    qtbot, protected, dana_folder: Path, modals: Modals
) -> None:
    modals.then(press("Cancel"))

    assert app_module.run(str(dana_folder)) == 0
    assert not list(dana_folder.glob(".open-*")), "a mark of open records was left behind"


def test_the_recovery_key_opens_and_a_new_passphrase_is_offered(  # type: ignore[no-untyped-def]
    qtbot, protected, dana_folder: Path, modals: Modals
) -> None:
    def use_recovery_key(dialog: QWidget) -> None:
        assert isinstance(dialog, UnlockDialog)
        button(dialog, "Use the recovery key…").click()
        assert dialog.secret.echoMode() is QLineEdit.EchoMode.Normal and not dialog.remember.isVisible()
        shot(dialog, "recovery")
        field(dialog, "Recovery key").setText(protected.recovery_key.lower())  # as typed from paper
        button(dialog, "Open").click()

    def choose_a_new_one(dialog: QWidget) -> None:
        assert "You opened your records with the recovery key" in dialog.intro.text()  # type: ignore[attr-defined]
        assert not [f for f in dialog.findChildren(QLineEdit) if f.accessibleName() == "Current passphrase"]
        field(dialog, "New passphrase").setText(NEW_PASSPHRASE)
        field(dialog, "Type it again").setText(NEW_PASSPHRASE)
        button(dialog, "Change").click()

    modals.then(use_recovery_key)
    modals.then(choose_a_new_one)
    window = MainWindow(data_dir=dana_folder, open_db=lambda: open_workspace(dana_folder, key=window.key))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: modals.pending == 0, timeout=10_000)
    qtbot.waitUntil(lambda: window.db is not None and window.is_current(), timeout=10_000)

    assert protection.unlock(dana_folder, NEW_PASSPHRASE)
    with pytest.raises(protection.WrongPassphrase):
        protection.unlock(dana_folder, PASSPHRASE)
    assert window.switcher.current_name() == "Dana Rivera"


def test_remembered_on_this_computer_only_when_ticked(  # type: ignore[no-untyped-def]
    qtbot, protected, dana_folder: Path, modals: Modals, fake_keyring: MemoryKeyring
) -> None:
    modals.then(type_passphrase(PASSPHRASE, remember=True))
    assert app_module.run(str(dana_folder), exit_after_load=True) == 0
    assert remembered.recall(dana_folder) == PASSPHRASE

    # the next start opens without asking: no dialog is handled, and the records show
    assert app_module.run(str(dana_folder), exit_after_load=True) == 0


def test_the_prompt_says_what_remembering_means(qtbot, dana_folder: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = UnlockDialog(dana_folder)
    qtbot.addWidget(dialog)
    dialog.show()
    shot(dialog, "prompt")

    tick = dialog.findChild(QCheckBox)
    assert tick is not None and not tick.isChecked()  # never by default
    assert "Anyone who can log in to this computer account can then open your records" in dialog.remember_note.text()


# -- protect, change, remove from the window -------------------------------------------------------


def test_protecting_says_first_it_cannot_be_recovered_then_shows_the_key_once(  # type: ignore[no-untyped-def]
    qtbot, db: Database, dana_json: Path, modals: Modals, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_path(db, dana_json)
    window = shown_window(qtbot, db)
    saved = tmp_path / "key.txt"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(saved), ""))
    kept: list[str] = []

    def protect(dialog: QWidget) -> None:
        assert isinstance(dialog, ProtectDialog)
        assert "nobody can open your records" in " ".join(label.text() for label in dialog.findChildren(QLabel))
        shot(dialog, "protect")
        field(dialog, "New passphrase").setText(PASSPHRASE)
        field(dialog, "Type it again").setText(PASSPHRASE + "!")
        button(dialog, "Protect").click()
        assert "not the same" in dialog.problem.text()
        field(dialog, "Type it again").setText(PASSPHRASE)
        button(dialog, "Protect").click()
        shot(dialog, "recovery-key")
        assert not button(dialog, "Close").isEnabled()
        dialog.reject()  # Esc: the key must be kept first
        assert dialog.isVisible()
        button(dialog, "Save to file…").click()
        kept.append(dialog.key_label.text())
        dialog.kept.setChecked(True)
        button(dialog, "Close").click()

    modals.then(protect)
    window.controls().protect()
    qtbot.waitUntil(lambda: window.db is not None and window.is_current(), timeout=10_000)

    assert protection.status(window.data_dir).protected
    assert protection.recover(window.data_dir, kept[0])
    assert kept[0] in saved.read_text() and PASSPHRASE not in saved.read_text()
    assert window.switcher.current_name() == "Dana Rivera"  # the records are open again
    assert not window.controls().actions["protect"].isVisible() and window.controls().actions["lock"].isVisible()
    assert window.welcome.protect_button.isHidden()  # offered no more


def test_the_welcome_page_offers_protection_until_it_is_on(  # type: ignore[no-untyped-def]
    qtbot, db: Database
) -> None:
    window = shown_window(qtbot, db)

    assert window.stack.currentWidget() is window.welcome
    assert window.welcome.protect_button.isVisible()
    shot(window, "welcome")


def test_changing_the_passphrase_asks_the_current_one_and_the_keyring_follows(  # type: ignore[no-untyped-def]
    qtbot, protected, dana_folder: Path, modals: Modals
) -> None:
    remembered.remember(dana_folder, PASSPHRASE)
    window = open_protected(qtbot, dana_folder, modals)  # remembered: not asked

    def change(dialog: QWidget) -> None:
        field(dialog, "Current passphrase").setText("wrong")
        field(dialog, "New passphrase").setText(NEW_PASSPHRASE)
        field(dialog, "Type it again").setText(NEW_PASSPHRASE)
        button(dialog, "Change").click()
        assert dialog.isVisible() and dialog.problem.text() == WRONG_PASSPHRASE  # type: ignore[attr-defined]
        field(dialog, "Current passphrase").setText(PASSPHRASE)
        shot(dialog, "change")
        button(dialog, "Change").click()

    through(qtbot, modals, window, change, window.controls().change)

    assert protection.unlock(dana_folder, NEW_PASSPHRASE)
    assert remembered.recall(dana_folder) == NEW_PASSPHRASE
    assert window.db is not None and window.switcher.current_name() == "Dana Rivera"


def test_removing_the_passphrase_makes_the_records_plain_and_forgets_it(  # type: ignore[no-untyped-def]
    qtbot, protected, dana_folder: Path, modals: Modals
) -> None:
    window = open_protected(qtbot, dana_folder, modals, PASSPHRASE)
    remembered.remember(dana_folder, PASSPHRASE)

    def remove(dialog: QWidget) -> None:
        field(dialog, "Current passphrase").setText(PASSPHRASE)
        shot(dialog, "remove")
        button(dialog, "Remove the passphrase").click()

    through(qtbot, modals, window, remove, window.controls().remove)

    assert not protection.status(dana_folder).protected
    assert remembered.recall(dana_folder) is None
    assert window.key is None and window.db is not None
    assert window.controls().actions["protect"].isVisible()


# -- locked when idle -------------------------------------------------------------------------------


def test_idle_records_lock_hide_and_open_again_with_the_passphrase(  # type: ignore[no-untyped-def]
    qtbot, protected, dana_folder: Path, modals: Modals, fake_keyring: MemoryKeyring
) -> None:
    remembered.remember(dana_folder, PASSPHRASE)  # the keyring opens at start, never after a lock
    window = open_protected(qtbot, dana_folder, modals)
    controls = window.controls()
    assert controls.idle.isActive()  # counting, at the default 15 minutes
    seen: list[bool] = []

    def while_locked(dialog: QWidget) -> None:
        seen.append(isinstance(window.centralWidget(), LockedPage) and window.db is None)
        shot(window, "locked")
        type_passphrase("wrong", PASSPHRASE)(dialog)

    modals.then(while_locked)
    qtbot.waitUntil(lambda: not window.backup_jobs.busy)  # today's backup, made at start, is done
    controls.idle.timeout.emit()  # fifteen minutes with nobody there
    assert controls.locked
    qtbot.waitUntil(lambda: window.db is not None and not controls.locked, timeout=10_000)
    settle(qtbot, window)

    assert seen == [True]
    assert window.switcher.current_name() == "Dana Rivera"
    assert controls.idle.isActive()


def test_the_lock_waits_while_a_form_is_open_and_its_text_stays(  # type: ignore[no-untyped-def]
    qtbot, protected, dana_folder: Path, modals: Modals
) -> None:
    window = open_protected(qtbot, dana_folder, modals, PASSPHRASE)
    key = people.list_people(window.current_db)[0].key
    form = PersonDialog(window.current_db, key, window)
    qtbot.addWidget(form)
    form.show()
    typed = form.findChildren(QLineEdit)[0]
    typed.setText("Dana R. (typing…)")

    window.controls().lock_when_idle()

    assert not window.controls().locked and window.db is not None
    assert form.isVisible() and typed.text() == "Dana R. (typing…)"
    assert window.controls().idle.isActive()  # it looks again later
    form.mark_unchanged()
    form.close()


def test_lock_after_is_a_setting_of_the_folder(qtbot, protected, dana_folder: Path, modals: Modals) -> None:  # type: ignore[no-untyped-def]
    window = open_protected(qtbot, dana_folder, modals, PASSPHRASE)
    controls = window.controls()

    controls.lock_actions[0].trigger()  # Never
    assert not controls.idle.isActive()
    controls.lock_actions[5].trigger()
    assert controls.idle.isActive() and controls.idle.interval() == 5 * 60_000
    assert window.memory.lock_after(15) == 5
    assert QApplication.instance() is not None


def test_the_recovery_key_prints_with_what_it_opens(  # type: ignore[no-untyped-def]
    qtbot, dana_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pypdf import PdfReader
    from PySide6 import QtPrintSupport

    paper = tmp_path / "printed.pdf"

    class ToPaper(QtPrintSupport.QPrinter):
        """The printer the person chose, standing in as a PDF file."""

        def __init__(self) -> None:
            super().__init__()
            self.setOutputFormat(QtPrintSupport.QPrinter.OutputFormat.PdfFormat)
            self.setOutputFileName(str(paper))

    monkeypatch.setattr(QtPrintSupport, "QPrinter", ToPaper)
    monkeypatch.setattr(QtPrintSupport.QPrintDialog, "exec", lambda _self: QDialog.DialogCode.Accepted)
    dialog = ProtectDialog(dana_folder, lambda _passphrase: RECOVERY_KEY)
    qtbot.addWidget(dialog)
    dialog.recovery_key = RECOVERY_KEY
    dialog.done_acting()
    dialog.show()

    button(dialog, "Print…").click()

    printed = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(paper).pages)
    assert RECOVERY_KEY in printed and "recovery key" in printed
    assert dialog.kept.hasFocus() or not dialog.isActiveWindow()  # next: say it is kept


def test_locked_records_can_be_left_by_quit(qtbot, protected, dana_folder: Path, modals: Modals) -> None:  # type: ignore[no-untyped-def]
    window = open_protected(qtbot, dana_folder, modals, PASSPHRASE)
    qtbot.waitUntil(lambda: not window.backup_jobs.busy)
    modals.then(press("Cancel"))  # asked at once after the lock: not now

    window.controls().lock()
    qtbot.waitUntil(lambda: modals.pending == 0)
    page = window.centralWidget()
    assert isinstance(page, LockedPage) and window.db is None
    assert not window.controls().actions["protect"].isEnabled() and not window.export_action.isEnabled()
    button(page, "Quit").click()

    assert not window.isVisible()
    assert not list(dana_folder.glob(".open-*")), "a mark of open records was left behind"
