"""Remember the window's size and place, the person last shown and the text size, in the data folder's settings.ini."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

SETTINGS_NAME = "settings.ini"
DEFAULT_SIZE = (1100, 720)


class WindowMemory:
    """Kept beside the database (never the user's global config), so each data folder remembers its own."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / SETTINGS_NAME
        self.settings = QSettings(str(self.path), QSettings.Format.IniFormat)

    def restore_geometry(self, window: QWidget) -> None:
        """The size and place saved last time; otherwise a comfortable default, centred on the screen."""
        saved = self.settings.value("window/geometry")
        if isinstance(saved, QByteArray | bytes) and window.restoreGeometry(QByteArray(saved)):
            return
        screen = window.screen() or QGuiApplication.primaryScreen()
        width, height = DEFAULT_SIZE
        if screen is not None:
            room = screen.availableGeometry()
            # A small laptop screen must still show the whole window, title bar included.
            width = min(width, int(room.width() * 0.9))
            height = min(height, int(room.height() * 0.9))
            window.resize(width, height)
            frame = window.frameGeometry()
            frame.moveCenter(room.center())
            window.move(frame.topLeft())
        else:
            window.resize(width, height)

    def save_geometry(self, window: QWidget) -> None:
        self.settings.setValue("window/geometry", window.saveGeometry())
        self._write()

    def last_person(self) -> str | None:
        value = self.settings.value("window/last_person")
        return str(value) if value else None

    def set_last_person(self, key: str | None) -> None:
        """Noted at once, written with the window's size and place when it closes: a switch between
        people must not wait on the disk."""
        self.settings.setValue("window/last_person", key or "")

    def text_size(self) -> object:
        """The text size chosen last (a percent, as saved; `text_size.nearest_size` reads it), else None."""
        return self.settings.value("view/text_size")

    def set_text_size(self, percent: int) -> None:
        """Written at once: a larger text size is wanted from the next start even if this one ends badly."""
        self.settings.setValue("view/text_size", percent)
        self._write()

    def _write(self) -> None:
        self.settings.sync()
        # Which person was looked at last is private too: owner-only, like the database.
        if self.path.exists():
            os.chmod(self.path, 0o600)
