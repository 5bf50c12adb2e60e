"""Each trial's measured response, found by a search per trial, is what a plain pass over every score
found: the same baseline, last score and verdict for any scores and trials, the benchmark's included."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import family_record
from triallog.domain import measures as m
from triallog.domain.dates import PartialDate
from triallog.domain.enums import Outcome
from triallog.domain.records import MeasureDefinition, Measurement, Trial
from triallog.exchange.reader import read_exchange

TODAY = date(2024, 6, 30)


# -- the rules as they were written before the search: every trial took a pass over every score ----------


def plain_response(
    trial: Trial, instrument: str, scores: list[Measurement], definitions: list[MeasureDefinition], today: date
) -> m.Response:
    start, end = m.trial_span(trial, today)
    definition = m.definition_of(instrument, definitions)
    unit = definition.unit if definition is not None else ""
    goal = definition.goal if definition is not None else None
    days = [s.taken.first_day for s in scores]
    before = scores[bisect_left(days, start - m.BASELINE_BEFORE) : bisect_left(days, start)]
    after = scores[bisect_left(days, start) : bisect_right(days, start + m.BASELINE_AFTER)]
    baseline = before[-1] if before else (after[0] if after else None)
    during = [s for s in scores[bisect_left(days, start) : bisect_right(days, end)] if s is not baseline]
    last = during[-1] if during else None
    if baseline is not None and last is not None and last.taken.first_day < baseline.taken.first_day:
        last = None
    base = m.Score(baseline.taken.iso(), baseline.score) if baseline else None
    final = m.Score(last.taken.iso(), last.score) if last else None
    if baseline is None or last is None:
        return m.Response(instrument, base, final, None, None, m.Verdict.NOT_ENOUGH_DATA, unit, goal)
    change = last.score - baseline.score
    percent = round(change / baseline.score * 100, 1) if baseline.score else None
    if last.taken.first_day - trial.start.last_day < m.SHORTEST_TRIAL:
        verdict = m.Verdict.NOT_ENOUGH_DATA
    elif goal is not None:
        better = definition is not None and definition.higher_is_better
        reached = last.score >= goal if better else last.score <= goal
        verdict = m.Verdict.AT_GOAL if reached else m.Verdict.NOT_AT_GOAL
    else:
        verdict = m._verdict(instrument, baseline, last, definitions)
    return m.Response(instrument, base, final, change, percent, verdict, unit, goal)


def plain_responses(
    trial: Trial, measurements: list[Measurement], definitions: list[MeasureDefinition], today: date
) -> list[m.Response]:
    start, end = m.trial_span(trial, today)
    by_instrument: dict[str, list[Measurement]] = {}
    for s in sorted(measurements, key=lambda s: s.taken.sort_key()):
        by_instrument.setdefault(s.instrument, []).append(s)
    return [
        plain_response(trial, instrument, scores, definitions, today)
        for instrument, scores in sorted(by_instrument.items())
        if any(start - m.BASELINE_BEFORE <= s.taken.first_day <= end for s in scores)
    ]


def assert_same_as_the_plain_pass(
    trials: list[Trial], measurements: list[Measurement], definitions: list[MeasureDefinition], today: date
) -> None:
    expected = {t.key: plain_responses(t, measurements, definitions, today) for t in trials}
    assert m.trial_responses(trials, measurements, definitions, today) == expected
    for t in trials:
        assert m.responses(t, measurements, definitions, today) == expected[t.key]
        for found in expected[t.key]:
            assert m.measured_response(t, found.instrument, measurements, definitions, today) == found


# -- any scores and trials ------------------------------------------------------------------------------------

INSTRUMENTS = ["PHQ-9", "GAD-7", "NRS-pain", "custom:HbA1c", "custom:sleep"]
DEFINITIONS = [
    MeasureDefinition(name="HbA1c", unit="%", goal=7.0),
    MeasureDefinition(name="sleep", min=0, max=10, higher_is_better=True),
]


@st.composite
def partial_dates(draw: st.DrawFn, first: date = date(2023, 1, 1), last: date = date(2024, 12, 31)) -> PartialDate:
    """A day, a month or a year, crowded into two years so that windows meet, overlap and share days."""
    day = draw(st.dates(first, last))
    precision = draw(st.sampled_from(["day", "day", "day", "month", "year"]))
    if precision == "year":
        return PartialDate(day.year)
    if precision == "month":
        return PartialDate(day.year, day.month)
    return PartialDate(day.year, day.month, day.day)


@st.composite
def scores(draw: st.DrawFn) -> Measurement:
    instrument = draw(st.sampled_from(INSTRUMENTS))
    value = draw(st.integers(0, 21) | st.floats(0, 12, allow_nan=False).map(lambda x: round(x, 1)))
    return Measurement(instrument=instrument, taken=draw(partial_dates()), score=value)


@st.composite
def trials(draw: st.DrawFn) -> Trial:
    start = draw(partial_dates())
    end = draw(st.none() | partial_dates(start.first_day))
    outcome = draw(st.sampled_from([Outcome.ONGOING, Outcome.INEFFECTIVE, Outcome.CONTRAINDICATED]))
    return Trial(drug="sertraline", start=start, end=end, outcome=outcome)


@settings(max_examples=300, deadline=None)
@given(st.lists(trials(), max_size=8), st.lists(scores(), max_size=60), st.sampled_from([TODAY, date(2023, 3, 1)]))
def test_any_scores_and_trials_give_what_the_plain_pass_gives(
    made: list[Trial], measurements: list[Measurement], today: date
) -> None:
    for i, trial in enumerate(made):
        trial.key = f"t{i}"
    assert_same_as_the_plain_pass(made, measurements, DEFINITIONS, today)


def test_the_benchmark_family_gives_what_the_plain_pass_gives() -> None:
    people = read_exchange(family_record(0.2, seed=5)).people
    judged = 0
    for person in people:
        assert_same_as_the_plain_pass(person.trials, person.measurements, person.measure_definitions, TODAY)
        found = m.trial_responses(person.trials, person.measurements, person.measure_definitions, TODAY)
        judged += sum(r.verdict is not m.Verdict.NOT_ENOUGH_DATA for rs in found.values() for r in rs)
    assert judged > 20, "the family's record has trials with a verdict"
