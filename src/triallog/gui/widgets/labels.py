"""Labels the window shares: quiet hints, headings that follow the user's text size, plain-text lines."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QLabel, QWidget


def make_quiet(label: QLabel) -> QLabel:
    """Grey a hint label, yet keep it readable in light and dark themes (placeholder grey is too faint)."""
    palette = label.palette()
    text, base = palette.color(QPalette.ColorRole.WindowText), palette.color(QPalette.ColorRole.Window)
    mixed = QColor(
        round(text.red() * 0.7 + base.red() * 0.3),
        round(text.green() * 0.7 + base.green() * 0.3),
        round(text.blue() * 0.7 + base.blue() * 0.3),
    )
    palette.setColor(QPalette.ColorRole.WindowText, mixed)
    label.setPalette(palette)
    label.setWordWrap(True)
    return label


def scaled_font(widget: QWidget, factor: float, bold: bool = True) -> QFont:
    """The widget's own font, larger: headings follow the user's chosen text size."""
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    return font


def text_label(text: str = "", selectable: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # names and notes are shown as typed, never as markup
    if selectable:  # member ids and phone numbers get copied into forms and calls
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def hint_label(text: str = "") -> QLabel:
    """Guidance where something is empty: full-contrast text, since grey is hard to read for tired eyes."""
    label = text_label(text, selectable=False)
    label.setObjectName("hint")
    return label


def heading_label(text: str) -> QLabel:
    """A bold line of plain text (a name may hold `<`), wrapped."""
    heading = QLabel(text)
    heading.setTextFormat(Qt.TextFormat.PlainText)
    heading.setWordWrap(True)
    font = heading.font()
    font.setBold(True)
    heading.setFont(font)
    return heading
