"""A line of text that opens what it names: a wrapped sentence that works as a button (Tab reaches it,
Enter or Space opens it, a screen reader reads it whole and says where it leads)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

#: underlined in the link colour, so it reads as a link in any theme; the keyboard focus is framed
LINK_STYLE = (
    "QPushButton#link-line { border: 2px solid transparent; border-radius: 4px; background: transparent;"
    " text-align: left; padding: 0; }"
    " QPushButton#link-line:hover { background: palette(alternate-base); }"
    " QPushButton#link-line:focus { border-color: palette(highlight); }"
    " QPushButton#link-line QLabel { color: palette(link); background: transparent; }"
)


class LinkLine(QPushButton):
    """`LinkLine(text, where)`: `clicked` fires on a click, Enter or Space; `where` says where it leads
    (its tooltip and accessible description)."""

    def __init__(self, text: str, where: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("link-line")
        self.setStyleSheet(LINK_STYLE)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.label = QLabel(text)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # names and notes are shown as typed, never as markup
        self.label.setWordWrap(True)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        font = self.label.font()
        font.setUnderline(True)
        self.label.setFont(font)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        row.addWidget(self.label)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)  # a long sentence wraps onto more lines in a narrow window
        self.setSizePolicy(policy)
        self.setAccessibleName(text)
        self.setAccessibleDescription(where)
        self.setToolTip(where)

    def text_shown(self) -> str:
        return self.label.text()

    def sizeHint(self) -> QSize:
        layout = self.layout()
        return layout.totalSizeHint() if layout is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        layout = self.layout()
        return layout.totalMinimumSize() if layout is not None else super().minimumSizeHint()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # A push button outside a dialog ignores Enter; a link opens with it.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.isAutoRepeat():
            self.click()
            return
        super().keyPressEvent(event)
