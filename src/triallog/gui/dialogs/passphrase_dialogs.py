"""File ▸ Protect with a passphrase…, Change the passphrase…, Remove the passphrase….

Each dialog asks, checks what was typed, then hands the work to the window (`act`), which closes the
records, lets the folder's lock pass to the change, and opens them again. Protecting first says in plain
words that a forgotten passphrase cannot be recovered without the recovery key, then shows that key once,
with ways to keep it (a file, paper), and closes only once the person says it is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from triallog.domain.errors import ValidationError
from triallog.gui.accessible import name_by_labels
from triallog.gui.dialogs.unlock_dialog import WRONG_PASSPHRASE, error_line, passphrase_field, say
from triallog.gui.errors import show_failure
from triallog.gui.text_size import fit_height
from triallog.gui.widgets.labels import scaled_font
from triallog.services import protection

CANNOT_BE_RECOVERED = (
    "If you forget the passphrase, nobody can open your records: not TrialLog, not its makers. The only "
    "other way in is a recovery key, which TrialLog shows you once, next. Print it or save it somewhere "
    "away from this computer."
)
DIFFERENT = "The two passphrases are not the same. Type the new one twice, the same way."


def recovery_sheet(folder: Path, recovery_key: str, made: date) -> str:
    """What is printed or saved with the recovery key: what it opens and how to use it."""
    return (
        "TrialLog recovery key\n\n"
        f"    {recovery_key}\n\n"
        f"It opens the TrialLog records in {folder} (made {made.isoformat()}) when the passphrase is "
        "forgotten: in the window, choose \u201cUse the recovery key\u2026\u201d when TrialLog asks for the "
        "passphrase; at the command line, triallog passphrase change --recovery-key.\n\n"
        "Keep it away from the computer, somewhere only you can reach. Anyone holding it can open the records.\n"
    )


class PassphraseForm(QDialog):
    """What the three dialogs share: an explanation, passphrase fields in a form, a problem line and the
    button that acts. `act` does the change; a ValidationError it raises is said in the problem line, any
    other failure in a message, and the dialog stays open with what was typed."""

    def __init__(self, title: str, intro: str, action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(500)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.form = QFormLayout()
        self.problem = error_line()
        self.buttons = QDialogButtonBox()
        self.act_button = self.buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.act_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.attempt)
        self.buttons.rejected.connect(self.reject)
        self.body = QWidget()
        column = QVBoxLayout(self.body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.intro)
        column.addLayout(self.form)
        column.addWidget(self.problem)
        column.addWidget(self.buttons)

    def field(self, caption: str) -> QLineEdit:
        field = passphrase_field()
        label = QLabel(caption)
        label.setBuddy(field)
        self.form.addRow(label, field)
        return field

    def attempt(self) -> None:
        say(self.problem, "")
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.act()
        except ValidationError as error:
            say(self.problem, "; ".join(problem.rule for problem in error.problems).capitalize() + ".")
            return
        except protection.WrongPassphrase:
            say(self.problem, WRONG_PASSPHRASE)
            return
        except Exception as error:
            QApplication.restoreOverrideCursor()
            show_failure(self, self.folder, error, "Nothing was changed")
            return
        finally:
            if QApplication.overrideCursor() is not None:
                QApplication.restoreOverrideCursor()
        self.done_acting()

    folder: Path

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_height(self)  # the wrapped lines whole, in larger text too

    def act(self) -> None:
        raise NotImplementedError

    def done_acting(self) -> None:
        self.accept()

    def new_passphrase(self, new: QLineEdit, again: QLineEdit) -> str:
        """The new passphrase, typed the same twice and long enough (else a ValidationError to say)."""
        if problem := protection.check_passphrase(new.text()):
            new.setFocus()
            raise ValidationError("passphrase", problem)
        if new.text() != again.text():
            again.selectAll()
            again.setFocus()
            raise ValidationError("passphrase", DIFFERENT.rstrip(".").lower())
        return new.text()

    def current_key(self, current: QLineEdit) -> protection.Key:
        """The key the current passphrase opens (WrongPassphrase otherwise): the change is the owner's."""
        try:
            return protection.unlock(self.folder, current.text())
        except protection.WrongPassphrase:
            current.selectAll()
            current.setFocus()
            raise

    def clear_secrets(self) -> None:
        for field in self.findChildren(QLineEdit):
            field.clear()


class ProtectDialog(PassphraseForm):
    """Explain, ask for the passphrase twice, protect (`protect(passphrase) -> recovery key`, the window's),
    then show the recovery key once until the person ticks that they kept it."""

    def __init__(self, folder: Path, protect: Callable[[str], str], parent: QWidget | None = None) -> None:
        super().__init__(
            "Protect with a passphrase",
            "Your records and their backups will be encrypted on this computer, and TrialLog will ask for the "
            "passphrase each time it opens them. Choose one you will remember: a few unrelated words make a "
            "good one.",
            "&Protect",
            parent,
        )
        self.folder = Path(folder)
        self._protect = protect
        self.recovery_key = ""
        warning = QLabel(CANNOT_BE_RECOVERED)
        warning.setWordWrap(True)
        warning.setFont(scaled_font(warning, 1.0, bold=True))
        self.body.layout().insertWidget(1, warning)  # type: ignore[union-attr]
        self.new = self.field("&New passphrase:")
        self.again = self.field("&Type it again:")
        self.pages = QStackedWidget()
        self.pages.addWidget(self.body)
        self.pages.addWidget(self._key_page())
        column = QVBoxLayout(self)
        column.addWidget(self.pages)
        name_by_labels(self)
        self.new.setFocus()

    def _key_page(self) -> QWidget:
        page = QWidget()
        heading = QLabel("Your records are protected. Keep this recovery key.")
        heading.setFont(scaled_font(heading, 1.2, bold=True))
        heading.setWordWrap(True)
        self.key_label = QLabel()
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setAccessibleName("Recovery key")
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(QFont(self.font()).pointSizeF() * 1.3)
        self.key_label.setFont(mono)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setWordWrap(False)  # one line: a key split at a dash is easily copied wrong
        said = QLabel(
            "It opens your records if the passphrase is forgotten. It is shown only now: save it to a file "
            "you keep elsewhere (a USB stick), or print it, or write it down, and keep it away from this computer."
        )
        said.setWordWrap(True)
        self.save_button = QPushButton("Save to &file…")
        self.print_button = QPushButton("P&rint…")
        self.save_button.clicked.connect(self.save_key)
        self.print_button.clicked.connect(self.print_key)
        self.kept = QCheckBox("I have &kept it somewhere safe")
        self.close_button = QPushButton("&Close")
        self.close_button.setEnabled(False)
        self.kept.toggled.connect(self.close_button.setEnabled)
        self.close_button.clicked.connect(self.accept)
        row = QDialogButtonBox()
        row.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        row.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        row.addButton(self.close_button, QDialogButtonBox.ButtonRole.AcceptRole)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        for widget in (heading, self.key_label, said, self.kept, row):
            column.addWidget(widget)
        return page

    def act(self) -> None:
        passphrase = self.new_passphrase(self.new, self.again)
        self.recovery_key = self._protect(passphrase)

    def done_acting(self) -> None:
        self.clear_secrets()
        self.key_label.setText(self.recovery_key)
        self.pages.setCurrentIndex(1)
        self.setWindowTitle("Keep your recovery key")
        fit_height(self)
        self.save_button.setFocus()

    def reject(self) -> None:
        """Once protected, the dialog closes only when the key is kept (Esc and the title bar's X wait too)."""
        if self.pages.currentIndex() == 1 and not self.kept.isChecked():
            self.kept.setFocus()
            return
        super().reject()

    def sheet(self) -> str:
        return recovery_sheet(self.folder, self.recovery_key, date.today())

    def save_key(self) -> None:
        from triallog.gui.file_places import start_folder

        suggested = str(start_folder() / "TrialLog recovery key.txt")
        path, _ = QFileDialog.getSaveFileName(self, "Save the recovery key", suggested, "Text file (*.txt)")
        if not path:
            return
        try:
            Path(path).write_text(self.sheet(), encoding="utf-8")
        except OSError as error:
            show_failure(self, Path(path).parent, error, "The recovery key was not saved")
            return
        self.kept.setFocus()

    def print_key(self) -> None:
        from PySide6.QtGui import QTextDocument
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        chooser = QPrintDialog(printer, self)
        if chooser.exec() != QDialog.DialogCode.Accepted:
            return
        document = QTextDocument()
        document.setPlainText(self.sheet())
        document.print_(printer)
        self.kept.setFocus()


class ChangePassphraseDialog(PassphraseForm):
    """The current passphrase (not asked when the records were just opened with the recovery key, `key`),
    then the new one twice; `change(key, new)` is the window's."""

    def __init__(
        self,
        folder: Path,
        change: Callable[[protection.Key, str], None],
        parent: QWidget | None = None,
        key: protection.Key | None = None,
    ) -> None:
        stays = "The recovery key stays the same, and still opens your records."
        intro = f"Type the passphrase you use now, then the new one twice. {stays}"
        if key is not None:
            intro = f"You opened your records with the recovery key. Choose a new passphrase. {stays}"
        super().__init__("Change the passphrase", intro, "C&hange", parent)
        self.folder = Path(folder)
        self._change = change
        self._key = key
        self.current = None if key is not None else self.field("&Current passphrase:")
        self.new = self.field("&New passphrase:")
        self.again = self.field("&Type it again:")
        QVBoxLayout(self).addWidget(self.body)
        name_by_labels(self)
        (self.current or self.new).setFocus()

    def act(self) -> None:
        key = self.current_key(self.current) if self.current is not None else self._key
        assert key is not None  # (given when there is no field for the current passphrase)
        new = self.new_passphrase(self.new, self.again)
        self._change(key, new)
        self.clear_secrets()


class RemovePassphraseDialog(PassphraseForm):
    """Say what removing protection means, ask for the current passphrase; `remove(key)` is the window's."""

    def __init__(self, folder: Path, remove: Callable[[protection.Key], None], parent: QWidget | None = None) -> None:
        super().__init__(
            "Remove the passphrase",
            "Your records will be stored unencrypted on this computer again: anyone who can use this computer "
            "account can read them. Backups made while they were protected stay protected, and open with "
            "today's passphrase.",
            "&Remove the passphrase",
            parent,
        )
        self.folder = Path(folder)
        self._remove = remove
        self.current = self.field("&Current passphrase:")
        QVBoxLayout(self).addWidget(self.body)
        name_by_labels(self)
        self.current.setFocus()

    def act(self) -> None:
        key = self.current_key(self.current)
        self._remove(key)
        self.clear_secrets()
