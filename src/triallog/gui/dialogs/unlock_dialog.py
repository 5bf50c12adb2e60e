"""Ask for the passphrase that opens protected records (at start, and after the window locked itself).

A wrong passphrase is said plainly and the person tries again, as often as they like: there is no
lock-out, which would only shut a person out of their own records. A forgotten passphrase has one way in,
the recovery key. "Remember on this computer" keeps the passphrase in the keyring, only when ticked.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from triallog.gui.accessible import name_by_labels
from triallog.gui.forms import ERROR_STYLE
from triallog.gui.text_size import fit_height
from triallog.services import protection, remembered

WRONG_PASSPHRASE = "That passphrase does not open your records. Check Caps Lock, then try again."
WRONG_RECOVERY_KEY = "That recovery key does not open your records. Check each group of four, then try again."
REMEMBER_MEANS = (
    "The computer's keyring keeps the passphrase, and TrialLog opens without asking. Anyone who can "
    "log in to this computer account can then open your records too."
)


def passphrase_field() -> QLineEdit:
    """A line that shows dots, not the passphrase, and is never offered to a clipboard manager as text."""
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMinimumWidth(280)
    return field


def error_line() -> QLabel:
    """A hidden line for what went wrong, said in words (not by colour alone) and read by a screen reader."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.setAccessibleName("Problem")
    label.hide()
    return label


def say(label: QLabel, text: str) -> None:
    """`text` in the problem line (hidden when empty), the dialog grown to show all of its lines."""
    label.setText(text)
    label.setVisible(bool(text))
    dialog = label.window()
    if dialog.isVisible() and dialog.layout() is not None:
        dialog.layout().activate()  # type: ignore[union-attr]
        fit_height(dialog)


class UnlockDialog(QDialog):
    """The passphrase (or the recovery key) for the records in `folder`; `key` once they open.

    `locked`: the window locked itself while idle (the words say so); else this is the start."""

    def __init__(self, folder: Path, parent: QWidget | None = None, locked: bool = False) -> None:
        super().__init__(parent)
        self.folder = Path(folder)
        self.key: protection.Key | None = None
        #: the records were opened with the recovery key: the window offers a new passphrase
        self.recovered = False
        #: "Remember on this computer" was ticked, but the keyring would not keep it
        self.refused_by_keyring = False
        self.setWindowTitle("Unlock your records")
        first = "Your records are locked." if locked else "Your records are protected."
        self.intro = QLabel(f"{first} Type your passphrase to open them.")
        self.intro.setWordWrap(True)
        self.secret = passphrase_field()
        self.secret_label = QLabel("&Passphrase:")
        self.secret_label.setBuddy(self.secret)
        self.remember = QCheckBox("&Remember on this computer")
        self.remember_note = QLabel(REMEMBER_MEANS)
        self.remember_note.setWordWrap(True)
        self.remember.setAccessibleDescription(REMEMBER_MEANS)
        offered = remembered.available()
        self.remember.setVisible(offered)
        self.remember_note.setVisible(offered)
        self.problem = error_line()
        self.recovery_button = QPushButton("Use the recovery &key…")
        self.recovery_button.setAutoDefault(False)
        self.recovery_button.clicked.connect(self.use_recovery_key)
        form = QFormLayout()
        form.addRow(self.secret_label, self.secret)
        buttons = QDialogButtonBox()
        self.open_button = buttons.addButton("&Open", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setDefault(True)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(self.recovery_button, QDialogButtonBox.ButtonRole.HelpRole)
        buttons.accepted.connect(self.try_to_open)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.intro)
        column.addLayout(form)
        column.addWidget(self.problem)
        column.addWidget(self.remember)
        column.addWidget(self.remember_note)
        column.addSpacing(6)
        column.addWidget(buttons)
        self.setMinimumWidth(480)
        name_by_labels(self)
        self.secret.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_height(self)  # the wrapped lines whole, in larger text too

    def use_recovery_key(self) -> None:
        """The recovery key instead of the passphrase: it is typed as written down, in plain sight."""
        self.recovered = True
        self.intro.setText(
            "Type the recovery key you kept when the passphrase was set: eight groups of four letters and "
            "digits. Dashes, spaces and capitals do not matter."
        )
        self.secret_label.setText("Recovery &key:")
        self.secret.setAccessibleName("Recovery key")
        self.secret.clear()
        self.secret.setEchoMode(QLineEdit.EchoMode.Normal)
        self.secret.setPlaceholderText("ABCD-EFGH-…")
        for widget in (self.remember, self.remember_note, self.recovery_button):
            widget.hide()
        self.remember.setChecked(False)
        say(self.problem, "")
        self.secret.setFocus()

    def try_to_open(self) -> None:
        secret = self.secret.text()
        if not secret:
            say(self.problem, "Type the recovery key first." if self.recovered else "Type your passphrase first.")
            self.secret.setFocus()
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # the key derivation takes a moment
        try:
            key = protection.recover(self.folder, secret) if self.recovered else protection.unlock(self.folder, secret)
        except protection.WrongPassphrase:
            say(self.problem, WRONG_RECOVERY_KEY if self.recovered else WRONG_PASSPHRASE)
            self.secret.selectAll()
            self.secret.setFocus()
            return
        except protection.ProtectionError as error:  # vault.json gone or damaged: what it says, plainly
            say(self.problem, str(error))
            return
        finally:
            QApplication.restoreOverrideCursor()
        if self.remember.isChecked():
            self.refused_by_keyring = not remembered.remember(self.folder, secret)  # opened all the same
        self.key = key
        self.secret.clear()  # not kept in the widget any longer than needed
        self.accept()


@dataclass(frozen=True)
class Unlocked:
    key: protection.Key
    #: opened with the recovery key: the window offers to choose a new passphrase
    recovered: bool = False
    refused_by_keyring: bool = False


def ask_for_key(folder: Path, parent: QWidget | None = None, locked: bool = False) -> Unlocked | None:
    """Ask until the records open, or None when the person cancelled."""
    dialog = UnlockDialog(folder, parent, locked)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    key, recovered, refused = dialog.key, dialog.recovered, dialog.refused_by_keyring
    dialog.deleteLater()
    return Unlocked(key, recovered, refused) if accepted and key is not None else None
