"""Render the application icon (resources/icons/APP_ID.svg) into the PNG sizes Linux desktops look up.

Run by the build, with a Python that has PySide6 (the rendered files are not kept in git):

    python installers/linux/render_icons.py [OUT]     # default OUT: build/icons

writes OUT/hicolor/NxN/apps/APP_ID.png for each size below and OUT/hicolor/scalable/apps/APP_ID.svg, the
layout of the freedesktop icon theme, to be copied under ~/.local/share/icons or /usr/share/icons as it is.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: the sizes of the hicolor theme that desktops ask for (menus 16-24, launchers 32-64, stores 128-512)
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def app_id() -> str:
    try:
        import triallog
    except ImportError:  # run from a checkout whose package is not installed
        sys.path.insert(0, str(ROOT / "src"))
        import triallog
    return triallog.APP_ID


def render(out: Path) -> list[Path]:
    """Every PNG (and the SVG itself) under `out`, in the hicolor layout; returns the files written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    name = app_id()
    svg = ROOT / "resources" / "icons" / f"{name}.svg"
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    written = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        target = out / "hicolor" / f"{size}x{size}" / "apps" / f"{name}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target), "PNG"):
            raise SystemExit(f"{target}: could not be written")
        written.append(target)
    scalable = out / "hicolor" / "scalable" / "apps" / f"{name}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(svg, scalable)
    return [*written, scalable]


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "build" / "icons"
    written = render(out)
    print(f"{len(written)} icons in {out}/hicolor ({', '.join(str(size) for size in SIZES)} px and scalable)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
