"""Start the window: QApplication, the workspace, the main window."""

from __future__ import annotations

import sys


def run(data_dir: str | None = None, exit_after_show: bool = False) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from triallog.services.workspace import DatabaseTooNew, open_workspace

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("TrialLog")
    app.setOrganizationName("TrialLog")
    try:
        db = open_workspace(data_dir)
    except DatabaseTooNew as error:
        QMessageBox.critical(None, "TrialLog cannot open this data", str(error))
        return 2
    from triallog.gui.main_window import MainWindow

    window = MainWindow(db)
    window.show()
    if exit_after_show:
        window.painted.connect(lambda: QTimer.singleShot(0, app.quit))
    code = app.exec()
    db.close()
    return code
