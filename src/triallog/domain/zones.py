"""Time zones: the person's own zone for every clock and every time shown, and how times read.

A person's `time_zone` is an IANA name ("America/Phoenix"); "" means the computer's zone. Times
are shown in that zone with its abbreviation ("Mar 6, 2025, 11:59 PM PST"), never in UTC and
never in the computer's zone for a person who lives in another.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from triallog.domain.errors import Problem

ZONE_RULE = "must be a time zone name such as America/Chicago, or empty for this computer's zone"


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


#: files a system's zone folder may hold that are not zones of their own
_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory", "leapseconds", "tzdata.zi"})


@cache
def _known() -> frozenset[str]:
    names = available_timezones()
    return frozenset(n for n in names if n not in _NOT_ZONES and not n.startswith(("posix/", "right/")))


def is_zone_name(name: str) -> bool:
    """True for an IANA zone name ("America/Phoenix"); "" is not a name, nor a file the system happens
    to hold ("localtime"), which would mean another zone on another computer."""
    if not isinstance(name, str) or name not in _known():
        return False
    try:
        _zone(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def check_zone(name: str, field: str) -> list[Problem]:
    if name == "" or is_zone_name(name):
        return []
    return [Problem(field, ZONE_RULE, name)]


def computer_zone_name() -> str:
    """The computer's own IANA zone name, or "UTC" where the system names none."""
    try:
        from tzlocal import get_localzone_name

        name = get_localzone_name()
    except Exception:  # an odd system setting must never stop the program
        name = None
    return name if name and is_zone_name(name) else "UTC"


def zone_of(name: str) -> tzinfo:
    """The zone for a person's `time_zone` ("" = the computer's zone); a daylight-saving-aware tzinfo."""
    return _zone(name) if name and is_zone_name(name) else _zone(computer_zone_name())


def zone_names() -> list[str]:
    """Every zone a person may choose, sorted (the old aliases such as US/Pacific left out)."""
    names = {n for n in _known() if "/" in n and not n.startswith(("Etc/", "SystemV/", "US/"))}
    return sorted(names | {"UTC"})


def city_of(name: str) -> str:
    """The city part of a zone name, as people say it: "America/Los_Angeles" -> "Los Angeles"."""
    return name.rsplit("/", 1)[-1].replace("_", " ")


def abbreviation(moment: datetime, zone: tzinfo) -> str:
    """The zone's abbreviation at that moment ("PST", "MST"), or "UTC-03:00" where it has none."""
    local = moment.astimezone(zone)
    name = local.tzname() or ""
    if name and name[0] not in "+-":
        return name
    offset = local.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def format_day(day: date) -> str:
    """`Mar 6, 2025`."""
    return f"{day:%b} {day.day}, {day.year:04d}"


def clock_time(moment: datetime, zone: tzinfo) -> str:
    """`11:59 PM PST`: the time of day in the person's zone, with its abbreviation."""
    local = moment.astimezone(zone)
    hour = local.hour % 12 or 12
    return f"{hour}:{local.minute:02d} {'AM' if local.hour < 12 else 'PM'} {abbreviation(local, zone)}"


def format_moment(moment: datetime, zone: tzinfo) -> str:
    """`Mar 6, 2025, 11:59 PM PST`: the moment in the person's zone, with its abbreviation."""
    return f"{format_day(moment.astimezone(zone).date())}, {clock_time(moment, zone)}"


def format_short(value: date | datetime, zone: tzinfo) -> str:
    """`Fri 27 Jan 2023`, or `Fri 27 Jan 2023, 9:15 AM CST` for a moment: for tables, sortable by eye."""
    if isinstance(value, datetime):
        local = value.astimezone(zone)
        return f"{local:%a} {local.day} {local:%b %Y}, {clock_time(local, zone)}"
    return f"{value:%a} {value.day} {value:%b %Y}"


def format_when(value: date | datetime, zone: tzinfo) -> str:
    """A day as `Mar 6, 2025`; a moment as `Mar 6, 2025, 11:59 PM PST` in the person's zone."""
    return format_moment(value, zone) if isinstance(value, datetime) else format_day(value)


def now_in(zone: tzinfo) -> datetime:
    return datetime.now(UTC).astimezone(zone)
