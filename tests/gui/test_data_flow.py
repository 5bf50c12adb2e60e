"""The window reads the shown person once per change, and each page refreshes only for its own part.

A caregiver switches between family members and saves things all day: each of those must read
the record once, not once per page, and a page behind another tab catches up when it is opened.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories import make_call, make_definition, make_person, make_trial
from tests.gui.conftest import settle
from triallog.gui.main_window import MainWindow
from triallog.services import calls, measures, people, trials
from triallog.services.changes import Changes as Changed
from triallog.services.transfer import import_path
from triallog.services.workspace import Database


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every read of a person's record (whole, or the parts a change reached), by the key read."""
    seen: list[str] = []
    whole, partly = people.load_person, people.reload_person

    def counted(db: Database, key: str):  # type: ignore[no-untyped-def]
        seen.append(key)
        return whole(db, key)

    def counted_partly(db: Database, key: str, old, changes):  # type: ignore[no-untyped-def]
        seen.append(key)
        return partly(db, key, old, changes)

    monkeypatch.setattr(people, "load_person", counted)
    monkeypatch.setattr(people, "reload_person", counted_partly)
    yield seen


def open_window(qtbot, db: Database) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, window)
    return window


def two_people(db: Database, dana_json: Path) -> tuple[str, str]:
    import_path(db, dana_json)
    dana = people.find_person(db, "Dana Rivera").key
    ana = people.add_person(db, make_person("Ana Lima")).created or ""
    trials.save_trial(db, ana, make_trial("sumatriptan", start="2022-05", key=""))
    return dana, ana


def dana_shown(qtbot, db: Database, dana_json: Path, tab: str) -> tuple[MainWindow, str, str]:  # type: ignore[no-untyped-def]
    """Dana and Ana here, the window open on Dana's record at `tab` (a page's name), and current."""
    dana, ana = two_people(db, dana_json)
    window = open_window(qtbot, db)
    window.switcher.select(dana)
    window.tabs.setCurrentWidget(getattr(window, tab))
    settle(qtbot, window)
    return window, dana, ana


def test_switching_person_reads_their_record_once_for_every_page(qtbot, db, dana_json: Path, reads) -> None:  # type: ignore[no-untyped-def]
    dana, ana = two_people(db, dana_json)
    window = open_window(qtbot, db)
    window.tabs.setCurrentWidget(window.overview)
    window.switcher.select(dana)
    settle(qtbot, window)
    reads.clear()

    window.switcher.select(ana)
    settle(qtbot, window)

    assert reads == [ana]
    assert window.overview.name.text() == "Ana Lima"
    for tab in (window.trials, window.calls, window.cases, window.plans, window.measures):
        window.tabs.setCurrentWidget(tab)
        assert tab.person_key == ana
    window.tabs.setCurrentWidget(window.trials)
    assert [window.trials.model.trial_at(row).drug for row in range(window.trials.model.rowCount())] == ["sumatriptan"]
    assert reads == [ana]  # opening each page read nothing more


def test_a_save_is_read_once_and_shown_on_the_page_that_saved_it(qtbot, db, dana_json: Path, reads) -> None:  # type: ignore[no-untyped-def]
    window, dana, _ana = dana_shown(qtbot, db, dana_json, "calls")
    before = window.calls.model.rowCount()
    reads.clear()

    saved = calls.save_call(db, dana, make_call(summary="Asked for the exception form"))
    window.changes.announce(saved)
    settle(qtbot, window)

    assert reads == [dana]
    assert window.calls.model.rowCount() == before + 1
    assert window.calls.model.row_of(saved.created or "") is not None


def test_a_page_behind_another_tab_catches_up_when_it_is_opened(qtbot, db, dana_json: Path) -> None:  # type: ignore[no-untyped-def]
    window, dana, _ana = dana_shown(qtbot, db, dana_json, "trials")
    shown_trials = window.trials.model.rowCount()
    window.tabs.setCurrentWidget(window.calls)

    trials.save_trial(db, dana, make_trial("rimegepant", start="2024-01", key=""))
    window.changes.announce(Changed(dana, trials=True))
    settle(qtbot, window)

    assert window.trials.stale  # not redrawn while nobody can see it
    assert window.trials.model.rowCount() == shown_trials
    window.tabs.setCurrentWidget(window.trials)
    assert not window.trials.stale
    assert window.trials.model.rowCount() == shown_trials + 1


def test_a_change_to_one_part_leaves_the_other_pages_alone(qtbot, db, dana_json: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window, dana, _ana = dana_shown(qtbot, db, dana_json, "plans")
    redrawn: list[str] = []
    monkeypatch.setattr(window.plans, "refresh", lambda: redrawn.append("plans"))

    calls.save_call(db, dana, make_call(summary="Left a message"))
    window.changes.announce(Changed(dana, calls=True))
    settle(qtbot, window)

    assert redrawn == []  # a call changes nothing on the plans page
    assert window.calls.stale  # the calls page redraws when it is opened


def test_the_due_list_behind_its_tab_reloads_when_opened(qtbot, db, dana_json: Path) -> None:  # type: ignore[no-untyped-def]
    window, dana, _ana = dana_shown(qtbot, db, dana_json, "overview")
    before = len(window.due.entries)

    calls.save_call(
        db,
        dana,
        make_call(
            "2026-11-30T10:00:00-06:00", organization="Walgreens Specialty", summary="Call back", follow_up="2026-12-10"
        ),
    )
    window.changes.announce(Changed(dana, calls=True))
    settle(qtbot, window)

    assert window.due.stale
    window.tabs.setCurrentWidget(window.due)
    assert len(window.due.entries) == before + 1


def test_the_person_removed_elsewhere_while_read_gives_way_to_who_is_left(qtbot, db, dana_json: Path) -> None:  # type: ignore[no-untyped-def]
    dana, ana = two_people(db, dana_json)
    window = open_window(qtbot, db)
    window.tabs.setCurrentWidget(window.overview)
    window.switcher.select(ana)
    settle(qtbot, window)

    people.remove_person(db, ana)  # as another program would
    window.changes.announce(Changed.everything())
    settle(qtbot, window)

    assert window.switcher.current_key() == dana
    assert window.overview.name.text() == "Dana Rivera"


def test_a_save_reads_again_only_the_parts_it_changed(qtbot, db, dana_json: Path) -> None:  # type: ignore[no-untyped-def]
    window, dana, _ana = dana_shown(qtbot, db, dana_json, "calls")
    before = window.changes.record(db, dana)

    saved = calls.save_call(db, dana, make_call(summary="Asked for the exception form"))
    window.changes.announce(saved)
    settle(qtbot, window)

    after = window.changes.record(db, dana)
    assert after is not before
    assert after.measurements is before.measurements and after.trials is before.trials  # not read again
    assert after.calls is not before.calls and len(after.calls) == len(before.calls) + 1
    assert after == people.load_person(db, dana)  # the same record a whole read gives


def test_a_change_by_another_program_reads_the_whole_record_again(qtbot, db, dana_json: Path) -> None:  # type: ignore[no-untyped-def]
    dana, _ana = two_people(db, dana_json)
    window = open_window(qtbot, db)
    window.switcher.select(dana)
    settle(qtbot, window)
    before = window.changes.record(db, dana)

    trials.save_trial(db, dana, make_trial("rimegepant", start="2024-01", key=""))  # as another window would
    window.changes.announce(Changed.everything())
    settle(qtbot, window)

    after = window.changes.record(db, dana)
    assert after.measurements is not before.measurements
    assert after == people.load_person(db, dana)


# -- a person chosen, or a form opened, while another read is still under way ----------------------


@pytest.fixture
def slow_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every whole read of a record takes a noticeable moment, as a large record on a slow disk does."""
    real = people.load_person

    def slow(db: Database, key: str):  # type: ignore[no-untyped-def]
        time.sleep(0.3)
        return real(db, key)

    monkeypatch.setattr(people, "load_person", slow)


def test_choosing_back_the_person_shown_while_another_is_read_keeps_saves_working(  # type: ignore[no-untyped-def]
    qtbot, db, dana_json: Path, slow_reads
) -> None:
    window, dana, ana = dana_shown(qtbot, db, dana_json, "calls")
    before = window.calls.model.total_rows()

    window.switcher.select(ana)  # Ana's record is being read...
    window.switcher.select(dana)  # ...when Dana is chosen back (her record is still in the snapshot)
    settle(qtbot, window)
    saved = calls.save_call(db, dana, make_call(summary="Asked again"))
    window.changes.announce(saved)  # this used to fail: the snapshot had become Ana's
    settle(qtbot, window)

    assert window.calls.person_key == dana
    assert window.calls.model.total_rows() == before + 1


def test_a_call_asked_for_one_person_never_opens_on_another(qtbot, db, dana_json: Path, slow_reads) -> None:  # type: ignore[no-untyped-def]
    window, _dana, ana = dana_shown(qtbot, db, dana_json, "overview")
    cara = people.add_person(db, make_person("Cara Diaz")).new_key
    window.changes.people.emit()

    window.switcher.select(ana)
    window.log_call()  # Ctrl+L while Ana is still being read...
    window.switcher.select(cara)  # ...and then Cara chosen
    settle(qtbot, window)

    assert window.calls.person_key == cara
    assert window.calls.dialog is None  # no form for Dana (the page's last person) nor for Ana


def test_a_person_removed_while_read_gives_way_to_the_one_chosen_next(qtbot, db, dana_json: Path, slow_reads) -> None:  # type: ignore[no-untyped-def]
    window, _dana, ana = dana_shown(qtbot, db, dana_json, "overview")
    cara = people.add_person(db, make_person("Cara Diaz")).new_key
    window.changes.people.emit()

    window.switcher.select(ana)
    people.remove_person(db, ana)  # by another window, while Ana is read
    window.switcher.select(cara)
    settle(qtbot, window)

    assert window.switcher.current_key() == cara
    assert window.overview.person_key == cara and window.overview.name.text() == "Cara Diaz"


def test_the_documents_page_follows_changes_to_calls(qtbot, db, dana_json: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window, dana, _ana = dana_shown(qtbot, db, dana_json, "documents")
    redrawn: list[str] = []
    monkeypatch.setattr(window.documents, "refresh", lambda: redrawn.append("documents"))

    window.changes.announce(Changed(dana, calls=True))  # a call's requested documents live on the call
    settle(qtbot, window)

    assert redrawn == ["documents"]


def test_a_measure_just_defined_is_shown_once_the_window_has_read_it(qtbot, db, dana_json: Path) -> None:  # type: ignore[no-untyped-def]
    window, dana, _ana = dana_shown(qtbot, db, dana_json, "measures")

    made = measures.save_definition(db, dana, make_definition("sleep hours", unit="h"))
    window.changes.announce(made)  # the window reads it in the background...
    window.measures._after_save("custom:sleep hours", None)  # ...while the form asks to show it
    settle(qtbot, window)

    assert window.measures.instrument() == "custom:sleep hours"
