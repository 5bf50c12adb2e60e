"""Cases: list, save and delete a person's denials, their status history, grounds and due dates."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, tzinfo
from typing import Any

from triallog.domain import records as r
from triallog.domain.clocks import Clock, NextStep, case_clocks, case_notices, history, next_step
from triallog.domain.dates import PartialDate, parse_datetime
from triallog.domain.enums import Ground
from triallog.domain.errors import Problem, ValidationError, raise_if
from triallog.domain.grounds import (
    ClaimProof,
    Standing,
    Suggestion,
    claim_proof,
    required_drugs,
    standings,
    suggest_grounds,
)
from triallog.domain.jurisdictions import Jurisdiction, jurisdiction_for
from triallog.domain.rules import check_case, check_claim, check_event
from triallog.domain.wording import SHORT
from triallog.domain.zones import format_day, format_short, zone_of
from triallog.services.calls import Thread, followed_up, latest_in_thread, thread_of
from triallog.services.changes import Changes
from triallog.services.samples import is_sample
from triallog.storage import calls as stored_calls
from triallog.storage import cases as stored_cases
from triallog.storage import orm, people, plans, trials
from triallog.storage.db import Database, Session
from triallog.storage.rows import apply_case_fields, by_parent, event_text, row_id


class EarlierThanPrevious(ValidationError):
    """A status event dated before the case's latest one: allowed, but only once the user confirms."""


def parse_event_date(text: str, field: str = "date") -> date | datetime:
    """What a person types for an event: `2023-01-25`, or a date and time with its offset."""
    raw = text.strip() if isinstance(text, str) else text
    if isinstance(raw, str) and "T" in raw:
        return parse_datetime(raw, field)
    try:
        return date.fromisoformat(raw)
    except (TypeError, ValueError):
        raise ValidationError(
            field, "must be a date such as 2023-01-25 (or a date and time with offset)", text
        ) from None


def list_cases(db: Database, person_key: str) -> list[r.Case]:
    """A person's cases in the order they were entered, each with its events oldest first.

    The status is the latest event's: `save_case` and `add_event` keep it so."""
    with db.reading() as session:
        return stored_cases.case_records(session, row_id(person_key))


def save_case(db: Database, person_key: str, case: r.Case) -> Changes:
    """Record a new case (empty key: `created` is its key) or replace one: fields, required drugs, grounds
    and events.

    Events are kept oldest first (by day; within a day in the order given); when there are
    any, the case's status is the latest event's.
    """
    case = replace(case, events=list(case.events))
    _sync_denial_date(case, prefer_letter=False)  # the denial date as typed on the case dates its first letter
    with db.transaction() as session:
        person = _person_row(session, person_key)
        problems = check_case(
            case,
            "",
            plans.coverage_keys(session, person.id),
            plans.prescriber_keys(session, person.id),
            trials.trial_keys(session, person.id),
        )
        problems = [_about_required_drugs(p, case) for p in problems] + _event_problems(case.events)
        raise_if(problems)
        if case.key:
            row = _case_row(session, person, case.key)
        else:
            row = orm.CaseRow(person_id=person.id)
            session.add(row)
        _apply_case(row, case)
        session.flush()
        key = str(row.id)
    return Changes(person=person_key, cases=True, created=None if case.key else key)


def _about_required_drugs(problem: Problem, case: r.Case) -> Problem:
    """A claim left naming a drug the case no longer requires is said beside the required drugs, where the
    person just changed them."""
    if not (problem.field.startswith("claims[") and problem.field.endswith("].required_drug")):
        return problem
    index = int(problem.field[len("claims[") : problem.field.index("]")])
    claim = case.claims[index]
    return Problem(
        "required_drugs",
        f"{claim.required_drug.strip()} is still claimed ({SHORT[claim.ground]}): change or remove that "
        "claim on the case page first",
        claim.required_drug,
    )


def delete_case(db: Database, person_key: str, case_key: str) -> Changes:
    """Delete a case with its events; calls, documents and kept packets that named it keep their record,
    unlinked."""
    with db.transaction() as session:
        row = stored_cases.case_row(session, row_id(case_key))
        if row is None or row.person_id != row_id(person_key):
            return Changes()
        calls, documents, packets = stored_cases.case_users(session, row.id)
        session.delete(row)
    return Changes(person=person_key, cases=True, calls=calls > 0, documents=documents > 0, packets=packets > 0)


def add_event(
    db: Database, person_key: str, case_key: str, event: r.CaseEvent, confirm_earlier: bool = False
) -> Changes:
    """Add a status event; the case's status becomes its latest event's.

    An event dated before the latest one raises `EarlierThanPrevious` unless `confirm_earlier`:
    real life is messy, so the window asks and then calls again with the confirmation.
    """
    with db.transaction() as session:
        return add_event_in(session, person_key, case_key, event, confirm_earlier)


def add_event_in(
    session: Any, person_key: str, case_key: str, event: r.CaseEvent, confirm_earlier: bool = False
) -> Changes:
    """`add_event` inside a caller's transaction, for a step that must commit with the event or not at all."""
    raise_if([Problem("date", p.rule, p.value) for p in _event_problems([event])] + check_event(event))
    _person, row, case = _stored_case(session, person_key, case_key)
    events = list(case.events)  # as stored: oldest first
    earlier = bool(events) and is_earlier(event.when, events[-1].when)
    if earlier and not confirm_earlier:
        latest = events[-1]
        raise EarlierThanPrevious(
            "date",
            f"is before the latest event ({event_text(latest.when)}, {latest.status.value}): confirm to add it",
            event_text(event.when),
        )
    if earlier:
        case.events = r.events_in_order([*events, event])
    else:
        # Not earlier: it is the latest, even when it has only a date and the one before it has
        # a time on the same day (the order of one day's events is the order they were given).
        case.events = [*events, event]
    _sync_denial_date(case, prefer_letter=True)
    _apply_case(row, case, resort=False)
    session.flush()
    return Changes(person=person_key, cases=True)


def set_letter_dates(
    db: Database,
    person_key: str,
    case_key: str,
    index: int,
    notice_date: PartialDate | None,
    received: PartialDate | None,
) -> Changes:
    """Record the date printed on a decision's letter and the day it arrived, for the event at `index`
    (oldest first); nothing else of the case changes."""
    with db.transaction() as session:
        _person, row, case = _stored_case(session, person_key, case_key)
        if not 0 <= index < len(case.events):
            raise ValidationError("event", "no longer exists", index)
        event = replace(case.events[index], notice_date=notice_date, received=received)
        raise_if(check_event(event))
        case.events[index] = event
        _sync_denial_date(case, prefer_letter=True)
        _apply_case(row, case, resort=False)
        session.flush()
    return Changes(person=person_key, cases=True)


def is_earlier(when: date | datetime, than: date | datetime) -> bool:
    """True when `when` lies before `than`; a date alone is compared by its day."""
    if isinstance(when, datetime) and isinstance(than, datetime):
        return when < than
    return _day(when) < _day(than)


def suggestions(person: r.Person, case: r.Case, today: date) -> list[Suggestion]:
    """The grounds the person's trials support for this case, each with its proof."""
    return suggest_grounds(case, person.trials, person.coverages, today)


def claim_proofs(person: r.Person, case: r.Case, today: date) -> list[ClaimProof]:
    """The claims the packet and the phone script argue, as they say them: only those whose chosen proof
    shows their ground under the plan's law (a claim still needing its drug or proof stays out)."""
    proofs = [claim_proof(claim, case, person.trials, person.coverages, today) for claim in case.claims]
    return [proof for proof in proofs if proof.printable]


def claim_preview(person: r.Person, case: r.Case, claim: r.Claim, today: date) -> ClaimProof:
    """How a claim (saved or still being typed) reads in the packet, with the words meant for the person."""
    return claim_proof(claim, case, person.trials, person.coverages, today)


def required_drug_choices(case: r.Case) -> list[str]:
    """The required drugs a claim may name: each drug of each entry ("topiramate, propranolol" is two)."""
    return list(dict.fromkeys(n.label for n in required_drugs(case)))


def standings_for(person: r.Person, case: r.Case, today: date) -> list[Standing]:
    """Where each of the case's required drugs stands: claimed, or why not."""
    return standings(case, person.trials, person.coverages, today)


def jurisdiction(person: r.Person, case: r.Case) -> Jurisdiction:
    """Whose rules judge the case's request: the plan's state law where one is on file, else the default."""
    return jurisdiction_for(coverage_of(person, case))


def grounds_to_add(person: r.Person, case: r.Case) -> list[Ground]:
    """The grounds a person may claim by hand for this case: those its jurisdiction recognises."""
    law = jurisdiction(person, case)
    return [g for g in Ground if law.recognises(g)]


def is_claimed(case: r.Case, ground: Ground, required_drug: str | None) -> bool:
    """The case already has a complete claim of this ground for this drug (for the requested drug's grounds: at all)."""
    drug = " ".join((required_drug or "").split()).casefold()
    return any(
        claim.ground is ground
        and not claim.needs_drug_and_proof
        and (ground.about_requested_drug or " ".join(claim.required_drug.split()).casefold() == drug)
        for claim in case.claims
    )


def accept_suggestion(db: Database, person_key: str, case_key: str, suggestion: Suggestion) -> Changes:
    """Claim one suggested ground for its own required drug, with the trials that prove it; nothing else
    changes. A claim of the same ground that still needs its drug and proof (from a version 1 file) is
    completed instead, keeping its explanation. A ground already claimed changes nothing."""
    with db.transaction() as session:
        person, row, case = _stored_case(session, person_key, case_key)
        if is_claimed(case, suggestion.ground, suggestion.required_drug):
            return Changes()
        drug = "" if suggestion.ground.about_requested_drug else (suggestion.required_drug or "")
        claim = r.Claim(suggestion.ground, drug, [t.key for t in suggestion.trials])
        claims = list(case.claims)
        bare = next(
            (i for i, c in enumerate(claims) if c.ground is claim.ground and c.needs_drug_and_proof
             and (not c.required_drug.strip() or c.required_drug.strip().casefold() == drug.casefold())),
            None,
        )  # fmt: skip
        if bare is None:
            claims.append(claim)
        else:
            claims[bare] = replace(claim, explanation=claims[bare].explanation)
        return _save_claims(session, person, row, case, claims)


def save_claim(db: Database, person_key: str, case_key: str, index: int | None, claim: r.Claim) -> Changes:
    """Add a claim (`index` None) or replace the one at `index`; checked like an import, and it must name
    its required drug (only a claim read from a version 1 file may lack one)."""
    if not claim.ground.about_requested_drug and not claim.required_drug.strip():
        raise ValidationError("required_drug", "choose the required drug this ground is about")
    with db.transaction() as session:
        person, row, case = _stored_case(session, person_key, case_key)
        claims = list(case.claims)
        if index is None:
            claims.append(claim)
        elif 0 <= index < len(claims):
            claims[index] = claim
        else:
            raise ValidationError("claim", "no longer exists", index)
        return _save_claims(session, person, row, case, claims, path_index=len(claims) - 1 if index is None else index)


def remove_claim(db: Database, person_key: str, case_key: str, index: int) -> Changes:
    """Remove the claim at `index`; the trials it named are not touched."""
    with db.transaction() as session:
        person, row, case = _stored_case(session, person_key, case_key)
        if not 0 <= index < len(case.claims):
            raise ValidationError("claim", "no longer exists", index)
        claims = [c for i, c in enumerate(case.claims) if i != index]
        return _save_claims(session, person, row, case, claims)


def _save_claims(
    session: Any, person: orm.PersonRow, row: orm.CaseRow, case: r.Case, claims: list[r.Claim], path_index: int = -1
) -> Changes:
    """Store the case with these claims. The claim being edited (`path_index`) is checked with problems
    named by its own fields (`explanation`), as a dialog shows them; a second claim of the same ground
    for the same drug is refused."""
    updated = replace(case, claims=claims)
    trial_keys = trials.trial_keys(session, person.id)
    if path_index >= 0:
        claim = claims[path_index]
        problems = check_claim(claim, updated, "", trial_keys)
        twin = next(
            (c for i, c in enumerate(claims) if i != path_index and c.ground is claim.ground
             and " ".join(c.required_drug.split()).casefold() == " ".join(claim.required_drug.split()).casefold()),
            None,
        )  # fmt: skip
        if twin is not None:
            about = f" for {claim.required_drug.strip()}" if claim.required_drug.strip() else ""
            problems.append(Problem("ground", f"this ground{about} is already claimed: edit that claim instead"))
    else:
        problems = [p for p in check_case(updated, "", (), (), trial_keys) if p.field.startswith("claims[")]
    raise_if(problems)
    _apply_case(row, updated, resort=False)
    session.flush()
    return Changes(person=str(person.id), cases=True)


def coverage_of(person: r.Person, case: r.Case) -> r.Coverage | None:
    return next((c for c in person.coverages if case.coverage and c.key == case.coverage), None)


def zone(person: r.Person) -> tzinfo:
    """The person's own time zone, in which every clock of theirs is counted and shown."""
    return zone_of(person.time_zone)


def due_for(person: r.Person, case: r.Case, today: date | datetime | None = None) -> list[Clock]:
    """The case's clocks (open and answered), by the rules for the case's plan, in the person's zone."""
    return case_clocks(case, coverage_of(person, case), zone(person), today)


def next_step_for(
    person: r.Person, case: r.Case, today: date | datetime | None = None, clocks: list[Clock] | None = None
) -> NextStep | None:
    """What to do next for the case, by when and how."""
    if clocks is None:
        clocks = due_for(person, case, today)
    return next_step(case, coverage_of(person, case), clocks, zone(person), today)


def notices_for(person: r.Person, case: r.Case, today: date | datetime | None = None) -> list[str]:
    """The state laws and plan facts that bear on the case's clocks, as sentences."""
    return case_notices(case, coverage_of(person, case), zone(person), today)


def case_label(case: r.Case) -> str:
    """How a case is named in lists: the denial's reference, else the requested drug."""
    return case.denial_reference.strip() or case.requested_drug.strip()


def due_text(value: date | datetime | None) -> str | None:
    """`YYYY-MM-DD` for a day, an ISO datetime with the person's offset for a moment."""
    return None if value is None else event_text(value)


def cases_json(person: r.Person, today: date | datetime | None = None) -> list[dict[str, Any]]:
    """The `cases --json` rows, one per case: its claims, the grounds the trials support, every clock
    (open and answered) and the next step."""
    day = local_day(person, today)
    trials = {t.key: t for t in person.trials}
    rows = []
    for case in person.cases:
        status = case.events[-1].status if case.events else case.status
        clocks = due_for(person, case, today)
        step = next_step_for(person, case, today, clocks)
        rows.append(
            {
                "reference": case.denial_reference,
                "requested_drug": case.requested_drug,
                "required_drugs": list(case.required_drugs),
                "status": status.value if status else None,
                "grounds": [g.value for g in case.grounds],
                "claims": [
                    {
                        "ground": claim.ground.value,
                        "required_drug": claim.required_drug,
                        "trials": [_trial_json(trials[k]) for k in claim.trials if k in trials],
                        "explanation": claim.explanation,
                        "needs_drug_and_proof": claim.needs_drug_and_proof,
                    }
                    for claim in case.claims
                ],
                "suggested_grounds": [_suggestion_json(s) for s in suggestions(person, case, day)],
                "due": [clock_json(clock) for clock in clocks],
                "next_step": None if step is None else {"what": step.what, "due": due_text(step.due), "how": step.how},
            }
        )
    return rows


def clock_json(clock: Clock) -> dict[str, Any]:
    """One clock as `cases --json` prints it."""
    return {
        "what": clock.what,
        "due": due_text(clock.due),
        "started": due_text(clock.started),
        "rule": clock.meaning,
        "source": clock.source,
        "verified": clock.verified,
        "open": clock.open,
        "answered": due_text(clock.answered),
        "late": clock.late,
        "overdue": clock.overdue,
        "consequence": clock.consequence,
    }


def local_day(person: r.Person, today: date | datetime | None) -> date:
    """The day it is for the person: `today` as given, or now in their own zone."""
    if today is None:
        return datetime.now(zone(person)).date()
    return today.astimezone(zone(person)).date() if isinstance(today, datetime) else today


def _trial_json(t: r.Trial) -> dict[str, Any]:
    return {
        "drug": t.drug,
        "brand": t.brand,
        "start": t.start.iso(),
        "end": t.end.iso() if t.end else None,
        "outcome": t.outcome.value,
    }


def _suggestion_json(suggestion: Suggestion) -> dict[str, Any]:
    return {
        "ground": suggestion.ground.value,
        "required_drug": suggestion.required_drug,
        "trials": [_trial_json(t) for t in suggestion.trials],
        "reason": suggestion.reason,
    }


@dataclass(frozen=True)
class DueEntry:
    """One open item of the Due view: a case's clock or a call's follow-up, for one person."""

    person: str
    person_key: str
    case: str | None
    case_key: str | None
    what: str
    due: date | datetime | None
    overdue: bool
    source: str
    call_key: str | None = None
    #: a follow-up's date as recorded (it may be only a month); `due` is then its last day
    follow_up: PartialDate | None = None
    #: a case's clock: when it started, whether its rule was checked, what follows a late plan
    started: date | datetime | None = None
    verified: bool = False
    consequence: str = ""
    #: the person's own time zone, in which this item is counted and shown
    zone: tzinfo | None = None
    #: the day it is where the person lives (or the day given), from which this item was counted
    day: date | None = None
    #: a case's clock: the case's next step, what started the clock, and the rule's own words
    next_step: NextStep | None = None
    start_text: str = ""
    meaning: str = ""
    #: what the item is, lasting through a corrected date (a calendar's event keeps it): see `item_id`
    item_id: str = ""

    @property
    def is_follow_up(self) -> bool:
        return self.call_key is not None


def due_all(db: Database, today: date | None = None) -> list[DueEntry]:
    """Every open answer due, appeal deadline and call follow-up across everyone, with no time limit.

    Each person's items are counted in their own time zone, from `today` (else the day it is there).
    Overdue first, then by date (a date counts as its whole day; a due time as itself), then the
    clocks with no rule on file (no date). The sample record is left out (see `samples.is_sample`).
    A follow-up is open until a later call exists on the
    same case (for a call with no case: with the same organization) or it is ticked off.

    Reads only what it lists: everyone's cases with the plans they are under, and the calls whose
    follow-up is still open; never a whole record's trials, scores or other calls.
    """
    with db.reading() as session:
        everyone = people.people(session)
        cases_of = stored_cases.cases_by_person(session)
        coverages_of = plans.coverages_of_cases(session)
        calls_of = _open_follow_up_calls(session)
    entries: list[DueEntry] = []
    for person in everyone:
        if is_sample(person.name):  # the made-up story's dates are long past: it never raises an alarm
            continue
        person.cases = cases_of.get(int(person.key), [])
        person.coverages = coverages_of.get(int(person.key), [])
        entries += due_for_person(person, calls_of.get(int(person.key), []), today)
    entries.sort(key=_due_order)
    return entries


def _open_follow_up_calls(session: Session) -> dict[int, list[r.Call]]:
    """Everyone's calls with an open follow-up (see `calls.open_follow_ups`), by person id, in the order
    entered: the threads' latest moments and the pending follow-ups are read as bare tuples first."""
    moments = by_parent(
        (person_id, (_thread(case_id, organization), when))
        for person_id, case_id, organization, when in stored_calls.latest_per_thread(session)
    )
    latest = {person_id: latest_in_thread(pairs) for person_id, pairs in moments.items()}
    pending = [
        call_id
        for call_id, person_id, case_id, organization, when in stored_calls.pending_follow_ups(session)
        if not followed_up(_thread(case_id, organization), when, latest.get(person_id, {}))
    ]
    return by_parent(stored_calls.calls_by_id(session, pending))


def _thread(case_id: int | None, organization: str) -> Thread | None:
    return thread_of(None if case_id is None else str(case_id), organization)


def due_for_person(person: r.Person, open_calls: list[r.Call], today: date | None = None) -> list[DueEntry]:
    """One person's open items, unsorted: each open clock of each case (the person's `cases`, with the
    `coverages` they are under), then each call of `open_calls` (see `calls.open_follow_ups`)."""
    here = zone(person)
    day = local_day(person, today)
    entries: list[DueEntry] = []
    for case in person.cases:
        clocks = due_for(person, case, today)
        step = next_step_for(person, case, today, clocks)
        for item in clocks:
            if item.open:
                what = item.what if item.due is not None else f"{item.what}: {item.meaning}"
                entries.append(
                    DueEntry(
                        person.name,
                        person.key,
                        case_label(case),
                        case.key,
                        what,
                        item.due,
                        item.overdue,
                        item.source,
                        started=item.started,
                        verified=item.verified,
                        consequence=item.consequence,
                        zone=here,
                        day=day,
                        next_step=step,
                        start_text=item.start_text,
                        meaning=item.meaning,
                        item_id=item_id(case, item),
                    )
                )
    cases = {c.key: c for c in person.cases}
    for call in open_calls:
        follow_up = call.follow_up
        if follow_up is None:
            continue
        filed_under = cases.get(call.case or "")
        entries.append(
            DueEntry(
                person=person.name,
                person_key=person.key,
                case=case_label(filed_under) if filed_under else None,
                case_key=filed_under.key if filed_under else None,
                what=_follow_up_what(call),
                due=follow_up.last_day,
                overdue=day > follow_up.last_day,
                source=f"call log: {call.when.date().isoformat()}"
                + (f", reference {call.reference_number.strip()}" if call.reference_number.strip() else ""),
                call_key=call.key,
                follow_up=follow_up,
                zone=here,
                day=day,
                item_id=f"call-{call.key}",
            )
        )
    return entries


def item_id(case: r.Case, clock: Clock) -> str:
    """A clock's lasting name: its case and the request or denial that started it, counted by kind
    (`case-7-denied-1`: the first denial of case 7). A corrected date keeps the name, so a calendar
    updates its event instead of adding a second one."""
    events, _ = history(case)
    same = [e for e in events if e.status is clock.event.status]
    place = next((i for i, e in enumerate(same) if e is clock.event), None)
    if place is None:  # a denial made up from the case's denial date is a new object each time
        place = same.index(clock.event) if clock.event in same else len(same)
    return f"case-{case.key}-{clock.event.status.value}-{place + 1}"


SOON_DAYS = 14
SECTIONS = {"overdue": "Overdue", "soon": f"Next {SOON_DAYS} days", "later": "Later", "no_date": "No date on file"}


def due_section(entry: DueEntry, today: date) -> str:
    """Where the Due view puts an item: `overdue`, `soon` (the next 14 days), `later` or `no_date`.

    "Soon" counts from the day it is where the person lives, as the item was (else `today`)."""
    if entry.overdue:
        return "overdue"
    days = days_left(entry, today)
    if days is None:
        return "no_date"
    return "soon" if days <= SOON_DAYS else "later"


def days_left(entry: DueEntry, today: date) -> int | None:
    """Days from the day it is where the person lives (else `today`) to the item's due day; None: no date."""
    if entry.due is None:
        return None
    return (_day(entry.due) - (entry.day or today)).days


def when_words(entry: DueEntry, today: date) -> str:
    """`Overdue by 3 days`, `Today`, `Tomorrow`, `In 5 days`: the band in words, never by colour alone."""
    days = days_left(entry, today)
    if days is None:
        return "No date on file"
    if entry.overdue:
        late = max(-days, 0)
        return "Overdue" if late == 0 else f"Overdue by {late} day{'s' if late != 1 else ''}"
    if days <= 0:
        return "Today"
    if days == 1:
        return "Tomorrow"
    return f"In {days} days"


def due_words(entry: DueEntry) -> str:
    """`Mon 30 Jan 2023`, with the time for a rule in hours; a follow-up of only a month says so."""
    if entry.due is None:
        return ""
    if entry.follow_up is not None and entry.follow_up.day is None:
        return f"by the end of {entry.follow_up.human()}"
    # In the person's own zone, the one their clock was counted in.
    return format_short(entry.due, entry.zone or zone_of(""))


def due_json(entries: list[DueEntry]) -> list[dict[str, Any]]:
    """The `due --json` rows."""
    return [
        {
            "person": e.person,
            "case": e.case,
            "what": e.what,
            "due": e.follow_up.iso() if e.follow_up is not None else due_text(e.due),
            "overdue": e.overdue,
            "source": e.source,
            "started": due_text(e.started),
            "verified": e.verified,
            "consequence": e.consequence,
        }
        for e in entries
    ]


def _follow_up_what(call: r.Call) -> str:
    party = call.organization.strip() or (call.party.label if call.party else "the other party")
    text = f"follow up with {party}"
    if call.summary.strip():
        summary = call.summary.strip()
        text += f" (call of {format_day(call.when.date())}: {summary[:80]}{'…' if len(summary) > 80 else ''})"
    return text


def _due_order(entry: DueEntry) -> tuple[int, int, datetime | None, str, str]:
    if entry.due is None:
        return (1, 1, None, entry.person, entry.what)
    moment = entry.due if isinstance(entry.due, datetime) else end_of_day(entry.due, entry.zone)
    return (0 if entry.overdue else 1, 0, moment, entry.person, entry.what)


# -- rows ------------------------------------------------------------------------------------


def _person_row(session: Any, person_key: str) -> orm.PersonRow:
    person = people.person_row(session, row_id(person_key, "person"))
    if person is None:
        raise ValidationError("person", "no longer exists", person_key)
    return person


def _stored_case(session: Any, person_key: str, case_key: str) -> tuple[orm.PersonRow, orm.CaseRow, r.Case]:
    """The person's row, the case's row and the case as stored; ValidationError when either is gone."""
    person = _person_row(session, person_key)
    row = _case_row(session, person, case_key)
    case = stored_cases.case_record(session, row.id)
    assert case is not None  # the row is in this transaction
    return person, row, case


def _case_row(session: Any, person: orm.PersonRow, case_key: str) -> orm.CaseRow:
    row = stored_cases.case_row(session, row_id(case_key, "case"))
    if row is None or row.person_id != person.id:
        raise ValidationError("case", "no longer exists", case_key)
    return row


def _event_problems(events: list[r.CaseEvent]) -> list[Problem]:
    problems = []
    for i, event in enumerate(events):
        when = event.when
        if not isinstance(when, date):
            problems.append(Problem(f"events[{i}].date", "must be a date such as 2023-01-25", when))
        elif isinstance(when, datetime) and when.tzinfo is None:
            problems.append(Problem(f"events[{i}].date", "needs a time zone offset such as -06:00", when))
    return problems


def _sync_denial_date(case: r.Case, prefer_letter: bool) -> None:
    """Keep the case's denial date and its first denial's letter date one date, as the format has it:
    a letter's date just recorded wins (`prefer_letter`), else the case's denial date just typed does."""
    index = r.first_denial(case.events)
    if index is None:
        return
    ordered = r.events_in_order(case.events)
    first = ordered[index]
    if prefer_letter and first.notice_date is not None:
        case.denial_date = first.notice_date
    elif case.denial_date is not None and first.notice_date != case.denial_date:
        position = case.events.index(first)
        case.events[position] = replace(first, notice_date=case.denial_date)
    elif case.denial_date is None and first.notice_date is not None:
        case.denial_date = first.notice_date


def _apply_case(row: orm.CaseRow, case: r.Case, resort: bool = True) -> None:
    # By day only, and stably: within one day the order given is kept (see add_event).
    events = r.events_in_order(case.events) if resort else list(case.events)
    status = events[-1].status if events else case.status  # the current status is the latest event
    apply_case_fields(row, replace(case, events=events, status=status))
    row.coverage_id = row_id(case.coverage, "coverage") if case.coverage else None
    row.prescriber_id = row_id(case.prescriber, "prescriber") if case.prescriber else None


def _day(when: date | datetime) -> date:
    return when.date() if isinstance(when, datetime) else when


def end_of_day(day: date, tz: tzinfo | None) -> datetime:
    """The last moment of a day in the given (or the system's) time zone, for sorting dates among times."""
    moment = datetime.combine(day, time.max)
    return moment.replace(tzinfo=tz) if tz is not None else moment.astimezone()
