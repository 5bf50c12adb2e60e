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
    """The page's search box: Ctrl+F anywhere in the window, while the page is shown, calls `on_find`;
    Esc in the box empties it."""
    box = QLineEdit()
    box.setPlaceholderText(placeholder)
    box.setClearButtonEnabled(True)
    box.setAccessibleName(name)
    box.setMinimumWidth(width)
    box.textChanged.connect(on_text)
    find = QShortcut(QKeySequence.StandardKey.Find, page, on_find)
    # From anywhere in the window, no click into the page first; only the shown page answers (Qt ignores
    # the shortcuts of hidden widgets), so each list page's Ctrl+F finds its own box.
    find.setContext(Qt.ShortcutContext.WindowShortcut)
    clear = QShortcut(QKeySequence(Qt.Key.Key_Escape), box, box.clear)
    clear.setContext(Qt.ShortcutContext.WidgetShortcut)
    return box
