"""A caregiver opens TrialLog and sees what is overdue first, and logs a call from anywhere."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from triallog.gui.main_window import MainWindow
from triallog.services.transfer import import_path
from triallog.services.workspace import Database


def test_an_overdue_answer_opens_the_due_tab_first_and_ctrl_l_logs_a_call(qtbot, db: Database, dana_json: Path):  # type: ignore[no-untyped-def]
    import_path(db, dana_json)  # its Cigna decision was due 2023-02-09: long overdue today
    window = MainWindow(db)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    assert window.tabs.currentWidget() is window.due
    assert any(entry.what.casefold() == "decision due" and entry.overdue for entry in window.due.entries)

    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.calls.dialog is not None and window.calls.dialog.isVisible())
    assert window.tabs.currentWidget() is window.calls
    dialog = window.calls.dialog
    assert dialog is not None
    dialog.done(0)  # nothing typed: it closes without asking


def test_a_due_item_opens_that_persons_case(qtbot, db: Database, dana_json: Path):  # type: ignore[no-untyped-def]
    import_path(db, dana_json)
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    decision = next(entry for entry in window.due.entries if entry.what.casefold() == "decision due")
    window.due.open_requested.emit(decision)
    assert window.tabs.currentWidget() is window.cases
    assert window.switcher.current_name() == "Dana Rivera"
