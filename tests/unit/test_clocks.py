"""A case's clocks: each counted from the right event, in the person's own zone, with a late plan shown.

Dates are chosen so that a wrong rule shows: a notice dated Jan 1 but logged Jan 10, a request known
only by its day, a daylight-saving change in Los Angeles, Phoenix that has none, business days over a
holiday, and a plan that answered hours or days late.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.factories import make_case, make_coverage, make_event
from triallog.domain.clocks import PERSON, PLAN, Clock, case_clocks, case_notices, next_step
from triallog.domain.deadlines import NO_RULE, add_business_days, add_months, is_business_day
from triallog.domain.enums import PlanType
from triallog.domain.records import Case, Coverage
from triallog.domain.zones import format_moment
from triallog.exchange.reader import read_exchange

CHICAGO = ZoneInfo("America/Chicago")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
PHOENIX = ZoneInfo("America/Phoenix")


def plan(plan_type: str, state: str = "IL", **fields: Any) -> Coverage:
    return make_coverage(plan_type=plan_type, state=state, **fields)


def case(*events: tuple[str, ...], urgency: str = "standard", **fields: Any) -> Case:
    """Events as (when, status) or (when, status, notice_date, received)."""
    made = [
        make_event(e[0], e[1], notice_date=e[2] if len(e) > 2 else None, received=e[3] if len(e) > 3 else None)
        for e in events
    ]
    return make_case(events=made, urgency=urgency, **fields)


def clocks(request: Case, coverage: Coverage | None, today: date | datetime, zone: ZoneInfo = CHICAGO) -> list[Clock]:
    return case_clocks(request, coverage, zone, today)


def the_open(items: list[Clock]) -> Clock:
    (found,) = [item for item in items if item.open]
    return found


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def due_moment(item: Clock) -> datetime:
    """When a clock counted in hours runs out: a moment, not a whole day."""
    assert isinstance(item.due, datetime), item.due
    return item.due


# -- where a person's clock starts (C1) ----------------------------------------------------------


def test_a_part_d_appeal_counts_from_the_notices_presumed_receipt_not_from_the_day_it_was_logged() -> None:
    logged_late = case(("2025-01-10", "denied", "2025-01-01"))

    item = the_open(clocks(logged_late, plan("medicare_part_d"), date(2025, 1, 10)))

    # 60 days from receipt, presumed 5 days after the notice's date: Jan 6 + 60 = Mar 7 (not Mar 16).
    assert (item.rule_id, item.due, item.verified) == ("part-d-redetermination-request", date(2025, 3, 7), True)
    assert item.started == date(2025, 1, 6)
    assert item.party == PERSON
    assert "5 days" in item.start_text and "Jan 1, 2025" in item.start_text


def test_a_medicaid_appeal_counts_from_the_date_on_the_notice() -> None:
    item = the_open(clocks(case(("2025-01-10", "denied", "2025-01-01")), plan("medicaid"), date(2025, 1, 10)))

    assert (item.rule_id, item.due) == ("medicaid-appeal-request", date(2025, 3, 2))
    assert item.start_text == "counted from the notice dated Jan 1, 2025"


def test_a_recorded_arrival_before_the_presumed_one_starts_the_clock_earlier() -> None:
    item = the_open(
        clocks(case(("2025-01-10", "denied", "2025-01-01", "2025-01-03")), plan("medicare_part_d"), date(2025, 1, 10))
    )

    assert (item.started, item.due) == (date(2025, 1, 3), date(2025, 3, 4))
    assert item.start_text == "counted from the notice dated Jan 1, 2025, received Jan 3, 2025"


def test_a_recorded_arrival_after_the_presumed_one_never_moves_the_deadline_later() -> None:
    item = the_open(
        clocks(case(("2025-01-15", "denied", "2025-01-01", "2025-01-14")), plan("medicare_part_d"), date(2025, 1, 15))
    )

    assert (item.started, item.due) == (date(2025, 1, 6), date(2025, 3, 7))
    assert "the earlier day is used" in item.start_text


def test_a_rule_counted_from_receipt_without_a_presumption_counts_from_the_notice_when_arrival_is_unknown() -> None:
    denied = case(("2025-01-10", "denied", "2025-01-02"))

    item = the_open(clocks(denied, plan("self_funded_employer"), date(2025, 1, 10)))

    assert (item.rule_id, item.started, item.due) == ("internal-appeal-request", date(2025, 1, 2), date(2025, 7, 1))
    assert "earliest possible day" in item.start_text
    arrived = case(("2025-01-10", "denied", "2025-01-02", "2025-01-08"))
    assert the_open(clocks(arrived, plan("self_funded_employer"), date(2025, 1, 10))).due == date(2025, 7, 7)


def test_the_first_denial_without_a_notice_date_takes_the_cases_denial_date_and_says_so() -> None:
    first = case(("2025-01-10", "denied"), denial_date="2025-01-02")

    item = the_open(clocks(first, plan("medicaid"), date(2025, 1, 10)))

    assert (item.started, item.due) == (date(2025, 1, 2), date(2025, 3, 3))
    assert item.assumed == "The date on the plan's notice was not recorded: the case's denial date was used."


def test_a_later_denial_without_a_notice_date_takes_its_own_day_and_says_so() -> None:
    later = case(
        ("2025-01-10", "denied"), ("2025-01-20", "appealed"), ("2025-02-10", "denied"), denial_date="2025-01-02"
    )

    item = the_open(clocks(later, plan("medicaid"), date(2025, 2, 10)))

    assert (item.what, item.started, item.due) == ("state fair hearing request deadline", date(2025, 2, 10),
                                                   date(2025, 5, 11))  # fmt: skip
    assert "the day the denial was logged was used" in item.assumed


def test_the_fair_hearing_deadline_is_the_least_any_state_may_allow() -> None:
    item = the_open(
        clocks(
            case(("2025-01-20", "appealed"), ("2025-02-10", "denied", "2025-02-07")),
            plan("medicaid"),
            date(2025, 2, 10),
        )
    )

    assert item.due == date(2025, 2, 7) + timedelta(days=90)
    assert "least any state may allow" in item.note


def test_ohio_counts_its_external_review_window_from_the_decision_itself() -> None:
    final = case(("2025-01-05", "appealed"), ("2025-02-12", "denied", "2025-02-14", "2025-02-20"))

    item = the_open(clocks(final, plan("commercial", "OH"), date(2025, 2, 20)))

    assert (item.rule_id, item.started, item.due) == (
        "ohio-external-review-request",
        date(2025, 2, 12),
        date(2025, 8, 11),
    )


def test_elsewhere_external_review_is_asked_for_within_4_months_of_receiving_the_final_denial() -> None:
    final = case(("2023-09-01", "appealed"), ("2023-10-31", "denied", "2023-10-31"))

    item = the_open(clocks(final, plan("self_funded_employer"), date(2023, 11, 1)))

    # Oct 31 + 4 months has no Feb 31: the earlier Feb 29 is shown, never the regulation's later Mar 1.
    assert (item.rule_id, item.due) == ("external-review-request", date(2024, 2, 29))
    assert "TrialLog shows the earlier day" in item.note


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2024-01-31", 4, "2024-05-31"),
        ("2023-10-31", 4, "2024-02-29"),
        ("2022-10-31", 4, "2023-02-28"),
        ("2023-09-30", 4, "2024-01-30"),
    ],
)
def test_months_are_calendar_months_ending_on_the_months_last_day_when_short(
    start: str, months: int, expected: str
) -> None:
    assert add_months(date.fromisoformat(start), months) == date.fromisoformat(expected)


# -- where a plan's clock starts (C2) and the person's time zone (C3) ------------------------------


def test_a_plans_hours_from_a_day_only_request_count_from_the_end_of_that_day() -> None:
    item = the_open(clocks(case(("2025-03-03", "submitted")), plan("medicare_part_d"), date(2025, 3, 3)))

    assert item.due == datetime(2025, 3, 7, 0, 0, tzinfo=CHICAGO)  # Mar 3 ends at midnight; +72 h
    assert item.start_text == "counted from the end of Mar 3, 2025, the day of the request (its time was not recorded)"
    assert "counted from the end of that day" in item.note and "record that day instead" in item.note


def test_a_plans_hours_from_a_known_time_count_from_that_time_and_are_shown_in_the_persons_zone() -> None:
    # Faxed at 9:15 in New York; the person lives in Chicago.
    item = the_open(clocks(case(("2025-03-03T09:15:00-05:00", "submitted")), plan("medicare_part_d"), date(2025, 3, 3)))

    assert item.due == at("2025-03-06T08:15:00-06:00")
    assert due_moment(item).utcoffset() == timedelta(hours=-6)
    assert format_moment(due_moment(item), CHICAGO) == "Mar 6, 2025, 8:15 AM CST"


def test_hours_cross_the_spring_change_in_los_angeles_as_real_hours() -> None:
    request = case(("2025-03-06", "submitted"))

    item = the_open(clocks(request, plan("medicare_part_d"), date(2025, 3, 6), LOS_ANGELES))

    # End of Mar 6 PST, plus 72 real hours: the clocks sprang forward on Mar 9, so it reads 1:00 AM PDT.
    assert item.due == datetime(2025, 3, 10, 1, 0, tzinfo=LOS_ANGELES)
    assert format_moment(due_moment(item), LOS_ANGELES) == "Mar 10, 2025, 1:00 AM PDT"
    before = the_open(clocks(case(("2025-03-03T23:59:00-08:00", "submitted")), plan("medicare_part_d"),
                             date(2025, 3, 3), LOS_ANGELES))  # fmt: skip
    assert format_moment(due_moment(before), LOS_ANGELES) == "Mar 6, 2025, 11:59 PM PST"


def test_phoenix_has_no_daylight_saving_so_the_same_request_reads_midnight() -> None:
    item = the_open(clocks(case(("2025-03-06", "submitted")), plan("medicare_part_d"), date(2025, 3, 6), PHOENIX))

    assert item.due == datetime(2025, 3, 10, 0, 0, tzinfo=PHOENIX)
    assert format_moment(due_moment(item), PHOENIX) == "Mar 10, 2025, 12:00 AM MST"


def test_an_hour_rule_is_overdue_one_second_after_its_due_time_and_from_the_next_day_by_date() -> None:
    request = case(("2024-02-12T22:30:00-06:00", "submitted"), urgency="expedited")
    coverage = plan("medicare_part_d")

    assert not the_open(clocks(request, coverage, at("2024-02-13T22:30:00-06:00"))).overdue
    assert the_open(clocks(request, coverage, at("2024-02-13T22:30:01-06:00"))).overdue
    assert not the_open(clocks(request, coverage, date(2024, 2, 13))).overdue
    assert the_open(clocks(request, coverage, date(2024, 2, 14))).overdue


def test_a_day_rule_is_overdue_only_from_the_next_day() -> None:
    pending = case(("2023-01-25", "submitted"))
    coverage = plan("self_funded_employer")

    assert the_open(clocks(pending, coverage, date(2023, 2, 9))).due == date(2023, 2, 9)
    assert not the_open(clocks(pending, coverage, date(2023, 2, 9))).overdue
    assert the_open(clocks(pending, coverage, date(2023, 2, 10))).overdue
    assert the_open(clocks(pending, coverage, at("2023-02-10T00:00:01-06:00"))).overdue
    assert not the_open(clocks(pending, coverage, at("2023-02-09T23:59:59-06:00"))).overdue


# -- business days (C9) -----------------------------------------------------------------------------


def test_business_days_skip_weekends_and_federal_holidays() -> None:
    assert add_business_days(date(2026, 7, 2), 2) == date(2026, 7, 7)  # Fri Jul 3 is July 4th observed
    assert add_business_days(date(2025, 3, 7), 2) == date(2025, 3, 11)  # Friday to Tuesday
    assert not is_business_day(date(2025, 12, 25))
    assert not is_business_day(date(2025, 4, 18), "IN") and is_business_day(date(2025, 4, 18))  # Good Friday


def test_delaware_gives_two_business_days_over_a_holiday() -> None:
    request = case(("2026-07-02", "submitted"), kind="step_therapy")

    item = the_open(clocks(request, plan("commercial", "DE"), date(2026, 7, 2)))

    assert (item.rule_id, item.due) == ("delaware-step-therapy", date(2026, 7, 7))


def test_indiana_counts_its_own_holidays_too() -> None:
    urgent = case(("2025-04-17", "submitted"), kind="step_therapy", urgency="expedited")

    item = the_open(clocks(urgent, plan("commercial", "IN"), date(2025, 4, 17)))

    assert (item.rule_id, item.due) == ("indiana-step-therapy-urgent", date(2025, 4, 21))  # not Good Friday


# -- a late plan (C4) -------------------------------------------------------------------------------


def test_a_part_d_expedited_decision_4_hours_15_minutes_late_is_marked_with_its_consequence() -> None:
    request = case(("2025-03-01T09:00:00-06:00", "submitted"), ("2025-03-02T13:15:00-06:00", "approved"),
                   urgency="expedited")  # fmt: skip

    (item,) = clocks(request, plan("medicare_part_d"), date(2025, 3, 5))

    assert (item.open, item.late, item.late_by) == (False, True, "4 hours 15 minutes")
    assert item.answered == at("2025-03-02T13:15:00-06:00")
    assert "independent review entity" in item.consequence and "42 CFR 423.572" in item.consequence
    assert "not yet checked" in item.consequence
    assert item.state_text(CHICAGO) == "answered 4 hours 15 minutes late, on Mar 2, 2025, 1:15 PM CST"


def test_a_medicaid_answer_days_after_its_24_hours_is_late_by_whole_days() -> None:
    request = case(("2025-01-06", "submitted"), ("2025-01-13", "denied", "2025-01-13"))

    item = clocks(request, plan("medicaid"), date(2025, 1, 14))[0]

    # Due at the end of Jan 7; a decision known only as Jan 13 lies wholly after it.
    assert (item.due, item.late, item.late_by) == (datetime(2025, 1, 8, tzinfo=CHICAGO), True, "5 days")


def test_a_decision_known_only_by_the_day_its_due_time_falls_on_is_not_called_late() -> None:
    request = case(("2024-02-12T22:30:00-06:00", "submitted"), ("2024-02-15", "denied"))

    item = clocks(request, plan("commercial", "CA"), date(2024, 2, 16))[0]

    assert item.due == at("2024-02-15T22:30:00-06:00")
    assert (item.late, item.state_text(CHICAGO)) == (False, "answered on Feb 15, 2024, in time")


def test_california_says_a_late_answer_means_the_request_is_deemed_granted() -> None:
    request = case(("2024-02-12T22:30:00-06:00", "submitted"), ("2024-02-16", "denied"))

    item = clocks(request, plan("commercial", "CA"), date(2024, 2, 16))[0]

    assert (item.late, item.late_by, item.verified) == (True, "1 day", True)
    assert item.consequence.startswith("If the plan does not answer in time, the request is deemed granted")
    assert "not yet checked" not in item.consequence


def test_a_plans_letter_dated_before_the_day_it_was_logged_answers_the_clock_on_the_letters_date() -> None:
    request = case(("2025-01-06", "submitted"), ("2025-01-30", "denied", "2025-01-20"))

    item = clocks(request, plan("self_funded_employer"), date(2025, 1, 30))[0]

    assert (item.due, item.answered, item.late) == (date(2025, 1, 21), date(2025, 1, 20), False)


def test_a_plan_that_never_answered_before_the_person_appealed_is_marked_late() -> None:
    request = case(("2025-01-06", "submitted"), ("2025-02-03", "appealed"))

    first, second = clocks(request, plan("medicaid"), date(2025, 2, 3))

    assert (first.open, first.answered, first.late) == (False, None, True)
    assert first.state_text(CHICAGO) == "left unanswered when the case moved on on Feb 3, 2025, after its due time"
    assert second.open and second.what == "appeal decision due"


def test_an_incomplete_request_sent_again_replaces_its_clock_without_blaming_the_plan() -> None:
    resent = case(("2024-02-12", "submitted"), ("2024-02-20", "submitted"))

    first, second = clocks(resent, plan("commercial", "CA"), date(2024, 2, 20))

    assert (first.open, first.late, first.ended) == (False, False, "replaced")
    assert first.state_text(CHICAGO) == "replaced by the request of Feb 20, 2024"
    assert second.open and second.started == date(2024, 2, 20)


def test_an_open_clock_past_its_due_time_says_the_consequence_too() -> None:
    item = the_open(clocks(case(("2025-02-03", "appealed")), plan("medicaid"), date(2025, 3, 10)))

    assert item.overdue and "State fair hearing now" in item.consequence


# -- which clocks a case has --------------------------------------------------------------------------


def test_every_clock_of_a_case_is_kept_answered_or_open() -> None:
    history = case(("2023-01-25", "submitted"), ("2023-02-01", "denied", "2023-02-01"), ("2023-02-10", "appealed"))

    items = clocks(history, plan("medicare_part_d"), date(2023, 2, 11))

    assert [(i.what, i.party, i.open) for i in items] == [
        ("decision due", PLAN, False),
        ("appeal deadline", PERSON, False),
        ("appeal decision due", PLAN, True),
    ]
    assert items[1].state_text(CHICAGO) == "met by the appeal of Feb 10, 2023"
    assert items[0].state_text(CHICAGO) == "answered 3 days late, on Feb 1, 2023"  # due at the end of Jan 28
    assert items[2].due == date(2023, 2, 17)


def test_a_pending_confirmation_does_not_answer_a_request() -> None:
    waiting = case(("2023-01-25", "submitted"), ("2023-01-27", "pending"))

    assert the_open(clocks(waiting, plan("self_funded_employer"), date(2023, 2, 1))).due == date(2023, 2, 9)


def test_a_denial_after_an_external_review_starts_no_clock() -> None:
    final = case(("2023-03-01", "external_review"), ("2023-03-20", "denied"))

    assert [(i.what, i.open) for i in clocks(final, plan("self_funded_employer"), date(2023, 3, 21))] == [
        ("external review decision due", False)
    ]


def test_a_medicare_advantage_plan_that_upholds_its_denial_forwards_the_case_itself() -> None:
    upheld = case(("2025-01-06", "appealed"), ("2025-01-10", "denied", "2025-01-10"))
    coverage = plan("medicare_advantage")

    items = clocks(upheld, coverage, date(2025, 1, 11))

    assert [i.what for i in items] == ["appeal decision due"]  # no filing deadline: nothing to file
    step = next_step(upheld, coverage, items, CHICAGO, date(2025, 1, 11))
    assert step is not None and step.what.startswith("Nothing to file")
    assert "422.592" in step.how


def test_without_a_plan_or_a_rule_no_date_is_invented() -> None:
    no_plan = the_open(clocks(case(("2023-01-25", "submitted")), None, date(2023, 1, 26)))
    other = the_open(clocks(case(("2023-01-25", "submitted")), plan("other"), date(2023, 1, 26)))

    assert (no_plan.due, no_plan.meaning) == (None, NO_RULE)
    assert (other.due, other.meaning) == (None, NO_RULE)


# -- the rules that apply (C6, C7, C12 and the states) ----------------------------------------------


def test_an_insured_group_plan_gets_the_federal_claims_rule_for_its_first_decision() -> None:
    item = the_open(clocks(case(("2025-01-06", "submitted")), plan("commercial", "TX"), date(2025, 1, 6)))

    assert (item.rule_id, item.due, item.verified) == ("claims-pre-service", date(2025, 1, 21), False)
    assert item.unverified_mark == " (not yet checked against the law's text)"


def test_the_drug_exception_clock_of_45_cfr_156_122_is_for_drugs_the_plan_does_not_cover() -> None:
    covered = the_open(clocks(case(("2025-01-06", "submitted"), kind="step_therapy"), plan("marketplace", "FL"),
                              date(2025, 1, 6)))  # fmt: skip
    not_covered = the_open(clocks(case(("2025-01-06", "submitted"), kind="non_formulary"), plan("marketplace", "FL"),
                                  date(2025, 1, 6)))  # fmt: skip

    assert covered.rule_id == "claims-pre-service"
    assert (not_covered.rule_id, not_covered.due) == ("ehb-exception-standard", datetime(2025, 1, 10, tzinfo=CHICAGO))
    commercial = case(("2025-01-06", "submitted"), kind="non_formulary")
    notices = case_notices(commercial, plan("commercial", "FL"), CHICAGO, date(2025, 1, 6))
    assert any("156.122(c)" in n and "small-group" in n for n in notices)


def test_illinois_from_2026_shows_that_step_therapy_is_barred_instead_of_a_decision_clock() -> None:
    request = case(("2026-02-02", "submitted"), kind="step_therapy")
    coverage = plan("commercial", "IL", contact_phone="800-555-0190")

    item = the_open(clocks(request, coverage, date(2026, 2, 3)))

    assert item.due is None and not item.overdue
    assert "Public Act 103-0650" in item.meaning and "not yet checked" in item.meaning
    step = next_step(request, coverage, [item], CHICAGO, date(2026, 2, 3))
    assert step is not None and "Illinois Department of Insurance" in step.what


def test_illinois_before_2026_gets_the_federal_date_and_a_note_about_its_own_statute() -> None:
    request = case(("2025-02-03", "submitted"), kind="step_therapy")

    item = the_open(clocks(request, plan("commercial", "IL"), date(2025, 2, 3)))
    notices = case_notices(request, plan("commercial", "IL"), CHICAGO, date(2025, 2, 3))

    assert item.rule_id == "claims-pre-service" and item.due == date(2025, 2, 18)
    assert any("215 ILCS 134/45.1" in n and "may be sooner" in n for n in notices)


def test_a_self_funded_plan_in_a_state_with_its_own_law_still_gets_only_the_federal_rules() -> None:
    item = the_open(clocks(case(("2025-01-06", "submitted"), kind="step_therapy"), plan("self_funded_employer", "SD"),
                           date(2025, 1, 6)))  # fmt: skip

    assert item.rule_id == "claims-pre-service"
    assert "do not apply to self-funded" in item.note


@pytest.mark.parametrize(
    ("state", "urgency", "rule_id", "due", "granted"),
    [
        ("SD", "standard", "south-dakota-step-therapy-standard", date(2025, 1, 11), True),
        ("SD", "expedited", "south-dakota-step-therapy-urgent", datetime(2025, 1, 10, tzinfo=CHICAGO), True),
        ("NE", "standard", "nebraska-step-therapy-standard", date(2025, 1, 11), True),
        ("OH", "standard", "ohio-step-therapy-standard", date(2025, 1, 16), False),
        ("OH", "expedited", "ohio-step-therapy-urgent", datetime(2025, 1, 9, tzinfo=CHICAGO), False),
        ("IN", "standard", "indiana-step-therapy-standard", date(2025, 1, 9), False),
    ],
)
def test_state_step_therapy_laws_give_their_own_dates(
    state: str, urgency: str, rule_id: str, due: date | datetime, granted: bool
) -> None:
    request = case(("2025-01-06", "submitted"), kind="step_therapy", urgency=urgency)

    item = the_open(clocks(request, plan("commercial", state), date(2025, 1, 6)))

    assert (item.rule_id, item.due, item.verified) == (rule_id, due, False)
    assert ("deemed granted" in item.consequence or "is granted" in item.consequence) is granted


def test_the_medicaid_emergency_supply_is_named_on_a_medicaid_case() -> None:
    notices = case_notices(case(("2025-01-06", "submitted")), plan("medicaid"), CHICAGO, date(2025, 1, 6))

    assert any("72-hour supply" in n and "1927(d)(5)(B)" in n for n in notices)


# -- the next step --------------------------------------------------------------------------------


def test_a_draft_case_is_told_to_send_the_request_to_the_plans_request_line() -> None:
    coverage = plan("medicare_part_d", contact_fax="800-555-0191", contact_phone="800-555-0190", carrier="Humana")

    step = next_step(case(status="draft"), coverage, [], CHICAGO, date(2025, 1, 6))

    assert step is not None and step.due is None
    assert step.what == "Send a coverage determination (an exception request) to Humana"
    assert "fax 800-555-0191, phone 800-555-0190" in step.how


def test_a_denied_part_d_case_is_told_to_ask_for_a_redetermination_by_its_deadline_at_the_appeals_address() -> None:
    denied = case(("2025-01-10", "denied", "2025-01-01"))
    coverage = plan("medicare_part_d", appeals_address="Humana Appeals\nPO Box 14165\nLexington, KY 40512",
                    appeals_fax="800-949-2961")  # fmt: skip
    items = clocks(denied, coverage, date(2025, 1, 10))

    step = next_step(denied, coverage, items, CHICAGO, date(2025, 1, 10))

    assert step is not None and step.what == "Ask for a redetermination (the plan's first appeal)"
    assert step.due == date(2025, 3, 7) and step.verified
    assert "Request for Redetermination of Medicare Prescription Drug Denial" in step.how
    assert "Humana Appeals PO Box 14165 Lexington, KY 40512; fax 800-949-2961" in step.how


def test_a_missing_appeals_address_is_named_as_missing() -> None:
    denied = case(("2025-01-10", "denied", "2025-01-01"))
    items = clocks(denied, plan("medicaid"), date(2025, 1, 10))

    step = next_step(denied, plan("medicaid"), items, CHICAGO, date(2025, 1, 10))

    assert step is not None and "appeals address is not recorded" in step.how


def test_an_overdue_decision_tells_the_person_what_the_law_says_follows() -> None:
    waiting = case(("2025-02-03", "appealed"))
    coverage = plan("self_funded_employer", carrier="Cigna", contact_phone="800-555-0190")
    items = clocks(waiting, coverage, date(2025, 3, 10))

    step = next_step(waiting, coverage, items, CHICAGO, date(2025, 3, 10))

    assert step is not None and step.what == "Cigna's decision is overdue" and step.overdue
    assert step.due_words(CHICAGO) == " — it was due Mar 5, 2025 (not yet checked against the law's text)"
    assert "external review" in step.how and step.how.endswith(
        "Call Cigna at 800-555-0190 and log the call with its reference number."
    )


def test_a_settled_case_has_no_next_step() -> None:
    done = case(("2025-01-06", "submitted"), ("2025-01-08", "approved"))

    assert next_step(done, plan("medicaid"), clocks(done, plan("medicaid"), date(2025, 1, 9)), CHICAGO) is None


# -- the shared example ---------------------------------------------------------------------------


def test_danas_pending_cigna_request_is_due_15_days_after_it_was_sent(dana_json: Path) -> None:
    person = read_exchange(dana_json.read_bytes()).people[0]
    (pending,) = person.cases
    coverage = next(c for c in person.coverages if c.key == pending.coverage)
    assert coverage.plan_type is PlanType.SELF_FUNDED_EMPLOYER and person.time_zone == "America/Chicago"

    denial, decision = clocks(pending, coverage, date(2023, 2, 9))

    assert (decision.what, decision.due, decision.rule_id) == ("decision due", date(2023, 2, 9), "claims-pre-service")
    assert decision.open and not decision.overdue
    assert (denial.started, denial.open) == (date(2023, 1, 24), False)  # the letter arrived Jan 24
    assert denial.start_text == "counted from the notice dated Jan 20, 2023, received Jan 24, 2023"
    assert the_open(clocks(pending, coverage, date(2023, 2, 10))).overdue


# -- the order of a day's events, and how clocks end (found in review) ------------------------------


def test_a_same_day_denial_recorded_after_a_timed_request_answers_it_and_starts_the_appeal_clock() -> None:
    # The status dialog gives today's date without a time: it comes after the request faxed at 9:00.
    history = case(("2023-02-06T09:00:00-06:00", "submitted"), ("2023-02-06", "denied", "2023-02-06"))

    decision, appeal = clocks(history, plan("self_funded_employer"), date(2023, 2, 7))

    assert (decision.ended, decision.late) == ("answered", False)
    assert appeal.open and appeal.due == date(2023, 8, 5)


def test_a_decision_recorded_in_another_offset_is_ordered_by_its_day_as_written() -> None:
    # Requested at 23:30 in New York, approved at 21:00 in Los Angeles the same day as written (later in time).
    history = case(("2025-03-01T23:30:00-05:00", "submitted"), ("2025-03-01T21:00:00-08:00", "approved"),
                   urgency="expedited")  # fmt: skip

    (decision,) = clocks(history, plan("medicare_part_d"), date(2025, 3, 5))

    assert (decision.ended, decision.late, decision.overdue) == ("answered", False, False)


def test_a_letter_dated_the_same_local_day_keeps_the_decisions_own_time() -> None:
    # Due 10:00 AM PST on Mar 6; decided 5 PM PST that day (01:00 UTC on Mar 7); the letter is dated Mar 6.
    history = case(("2025-03-05T10:00:00-08:00", "submitted"), ("2025-03-07T01:00:00+00:00", "denied", "2025-03-06"),
                   urgency="expedited")  # fmt: skip

    decision = clocks(history, plan("medicare_part_d"), date(2025, 3, 8), LOS_ANGELES)[0]

    assert (decision.late, decision.late_by) == (True, "7 hours")


def test_a_letter_dated_before_its_own_request_does_not_make_the_answer_earlier() -> None:
    history = case(("2025-03-05", "submitted"), ("2025-03-20", "denied", "2025-03-01"))

    decision = clocks(history, plan("self_funded_employer"), date(2025, 3, 21))[0]

    assert (decision.answered, decision.late) == (date(2025, 3, 20), False)


def test_a_closed_case_is_no_answer_from_the_plan() -> None:
    history = case(("2025-03-03", "submitted"), ("2025-03-20", "closed"))

    decision = clocks(history, plan("commercial", "CA"), date(2025, 3, 21))[0]

    assert (decision.answered, decision.ended, decision.late) == (None, "closed", True)
    assert decision.state_text(CHICAGO) == "closed without a recorded decision on Mar 20, 2025, after its due time"
    early = clocks(case(("2025-03-03", "submitted"), ("2025-03-04", "closed")), plan("commercial", "CA"),
                   date(2025, 3, 21))[0]  # fmt: skip
    assert (early.late, early.late_text()) == (False, "")


def test_an_approval_or_closing_ends_a_persons_clock_without_calling_it_a_filing() -> None:
    approved = clocks(case(("2025-01-10", "denied", "2025-01-10"), ("2025-01-20", "approved")), plan("medicaid"),
                      date(2025, 1, 21))[0]  # fmt: skip
    closed = clocks(case(("2025-01-10", "denied", "2025-01-10"), ("2025-01-20", "closed")), plan("medicaid"),
                    date(2025, 1, 21))[0]  # fmt: skip

    assert approved.state_text(CHICAGO) == "ended: the plan approved on Jan 20, 2025"
    assert closed.state_text(CHICAGO) == "ended: the case was closed on Jan 20, 2025"


def test_a_second_denial_replaces_the_first_ones_appeal_clock() -> None:
    twice = case(("2025-01-10", "denied", "2025-01-10"), ("2025-01-24", "denied", "2025-01-24"))

    first, second = clocks(twice, plan("medicaid"), date(2025, 4, 1))

    assert (first.open, first.overdue, first.ended) == (False, False, "replaced")
    assert second.open and second.due == date(2025, 3, 25)


def test_an_assumed_letter_date_is_never_later_than_the_day_the_denial_was_logged() -> None:
    logged = case(("2025-01-10", "denied"), denial_date="2025-01-25")

    item = the_open(clocks(logged, plan("medicaid"), date(2025, 1, 10)))

    assert (item.started, item.due) == (date(2025, 1, 10), date(2025, 3, 11))
    assert "the day the denial was logged was used" in item.assumed


def test_a_case_with_a_denial_date_but_no_history_still_shows_its_appeal_deadline() -> None:
    denied = make_case(events=[], status="denied", denial_date="2025-01-02")

    (item,) = clocks(denied, plan("medicaid"), date(2025, 1, 10))

    assert (item.what, item.due, item.open) == ("appeal deadline", date(2025, 3, 3), True)
    assert "No status history is recorded" in item.assumed


def test_a_letter_that_arrived_in_a_month_known_only_is_counted_from_its_own_date() -> None:
    item = the_open(clocks(case(("2025-03-10", "denied", "2025-03-07", "2025-03")), plan("medicare_part_d"),
                           date(2025, 3, 10)))  # fmt: skip

    assert item.started == date(2025, 3, 7)  # not Mar 1: it cannot have arrived before its date
    assert item.start_text == "counted from the notice dated Mar 7, 2025, received Mar 2025"


def test_an_answer_after_a_due_date_the_plan_could_extend_says_so() -> None:
    history = case(("2025-01-06", "submitted"), ("2025-01-28", "denied", "2025-01-28"))

    decision = clocks(history, plan("self_funded_employer"), date(2025, 1, 29))[0]

    assert (
        decision.state_text(CHICAGO) == "answered 7 days late, unless it extended the time in writing, on Jan 28, 2025"
    )
    assert decision.late_text().startswith("The plan is late, unless it extended the time in writing.")
