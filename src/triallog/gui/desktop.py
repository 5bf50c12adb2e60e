"""How the window presents itself to the desktop: its application id, its icon, and the fonts it ships.

The fonts matter on a machine with none installed (a minimal system, a container, a fresh bundle): Qt
then draws every letter as a box. The shipped DejaVu Sans is registered before the first frame, which
shows one line of it; the rest (bold, oblique, and the 4 MB Chinese and Japanese fallback) once that
frame is on screen, before the records are shown.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFontDatabase, QGuiApplication

from triallog import APP_ID

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

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
    from PySide6.QtGui import QIcon

    return QIcon(str(_resources() / "icons" / f"{APP_ID}.svg"))


def register_fonts(names: tuple[str, ...] | None = None) -> list[str]:
    """Register the shipped TrueType fonts (those named, else every one not yet registered) with Qt; returns
    the families added. A font already installed on the system is simply found twice."""
    added = []
    for path in sorted((_resources() / "fonts").glob("*.ttf")):
        if (names is not None and path.name not in names) or path.name in _registered:
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            _registered.add(path.name)
            added += QFontDatabase.applicationFontFamilies(font_id)
    return added


def _resources() -> Path:
    """The folder of `triallog.resources`: what `importlib.resources.files` gives for it (a package on disk,
    installed, editable or frozen), without importing `importlib.resources`, which costs 5 ms before the
    first frame."""
    import importlib.util  # (already imported by Python's own start)

    spec = importlib.util.find_spec("triallog.resources")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("No module named 'triallog.resources'", name="triallog.resources")
    return Path(next(iter(spec.submodule_search_locations)))


_registered: set[str] = set()
