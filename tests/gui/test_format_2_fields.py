"""The window edits every field format version 2 added: a person's time zone (found by city), the plan's
contact block, the representative's authority, the date on a plan's letter and the day it arrived, a
measure's goal and the questionnaires' closing question."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QLabel, QWidget

from tests.factories import exchange_bytes, make_case, make_coverage, make_event, make_person
from triallog.domain.dates import PartialDate
from triallog.domain.enums import AuthorityKind, CaseStatus
from triallog.domain.records import Person
from triallog.domain.zones import computer_zone_name
from triallog.gui.changes import Changes
from triallog.gui.dialogs.call_dialog import CallDialog
from triallog.gui.dialogs.case_dialog import StatusDialog
from triallog.gui.dialogs.coverage_dialog import CoverageDialog
from triallog.gui.dialogs.measure_definition_dialog import MeasureDefinitionDialog
from triallog.gui.dialogs.person_dialog import PersonDialog
from triallog.gui.dialogs.questionnaire_dialog import QuestionnaireDialog
from triallog.gui.views.cases_view import CasesView
from triallog.services import people
from triallog.services.measures import list_measurements
from triallog.services.transfer import import_bytes, import_path

SHOTS = Path("/tmp/gui-shots")


def save(dialog: QWidget) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    QTest.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def error_beside(dialog: QWidget, field: str) -> str:
    label = dialog.findChild(QLabel, f"error:{field}")
    assert label is not None, f"no error label for {field}"
    return label.text() if label.isVisibleTo(dialog) else ""


def shot(widget: QWidget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    widget.grab().save(str(SHOTS / f"format2-{name}.png"))


def test_a_new_person_starts_in_this_computers_zone_and_a_city_typed_finds_its_zone(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    dialog = PersonDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.zone.currentData() == computer_zone_name()

    dialog.inputs["name"].setText("Rosa Núñez")  # type: ignore[union-attr]
    line, completer = dialog.zone.lineEdit(), dialog.zone.completer()
    assert line is not None and completer is not None  # the zone box is typed into, and completes
    line.clear()
    qtbot.keyClicks(line, "phoenix")
    popup = completer.popup()
    assert popup is not None and popup.isVisible() and "America/Phoenix" in completer.currentCompletion()
    shot(dialog, "person-zone-search")
    dialog.zone.setCurrentIndex(dialog.zone.findData("America/Phoenix"))
    save(dialog)

    person = people.load_person(db, people.list_people(db)[0].key)
    assert person.time_zone == "America/Phoenix"


def test_a_zone_that_does_not_exist_is_refused_beside_the_field_and_kept(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    dialog = PersonDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.inputs["name"].setText("Rosa Núñez")  # type: ignore[union-attr]
    dialog.zone.setEditText("Atlantis/Lost")

    save(dialog)

    assert dialog.isVisible() and "time zone name" in error_beside(dialog, "time_zone")
    assert dialog.zone.currentText() == "Atlantis/Lost"
    assert people.list_people(db) == []


def test_the_representatives_authority_is_recorded_with_its_kind_and_the_day_it_was_signed(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    key = people.add_person(db, Person(name="Ruth Adeyemi", time_zone="America/New_York")).new_key
    dialog = PersonDialog(db, key)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.zone.currentData() == "America/New_York"
    dialog.inputs["representative.name"].setText("Tunde Adeyemi")  # type: ignore[union-attr]
    kinds = dialog.inputs["representative.authority_kind"]
    assert isinstance(kinds, QComboBox)
    kinds.setCurrentIndex(kinds.findData(AuthorityKind.CMS_1696.value))
    dialog.inputs["representative.authority_signed"].setText("2024-02-21")  # type: ignore[union-attr]
    shot(dialog, "person-authority")

    save(dialog)

    rep = people.load_person(db, key).representative
    assert rep is not None and rep.name == "Tunde Adeyemi"
    assert (rep.authority_kind, rep.authority_signed) == (AuthorityKind.CMS_1696, PartialDate(2024, 2, 21))


def test_the_plans_contact_block_is_kept(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    key = people.add_person(db, Person(name="Ruth Adeyemi")).new_key
    dialog = CoverageDialog(db, key)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.inputs["carrier"].setText("Humana")  # type: ignore[union-attr]
    dialog.inputs["contact_phone"].setText("800-555-0120")  # type: ignore[union-attr]
    dialog.inputs["contact_fax"].setText("800-555-0121")  # type: ignore[union-attr]
    dialog.inputs["appeals_address"].setPlainText("Humana Appeals\nPO Box 14165\nLexington, KY 40512")  # type: ignore[union-attr]
    dialog.inputs["appeals_fax"].setText("800-949-2961")  # type: ignore[union-attr]
    shot(dialog, "plan-contact")

    save(dialog)

    (plan,) = people.load_person(db, key).coverages
    assert (plan.contact_phone, plan.contact_fax, plan.appeals_fax) == ("800-555-0120", "800-555-0121", "800-949-2961")
    assert plan.appeals_address == "Humana Appeals\nPO Box 14165\nLexington, KY 40512"


def denied_case_view(qtbot, db) -> tuple[CasesView, str]:  # type: ignore[no-untyped-def]
    person = make_person(
        "Ruth Adeyemi",
        time_zone="America/Los_Angeles",
        coverages=[
            make_coverage(
                "Humana",
                plan_type="medicare_part_d",
                state="CA",
                appeals_address="Humana Appeals\nPO Box 14165\nLexington, KY 40512",
                appeals_fax="800-949-2961",
            )
        ],
        cases=[
            make_case(
                "Trulicity", coverage="c1", denial_date="2025-01-02", events=[make_event("2024-12-30", "submitted")]
            )
        ],
    )
    import_bytes(db, exchange_bytes(person))
    key = people.list_people(db)[0].key
    view = CasesView(db, Changes(), today=date(2025, 1, 10))
    qtbot.addWidget(view)
    view.resize(1200, 820)
    view.show()
    view.set_person(key)
    return view, key


def test_a_denial_asks_for_the_letters_date_prefilled_from_the_case_and_the_day_it_arrived(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    view, key = denied_case_view(qtbot, db)
    qtbot.mouseClick(view.status_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, StatusDialog)
    assert not dialog.letter_box.isVisible()  # a pending status has no letter
    status = dialog.inputs["status"]
    assert isinstance(status, QComboBox)
    status.setCurrentIndex(status.findData(CaseStatus.DENIED.value))
    assert dialog.letter_box.isVisible()
    assert dialog.inputs["notice_date"].text() == "Jan 2, 2025"  # type: ignore[union-attr]  # from the case
    assert dialog.inputs["received"].text() == ""  # type: ignore[union-attr]  # never silently today
    dialog.inputs["date"].setText("2025-01-09")  # type: ignore[union-attr]
    dialog.inputs["received"].setText("2024-12-31")  # type: ignore[union-attr]
    shot(dialog, "status-denied")

    save(dialog)  # arrived before its own date: refused beside the field, nothing lost
    assert dialog.isVisible() and "before the date on the notice" in error_beside(dialog, "received").lower()
    assert dialog.inputs["received"].text() == "2024-12-31"  # type: ignore[union-attr]

    dialog.inputs["received"].setText("2025-01-04")  # type: ignore[union-attr]
    save(dialog)
    qtbot.waitUntil(lambda: view.dialog is None)

    denied = people.load_person(db, key).cases[0].events[-1]
    assert (denied.status, denied.notice_date, denied.received) == (
        CaseStatus.DENIED,
        PartialDate(2025, 1, 2),
        PartialDate(2025, 1, 4),
    )
    detail = view.detail.widget()
    assert detail is not None
    shown = "\n".join(label.text() for label in detail.findChildren(QLabel))
    # The appeal counts from the day the letter arrived (before the presumed Jan 7), not the day it was logged.
    assert "Next step: Ask for a redetermination (the plan's first appeal) — by Mar 5, 2025" in shown
    assert (
        "Send it to the plan's appeals address: Humana Appeals PO Box 14165 Lexington, KY 40512; fax 800-949-2961."
        in shown
    )
    assert "Counted from the notice dated Jan 2, 2025, received Jan 4, 2025." in shown
    assert "Jan 9, 2025  ·  Denied  ·  letter dated Jan 2, 2025  ·  arrived Jan 4, 2025" in shown
    shot(view, "denied-next-step")


def test_a_status_typed_with_a_time_is_the_persons_local_time(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    view, key = denied_case_view(qtbot, db)
    qtbot.mouseClick(view.status_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, StatusDialog)
    dialog.inputs["date"].setText("2025-01-09 14:30")  # type: ignore[union-attr]
    save(dialog)
    qtbot.waitUntil(lambda: view.dialog is None)

    when = people.load_person(db, key).cases[0].events[-1].when
    assert isinstance(when, datetime) and when == datetime(2025, 1, 9, 14, 30, tzinfo=ZoneInfo("America/Los_Angeles"))
    assert (offset := when.utcoffset()) is not None and offset.total_seconds() == -8 * 3600


def test_a_call_is_typed_and_shown_in_the_persons_zone(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    key = people.add_person(db, Person(name="Rosa Núñez", time_zone="America/Phoenix")).new_key
    now = datetime(2025, 7, 1, 17, 0, tzinfo=ZoneInfo("UTC"))
    dialog = CallDialog(db, Changes(), key, now=now)
    qtbot.addWidget(dialog)
    dialog.show()

    assert dialog.when.dateTime().toString("yyyy-MM-dd HH:mm") == "2025-07-01 10:00"  # 17:00 UTC in Phoenix
    assert dialog.offset_label.text() == "Rosa Núñez's time: MST, America/Phoenix"
    assert dialog.when_value().utcoffset().total_seconds() == -7 * 3600  # type: ignore[union-attr]


def test_a_measures_goal_and_a_questionnaires_closing_question_are_saved(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    key = people.add_person(db, Person(name="Ruth Adeyemi")).new_key
    changes = Changes()
    definition = MeasureDefinitionDialog(db, changes, key)
    qtbot.addWidget(definition)
    definition.show()
    definition.inputs["name"].setText("HbA1c")  # type: ignore[union-attr]
    definition.inputs["unit"].setText("%")  # type: ignore[union-attr]
    definition.inputs["min"].setText("4")  # type: ignore[union-attr]
    definition.inputs["max"].setText("20")  # type: ignore[union-attr]
    definition.inputs["goal"].setText("30")  # type: ignore[union-attr]
    save(definition)
    assert definition.isVisible() and "range" in error_beside(definition, "goal")
    definition.inputs["goal"].setText("7,0")  # type: ignore[union-attr]  # a decimal comma is read as a point
    save(definition)
    assert people.load_person(db, key).measure_definitions[0].goal == 7.0

    phq = QuestionnaireDialog(db, changes, key, "PHQ-9", today=date(2025, 1, 10))
    qtbot.addWidget(phq)
    phq.show()
    for row in phq.rows:
        row.set_value(1)
    assert phq.difficulty.currentData() is None  # not answered until chosen
    phq.difficulty.setCurrentIndex(phq.difficulty.findData(2))
    assert phq.difficulty.currentText() == "Very difficult (2)"
    shot(phq, "phq9-difficulty")
    save(phq)
    (saved,) = list_measurements(db, key)
    assert (saved.score, saved.difficulty) == (9, 2)


def test_the_overview_shows_the_zone_the_authority_and_where_appeals_go(qtbot, db, dana_json) -> None:  # type: ignore[no-untyped-def]
    from triallog.gui.views.overview_view import OverviewView

    import_path(db, dana_json)
    key = people.list_people(db)[0].key
    view = OverviewView(db, Changes())
    qtbot.addWidget(view)
    view.show()
    view.set_person(key)

    shown = "\n".join(label.text() for label in view.findChildren(QLabel) if label.isVisibleTo(view))
    assert "Time zone: America/Chicago (C" in shown
    assert "Requests: phone 800-555-0190 · fax 800-555-0191" in shown
    assert "Appeals: Cigna Appeals Unit PO Box 188011 Chattanooga, TN 37422 · fax 800-555-0192" in shown


def test_the_letters_dates_of_a_decision_already_recorded_can_be_added(qtbot, db, dana_v1_json) -> None:  # type: ignore[no-untyped-def]
    import_path(db, dana_v1_json)  # version 1: the denial's letter date comes from the case, its arrival is unknown
    key = people.list_people(db)[0].key
    view = CasesView(db, Changes(), today=date(2023, 1, 26))
    qtbot.addWidget(view)
    view.resize(1200, 820)
    view.show()
    view.set_person(key)
    detail = view.detail.widget()
    assert detail is not None
    shown = "\n".join(label.text() for label in detail.findChildren(QLabel))
    assert "Counted from the notice dated Jan 20, 2023: the day it arrived was not recorded" in shown
    assert sorted(view.letter_buttons) == [0]  # only the denial is a plan's letter

    qtbot.mouseClick(view.letter_buttons[0], Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert dialog is not None and dialog.inputs["notice_date"].text() == "Jan 20, 2023"  # type: ignore[union-attr]
    dialog.inputs["received"].setText("2023-01-24")  # type: ignore[union-attr]
    save(dialog)
    qtbot.waitUntil(lambda: view.dialog is None)

    event = people.load_person(db, key).cases[0].events[0]
    assert (event.notice_date, event.received) == (PartialDate(2023, 1, 20), PartialDate(2023, 1, 24))
    detail = view.detail.widget()
    assert detail is not None
    shown = "\n".join(label.text() for label in detail.findChildren(QLabel))
    assert "Counted from the notice dated Jan 20, 2023, received Jan 24, 2023." in shown
