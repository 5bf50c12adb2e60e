"""A case's clocks and its next step, counted in the person's own time zone.

Every request (submitted, appealed, external review) starts the plan's clock to decide; every denial
starts the person's clock to act. Each clock has the event that started it, the instant or day the
law counts from, the rule, a due value and a state: open, overdue, or ended (answered in time or
late, met, replaced, closed). Two choices keep an assumption from hurting anyone:

- a plan's clock started by an event known only by its day counts from the end of that day, and a
  decision known only by its day is late only when that whole day lies after the due time;
- a person's clock counts from the earliest start the rule allows (the notice's date, or the earlier
  of the day it arrived and the day the law presumes it did; an assumed notice date never later than
  the day the denial was logged).

A case's events are taken in their one order (`records.events_in_order`): by day, and within a
day as they were recorded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
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
    party_of,
)
from triallog.domain.enums import CaseKind, CaseStatus, PlanType, Urgency
from triallog.domain.records import Case, CaseEvent, Coverage, events_in_order, first_denial
from triallog.domain.rules import DECISIONS
from triallog.domain.zones import format_day, format_when

PLAN, PERSON = "plan", "person"

#: how a clock ended
ANSWERED, REPLACED, MOVED_ON, CLOSED, SETTLED = "answered", "replaced", "moved on", "closed", "settled"

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
NO_HISTORY = "No status history is recorded: the denial is taken from the case's denial date."


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
    #: when the plan answered (a plan's clock) or the person filed (a person's); None otherwise
    answered: date | datetime | None = None
    #: the plan did not decide by its due time (it decided after it, or the case moved on or closed after it)
    late: bool = False
    late_by: str = ""
    #: the rule's if_late sentence with its citation ("" when the source states none)
    consequence: str = ""
    note: str = ""
    #: how the clock ended (ANSWERED, REPLACED, MOVED_ON, CLOSED, SETTLED; "" while open), when, and by what
    ended: str = ""
    ended_on: date | datetime | None = None
    ended_by: CaseStatus | None = None

    @property
    def rule_id(self) -> str:
        return self.rule.id if self.rule is not None and self.due is not None else ""

    @property
    def unverified_mark(self) -> str:
        """`" (not yet checked against the law's text)"` for a date from an unverified rule, else ""."""
        return f" ({UNVERIFIED})" if self.due is not None and not self.verified else ""

    @property
    def _hedge(self) -> str:
        extendable = self.rule is not None and self.rule.extendable
        return ", unless it extended the time in writing" if extendable else ""

    def state_text(self, zone: tzinfo) -> str:
        """Where the clock stands, in words: open, overdue, answered in time or late, met, or ended."""
        if self.open:
            return "overdue" if self.overdue else "open"
        on = format_when(self.ended_on, zone) if self.ended_on is not None else ""
        if self.party == PERSON:
            if self.ended == ANSWERED:
                done = _ASKED.get(self.ended_by, "a request") if self.ended_by else "a request"
                after = self.due is not None and _day(self.ended_on, zone) > _day(self.due, zone)  # type: ignore[arg-type]
                return f"met by {done} of {on}" + (", after this deadline" if after else "")
            if self.ended == REPLACED:
                return f"replaced by the later denial of {on}"
            return (
                f"ended: the plan approved on {on}" if self.ended == SETTLED else f"ended: the case was closed on {on}"
            )
        if self.ended == ANSWERED:
            assert self.answered is not None
            when = format_when(self.answered, zone)
            if self.late:
                return f"answered {self.late_by} late{self._hedge}, on {when}"
            return f"answered on {when}" + (", in time" if self.due is not None else "")
        if self.ended == REPLACED:
            return f"replaced by the request of {on}"
        what = (
            "closed without a recorded decision" if self.ended == CLOSED else "left unanswered when the case moved on"
        )
        late = f", after its due time{self._hedge}" if self.late else ""
        return f"{what} on {on}{late}"

    def late_text(self) -> str:
        """`The plan is late. <what the law says follows>` once the plan missed its due time, else ""."""
        if not (self.late or self.overdue) or self.party != PLAN:
            return ""
        return f"The plan is late{self._hedge}." + (f" {self.consequence}" if self.consequence else "")

    def if_missed_text(self) -> str:
        """`If the plan misses it: <what the law says follows>` while a plan's clock is still running."""
        if self.open and not self.overdue and self.party == PLAN and self.consequence:
            return f"If the plan misses it: {self.consequence}"
        return ""


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


def history(case: Case) -> tuple[list[CaseEvent], bool]:
    """The case's events in their one order; a case with no history but a denial date (a denial not yet
    answered) gets that denial, so its appeal deadline is never lost. The flag says one was made up."""
    events = events_in_order(case.events)
    waiting = case.status in (None, CaseStatus.DRAFT, CaseStatus.DENIED)
    if not events and case.denial_date is not None and waiting:
        day = case.denial_date.first_day
        return [CaseEvent(day, CaseStatus.DENIED, notice_date=case.denial_date)], True
    return events, False


def case_clocks(
    case: Case,
    coverage: Coverage | None,
    zone: tzinfo,
    today: date | datetime | None = None,
    book: RuleBook | None = None,
) -> list[Clock]:
    """Every clock of the case, oldest first, each open or ended and, if open, overdue or not.

    `zone` is the person's time zone; `today` may be a date (a due time is then overdue from the
    next day) or an aware datetime, and defaults to now.
    """
    book = book or load_rules()
    events, made_up = history(case)
    now = _now(today, zone)
    plan_type = coverage.plan_type if coverage is not None else None
    on = case_day(case, events, now, zone)
    notes = book.notes_for(plan_type, coverage.state if coverage else "", case.kind, on)
    first = first_denial(events)
    clocks: list[Clock] = []
    for index, event in enumerate(events):
        stage: Stage | None
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
        rule = _rule(book, case, coverage, event.status, stage, on)
        clock = _clock(case, events, index, stage, rule, coverage, notes, zone, now, index == first, book)
        if made_up:
            clock = _with_assumption(clock, NO_HISTORY)
        clocks.append(clock)
    return clocks


def _rule(
    book: RuleBook, case: Case, coverage: Coverage | None, status: CaseStatus, stage: Stage, on: date
) -> DeadlineRule | None:
    if coverage is None or coverage.plan_type is None:
        return None
    urgency = "expedited" if case.urgency is Urgency.EXPEDITED else "standard"
    return book.find(coverage.plan_type, coverage.state, status, stage, urgency, case.kind, on)


def request_rule(
    case: Case, coverage: Coverage | None, today: date, book: RuleBook | None = None
) -> DeadlineRule | None:
    """The rule that will time the plan's answer to the case's first request, once the plan receives it."""
    events, _ = history(case)
    on = case_day(case, events, today, UTC)
    return _rule(book or load_rules(), case, coverage, CaseStatus.SUBMITTED, Stage.ANY, on)


def case_day(case: Case, events: list[CaseEvent], now: date | datetime, zone: tzinfo) -> date:
    """The day a case began, for laws in force from a date: its denial's date or first event, else today."""
    days = [_day(e.when, zone) for e in events]
    if case.denial_date is not None:
        days.append(case.denial_date.first_day)
    if days:
        return min(days)
    return now if not isinstance(now, datetime) else now.date()


def _with_assumption(clock: Clock, assumed: str) -> Clock:
    return replace(clock, assumed=" ".join(x for x in (assumed, clock.assumed) if x))


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
    is_first_denial: bool,
    book: RuleBook,
) -> Clock:
    event = events[index]
    party = party_of(event.status)
    what = rule.what if rule is not None else _DEFAULT_WHAT[(event.status, stage)]
    if party == PLAN:
        started, start_day, start_moment, start_text, assumed = _request_start(event, zone)
    else:
        starts = rule.starts if rule is not None else Start.NOTICE_DATE
        presumed = rule.receipt_presumed_days if rule is not None else 0
        started, start_text, assumed = _notice_start(case, event, starts, presumed, is_first_denial, zone)
        start_day, start_moment = started, datetime.combine(started, time(0), zone)
    end = _end(events, index, party, start_day, zone)
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
            end.ended == "", False, end.answered, note=plan_note,
            ended=end.ended, ended_on=end.on, ended_by=end.by,
        )  # fmt: skip

    due = _due(rule, start_day, start_moment, zone)
    is_open = end.ended == ""
    overdue = is_open and _is_past(due, now, zone)
    late, late_by = False, ""
    if party == PLAN and end.ended in (ANSWERED, MOVED_ON, CLOSED):
        moment = end.answered if end.ended == ANSWERED else end.on
        assert moment is not None
        late_by = _late_by(moment, due, zone)
        late = bool(late_by)
    consequence = rule.if_late.sentence() if rule.if_late is not None else ""
    if party == PLAN:
        day_note = (
            "Counted from the request's day and time as recorded; if the plan received it later (by mail), "
            "record that day instead."
        )
        if not isinstance(event.when, datetime):
            day_note = (
                "Only the day of the request is known, so the plan's time is counted from the end of that day. "
                "If the plan received it later (by mail), record that day instead."
            )
    else:
        day_note = "Counted from the earliest day the rule allows."
    note = " ".join(text for text in (rule.note, day_note, plan_note) if text)
    return Clock(
        what, party, event, started, start_text, assumed, rule, due, rule.meaning, rule.source, rule.verified,
        is_open, overdue, end.answered, late, late_by, consequence, note, end.ended, end.on, end.by,
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


def _shown(day: PartialDate) -> str:
    return format_day(day.first_day) if day.precision is Precision.DAY else day.human()


def _notice_start(
    case: Case, event: CaseEvent, starts: Start, presumed: int, is_first_denial: bool, zone: tzinfo
) -> tuple[date, str, str]:
    """A person's clock: from the earliest day the rule allows, with what had to be assumed."""
    logged = _day(event.when, zone)
    assumed = ""
    notice = event.notice_date
    if notice is None and is_first_denial and case.denial_date is not None and case.denial_date.first_day <= logged:
        notice = case.denial_date
        assumed = "The date on the plan's notice was not recorded: the case's denial date was used."
    elif notice is None:
        notice = PartialDate.of(logged)
        assumed = "The date on the plan's notice was not recorded: the day the denial was logged was used."
    notice_day = notice.first_day  # a partial date counts from its first day: the earliest it can be
    received = event.received.first_day if event.received is not None else None
    if received is not None and received < notice_day:
        if assumed:
            notice_day = received  # an assumed notice date cannot be later than the day it arrived
        else:
            received = notice_day  # known only to the month: it arrived no earlier than its date
    dated = f"the notice dated {_shown(notice) if notice_day == notice.first_day else format_day(notice_day)}"
    arrived = f"received {_shown(event.received)}" if event.received is not None else ""
    if starts is Start.NOTICE_DATE:
        return notice_day, f"counted from {dated}", assumed
    if starts is Start.DECISION_DATE:
        start = min(notice_day, logged)
        return start, f"counted from the decision of {format_day(start)} ({dated})", assumed
    if received is not None and presumed:
        presumed_day = notice_day + timedelta(days=presumed)
        if received <= presumed_day:
            return received, f"counted from {dated}, {arrived}", assumed
        text = (
            f"counted from {format_day(presumed_day)}, when the law presumes {dated} arrived ({presumed} days "
            f"after its date); it was recorded as {arrived}, but the earlier day is used"
        )
        return presumed_day, text, assumed
    if received is not None:
        return received, f"counted from {dated}, {arrived}", assumed
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


@dataclass(frozen=True)
class _End:
    ended: str = ""  # "" while open
    on: date | datetime | None = None
    by: CaseStatus | None = None
    #: the plan's decision (plan clocks) or the person's filing (person clocks)
    answered: date | datetime | None = None


def _end(events: list[CaseEvent], index: int, party: str, start_day: date, zone: tzinfo) -> _End:
    """How the clock at `index` ended, by the first later event that ends it (or open)."""
    event = events[index]
    for later in events[index + 1 :]:
        status, when = later.status, later.when
        if party == PLAN:
            if status in DECISIONS:  # the plan's letter: its decision
                answer = when
                # A plan's letter dated before the day the decision was logged shows it was made by then
                # (never before the request itself).
                letter = later.notice_date.first_day if later.notice_date is not None else None
                if letter is not None and start_day <= letter < _day(when, zone):
                    answer = letter
                return _End(ANSWERED, when, status, answer)
            if status is CaseStatus.CLOSED:
                return _End(CLOSED, when, status)
            if status in REQUEST_EVENTS:
                # A new request of the same kind replaces this one (an incomplete request sent again);
                # a request to the next level means the case moved on without this answer.
                return _End(REPLACED if status is event.status else MOVED_ON, when, status)
        else:
            if status in REQUEST_EVENTS:
                return _End(ANSWERED, when, status, when)
            if status is CaseStatus.APPROVED:
                return _End(SETTLED, when, status)
            if status is CaseStatus.CLOSED:
                return _End(CLOSED, when, status)
            if status is CaseStatus.DENIED:
                return _End(REPLACED, when, status)  # a later denial starts the clock that counts now
    return _End()


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


def case_level(case: Case) -> tuple[Level, CaseEvent | None]:
    """Where the case stands on its plan's ladder, and the denial its next paper answers: a first request
    (no denial yet), an internal appeal (after a first denial), a second-level request (after the appeal
    was denied), or beyond (after an external review's denial)."""
    events, _ = history(case)
    denials = [i for i, e in enumerate(events) if e.status is CaseStatus.DENIED]
    if not denials:
        if case.denial_date is not None:
            # a denial recorded only by its date (whatever the status says): the next paper answers it
            return Level.INTERNAL_APPEAL, CaseEvent(
                case.denial_date.first_day, CaseStatus.DENIED, notice_date=case.denial_date
            )
        return Level.REQUEST, None
    return _appeal_level(_denial_stage(events, denials[-1])), events[denials[-1]]


def _appeal_level(stage: Stage | None) -> Level:
    """Where a denial at `stage` goes next: beyond the plan's own levels after its last (or an external review)."""
    if stage is Stage.INITIAL:
        return Level.INTERNAL_APPEAL
    if stage is Stage.AFTER_APPEAL:
        return Level.SECOND_LEVEL
    return Level.BEYOND


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
    events, _ = history(case)
    latest = events[-1].status if case.events else case.status
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
        level = _appeal_level(_denial_stage(events, len(events) - 1))
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
    on = case_day(case, history(case)[0], _now(today, zone), zone)
    return [n.sentence() for n in book.notes_for(plan_type, state, case.kind, on)]
