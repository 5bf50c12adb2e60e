"""A list page's search box: Ctrl+F finds it, Esc empties it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLineEdit, QWidget


def search_box(
    page: QWidget,
    placeholder: str,
    name: str,
    width: int,
    on_text: Callable[[str], object],
    on_find: Callable[[], object],
) -> QLineEdit:
    """The page's search box: Ctrl+F anywhere on the page calls `on_find`, Esc in the box empties it."""
    box = QLineEdit()
    box.setPlaceholderText(placeholder)
    box.setClearButtonEnabled(True)
    box.setAccessibleName(name)
    box.setMinimumWidth(width)
    box.textChanged.connect(on_text)
    find = QShortcut(QKeySequence.StandardKey.Find, page, on_find)
    find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    clear = QShortcut(QKeySequence(Qt.Key.Key_Escape), box, box.clear)
    clear.setContext(Qt.ShortcutContext.WidgetShortcut)
    return box
