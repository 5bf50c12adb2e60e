"""Remember the window's size and place, the person last shown and the text size, in the data folder's settings.ini."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QSize
from PySide6.QtWidgets import QWidget

from triallog.gui.screen_room import centre_comfortably, fits_on_screen

SETTINGS_NAME = "settings.ini"
DEFAULT_SIZE = (1100, 720)


class WindowMemory:
    """Kept beside the database (never the user's global config), so each data folder remembers its own."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / SETTINGS_NAME
        self.settings = QSettings(str(self.path), QSettings.Format.IniFormat)

    def restore_geometry(self, window: QWidget) -> None:
        """The size and place saved last time, if they still fit the screen; otherwise a comfortable
        default, centred on the screen (a small laptop screen still shows the whole window, title bar included)."""
        saved = self.settings.value("window/geometry")
        if isinstance(saved, QByteArray | bytes) and window.restoreGeometry(QByteArray(saved)):
            left = self.settings.value("window/size")
            shrunk = isinstance(left, QSize) and (window.width() < left.width() or window.height() < left.height())
            if window.isMaximized() or window.isFullScreen() or (fits_on_screen(window) and not shrunk):
                return
            # Left on a larger screen (Qt shrank it to this one's very edges), or on one no longer there:
            # the size it had, as far as a comfortable share of this screen allows, centred.
            wanted = left if isinstance(left, QSize) else window.size()
            centre_comfortably(window, wanted.width(), wanted.height())
            return
        centre_comfortably(window, *DEFAULT_SIZE)

    def save_geometry(self, window: QWidget) -> None:
        self.settings.setValue("window/geometry", window.saveGeometry())
        # The size it was left at, to tell next time whether this screen can hold it (not when maximized).
        self.settings.setValue("window/size", window.normalGeometry().size())
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

    def lock_after(self, default: int) -> int:
        """Minutes idle before protected records lock (0: never), as chosen last, else `default`."""
        value = self.settings.value("protection/lock_after_minutes", default)
        try:
            return int(str(value))
        except ValueError:
            return default

    def set_lock_after(self, minutes: int) -> None:
        self.settings.setValue("protection/lock_after_minutes", minutes)
        self._write()

    def _write(self) -> None:
        self.settings.sync()
        # Which person was looked at last is private too: owner-only, like the database.
        if self.path.exists():
            os.chmod(self.path, 0o600)
