"""File ▸ Export…: whom to export (everyone or one person), in which form, and whether encrypted."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from triallog.gui.text_size import fit_height
from triallog.gui.tones import ERROR_INK
from triallog.services.protection import check_passphrase


def people_count(n: int) -> str:
    return "1 person" if n == 1 else f"{n} people"


class ExportDialog(QDialog):
    """Whom to export (everyone or one person), in which form, and whether encrypted with a passphrase of its own
    (ticked at first when the records are protected)."""

    def __init__(self, names: list[str], current: str, parent: QWidget | None = None, protected: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.setMinimumWidth(460)
        self.everyone = QRadioButton(f"&Everyone ({people_count(len(names))})")
        self.one = QRadioButton("&Only:")
        self.names = QComboBox()
        self.names.addItems(names)
        self.names.setCurrentText(current or names[0])
        self.one.setChecked(True)
        self.one.toggled.connect(self.names.setEnabled)
        self.archive = QRadioButton("TrialLog &archive (.triallog): the whole record with its attached documents")
        self.json = QRadioButton("&JSON text file (.json): the record without attached documents")
        self.archive.setChecked(True)
        who, form = QGroupBox("Whom to export"), QGroupBox("File type")
        who_column, form_column = QVBoxLayout(who), QVBoxLayout(form)
        for widget in (self.one, self.names, self.everyone):
            who_column.addWidget(widget)
        form_column.addWidget(self.archive)
        form_column.addWidget(self.json)
        secret = self._encryption_box(protected)
        note = QLabel("The file holds private health information: keep it somewhere safe.")
        note.setWordWrap(True)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        box.addButton("Choose where to save…", QDialogButtonBox.ButtonRole.AcceptRole)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        for part in (who, form, secret, note, box):
            column.addWidget(part)
        self.archive.toggled.connect(self._form_changed)
        self._form_changed()

    def _encryption_box(self, protected: bool) -> QGroupBox:
        box = QGroupBox("Privacy")
        self.encrypt = QCheckBox("Encrypt with a &passphrase")
        self.encrypt.setChecked(protected)
        self.first, self.again = QLineEdit(), QLineEdit()
        for edit, name in ((self.first, "Passphrase for this file"), (self.again, "The same passphrase again")):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setAccessibleName(name)
        self.explain = QLabel(
            "Whoever opens the file needs this passphrase (not your records' own). Tell it to them another way "
            "than the file: by phone, not in the same email. A forgotten one cannot be recovered."
        )
        self.explain.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Passphrase problem")
        self.problem.setStyleSheet(f"color: {ERROR_INK};")
        self.problem.hide()
        fields = QFormLayout()
        fields.addRow("Passp&hrase:", self.first)
        fields.addRow("The same a&gain:", self.again)
        column = QVBoxLayout(box)
        column.addWidget(self.encrypt)
        column.addLayout(fields)
        column.addWidget(self.explain)
        column.addWidget(self.problem)
        self.encrypt.toggled.connect(self._form_changed)
        return box

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_height(self)  # the explanation wraps onto more lines in larger text

    def _form_changed(self, *_args: object) -> None:
        """Only an archive can be encrypted; the passphrase fields count only when it is."""
        self.encrypt.setEnabled(self.archive.isChecked())
        if not self.archive.isChecked():
            self.encrypt.setChecked(False)
        on = self.encrypt.isChecked()
        for widget in (self.first, self.again, self.explain):
            widget.setEnabled(on)
        self.problem.hide()

    def accept(self) -> None:
        problem = self.passphrase_problem()
        if problem:
            self.problem.setText(f"{problem[:1].upper()}{problem[1:]}.")
            self.problem.show()
            fit_height(self)  # room for the line, without squeezing the explanation above it
            self.first.setFocus()
            return
        super().accept()

    def passphrase_problem(self) -> str | None:
        if not self.encrypt.isChecked():
            return None
        if problem := check_passphrase(self.first.text()):
            return f"the passphrase {problem}"
        if self.again.text() != self.first.text():
            return "the two passphrases are not the same: type it again in both"
        return None

    def passphrase(self) -> str | None:
        """The export's own passphrase, when it is to be encrypted."""
        return self.first.text() if self.encrypt.isChecked() else None

    def person_name(self) -> str | None:
        return None if self.everyone.isChecked() else self.names.currentText()

    def suffix(self) -> str:
        return ".triallog" if self.archive.isChecked() else ".json"
