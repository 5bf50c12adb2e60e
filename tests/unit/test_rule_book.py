"""The deadline rules as data: every rule reachable and right at its boundary, and honest about its source."""

from __future__ import annotations

import itertools
import json
import re
from datetime import date, datetime, time, timedelta
from importlib.resources import files
from zoneinfo import ZoneInfo

import pytest

from tests.factories import make_case, make_coverage, make_event
from triallog.domain.clocks import case_clocks
from triallog.domain.deadlines import (
    DeadlineRule,
    Level,
    Stage,
    Start,
    Unit,
    add_months,
    build_rule_book,
    is_business_day,
    load_rules,
)
from triallog.domain.enums import CaseKind, CaseStatus, PlanType

CHICAGO = ZoneInfo("America/Chicago")
NOTICE = date(2025, 6, 2)
REQUEST = datetime(2025, 6, 2, 10, 0, tzinfo=CHICAGO)
RULES = load_rules().rules


def case_for(rule: DeadlineRule):  # type: ignore[no-untyped-def]
    """A case whose latest event starts exactly this rule's clock."""
    urgency = "expedited" if rule.urgency == "expedited" else "standard"
    kind = rule.kinds[0] if rule.kinds else CaseKind.OTHER
    if rule.event is CaseStatus.DENIED:
        events = [make_event("2025-06-02", "denied", notice_date="2025-06-02")]
        if rule.stage is Stage.AFTER_APPEAL:
            events.insert(0, make_event("2025-05-01", "appealed"))
    else:
        events = [make_event(REQUEST.isoformat(), rule.event)]
    return make_case(events=events, urgency=urgency, kind=kind, status=None)


def plan_for(rule: DeadlineRule):  # type: ignore[no-untyped-def]
    # A state with no law on file, for the rules that apply everywhere.
    return make_coverage(plan_type=rule.plan_types[0], state=rule.states[0] if rule.states else "WY")


def expected_due(rule: DeadlineRule) -> date | datetime:
    """The rule's due value worked out by hand from its amount, unit and start."""
    if rule.event is not CaseStatus.DENIED:
        if rule.unit is Unit.HOURS:
            return REQUEST + timedelta(hours=rule.amount)
        start = REQUEST.date()
    else:
        start = NOTICE + timedelta(days=rule.receipt_presumed_days)
    if rule.unit is Unit.DAYS:
        return start + timedelta(days=rule.amount)
    if rule.unit is Unit.MONTHS:
        return add_months(start, rule.amount)
    day, left = start, rule.amount
    state = rule.states[0] if rule.states else ""
    while left:
        day += timedelta(days=1)
        left -= is_business_day(day, state)
    return day


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_is_the_one_its_case_finds_and_is_overdue_just_after_its_due_value(rule: DeadlineRule) -> None:
    request, coverage = case_for(rule), plan_for(rule)

    (clock,) = [c for c in case_clocks(request, coverage, CHICAGO, NOTICE) if c.open]

    assert clock.rule_id == rule.id
    assert clock.due == expected_due(rule)
    if isinstance(clock.due, datetime):
        assert not case_clocks(request, coverage, CHICAGO, clock.due)[-1].overdue
        assert case_clocks(request, coverage, CHICAGO, clock.due + timedelta(seconds=1))[-1].overdue
    else:
        last_moment = datetime.combine(clock.due, time(23, 59, 59), CHICAGO)
        assert not case_clocks(request, coverage, CHICAGO, clock.due)[-1].overdue
        assert not case_clocks(request, coverage, CHICAGO, last_moment)[-1].overdue
        assert case_clocks(request, coverage, CHICAGO, clock.due + timedelta(days=1))[-1].overdue
        assert case_clocks(request, coverage, CHICAGO, last_moment + timedelta(seconds=1))[-1].overdue


def test_no_two_rules_of_the_same_reach_claim_the_same_clock() -> None:
    book = load_rules()
    states = sorted({s for r in book.rules for s in r.states} | {"WY"})
    for plan_type, state, event, stage, urgency, kind in itertools.product(
        PlanType,
        states,
        (CaseStatus.SUBMITTED, CaseStatus.APPEALED, CaseStatus.EXTERNAL_REVIEW, CaseStatus.DENIED),
        (Stage.INITIAL, Stage.AFTER_APPEAL),
        ("standard", "expedited"),
        (*CaseKind, None),
    ):
        matches = [r for r in book.rules if r.applies(plan_type, state, event, stage, urgency, kind, NOTICE)]
        reach = [(bool(r.states), bool(r.kinds)) for r in matches]
        assert len(reach) == len(set(reach)), (plan_type, state, event, stage, urgency, kind, [r.id for r in matches])


def test_a_verified_rule_names_what_was_read_and_when_and_an_unverified_one_what_was_searched() -> None:
    for rule in RULES:
        if rule.verified:
            assert "http" in rule.checked_against and re.search(r"read 2026-\d\d-\d\d", rule.checked_against), rule.id
        else:
            assert rule.checked_against.startswith("searched 2026-"), rule.id
    # What was read in its current primary text, and nothing more.
    assert {r.id for r in RULES if r.verified} == {
        "part-d-redetermination-request",
        "california-step-therapy-standard",
        "california-step-therapy-exigent",
    }


def test_every_late_plan_consequence_names_its_source_and_only_plan_clocks_have_one() -> None:
    for rule in RULES:
        if rule.if_late is not None:
            assert rule.party == "plan", rule.id
            assert rule.if_late.source.strip() and rule.if_late.text.strip(), rule.id
            assert not rule.if_late.verified or rule.verified, rule.id
    consequences = {r.id: r.if_late.text for r in RULES if r.if_late}
    assert "deemed granted" in consequences["california-step-therapy-standard"]
    assert "independent review entity" in consequences["part-d-coverage-standard"]
    assert "independent review entity" in consequences["ma-reconsideration-standard"]
    assert "State fair hearing" in consequences["medicaid-appeal-standard"]


def test_a_persons_clock_starts_at_a_notice_and_a_plans_at_a_request() -> None:
    for rule in RULES:
        assert (rule.starts is Start.REQUEST_RECEIVED) == (rule.party == "plan"), rule.id


def test_every_plan_type_but_other_has_its_appeal_ladder() -> None:
    book = load_rules()
    for plan_type in PlanType:
        rungs = [book.rung(plan_type, level) for level in Level]
        if plan_type is PlanType.OTHER:
            assert rungs == [None] * len(Level)
        else:
            assert all(rungs), plan_type
    assert book.rung(PlanType.MEDICARE_ADVANTAGE, Level.SECOND_LEVEL).automatic  # type: ignore[union-attr]


def test_state_notes_say_where_they_come_from() -> None:
    for note in load_rules().state_notes:
        assert note.source and note.checked_against.startswith("searched 2026-"), note.id
        assert not note.replaces_decision_clock or note.action, note.id


def test_self_funded_plans_never_get_a_state_law() -> None:
    book = load_rules()
    assert all(not r.states for r in book.rules if PlanType.SELF_FUNDED_EMPLOYER in r.plan_types)
    assert all(PlanType.SELF_FUNDED_EMPLOYER not in n.plan_types for n in book.state_notes if n.states)
    assert "do not apply" in book.plan_notes["self_funded_employer"]


def raw_rules() -> dict:
    return json.loads((files("triallog.resources") / "reference" / "deadline_rules.json").read_text("utf-8"))


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("unit", "weeks", "weeks"),
        ("event", "approved", "no clock starts"),
        ("verified", "yes", "verified"),
        ("checked_against", " ", "checked_against"),
        ("starts", "notice_date", "starts at its notice"),
        ("receipt_presumed_days", 5, "notice_received only"),
        ("if_late", {"text": "granted", "source": ""}, "if_late.source"),
    ],
)
def test_a_malformed_rule_is_refused(key: str, value: object, message: str) -> None:
    raw = raw_rules()
    first = next(r for r in raw["rules"] if r["event"] == "submitted")
    first[key] = value
    with pytest.raises(ValueError, match=message):
        build_rule_book(raw)
