"""The score charts' scales and lanes, one set of rules for the screen and the paper."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import make_definition, make_trial
from triallog.domain.chart_scales import nice_step, stack_in_lanes, trial_lanes, value_range, value_ticks
from triallog.domain.enums import Outcome
from triallog.domain.rules import Instrument

CUSTOM = f"{Instrument.CUSTOM_PREFIX}migraine days per month"


def axis(scores: list[float], definition=None) -> tuple[tuple[float, float], list[float]]:  # type: ignore[no-untyped-def]
    low, high = value_range(CUSTOM, scores, definition)
    return (low, high), value_ticks(CUSTOM, low, high)


def test_a_scored_instrument_shows_its_whole_scale_ticked_along_its_bands() -> None:
    assert value_range(Instrument.PHQ9, [4, 19], None) == (0.0, 27.0)
    assert value_ticks(Instrument.PHQ9, 0.0, 27.0) == [0, 5, 10, 15, 20, 25]
    assert value_range(Instrument.PAIN, [6], None) == (0.0, 10.0)
    assert value_ticks(Instrument.PAIN, 0.0, 10.0) == [0, 2, 4, 6, 8, 10]


@pytest.mark.parametrize(
    ("scores", "expected_range", "expected_ticks"),
    [
        ([0, 27], (0.0, 30.0), [0, 10, 20, 30]),  # the top rounded up to a labelled line
        ([0, 10], (0.0, 10.0), [0, 2, 4, 6, 8, 10]),
        ([3, 10], (0.0, 10.0), [0, 2, 4, 6, 8, 10]),  # from zero: a change never looks larger than it is
        ([-7, 3], (-10.0, 5.0), [-10, -5, 0, 5]),  # negative values: the bottom rounded down too
        ([-4], (-4.0, 0.0), [-4, -3, -2, -1, 0]),  # all below zero: zero stays in sight at the top
        ([5], (0.0, 5.0), [0, 1, 2, 3, 4, 5]),  # a single value
        ([0], (0.0, 1.0), [0, 0.2, 0.4, 0.6, 0.8, 1]),  # a single zero still gets an axis
        ([0, 3e9], (0.0, 3e9), [0, 1e9, 2e9, 3e9]),  # huge ranges stay readable
        ([0.01, 0.07], (0.0, 0.08), [0, 0.02, 0.04, 0.06, 0.08]),  # tiny ones too, without float dust
    ],
)
def test_a_custom_measure_spans_zero_and_its_scores_ending_on_ticks(
    scores: list[float], expected_range: tuple[float, float], expected_ticks: list[float]
) -> None:
    assert axis(scores) == (expected_range, expected_ticks)


def test_a_custom_measure_keeps_the_ends_its_definition_gives() -> None:
    assert axis([2, 5], make_definition(min=0, max=7)) == ((0.0, 7.0), [0, 2, 4, 6])
    assert axis([150, 178], make_definition(min=100)) == ((100.0, 180.0), [100, 120, 140, 160, 180])
    assert axis([-3], make_definition(max=0)) == ((-3.0, 0.0), [-3, -2, -1, 0])


@pytest.mark.parametrize("span", [1e-6, 0.3, 1, 7, 27, 99, 1000, 4.2e7])
def test_a_nice_step_cuts_a_span_into_at_most_five_round_steps(span: float) -> None:
    step = nice_step(span)
    assert span / step <= 5 + 1e-9
    mantissa = step / 10 ** int(f"{step:e}".split("e")[1])
    assert round(mantissa, 6) in (1, 2, 2.5, 5)


def test_trials_take_the_first_lane_free_on_their_first_day() -> None:
    today = date(2024, 1, 1)
    trials = [
        make_trial("a", "2020-01-01", Outcome.INEFFECTIVE, key="a", end="2020-06-30"),
        make_trial("b", "2020-03-01", Outcome.INEFFECTIVE, key="b", end="2020-04-30"),  # overlaps a
        make_trial("c", "2020-07-01", Outcome.INEFFECTIVE, key="c", end="2020-08-31"),  # starts after a ends
        make_trial("d", "2020-06-30", Outcome.INEFFECTIVE, key="d", end="2020-07-15"),  # starts the day a ends
        make_trial("old", "2010-01-01", Outcome.INEFFECTIVE, key="old", end="2010-02-01"),  # out of range
    ]
    bands, lanes = trial_lanes(trials, date(2019, 1, 1), date(2021, 1, 1), today)
    assert [(b.trial.key, b.lane) for b in bands] == [("a", 0), ("b", 1), ("d", 1), ("c", 0)]
    assert lanes == 2
    assert trial_lanes([], date(2019, 1, 1), date(2021, 1, 1), today) == ([], 1)  # an empty chart has one lane


def test_spans_stack_with_the_room_asked_between_them() -> None:
    spans = [(0.0, 10.0), (12.0, 20.0), (25.0, 30.0)]
    assert stack_in_lanes(spans, lambda end, start: end < start) == [0, 0, 0]
    assert stack_in_lanes(spans, lambda end, start: end + 4 <= start) == [0, 1, 0]
