"""Start the window: QApplication and the main window, which opens the data folder once painted."""

from __future__ import annotations

import sys


def run(data_dir: str | None = None, exit_after_show: bool = False, exit_after_load: bool = False) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from triallog.gui.main_window import MainWindow
    from triallog.paths import data_dir as resolve_data_dir

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("TrialLog")
    app.setOrganizationName("TrialLog")
    folder = resolve_data_dir(data_dir)
    opened = []

    def open_db():  # type: ignore[no-untyped-def]
        from triallog.services.workspace import open_workspace

        db = open_workspace(folder)
        opened.append(db)
        return db

    window = MainWindow(data_dir=folder, open_db=open_db)

    def refuse(message: str) -> None:
        QMessageBox.critical(window, "TrialLog cannot open this data", message)
        app.exit(2)

    window.failed.connect(refuse)
    if exit_after_show:
        # Directly, not via a timer: the database opening already queued behind this frame must not run.
        window.painted.connect(app.quit)
    if exit_after_load:
        window.ready.connect(lambda: QTimer.singleShot(0, app.quit))
    window.show()
    code = app.exec()
    for db in opened:
        db.close()
    return code
