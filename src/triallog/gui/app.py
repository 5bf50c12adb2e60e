"""Start the window: hold the data folder (one window each), then open the records once painted.

The order matters. The folder lock comes first: a second window must not clean up or migrate what the
first one is using. Then the window paints, and only then is the database opened; whatever goes wrong
there is a dialog (`opening`), never an endless "Opening your records…" or a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from triallog.gui.main_window import MainWindow
    from triallog.storage.lock import FolderLock


def run(data_dir: str | None = None, exit_after_show: bool = False, exit_after_load: bool = False) -> int:
    from PySide6.QtCore import QCoreApplication, QEvent, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from triallog.gui import desktop
    from triallog.gui.main_window import MainWindow
    from triallog.paths import data_dir as resolve_data_dir

    app = QApplication.instance() or QApplication(sys.argv)
    desktop.introduce(app)
    folder = resolve_data_dir(data_dir)
    window: MainWindow | None = None
    previous_hook = sys.excepthook
    try:
        try:
            lock: FolderLock | None
            lock = hold_folder(folder)
            held = lock.acquire()
        except Exception as error:  # a folder TrialLog may not use: said plainly, never a traceback
            from triallog.gui.opening import say_cannot_open  # (only now: it costs start-up time)

            return say_cannot_open(None, folder, error)
        read_only = not held
        if read_only:
            if not _second_window_chooses_read_only(folder):
                return 0
            lock = None
        opened = []

        def open_db():  # type: ignore[no-untyped-def]
            from triallog.services.workspace import open_workspace

            db = open_workspace(folder, read_only=read_only, key=window.key if window is not None else None)
            opened.append(db)
            return db

        window = MainWindow(data_dir=folder, open_db=open_db, read_only=read_only, lock=lock)

        def refuse(message: str) -> None:
            QMessageBox.critical(window, "TrialLog cannot open this data", message)
            app.exit(2)

        def cannot_open(error: BaseException) -> None:
            try:
                from triallog.gui.opening import settle_open_failure
            except ImportError as missing:  # what offers the backups is itself missing: say so, and quit
                from triallog.gui.errors import show_failure

                show_failure(window, folder, missing, first="Your records could not be opened.")
                app.exit(1)
                return
            code = settle_open_failure(window, folder, error, lock, window.open_again)
            if code is not None:
                app.exit(code)

        def catch_what_slots_raise() -> None:  # after the first frame: `errors` costs start-up time
            from triallog.gui.errors import install_excepthook

            install_excepthook(lambda: (window.db if window is not None else None) or folder)

        window.painted.connect(catch_what_slots_raise)
        window.painted.connect(desktop.finish)
        window.ready.connect(_keep_what_lasts)
        window.failed.connect(refuse)
        window.open_problem.connect(cannot_open)
        if not read_only:
            # after the first frame is shown (QtNetwork costs start-up time)
            window.painted.connect(lambda: QTimer.singleShot(0, lambda: _answer_second_windows(window, folder)))
        if exit_after_show:
            # Directly, not via a timer: the database opening already queued behind this frame must not run.
            window.painted.connect(app.quit)
        if exit_after_load:
            window.ready.connect(lambda: QTimer.singleShot(0, app.quit))
        window.show()
        code = app.exec()
        window.close()  # the daily backup, or an export, finishes before the records close
        # Closing the last window may have asked the (finished) loop to quit once more: a quit left
        # waiting would end the next dialog shown by whoever called run() (a test) at once.
        QCoreApplication.removePostedEvents(app, QEvent.Type.Quit)
        for db in {id(db): db for db in [*opened, window.db] if db is not None}.values():
            db.close()
        if lock is not None:
            lock.release()
        return code
    finally:
        sys.excepthook = previous_hook


def _keep_what_lasts() -> None:
    """Once the records are shown, what is alive (modules, widgets, Qt's wrappers) lives as long as
    the window: Python's cyclic garbage collector need not walk it again at each of its passes, as it
    did hundreds of times over while a record was read and shown."""
    import gc

    gc.freeze()


def hold_folder(folder: Path) -> FolderLock:
    """The folder's lock, in a folder made private if new; a folder shared with every user is refused
    before anything is written there (as `Database` refuses it)."""
    from triallog.storage.folder import prepare_folder
    from triallog.storage.lock import FolderLock

    return FolderLock(prepare_folder(folder))


def _second_window_chooses_read_only(folder: Path) -> bool:
    """Another window holds the folder: show it (True never), open read-only (True), or cancel."""
    from triallog.gui.one_window import Choice, ask_first_window_to_show, ask_when_already_open

    again = False
    while True:
        choice = ask_when_already_open(None, again)
        if choice is Choice.READ_ONLY:
            return True
        if choice is Choice.CANCEL:
            return False
        if ask_first_window_to_show(folder):
            return False
        again = True  # nobody answered: ask once more, saying so


def _answer_second_windows(window: MainWindow, folder: Path) -> None:
    """After the first frame (QtNetwork costs start-up time): listen for a second TrialLog on this folder."""
    from triallog.gui.one_window import WindowServer

    server = WindowServer(folder, window)
    server.raise_requested.connect(window.come_to_front)
    server.listen()
    window.window_server = server
