"""The calendar file: every open deadline and follow-up as an all-day event with reminders, for any calendar.

TrialLog is opened now and then; a calendar is looked at every day. Each item of the Due list that
falls on or after the day becomes one event on its day where its person lives, with a reminder a few
days before and one on the day, naming the person, the case and what to do. Its UID is the item's
lasting name (`DueEntry.item_id`), so a calendar that imports the file again updates the event (a date
corrected, the wording changed) rather than adding a second one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from triallog import APP_ID, __version__
from triallog.domain import records as r
from triallog.domain.deadlines import DISCLAIMER, UNVERIFIED
from triallog.domain.zones import format_when
from triallog.services.calls import open_follow_ups
from triallog.services.cases import DueEntry, due_all, due_for_person
from triallog.storage.db import Database

#: the reminders: this many days before the deadline, and on the day itself, each at this hour
REMIND_DAYS_BEFORE = 3
REMIND_AT = time(9, 0)
CALENDAR_NAME = "TrialLog deadlines"
#: SEQUENCE counts minutes from here: each file's events are newer than the last file's (see `_sequence`)
_SEQUENCE_FROM = datetime(2024, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class CalendarItem:
    """One event: an open deadline or follow-up, on its day where the person lives."""

    uid: str
    #: the deadline's day in the person's own zone: the day the Due list shows
    day: date
    person: str
    person_key: str
    case: str | None
    #: "Dana Rivera: appeal deadline (CG-2023-0045871)"
    title: str
    #: "by Mar 6, 2025", "by Mar 6, 2025, 11:59 PM PST", "by the end of May 2023"
    by: str
    #: what to do, as a sentence
    todo: str
    #: the lines below what to do: how, what the date is counted from, the rule, the disclaimer
    details: tuple[str, ...] = ()

    @property
    def description(self) -> str:
        case = f", case {self.case}" if self.case else ""
        return "\n".join((f"{self.todo} ({self.by}).", f"For {self.person}{case}.", *self.details))


def open_items(db: Database, today: date | None = None, person_key: str | None = None) -> list[CalendarItem]:
    """Every open deadline and follow-up due on or after `today` (else the day it is where each person
    lives), for everyone or for one person, soonest first."""
    entries = due_all(db, today)
    return calendar_items(e for e in entries if person_key is None or e.person_key == person_key)


def person_items(person: r.Person, today: date | None = None) -> list[CalendarItem]:
    """The same from one person's whole record (the window's snapshot), without reading the database."""
    return calendar_items(due_for_person(person, open_follow_ups(person.calls), today))


def calendar_items(entries: Iterable[DueEntry]) -> list[CalendarItem]:
    """The items of the Due list that a calendar can hold: those with a date on or after their day."""
    items = [_item(e) for e in entries if e.due is not None and _local_day(e) >= _from_day(e)]
    return sorted(items, key=lambda item: (item.day, item.person, item.title))


def calendar_bytes(items: Iterable[CalendarItem], now: datetime | None = None) -> bytes:
    """The items as an iCalendar (RFC 5545) file: all-day events, each with its two reminders."""
    from icalendar import Alarm, Calendar, Event

    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", f"-//TrialLog//TrialLog {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    before = timedelta(days=-REMIND_DAYS_BEFORE, hours=REMIND_AT.hour, minutes=REMIND_AT.minute)
    on_the_day = timedelta(hours=REMIND_AT.hour, minutes=REMIND_AT.minute)
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("last-modified", stamp)
        event.add("sequence", _sequence(stamp))
        # A date, not a time: an all-day event on the person's own day, wherever the calendar is read.
        event.add("dtstart", item.day)
        event.add("dtend", item.day + timedelta(days=1))
        event.add("transp", "TRANSPARENT")  # a deadline does not make the day busy
        event.add("summary", item.title)
        event.add("description", item.description)
        event.add("categories", ["TrialLog"])
        for trigger in (before, on_the_day):  # from the start of the event's day: 9 AM three days before, 9 AM on it
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"{item.title}: {item.by}")
            alarm.add("trigger", trigger)
            event.add_component(alarm)
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def items_counted(count: int) -> str:
    return "1 date" if count == 1 else f"{count} dates"


# -- inside ----------------------------------------------------------------------------------


def _item(entry: DueEntry) -> CalendarItem:
    assert entry.due is not None
    case = f" ({entry.case})" if entry.case else ""
    if entry.is_follow_up:
        # The Due list's words add the call's summary; a calendar's line keeps to whom to call.
        what = entry.what.split(" (call of ", 1)[0]
        todo = _sentence(entry.what)
        details: tuple[str, ...] = (f"Noted in the {entry.source}.", DISCLAIMER) if entry.source else (DISCLAIMER,)
    else:
        what = entry.what
        todo, details = _clock_words(entry)
    return CalendarItem(
        uid=f"{entry.item_id}@{APP_ID}",
        day=_local_day(entry),
        person=entry.person,
        person_key=entry.person_key,
        case=entry.case,
        title=f"{entry.person}: {what}{case}",
        by=_by(entry),
        todo=todo,
        details=details,
    )


def _clock_words(entry: DueEntry) -> tuple[str, tuple[str, ...]]:
    """What to do for a case's clock: the case's next step when it is this clock's, else the clock itself."""
    step = entry.next_step
    lines: list[str] = []
    if (
        step is not None
        and step.clock is not None
        and (step.clock.started, step.clock.due)
        == (
            entry.started,
            entry.due,
        )
    ):
        todo = _sentence(step.what)
        if step.how:
            lines.append(step.how)
    else:
        todo = _sentence(entry.what)
    counted = f"{_sentence(entry.start_text)}. " if entry.start_text else ""
    lines.append(f"{counted}{entry.meaning}".strip())
    if entry.source:
        lines.append(f"Rule: {entry.source}" + ("" if entry.verified else f" ({UNVERIFIED})") + ".")
    if entry.consequence:
        lines.append(entry.consequence)
    lines.append(DISCLAIMER)
    return todo, tuple(line for line in lines if line)


def _by(entry: DueEntry) -> str:
    if entry.follow_up is not None and entry.follow_up.day is None:
        return f"by the end of {entry.follow_up.human()}"
    assert entry.due is not None and entry.zone is not None
    return f"by {format_when(entry.due, entry.zone)}"


def _local_day(entry: DueEntry) -> date:
    """The deadline's day where its person lives: a due time is read in their zone, not the computer's."""
    due = entry.due
    assert due is not None
    if isinstance(due, datetime):
        return due.astimezone(entry.zone).date() if entry.zone is not None else due.date()
    return due


def _from_day(entry: DueEntry) -> date:
    return entry.day if entry.day is not None else date.today()


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sequence(stamp: datetime) -> int:
    """Minutes since 2024: each file's SEQUENCE is higher than the last one's, so that a calendar that
    compares them takes the newer file's event as the update it is."""
    return max(int((stamp - _SEQUENCE_FROM).total_seconds() // 60), 0)
