"""Which plan was in force on a day, and which prescriber to offer: offered when a trial or case is recorded."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from triallog.domain.dates import PartialDate
from triallog.domain.records import Coverage, Prescriber


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


def suggest_prescriber(prescribers: Sequence[Prescriber]) -> str | None:
    """The key of a person's only prescriber, to preselect in a new record's form; None when there are
    several (choosing among them is the person's call) or none."""
    return prescribers[0].key if len(prescribers) == 1 else None
