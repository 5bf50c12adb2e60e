"""The phone script for a case, to read from during a call: copy it or print it."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from triallog.gui.screen_room import resize_within_screen
from triallog.gui.widgets.labels import make_quiet


class PhoneScriptDialog(QDialog):
    """Shows the script read-only in a large, calm font, with Copy and Print…."""

    def __init__(self, script: str, title: str = "Phone script", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.script = script
        self.text = QPlainTextEdit(script)
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Phone script")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        font.setPointSizeF(max(font.pointSizeF(), 9.0) * 1.2)  # read while on hold, perhaps unwell: larger
        self.text.setFont(font)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.hint = make_quiet(QLabel("Have the insurance card and a pen ready. Nothing here is sent anywhere."))
        self.copied = make_quiet(QLabel())
        self.copy_button = QPushButton("&Copy")
        self.print_button = QPushButton("&Print…")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.copy)
        self.print_button.clicked.connect(self.print_script)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.copied)
        layout.addWidget(self.buttons)
        resize_within_screen(self, 760, 640)
        self.text.setFocus()

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.script)
        self.copied.setText("Copied. Paste it into an email or a note.")

    def document(self) -> QTextDocument:
        """The script as a printable document, in a plain readable font."""
        document = QTextDocument()
        document.setDefaultFont(QFont(self.text.font().family(), 11))
        document.setPlainText(self.script)
        return document

    def print_script(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print the phone script")
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.document().print_(printer)
