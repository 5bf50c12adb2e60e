"""Cases: list, save and delete a person's denials, their status history, grounds and due dates."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, tzinfo
from typing import Any

from sqlalchemy import select

from triallog.domain import records as r
from triallog.domain.dates import PartialDate, parse_datetime
from triallog.domain.deadlines import DueItem, due_items
from triallog.domain.errors import Problem, ValidationError, raise_if
from triallog.domain.grounds import Suggestion, suggest_grounds
from triallog.domain.rules import check_case
from triallog.services.calls import open_follow_ups
from triallog.storage import orm
from triallog.storage import repositories as repo
from triallog.storage.db import Database


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
        rows = session.scalars(
            select(orm.CaseRow).where(orm.CaseRow.person_id == repo.row_id(person_key)).order_by(orm.CaseRow.id)
        ).all()
        return [repo.case_record(row) for row in rows]


def save_case(db: Database, person_key: str, case: r.Case) -> str:
    """Record a new case (empty key) or replace one: fields, required drugs, grounds and events.

    Events are kept oldest first (by day; within a day in the order given); when there are
    any, the case's status is the latest event's.
    """
    with db.transaction() as session:
        person = _person_row(session, person_key)
        problems = check_case(case, "", {str(c.id) for c in person.coverages}, {str(p.id) for p in person.prescribers})
        problems += _event_problems(case.events)
        raise_if(problems)
        if case.key:
            row = _case_row(session, person, case.key)
        else:
            row = orm.CaseRow(person_id=person.id)
            session.add(row)
        _apply_case(row, case)
        session.flush()
        return str(row.id)


def delete_case(db: Database, person_key: str, case_key: str) -> None:
    """Delete a case with its events; calls and documents that named it keep their record, unlinked."""
    with db.transaction() as session:
        row = session.get(orm.CaseRow, repo.row_id(case_key))
        if row is not None and row.person_id == repo.row_id(person_key):
            session.delete(row)


def add_event(
    db: Database, person_key: str, case_key: str, event: r.CaseEvent, confirm_earlier: bool = False
) -> r.Case:
    """Add a status event; the case's status becomes its latest event's. Returns the case as saved.

    An event dated before the latest one raises `EarlierThanPrevious` unless `confirm_earlier`:
    real life is messy, so the window asks and then calls again with the confirmation.
    """
    with db.transaction() as session:
        return add_event_in(session, person_key, case_key, event, confirm_earlier)


def add_event_in(
    session: Any, person_key: str, case_key: str, event: r.CaseEvent, confirm_earlier: bool = False
) -> r.Case:
    """`add_event` inside a caller's transaction, for a step that must commit with the event or not at all."""
    raise_if([Problem("date", p.rule, p.value) for p in _event_problems([event])])
    person = _person_row(session, person_key)
    row = _case_row(session, person, case_key)
    case = repo.case_record(row)
    events = list(case.events)  # as stored: oldest first
    earlier = bool(events) and is_earlier(event.when, events[-1].when)
    if earlier and not confirm_earlier:
        latest = events[-1]
        raise EarlierThanPrevious(
            "date",
            f"is before the latest event ({repo.event_text(latest.when)}, {latest.status.value}): confirm to add it",
            repo.event_text(event.when),
        )
    if earlier:
        case.events = sorted([*events, event], key=r.event_sort_key)
    else:
        # Not earlier: it is the latest, even when it has only a date and the one before it has
        # a time on the same day (a plain sort would put a date-only event first in its day).
        case.events = [*events, event]
    _apply_case(row, case, resort=False)
    session.flush()
    return repo.case_record(row)


def is_earlier(when: date | datetime, than: date | datetime) -> bool:
    """True when `when` lies before `than`; a date alone is compared by its day."""
    if isinstance(when, datetime) and isinstance(than, datetime):
        return when < than
    return _day(when) < _day(than)


def suggestions(person: r.Person, case: r.Case, today: date) -> list[Suggestion]:
    """The grounds the person's trials support for this case, each with its proof."""
    return suggest_grounds(case, person.trials, person.coverages, today)


def coverage_of(person: r.Person, case: r.Case) -> r.Coverage | None:
    return next((c for c in person.coverages if case.coverage and c.key == case.coverage), None)


def due_for(person: r.Person, case: r.Case, today: date | datetime, tz: tzinfo | None = None) -> list[DueItem]:
    """The case's clocks (open and answered), by the rule for the case's plan."""
    return due_items(case, coverage_of(person, case), today, tz)


def case_label(case: r.Case) -> str:
    """How a case is named in lists: the denial's reference, else the requested drug."""
    return case.denial_reference.strip() or case.requested_drug.strip()


def due_text(value: date | datetime | None) -> str | None:
    """`YYYY-MM-DD` for a rule in days or months, an ISO datetime with offset for a rule in hours."""
    return None if value is None else repo.event_text(value)


def cases_json(person: r.Person, today: date, tz: tzinfo | None = None) -> list[dict[str, Any]]:
    """The `cases --json` rows, one per case; `due` lists the open clocks only."""
    rows = []
    for case in person.cases:
        status = case.events[-1].status if case.events else case.status
        rows.append(
            {
                "reference": case.denial_reference,
                "requested_drug": case.requested_drug,
                "required_drugs": list(case.required_drugs),
                "status": status.value if status else None,
                "grounds": [g.value for g in case.grounds],
                "suggested_grounds": [_suggestion_json(s) for s in suggestions(person, case, today)],
                "due": [
                    {"what": item.what, "due": due_text(item.due), "rule": item.meaning, "source": item.source}
                    for item in due_for(person, case, today, tz)
                    if item.open
                ],
            }
        )
    return rows


def _suggestion_json(suggestion: Suggestion) -> dict[str, Any]:
    return {
        "ground": suggestion.ground.value,
        "required_drug": suggestion.required_drug,
        "trials": [
            {
                "drug": t.drug,
                "brand": t.brand,
                "start": t.start.iso(),
                "end": t.end.iso() if t.end else None,
                "outcome": t.outcome.value,
            }
            for t in suggestion.trials
        ],
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

    @property
    def is_follow_up(self) -> bool:
        return self.call_key is not None


def due_all(db: Database, today: date, tz: tzinfo | None = None) -> list[DueEntry]:
    """Every open answer due, appeal deadline and call follow-up across everyone, with no time limit.

    Overdue first, then by date (a date counts as its whole day; a due time as itself), then the
    clocks with no rule on file (no date). A follow-up is open while no later call exists on the
    same case (for a call with no case: with the same organization); storage has no "done" flag yet.
    """
    with db.reading() as session:
        people = [repo.person_record(row) for row in repo.people_rows(session, whole=True)]
    entries: list[DueEntry] = []
    for person in people:
        for case in person.cases:
            for item in due_for(person, case, today, tz):
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
                        )
                    )
        cases = {c.key: c for c in person.cases}
        for call in open_follow_ups(person.calls):
            follow_up = call.follow_up
            if follow_up is None:
                continue
            case = cases.get(call.case or "")
            entries.append(
                DueEntry(
                    person=person.name,
                    person_key=person.key,
                    case=case_label(case) if case else None,
                    case_key=case.key if case else None,
                    what=_follow_up_what(call),
                    due=follow_up.last_day,
                    overdue=today > follow_up.last_day,
                    source=f"call log: {call.when.date().isoformat()}"
                    + (f", reference {call.reference_number.strip()}" if call.reference_number.strip() else ""),
                    call_key=call.key,
                    follow_up=follow_up,
                )
            )
    entries.sort(key=lambda e: _due_order(e, tz))
    return entries


SOON_DAYS = 14
SECTIONS = {"overdue": "Overdue", "soon": f"Next {SOON_DAYS} days", "later": "Later", "no_date": "No date on file"}


def due_section(entry: DueEntry, today: date) -> str:
    """Where the Due view puts an item: `overdue`, `soon` (the next 14 days), `later` or `no_date`."""
    if entry.overdue:
        return "overdue"
    if entry.due is None:
        return "no_date"
    day = entry.due.date() if isinstance(entry.due, datetime) else entry.due
    return "soon" if (day - today).days <= SOON_DAYS else "later"


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
        }
        for e in entries
    ]


def _follow_up_what(call: r.Call) -> str:
    party = call.organization.strip() or (call.party.label if call.party else "the other party")
    text = f"follow up with {party}"
    if call.summary.strip():
        summary = call.summary.strip()
        text += f" (call of {call.when.date().isoformat()}: {summary[:80]}{'…' if len(summary) > 80 else ''})"
    return text


def _due_order(entry: DueEntry, tz: tzinfo | None) -> tuple[int, int, datetime | None, str, str]:
    if entry.due is None:
        return (1, 1, None, entry.person, entry.what)
    moment = entry.due if isinstance(entry.due, datetime) else end_of_day(entry.due, tz)
    return (0 if entry.overdue else 1, 0, moment, entry.person, entry.what)


# -- rows ------------------------------------------------------------------------------------


def _person_row(session: Any, person_key: str) -> orm.PersonRow:
    person = session.get(orm.PersonRow, repo.row_id(person_key, "person"))
    if person is None:
        raise ValidationError("person", "no longer exists", person_key)
    return person


def _case_row(session: Any, person: orm.PersonRow, case_key: str) -> orm.CaseRow:
    row = session.get(orm.CaseRow, repo.row_id(case_key, "case"))
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


def _apply_case(row: orm.CaseRow, case: r.Case, resort: bool = True) -> None:
    # By day only, and stably: within one day the order given is kept (see add_event).
    events = sorted(case.events, key=lambda e: _day(e.when)) if resort else list(case.events)
    status = events[-1].status if events else case.status  # the current status is the latest event
    repo.apply_case_fields(row, replace(case, events=events, status=status))
    row.coverage_id = repo.row_id(case.coverage, "coverage") if case.coverage else None
    row.prescriber_id = repo.row_id(case.prescriber, "prescriber") if case.prescriber else None


def _day(when: date | datetime) -> date:
    return when.date() if isinstance(when, datetime) else when


def end_of_day(day: date, tz: tzinfo | None) -> datetime:
    """The last moment of a day in the given (or the system's) time zone, for sorting dates among times."""
    moment = datetime.combine(day, time.max)
    return moment.replace(tzinfo=tz) if tz is not None else moment.astimezone()
