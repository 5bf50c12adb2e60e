"""A caregiver records a denial, follows its status, logs the calls and sees what is due."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import (
    day,
    make_call,
    make_case,
    make_claim,
    make_coverage,
    make_event,
    make_person,
    make_prescriber,
    make_trial,
    moment,
)
from triallog.domain.enums import CaseStatus, Ground, Outcome, PlanType
from triallog.domain.errors import ValidationError
from triallog.services import calls as call_service
from triallog.services.calls import delete_call, list_calls, save_call, search_calls
from triallog.services.cases import (
    EarlierThanPrevious,
    accept_suggestion,
    add_event,
    cases_json,
    delete_case,
    due_all,
    due_json,
    list_cases,
    parse_event_date,
    remove_claim,
    save_case,
    save_claim,
    suggestions,
)
from triallog.services.changes import Changes
from triallog.services.people import add_person, load_person
from triallog.services.plans import save_coverage, save_prescriber


@pytest.fixture
def dana(db) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Dana with her self-funded Cigna plan and her neurologist; the keys the services handed out."""
    person = add_person(db, make_person("Dana Rivera")).new_key
    coverage = save_coverage(
        db, person, make_coverage("Cigna", key="", plan_type=PlanType.SELF_FUNDED_EMPLOYER, start="2023-01-01")
    ).new_key
    prescriber = save_prescriber(db, person, make_prescriber(key="")).new_key
    return {"person": person, "coverage": coverage, "prescriber": prescriber}


def _stored(db, dana: dict[str, str], key: str):  # type: ignore[no-untyped-def]
    """The case as saved."""
    return next(c for c in list_cases(db, dana["person"]) if c.key == key)


def _case(dana: dict[str, str], **fields):  # type: ignore[no-untyped-def]
    fields.setdefault("required_drugs", ["topiramate", "propranolol"])
    fields.setdefault("denial_reference", "CG-2023-0045871")
    return make_case(key="", coverage=dana["coverage"], prescriber=dana["prescriber"], **fields)


# -- cases -------------------------------------------------------------------------------------


def test_a_new_case_is_saved_with_its_drugs_grounds_and_events_and_reads_back(db, dana) -> None:  # type: ignore[no-untyped-def]
    case = _case(
        dana,
        grounds=["prior_failure"],
        events=[make_event("2023-01-25", "submitted"), make_event("2023-01-20", "denied", "letter came")],
    )
    key = save_case(db, dana["person"], case).new_key
    [saved] = list_cases(db, dana["person"])
    assert saved.key == key
    assert saved.required_drugs == ["topiramate", "propranolol"]
    assert saved.grounds == [Ground.PRIOR_FAILURE]
    assert [(e.when, e.status) for e in saved.events] == [
        (date(2023, 1, 20), CaseStatus.DENIED),
        (date(2023, 1, 25), CaseStatus.SUBMITTED),
    ]
    assert saved.events[0].note == "letter came"
    assert saved.status is CaseStatus.SUBMITTED  # the latest event's, not the factory's "pending"
    assert saved.coverage == dana["coverage"] and saved.prescriber == dana["prescriber"]


def test_saving_a_case_again_replaces_its_fields_drugs_grounds_and_events(db, dana) -> None:  # type: ignore[no-untyped-def]
    key = save_case(
        db, dana["person"], _case(dana, grounds=["prior_failure"], events=[make_event("2023-01-20", "denied")])
    ).new_key
    changed = _case(
        dana,
        required_drugs=["rimegepant (Nurtec ODT)"],
        grounds=["stable_on_current", "contraindicated"],
        events=[make_event("2023-02-02", "approved")],
        denial_reference="NEW-1",
    )
    changed.key = key
    assert save_case(db, dana["person"], changed) == Changes(person=dana["person"], cases=True)  # nothing created
    [saved] = list_cases(db, dana["person"])
    assert saved.denial_reference == "NEW-1"
    assert saved.required_drugs == ["rimegepant (Nurtec ODT)"]
    assert saved.grounds == [Ground.STABLE_ON_CURRENT, Ground.CONTRAINDICATED]
    assert [e.status for e in saved.events] == [CaseStatus.APPROVED]
    assert saved.status is CaseStatus.APPROVED


def test_a_case_without_a_requested_drug_is_refused_naming_the_field_and_nothing_is_saved(db, dana) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        save_case(db, dana["person"], _case(dana, requested_drug="   "))
    assert caught.value.field == "requested_drug"
    assert caught.value.rule == "required"
    assert list_cases(db, dana["person"]) == []


def test_a_case_naming_a_plan_of_someone_else_is_refused(db, dana) -> None:  # type: ignore[no-untyped-def]
    other = add_person(db, make_person("Sam Okafor")).new_key
    their_plan = save_coverage(db, other, make_coverage("Aetna", key="")).new_key
    case = _case(dana)
    case.coverage = their_plan
    with pytest.raises(ValidationError) as caught:
        save_case(db, dana["person"], case)
    assert caught.value.field == "coverage"


def test_deleting_a_case_keeps_its_calls_unlinked(db, dana) -> None:  # type: ignore[no-untyped-def]
    key = save_case(db, dana["person"], _case(dana)).new_key
    save_call(db, dana["person"], make_call(case=key, reference_number="CALL-1"))
    delete_case(db, dana["person"], key)
    assert list_cases(db, dana["person"]) == []
    [call] = list_calls(db, dana["person"])
    assert call.case is None and call.reference_number == "CALL-1"


# -- status history ------------------------------------------------------------------------------


def test_each_new_event_becomes_the_status_and_the_history_stays_oldest_first(db, dana) -> None:  # type: ignore[no-untyped-def]
    key = save_case(db, dana["person"], _case(dana, status="draft")).new_key
    add_event(db, dana["person"], key, make_event("2023-01-20", "denied"))
    add_event(db, dana["person"], key, make_event("2023-01-25T09:30:00-06:00", "submitted"))
    add_event(db, dana["person"], key, make_event("2023-01-25T16:00:00-06:00", "pending", "received"))
    case = _stored(db, dana, key)
    assert [e.status for e in case.events] == [CaseStatus.DENIED, CaseStatus.SUBMITTED, CaseStatus.PENDING]
    assert case.status is CaseStatus.PENDING
    assert list_cases(db, dana["person"])[0].status is CaseStatus.PENDING


def test_a_wrong_transition_is_allowed_because_real_life_is_messy(db, dana) -> None:  # type: ignore[no-untyped-def]
    key = save_case(db, dana["person"], _case(dana)).new_key
    add_event(db, dana["person"], key, make_event("2023-01-20", "approved"))
    add_event(db, dana["person"], key, make_event("2023-01-21", "draft"))
    case = _stored(db, dana, key)
    assert case.status is CaseStatus.DRAFT


def test_an_event_before_the_latest_asks_for_confirmation_then_takes_its_place_in_time(db, dana) -> None:  # type: ignore[no-untyped-def]
    key = save_case(db, dana["person"], _case(dana)).new_key
    add_event(db, dana["person"], key, make_event("2023-01-20", "denied"))
    add_event(db, dana["person"], key, make_event("2023-01-27", "pending"))
    late_entry = make_event("2023-01-25", "submitted", "faxed")
    with pytest.raises(EarlierThanPrevious) as caught:
        add_event(db, dana["person"], key, late_entry)
    assert isinstance(caught.value, ValidationError)
    assert caught.value.field == "date"
    assert "2023-01-27" in caught.value.rule
    assert len(list_cases(db, dana["person"])[0].events) == 2  # nothing changed until confirmed

    add_event(db, dana["person"], key, late_entry, confirm_earlier=True)
    case = _stored(db, dana, key)
    assert [e.when for e in case.events] == [date(2023, 1, 20), date(2023, 1, 25), date(2023, 1, 27)]
    assert case.status is CaseStatus.PENDING  # still the latest event's


def test_an_event_on_the_same_day_as_the_latest_needs_no_confirmation(db, dana) -> None:  # type: ignore[no-untyped-def]
    key = save_case(db, dana["person"], _case(dana)).new_key
    add_event(db, dana["person"], key, make_event("2023-01-25T15:00:00-06:00", "submitted"))
    add_event(db, dana["person"], key, make_event("2023-01-25", "pending"))
    case = _stored(db, dana, key)
    assert case.status is CaseStatus.PENDING


@pytest.mark.parametrize("text", ["yesterday", "2023-02-30", "", "2023-01-25T10:00"])
def test_an_event_date_that_is_not_a_date_is_refused_naming_the_field(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_event_date(text)
    assert caught.value.field == "date"


def test_event_dates_are_read_as_a_day_or_a_time_with_its_offset() -> None:
    assert parse_event_date(" 2023-01-25 ") == date(2023, 1, 25)
    timed = parse_event_date("2023-01-25T09:30:00-06:00")
    assert isinstance(timed, datetime) and timed.utcoffset() == timedelta(hours=-6)


# -- grounds and due dates ------------------------------------------------------------------------


def test_cases_json_gives_the_suggested_grounds_with_their_trials_and_the_open_clock() -> None:
    plan = make_coverage("Cigna", key="c-now", plan_type="self_funded_employer", start="2023-01-01")
    person = make_person(
        coverages=[make_coverage(key="c-old", end="2022-12-31"), plan],
        trials=[
            make_trial("topiramate", "2020-02", Outcome.ADVERSE_REACTION, end="2020-07", coverage="c-old"),
            make_trial("erenumab", "2021-02-01", Outcome.EFFECTIVE, key="t4", brand="Aimovig"),
        ],
        cases=[
            make_case(
                coverage="c-now",
                required_drugs=["topiramate"],
                denial_reference="CG-1",
                events=[make_event("2023-01-20", "denied"), make_event("2023-01-25", "submitted")],
            )
        ],
    )
    [row] = cases_json(person, date(2023, 2, 1))
    assert set(row) == {
        "reference",
        "requested_drug",
        "required_drugs",
        "status",
        "grounds",
        "claims",
        "suggested_grounds",
        "due",
        "next_step",
    }
    assert row["status"] == "submitted"
    assert [(s["ground"], s["required_drug"]) for s in row["suggested_grounds"]] == [
        ("prior_failure", "topiramate"),
        ("stable_on_current", None),
    ]
    assert row["suggested_grounds"][0]["trials"] == [
        {"drug": "topiramate", "brand": "", "start": "2020-02", "end": "2020-07", "outcome": "adverse_reaction"}
    ]
    # The denial's appeal clock was answered by the new request; the decision is still due.
    denial, decision = row["due"]
    assert denial == {
        "what": "appeal deadline",
        "due": "2023-07-19",
        "started": "2023-01-20",
        "rule": "To appeal, file an internal appeal with the plan within 180 days of receiving its denial.",
        "source": "29 CFR 2560.503-1(h)(3)(i), (h)(4)",
        "verified": False,
        "open": False,
        "answered": "2023-01-25",
        "late": False,
        "overdue": False,
        "consequence": "",
    }
    assert (decision["what"], decision["due"], decision["started"]) == ("decision due", "2023-02-09", "2023-01-25")
    assert (decision["open"], decision["answered"], decision["late"], decision["overdue"]) == (True, None, False, False)
    assert decision["source"] == "29 CFR 2560.503-1(f)(2)(iii)(A)" and decision["verified"] is False
    assert decision["consequence"].startswith("A plan that does not keep to the claims and appeals rules")
    assert row["next_step"] == {
        "what": "Wait for Cigna's decision on the request; if none has come by then, call",
        "due": "2023-02-09",
        "how": "Call Cigna and log the call with its reference number.",
    }
    assert row["claims"] == []


def test_a_plan_of_no_known_type_says_so_instead_of_a_date() -> None:
    person = make_person(
        coverages=[make_coverage("Acme", key="c1", state="TX", plan_type="other")],
        cases=[make_case(coverage="c1", events=[make_event("2023-01-25", "submitted")])],
    )
    [item] = cases_json(person, date(2023, 2, 1))[0]["due"]
    assert item["due"] is None
    assert item["rule"] == "no rule on file: check the plan's letters for the deadline"


def test_an_hour_rule_gives_a_time_with_the_persons_own_offset() -> None:
    person = make_person(
        time_zone="America/Phoenix",
        coverages=[make_coverage("Blue", key="c1", plan_type="marketplace")],
        cases=[
            make_case(
                coverage="c1", kind="non_formulary", events=[make_event("2023-01-25T09:30:00-06:00", "submitted")]
            )
        ],
    )
    [item] = cases_json(person, date(2023, 1, 26))[0]["due"]
    assert item["due"] == "2023-01-28T08:30:00-07:00"
    assert item["started"] == "2023-01-25T08:30:00-07:00"
    assert item["source"] == "45 CFR 156.122(c)(1)(ii)"


# -- calls --------------------------------------------------------------------------------------


def test_calls_are_listed_newest_first_for_the_person_or_one_case(db, dana) -> None:  # type: ignore[no-untyped-def]
    case = save_case(db, dana["person"], _case(dana)).new_key
    save_call(db, dana["person"], make_call("2023-01-23T10:05:00-06:00", case=case, reference_number="CALL-77812"))
    save_call(db, dana["person"], make_call("2023-01-27T09:15:00-06:00", case=case, reference_number="CALL-78340"))
    save_call(db, dana["person"], make_call("2023-01-24T14:40:00-06:00", organization="Walgreens"))
    assert [c.when.day for c in list_calls(db, dana["person"])] == [27, 24, 23]
    assert [c.reference_number for c in list_calls(db, dana["person"], case)] == ["CALL-78340", "CALL-77812"]


def test_a_call_is_changed_and_deleted(db, dana) -> None:  # type: ignore[no-untyped-def]
    key = save_call(db, dana["person"], make_call(requested_documents=["chart notes"])).new_key
    call = make_call(key=key, reference_number="R-2", requested_documents=["prescriber statement"], duration_minutes=5)
    assert save_call(db, dana["person"], call) == Changes(person=dana["person"], calls=True)  # nothing created
    [saved] = list_calls(db, dana["person"])
    assert (saved.reference_number, saved.requested_documents, saved.duration_minutes) == (
        "R-2",
        ["prescriber statement"],
        5,
    )
    delete_call(db, dana["person"], key)
    assert list_calls(db, dana["person"]) == []


def test_a_reference_number_of_only_spaces_is_refused_with_what_to_do(db, dana) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        save_call(db, dana["person"], make_call(reference_number="   "))
    assert caught.value.field == "reference_number"
    assert caught.value.rule == "is only spaces: leave it empty or type the number"
    assert list_calls(db, dana["person"]) == []


def test_a_follow_up_before_the_call_is_refused(db, dana) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        save_call(db, dana["person"], make_call("2023-01-23T10:05:00-06:00", follow_up="2023-01-22"))
    assert caught.value.field == "follow_up"
    assert "before the call's day" in caught.value.rule
    save_call(db, dana["person"], make_call("2023-01-23T10:05:00-06:00", follow_up="2023-01-23"))


def test_a_call_linked_to_a_case_of_someone_else_is_refused(db, dana) -> None:  # type: ignore[no-untyped-def]
    other = add_person(db, make_person("Sam Okafor")).new_key
    their_case = save_case(db, other, make_case(key="")).new_key
    with pytest.raises(ValidationError) as caught:
        save_call(db, dana["person"], make_call(case=their_case))
    assert caught.value.field == "case"


def test_a_reference_number_is_found_by_typing_part_of_it_in_any_capitals() -> None:
    calls = [
        make_call(reference_number="CALL-77812", organization="Cigna"),
        make_call(reference_number="CALL-78340", organization="Cigna", summary="Request under review"),
        make_call(organization="Lakeshore Neurology", representative="Alicia", requested_documents=["chart notes"]),
    ]
    assert [c.reference_number for c in search_calls(calls, "78340")] == ["CALL-78340"]
    assert [c.reference_number for c in search_calls(calls, "call7")] == ["CALL-77812", "CALL-78340"]
    assert [c.reference_number for c in search_calls(calls, "call 783")] == ["CALL-78340"]
    assert [c.organization for c in search_calls(calls, "ALICIA")] == ["Lakeshore Neurology"]
    assert [c.organization for c in search_calls(calls, "chart")] == ["Lakeshore Neurology"]
    assert [c.reference_number for c in search_calls(calls, "review cigna")] == ["CALL-78340"]
    assert search_calls(calls, "  ") == calls
    assert search_calls(calls, "nothing like it") == []


# -- due across everyone --------------------------------------------------------------------------


def test_due_lists_open_clocks_and_follow_ups_for_everyone_overdue_first(db, dana) -> None:  # type: ignore[no-untyped-def]
    case = save_case(
        db,
        dana["person"],
        _case(dana, events=[make_event("2023-01-20", "denied"), make_event("2023-01-25", "submitted")]),
    ).new_key
    # The first follow-up was answered by a later call on the case; the last one is still open.
    save_call(db, dana["person"], make_call("2023-01-23T10:05:00-06:00", case=case, follow_up="2023-01-26"))
    save_call(db, dana["person"], make_call("2023-01-27T09:15:00-06:00", case=case, follow_up="2023-01-30"))
    sam = add_person(db, make_person("Sam Okafor")).new_key
    save_call(db, sam, make_call("2023-01-31T09:00:00-06:00", organization="CVS Caremark", follow_up="2023-02-03"))

    rows = due_json(due_all(db, date(2023, 2, 1)))
    assert [(r["person"], r["case"], r["due"], r["overdue"]) for r in rows] == [
        ("Dana Rivera", "CG-2023-0045871", "2023-01-30", True),
        ("Sam Okafor", None, "2023-02-03", False),
        ("Dana Rivera", "CG-2023-0045871", "2023-02-09", False),
    ]
    assert set(rows[0]) == {"person", "case", "what", "due", "overdue", "source", "started", "verified", "consequence"}
    assert (rows[0]["started"], rows[0]["verified"], rows[0]["consequence"]) == (None, False, "")
    assert rows[2]["source"] == "29 CFR 2560.503-1(f)(2)(iii)(A)"
    assert (rows[2]["started"], rows[2]["verified"]) == ("2023-01-25", False)
    assert "external review" in rows[2]["consequence"]
    assert "CVS Caremark" in rows[1]["what"]

    later = due_json(due_all(db, date(2023, 3, 1)))
    assert [r["overdue"] for r in later] == [True, True, True]
    assert [r["due"] for r in later] == ["2023-01-30", "2023-02-03", "2023-02-09"]


def test_a_follow_up_without_a_case_closes_when_the_same_organization_is_called_again() -> None:
    first = make_call("2023-01-23T10:00:00-06:00", organization="CVS Caremark", follow_up="2023-01-25")
    other = make_call("2023-01-24T10:00:00-06:00", organization="Walgreens", follow_up="2023-01-26")
    again = make_call("2023-01-25T10:00:00-06:00", organization="cvs  caremark")
    assert call_service.open_follow_ups([first, other, again]) == [other]


def test_a_case_named_by_its_requested_drug_when_it_has_no_reference(db, dana) -> None:  # type: ignore[no-untyped-def]
    save_case(db, dana["person"], _case(dana, denial_reference="", events=[make_event("2023-01-25", "submitted")]))
    [row] = due_json(due_all(db, date(2023, 2, 1)))
    assert row["case"] == "erenumab (Aimovig)"
    assert load_person(db, dana["person"]).cases[0].denial_reference == ""


def test_a_clock_with_no_rule_on_file_comes_last_and_says_to_ask_the_plan(db) -> None:  # type: ignore[no-untyped-def]
    person = add_person(db, make_person("Sam Okafor")).new_key
    texas = save_coverage(db, person, make_coverage("Acme", key="", state="TX", plan_type=None)).new_key
    save_case(db, person, make_case(key="", coverage=texas, events=[make_event("2023-01-25", "submitted")]))
    save_call(db, person, make_call("2023-01-31T09:00:00-06:00", organization="Acme", follow_up="2023-03"))
    rows = due_json(due_all(db, date(2023, 2, 1)))
    assert [(r["due"], r["overdue"]) for r in rows] == [("2023-03", False), (None, False)]
    assert rows[1]["what"] == "decision due: no rule on file: check the plan's letters for the deadline"
    assert rows[1]["source"] == ""


def test_an_event_time_without_an_offset_is_refused(db, dana) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    from triallog.domain.records import CaseEvent

    key = save_case(db, dana["person"], _case(dana)).new_key
    with pytest.raises(ValidationError) as caught:
        add_event(db, dana["person"], key, CaseEvent(datetime(2023, 1, 25, 9, 30), CaseStatus.SUBMITTED))
    assert caught.value.field == "date"


def test_saving_the_case_again_keeps_a_same_day_event_where_it_was_added(db, dana) -> None:  # type: ignore[no-untyped-def]
    key = save_case(db, dana["person"], _case(dana)).new_key
    add_event(db, dana["person"], key, make_event("2023-01-25T15:00:00-06:00", "submitted"))
    add_event(db, dana["person"], key, make_event("2023-01-25", "pending"))
    [case] = list_cases(db, dana["person"])
    case.notes = "asked for a peer-to-peer review"
    save_case(db, dana["person"], case)
    [again] = list_cases(db, dana["person"])
    assert [e.status for e in again.events] == [CaseStatus.SUBMITTED, CaseStatus.PENDING]
    assert again.status is CaseStatus.PENDING and again.notes == "asked for a peer-to-peer review"


def test_the_due_view_sections_are_overdue_the_next_14_days_later_and_no_date(db, dana) -> None:  # type: ignore[no-untyped-def]
    from triallog.services.cases import due_section

    save_call(db, dana["person"], make_call("2023-01-02T09:00:00-06:00", organization="A", follow_up="2023-01-10"))
    save_call(db, dana["person"], make_call("2023-01-02T09:00:00-06:00", organization="B", follow_up="2023-02-15"))
    save_call(db, dana["person"], make_call("2023-01-02T09:00:00-06:00", organization="C", follow_up="2023-02-16"))
    entries = due_all(db, date(2023, 2, 1))
    assert [due_section(e, date(2023, 2, 1)) for e in entries] == ["overdue", "soon", "later"]


def test_a_follow_up_ticked_off_leaves_the_due_list_and_can_be_put_back(db, dana) -> None:  # type: ignore[no-untyped-def]
    call = save_call(
        db, dana["person"], make_call("2023-01-24T14:40:00-06:00", organization="Walgreens", follow_up="2023-01-26")
    ).new_key

    def follow_ups() -> list[str]:
        return [row["what"] for row in due_json(due_all(db, date(2023, 2, 1))) if row["case"] is None]

    assert len(follow_ups()) == 1
    call_service.mark_follow_up_done(db, dana["person"], call)
    assert follow_ups() == []
    assert list_calls(db, dana["person"])[0].follow_up_done is True
    call_service.mark_follow_up_done(db, dana["person"], call, done=False)
    assert len(follow_ups()) == 1
    with pytest.raises(ValidationError):
        call_service.mark_follow_up_done(db, dana["person"], "999")


def _naive_open_follow_ups(calls):  # type: ignore[no-untyped-def]
    """The rule as the issue words it, call by call: no later call on the same case (or, with no
    case, the same organization) and not ticked off."""

    def fold(text: str) -> str:
        return " ".join(text.split()).casefold()

    def same_thread(a, b) -> bool:  # type: ignore[no-untyped-def]
        if b.case is not None:
            return a.case == b.case
        return a.case is None and fold(a.organization) == fold(b.organization) and bool(fold(b.organization))

    return [
        call
        for call in calls
        if call.follow_up is not None
        and not call.follow_up_done
        and not any(c is not call and c.when > call.when and same_thread(c, call) for c in calls)
    ]


@given(
    st.lists(
        st.tuples(
            st.integers(0, 30),
            st.sampled_from([None, "x1", "x2"]),
            st.sampled_from(["", "Cigna", " cigna ", "CVS"]),
            st.booleans(),
            st.booleans(),
        ),
        max_size=12,
    )
)
def test_open_follow_ups_keeps_to_the_rule_for_any_calls(rows) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from triallog.services.calls import open_follow_ups

    start = moment("2024-01-01T09:00:00-06:00")
    calls = [
        make_call(
            start + timedelta(hours=hour), case=case, organization=org, follow_up=day("2024-03-01") if has else None
        )
        for hour, case, org, has, _done in rows
    ]
    for call, row in zip(calls, rows, strict=True):
        call.follow_up_done = row[4]

    assert open_follow_ups(calls) == _naive_open_follow_ups(calls)


def test_a_first_denials_letter_date_becomes_the_cases_denial_date_and_its_arrival_is_checked(db, dana) -> None:  # type: ignore[no-untyped-def]
    from triallog.domain.dates import PartialDate
    from triallog.services.cases import add_event, set_letter_dates

    key = save_case(db, dana["person"], _case(dana, events=[make_event("2023-01-10", "submitted")])).new_key
    denied = make_event("2023-01-23", "denied", notice_date="2023-01-20")
    add_event(db, dana["person"], key, denied)
    assert _stored(db, dana, key).denial_date == PartialDate(2023, 1, 20)

    with pytest.raises(ValidationError) as caught:
        set_letter_dates(db, dana["person"], key, 1, PartialDate(2023, 1, 20), PartialDate(2023, 1, 19))
    assert (caught.value.field, caught.value.rule) == ("received", "before the date on the notice 2023-01-20")
    assert load_person(db, dana["person"]).cases[0].events[1].received is None  # nothing changed

    set_letter_dates(db, dana["person"], key, 1, PartialDate(2023, 1, 20), PartialDate(2023, 1, 24))
    case = _stored(db, dana, key)
    assert (case.events[1].notice_date, case.events[1].received) == (PartialDate(2023, 1, 20), PartialDate(2023, 1, 24))
    with pytest.raises(ValidationError, match="approved or denied"):
        set_letter_dates(db, dana["person"], key, 0, PartialDate(2023, 1, 20), None)  # a request has no letter


def test_the_cases_denial_date_and_its_first_letters_date_stay_one_date(db, dana) -> None:  # type: ignore[no-untyped-def]
    from triallog.domain.dates import PartialDate
    from triallog.services.cases import add_event

    key = save_case(db, dana["person"], _case(dana, denial_date="2023-01-20")).new_key
    # The letter says Jan 19: the letter wins, and the case's denial date follows it.
    add_event(db, dana["person"], key, make_event("2023-01-23", "denied", notice_date="2023-01-19"))
    case = _stored(db, dana, key)
    assert (case.denial_date, case.events[0].notice_date) == (PartialDate(2023, 1, 19), PartialDate(2023, 1, 19))
    # Typing another denial date on the case dates the first letter the same way.
    save_case(db, dana["person"], replace(case, denial_date=PartialDate(2023, 1, 18)))
    case = load_person(db, dana["person"]).cases[0]
    assert (case.denial_date, case.events[0].notice_date) == (PartialDate(2023, 1, 18), PartialDate(2023, 1, 18))


# -- claims ------------------------------------------------------------------------------------


def _with_trials(db, dana) -> tuple[str, list[str]]:  # type: ignore[no-untyped-def]
    """Dana's case with topiramate and propranolol tried and stopped, nothing claimed yet; its key and the trials'."""
    from triallog.services.trials import save_trial

    keys = [
        save_trial(
            db, dana["person"], make_trial("topiramate", "2020-02", Outcome.ADVERSE_REACTION, key="", end="2020-07")
        ).new_key,
        save_trial(
            db, dana["person"], make_trial("propranolol", "2020-08", Outcome.INEFFECTIVE, key="", end="2020-12")
        ).new_key,
    ]
    return save_case(db, dana["person"], _case(dana)).new_key, keys


def test_accepting_one_suggestion_claims_it_for_its_own_drug_and_nothing_else(db, dana) -> None:  # type: ignore[no-untyped-def]
    case_key, (topiramate, _propranolol) = _with_trials(db, dana)
    person = load_person(db, dana["person"])
    first = suggestions(person, person.cases[0], date(2023, 2, 1))[0]

    saved = accept_suggestion(db, dana["person"], case_key, first)
    again = accept_suggestion(db, dana["person"], case_key, first)  # a second click changes nothing

    assert (saved, again) == (Changes(person=dana["person"], cases=True), Changes())
    assert _stored(db, dana, case_key).claims == [make_claim(Ground.PRIOR_FAILURE, "topiramate", [topiramate])]


def test_accepting_completes_a_claim_a_version_1_file_left_without_its_drug(db, dana) -> None:  # type: ignore[no-untyped-def]
    case_key, (topiramate, _propranolol) = _with_trials(db, dana)
    case = list_cases(db, dana["person"])[0]
    save_case(db, dana["person"], replace(case, claims=[make_claim(Ground.PRIOR_FAILURE, explanation="From v1.")]))
    person = load_person(db, dana["person"])
    first = suggestions(person, person.cases[0], date(2023, 2, 1))[0]

    accept_suggestion(db, dana["person"], case_key, first)

    assert _stored(db, dana, case_key).claims == [
        make_claim(Ground.PRIOR_FAILURE, "topiramate", [topiramate], explanation="From v1.")
    ]


def test_a_claim_is_added_changed_and_removed_and_a_second_one_of_the_same_drug_refused(db, dana) -> None:  # type: ignore[no-untyped-def]
    case_key, (topiramate, propranolol) = _with_trials(db, dana)
    claim = make_claim(Ground.PRIOR_FAILURE, "propranolol", [propranolol])

    save_claim(db, dana["person"], case_key, None, claim)
    assert _stored(db, dana, case_key).claims == [claim]
    with pytest.raises(ValidationError) as twin:
        save_claim(db, dana["person"], case_key, None, claim)
    assert (twin.value.field, twin.value.rule) == (
        "ground", "this ground for propranolol is already claimed: edit that claim instead"
    )  # fmt: skip
    with pytest.raises(ValidationError) as no_drug:
        save_claim(db, dana["person"], case_key, None, make_claim(Ground.CONTRAINDICATED, explanation="Asthma."))
    assert no_drug.value.field == "required_drug"
    with pytest.raises(ValidationError) as unknown:
        save_claim(db, dana["person"], case_key, 0, replace(claim, required_drug="sertraline"))
    assert (unknown.value.field, unknown.value.rule) == ("required_drug", "must be one of the case's required drugs")

    save_claim(db, dana["person"], case_key, 0, replace(claim, trials=[propranolol, topiramate]))
    assert _stored(db, dana, case_key).claims[0].trials == [propranolol, topiramate]
    remove_claim(db, dana["person"], case_key, 0)
    assert _stored(db, dana, case_key).claims == []
    assert len(load_person(db, dana["person"]).trials) == 2  # the proof stays on file
