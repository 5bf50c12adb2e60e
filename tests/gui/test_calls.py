"""A caregiver logs calls while on the phone, finds one again by its reference number, and fixes mistakes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from tests.gui.conftest import press
from triallog.domain.enums import Party
from triallog.gui.changes import Changes
from triallog.gui.dialogs.call_dialog import REFERENCE_REMINDER, CallDialog, clock_text
from triallog.gui.models.call_table import Column
from triallog.gui.views.calls_view import PROOF, CallsView
from triallog.services import people
from triallog.services.calls import list_calls
from triallog.services.cases import list_cases
from triallog.services.transfer import import_path
from triallog.services.workspace import Database

SHOTS = Path("/tmp/gui-shots")
CHICAGO = timezone(timedelta(hours=-6))
MORNING = datetime(2023, 1, 30, 9, 0, tzinfo=CHICAGO)


def import_dana(db: Database, dana_json: Path) -> str:
    import_path(db, dana_json)
    return people.find_person(db, "Dana Rivera").key


def open_view(qtbot, db: Database, person_key: str | None) -> CallsView:  # type: ignore[no-untyped-def]
    view = CallsView(db, Changes())
    qtbot.addWidget(view)
    view.resize(1200, 480)
    with qtbot.waitActive(view):  # Ctrl+F needs the window to be the active one
        view.show()
        view.activateWindow()
    view.set_person(person_key)
    return view


_OPEN: list[CallDialog] = []


@pytest.fixture(autouse=True)
def close_dialogs() -> Iterator[None]:
    """A failed test must not hang on the "discard?" question when its dialog is closed afterwards."""
    yield
    while _OPEN:
        dialog = _OPEN.pop()
        dialog.done(0)  # done() skips the question that reject() asks
        dialog.deleteLater()


def new_dialog(qtbot, db: Database, person_key: str, **kwargs) -> CallDialog:  # type: ignore[no-untyped-def]
    dialog = CallDialog(db, None, person_key, now=MORNING, **kwargs)
    _OPEN.append(dialog)
    dialog.show()
    return dialog


def references(view: CallsView) -> list[str]:
    return [view.model.index(row, Column.REFERENCE).data() for row in range(view.model.rowCount())]


def grab(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / name))


# -- the stories ------------------------------------------------------------------------


def test_a_caregiver_logs_a_timed_call_and_finds_it_by_part_of_its_reference(qtbot, db, dana_json) -> None:  # type: ignore[no-untyped-def]
    dana = import_dana(db, dana_json)
    view = open_view(qtbot, db, dana)
    assert references(view) == ["CALL-78340", "none given", "CALL-77812"]  # newest first
    grab(view, "calls-view.png")

    view.log_call()  # what the window's global shortcut calls
    dialog = view.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "Log a call — Dana Rivera"
    qtbot.waitUntil(dialog.organization.hasFocus)  # ready to type who answered
    seconds = [1000.0]
    dialog.clock = lambda: seconds[0]  # a clock the test moves, instead of waiting minutes

    qtbot.mouseClick(dialog.timer_button, Qt.MouseButton.LeftButton)
    assert dialog.ticker.isActive() and dialog.timer_button.text().replace("&", "") == "Stop timer"
    seconds[0] += 190  # 3 min 10 s on the phone
    qtbot.waitUntil(lambda: dialog.clock_label.text() == "03:10")  # the display runs live
    qtbot.keyClicks(dialog.organization, "Cigna")
    assert dialog.party.currentData() == Party.CARRIER.value  # known as Dana's plan
    assert dialog.phone.currentText() == "800-555-0100"  # the number used on the earlier calls
    qtbot.keyClicks(dialog.representative, "Jordan")
    qtbot.keyClicks(dialog.reference, "CALL-90125")
    qtbot.keyClicks(dialog.summary, "Exception approved for 12 months.")
    qtbot.keyClicks(dialog.document_entry, "approval letter")
    qtbot.keyClick(dialog.document_entry, Qt.Key.Key_Return)  # Enter adds the line, it does not save
    assert dialog.document_texts() == ["approval letter"] and dialog.isVisible()
    qtbot.mouseClick(dialog.timer_button, Qt.MouseButton.LeftButton)
    assert not dialog.ticker.isActive()
    assert dialog.duration.text() == "4"  # rounded up: 3 min 10 s
    grab(dialog, "calls-dialog-filled.png")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: view.dialog is None)
    saved = list_calls(db, dana)[0]
    assert (saved.reference_number, saved.duration_minutes, saved.organization, saved.representative) == (
        "CALL-90125",
        4,
        "Cigna",
        "Jordan",
    )
    assert saved.requested_documents == ["approval letter"] and saved.when.tzinfo is not None
    assert references(view)[0] == "CALL-90125" and view.selected_key() == saved.key

    view.activateWindow()  # the closed dialog had the focus; offscreen Qt does not hand it back by itself
    qtbot.waitUntil(view.isActiveWindow)
    qtbot.keyClick(view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.search_box.hasFocus()
    qtbot.keyClicks(view.search_box, "9012")
    assert references(view) == ["CALL-90125"]
    view.search_box.clear()
    qtbot.keyClicks(view.search_box, "78340")
    assert references(view) == ["CALL-78340"]
    grab(view, "calls-view-search.png")
    qtbot.keyClick(view.search_box, Qt.Key.Key_Escape)
    assert view.model.rowCount() == 4


def test_a_reference_of_only_spaces_is_refused_beside_it_and_kept(qtbot, db, dana_json) -> None:  # type: ignore[no-untyped-def]
    dana = import_dana(db, dana_json)
    dialog = new_dialog(qtbot, db, dana)
    assert REFERENCE_REMINDER == "Ask: what is the reference number for this call?"
    qtbot.keyClicks(dialog.organization, "Cigna")
    qtbot.keyClicks(dialog.reference, "   ")
    dialog.accept()
    assert "only spaces" in dialog.errors.text_of("reference_number")
    assert dialog.reference.text() == "   " and dialog.organization.currentText() == "Cigna"
    assert dialog.isVisible() and dialog.saved_key is None
    assert len(list_calls(db, dana)) == 3
    grab(dialog, "calls-dialog-errors.png")


def test_a_follow_up_before_the_call_is_refused_beside_it(qtbot, db, dana_json) -> None:  # type: ignore[no-untyped-def]
    dana = import_dana(db, dana_json)
    dialog = new_dialog(qtbot, db, dana)
    qtbot.keyClicks(dialog.follow_up.edit, "2023-01-20")
    dialog.accept()
    assert "before the call's day" in dialog.errors.text_of("follow_up").lower()
    assert dialog.follow_up.text() == "2023-01-20" and dialog.isVisible()
    dialog.follow_up.setText("2023-02")  # a month is enough
    dialog.accept()
    assert not dialog.isVisible()
    saved = list_calls(db, dana)[0]
    assert saved.follow_up is not None and saved.follow_up.iso() == "2023-02"
    assert saved.when == MORNING and saved.case is None


def test_a_new_call_from_a_case_belongs_to_that_case(qtbot, db, dana_json) -> None:  # type: ignore[no-untyped-def]
    dana = import_dana(db, dana_json)
    (case,) = list_cases(db, dana)
    view = open_view(qtbot, db, dana)
    view.set_case_filter(case.key)
    assert "about case" in view.scope.text() and view.model.rowCount() == 3
    view.log_call()
    assert view.dialog is not None and view.dialog.case.currentData() == case.key
    view.dialog.done(0)


def test_cancel_asks_before_throwing_a_call_away(qtbot, db, dana_json, modals) -> None:  # type: ignore[no-untyped-def]
    dana = import_dana(db, dana_json)
    dialog = new_dialog(qtbot, db, dana)
    qtbot.keyClicks(dialog.reference, "CALL-1")
    modals.then(press("Keep editing"))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.reference.text() == "CALL-1"
    modals.then(press("Discard changes"))
    dialog.reject()
    assert not dialog.isVisible()
    assert len(list_calls(db, dana)) == 3


def test_a_running_timer_counts_as_something_to_lose(qtbot, db, dana_json, modals) -> None:  # type: ignore[no-untyped-def]
    dana = import_dana(db, dana_json)
    dialog = new_dialog(qtbot, db, dana)
    dialog.toggle_timer()
    qtbot.wait(50)
    assert dialog.is_changed()
    modals.then(press("Keep editing"))
    dialog.reject()
    assert dialog.isVisible() and dialog.is_timing()


def test_changing_a_call_keeps_its_key_and_deleting_asks_first(qtbot, db, dana_json, modals) -> None:  # type: ignore[no-untyped-def]
    dana = import_dana(db, dana_json)
    view = open_view(qtbot, db, dana)
    view.table.setFocus()
    view.table.selectRow(2)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    dialog = view.dialog
    assert dialog is not None and dialog.reference.text() == "CALL-77812"
    assert dialog.document_texts() == ["prescriber statement", "chart notes for the topiramate trial"]
    dialog.duration.setText("35")
    dialog.accept()
    qtbot.waitUntil(lambda: view.dialog is None)
    assert [c.duration_minutes for c in list_calls(db, dana)] == [14, 9, 35]

    view.table.selectRow(0)
    modals.then(press("Keep it"))
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert len(list_calls(db, dana)) == 3
    modals.then(press("Delete call"))
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert references(view) == ["none given", "CALL-77812"]


def test_the_empty_log_says_why_it_matters(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import make_person

    sam = people.add_person(db, make_person("Sam Okafor")).new_key
    view = open_view(qtbot, db, sam)
    assert view.pages.currentIndex() == 1
    assert PROOF in view.empty_text.text() and "Sam Okafor" in view.empty_title.text()
    grab(view, "calls-empty.png")
    view.set_person(None)
    assert view.first_button.isHidden() and not view.log_button.isEnabled()


def test_the_clock_reads_minutes_and_seconds() -> None:
    assert (clock_text(0), clock_text(190), clock_text(3725)) == ("00:00", "03:10", "1:02:05")
