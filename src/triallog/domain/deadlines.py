"""The deadline rules as data: when a plan must answer, by when a person must act, and what follows.

The rules live in `resources/reference/deadline_rules.json`. Each rule names the plans (and, for a
state law, the states and case kinds) it applies to, the event that starts it, what starts its
clock (the plan's receipt of a request, the date on a plan's notice, or the notice's receipt with
the law's presumption), an amount in hours, calendar days, business days or calendar months, its
source, whether that source's current text was read (`verified`), and what the law says follows
when the plan is late (`if_late`). Beside the rules: a note per plan type, state notes (laws whose
timing is not on file, or that change what applies), and the ladder of appeal levels per plan type.
`domain/clocks.py` turns them into a case's clocks and its next step.
"""

from __future__ import annotations

import calendar
import json
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from importlib.resources import files

from triallog.domain.enums import CaseKind, CaseStatus, PlanType

DISCLAIMER = "Not legal advice: check the dates in your plan's letters."
NO_STATE_RULE = "no state rule on file: ask the plan for its deadline"
NO_RULE = "no rule on file: check the plan's letters for the deadline"
UNVERIFIED = "not yet checked against the law's text"

REQUEST_EVENTS = (CaseStatus.SUBMITTED, CaseStatus.APPEALED, CaseStatus.EXTERNAL_REVIEW)
RULE_EVENTS = (*REQUEST_EVENTS, CaseStatus.DENIED)
URGENCIES = ("standard", "expedited", "any")


def party_of(status: CaseStatus) -> str:
    """Who must act on the clock an event starts: the plan decides a request, the person answers a denial."""
    return "person" if status is CaseStatus.DENIED else "plan"


class Unit(StrEnum):
    HOURS = "hours"
    DAYS = "days"  # calendar days
    BUSINESS_DAYS = "business_days"  # not Saturday, Sunday or a US federal (and the rule's state's) holiday
    MONTHS = "months"  # calendar months


class Start(StrEnum):
    """What starts a clock."""

    #: the plan's receipt of the request: the day (or moment) of the submitted, appealed or external_review event
    REQUEST_RECEIVED = "request_received"
    #: the date printed on the plan's notice
    NOTICE_DATE = "notice_date"
    #: the day the notice arrived, or the rule's presumed arrival (`receipt_presumed_days` after its date)
    NOTICE_RECEIVED = "notice_received"
    #: the date of the decision itself: the notice's date, or the day the denial was logged if earlier
    DECISION_DATE = "decision_date"


class Stage(StrEnum):
    """Which denial a rule follows: a first denial, or the denial of an internal appeal."""

    INITIAL = "initial"
    AFTER_APPEAL = "after_appeal"
    ANY = "any"


class Level(StrEnum):
    """The rungs of an appeal ladder."""

    REQUEST = "request"
    INTERNAL_APPEAL = "internal_appeal"
    SECOND_LEVEL = "second_level"
    BEYOND = "beyond"


@dataclass(frozen=True)
class Consequence:
    """What the law says follows when the plan misses its deadline, with its own citation."""

    text: str
    source: str
    verified: bool

    def sentence(self) -> str:
        checked = "" if self.verified else f"; {UNVERIFIED}"
        return f"{self.text} ({self.source}{checked})."


@dataclass(frozen=True)
class DeadlineRule:
    """One clock from the data file, with what it means and where it comes from."""

    id: str
    plan_types: tuple[PlanType, ...]
    states: tuple[str, ...]
    kinds: tuple[CaseKind, ...]
    event: CaseStatus
    stage: Stage
    urgency: str
    what: str
    amount: int
    unit: Unit
    starts: Start
    meaning: str
    source: str
    verified: bool
    checked_against: str
    note: str = ""
    #: for Start.NOTICE_RECEIVED: the law presumes the notice arrived this many days after its date
    receipt_presumed_days: int = 0
    if_late: Consequence | None = None
    #: the rule applies to cases begun on or after / before these days (None: always)
    effective_from: date | None = None
    effective_until: date | None = None

    #: the plan may extend its time (with notice), so an answer after the due date may not be late
    extendable: bool = False

    @property
    def party(self) -> str:
        """Who must act by the due time: the plan (a decision) or the person (a filing)."""
        return party_of(self.event)

    def applies(
        self,
        plan_type: PlanType,
        state: str,
        event: CaseStatus,
        stage: Stage,
        urgency: str,
        kind: CaseKind | None = None,
        on: date | None = None,
    ) -> bool:
        return (
            plan_type in self.plan_types
            and (not self.states or state in self.states)
            and (not self.kinds or kind in self.kinds)
            and event is self.event
            and self.stage in (Stage.ANY, stage)
            and self.urgency in ("any", urgency)
            and (on is None or self.effective_from is None or on >= self.effective_from)
            and (on is None or self.effective_until is None or on < self.effective_until)
        )

    def add(self, start: date) -> date:
        """The due day for a clock in days, business days or months started on `start`."""
        if self.unit is Unit.MONTHS:
            return add_months(start, self.amount)
        if self.unit is Unit.BUSINESS_DAYS:
            return add_business_days(start, self.amount, self.states[0] if len(self.states) == 1 else "")
        return start + timedelta(days=self.amount)


@dataclass(frozen=True)
class StateNote:
    """What a state's law changes for a case that TrialLog cannot express as a clock of its own."""

    id: str
    states: tuple[str, ...]
    plan_types: tuple[PlanType, ...]
    kinds: tuple[CaseKind, ...]
    text: str
    source: str
    verified: bool
    checked_against: str
    #: the plan's decision clock gives way to this note (a law that forbids the requirement itself)
    replaces_decision_clock: bool = False
    effective_from: date | None = None
    #: what the person should do, when the note replaces the clock
    action: str = ""

    def applies(self, plan_type: PlanType | None, state: str, kind: CaseKind | None, on: date) -> bool:
        return (
            plan_type in self.plan_types
            and (not self.states or state in self.states)
            and (not self.kinds or kind in self.kinds)
            and (self.effective_from is None or on >= self.effective_from)
        )

    def sentence(self) -> str:
        checked = "" if self.verified else f"; {UNVERIFIED}"
        return f"{self.text} ({self.source}{checked})."


@dataclass(frozen=True)
class Rung:
    """One level of a plan type's appeal ladder: what it is called, how to ask, and where to send it."""

    level: Level
    name: str
    how: str
    #: `plan` (the plan's request line), `appeals` (its appeals address), or `elsewhere` (named in `how`)
    send_to: str = "plan"
    #: the plan must take the case there itself: nothing to file
    automatic: bool = False
    source: str = ""


@dataclass(frozen=True)
class RuleBook:
    rules: tuple[DeadlineRule, ...]
    plan_notes: dict[str, str]
    state_notes: tuple[StateNote, ...] = ()
    ladders: dict[PlanType, dict[Level, Rung]] | None = None

    def find(
        self,
        plan_type: PlanType,
        state: str,
        event: CaseStatus,
        stage: Stage,
        urgency: str,
        kind: CaseKind | None = None,
        on: date | None = None,
    ) -> DeadlineRule | None:
        """The rule for this clock, verified or not: a state's own law first, then a rule for the case's
        kind, then the rule for every plan of the type. The caller decides what an unverified rule may give."""
        matches = [r for r in self.rules if r.applies(plan_type, state, event, stage, urgency, kind, on)]
        matches.sort(key=lambda r: (not r.states, not r.kinds))
        return matches[0] if matches else None

    def notes_for(self, plan_type: PlanType | None, state: str, kind: CaseKind | None, on: date) -> list[StateNote]:
        return [n for n in self.state_notes if n.applies(plan_type, state, kind, on)]

    def rung(self, plan_type: PlanType | None, level: Level) -> Rung | None:
        if plan_type is None or not self.ladders:
            return None
        return self.ladders.get(plan_type, {}).get(level)


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later, or that month's last day (Jan 31 + 1 month = Feb 28/29).

    Where a law gives a later day for a missing date (the first of the next month), this earlier day is
    kept on purpose: a person's own deadline is never shown later than the law's."""
    years, month_index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month_index + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@cache
def _holidays(state: str, year: int) -> frozenset[date]:
    import holidays  # imported when a business-day rule is first counted, not at start-up

    calendar_ = holidays.country_holidays("US", subdiv=state or None, years=year)
    return frozenset(calendar_)


def is_business_day(day: date, state: str = "") -> bool:
    """Monday to Friday, and not a US federal holiday (nor one of `state`'s)."""
    return day.weekday() < 5 and day not in _holidays(state, day.year)


def add_business_days(start: date, count: int, state: str = "") -> date:
    """The `count`th business day after `start` (the day of receipt itself does not count)."""
    day = start
    while count > 0:
        day += timedelta(days=1)
        if is_business_day(day, state):
            count -= 1
    return day


# -- the data file ---------------------------------------------------------------------------


@cache
def load_rules() -> RuleBook:
    """The shipped rules, read once from the package's reference data."""
    raw = json.loads((files("triallog.resources") / "reference" / "deadline_rules.json").read_text("utf-8"))
    return build_rule_book(raw)


def _day(value: str | None) -> date | None:
    return None if not value else date.fromisoformat(value)


def _consequence(item: dict | None, rule_id: str) -> Consequence | None:
    if not item:
        return None
    for key in ("text", "source"):
        if not str(item.get(key, "")).strip():
            raise ValueError(f"deadline rule {rule_id}: if_late.{key} is required")
    if type(item.get("verified")) is not bool:
        raise ValueError(f"deadline rule {rule_id}: if_late.verified must be true or false")
    return Consequence(item["text"], item["source"], item["verified"])


def _rule(item: dict) -> DeadlineRule:
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
    starts = Start(item["starts"])
    if (event is CaseStatus.DENIED) == (starts is Start.REQUEST_RECEIVED):
        raise ValueError(f"deadline rule {rule_id}: a denial's clock starts at its notice, a request's at its receipt")
    presumed = item.get("receipt_presumed_days", 0)
    if type(presumed) is not int or presumed < 0 or (presumed and starts is not Start.NOTICE_RECEIVED):
        raise ValueError(f"deadline rule {rule_id}: receipt_presumed_days goes with notice_received only")
    unit = Unit(item["unit"])
    states = tuple(item.get("states", ()))
    if unit is Unit.BUSINESS_DAYS and len(states) > 1:
        raise ValueError(f"deadline rule {rule_id}: a business-day rule names at most one state's holidays")
    return DeadlineRule(
        id=rule_id,
        plan_types=tuple(PlanType(p) for p in item["plan_types"]),
        states=states,
        kinds=tuple(CaseKind(k) for k in item.get("kinds", ())),
        event=event,
        stage=Stage(item.get("stage", "any")),
        urgency=item["urgency"],
        what=item["what"],
        amount=amount,
        unit=unit,
        starts=starts,
        meaning=item["meaning"],
        source=item["source"],
        verified=item["verified"],
        checked_against=item["checked_against"],
        note=item.get("note", ""),
        receipt_presumed_days=presumed,
        if_late=_consequence(item.get("if_late"), rule_id),
        effective_from=_day(item.get("effective_from")),
        effective_until=_day(item.get("effective_until")),
        extendable=bool(item.get("extendable", False)),
    )


def _state_note(item: dict) -> StateNote:
    for key in ("id", "text", "source", "checked_against"):
        if not str(item.get(key, "")).strip():
            raise ValueError(f"state note {item.get('id')}: {key} is required")
    if type(item.get("verified")) is not bool:
        raise ValueError(f"state note {item['id']}: verified must be true or false")
    return StateNote(
        id=item["id"],
        states=tuple(item.get("states", ())),
        plan_types=tuple(PlanType(p) for p in item["plan_types"]),
        kinds=tuple(CaseKind(k) for k in item.get("kinds", ())),
        text=item["text"],
        source=item["source"],
        verified=item["verified"],
        checked_against=item["checked_against"],
        replaces_decision_clock=bool(item.get("replaces_decision_clock", False)),
        effective_from=_day(item.get("effective_from")),
        action=item.get("action", ""),
    )


def _ladders(raw: dict) -> dict[PlanType, dict[Level, Rung]]:
    ladders: dict[PlanType, dict[Level, Rung]] = {}
    for plan_type, rungs in raw.items():
        ladder = {}
        for level, item in rungs.items():
            if item.get("send_to", "plan") not in ("plan", "appeals", "elsewhere"):
                raise ValueError(f"ladder {plan_type}.{level}: send_to must be plan, appeals or elsewhere")
            ladder[Level(level)] = Rung(
                level=Level(level),
                name=item["name"],
                how=item["how"],
                send_to=item.get("send_to", "plan"),
                automatic=bool(item.get("automatic", False)),
                source=item.get("source", ""),
            )
        ladders[PlanType(plan_type)] = ladder
    return ladders


def build_rule_book(raw: dict) -> RuleBook:
    """Build and check rules from their JSON form; a malformed rule is an error in the shipped data."""
    rules = [_rule(item) for item in raw["rules"]]
    ids = [r.id for r in rules]
    if len(ids) != len(set(ids)):
        raise ValueError("deadline rules: ids must be unique")
    return RuleBook(
        tuple(rules),
        dict(raw.get("plan_notes", {})),
        tuple(_state_note(item) for item in raw.get("state_notes", ())),
        _ladders(raw.get("ladders", {})),
    )
