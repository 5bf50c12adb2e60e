"""A tired caregiver opens TrialLog: each person's first tab says what to do now, every line opens where
it is handled (by mouse or keyboard alone), and what is pressing is said first, on the desktop too."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from tests.factories import make_call, make_measurement, make_person
from tests.gui.conftest import settle
from tests.gui.test_data_flow import open_window
from triallog.domain.rules import Instrument
from triallog.gui.main_window import MainWindow
from triallog.gui.views import due_notice
from triallog.gui.views.today_view import ITEM9_LINK
from triallog.gui.widgets.link_line import LinkLine
from triallog.services import measures, people, samples
from triallog.services.calls import save_call
from triallog.services.transfer import import_path
from triallog.services.workspace import Database

SHOTS = Path("/tmp/gui-shots")
LONG_NAME = "Mei-Ling O'Brien Ångström-Vasquez de la Cruz Oyelaran-Whitfield"
ITEM_9_ANSWERED = [2, 2, 1, 2, 1, 2, 1, 1, 1]


def dana_with_scores(db: Database, dana_json: Path) -> str:
    """Dana's record (its Cigna case long overdue today), with a PHQ-9 whose item 9 is answered and a GAD-7."""
    import_path(db, dana_json)
    key = people.find_person(db, "Dana Rivera").key
    measures.save_measurement(db, key, make_measurement(Instrument.PHQ9, "2023-01-20", 13, items=ITEM_9_ANSWERED))
    measures.save_measurement(db, key, make_measurement(Instrument.GAD7, "2023-01-20", 8, items=[1, 1, 1, 1, 2, 1, 1]))
    return key


def on_today(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.tabs.setCurrentWidget(window.today)
    qtbot.waitUntil(lambda: bool(window.today.lines))


def line(window: MainWindow, starting: str) -> LinkLine:
    found = [link for link in window.today.lines if link.text_shown().startswith(starting)]
    assert found, [link.text_shown() for link in window.today.lines]
    return found[0]


def grab(window: MainWindow, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    window.grab().save(str(SHOTS / name))


def test_every_line_of_dana_s_today_page_opens_where_it_is_handled(qtbot, db, dana_json) -> None:  # type: ignore[no-untyped-def]
    dana_with_scores(db, dana_json)
    window = open_window(qtbot, db)
    on_today(qtbot, window)
    grab(window, "today-1024x700.png")
    record = window.today.read_person()
    assert record is not None
    case, cigna_call, erenumab = record.cases[0], record.calls[-1], record.trials[-1]
    phq9 = next(m for m in record.measurements if m.instrument == Instrument.PHQ9)

    line(window, "CG-2023-0045871: Cigna's decision is overdue").click()
    assert window.tabs.currentWidget() is window.cases and window.cases.selected_key() == case.key

    window.tabs.setCurrentWidget(window.today)
    line(window, "Follow up with Cigna").click()
    assert window.tabs.currentWidget() is window.calls and window.calls.selected_key() == cigna_call.key

    window.tabs.setCurrentWidget(window.today)
    line(window, "Prescriber statement — asked for by Cigna").click()
    assert window.tabs.currentWidget() is window.cases and window.cases.selected_key() == case.key

    window.tabs.setCurrentWidget(window.today)
    line(window, "PHQ-9: 13, moderate").click()
    assert window.tabs.currentWidget() is window.measures
    assert window.measures.instrument() == Instrument.PHQ9
    chosen = window.measures.selected()
    assert chosen is not None and chosen.key == phq9.key

    window.tabs.setCurrentWidget(window.today)
    line(window, "erenumab (Aimovig)").click()
    assert window.tabs.currentWidget() is window.trials and window.trials.selected_key() == erenumab.key
    assert window.trials.table.hasFocus() or not window.isActiveWindow()  # the keyboard lands on the list


def test_the_page_works_by_keyboard_alone(qtbot, db, dana_json) -> None:  # type: ignore[no-untyped-def]
    dana_with_scores(db, dana_json)
    window = open_window(qtbot, db)
    on_today(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    first = window.today.lines[0]
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    grab(window, "today-keyboard-focus.png")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    second = window.today.lines[1]
    assert second.hasFocus()  # Tab goes from line to line, in the page's order
    assert second.accessibleName().startswith("Overdue by")  # a screen reader hears how near it is
    assert "Cases page" in second.accessibleDescription()
    qtbot.keyClick(second, Qt.Key.Key_Return)
    assert window.tabs.currentWidget() is window.cases

    window.tabs.setCurrentWidget(window.today)
    qtbot.keyClick(line(window, "GAD-7"), Qt.Key.Key_Space)
    assert window.tabs.currentWidget() is window.measures and window.measures.instrument() == Instrument.GAD7


def test_the_item_9_answer_is_said_first_in_the_app_s_words(qtbot, db, dana_json) -> None:  # type: ignore[no-untyped-def]
    dana_with_scores(db, dana_json)
    window = open_window(qtbot, db)
    on_today(qtbot, window)

    assert window.today.item9.isVisible()
    assert "Please contact your prescriber now" in window.today.item9.accessibleName()
    assert "988" in window.today.item9.accessibleName()
    assert window.today.lines[0].text_shown() == ITEM9_LINK
    window.today.lines[0].click()
    assert window.tabs.currentWidget() is window.measures and window.measures.instrument() == Instrument.PHQ9


def test_a_long_name_wraps_on_the_page_and_in_the_start_notice(qtbot, db, dana_json) -> None:  # type: ignore[no-untyped-def]
    key = dana_with_scores(db, dana_json)
    people.rename_person(db, key, LONG_NAME)
    window = open_window(qtbot, db)
    on_today(qtbot, window)
    grab(window, "today-long-name-1024x700.png")

    assert window.today.heading.text() == f"Today for {LONG_NAME}"
    assert window.today.heading.width() <= window.today.width()
    assert LONG_NAME in window.due_notice.details.text()
    assert window.due_notice.geometry().right() <= window.width()


def test_at_start_what_is_overdue_is_said_first_with_the_keyboard_on_it(qtbot, db, dana_json) -> None:  # type: ignore[no-untyped-def]
    import_path(db, dana_json)
    window = open_window(qtbot, db)
    grab(window, "start-notice-1024x700.png")

    notice = window.due_notice
    assert notice.isVisible() and notice.headline.text() == "2 things are overdue."
    assert "Dana Rivera, CG-2023-0045871: Decision due — overdue by" in notice.details.text()
    assert "2 things are overdue." in notice.show_button.accessibleDescription()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert QApplication.focusWidget() is notice.show_button

    window.tabs.setCurrentWidget(window.today)
    qtbot.keyClick(notice.show_button, Qt.Key.Key_Space)
    assert window.tabs.currentWidget() is window.due
    notice.dismiss_button.click()
    assert not notice.isVisible()


def test_something_due_in_two_days_is_said_and_marking_it_done_clears_the_notice(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    ana = people.add_person(db, make_person("Ana Lima")).new_key
    soon = (date.today() + timedelta(days=2)).isoformat()
    save_call(db, ana, make_call(organization="Express Scripts", follow_up=soon))
    window = open_window(qtbot, db)

    notice = window.due_notice
    assert notice.headline.text() == "1 thing is due within 3 days."
    assert notice.details.text().startswith("Ana Lima: Follow up with Express Scripts — in 2 days")

    window.tabs.setCurrentWidget(window.due)
    window.due.mark_done(window.due.entries[0])
    settle(qtbot, window)
    assert not notice.isVisible()  # nothing pressing any more


def test_nothing_pressing_means_no_notice(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    ana = people.add_person(db, make_person("Ana Lima")).new_key
    later = (date.today() + timedelta(days=10)).isoformat()
    save_call(db, ana, make_call(organization="Express Scripts", follow_up=later))
    window = open_window(qtbot, db)

    assert not window.due_notice.isVisible() and window.tray is None


class FakeTray(QSystemTrayIcon):
    """A desktop with a tray: what it was asked to say is kept."""

    said: list[tuple[str, str]] = []

    @staticmethod
    def isSystemTrayAvailable() -> bool:
        return True

    def showMessage(self, title: str, text: str, *args: object) -> None:
        FakeTray.said.append((title, text))


def test_a_desktop_with_a_tray_gets_a_notification_naming_whom_but_not_what(  # type: ignore[no-untyped-def]
    qtbot, db, dana_json, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(due_notice, "QSystemTrayIcon", FakeTray)
    FakeTray.said = []
    import_path(db, dana_json)
    window = open_window(qtbot, db)

    assert FakeTray.said == [("TrialLog: 2 things are overdue.", "For Dana Rivera. Open TrialLog to see what to do.")]
    assert window.tray is not None and window.tray.isVisible()
    window.tabs.setCurrentWidget(window.today)
    window.tray.messageClicked.emit()  # a click on the notification shows the Due page
    assert window.tabs.currentWidget() is window.due
    window.close()
    assert not window.tray.isVisible()  # the tray icon lives while the window is open


def test_a_desktop_without_a_tray_gets_only_the_window_s_notice(qtbot, db, dana_json) -> None:  # type: ignore[no-untyped-def]
    import_path(db, dana_json)
    window = open_window(qtbot, db)

    assert window.due_notice.isVisible() and window.tray is None


def test_the_sample_record_never_raises_an_alarm(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    samples.open_sample(db)  # its story ends in 2022, with a follow-up never made
    window = open_window(qtbot, db)
    grab(window, "today-sample.png")

    assert not window.due_notice.isVisible() and window.tray is None
    assert window.tabs.currentWidget() is window.today  # not sent to the Due page
    assert window.due.entries == []
    assert window.today.sample_note.isVisible()
    follow_up = line(window, "Follow up with Contoso")
    assert not follow_up.accessibleName().startswith("Overdue")
