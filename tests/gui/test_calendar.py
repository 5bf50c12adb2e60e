"""A caregiver puts the dates to keep into their calendar: from the Due list, and when a save brings a new one."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from pathlib import Path

from icalendar import Calendar
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from tests.factories import make_call, make_case, make_coverage, make_event, make_person
from tests.gui.conftest import Modals, button, settle
from tests.gui.test_due import add_sam, open_due
from triallog.gui.dialogs.calendar_dialog import CalendarDialog
from triallog.gui.main_window import MainWindow
from triallog.services import people
from triallog.services.calls import save_call
from triallog.services.cases import due_words, save_case
from triallog.services.plans import save_coverage
from triallog.services.transfer import import_path
from triallog.services.workspace import Database

SHOTS = Path("/tmp/gui-shots")


def grab(widget: QWidget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    widget.grab().save(str(SHOTS / name))


def open_dialog(qtbot, db: Database, today: date, chosen: str | None = None) -> CalendarDialog:  # type: ignore[no-untyped-def]
    everyone = [(p.key, p.name) for p in people.list_people(db)]
    dialog = CalendarDialog(db, everyone, chosen, today)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_saved_file_holds_each_date_ahead_on_the_day_the_due_list_shows(qtbot, db, dana_json, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import_path(db, dana_json)
    add_sam(db)
    today = date(2023, 1, 29)
    dialog = open_dialog(qtbot, db, today)
    grab(dialog, "calendar-dialog.png")
    # Sam's follow-up of Jan 20 is overdue: a calendar from today on leaves it out.
    assert dialog.count.text() == "3 dates from today on:"
    assert [dialog.list.item(row).text() for row in range(dialog.list.count())] == [
        "By Jan 30, 2023 — Dana Rivera: follow up with Cigna (CG-2023-0045871)",
        "By Feb 9, 2023 — Dana Rivera: decision due (CG-2023-0045871)",
        "By the end of Jun 2023 — Sam Okafor: follow up with CVS",
    ]

    assert dialog.save_to(tmp_path / "dates")  # the .ics is added
    saved = tmp_path / "dates.ics"
    assert dialog.saved_to == saved and str(saved) in dialog.saved_note.text()
    events = Calendar.from_ical(saved.read_bytes()).walk("VEVENT")

    due = open_due(qtbot, db, today)
    ahead = [entry for entry in due.entries if not entry.overdue]
    assert len(events) == len(ahead) == 3
    for event, entry in zip(events, ahead, strict=True):
        day = event.decoded("dtstart")
        shown = due_words(entry)  # the Due list's Date column
        if entry.follow_up is not None and entry.follow_up.day is None:
            assert shown == f"by the end of {day:%b %Y}"
            assert day.day == calendar.monthrange(day.year, day.month)[1]  # its last day
        else:
            assert shown == f"{day:%a} {day.day} {day:%b %Y}"
        assert entry.person in str(event["summary"])


def test_one_persons_dates_only_and_nothing_to_save_when_nothing_is_ahead(qtbot, db, dana_json) -> None:  # type: ignore[no-untyped-def]
    import_path(db, dana_json)
    sam = add_sam(db)
    dialog = open_dialog(qtbot, db, date(2023, 1, 29), chosen=sam)
    assert dialog.whose.currentText() == "Sam Okafor"
    assert [dialog.list.item(row).text() for row in range(dialog.list.count())] == [
        "By the end of Jun 2023 — Sam Okafor: follow up with CVS"
    ]
    dialog.whose.setCurrentText("Everyone")
    assert dialog.list.count() == 3

    later = open_dialog(qtbot, db, date(2024, 1, 1))
    assert later.count.text() == "Nothing open is due from today on."
    assert not later.save_button.isEnabled() and later.list.isHidden()


def test_a_file_that_cannot_be_saved_is_said_plainly_and_the_dialog_stays(  # type: ignore[no-untyped-def]
    qtbot, db, dana_json, tmp_path, modals: Modals
) -> None:
    import_path(db, dana_json)
    dialog = open_dialog(qtbot, db, date(2023, 2, 1))
    said: list[str] = []

    def read(window: QWidget) -> None:
        said.append(window.windowTitle())
        button(window, "OK").click()

    modals.then(read)
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("a file where a folder was meant")
    assert not dialog.save_to(not_a_folder / "dates.ics")
    assert said == ["The calendar file was not saved"]
    assert dialog.isVisible() and dialog.saved_to is None


def test_the_due_list_and_the_file_menu_offer_the_calendar(qtbot, db, dana_json, modals: Modals) -> None:  # type: ignore[no-untyped-def]
    import_path(db, dana_json)
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    settle(qtbot, window)
    window.tabs.setCurrentWidget(window.due)
    seen: list[str | None] = []

    def look(dialog: QWidget) -> None:
        assert isinstance(dialog, CalendarDialog)
        seen.append(dialog.whose.currentText())
        dialog.reject()

    modals.then(look)
    window.due.calendar_button.click()
    modals.then(look)
    window.calendar_action.trigger()
    # By keyboard alone: Alt+L on the Due list (shortcuts need the window to be the active one).
    qtbot.waitUntil(lambda: len(seen) == 2)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    modals.then(look)
    qtbot.keyClick(window.due.table, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(seen) == 3)
    assert seen == ["Everyone", "Everyone", "Everyone"]
    assert window.calendar_action.text() == "Add dates to a ca&lendar…"


def test_a_save_that_brings_a_new_deadline_offers_the_calendar_for_that_person(  # type: ignore[no-untyped-def]
    qtbot, db, modals: Modals
) -> None:
    ana = people.add_person(db, make_person("Ana Souza")).new_key
    plan = save_coverage(db, ana, make_coverage("Blue", key="", plan_type="marketplace")).new_key
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.resize(1100, 720)
    window.show()
    settle(qtbot, window)
    assert window.calendar_offer.isHidden()

    # The plan's denial letter came three days ago: the appeal deadline is months ahead.
    denied = (date.today() - timedelta(days=3)).isoformat()
    case = make_case(key="", coverage=plan, denial_reference="BX-77", events=[make_event(denied, "denied")])
    made = save_case(db, ana, case)
    window.changes.announce(made)
    settle(qtbot, window)
    qtbot.waitUntil(window.calendar_offer.isVisible)
    text = window.calendar_offer.label.text()
    assert text.startswith("New date to keep — Ana Souza: ") and "(BX-77), by " in text
    grab(window, "calendar-offer.png")

    # Saving something that brings no new date offers nothing more.
    window.calendar_offer.dismiss_button.click()
    window.changes.announce(save_call(db, ana, make_call(organization="Blue", summary="asked about the letter")))
    settle(qtbot, window)
    assert window.calendar_offer.isHidden()

    # A follow-up to make is a date too; the offer's button opens the calendar for that person.
    follow_up = (date.today() + timedelta(days=5)).isoformat()
    window.changes.announce(save_call(db, ana, make_call(organization="Blue", follow_up=follow_up)))
    settle(qtbot, window)
    qtbot.waitUntil(window.calendar_offer.isVisible)
    assert "follow up with Blue" in window.calendar_offer.label.text()
    chosen: list[str] = []

    def look(dialog: QWidget) -> None:
        assert isinstance(dialog, CalendarDialog)
        chosen.append(dialog.whose.currentText())
        dialog.reject()

    modals.then(look)
    qtbot.mouseClick(window.calendar_offer.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: chosen == ["Ana Souza"])
    assert window.calendar_offer.isHidden()
