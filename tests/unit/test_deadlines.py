"""Answer-due clocks: every rule on file, at its boundary, in calendar days, calendar months and elapsed hours."""

from __future__ import annotations

import itertools
import json
from datetime import date, datetime, timedelta
from importlib.resources import files
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.factories import make_case, make_coverage, make_event
from triallog.domain.deadlines import (
    DISCLAIMER,
    NO_RULE,
    NO_STATE_RULE,
    DueItem,
    Stage,
    add_months,
    build_rule_book,
    due_items,
    load_rules,
)
from triallog.domain.enums import CaseStatus, PlanType
from triallog.domain.records import Case, Coverage
from triallog.exchange.reader import read_exchange

CHICAGO = ZoneInfo("America/Chicago")


def plan(plan_type: str, state: str = "IL") -> Coverage:
    return make_coverage(plan_type=plan_type, state=state)


def case(*events: tuple[str, str], urgency: str = "standard") -> Case:
    return make_case(events=[make_event(when, status) for when, status in events], urgency=urgency)


def the_open(items: list[DueItem]) -> DueItem:
    (found,) = [item for item in items if item.open]
    return found


def clock(request: Case, plan_type: str, day: date) -> DueItem:
    """The open clock of a request, in Chicago."""
    return the_open(due_items(request, plan(plan_type), day, CHICAGO))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


# -- the sample record -------------------------------------------------------------------------


def test_danas_pending_cigna_request_is_due_15_days_after_it_was_submitted(dana_json: Path) -> None:
    person = read_exchange(dana_json.read_bytes()).people[0]
    (pending,) = person.cases
    coverage = next(c for c in person.coverages if c.key == pending.coverage)
    assert coverage.plan_type is PlanType.SELF_FUNDED_EMPLOYER

    items = due_items(pending, coverage, today=date(2023, 2, 9), tz=CHICAGO)

    decision = the_open(items)
    assert decision.what == "decision due"
    assert decision.due == date(2023, 2, 9)
    assert decision.rule_id == "erisa-pre-service"
    assert decision.source == "29 CFR 2560.503-1"
    assert decision.started == date(2023, 1, 25)
    assert not decision.overdue
    assert "State step-therapy laws do not apply" in decision.note
    # The denial of 2023-01-20 was answered by the exception request: its appeal clock is closed.
    (denial,) = [item for item in items if not item.open]
    assert denial.what == "appeal deadline" and not denial.overdue
    assert due_items(pending, coverage, today=date(2023, 2, 10), tz=CHICAGO)[-1].overdue


# -- calendar days and months ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plan_type", "events", "urgency", "what", "due", "source"),
    [
        ("self_funded_employer", [("2023-01-25", "submitted")], "standard", "decision due", "2023-02-09",
         "29 CFR 2560.503-1"),
        ("self_funded_employer", [("2023-01-20", "denied")], "standard", "appeal deadline", "2023-07-19",
         "29 CFR 2560.503-1"),
        ("self_funded_employer", [("2023-03-01", "appealed")], "standard", "appeal decision due", "2023-03-31",
         "29 CFR 2560.503-1"),
        ("commercial", [("2023-03-01", "appealed")], "standard", "appeal decision due", "2023-03-31",
         "29 CFR 2560.503-1"),
        ("self_funded_employer", [("2023-03-01", "external_review")], "standard", "external review decision due",
         "2023-04-15", "29 CFR 2590.715-2719"),
        ("medicare_part_d", [("2023-01-20", "denied")], "standard", "appeal deadline", "2023-03-26",
         "42 CFR 423.582"),
        ("medicare_part_d", [("2023-03-01", "appealed")], "standard", "appeal decision due", "2023-03-08",
         "42 CFR 423.590"),
        ("medicare_advantage", [("2023-01-20", "denied")], "standard", "appeal deadline", "2023-03-26",
         "42 CFR 422.582"),
        ("medicare_advantage", [("2023-03-01", "appealed")], "standard", "appeal decision due", "2023-03-08",
         "42 CFR 422.590"),
        ("medicaid", [("2023-01-20", "denied")], "standard", "appeal deadline", "2023-03-21",
         "42 CFR 438.402(c)(2)(ii)"),
        ("medicaid", [("2023-03-01", "appealed")], "standard", "appeal decision due", "2023-03-31",
         "42 CFR 438.408(b)"),
        ("medicaid", [("2023-01-20", "submitted"), ("2023-01-21", "denied"), ("2023-02-01", "appealed"),
                      ("2023-02-20", "denied")], "standard", "state fair hearing request deadline", "2023-06-20",
         "42 CFR 438.408(f)(2)"),
    ],
)  # fmt: skip
def test_day_rules_count_calendar_days_and_give_a_date(
    plan_type: str, events: list[tuple[str, str]], urgency: str, what: str, due: str, source: str
) -> None:
    item = the_open(due_items(case(*events, urgency=urgency), plan(plan_type), today=date(2023, 1, 1)))

    assert (item.what, item.due, item.source) == (what, date.fromisoformat(due), source)
    assert type(item.due) is date


def test_a_day_rule_is_overdue_only_from_the_next_day() -> None:
    pending = case(("2023-01-25", "submitted"))
    coverage = plan("self_funded_employer")

    assert not the_open(due_items(pending, coverage, today=date(2023, 2, 9))).overdue
    assert the_open(due_items(pending, coverage, today=date(2023, 2, 10))).overdue
    assert the_open(due_items(pending, coverage, today=at("2023-02-10T00:00:01-06:00"))).overdue


def test_external_review_is_requested_within_4_calendar_months_of_the_final_internal_denial() -> None:
    final = case(("2023-09-01", "appealed"), ("2024-01-31", "denied"))

    item = the_open(due_items(final, plan("self_funded_employer"), today=date(2024, 2, 1)))

    assert item.what == "external review request deadline"
    assert item.due == date(2024, 5, 31)
    assert item.rule_id == "federal-external-review-request"
    assert item.source == "29 CFR 2590.715-2719"


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2024-01-31", 4, "2024-05-31"),
        ("2023-10-31", 4, "2024-02-29"),  # leap year: the month's last day
        ("2022-10-31", 4, "2023-02-28"),
        ("2023-09-30", 4, "2024-01-30"),
        ("2023-11-15", 4, "2024-03-15"),
    ],
)
def test_months_are_calendar_months(start: str, months: int, expected: str) -> None:
    assert add_months(date.fromisoformat(start), months) == date.fromisoformat(expected)


# -- elapsed hours -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plan_type", "state", "event", "urgency", "due", "rule_id"),
    [
        ("marketplace", "IL", "submitted", "standard", "2024-02-15T22:30:00-06:00", "marketplace-exception-standard"),
        ("marketplace", "IL", "submitted", "expedited", "2024-02-13T22:30:00-06:00", "marketplace-exception-exigent"),
        ("marketplace", "IL", "external_review", "standard", "2024-02-15T22:30:00-06:00",
         "marketplace-external-exception-standard"),
        ("marketplace", "IL", "external_review", "expedited", "2024-02-13T22:30:00-06:00",
         "marketplace-external-exception-exigent"),
        ("medicare_part_d", "IL", "submitted", "standard", "2024-02-15T22:30:00-06:00", "part-d-coverage-standard"),
        ("medicare_part_d", "IL", "submitted", "expedited", "2024-02-13T22:30:00-06:00", "part-d-coverage-expedited"),
        ("medicare_part_d", "IL", "appealed", "expedited", "2024-02-15T22:30:00-06:00",
         "part-d-redetermination-expedited"),
        ("medicare_advantage", "IL", "submitted", "standard", "2024-02-15T22:30:00-06:00", "ma-part-b-standard"),
        ("medicare_advantage", "IL", "submitted", "expedited", "2024-02-13T22:30:00-06:00", "ma-part-b-expedited"),
        ("medicare_advantage", "IL", "appealed", "expedited", "2024-02-15T22:30:00-06:00",
         "ma-reconsideration-expedited"),
        ("medicaid", "IL", "submitted", "standard", "2024-02-13T22:30:00-06:00", "medicaid-drug-prior-authorization"),
        ("medicaid", "IL", "submitted", "expedited", "2024-02-13T22:30:00-06:00",
         "medicaid-drug-prior-authorization"),
        ("medicaid", "IL", "appealed", "expedited", "2024-02-15T22:30:00-06:00", "medicaid-appeal-expedited"),
        ("self_funded_employer", "IL", "submitted", "expedited", "2024-02-15T22:30:00-06:00", "erisa-urgent"),
        ("self_funded_employer", "IL", "appealed", "expedited", "2024-02-15T22:30:00-06:00", "federal-appeal-urgent"),
        ("self_funded_employer", "IL", "external_review", "expedited", "2024-02-15T22:30:00-06:00",
         "federal-external-review-expedited"),
        ("commercial", "CA", "submitted", "standard", "2024-02-15T22:30:00-06:00", "california-step-therapy-standard"),
        ("commercial", "CA", "submitted", "expedited", "2024-02-13T22:30:00-06:00", "california-step-therapy-exigent"),
    ],
)  # fmt: skip
def test_hour_rules_count_from_the_events_time_across_midnight(
    plan_type: str, state: str, event: str, urgency: str, due: str, rule_id: str
) -> None:
    request = case(("2024-02-12T22:30:00-06:00", event), urgency=urgency)

    item = the_open(due_items(request, plan(plan_type, state), today=date(2024, 2, 12), tz=CHICAGO))

    assert item.rule_id == rule_id
    assert item.due == at(due)
    assert item.due.utcoffset() == timedelta(hours=-6)  # kept in the offset the event was recorded in


# -- state rules: a withheld one (Illinois, hours not yet checked) gives no date ---------------------


def test_ohio_gives_10_calendar_days_when_not_urgent_and_48_hours_when_urgent() -> None:
    standard = the_open(due_items(case(("2024-02-12", "submitted")), plan("commercial", "OH"), today=date(2024, 2, 12)))
    assert (standard.due, standard.source, standard.verified) == (
        date(2024, 2, 22),
        "Ohio Revised Code 3901.832",
        False,
    )
    urgent = case(("2024-02-12T22:30:00-06:00", "submitted"), urgency="expedited")
    item = the_open(due_items(urgent, plan("commercial", "OH"), today=date(2024, 2, 12), tz=CHICAGO))
    assert (item.rule_id, item.due) == ("ohio-step-therapy-urgent", at("2024-02-14T22:30:00-06:00"))


@pytest.mark.parametrize(
    ("state", "urgency", "rule_id", "source"),
    [
        ("IL", "standard", "illinois-medical-exception-standard", "215 ILCS 134/45.1"),
        ("IL", "expedited", "illinois-medical-exception-exigent", "215 ILCS 134/45.1"),
    ],
)
def test_a_withheld_state_rule_gives_no_date_and_names_its_statute(
    state: str, urgency: str, rule_id: str, source: str
) -> None:
    request = case(("2024-02-12T22:30:00-06:00", "submitted"), urgency=urgency)

    item = the_open(due_items(request, plan("commercial", state), today=date(2030, 1, 1), tz=CHICAGO))

    assert item.due is None and not item.overdue and not item.verified
    assert item.meaning.startswith(NO_STATE_RULE)
    assert source in item.meaning and "not yet checked" in item.meaning
    assert (item.what, item.rule_id, item.source) == ("decision due", rule_id, source)


def test_a_verified_state_rule_gives_its_date_and_is_overdue_one_second_after_it() -> None:
    request = case(("2024-02-12T22:30:00-06:00", "submitted"))
    coverage = plan("commercial", "CA")

    item = the_open(due_items(request, coverage, today=at("2024-02-15T22:30:00-06:00")))

    assert (item.rule_id, item.verified) == ("california-step-therapy-standard", True)
    assert item.due == at("2024-02-15T22:30:00-06:00")
    assert not item.overdue and item.meaning.startswith("A California plan")
    assert the_open(due_items(request, coverage, today=at("2024-02-15T22:30:01-06:00"))).overdue


def test_an_unverified_federal_rule_still_gives_its_date_but_says_it_is_unverified() -> None:
    item = the_open(due_items(case(("2024-02-12", "submitted")), plan("self_funded_employer"), date(2024, 2, 12)))

    assert (item.due, item.rule_id, item.verified) == (date(2024, 2, 27), "erisa-pre-service", False)
    assert "erisa-pre-service" in {r.id for r in load_rules().unverified()}
    denial = the_open(due_items(case(("2023-01-20", "denied")), plan("medicare_part_d"), date(2023, 1, 21)))
    assert (denial.rule_id, denial.verified) == ("part-d-redetermination-request", True)


def test_an_hour_rule_is_overdue_one_second_after_its_due_time() -> None:
    request = case(("2024-02-12T22:30:00-06:00", "submitted"), urgency="expedited")
    coverage = plan("marketplace")

    assert not the_open(due_items(request, coverage, today=at("2024-02-13T22:30:00-06:00"))).overdue
    assert the_open(due_items(request, coverage, today=at("2024-02-13T22:30:01-06:00"))).overdue
    # With only a date, an hour rule is overdue from the day after its due day.
    assert not the_open(due_items(request, coverage, today=date(2024, 2, 13), tz=CHICAGO)).overdue
    assert the_open(due_items(request, coverage, today=date(2024, 2, 14), tz=CHICAGO)).overdue


def test_a_date_only_event_starts_its_hours_at_local_midnight_and_counts_real_hours_over_dst() -> None:
    spring = clock(case(("2024-03-10", "submitted"), urgency="expedited"), "marketplace", date(2024, 3, 10))
    # Clocks sprang forward at 2:00 on March 10: 24 real hours after midnight CST is 1:00 CDT.
    assert spring.due == datetime(2024, 3, 11, 1, 0, tzinfo=CHICAGO)
    assert spring.due.utcoffset() == timedelta(hours=-5)

    spring72 = clock(case(("2024-03-09", "submitted")), "marketplace", date(2024, 3, 9))
    assert spring72.due == datetime(2024, 3, 12, 1, 0, tzinfo=CHICAGO)

    autumn = clock(case(("2024-11-03", "submitted"), urgency="expedited"), "marketplace", date(2024, 11, 3))
    # Clocks fell back at 2:00 on November 3: 24 real hours after midnight CDT is 23:00 CST the same day.
    assert autumn.due == datetime(2024, 11, 3, 23, 0, tzinfo=CHICAGO)
    assert autumn.due.utcoffset() == timedelta(hours=-6)


def test_without_a_time_zone_the_systems_local_zone_is_used() -> None:
    item = the_open(due_items(case(("2024-02-12", "submitted")), plan("marketplace"), today=date(2024, 2, 12)))

    assert isinstance(item.due, datetime) and item.due.tzinfo is not None
    assert item.due - datetime(2024, 2, 12).astimezone() == timedelta(hours=72)


# -- which clocks are open ---------------------------------------------------------------------


def test_expedited_picks_the_short_clock() -> None:
    standard = clock(case(("2024-02-12", "submitted")), "self_funded_employer", date(2024, 2, 12))
    urgent = clock(case(("2024-02-12", "submitted"), urgency="expedited"), "self_funded_employer", date(2024, 2, 12))

    assert standard.due == date(2024, 2, 27)
    assert urgent.due == datetime(2024, 2, 15, 0, 0, tzinfo=CHICAGO)


def test_a_decision_closes_the_request_clock_and_its_denial_starts_the_appeal_clock() -> None:
    coverage = plan("self_funded_employer")
    approved = due_items(case(("2023-01-25", "submitted"), ("2023-02-01", "approved")), coverage, date(2024, 1, 1))
    assert [(i.what, i.open, i.overdue) for i in approved] == [("decision due", False, False)]

    denied = due_items(case(("2023-01-25", "submitted"), ("2023-02-01", "denied")), coverage, date(2023, 2, 2))
    assert [(i.what, i.open) for i in denied] == [("decision due", False), ("appeal deadline", True)]
    assert denied[1].due == date(2023, 7, 31)


def test_a_pending_confirmation_does_not_answer_a_request() -> None:
    waiting = case(("2023-01-25", "submitted"), ("2023-01-27", "pending"))

    assert the_open(due_items(waiting, plan("self_funded_employer"), date(2023, 2, 1))).due == date(2023, 2, 9)


def test_an_appeal_answers_the_denial_and_starts_its_own_clock() -> None:
    appealed = case(("2023-01-25", "submitted"), ("2023-02-01", "denied"), ("2023-02-10", "appealed"))

    items = due_items(appealed, plan("medicare_part_d"), date(2023, 2, 11))

    assert [(i.what, i.open) for i in items] == [("appeal deadline", False), ("appeal decision due", True)]
    assert items[1].due == date(2023, 2, 17)


def test_only_the_latest_request_keeps_a_clock() -> None:
    resent = case(("2023-01-05", "submitted"), ("2023-01-25", "submitted"))

    (item,) = due_items(resent, plan("self_funded_employer"), date(2023, 1, 26))

    assert item.started == date(2023, 1, 25) and item.due == date(2023, 2, 9)


def test_a_closed_case_has_no_open_clock() -> None:
    closed = case(("2023-01-20", "denied"), ("2023-02-01", "closed"))

    assert [i.open for i in due_items(closed, plan("medicaid"), date(2024, 1, 1))] == [False]


def test_a_denial_after_an_external_review_starts_no_clock() -> None:
    final = case(("2023-03-01", "external_review"), ("2023-03-20", "denied"))

    assert [(i.what, i.open) for i in due_items(final, plan("self_funded_employer"), date(2023, 3, 21))] == [
        ("external review decision due", False)
    ]


def test_a_case_without_events_has_no_clock() -> None:
    assert due_items(case(), plan("medicaid"), date(2023, 1, 1)) == []


# -- plans without a rule ----------------------------------------------------------------------


def test_a_commercial_plan_in_a_state_with_no_rule_on_file_says_so_instead_of_a_date() -> None:
    item = the_open(due_items(case(("2023-01-25", "submitted")), plan("commercial", "TX"), date(2023, 1, 26)))

    assert item.due is None
    assert item.meaning == NO_STATE_RULE == "no state rule on file: ask the plan for its deadline"
    assert item.what == "decision due" and not item.overdue


def test_a_commercial_plan_still_gets_the_federal_appeal_clock() -> None:
    item = the_open(due_items(case(("2023-01-20", "denied")), plan("commercial", "TX"), date(2023, 1, 26)))

    assert (item.due, item.rule_id) == (date(2023, 7, 19), "federal-appeal-request")


def test_without_a_plan_or_a_rule_no_date_is_invented() -> None:
    no_plan = the_open(due_items(case(("2023-01-25", "submitted")), None, date(2023, 1, 26)))
    assert (no_plan.due, no_plan.meaning) == (None, NO_RULE)

    other = the_open(due_items(case(("2023-01-25", "submitted")), plan("other"), date(2023, 1, 26)))
    assert (other.due, other.meaning) == (None, NO_RULE)


def test_the_disclaimer_is_plain() -> None:
    assert DISCLAIMER == "Not legal advice: check the dates in your plan's letters."


# -- the data file -----------------------------------------------------------------------------

ISSUE_SOURCES = {
    "45 CFR 156.122(c)",
    "42 CFR 423.568/423.570/423.572",
    "42 CFR 423.582",
    "42 CFR 423.590",
    "42 CFR 422.568/422.572",
    "42 CFR 422.582",
    "42 CFR 422.590",
    "42 CFR 438.210(d); Social Security Act section 1927(d)(5)",
    "42 CFR 438.402(c)(2)(ii)",
    "42 CFR 438.408(b)",
    "42 CFR 438.408(f)(2)",
    "29 CFR 2560.503-1",
    "29 CFR 2590.715-2719",
    "Ohio Revised Code 3901.832",
    "California Insurance Code 10123.191; Health and Safety Code 1367.241",
    "215 ILCS 134/45.1",
}


def test_every_rule_has_a_meaning_a_source_and_an_honest_verified_flag() -> None:
    rules = load_rules().rules

    assert {r.source for r in rules} == ISSUE_SOURCES
    for rule in rules:
        assert rule.meaning.strip() and rule.what.strip()
        assert rule.source.strip() and rule.checked_against.strip(), rule.id
        assert rule.checked_against != "issue 5 text", rule.id  # each was looked up, found or not
        if rule.verified:  # says what was read, and when
            assert "2026-11-23" in rule.checked_against and "http" in rule.checked_against, rule.id
        else:
            assert "searched" in rule.checked_against, rule.id
    illinois = [r for r in rules if r.source == "215 ILCS 134/45.1"]
    assert illinois and all(not r.verified and "statute's current text" in r.note for r in illinois)


def test_the_data_file_gives_every_rule_a_source_and_what_it_was_checked_against() -> None:
    raw = json.loads((files("triallog.resources") / "reference" / "deadline_rules.json").read_text("utf-8"))

    for item in raw["rules"]:
        assert isinstance(item["source"], str) and item["source"].strip(), item["id"]
        assert isinstance(item["checked_against"], str) and item["checked_against"].strip(), item["id"]
        assert type(item["verified"]) is bool, item["id"]


def test_no_two_rules_claim_the_same_clock() -> None:
    book = load_rules()
    states = {s for r in book.rules for s in r.states} | {"TX"}
    for plan_type, state, event, stage, urgency in itertools.product(
        PlanType, states, CaseStatus, (Stage.INITIAL, Stage.AFTER_APPEAL), ("standard", "expedited")
    ):
        matches = [r.id for r in book.rules if r.applies(plan_type, state, event, stage, urgency)]
        assert len(matches) <= 1, (plan_type, state, event, stage, urgency, matches)


def test_self_funded_plans_are_told_state_step_therapy_laws_do_not_apply() -> None:
    assert "do not apply" in load_rules().plan_notes["self_funded_employer"]
    assert all(not r.states for r in load_rules().rules if PlanType.SELF_FUNDED_EMPLOYER in r.plan_types)


def test_a_malformed_rule_is_refused() -> None:
    raw = json.loads((files("triallog.resources") / "reference" / "deadline_rules.json").read_text("utf-8"))
    raw["rules"][0]["unit"] = "weeks"
    with pytest.raises(ValueError):
        build_rule_book(raw)
    raw["rules"][0]["unit"] = "hours"
    raw["rules"][0]["event"] = "approved"
    with pytest.raises(ValueError, match="no clock starts"):
        build_rule_book(raw)
    raw["rules"][0]["event"] = "submitted"
    raw["rules"][0]["verified"] = "yes"
    with pytest.raises(ValueError, match="verified"):
        build_rule_book(raw)
    raw["rules"][0]["verified"] = False
    raw["rules"][0]["checked_against"] = " "
    with pytest.raises(ValueError, match="checked_against"):
        build_rule_book(raw)


def test_only_the_rules_the_issue_asked_to_check_first_are_withheld() -> None:
    withheld = {r.id for r in load_rules().rules if r.withheld}

    assert withheld == {"illinois-medical-exception-standard", "illinois-medical-exception-exigent"}
