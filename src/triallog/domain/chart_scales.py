"""Scales and lanes for the score charts, the same on screen and on paper: what the value axis spans, where
its ticks fall, and which lane each trial's band takes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from math import ceil, floor, log10
from typing import TypeVar

from triallog.domain.measures import BANDS, trial_span
from triallog.domain.records import MeasureDefinition, Trial
from triallog.domain.rules import Instrument

P = TypeVar("P")

#: month steps a time axis may tick by, finest first
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)
#: about how many value ticks an axis of a custom measure gets
VALUE_TICKS = 5
#: tick steps of the scored instruments: their severity bands are 5 wide (PHQ-9, GAD-7), pain counts by 2
BANDED_STEP, PAIN_STEP = 5.0, 2.0


def nice_step(span: float, ticks: int = VALUE_TICKS) -> float:
    """The smallest of 1, 2, 2.5 and 5 times a power of ten that cuts `span` into at most `ticks` steps."""
    raw = max(span / ticks, 1e-9)
    power = 10.0 ** floor(log10(raw))
    return next(k * power for k in (1, 2, 2.5, 5, 10) if k * power >= raw)


def value_range(instrument: str, scores: Sequence[float], definition: MeasureDefinition | None) -> tuple[float, float]:
    """The span of the value axis. A scored instrument shows its whole scale; a custom measure its own
    minimum and maximum where it has them, else zero and its scores, with each open end rounded out to a
    tick, so the axis begins and ends on a labelled line and a change is never made to look larger than
    it is by an axis that starts just below the lowest score."""
    if instrument in Instrument.SCALES:
        return 0.0, float(Instrument.SCALES[instrument][0])
    fixed_low = definition.min if definition is not None else None
    fixed_high = definition.max if definition is not None else None
    low = fixed_low if fixed_low is not None else min([0.0, *scores])
    high = fixed_high if fixed_high is not None else max([0.0, *scores])
    if high <= low:
        if fixed_high is None:
            high = low + 1
        else:
            low = high - 1
    # Rounding out widens the span, which may call for a coarser step: round again until the ends sit
    # on the very step the ticks will use (twice at most: a step never more than doubles).
    for _ in range(4):
        step = nice_step(high - low)
        rounded_low = low if fixed_low is not None else floor(round(low / step, 9)) * step
        rounded_high = high if fixed_high is not None else ceil(round(high / step, 9)) * step
        if (rounded_low, rounded_high) == (low, high):
            break
        low, high = rounded_low, rounded_high
    return float(low), float(high)


def tick_step(instrument: str, low: float, high: float) -> float:
    """How far apart the value ticks are: along the severity bands for a scored instrument."""
    if instrument in BANDS:
        return BANDED_STEP
    if instrument == Instrument.PAIN:
        return PAIN_STEP
    return nice_step(high - low)


def value_ticks(instrument: str, low: float, high: float) -> list[float]:
    """The values the axis labels, from `low` to `high` (both inside), on whole multiples of the step."""
    step = tick_step(instrument, low, high)
    first = ceil(round(low / step, 9))
    last = floor(round(high / step, 9))
    return [round(n * step, 9) + 0.0 for n in range(first, last + 1)]


# -- lanes -------------------------------------------------------------------------------------------------


def stack_in_lanes(spans: Iterable[tuple[P, P]], free_after: Callable[[P, P], bool]) -> list[int]:
    """For each span (start, end), in the order given, the first lane whose last span leaves room for it:
    `free_after(end of the lane's last span, start)` says whether it does. Nothing in one lane overlaps."""
    ends: list[P] = []
    lanes: list[int] = []
    for start, end in spans:
        lane = next((i for i, busy in enumerate(ends) if free_after(busy, start)), len(ends))
        if lane == len(ends):
            ends.append(end)
        ends[lane] = end
        lanes.append(lane)
    return lanes


@dataclass(frozen=True)
class TrialBand:
    """A trial drawn behind the scores: its span as drawn, and its lane (0 at the top)."""

    trial: Trial
    start: date
    end: date
    lane: int


def trial_lanes(trials: Sequence[Trial], first: date, last: date, today: date) -> tuple[list[TrialBand], int]:
    """The trials whose span meets [first, last], oldest first, each in the first lane free the day it
    starts; and how many lanes that takes (at least one)."""
    spans = sorted(((t, *trial_span(t, today)) for t in trials), key=lambda s: (s[1], s[2]))
    shown = [(trial, start, end) for trial, start, end in spans if end >= first and start <= last]
    lanes = stack_in_lanes(((start, end) for _, start, end in shown), lambda busy, start: busy < start)
    bands = [TrialBand(trial, start, end, lane) for (trial, start, end), lane in zip(shown, lanes, strict=True)]
    return bands, max(1, len(set(lanes)))
