"""A case's clocks and its next step, counted in the person's own time zone.

Every request (submitted, appealed, external review) starts the plan's clock to decide; every denial
starts the person's clock to appeal. Each clock has the event that started it, the instant or day the
law counts from, the rule, a due value and a state: open, overdue, or answered (when, and whether in
time). Two choices keep an assumption from hurting anyone:

- a plan's clock started by an event known only by its day counts from the end of that day, so the
  plan is never shown late because of an assumption; and a decision known only by its day is late only
  when that whole day lies after the due time;
- a person's clock counts from the earliest start the rule allows (the notice's date, or the earlier of
  the day it arrived and the day the law presumes it did), so the person is never shown a later
  deadline than the law's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from triallog.domain.dates import PartialDate, Precision
from triallog.domain.deadlines import (
    NO_RULE,
    NO_STATE_RULE,
    REQUEST_EVENTS,
    UNVERIFIED,
    DeadlineRule,
    Level,
    RuleBook,
    Rung,
    Stage,
    Start,
    StateNote,
    Unit,
    load_rules,
)
from triallog.domain.enums import CaseKind, CaseStatus, PlanType, Urgency
from triallog.domain.records import Case, CaseEvent, Coverage, event_sort_key
from triallog.domain.zones import format_day, format_when

PLAN, PERSON = "plan", "person"
DECISIONS = (CaseStatus.APPROVED, CaseStatus.DENIED, CaseStatus.CLOSED)
# A new request after a denial answers it too: if that request is denied, its denial starts a new clock.
FILINGS = (*REQUEST_EVENTS, CaseStatus.APPROVED, CaseStatus.CLOSED)

_DEFAULT_WHAT = {
    (CaseStatus.SUBMITTED, Stage.ANY): "decision due",
    (CaseStatus.APPEALED, Stage.ANY): "appeal decision due",
    (CaseStatus.EXTERNAL_REVIEW, Stage.ANY): "external review decision due",
    (CaseStatus.DENIED, Stage.INITIAL): "appeal deadline",
    (CaseStatus.DENIED, Stage.AFTER_APPEAL): "next appeal deadline",
}
_ASKED = {
    CaseStatus.SUBMITTED: "the request",
    CaseStatus.APPEALED: "the appeal",
    CaseStatus.EXTERNAL_REVIEW: "the request for external review",
}
_REQUEST_NAMES = {
    CaseKind.STEP_THERAPY: "a step-therapy exception request",
    CaseKind.NON_FORMULARY: "a formulary exception request",
    CaseKind.PRIOR_AUTHORIZATION: "a prior authorization request",
    CaseKind.QUANTITY_LIMIT: "a quantity limit exception request",
}


@dataclass(frozen=True)
class Clock:
    """One clock of a case: who must act by when, counted from what, and where it stands."""

    what: str
    party: str  # PLAN (a decision is due) or PERSON (a filing is due)
    event: CaseEvent
    #: the start as the law counts it: a day, or a moment (a plan's clock from a known time)
    started: date | datetime
    #: what started it, in words ("counted from the notice dated Mar 7, 2025, received Mar 12, 2025")
    start_text: str
    #: why a start had to be assumed ("" when nothing was)
    assumed: str
    rule: DeadlineRule | None
    due: date | datetime | None
    meaning: str
    source: str
    verified: bool
    open: bool
    overdue: bool
    #: when the plan answered (a plan's clock), or the person filed (a person's); None while open
    answered: date | datetime | None = None
    #: the plan did not answer by its due time (answered after it, or the case moved on unanswered)
    late: bool = False
    late_by: str = ""
    #: the rule's if_late sentence with its citation ("" when the source states none)
    consequence: str = ""
    note: str = ""
    #: the clock ended without an answer (a new request replaced it, or the case moved on)
    superseded: bool = False
    #: the status of the event that answered or ended it
    answered_by: CaseStatus | None = None

    @property
    def rule_id(self) -> str:
        return self.rule.id if self.rule is not None and self.due is not None else ""

    @property
    def unverified_mark(self) -> str:
        """`" (not yet checked against the law's text)"` for a date from an unverified rule, else ""."""
        return f" ({UNVERIFIED})" if self.due is not None and not self.verified else ""

    def state_text(self, zone: tzinfo) -> str:
        """Where the clock stands, in words: open, overdue, answered in time or late, or replaced."""
        if self.open:
            return "overdue" if self.overdue else "open"
        if self.answered is not None:
            when = format_when(self.answered, zone)
            if self.party == PERSON:
                done = _ASKED.get(self.answered_by, self.answered_by.label.lower() if self.answered_by else "a step")
                after = self.due is not None and _day(self.answered, zone) > _day(self.due, zone)
                return f"met by {done} of {when}" + (", after this deadline" if after else "")
            if self.late:
                return f"answered {self.late_by} late, on {when}"
            return f"answered on {when}" + (", in time" if self.due is not None else "")
        if self.late:
            return "not answered by its due time"
        return "replaced by a later request" if self.superseded else "closed"


@dataclass(frozen=True)
class NextStep:
    """What the person does next for a case, by when, and how."""

    what: str
    due: date | datetime | None
    how: str
    clock: Clock | None = None

    @property
    def verified(self) -> bool:
        return self.clock is not None and self.clock.verified

    @property
    def overdue(self) -> bool:
        """The step's due time has passed: its `due` is when it was due, not a time still ahead."""
        return self.clock is not None and self.clock.overdue

    def due_words(self, zone: tzinfo) -> str:
        """` — by Feb 9, 2023`, or ` — it was due Feb 9, 2023` once passed; marked when its rule is unchecked."""
        if self.due is None:
            return ""
        mark = self.clock.unverified_mark if self.clock is not None else ""
        when = format_when(self.due, zone)
        return f" — it was due {when}{mark}" if self.overdue else f" — by {when}{mark}"


# -- the clocks ------------------------------------------------------------------------------


def case_clocks(
    case: Case,
    coverage: Coverage | None,
    zone: tzinfo,
    today: date | datetime | None = None,
    book: RuleBook | None = None,
) -> list[Clock]:
    """Every clock of the case, oldest first, each open or answered and, if open, overdue or not.

    `zone` is the person's time zone; `today` may be a date (a due time is then overdue from the
    next day) or an aware datetime, and defaults to now.
    """
    book = book or load_rules()
    events = sorted(case.events, key=event_sort_key)
    now = _now(today, zone)
    plan_type = coverage.plan_type if coverage is not None else None
    state = coverage.state if coverage is not None else ""
    on = case_day(case, events, now, zone)
    notes = book.notes_for(plan_type, state, case.kind, on)
    urgency = "expedited" if case.urgency is Urgency.EXPEDITED else "standard"
    first_denial = next((i for i, e in enumerate(events) if e.status is CaseStatus.DENIED), None)
    clocks: list[Clock] = []
    for index, event in enumerate(events):
        if event.status in REQUEST_EVENTS:
            stage = Stage.ANY
        elif event.status is CaseStatus.DENIED:
            stage = _denial_stage(events, index)
            if stage is None:
                continue  # an external review's decision is final: no further clock to keep
            rung = book.rung(plan_type, Level.SECOND_LEVEL) if stage is Stage.AFTER_APPEAL else None
            if rung is not None and rung.automatic:
                continue  # the plan must take the case further itself: nothing for the person to file
        else:
            continue
        rule = None
        if plan_type is not None:
            rule = book.find(plan_type, state, event.status, stage, urgency, case.kind, on)
        clocks.append(_clock(case, events, index, stage, rule, coverage, notes, zone, now, index == first_denial, book))
    return clocks


def case_day(case: Case, events: list[CaseEvent], now: date | datetime, zone: tzinfo) -> date:
    """The day a case began, for laws in force from a date: its denial's date or first event, else today."""
    days = [_day(e.when, zone) for e in events]
    if case.denial_date is not None:
        days.append(case.denial_date.first_day)
    if days:
        return min(days)
    return now if not isinstance(now, datetime) else now.date()


def _clock(
    case: Case,
    events: list[CaseEvent],
    index: int,
    stage: Stage,
    rule: DeadlineRule | None,
    coverage: Coverage | None,
    notes: list[StateNote],
    zone: tzinfo,
    now: date | datetime,
    first_denial: bool,
    book: RuleBook,
) -> Clock:
    event = events[index]
    party = PERSON if event.status is CaseStatus.DENIED else PLAN
    what = rule.what if rule is not None else _DEFAULT_WHAT[(event.status, stage)]
    if party == PLAN:
        started, start_day, start_moment, start_text, assumed = _request_start(event, zone)
    else:
        starts = rule.starts if rule is not None else Start.NOTICE_DATE
        presumed = rule.receipt_presumed_days if rule is not None else 0
        started, start_text, assumed = _notice_start(case, event, starts, presumed, first_denial, zone)
        start_day, start_moment = started, datetime.combine(started, time(0), zone)
    answered, ended_by, superseded, answered_by = _answer(events, index, party)
    is_open = ended_by is None
    plan_note = book.plan_notes.get(coverage.plan_type.value, "") if coverage and coverage.plan_type else ""

    blocking = [n for n in notes if n.replaces_decision_clock] if event.status is CaseStatus.SUBMITTED else []
    if blocking or rule is None:
        if blocking:
            meaning, source = blocking[0].sentence(), blocking[0].source
        else:
            plan_type = coverage.plan_type if coverage is not None else None
            missing = NO_STATE_RULE if plan_type is PlanType.COMMERCIAL and party == PLAN else NO_RULE
            meaning, source = missing, ""
        return Clock(
            what, party, event, started, start_text, assumed, rule, None, meaning, source, False,
            is_open, False, answered, note=plan_note, superseded=superseded, answered_by=answered_by,
        )  # fmt: skip

    due = _due(rule, start_day, start_moment, zone)
    overdue = is_open and _is_past(due, now, zone)
    late, late_by = False, ""
    if party == PLAN and not is_open:
        moment = answered if answered is not None else (None if superseded else ended_by)
        if moment is not None:
            late_by = _late_by(moment, due, zone)
            late = bool(late_by)
    consequence = rule.if_late.sentence() if rule.if_late is not None else ""
    day_note = ""
    if party == PLAN and not isinstance(event.when, datetime):
        day_note = (
            "Only the day of the request is known, so the plan's time is counted from the end of that day: "
            "the plan is never shown late because of a guess."
        )
    elif party == PERSON:
        day_note = "Counted from the earliest day the rule allows, so this is never later than the law's deadline."
    note = " ".join(text for text in (rule.note, day_note, plan_note) if text)
    return Clock(
        what, party, event, started, start_text, assumed, rule, due, rule.meaning, rule.source, rule.verified,
        is_open, overdue, answered, late, late_by, consequence, note, superseded, answered_by,
    )  # fmt: skip


def _request_start(event: CaseEvent, zone: tzinfo) -> tuple[date | datetime, date, datetime, str, str]:
    """A plan's clock: from the moment of the request when it is known, else from the end of its day."""
    asked = _ASKED.get(event.status, "the request")
    if isinstance(event.when, datetime):
        moment = event.when.astimezone(zone)
        return moment, moment.date(), moment, f"counted from {asked} of {format_when(moment, zone)}", ""
    end = datetime.combine(event.when + timedelta(days=1), time(0), zone)
    text = f"counted from the end of {format_day(event.when)}, the day of {asked} (its time was not recorded)"
    return event.when, event.when, end, text, ""


def _notice_start(
    case: Case, event: CaseEvent, starts: Start, presumed: int, first_denial: bool, zone: tzinfo
) -> tuple[date, str, str]:
    """A person's clock: from the earliest day the rule allows, with what had to be assumed."""
    logged = _day(event.when, zone)
    assumed = ""
    notice = event.notice_date
    if notice is None and first_denial and case.denial_date is not None:
        notice = case.denial_date
        assumed = "The date on the plan's notice was not recorded: the case's denial date was used."
    elif notice is None:
        notice = PartialDate.of(logged)
        assumed = "The date on the plan's notice was not recorded: the day the denial was logged was used."
    notice_day = notice.first_day  # a partial date counts from its first day: the earliest it can be
    received = event.received.first_day if event.received is not None else None
    if received is not None and received < notice_day:
        notice_day = received  # a notice cannot be dated after it arrived
    dated = f"the notice dated {format_day(notice_day) if notice.precision is Precision.DAY else notice.human()}"
    if starts is Start.NOTICE_DATE:
        return notice_day, f"counted from {dated}", assumed
    if starts is Start.DECISION_DATE:
        start = min(notice_day, logged)
        return start, f"counted from the decision of {format_day(start)} ({dated})", assumed
    if received is not None and presumed:
        presumed_day = notice_day + timedelta(days=presumed)
        if received <= presumed_day:
            return received, f"counted from {dated}, received {format_day(received)}", assumed
        text = (
            f"counted from {format_day(presumed_day)}, when the law presumes {dated} arrived ({presumed} days "
            f"after its date); it was recorded as received {format_day(received)}, but the earlier day is used"
        )
        return presumed_day, text, assumed
    if received is not None:
        return received, f"counted from {dated}, received {format_day(received)}", assumed
    if presumed:
        presumed_day = notice_day + timedelta(days=presumed)
        text = f"counted from {format_day(presumed_day)}, when the law presumes {dated} arrived ({presumed} days later)"
        return presumed_day, text, assumed
    text = f"counted from {dated}: the day it arrived was not recorded, so the earliest possible day is used"
    return notice_day, text, assumed


def _due(rule: DeadlineRule, start_day: date, start_moment: datetime, zone: tzinfo) -> date | datetime:
    if rule.unit is Unit.HOURS:
        # Elapsed hours: count in UTC so a daylight-saving change neither adds nor loses an hour.
        return (start_moment.astimezone(UTC) + timedelta(hours=rule.amount)).astimezone(zone)
    return rule.add(start_day)


def _answer(
    events: list[CaseEvent], index: int, party: str
) -> tuple[date | datetime | None, date | datetime | None, bool, CaseStatus | None]:
    """(when the clock was answered, when it ended, whether a later request of the same kind replaced it
    unanswered, and the status that ended it)."""
    event = events[index]
    answers = DECISIONS if party == PLAN else FILINGS
    for later in events[index + 1 :]:
        if later.status in answers:
            when = later.when
            # A plan's letter dated before the day it was logged shows the decision was made by then.
            if party == PLAN and later.notice_date is not None and later.notice_date.first_day < _day(when, None):
                when = later.notice_date.first_day
            return when, later.when, False, later.status
        if party == PLAN and later.status in REQUEST_EVENTS:
            # A new request of the same kind replaces this one (an incomplete request sent again);
            # a request to the next level means the case moved on without this answer.
            return None, later.when, later.status is event.status, later.status
    return None, None, False, None


def _late_by(answered: date | datetime, due: date | datetime, zone: tzinfo) -> str:
    """How late an answer was ("4 hours 15 minutes", "6 days"), or "" when it was in time."""
    if isinstance(answered, datetime) and isinstance(due, datetime):
        minutes = math.ceil((answered - due).total_seconds() / 60)
        if minutes <= 0:
            return ""
        if minutes < 48 * 60:
            hours, rest = divmod(minutes, 60)
            parts = [f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []
            parts += [f"{rest} minute{'s' if rest != 1 else ''}"] if rest else []
            return " ".join(parts)
    days = (_day(answered, zone) - _day(due, zone)).days
    return f"{days} day{'s' if days != 1 else ''}" if days > 0 else ""


def _denial_stage(events: list[CaseEvent], index: int) -> Stage | None:
    """A denial answers the request before it: a first request, an appeal, or a final external review."""
    earlier = [e for e in events[:index] if e.status in REQUEST_EVENTS]
    if not earlier or earlier[-1].status is CaseStatus.SUBMITTED:
        return Stage.INITIAL
    if earlier[-1].status is CaseStatus.APPEALED:
        return Stage.AFTER_APPEAL
    return None


def _now(today: date | datetime | None, zone: tzinfo) -> date | datetime:
    if today is None:
        return datetime.now(UTC).astimezone(zone)
    if isinstance(today, datetime):
        if today.tzinfo is None:
            raise ValueError("today must be a date or an aware datetime")
        return today.astimezone(zone)
    return today


def _day(value: date | datetime, zone: tzinfo | None) -> date:
    if isinstance(value, datetime):
        return value.astimezone(zone).date() if zone is not None else value.date()
    return value


def _is_past(due: date | datetime, now: date | datetime, zone: tzinfo) -> bool:
    if isinstance(due, datetime):
        if isinstance(now, datetime):
            return now > due
        return now > due.astimezone(zone).date()
    today = now.date() if isinstance(now, datetime) else now
    return today > due


# -- the next step ---------------------------------------------------------------------------


def next_step(
    case: Case,
    coverage: Coverage | None,
    clocks: list[Clock],
    zone: tzinfo,
    today: date | datetime | None = None,
    book: RuleBook | None = None,
) -> NextStep | None:
    """What to do next, by when and how, from the case's latest status and the plan type's ladder.

    None once the case is approved or closed.
    """
    book = book or load_rules()
    events = sorted(case.events, key=event_sort_key)
    latest = events[-1].status if events else case.status
    if latest in (CaseStatus.APPROVED, CaseStatus.CLOSED):
        return None
    plan_type = coverage.plan_type if coverage is not None else None
    carrier = coverage.carrier.strip() if coverage is not None and coverage.carrier.strip() else "the plan"
    now = _now(today, zone)
    notes = book.notes_for(plan_type, coverage.state if coverage else "", case.kind, case_day(case, events, now, zone))
    blocking = next((n for n in notes if n.replaces_decision_clock), None)

    if latest in (None, CaseStatus.DRAFT):
        if blocking is not None:
            return NextStep(blocking.action, None, blocking.sentence())
        rung = book.rung(plan_type, Level.REQUEST)
        name = _request_name(case, rung)
        return NextStep(f"Send {name} to {carrier}", None, _how(rung, coverage))

    if latest is CaseStatus.DENIED:
        stage = _denial_stage(events, len(events) - 1)
        level = {Stage.INITIAL: Level.INTERNAL_APPEAL, Stage.AFTER_APPEAL: Level.SECOND_LEVEL}.get(stage, Level.BEYOND)
        rung = book.rung(plan_type, level)
        if rung is None:
            return NextStep("Read the denial letter: it says how to appeal and by when", None, "")
        if rung.automatic:
            return NextStep(f"Nothing to file: {rung.name}", None, _how(rung, coverage))
        clock = next((c for c in reversed(clocks) if c.party == PERSON and c.open), None)
        due = clock.due if clock is not None else None
        return NextStep(f"Ask for {rung.name}", due, _how(rung, coverage), clock)

    # Waiting for a decision (submitted, pending, appealed, external review).
    clock = next((c for c in reversed(clocks) if c.party == PLAN and c.open), None)
    phone = coverage.contact_phone.strip() if coverage is not None else ""
    call = f"Call {carrier}" + (f" at {phone}" if phone else "") + " and log the call with its reference number."
    if clock is None:
        return NextStep(f"Wait for {carrier}'s decision", None, call)
    if clock.due is None and blocking is not None and clock.event.status is CaseStatus.SUBMITTED:
        return NextStep(blocking.action, None, blocking.sentence(), clock)
    if clock.due is None:
        return NextStep(f"Wait for {carrier}'s decision: {clock.meaning}", None, call, clock)
    if clock.overdue:
        consequence = f"{clock.consequence} " if clock.consequence else ""
        return NextStep(f"{carrier}'s decision is overdue", clock.due, consequence + call, clock)
    asked = _ASKED.get(clock.event.status, "the request")
    return NextStep(f"Wait for {carrier}'s decision on {asked}; if none has come by then, call", clock.due, call, clock)


def _request_name(case: Case, rung: Rung | None) -> str:
    if rung is not None and case.kind in (None, CaseKind.STEP_THERAPY, CaseKind.NON_FORMULARY, CaseKind.OTHER):
        return rung.name
    return _REQUEST_NAMES.get(case.kind, "the request") if case.kind else "the request"


def _how(rung: Rung | None, coverage: Coverage | None) -> str:
    """How to send it: the rung's form, then where, from the plan's contact block."""
    if rung is None:
        return "The plan's letters say how."
    parts = [rung.how.rstrip(".") + "."]
    if rung.send_to == "plan":
        phone = coverage.contact_phone.strip() if coverage else ""
        fax = coverage.contact_fax.strip() if coverage else ""
        where = ", ".join(text for text in (f"fax {fax}" if fax else "", f"phone {phone}" if phone else "") if text)
        parts.append(
            f"Send it to the plan's request line: {where}."
            if where
            else "The plan's request line is not recorded: add its phone and fax to the plan."
        )
    elif rung.send_to == "appeals":
        address = " ".join(coverage.appeals_address.split()) if coverage else ""
        fax = coverage.appeals_fax.strip() if coverage else ""
        where = "; ".join(text for text in (address, f"fax {fax}" if fax else "") if text)
        parts.append(
            f"Send it to the plan's appeals address: {where}."
            if where
            else "The plan's appeals address is not recorded: it is on the denial letter; add it to the plan."
        )
    if rung.source:
        parts.append(f"({rung.source})")
    return " ".join(parts)


def case_notices(
    case: Case,
    coverage: Coverage | None,
    zone: tzinfo,
    today: date | datetime | None = None,
    book: RuleBook | None = None,
) -> list[str]:
    """The sentences a case page shows beside its clocks: the state laws and plan facts that apply to it."""
    book = book or load_rules()
    plan_type = coverage.plan_type if coverage is not None else None
    state = coverage.state if coverage is not None else ""
    on = case_day(case, sorted(case.events, key=event_sort_key), _now(today, zone), zone)
    return [n.sentence() for n in book.notes_for(plan_type, state, case.kind, on)]
