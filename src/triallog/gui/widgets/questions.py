"""Questions the window asks before something cannot be undone; the safe answer is always the default."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def ask(
    parent: QWidget | None,
    title: str,
    text: str,
    yes: str,
    no: str,
    detail: str = "",
    icon: QMessageBox.Icon = QMessageBox.Icon.Question,
    style: str = "",
) -> bool:
    """A yes/no question whose safe answer (`no`) is the default, also for Enter and Esc. `icon`: a warning
    for what cannot be taken back; `style`: a style sheet, for a question whose lines read better wider."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    if style:
        box.setStyleSheet(style)
    box.setTextFormat(Qt.TextFormat.PlainText)  # drug names are shown as typed, never as markup
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.button(QMessageBox.StandardButton.Yes).setText(yes)
    box.button(QMessageBox.StandardButton.No).setText(no)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setEscapeButton(QMessageBox.StandardButton.No)
    if detail:
        box.setInformativeText(detail)
    return QMessageBox.StandardButton(box.exec()) == QMessageBox.StandardButton.Yes


def ask_discard(parent: QWidget, noun: str) -> bool:
    """Ask before throwing typed text away; keeping it is the default (Enter and Esc keep it)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Discard changes?")
    box.setText(f"Discard what you typed for this {noun}?")
    box.setInformativeText("Your changes have not been saved.")
    discard = box.addButton("Discard changes", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("Keep editing", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is discard
