"""The window's side of the passphrase: unlock at start, protect / change / remove, and lock when idle.

Every change closes the records first (background work finished, the folder's lock passed to the change),
then opens them again, whatever happened. Locking closes the records and takes their pages off the screen;
it waits while a dialog is open or work is under way, so nothing typed is ever lost to it. The keyring is
used only when the person ticked "Remember on this computer", and never to come back from a lock.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from triallog.gui.widgets.centred import centre_card
from triallog.gui.widgets.labels import scaled_font
from triallog.services import protection, remembered

if TYPE_CHECKING:
    from triallog.gui.main_window import MainWindow

#: the idle times offered, in minutes (0: never)
LOCK_CHOICES = (0, 5, 15, 30, 60)
DEFAULT_LOCK_MINUTES = 15
#: while a dialog is open or work runs, the lock looks again this much later
LOCK_RETRY_MS = 30_000
#: what counts as the person being there
ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


def lock_choice_text(minutes: int) -> str:
    return "&Never" if minutes == 0 else f"After {minutes} minutes" if minutes != 60 else "After 1 &hour"


class LockedPage(QWidget):
    """What the window shows while locked: no record, a way back in, and a way out."""

    def __init__(self, unlock: Callable[[], object], quit_: Callable[[], object], idle: bool = True) -> None:
        super().__init__()
        heading = QLabel("Your records are locked")
        heading.setFont(scaled_font(heading, 1.6))
        why = "TrialLog locked them while it was not in use." if idle else "They were locked from the File menu."
        said = QLabel(f"{why} Type your passphrase to see them again.")
        said.setWordWrap(True)
        self.unlock_button = QPushButton("&Unlock…")
        self.unlock_button.setDefault(True)
        self.unlock_button.setAutoDefault(True)
        self.unlock_button.clicked.connect(unlock)
        quit_button = QPushButton("&Quit")
        quit_button.setAutoDefault(True)
        quit_button.clicked.connect(quit_)
        heading.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        said.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        card = QWidget()
        card.setFixedWidth(460)  # (so that the wrapped line knows its height)
        column = QVBoxLayout(card)
        column.setSpacing(10)
        column.addWidget(heading)
        column.addWidget(said)
        column.addSpacing(10)
        for button in (self.unlock_button, quit_button):
            button.setFixedWidth(280)
            button.setMinimumHeight(button.sizeHint().height() + 10)
            column.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        centre_card(self, card)
        self.setFocusProxy(self.unlock_button)


class ProtectionControls(QObject):
    """The passphrase's menu entries and idle lock for one window (made once the window has painted)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.folder = window.data_dir
        self.locked = False
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.timeout.connect(self.lock_when_idle)
        self.actions: dict[str, QAction] = {}
        self.lock_actions: dict[int, QAction] = {}
        #: the window's actions that a lock disabled, enabled again when unlocked
        self.was_enabled: list[QAction] = []

    # -- at start ---------------------------------------------------------------------------

    def unlock_at_start(self) -> bool:
        """The key, when the records are protected: from the keyring if the person asked it to remember,
        else asked for. False when the person cancelled (the window then closes)."""
        if self.window.key is not None or not protection.status(self.folder).protected:
            return True
        kept = remembered.recall(self.folder)
        if kept is not None:
            try:
                self.window.key = protection.unlock(self.folder, kept)
                return True
            except protection.WrongPassphrase:  # changed since, elsewhere: forgotten, and asked for
                remembered.forget(self.folder)
        return self.ask(locked=False)

    def ask(self, locked: bool) -> bool:
        from triallog.gui.dialogs.unlock_dialog import ask_for_key

        unlocked = ask_for_key(self.folder, self.window, locked)
        if unlocked is None:
            return False
        self.window.key = unlocked.key
        if unlocked.refused_by_keyring:
            QTimer.singleShot(0, self._say_keyring_refused)
        if unlocked.recovered:  # once the records show: a new passphrase, since the old one is forgotten
            QTimer.singleShot(0, lambda: self.change(unlocked.key))
        return True

    def _say_keyring_refused(self) -> None:
        QMessageBox.information(
            self.window,
            "Not remembered",
            "This computer's keyring did not keep the passphrase, so TrialLog will ask for it next time.",
        )

    # -- the menu ---------------------------------------------------------------------------

    def add_to(self, menu: QMenu, before: QAction) -> None:
        """The File menu's entries, above `before`."""
        entries = (
            ("protect", "&Protect with a passphrase…", self.protect),
            ("change", "C&hange the passphrase…", lambda: self.change()),
            ("remove", "Remo&ve the passphrase…", self.remove),
            ("lock", "Loc&k now", lambda: self.lock()),
        )
        for name, text, slot in entries:
            action = QAction(text, self.window)
            action.triggered.connect(slot)
            menu.insertAction(before, action)
            self.actions[name] = action
        self.actions["lock"].setShortcut("Ctrl+Shift+L")
        idle = QMenu("Lock when i&dle", self.window)
        group = QActionGroup(self)
        for minutes in LOCK_CHOICES:
            action = idle.addAction(lock_choice_text(minutes))
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, m=minutes: self.set_lock_after(m))
            group.addAction(action)
            self.lock_actions[minutes] = action
        self.actions["idle"] = menu.insertMenu(before, idle)
        menu.insertSeparator(before)

    def refresh(self) -> None:
        """The entries that fit: protect when plain, change / remove / lock when protected; no change from a
        read-only window (the other window holds the folder); the welcome page offers protection too."""
        protected = protection.status(self.folder).protected
        writable = not self.window.read_only
        shown = {"protect": not protected, "change": protected, "remove": protected, "lock": protected}
        for name, visible in shown.items():
            if name in self.actions:
                self.actions[name].setVisible(visible)
                self.actions[name].setEnabled(writable or name == "lock")
        if "idle" in self.actions:
            self.actions["idle"].setVisible(protected)
            self.lock_actions[self.lock_after()].setChecked(True)
        welcome = getattr(self.window, "welcome", None)
        if welcome is not None:
            welcome.offer_protection(writable and not protected)
        self.watch_idle(protected)

    # -- protect, change, remove ------------------------------------------------------------

    @contextmanager
    def records_closed(self) -> Iterator[None]:
        """The records closed for a change (the window's lock goes with it), then opened again."""
        window = self.window
        window.wait_for_work()
        window.outside.stop()
        if window.db is not None:
            window.memory.set_last_person(window.switcher.current_key())
            db, window.db = window.db, None
            db.close()
        try:
            yield
        finally:
            window.open_again()  # the entries and the welcome page follow (`refresh`, from `attach`)

    def protect(self) -> None:
        from triallog.gui.dialogs.passphrase_dialogs import ProtectDialog

        dialog = ProtectDialog(self.folder, self._protect_now, self.window)
        dialog.exec()
        dialog.deleteLater()

    def _protect_now(self, passphrase: str) -> str:
        with self.records_closed():
            made = protection.protect(self.folder, passphrase, lock=self.window.lock)
            self.window.key = made.key
        self.window.statusBar().showMessage("Your records are protected by a passphrase.", 15000)
        return made.recovery_key

    def change(self, key: protection.Key | None = None) -> None:
        from triallog.gui.dialogs.passphrase_dialogs import ChangePassphraseDialog

        if self.window.read_only or self.window.db is None:
            return
        dialog = ChangePassphraseDialog(self.folder, self._change_now, self.window, key)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.window.statusBar().showMessage("The passphrase is changed.", 15000)
        dialog.deleteLater()

    def _change_now(self, key: protection.Key, new: str) -> None:
        with self.records_closed():
            protection.change(self.folder, key, new, lock=self.window.lock)
        if remembered.is_remembered(self.folder):  # the keyring remembers the passphrase in force
            remembered.remember(self.folder, new)

    def remove(self) -> None:
        from triallog.gui.dialogs.passphrase_dialogs import RemovePassphraseDialog

        dialog = RemovePassphraseDialog(self.folder, self._remove_now, self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.window.statusBar().showMessage("Your records are no longer protected by a passphrase.", 15000)
        dialog.deleteLater()

    def _remove_now(self, key: protection.Key) -> None:
        with self.records_closed():
            protection.unprotect(self.folder, key, lock=self.window.lock)
            self.window.key = None
            remembered.forget(self.folder)

    # -- the idle lock ----------------------------------------------------------------------

    def lock_after(self) -> int:
        minutes = self.window.memory.lock_after(DEFAULT_LOCK_MINUTES)
        return minutes if minutes in LOCK_CHOICES else DEFAULT_LOCK_MINUTES

    def set_lock_after(self, minutes: int) -> None:
        self.window.memory.set_lock_after(minutes)
        self.lock_actions[minutes].setChecked(True)
        self.watch_idle(protection.status(self.folder).protected)

    def watch_idle(self, protected: bool) -> None:
        """Count idle time while protected records are open (and a time is chosen); else not at all."""
        app = QApplication.instance()
        minutes = self.lock_after()
        if protected and minutes and not self.locked:
            if app is not None:
                app.removeEventFilter(self)
                app.installEventFilter(self)
            self.idle.start(minutes * 60_000)
        else:
            self.idle.stop()
            if app is not None:
                app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY and self.idle.isActive():
            self.idle.start()  # the person is here: the idle time starts again
        return False

    def lock_when_idle(self) -> None:
        """Lock now, unless a dialog is open or work is running: then look again a little later (a form's
        text is never closed under the person, and an import finishes first)."""
        if self.locked or self.window.db is None:
            return
        if self._dialog_open() or self.window.jobs.busy or self.window.backup_jobs.busy:
            self.idle.start(LOCK_RETRY_MS)
            return
        self.lock(idle=True)

    def _dialog_open(self) -> bool:
        return any(isinstance(w, QDialog) and w.isVisible() for w in QApplication.topLevelWidgets())

    def lock(self, idle: bool = False) -> None:
        """Close the records, take them off the screen, and ask for the passphrase again."""
        window = self.window
        if self.locked or window.db is None or not protection.status(self.folder).protected:
            return
        if self._dialog_open():  # a form open elsewhere stays open, with what is typed in it
            if not idle:
                window.statusBar().showMessage("Close the open window first: it may hold unsaved typing.", 10000)
            self.idle.start(LOCK_RETRY_MS)
            return
        self.locked = True
        self.watch_idle(False)
        window.wait_for_work()
        window.outside.stop()
        window.memory.set_last_person(window.switcher.current_key())
        db, window.db = window.db, None
        db.close()
        window.key = None
        window.forget_views()
        self.page = LockedPage(self.unlock_again, window.close, idle)
        window.setCentralWidget(self.page)
        # no menu entry or shortcut reaches the closed records (Quit is on the page)
        direct = Qt.FindChildOption.FindDirectChildrenOnly  # the menus' (a page's own go with the page)
        self.was_enabled = [action for action in window.findChildren(QAction, options=direct) if action.isEnabled()]
        for action in self.was_enabled:
            action.setEnabled(False)
        window.setWindowTitle("TrialLog — locked")
        self.page.setFocus()
        QTimer.singleShot(0, self.unlock_again)

    def unlock_again(self) -> None:
        if not self.locked or not self.ask(locked=True):
            return
        self.locked = False
        for action in self.was_enabled:
            with contextlib.suppress(RuntimeError):  # a View entry replaced meanwhile
                action.setEnabled(True)
        self.was_enabled = []
        self.window.open_again()
