"""Which plan was in force on a day: offered when a trial is recorded."""

from __future__ import annotations

from datetime import date

from triallog.domain.dates import PartialDate
from triallog.domain.records import Coverage


def plan_in_force(coverages: list[Coverage], day: PartialDate | date | None) -> Coverage | None:
    """The coverage in force on `day` (a partial date counts from its first day).

    When plans overlap, the one that started last wins; None when no plan covers the day.
    """
    if day is None:
        return None
    when = day.first_day if isinstance(day, PartialDate) else day
    candidates = [c for c in coverages if c.in_force_on(when)]
    if not candidates:
        return None
    return max(candidates, key=lambda c: c.start.sort_key() if c.start else (date.min, 0))
