"""A caregiver puts every open deadline into the calendar they look at every day, and imports it again later."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from icalendar import Calendar

from tests.factories import make_call, make_case, make_coverage, make_event, make_person
from triallog import APP_ID
from triallog.domain.enums import PlanType
from triallog.services.calendar_file import REMIND_DAYS_BEFORE, calendar_bytes, open_items, person_items
from triallog.services.calls import save_call
from triallog.services.cases import due_all, due_json, save_case
from triallog.services.people import add_person
from triallog.services.plans import save_coverage


def _events(data: bytes) -> list[Any]:
    """The file as a calendar program reads it: every VEVENT."""
    return list(Calendar.from_ical(data).walk("VEVENT"))


def _marketplace_person(zone: str, submitted: str) -> Any:
    """A formulary exception sent at a known time under a marketplace plan: the plan has 72 hours."""
    return make_person(
        time_zone=zone,
        coverages=[make_coverage("Blue", key="c1", plan_type="marketplace")],
        cases=[
            make_case(
                coverage="c1",
                kind="non_formulary",
                denial_reference="BX-1",
                events=[make_event(submitted, "submitted")],
            )
        ],
    )


def test_each_open_item_from_the_day_on_becomes_one_all_day_event_on_the_due_lists_day(db) -> None:  # type: ignore[no-untyped-def]
    dana = add_person(db, make_person("Dana Rivera", time_zone="America/Chicago")).new_key
    cigna = save_coverage(db, dana, make_coverage("Cigna", key="", plan_type=PlanType.SELF_FUNDED_EMPLOYER)).new_key
    case = save_case(
        db,
        dana,
        make_case(key="", coverage=cigna, denial_reference="CG-2023-0045871", events=[make_event("2023-01-25")]),
    ).new_key
    save_call(db, dana, make_call("2023-01-27T09:15:00-06:00", case=case, follow_up="2023-01-30"))
    sam = add_person(db, make_person("Sam Okafor")).new_key
    save_call(db, sam, make_call("2023-01-31T09:00:00-06:00", organization="CVS Caremark", follow_up="2023-03"))

    today = date(2023, 2, 1)
    events = _events(calendar_bytes(open_items(db, today)))
    # The Due list on that day: the 01-30 follow-up is overdue, so it is not on a calendar from today on.
    shown = [row for row in due_json(due_all(db, today)) if not row["overdue"]]
    assert [e.decoded("dtstart") for e in events] == [date(2023, 2, 9), date(2023, 3, 31)]
    assert [row["due"][:10] for row in shown] == ["2023-02-09", "2023-03"]
    decision, follow_up = events
    assert str(decision["summary"]) == "Dana Rivera: decision due (CG-2023-0045871)"
    assert decision.decoded("dtend") == date(2023, 2, 10)  # one whole day
    description = str(decision["description"])
    assert description.startswith("Wait for Cigna's decision on the request; if none has come by then, call")
    assert "For Dana Rivera, case CG-2023-0045871." in description
    assert "29 CFR 2560.503-1" in description and "Not legal advice" in description
    assert str(follow_up["summary"]) == "Sam Okafor: follow up with CVS Caremark"
    assert "by the end of Mar 2023" in str(follow_up["description"])  # as the Due list says it
    assert "Noted in the call log: 2023-01-31." in str(follow_up["description"])
    assert str(decision["transp"]) == "TRANSPARENT"


def test_each_event_reminds_three_days_before_and_on_the_day_in_the_morning() -> None:
    person = _marketplace_person("America/Phoenix", "2023-01-25T09:30:00-06:00")
    [event] = _events(calendar_bytes(person_items(person, date(2023, 1, 26))))
    alarms = event.walk("VALARM")
    assert [a.decoded("trigger") for a in alarms] == [
        timedelta(days=-REMIND_DAYS_BEFORE, hours=9),
        timedelta(hours=9),
    ]
    assert all(str(a["action"]) == "DISPLAY" for a in alarms)
    assert "BX-1" in str(alarms[0]["description"])


def test_a_due_time_lands_on_its_day_where_the_person_lives_not_in_utc() -> None:
    # Sent at 7 AM in Tokyo: due 72 hours later, Jan 28 at 7 AM there, which is still Jan 27 in UTC.
    person = _marketplace_person("Asia/Tokyo", "2023-01-25T07:00:00+09:00")
    [item] = person_items(person, date(2023, 1, 26))
    assert item.day == date(2023, 1, 28)
    assert item.by == "by Jan 28, 2023, 7:00 AM JST"
    [event] = _events(calendar_bytes([item]))
    assert event.decoded("dtstart") == date(2023, 1, 28)
    assert "Jan 28, 2023, 7:00 AM JST" in str(event["description"])


def test_an_item_due_today_is_kept_and_one_due_yesterday_is_left_out() -> None:
    person = make_person(calls=[make_call("2023-01-27T09:15:00-06:00", organization="Cigna", follow_up="2023-02-01")])
    assert [i.day for i in person_items(person, date(2023, 2, 1))] == [date(2023, 2, 1)]
    assert person_items(person, date(2023, 2, 2)) == []


def test_importing_again_after_a_corrected_date_updates_the_same_event() -> None:
    denied = make_person(
        "Dana Rivera",
        coverages=[make_coverage("Blue", key="c1", plan_type="marketplace")],
        cases=[make_case(key="7", coverage="c1", denial_reference="BX-9", events=[make_event("2023-01-20", "denied")])],
    )
    [first] = person_items(denied, date(2023, 2, 1))
    denied.cases[0].events = [make_event("2023-01-23", "denied")]  # the letter's date was typed wrong
    [corrected] = person_items(denied, date(2023, 2, 1))
    assert corrected.uid == first.uid == f"case-7-denied-1@{APP_ID}"
    assert corrected.day > first.day

    # A second denial, after the appeal, is a deadline of its own.
    denied.cases[0].events += [make_event("2023-02-01", "appealed"), make_event("2023-02-20", "denied")]
    uids = {i.uid for i in person_items(denied, date(2023, 2, 21))}
    assert uids == {f"case-7-denied-2@{APP_ID}"}


def test_every_file_names_the_same_items_by_the_same_uids_and_marks_itself_newer() -> None:
    person = _marketplace_person("America/Phoenix", "2023-01-25T09:30:00-06:00")
    items = person_items(person, date(2023, 1, 26))
    monday = _events(calendar_bytes(items, now=datetime(2025, 3, 3, 9, 0, tzinfo=UTC)))
    tuesday = _events(calendar_bytes(items, now=datetime(2025, 3, 4, 9, 0, tzinfo=UTC)))
    assert [str(e["uid"]) for e in monday] == [str(e["uid"]) for e in tuesday]
    assert int(tuesday[0]["sequence"]) > int(monday[0]["sequence"])


def test_the_file_is_a_calendar_any_program_reads() -> None:
    data = calendar_bytes(person_items(_marketplace_person("America/Phoenix", "2023-01-25T09:30:00-06:00")))
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    calendar = Calendar.from_ical(data)
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["prodid"]).startswith("-//TrialLog//")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # folded, as RFC 5545 asks


def test_one_persons_items_from_the_record_are_those_read_from_the_database(db) -> None:  # type: ignore[no-untyped-def]
    from triallog.services.people import load_person

    dana = add_person(db, make_person("Dana Rivera")).new_key
    save_call(db, dana, make_call("2023-01-27T09:15:00-06:00", organization="Cigna", follow_up="2023-02-03"))
    sam = add_person(db, make_person("Sam Okafor")).new_key
    save_call(db, sam, make_call("2023-01-27T09:15:00-06:00", organization="CVS", follow_up="2023-02-04"))
    today = date(2023, 2, 1)
    assert open_items(db, today, dana) == person_items(load_person(db, dana), today)
    assert [i.person for i in open_items(db, today)] == ["Dana Rivera", "Sam Okafor"]
