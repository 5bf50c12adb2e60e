"""Dates with honest precision (a year, a month or a day) and datetimes that keep their offset."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import IntEnum

from triallog.domain.errors import ValidationError

_ISO = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_name) if name})
_HUMAN_MONTH_YEAR = re.compile(r"^([A-Za-z]+)\.?\s+([0-9]{4})$")
_HUMAN_DAY = re.compile(r"^([A-Za-z]+)\.?\s+([0-9]{1,2}),?\s+([0-9]{4})$")
# US order, as people in the US write dates: 3/5/2021 is March 5, 03/2021 is March 2021.
_US_DAY = re.compile(r"^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$")
_US_MONTH = re.compile(r"^([0-9]{1,2})/([0-9]{4})$")
_SHORT_YEAR = re.compile(r"^[0-9]{1,2}(?:/[0-9]{1,2})?/[0-9]{2}$")

#: what a person may type into a date field, for its hint and its error (files hold ISO dates only)
TYPED_FORMS = "2021, 03/2021, Mar 2021, 3/5/2021 (month/day/year) or 2021-03-05"
#: one whole day, as the hint of a field that needs a day gives it
DAY_EXAMPLE = "3/5/2021"
_NOT_TYPED = f"must be a date such as {TYPED_FORMS}"


class Precision(IntEnum):
    YEAR = 1
    MONTH = 2
    DAY = 3


@dataclass(frozen=True, order=False)
class PartialDate:
    """A date known to the year, the month or the day. Sorts as its first day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year {self.year} out of range")
        if self.month is None and self.day is not None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} out of range")
        if self.day is not None:
            date(self.year, self.month or 1, self.day)  # raises for 2023-02-30

    # -- construction -------------------------------------------------------

    @classmethod
    def parse_iso(cls, text: str, field: str = "date") -> PartialDate:
        """Read exactly `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as files and the database hold dates."""
        if not isinstance(text, str):
            raise ValidationError(field, "must be a date such as 2021, 2021-03 or 2021-03-05", text)
        match = _ISO.fullmatch(text)
        if not match:
            raise ValidationError(field, "must be a date such as 2021, 2021-03 or 2021-03-05", text)
        y, m, d = match.groups()
        try:
            return cls(int(y), int(m) if m else None, int(d) if d else None)
        except ValueError:
            raise ValidationError(field, f"no such date: {text}", text) from None

    @classmethod
    def parse(cls, text: str, field: str = "date") -> PartialDate:
        """Read what a person types: `2021`, `03/2021`, `Mar 2021`, `3/5/2021` (US order: March 5),
        `March 5, 2021` or the ISO forms. Files are read with `parse_iso`, which takes ISO only."""
        if not isinstance(text, str):
            raise ValidationError(field, _NOT_TYPED, text)
        raw = text.strip()
        if _ISO.match(raw):
            return cls.parse_iso(raw, field)
        if _SHORT_YEAR.match(raw):  # 3/5/21: which century is a guess TrialLog will not make
            raise ValidationError(field, f"needs the year in full, such as {DAY_EXAMPLE} or 03/2021", text)
        try:
            if match := _US_DAY.match(raw):
                return cls(int(match.group(3)), int(match.group(1)), int(match.group(2)))
            if match := _US_MONTH.match(raw):
                return cls(int(match.group(2)), int(match.group(1)))
        except ValueError:
            # 25/3/2021 is a day-first date: say which order is read, not only that it is wrong
            raise ValidationError(field, f"no such date: {raw} (read as month/day/year)", text) from None
        try:
            match = _HUMAN_MONTH_YEAR.match(raw)
            if match and match.group(1).lower() in _MONTHS:
                return cls(int(match.group(2)), _MONTHS[match.group(1).lower()])
            match = _HUMAN_DAY.match(raw)
            if match and match.group(1).lower() in _MONTHS:
                return cls(int(match.group(3)), _MONTHS[match.group(1).lower()], int(match.group(2)))
        except ValueError:
            raise ValidationError(field, f"no such date: {raw}", text) from None
        raise ValidationError(field, _NOT_TYPED, text)

    @classmethod
    def of(cls, value: date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    # -- reading ------------------------------------------------------------

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> date:
        if self.day is not None:
            return self.first_day
        month = self.month or 12
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def truncate(self, precision: Precision) -> PartialDate:
        """This date at a coarser precision (never finer than it is)."""
        if precision >= self.precision:
            return self
        if precision == Precision.MONTH:
            return PartialDate(self.year, self.month)
        return PartialDate(self.year)

    def iso(self) -> str:
        """The stored and exchanged form: `2021`, `2021-03` or `2021-03-05`."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def human(self) -> str:
        """For people: `2021`, `Mar 2021`, `Mar 5, 2021`."""
        year = f"{self.year:04d}"  # four digits, as parse() reads them back
        if self.month is None:
            return year
        month = calendar.month_abbr[self.month]
        if self.day is None:
            return f"{month} {year}"
        return f"{month} {self.day}, {year}"

    def sort_key(self) -> tuple[date, int]:
        return (self.first_day, int(self.precision))

    def __str__(self) -> str:
        return self.iso()

    def __lt__(self, other: PartialDate) -> bool:
        return self.sort_key() < other.sort_key()

    def __le__(self, other: PartialDate) -> bool:
        return self.sort_key() <= other.sort_key()

    def __gt__(self, other: PartialDate) -> bool:
        return self.sort_key() > other.sort_key()

    def __ge__(self, other: PartialDate) -> bool:
        return self.sort_key() >= other.sort_key()


def parse_typed_day(text: str, field: str = "date") -> date:
    """One whole day as a person types it (`3/5/2021`, `Mar 5, 2021`, `2021-03-05`); a month or a year
    alone is refused, saying a day is needed."""
    value = PartialDate.parse(text, field)
    if value.precision != Precision.DAY:
        raise ValidationError(field, f"needs a whole day, such as {DAY_EXAMPLE} (month/day/year)", text)
    return value.first_day


def is_before(later: PartialDate, earlier: PartialDate) -> bool:
    """True when `later` lies before `earlier`, judged at the coarser of the two precisions."""
    shared = min(later.precision, earlier.precision)
    return later.truncate(shared).first_day < earlier.truncate(shared).first_day


def covers(start: PartialDate, end: PartialDate | None, day: date) -> bool:
    """True when `day` falls within start..end (an open end runs to today and beyond)."""
    if day < start.first_day:
        return False
    return end is None or day <= end.last_day


def parse_datetime(text: str, field: str = "when") -> datetime:
    """An ISO 8601 datetime that must carry an offset or `Z`; seconds optional."""
    if not isinstance(text, str) or "T" not in text:
        raise ValidationError(field, "must be a date and time such as 2024-02-12T10:30:00-06:00", text)
    raw = text.strip()
    try:
        value = datetime.fromisoformat(raw[:-1] + "+00:00" if raw.endswith("Z") else raw)
    except ValueError:
        raise ValidationError(field, "must be a date and time such as 2024-02-12T10:30:00-06:00", text) from None
    if value.tzinfo is None:
        raise ValidationError(field, "needs a time zone offset such as -06:00 or Z", text)
    return value


def format_datetime(value: datetime) -> str:
    """ISO 8601 with the offset the time was given in (`Z` stays `+00:00`)."""
    spec = "seconds" if value.microsecond == 0 else "microseconds"
    return value.isoformat(timespec=spec)


def now_utc() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def span_length(start: PartialDate, end: PartialDate | None, today: date) -> str:
    """How long a span lasted (or has lasted, when it has no end), as honestly as its dates allow:
    "6 weeks", "about 3 months", "about 2 years so far". Day dates count both ends."""
    finish = end if end is not None else PartialDate.of(today)
    so_far = " so far" if end is None else ""
    coarse = min(start.precision, finish.precision)
    if coarse == Precision.DAY:
        days = (finish.first_day - start.first_day).days + 1
        if days < 1:
            return ""
        if days < 14:
            return f"{days} day{'s' if days != 1 else ''}{so_far}"
        if days < 70:
            return f"{days // 7} weeks{so_far}"
        # whole calendar months only: a span is never said to be longer than it was (both ends count)
        after = finish.first_day + timedelta(days=1)
        first = start.first_day
        months = (after.year - first.year) * 12 + after.month - first.month - (1 if after.day < first.day else 0)
        prefix = ""
    elif coarse == Precision.MONTH:
        months = (finish.year - start.year) * 12 + (finish.month or 1) - (start.month or 1)
        if months < 0:
            return ""
        months = max(months, 1)
        prefix = "about "
    else:
        years = finish.year - start.year
        if years < 0:
            return ""
        return f"about {years} year{'s' if years != 1 else ''}{so_far}" if years else f"under a year{so_far}"
    if months < 1:
        return ""
    if months < 24:
        return f"{prefix}{months} month{'s' if months != 1 else ''}{so_far}"
    years, rest = divmod(months, 12)
    tail = f" {rest} month{'s' if rest != 1 else ''}" if rest and not prefix else ""
    return f"{prefix}{years} years{tail}{so_far}"
