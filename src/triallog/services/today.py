"""What now: one person's Today page (the next step of each open case, follow-ups due, documents still
missing, the latest PHQ-9 and GAD-7, the medicines taken now), and what is pressing for everyone at start.

Every sentence is composed here, from the rules the Due list and the case page already use, so that the
wording is tested without a window; the page only lays the lines out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from triallog.domain import records as r
from triallog.domain.measures import ITEM9_ADVICE, band, instrument_name, latest, latest_item9_positive
from triallog.domain.requests import requests_of
from triallog.domain.rules import Instrument
from triallog.domain.zones import format_day
from triallog.services.calls import open_follow_ups
from triallog.services.cases import (
    DueEntry,
    case_label,
    days_left,
    due_for_person,
    due_section,
    due_words,
    local_day,
    next_step_for,
    when_words,
    zone,
)
from triallog.services.people import medicine_line, summarize
from triallog.services.samples import is_sample

#: at start, the window says so first when something is overdue or due within this many days
PRESSING_DAYS = 3
#: the most items the start notice names one by one; the rest are counted
MOST_NAMED = 5
#: the questionnaires whose latest score the page shows, with their band
QUESTIONNAIRES = (Instrument.PHQ9, Instrument.GAD7)
SAMPLE_NOTE = (
    "This is the made-up sample record. Its dates belong to its story, years back, so nothing in it is "
    "counted as due: it stays off the Due list and never raises an alarm."
)


class Place(StrEnum):
    """The page of the person's record where a line is handled."""

    CASES = "cases"
    CALLS = "calls"
    DOCUMENTS = "documents"
    MEASURES = "measures"
    TRIALS = "trials"


@dataclass(frozen=True)
class Link:
    """Where a line leads: a page, and the row to choose there (a case, call, trial or score)."""

    place: Place
    key: str | None = None
    #: on the Measures page, the scale to show
    instrument: str = ""


@dataclass(frozen=True)
class TodayLine:
    """One line of the Today page, with where it is handled.

    `when` says how near a dated item is ("Overdue by 3 days", "Tomorrow", "In 5 days"; "" for an item
    with no date and for the sample), `section` is the Due list's band of it (`overdue`, `soon`, ...)."""

    text: str
    link: Link
    when: str = ""
    section: str = ""

    @property
    def overdue(self) -> bool:
        return self.section == "overdue"


@dataclass(frozen=True)
class TodayPage:
    person: str
    #: the day it is where the person lives (or the day given)
    day: date
    sample: bool
    steps: tuple[TodayLine, ...]
    follow_ups: tuple[TodayLine, ...]
    missing: tuple[TodayLine, ...]
    scores: tuple[TodayLine, ...]
    #: the latest PHQ-9's item 9 answered above 0: the notice, first on the page
    item9: TodayLine | None
    medicines: tuple[TodayLine, ...]


def build_today(person: r.Person, today: date | None = None) -> TodayPage:
    """The Today page of a record already read; `today` fixes the day (else the day it is where they live)."""
    sample = is_sample(person.name)
    entries = due_for_person(person, open_follow_ups(person.calls), today)
    day = local_day(person, today)
    open_cases = set()
    steps = []
    for case in person.cases:
        step = next_step_for(person, case, today)
        if step is None:  # approved or closed: nothing left to do
            continue
        open_cases.add(case.key)
        entry = next((e for e in entries if e.case_key == case.key and not e.is_follow_up and e.due == step.due), None)
        text = f"{case_label(case) or 'Case'}: {step.what}{step.due_words(zone(person))}."
        steps.append(_dated(text, Link(Place.CASES, case.key), entry if step.due is not None else None, day, sample))
    follow_ups = [
        _dated(_follow_up_text(e), Link(Place.CALLS, e.call_key), e, day, sample) for e in entries if e.is_follow_up
    ]
    return TodayPage(
        person=person.name,
        day=day,
        sample=sample,
        steps=tuple(steps),
        follow_ups=tuple(follow_ups),
        missing=tuple(_missing(person, open_cases)),
        scores=tuple(_scores(person)),
        item9=_item9(person),
        medicines=tuple(
            TodayLine(medicine_line(t), Link(Place.TRIALS, t.key)) for t in summarize(person, day).current_medications
        ),
    )


def _dated(text: str, link: Link, entry: DueEntry | None, day: date, sample: bool) -> TodayLine:
    if entry is None or sample:  # the sample's story is years old: it is never counted as due
        return TodayLine(text, link)
    return TodayLine(text, link, when_words(entry, day), due_section(entry, day))


def _follow_up_text(entry: DueEntry) -> str:
    due = due_words(entry)
    what = entry.what[:1].upper() + entry.what[1:]
    return f"{what} — {due if due.startswith('by ') else f'due {due}'}."


def _missing(person: r.Person, open_cases: set[str]) -> list[TodayLine]:
    """Documents asked for on a call and not yet attached, for an open case or for no case at all."""
    labels = {c.key: case_label(c) for c in person.cases}
    here = zone(person)
    lines = []
    for request in requests_of(person):
        if request.answered or (request.case is not None and request.case not in open_cases):
            continue
        on = format_day(request.call_when.astimezone(here).date())
        asked = f"asked for by {request.organization.strip() or 'the plan'} on {on}"
        label = labels.get(request.case or "", "")
        about = f", for {label}" if label else ""
        where = Link(Place.CASES, request.case) if request.case is not None else Link(Place.DOCUMENTS)
        what = request.description.strip()
        lines.append(TodayLine(f"{what[:1].upper()}{what[1:]} — {asked}{about}.", where))
    return lines


def _scores(person: r.Person) -> list[TodayLine]:
    lines = []
    for instrument in QUESTIONNAIRES:
        found = latest(person.measurements, instrument)
        if found is None:
            continue
        severity = band(instrument, found.score)
        text = f"{instrument_name(instrument)}: {found.score:g}" + (f", {severity}" if severity else "")
        lines.append(TodayLine(f"{text} ({found.taken.human()}).", Link(Place.MEASURES, found.key, instrument)))
    return lines


def _item9(person: r.Person) -> TodayLine | None:
    found = latest_item9_positive(person.measurements)
    if found is None:
        return None
    text = (
        f"On the latest PHQ-9 ({found.taken.human()}), question 9 — thoughts that you would be better off dead "
        f"or of hurting yourself — was answered above 0. {ITEM9_ADVICE}"
    )
    return TodayLine(text, Link(Place.MEASURES, found.key, Instrument.PHQ9))


# -- at start: what is pressing, for everyone ----------------------------------------------


def pressing(entries: list[DueEntry], today: date) -> list[DueEntry]:
    """The Due list's items that are overdue or due within PRESSING_DAYS, in the list's order."""
    return [e for e in entries if e.overdue or ((days := days_left(e, today)) is not None and days <= PRESSING_DAYS)]


@dataclass(frozen=True)
class StartNotice:
    """What the window says first at start: a headline, and each pressing item with its person."""

    headline: str
    lines: tuple[str, ...]
    #: whose items they are, in the order first named
    people: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join((self.headline, *self.lines))


def start_notice(entries: list[DueEntry], today: date) -> StartNotice | None:
    """None when nothing is overdue or due within PRESSING_DAYS (the sample is never in `entries`)."""
    found = pressing(entries, today)
    if not found:
        return None
    late = sum(1 for e in found if e.overdue)
    soon = len(found) - late
    parts = []
    if late:
        parts.append(f"{late} {'thing is' if late == 1 else 'things are'} overdue")
    if soon:
        within = f"due within {PRESSING_DAYS} days"
        parts.append(f"{soon} {'is' if soon == 1 else 'are'} {within}" if late else _things(soon, within))
    lines = [_pressing_line(e, today) for e in found[:MOST_NAMED]]
    if len(found) > MOST_NAMED:
        lines.append(f"… and {len(found) - MOST_NAMED} more on the Due page.")
    people = tuple(dict.fromkeys(e.person for e in found))
    return StartNotice(" and ".join(parts) + ".", tuple(lines), people)


def _things(count: int, what: str) -> str:
    return f"{count} {'thing is' if count == 1 else 'things are'} {what}"


def _pressing_line(entry: DueEntry, today: date) -> str:
    """`Dana Rivera, CG-2023-0045871: Decision due — tomorrow, Mon 30 Jan 2023.`"""
    what = entry.what[:1].upper() + entry.what[1:]
    case = f", {entry.case}" if entry.case else ""
    when = when_words(entry, today)
    return f"{entry.person}{case}: {what} — {when[:1].lower()}{when[1:]}, {due_words(entry)}."
