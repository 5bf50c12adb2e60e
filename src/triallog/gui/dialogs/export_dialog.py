"""File ▸ Export…: whom to export (everyone or one person) and in which form."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)


def people_count(n: int) -> str:
    return "1 person" if n == 1 else f"{n} people"


class ExportDialog(QDialog):
    """Whom to export (everyone or one person) and in which form."""

    def __init__(self, names: list[str], current: str, parent: QWidget | None = None) -> None:
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
        note = QLabel("The file holds private health information: keep it somewhere safe.")
        note.setWordWrap(True)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        box.addButton("Choose where to save…", QDialogButtonBox.ButtonRole.AcceptRole)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        for part in (who, form, note, box):
            column.addWidget(part)

    def person_name(self) -> str | None:
        return None if self.everyone.isChecked() else self.names.currentText()

    def suffix(self) -> str:
        return ".triallog" if self.archive.isChecked() else ".json"
