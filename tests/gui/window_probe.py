"""Open the window as `triallog gui --exit-after-load` does, grab what the screen shows, and say what it found.

Run in a process of its own (the platform plugin, X11 or offscreen, and the fonts are chosen once per
process): `python -m tests.gui.window_probe DATA_DIR OUT.png [--without-shipped-fonts]`. Prints one JSON
object: the platform, the desktop file name, whether the window has an icon, and for the labels shown
(the welcome page's), whether every character of them is in the font they are drawn with.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFontDatabase, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel


def main(argv: list[str]) -> int:
    folder, out = argv[0], Path(argv[1])
    if "--without-shipped-fonts" in argv:  # the yardstick: what the same machine shows without them
        from triallog.gui import desktop

        desktop.register_fonts = lambda names=None: []
    from triallog.gui.app import run
    from triallog.gui.main_window import MainWindow

    QApplication(sys.argv[:1])
    found: dict[str, Any] = {}

    def look(window: MainWindow) -> None:
        screen = window.screen()
        top_left = window.frameGeometry().topLeft()
        grab = screen.grabWindow(0, top_left.x(), top_left.y(), window.frameSize().width(), window.frameSize().height())
        grab.save(str(out))
        texts = [w.text() for w in window.findChildren(QLabel) if w.isVisible() and w.text()]
        texts += [b.text().replace("&", "") for b in window.findChildren(QAbstractButton) if b.isVisible() and b.text()]
        metrics = QFontMetrics(window.font())
        found.update(
            platform=QGuiApplication.platformName(),
            desktop_file_name=QGuiApplication.desktopFileName(),
            icon=not QGuiApplication.windowIcon().isNull() and not window.windowIcon().isNull(),
            icon_sizes=[size.width() for size in QGuiApplication.windowIcon().availableSizes()],
            texts=texts,
            missing_glyphs=sorted({c for text in texts for c in text if not c.isspace() and not metrics.inFont(c)}),
            grab=[grab.width(), grab.height()],
            families=QFontDatabase.families(),
        )

    def watch() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        if not windows:
            QTimer.singleShot(10, watch)
            return
        windows[0].ready.connect(lambda: look(windows[0]))  # before `run` quits, which it does after `ready`

    QTimer.singleShot(0, watch)
    code = run(folder, exit_after_load=True)
    print(json.dumps(found))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
