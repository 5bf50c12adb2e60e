"""The call log: list, save, delete and search calls; which follow-ups are still open."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from triallog.domain import records as r
from triallog.domain.dates import format_datetime
from triallog.domain.errors import Problem, ValidationError, raise_if
from triallog.domain.rules import check_call
from triallog.services.changes import Changes
from triallog.storage import calls as stored_calls
from triallog.storage import cases, orm, people
from triallog.storage.db import Database
from triallog.storage.rows import apply_call_fields, row_id

SPACES_ONLY = "is only spaces: leave it empty or type the number"
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def list_calls(db: Database, person_key: str, case_key: str | None = None) -> list[r.Call]:
    """A person's calls (or one case's), newest first."""
    person_id = row_id(person_key, "person")
    case_id = row_id(case_key, "case") if case_key is not None else None
    with db.reading() as session:
        return newest_first(stored_calls.call_records(session, person_id, case_id))


def check_call_entry(call: r.Call, case_keys: set[str]) -> list[Problem]:
    """The exchange rules for a call, plus what only a typed entry gets wrong."""
    problems = check_call(call, "", case_keys)
    if call.when.tzinfo is None:
        problems.append(Problem("when", "needs a time zone offset such as -06:00", call.when))
    if call.reference_number and not call.reference_number.strip():
        problems.append(Problem("reference_number", SPACES_ONLY, call.reference_number))
    return problems


def save_call(db: Database, person_key: str, call: r.Call) -> Changes:
    """Log a new call (empty key: `created` is its key) or replace one; one transaction. A call filed under a
    case changes the call log, not the case."""
    with db.transaction() as session:
        person = people.person_row(session, row_id(person_key, "person"))
        if person is None:
            raise ValidationError("person", "no longer exists", person_key)
        raise_if(check_call_entry(call, cases.case_keys(session, person.id)))
        if call.key:
            row = stored_calls.call_row(session, row_id(call.key, "call"))
            if row is None or row.person_id != person.id:
                raise ValidationError("call", "no longer exists", call.key)
        else:
            row = orm.CallRow(person_id=person.id)
            session.add(row)
        _apply_call(row, call)
        session.flush()
        key = str(row.id)
    return Changes(person=person_key, calls=True, created=None if call.key else key)


def delete_call(db: Database, person_key: str, call_key: str) -> Changes:
    """Delete a call with the documents asked for on it (the documents that answered them stay)."""
    with db.transaction() as session:
        row = stored_calls.call_row(session, row_id(call_key, "call"))
        if row is None or row.person_id != row_id(person_key, "person"):
            return Changes()
        session.delete(row)
    return Changes(person=person_key, calls=True)


def mark_follow_up_done(db: Database, person_key: str, call_key: str, done: bool = True) -> Changes:
    """Tick a call's follow-up off (or on again): one click in the Due view, one transaction."""
    with db.transaction() as session:
        row = stored_calls.call_row(session, row_id(call_key, "call"))
        if row is None or row.person_id != row_id(person_key, "person"):
            raise ValidationError("call", "no longer exists", call_key)
        row.follow_up_done_at = orm.utcnow() if done else None
    return Changes(person=person_key, calls=True)


def search_calls(calls: list[r.Call], text: str) -> list[r.Call]:
    """The calls in which every word of `text` appears in some field, whatever its capitals.

    A reference number is found from any part of it, with or without its dashes and spaces
    ("78340", "call 78340"). An empty text keeps every call.
    """
    return CallSearch(calls).find(text) if text.split() else list(calls)


def open_follow_ups(calls: list[r.Call]) -> list[r.Call]:
    """Calls whose follow-up is still open: not ticked off, and no later call on the same case (or,
    for a call with no case, with the same organization), which stands for the follow-up made."""
    # The latest call of each thread, found once: comparing every call with every other took a
    # second for a ten-year record's 2,000 calls, at every start of the window.
    latest = latest_in_thread((thread_of(call.case, call.organization), call.when) for call in calls)
    return [
        call
        for call in calls
        if call.follow_up is not None
        and not call.follow_up_done
        and not followed_up(thread_of(call.case, call.organization), call.when, latest)
    ]


Thread = tuple[str, str]


def thread_of(case_key: str | None, organization: str) -> Thread | None:
    """What a later call must share to answer a call's follow-up: its case, or (with no case) its
    organization; None when it has neither."""
    if case_key is not None:
        return ("case", case_key)
    folded = _fold(organization)
    return ("organization", folded) if folded else None


def latest_in_thread(calls: Iterable[tuple[Thread | None, datetime]]) -> dict[Thread, datetime]:
    """The moment of the latest call of each thread, from (thread, moment) pairs."""
    latest: dict[Thread, datetime] = {}
    for thread, when in calls:
        if thread is not None and (thread not in latest or when > latest[thread]):
            latest[thread] = when
    return latest


def followed_up(thread: Thread | None, when: datetime, latest: dict[Thread, datetime]) -> bool:
    """A later call in the same thread stands for the follow-up made."""
    return thread is not None and latest[thread] > when


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _searchable(call: r.Call) -> str:
    fields: list[Any] = [
        format_datetime(call.when),
        call.direction.value if call.direction else "",
        call.direction.label if call.direction else "",
        call.party.value if call.party else "",
        call.party.label if call.party else "",
        call.organization,
        call.phone,
        call.representative,
        call.reference_number,
        "" if call.duration_minutes is None else f"{call.duration_minutes} min",
        call.summary,
        *call.requested_documents,
        call.follow_up.iso() if call.follow_up else "",
        call.follow_up.human() if call.follow_up else "",
    ]
    return "\n".join(str(f) for f in fields).casefold()


def _apply_call(row: orm.CallRow, call: r.Call) -> None:
    apply_call_fields(row, call)
    row.case_id = row_id(call.case, "case") if call.case else None


def calls_of(person: r.Person, case_key: str | None = None) -> list[r.Call]:
    """A person's calls (or one case's) from their record already read, newest first."""
    return newest_first([c for c in person.calls if case_key is None or c.case == case_key])


def newest_first(calls: list[r.Call]) -> list[r.Call]:
    """The calls by when they were made, the latest first (of two at the same moment, the one logged later)."""
    return sorted(calls, key=lambda c: (c.when.timestamp(), int(c.key) if c.key.isdigit() else 0), reverse=True)


class CallSearch:
    """`search_calls` over one list, with each call's searchable text made once rather than per keystroke."""

    def __init__(self, calls: list[r.Call]) -> None:
        self.calls = calls
        self._texts = [(call, text, _NOT_ALNUM.sub("", text)) for call in calls for text in (_searchable(call),)]

    def find(self, text: str) -> list[r.Call]:
        words = text.casefold().split()
        if not words:
            return list(self.calls)
        compact_words = [(word, _NOT_ALNUM.sub("", word) or word) for word in words]
        return [
            call
            for call, haystack, compact in self._texts
            if all(word in haystack or packed in compact for word, packed in compact_words)
        ]
