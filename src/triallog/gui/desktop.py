"""How the window presents itself to the desktop: its application id, its icon, and the fonts it ships.

The fonts matter on a machine with none installed (a minimal system, a container, a fresh bundle): Qt
then draws every letter as a box. The shipped DejaVu Sans is registered before the first frame, which
shows one line of it; the rest (bold, oblique, and the 4 MB Chinese and Japanese fallback) once that
frame is on screen, before the records are shown.
"""

from __future__ import annotations

from importlib.resources import as_file, files

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFontDatabase, QGuiApplication, QIcon

from triallog import APP_ID

#: what the first frame ("Opening your records…") is drawn with
FIRST_FRAME_FONTS = ("DejaVuSans.ttf",)


def introduce(app: QCoreApplication) -> None:
    """Before the window is made: its names for the desktop (the .desktop file it belongs to, which is how
    a Wayland compositor finds its icon and name) and the font of its first frame."""
    app.setApplicationName("TrialLog")
    app.setOrganizationName("TrialLog")
    QGuiApplication.setDesktopFileName(APP_ID)
    register_fonts(FIRST_FRAME_FONTS)


def finish() -> None:
    """After the first frame: the icon (its SVG engine costs start-up time) and every other shipped font."""
    QGuiApplication.setWindowIcon(application_icon())
    register_fonts()


def application_icon() -> QIcon:
    """TrialLog's icon, drawn from its SVG at whatever size is asked (16 px in a menu, 512 in a store)."""
    with as_file(files("triallog.resources.icons") / f"{APP_ID}.svg") as path:
        return QIcon(str(path))


def register_fonts(names: tuple[str, ...] | None = None) -> list[str]:
    """Register the shipped TrueType fonts (those named, else every one not yet registered) with Qt; returns
    the families added. A font already installed on the system is simply found twice."""
    added = []
    for entry in sorted(files("triallog.resources.fonts").iterdir(), key=lambda entry: entry.name):
        if not entry.name.endswith(".ttf") or (names is not None and entry.name not in names):
            continue
        if entry.name in _registered:
            continue
        with as_file(entry) as path:
            font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            _registered.add(entry.name)
            added += QFontDatabase.applicationFontFamilies(font_id)
    return added


_registered: set[str] = set()
