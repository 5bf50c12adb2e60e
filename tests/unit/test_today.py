"""A caregiver's Today page in words: what to do next for each case, the calls to return, the papers still
missing, the latest scores and the medicines; and what the window says first when something is pressing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from tests.factories import make_call, make_case, make_event, make_measurement, make_person, make_trial
from triallog.domain.measures import ITEM9_ADVICE
from triallog.domain.rules import Instrument
from triallog.services import people, samples
from triallog.services.calls import open_follow_ups, save_call
from triallog.services.cases import due_all, due_for_person
from triallog.services.today import MOST_NAMED, Link, Place, build_today, start_notice
from triallog.services.transfer import import_path
from triallog.services.workspace import Database

#: the day after Dana's last call: Cigna's follow-up is tomorrow, the decision in 11 days
DAY = date(2023, 1, 29)


def dana(db: Database, dana_json: Path):  # type: ignore[no-untyped-def]
    import_path(db, dana_json)
    return people.load_person(db, people.find_person(db, "Dana Rivera").key)


def test_dana_s_page_names_the_next_step_the_call_to_return_and_the_papers_cigna_asked_for(db, dana_json) -> None:  # type: ignore[no-untyped-def]
    page = build_today(dana(db, dana_json), DAY)

    assert [line.text for line in page.steps] == [
        "CG-2023-0045871: Wait for Cigna's decision on the request; if none has come by then, call — by Feb 9, "
        "2023 (not yet checked against the law's text)."
    ]
    assert page.steps[0].when == "In 11 days" and page.steps[0].link.place is Place.CASES
    (follow_up,) = page.follow_ups
    assert follow_up.text.startswith("Follow up with Cigna (call of Jan 27, 2023")
    assert follow_up.text.endswith("— due Mon 30 Jan 2023.")
    assert follow_up.when == "Tomorrow" and follow_up.link.place is Place.CALLS and follow_up.link.key
    assert [line.text for line in page.missing] == [
        "Prescriber statement — asked for by Cigna on Jan 23, 2023, for CG-2023-0045871.",
        "Chart notes for the topiramate trial — asked for by Cigna on Jan 23, 2023, for CG-2023-0045871.",
    ]
    assert all(line.link == page.steps[0].link for line in page.missing)  # handled on the case's page
    assert [line.text.split(" · ")[0] for line in page.medicines] == [
        "erenumab (Aimovig), 70 mg/mL, 70 mg once monthly, subcutaneous"
    ]
    assert page.medicines[0].link.place is Place.TRIALS
    assert page.scores == () and page.item9 is None and not page.sample


def test_a_decided_case_leaves_the_page_with_the_papers_asked_for_it() -> None:
    person = make_person(
        cases=[
            make_case(
                status="approved", events=[make_event("2023-01-20", "denied"), make_event("2023-02-01", "approved")]
            )
        ],
        calls=[make_call(case="x1", requested_documents=["chart notes"]), make_call(requested_documents=["ID card"])],
    )

    page = build_today(person, DAY)

    assert page.steps == ()
    assert [line.text.split(" — ")[0] for line in page.missing] == ["ID card"]  # asked with no case: still wanted
    assert page.missing[0].link == Link(Place.DOCUMENTS)


def test_the_latest_phq9_and_gad7_with_their_bands_and_the_item_9_notice() -> None:
    items = [1, 2, 1, 2, 1, 1, 2, 1, 1]  # item 9 answered 1
    person = make_person(
        measurements=[
            make_measurement(Instrument.PHQ9, "2022-11-02", 5, key="m1"),
            make_measurement(Instrument.PHQ9, "2023-01-10", 12, key="m2", items=items),
            make_measurement(Instrument.GAD7, "2023-01", 16, key="m3"),
            make_measurement("NRS-pain", "2023-01-20", 7, key="m4"),
        ]
    )

    page = build_today(person, DAY)

    assert [line.text for line in page.scores] == [
        "PHQ-9: 12, moderate (Jan 10, 2023).",
        "GAD-7: 16, severe (Jan 2023).",
    ]
    assert page.scores[0].link == Link(Place.MEASURES, "m2", Instrument.PHQ9)
    assert page.item9 is not None and page.item9.text.endswith(ITEM9_ADVICE)
    assert "Jan 10, 2023" in page.item9.text and "988" in page.item9.text
    assert page.item9.link == Link(Place.MEASURES, "m2", Instrument.PHQ9)


def test_an_older_item_9_answer_is_not_repeated_once_a_later_phq9_says_0() -> None:
    person = make_person(
        measurements=[
            make_measurement(Instrument.PHQ9, "2022-11-02", 14, items=[2, 2, 1, 2, 1, 2, 2, 1, 1]),
            make_measurement(Instrument.PHQ9, "2023-01-10", 6, items=[1, 1, 1, 1, 1, 1, 0, 0, 0]),
        ]
    )

    assert build_today(person, DAY).item9 is None


def test_only_what_is_taken_now_is_a_current_medicine() -> None:
    person = make_person(
        trials=[
            make_trial("topiramate", "2020-02", end="2020-07", key="t1"),
            make_trial("erenumab", "2021-02-01", "ongoing", key="t2", brand="Aimovig", indication="migraine"),
        ]
    )

    assert [line.text for line in build_today(person, DAY).medicines] == [
        "erenumab (Aimovig) · since Feb 1, 2021 · for migraine"
    ]


def test_at_start_the_window_says_what_is_overdue_or_due_within_three_days_and_for_whom(db, dana_json) -> None:  # type: ignore[no-untyped-def]
    dana(db, dana_json)
    sam = people.add_person(db, make_person("Sam Okafor")).new_key
    save_call(db, sam, make_call("2023-01-10T11:00:00-05:00", organization="Express Scripts", follow_up="2023-01-20"))

    notice = start_notice(due_all(db, DAY), DAY)

    assert notice is not None
    assert notice.headline == "1 thing is overdue and 1 is due within 3 days."
    assert notice.lines[0] == ("Sam Okafor: Follow up with Express Scripts — overdue by 9 days, Fri 20 Jan 2023.")
    assert notice.lines[1].startswith("Dana Rivera, CG-2023-0045871: Follow up with Cigna (call of Jan 27, 2023")
    assert notice.lines[1].endswith("— tomorrow, Mon 30 Jan 2023.")
    # Cigna's decision, 11 days off, is on the Due page but not said at start
    assert not any("Decision due" in line for line in notice.lines)


def test_nothing_pressing_says_nothing(db, dana_json) -> None:  # type: ignore[no-untyped-def]
    dana(db, dana_json)

    assert start_notice(due_all(db, date(2023, 1, 20)), date(2023, 1, 20)) is None


def test_a_long_list_names_the_first_few_and_counts_the_rest() -> None:
    calls = [
        make_call(f"2023-01-{10 + i:02d}T09:00:00-06:00", organization=f"Org {i}", follow_up="2023-01-25")
        for i in range(8)
    ]
    entries = due_for_person(make_person("Ana Lima", calls=calls), open_follow_ups(calls), DAY)

    notice = start_notice(entries, DAY)

    assert notice is not None and notice.headline == "8 things are overdue."
    assert len(notice.lines) == MOST_NAMED + 1 and notice.lines[-1] == "… and 3 more on the Due page."


def test_the_sample_record_never_raises_an_alarm(db) -> None:  # type: ignore[no-untyped-def]
    samples.open_sample(db)
    sam = people.load_person(db, people.list_people(db)[0].key)

    assert due_all(db) == []  # its 2022 follow-up is not on the Due list
    assert start_notice(due_all(db), date.today()) is None
    page = build_today(sam, date.today())
    assert page.sample and page.follow_ups  # its story is shown on its own page, never counted as due
    assert all(line.when == "" and not line.overdue for line in page.follow_ups)


def test_the_sample_is_named_with_the_mark_and_a_renamed_one_counts_like_anyone() -> None:
    record = json.loads(samples.sample_bytes())
    assert samples.is_sample(record["people"][0]["name"])
    assert samples.SAMPLE_MARK in record["people"][0]["name"]
    assert not samples.is_sample("Sam Sample")
