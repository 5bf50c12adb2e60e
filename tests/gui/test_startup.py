"""The window appears first and opens the records right after; a too-new database is refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from triallog.gui.main_window import MainWindow
from triallog.services.transfer import import_path
from triallog.services.workspace import Database, open_workspace


def test_the_window_paints_then_opens_the_data_folder_and_shows_the_person(qtbot, data_dir: Path, dana_json: Path):  # type: ignore[no-untyped-def]
    db = open_workspace(data_dir)
    import_path(db, dana_json)
    db.close()
    opened: list[Database] = []

    def open_db() -> Database:
        opened.append(open_workspace(data_dir))
        return opened[-1]

    window = MainWindow(data_dir=data_dir, open_db=open_db)
    qtbot.addWidget(window)
    assert window.db is None  # nothing opened before the first frame
    with qtbot.waitSignal(window.ready, timeout=20000):
        window.show()
    assert window.db is opened[0]
    assert window.switcher.current_name() == "Dana Rivera"
    assert window.windowTitle() == "Dana Rivera — TrialLog"
    window.close()
    opened[0].close()


def test_a_database_from_a_newer_triallog_is_refused_and_left_alone(qtbot, data_dir: Path):  # type: ignore[no-untyped-def]
    open_workspace(data_dir).close()
    with sqlite3.connect(data_dir / "triallog.db") as con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.close()
    before = (data_dir / "triallog.db").read_bytes()

    window = MainWindow(data_dir=data_dir, open_db=lambda: open_workspace(data_dir))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.failed, timeout=20000) as refused:
        window.show()
    assert "newer version of TrialLog" in refused.args[0]
    assert window.db is None
    assert (data_dir / "triallog.db").read_bytes() == before
