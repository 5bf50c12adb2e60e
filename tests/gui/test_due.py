"""A caregiver opens the Due page: what is overdue comes first, in a calm red; a follow-up is done in one click."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from tests.factories import make_call, make_person
from tests.gui.conftest import shown_window
from triallog.gui.changes import Changes
from triallog.gui.main_window import MainWindow
from triallog.gui.models.due_table import TONES, Band, Column
from triallog.gui.views import due_view
from triallog.gui.views.due_view import NOT_LEGAL_ADVICE, NOTHING_DUE, DueView
from triallog.services import people
from triallog.services.calls import save_call
from triallog.services.transfer import import_path
from triallog.services.workspace import Database

SHOTS = Path("/tmp/gui-shots")


def add_sam(db: Database) -> str:
    """Sam, with two calls of his own: one follow-up long past, one for a whole month far ahead."""
    sam = people.add_person(db, make_person("Sam Okafor")).new_key
    save_call(db, sam, make_call("2023-01-10T11:00:00-05:00", organization="Express Scripts", follow_up="2023-01-20"))
    save_call(
        db, sam, make_call("2023-01-12T15:30:00-05:00", organization="CVS", party="pharmacy", follow_up="2023-06")
    )
    return sam


def open_due(qtbot, db: Database, today: date, changes: Changes | None = None) -> DueView:  # type: ignore[no-untyped-def]
    view = DueView(db, changes or Changes(), today=today)
    qtbot.addWidget(view)
    view.resize(1200, 380)
    view.show()
    return view


def column(view: DueView, which: Column) -> list[str]:
    return [view.model.index(row, which).data() for row in range(view.model.rowCount())]


def background(view: DueView, row: int) -> str | None:
    brush = view.model.index(row, Column.WHAT).data(Qt.ItemDataRole.BackgroundRole)
    return brush.color().name() if brush is not None else None


def grab(view: QWidget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    view.grab().save(str(SHOTS / name))


def test_overdue_comes_first_in_red_then_the_next_two_weeks_then_the_rest(qtbot, db, dana_json) -> None:  # type: ignore[no-untyped-def]
    import_path(db, dana_json)
    add_sam(db)
    view = open_due(qtbot, db, date(2023, 1, 29))
    grab(view, "due-2023-01-29.png")

    assert column(view, Column.PERSON) == ["Sam Okafor", "Dana Rivera", "Dana Rivera", "Sam Okafor"]
    assert column(view, Column.WHEN) == ["Overdue by 9 days", "Tomorrow", "In 11 days", "In 152 days"]
    assert column(view, Column.DATE) == [
        "Fri 20 Jan 2023",
        "Mon 30 Jan 2023",
        "Thu 9 Feb 2023",
        "by the end of Jun 2023",
    ]
    assert [view.model.band_at(row) for row in range(4)] == [Band.OVERDUE, Band.SOON, Band.SOON, Band.LATER]
    what = column(view, Column.WHAT)
    assert what[0].startswith("Follow up with Express Scripts") and what[2] == "Decision due"
    # the rule's source, beside its date, and that its current text was not read
    assert column(view, Column.SOURCE)[2] == "29 CFR 2560.503-1(f)(2)(iii)(A) (not yet checked against the law's text)"
    assert column(view, Column.CASE)[1:3] == ["CG-2023-0045871", "CG-2023-0045871"]
    assert background(view, 0) == QColor(TONES[Band.OVERDUE][0]).name()  # a calm red
    assert background(view, 1) == background(view, 2) == QColor(TONES[Band.SOON][0]).name()
    assert background(view, 3) is None
    assert view.summary.text() == "1 overdue, 2 in the next 14 days, 1 later."
    shown = [label for label in view.findChildren(QLabel) if NOT_LEGAL_ADVICE in label.text() and label.isVisible()]
    assert len(shown) == 1  # said once, plainly


def test_a_month_later_all_of_danas_items_are_overdue(qtbot, db, dana_json) -> None:  # type: ignore[no-untyped-def]
    import_path(db, dana_json)
    view = open_due(qtbot, db, date(2023, 3, 1))
    grab(view, "due-2023-03-01.png")
    assert column(view, Column.WHEN) == ["Overdue by 30 days", "Overdue by 20 days"]
    assert {background(view, row) for row in range(2)} == {QColor(TONES[Band.OVERDUE][0]).name()}
    assert view.summary.text() == "2 overdue."


def test_a_follow_up_is_done_in_one_click(qtbot, db, dana_json) -> None:  # type: ignore[no-untyped-def]
    import_path(db, dana_json)
    changes = Changes()
    view = open_due(qtbot, db, date(2023, 1, 29), changes)
    assert due_view.mark_done_service() is not None, "services.calls.mark_follow_up_done is expected"
    done = view.table.indexWidget(view.model.index(0, Column.DONE))
    assert isinstance(done, QPushButton) and done.text() == "Done"
    assert view.table.indexWidget(view.model.index(1, Column.DONE)) is None  # a clock is not ticked off by hand
    with qtbot.waitSignal(changes.refreshed) as told:
        qtbot.mouseClick(done, Qt.MouseButton.LeftButton)
    assert told.args[0].calls and not told.args[0].trials  # only the calls changed
    assert column(view, Column.WHAT) == ["Decision due"]


def test_the_done_buttons_hide_while_the_service_is_missing(qtbot, db, dana_json, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import_path(db, dana_json)
    monkeypatch.setattr(due_view, "mark_done_service", lambda: None)
    view = open_due(qtbot, db, date(2023, 1, 29))
    assert view.table.isColumnHidden(Column.DONE) and view.done_button.isHidden()


def test_nothing_due_is_said_calmly(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    view = open_due(qtbot, db, date(2023, 1, 29))
    assert view.pages.currentIndex() == 1 and view.empty_label.text() == NOTHING_DUE
    grab(view, "due-empty.png")


def test_choosing_a_cases_row_shows_its_next_step_and_what_its_clock_counts_from(qtbot, db, dana_json) -> None:  # type: ignore[no-untyped-def]
    import_path(db, dana_json)
    view = open_due(qtbot, db, date(2023, 2, 1))
    assert view.detail.text() == "Choose a row to see the next step."

    row = column(view, Column.WHAT).index("Decision due")
    qtbot.mouseClick(
        view.table.viewport(), Qt.MouseButton.LeftButton, pos=view.table.visualRect(view.model.index(row, 1)).center()
    )

    assert view.detail.text().splitlines() == [
        "Next step for CG-2023-0045871: Wait for Cigna's decision on the request; if none has come by then, call"
        " — by Feb 9, 2023 (not yet checked against the law's text).",
        "Call Cigna at 800-555-0190 and log the call with its reference number.",
        "Decision due: Counted from the end of Jan 25, 2023, the day of the request (its time was not recorded). "
        "The plan must decide a request for a drug it has not yet approved (a pre-service claim) within 15 days of "
        "receiving it. It may extend this once, by up to 15 days, if it tells you before the first 15 days end.",
    ]
    grab(view, "due-next-step.png")


def test_in_a_narrow_window_what_is_due_stays_readable_and_the_rule_gives_way(qtbot, db, dana_json) -> None:  # type: ignore[no-untyped-def]
    import_path(db, dana_json)
    key = people.list_people(db)[0].key
    people.rename_person(db, key, "Maria-Theresa Okonkwo-Villanueva de la Cruz-Hernández")
    view = open_due(qtbot, db, date(2023, 2, 1))
    view.resize(1000, 380)
    header = view.table.horizontalHeader()
    qtbot.waitUntil(lambda: header.sectionSize(Column.WHAT) >= 200)
    grab(view, "due-narrow.png")
    # "What is due" keeps room to be read; the rule and the long name give way (their tooltips have them whole),
    # and the table does not scroll sideways
    assert header.sectionSize(Column.SOURCE) < view.table.sizeHintForColumn(Column.SOURCE)
    assert header.sectionSize(Column.PERSON) < view.table.sizeHintForColumn(Column.PERSON)
    assert header.length() <= view.table.viewport().width()


def open_window_on_due(qtbot, db: Database, size: tuple[int, int]) -> MainWindow:  # type: ignore[no-untyped-def]
    window = shown_window(qtbot, db, size)
    window.tabs.setCurrentWidget(window.due)
    return window


def readable_width(view: DueView, text: str) -> int:
    return view.table.fontMetrics().horizontalAdvance(text) + 8


def test_at_1024_pixels_what_is_due_is_read_whole_and_every_done_button_is_in_sight(qtbot, db, dana_json) -> None:  # type: ignore[no-untyped-def]
    """A caregiver on a small laptop: the table does not scroll sideways, "What is due" is the widest
    column and says what to do, and each Done button can be clicked without scrolling."""
    import_path(db, dana_json)
    add_sam(db)
    sam = people.find_person(db, "Sam Okafor").key
    people.rename_person(db, sam, "Mei-Ling O'Brien Ångström-Villanueva de la Cruz")
    for width, height in ((1024, 700), (1440, 900)):
        window = open_window_on_due(qtbot, db, (width, height))
        view = window.due
        header = view.table.horizontalHeader()
        qtbot.waitUntil(lambda v=view: v.table.horizontalHeader().length() <= v.table.viewport().width())
        grab(window, f"due-window-{width}x{height}.png")
        sizes = {column: header.sectionSize(column) for column in Column}
        assert sizes[Column.WHAT] == max(sizes.values()), f"at {width} px: {sizes}"
        assert not view.table.horizontalScrollBar().isVisible()
        whats = column(view, Column.WHAT)
        assert sizes[Column.WHAT] >= readable_width(view, "Follow up with Express Scripts")
        assert sizes[Column.WHAT] >= readable_width(view, "Decision due")
        # the rule or source is the one shortened (its tooltip and the detail below have it whole)
        assert sizes[Column.SOURCE] < view.table.sizeHintForColumn(Column.SOURCE)
        assert sizes[Column.WHEN] >= view.table.sizeHintForColumn(Column.WHEN)  # "Overdue by 9 days", whole
        for row, what in enumerate(whats):
            done = view.table.indexWidget(view.model.index(row, Column.DONE))
            if what.startswith("Follow up"):
                assert isinstance(done, QPushButton)
                place = done.geometry()
                assert view.table.viewport().rect().contains(place), f"Done of row {row} out of sight at {width} px"
        window.close()
