"""Pieces every list page shares: the empty page (heading, sentence, one button) and the search box."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from triallog.gui.widgets.labels import scaled_font


class EmptyPage(QWidget):
    """`title` and `text` are filled by the view (they depend on who is chosen); `button` starts the list."""

    def __init__(self, button_text: str, on_click: Callable[[], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = _plain()
        self.title.setFont(scaled_font(self, 1.3))
        self.text = _plain()
        self.button = QPushButton(button_text)
        self.button.clicked.connect(on_click)
        box = QWidget()
        box.setMaximumWidth(600)
        column = QVBoxLayout(box)
        column.addStretch(1)
        column.addWidget(self.title)
        column.addWidget(self.text)
        column.addSpacing(12)
        column.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addStretch(2)
        layout = QHBoxLayout(self)
        # The text takes most of a narrow window and at most a readable line's width of a wide one.
        layout.addStretch(1)
        layout.addWidget(box, 4)
        layout.addStretch(1)


def _plain() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # names and drugs are shown as typed, never as markup
    label.setWordWrap(True)
    return label
