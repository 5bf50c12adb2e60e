"""Make a person's call log (all calls, one case's, or a date range's) as PDF or CSV bytes."""

from __future__ import annotations

import re
from datetime import date

from triallog.domain import records as r
from triallog.domain.errors import ValidationError
from triallog.storage.db import Database

FORMATS = ("pdf", "csv")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_day(text: str, field: str) -> date:
    """A day typed as `YYYY-MM-DD` (the command line's `--since` and `--until`)."""
    raw = text.strip() if isinstance(text, str) else ""
    if not _DAY.fullmatch(raw):
        raise ValidationError(field, "must be a day written YYYY-MM-DD, such as 2023-01-31", text)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(field, f"no such day: {raw}", text) from None


def output_format(filename: str) -> str:
    """`pdf` or `csv`, from the name of the file to write (`--out`)."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix not in FORMATS:
        raise ValidationError("--out", "must be a file name ending in .pdf or .csv", filename)
    return suffix


def select_calls(
    person: r.Person, case_key: str | None = None, since: date | None = None, until: date | None = None
) -> list[r.Call]:
    """The person's calls (or one case's), oldest first, whose local day lies within since..until (both included).

    A call's day is the day on the caller's calendar as recorded, not the day in UTC."""
    if since is not None and until is not None and until < since:
        raise ValidationError("until", f"must not be before since ({since.isoformat()})", until.isoformat())
    if case_key is not None and not any(c.key == case_key for c in person.cases):
        raise ValidationError("case", f"no such case for {person.name}", case_key)
    chosen = [
        call
        for call in person.calls
        if (case_key is None or call.case == case_key)
        and (since is None or call.when.date() >= since)
        and (until is None or call.when.date() <= until)
    ]
    return sorted(chosen, key=lambda c: c.when)


def make_call_log(
    db: Database,
    person_key: str,
    fmt: str,
    today: date,
    case_key: str | None = None,
    since: date | None = None,
    until: date | None = None,
    paper: str = "letter",
) -> bytes:
    """The call log's bytes: a PDF (dated `today`) or UTF-8 CSV; the caller decides where they go."""
    from triallog.services.people import load_person

    if fmt not in FORMATS:
        raise ValidationError("format", f"must be one of {', '.join(FORMATS)}", fmt)
    if paper not in ("letter", "a4"):
        raise ValidationError("paper", "must be letter or a4", paper)
    person = load_person(db, person_key)
    calls = select_calls(person, case_key, since, until)
    # reportlab loads only when a log is made, not when the program starts
    from triallog.reports.call_log import CallLogPdf, call_log_csv

    if fmt == "csv":
        return call_log_csv(calls, person)
    case = next((c for c in person.cases if c.key == case_key), None)
    return CallLogPdf(person, calls, today, case=case, since=since, until=until, paper=paper).render()
