"""Answer-due clocks: when a plan must decide and by when to appeal, from the rules in resources/reference.

A case has at most two clocks: the decision due after its latest `submitted`, `appealed` or
`external_review` event, and the appeal or review deadline after its latest `denied` event.
A later event that answers a clock (a decision after a request; an appeal, a new request or a
decision after a denial) closes it. Rules in hours count elapsed hours from the event's time
(from the start of its day in the local time zone when it has only a date); rules in days count
calendar days and rules in months calendar months, and both give a date.
"""

from __future__ import annotations

import calendar
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from functools import cache
from importlib.resources import files

from triallog.domain.enums import CaseStatus, PlanType, Urgency
from triallog.domain.records import Case, CaseEvent, Coverage, event_sort_key

DISCLAIMER = "Not legal advice: check the dates in your plan's letters."
NO_STATE_RULE = "no state rule on file: ask the plan for its deadline"
NO_RULE = "no rule on file: check the plan's letters for the deadline"
# A withheld rule (its timing must be checked against the statute's current text first) gives no date.
UNCHECKED_STATE_RULE = (
    NO_STATE_RULE + ". TrialLog has the state's statute on file ({source}), but its timing is not yet checked: "
    "ask the plan which deadline it applies under that law."
)

DECISION_EVENTS = (CaseStatus.SUBMITTED, CaseStatus.APPEALED, CaseStatus.EXTERNAL_REVIEW)
DECISION_ANSWERS = (CaseStatus.APPROVED, CaseStatus.DENIED, CaseStatus.CLOSED)
# A new request after a denial answers it too: if that request is denied, its denial starts a new clock.
DENIAL_ANSWERS = (
    CaseStatus.SUBMITTED,
    CaseStatus.APPEALED,
    CaseStatus.EXTERNAL_REVIEW,
    CaseStatus.APPROVED,
    CaseStatus.CLOSED,
)
RULE_EVENTS = (*DECISION_EVENTS, CaseStatus.DENIED)


class Unit(StrEnum):
    HOURS = "hours"
    DAYS = "days"
    MONTHS = "months"


class Stage(StrEnum):
    """Which denial a rule follows: a first denial, or the denial of an appeal."""

    INITIAL = "initial"
    AFTER_APPEAL = "after_appeal"
    ANY = "any"


URGENCIES = ("standard", "expedited", "any")

_DEFAULT_WHAT = {
    (CaseStatus.SUBMITTED, Stage.ANY): "decision due",
    (CaseStatus.APPEALED, Stage.ANY): "appeal decision due",
    (CaseStatus.EXTERNAL_REVIEW, Stage.ANY): "external review decision due",
    (CaseStatus.DENIED, Stage.INITIAL): "appeal deadline",
    (CaseStatus.DENIED, Stage.AFTER_APPEAL): "next appeal deadline",
}


@dataclass(frozen=True)
class DeadlineRule:
    """One clock from the data file, with what it means and where it comes from."""

    id: str
    plan_types: tuple[PlanType, ...]
    states: tuple[str, ...]
    event: CaseStatus
    stage: Stage
    urgency: str
    what: str
    amount: int
    unit: Unit
    meaning: str
    source: str
    verified: bool
    checked_against: str
    note: str = ""
    #: why this rule may not give a date yet (empty: it may)
    withheld: str = ""

    def applies(self, plan_type: PlanType, state: str, event: CaseStatus, stage: Stage, urgency: str) -> bool:
        return (
            plan_type in self.plan_types
            and (not self.states or state in self.states)
            and event is self.event
            and self.stage in (Stage.ANY, stage)
            and self.urgency in ("any", urgency)
        )

    def due(self, when: date | datetime, tz: tzinfo | None = None) -> date | datetime:
        """The due date (days, months) or aware datetime (hours) for a clock started `when`."""
        if self.unit is Unit.HOURS:
            start = when if isinstance(when, datetime) else _start_of_day(when, tz)
            # Elapsed hours: count in UTC so a daylight-saving change neither adds nor loses an hour.
            end = start.astimezone(UTC) + timedelta(hours=self.amount)
            if isinstance(when, datetime):
                return end.astimezone(when.tzinfo)
            return end.astimezone(tz) if tz is not None else end.astimezone()
        day = when.date() if isinstance(when, datetime) else when
        if self.unit is Unit.MONTHS:
            return add_months(day, self.amount)
        return day + timedelta(days=self.amount)


@dataclass(frozen=True)
class RuleBook:
    rules: tuple[DeadlineRule, ...]
    plan_notes: dict[str, str]

    def find(
        self, plan_type: PlanType, state: str, event: CaseStatus, stage: Stage, urgency: str
    ) -> DeadlineRule | None:
        """The rule for this clock, verified or not: the caller decides what an unverified rule may give."""
        matches = [r for r in self.rules if r.applies(plan_type, state, event, stage, urgency)]
        # A state's own law comes before a rule for every state (the data file has no such overlap today).
        matches.sort(key=lambda r: not r.states)
        return matches[0] if matches else None

    def unverified(self) -> tuple[DeadlineRule, ...]:
        """The rules not yet checked against their source's current text, for reports to mark."""
        return tuple(r for r in self.rules if not r.verified)


@dataclass(frozen=True)
class DueItem:
    """One clock of a case: what is due, when (None when no rule is on file), and the rule behind it."""

    what: str
    due: date | datetime | None
    rule_id: str
    source: str
    meaning: str
    open: bool
    overdue: bool
    note: str = ""
    started: date | datetime | None = None
    verified: bool = False  # the rule behind the date was checked against its source's current text


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later, or that month's last day (Jan 31 + 1 month = Feb 28/29)."""
    years, month_index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month_index + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _start_of_day(day: date, tz: tzinfo | None) -> datetime:
    if tz is not None:
        return datetime.combine(day, time(0), tzinfo=tz)
    return datetime.combine(day, time(0)).astimezone()  # the system's local zone, with that day's offset


def plan_note(coverage: Coverage | None) -> str:
    """What to know about deadlines for this kind of plan (for example, that state laws skip ERISA plans)."""
    if coverage is None or coverage.plan_type is None:
        return ""
    return load_rules().plan_notes.get(coverage.plan_type.value, "")


def due_items(
    case: Case,
    coverage: Coverage | None,
    today: date | datetime | None = None,
    tz: tzinfo | None = None,
) -> list[DueItem]:
    """The case's clocks, oldest first, each open or answered and, if open, overdue or not.

    `today` may be a date (an hour rule is overdue from the day after its due time's day) or an
    aware datetime; it defaults to now. `tz` is the person's time zone; None means the system's.
    """
    events = sorted(case.events, key=event_sort_key)
    clocks: list[tuple[int, Stage]] = []
    denial = _latest(events, (CaseStatus.DENIED,))
    if denial is not None:
        stage = _denial_stage(events, denial)
        if stage is not None:
            clocks.append((denial, stage))
    decision = _latest(events, DECISION_EVENTS)
    if decision is not None:
        clocks.append((decision, Stage.ANY))
    clocks.sort()
    now = _now(today, tz)
    urgency = "expedited" if case.urgency is Urgency.EXPEDITED else "standard"
    return [_item(events, index, stage, coverage, urgency, now, tz) for index, stage in clocks]


def _item(
    events: list[CaseEvent],
    index: int,
    stage: Stage,
    coverage: Coverage | None,
    urgency: str,
    now: date | datetime,
    tz: tzinfo | None,
) -> DueItem:
    event = events[index]
    answers = DENIAL_ANSWERS if event.status is CaseStatus.DENIED else DECISION_ANSWERS
    is_open = not any(later.status in answers for later in events[index + 1 :])
    plan_type = coverage.plan_type if coverage is not None else None
    rule = None
    if plan_type is not None:
        rule = load_rules().find(plan_type, coverage.state if coverage else "", event.status, stage, urgency)
    note = plan_note(coverage)
    if rule is None:
        missing = (
            NO_STATE_RULE if plan_type is PlanType.COMMERCIAL and event.status is CaseStatus.SUBMITTED else NO_RULE
        )
        what = _DEFAULT_WHAT[(event.status, stage)]
        return DueItem(what, None, "", "", missing, is_open, False, note, event.when)
    if rule.withheld:
        # A withheld law gives no date, but names the statute so the person knows what to ask about.
        meaning = UNCHECKED_STATE_RULE.format(source=rule.source)
        return DueItem(rule.what, None, rule.id, rule.source, meaning, is_open, False, note, event.when)
    due = rule.due(event.when, tz)
    overdue = is_open and _is_past(due, now, tz)
    notes = " ".join(text for text in (rule.note, note) if text)
    return DueItem(
        rule.what, due, rule.id, rule.source, rule.meaning, is_open, overdue, notes, event.when, rule.verified
    )


def _latest(events: list[CaseEvent], statuses: tuple[CaseStatus, ...]) -> int | None:
    found = [i for i, e in enumerate(events) if e.status in statuses]
    return found[-1] if found else None


def _denial_stage(events: list[CaseEvent], index: int) -> Stage | None:
    """A denial answers the request before it: a first request, an appeal, or a final external review."""
    earlier = _latest(events[:index], DECISION_EVENTS)
    if earlier is None or events[earlier].status is CaseStatus.SUBMITTED:
        return Stage.INITIAL
    if events[earlier].status is CaseStatus.APPEALED:
        return Stage.AFTER_APPEAL
    return None  # an external review's decision is final: no further clock to keep


def _now(today: date | datetime | None, tz: tzinfo | None) -> date | datetime:
    if today is None:
        return datetime.now(tz) if tz is not None else datetime.now().astimezone()
    if isinstance(today, datetime) and today.tzinfo is None:
        raise ValueError("today must be a date or an aware datetime")
    return today


def _is_past(due: date | datetime, now: date | datetime, tz: tzinfo | None) -> bool:
    if isinstance(due, datetime):
        if isinstance(now, datetime):
            return now > due
        local = due.astimezone(tz) if tz is not None else due.astimezone()
        return now > local.date()
    today = now.date() if isinstance(now, datetime) else now
    return today > due


# -- the data file ---------------------------------------------------------------------------


@cache
def load_rules() -> RuleBook:
    """The shipped rules, read once from the package's reference data."""
    raw = json.loads((files("triallog.resources") / "reference" / "deadline_rules.json").read_text("utf-8"))
    return build_rule_book(raw)


def build_rule_book(raw: dict) -> RuleBook:
    """Build and check rules from their JSON form; a malformed rule is an error in the shipped data."""
    rules: list[DeadlineRule] = []
    for item in raw["rules"]:
        rule_id = item["id"]
        event = CaseStatus(item["event"])
        if event not in RULE_EVENTS:
            raise ValueError(f"deadline rule {rule_id}: no clock starts at a {event.value!r} event")
        if item["urgency"] not in URGENCIES:
            raise ValueError(f"deadline rule {rule_id}: urgency must be one of {URGENCIES}")
        amount = item["amount"]
        if type(amount) is not int or amount <= 0:
            raise ValueError(f"deadline rule {rule_id}: amount must be a positive integer")
        if type(item["verified"]) is not bool:
            raise ValueError(f"deadline rule {rule_id}: verified must be true or false")
        for text in ("what", "meaning", "source", "checked_against"):
            if not str(item.get(text, "")).strip():
                raise ValueError(f"deadline rule {rule_id}: {text} is required")
        rules.append(
            DeadlineRule(
                id=rule_id,
                plan_types=tuple(PlanType(p) for p in item["plan_types"]),
                states=tuple(item.get("states", ())),
                event=event,
                stage=Stage(item.get("stage", "any")),
                urgency=item["urgency"],
                what=item["what"],
                amount=amount,
                unit=Unit(item["unit"]),
                meaning=item["meaning"],
                source=item["source"],
                verified=item["verified"],
                checked_against=item.get("checked_against", ""),
                withheld=str(item.get("withheld", "")),
                note=item.get("note", ""),
            )
        )
    ids = [r.id for r in rules]
    if len(ids) != len(set(ids)):
        raise ValueError("deadline rules: ids must be unique")
    return RuleBook(tuple(rules), dict(raw.get("plan_notes", {})))
