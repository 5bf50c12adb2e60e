"""Scores, bands, the item-9 alert and each trial's measured response, at every boundary."""

from __future__ import annotations

from datetime import date

import pytest

from triallog.domain.dates import PartialDate
from triallog.domain.enums import Outcome
from triallog.domain.measures import Verdict, band, item9_positive, measured_response, responses, trial_responses
from triallog.domain.records import MeasureDefinition, Measurement, Trial

TODAY = date(2026, 11, 23)


def d(text: str) -> PartialDate:
    return PartialDate.parse(text)


def score(instrument: str, taken: str, value: float, items: list[int] | None = None) -> Measurement:
    return Measurement(instrument=instrument, taken=d(taken), score=value, items=items or [])


def trial(start: str, end: str | None = None, outcome: Outcome = Outcome.INEFFECTIVE) -> Trial:
    return Trial(drug="sertraline", start=d(start), end=d(end) if end else None, outcome=outcome)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately severe"),
        (19, "moderately severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_bands_follow_the_published_cut_offs(value: int, expected: str) -> None:
    assert band("PHQ-9", value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_bands_follow_the_published_cut_offs(value: int, expected: str) -> None:
    assert band("GAD-7", value) == expected


def test_scales_without_bands_have_none() -> None:
    assert band("NRS-pain", 7) is None
    assert band("custom:migraine days per month", 12) is None


def test_item9_is_flagged_only_when_answered_above_zero() -> None:
    assert item9_positive(score("PHQ-9", "2024-01-05", 10, [1, 1, 1, 1, 1, 1, 2, 2, 0])) is False
    assert item9_positive(score("PHQ-9", "2024-01-05", 10, [1, 1, 1, 1, 1, 1, 2, 1, 1])) is True
    assert item9_positive(score("PHQ-9", "2024-01-05", 10)) is False  # total only: nothing to flag
    assert item9_positive(score("GAD-7", "2024-01-05", 10)) is None


def test_baseline_is_the_last_score_within_60_days_before_the_start() -> None:
    scores = [
        score("PHQ-9", "2023-11-01", 22),  # 61 days before: too early
        score("PHQ-9", "2023-11-02", 20),  # exactly 60 days before: counts
        score("PHQ-9", "2023-12-20", 18),  # the last before the start: the baseline
        score("PHQ-9", "2024-03-01", 9),
    ]
    result = measured_response(trial("2024-01-01", "2024-04-01"), "PHQ-9", scores, today=TODAY)
    assert result.baseline is not None and result.baseline.score == 18
    assert result.last is not None and result.last.score == 9
    assert result.change_points == -9
    assert result.change_percent == -50.0
    assert result.verdict is Verdict.RESPONSE


def test_without_a_score_before_the_baseline_is_the_first_within_14_days_after() -> None:
    scores = [score("PHQ-9", "2024-01-15", 16), score("PHQ-9", "2024-01-16", 15), score("PHQ-9", "2024-03-20", 12)]
    result = measured_response(trial("2024-01-01", "2024-04-01"), "PHQ-9", scores, today=TODAY)
    assert result.baseline is not None and result.baseline.taken == "2024-01-15"
    assert result.last is not None and result.last.score == 12
    assert result.verdict is Verdict.PARTIAL_RESPONSE  # 16 -> 12 is a 25 % fall


def test_a_score_15_days_after_the_start_is_no_baseline() -> None:
    scores = [score("PHQ-9", "2024-01-16", 16), score("PHQ-9", "2024-03-20", 4)]
    result = measured_response(trial("2024-01-01", "2024-04-01"), "PHQ-9", scores, today=TODAY)
    assert result.baseline is None
    assert result.verdict is Verdict.NOT_ENOUGH_DATA


@pytest.mark.parametrize(
    ("baseline", "last", "verdict"),
    [
        (20, 10, Verdict.RESPONSE),  # exactly 50 %
        (20, 11, Verdict.PARTIAL_RESPONSE),  # 45 %
        (20, 15, Verdict.PARTIAL_RESPONSE),  # exactly 25 %
        (20, 16, Verdict.NO_RESPONSE),  # 20 %
        (20, 24, Verdict.NO_RESPONSE),  # worse
        (12, 4, Verdict.REMISSION),  # below 5: remission implies response
        (6, 5, Verdict.NO_RESPONSE),  # 5 is not below 5
        (4, 2, Verdict.RESPONSE),  # started below 5: it cannot "fall below" it; a 50 % fall
    ],
)
def test_verdict_boundaries_for_phq9(baseline: int, last: int, verdict: Verdict) -> None:
    scores = [score("PHQ-9", "2023-12-15", baseline), score("PHQ-9", "2024-03-01", last)]
    assert measured_response(trial("2024-01-01", "2024-04-01"), "PHQ-9", scores, today=TODAY).verdict is verdict


def test_remission_applies_to_gad7_but_not_to_pain() -> None:
    gad = [score("GAD-7", "2023-12-15", 12), score("GAD-7", "2024-03-01", 4)]
    pain = [score("NRS-pain", "2023-12-15", 8), score("NRS-pain", "2024-03-01", 4)]
    t = trial("2024-01-01", "2024-04-01")
    assert measured_response(t, "GAD-7", gad, today=TODAY).verdict is Verdict.REMISSION
    assert measured_response(t, "NRS-pain", pain, today=TODAY).verdict is Verdict.RESPONSE


def test_a_trial_under_six_weeks_has_not_enough_data() -> None:
    scores = [score("PHQ-9", "2023-12-15", 20), score("PHQ-9", "2024-02-10", 8)]
    short = measured_response(trial("2024-01-01", "2024-02-11"), "PHQ-9", scores, today=TODAY)  # 41 days
    assert short.verdict is Verdict.NOT_ENOUGH_DATA
    assert short.change_points == -12  # the numbers are still shown
    six_weeks = measured_response(trial("2024-01-01", "2024-02-12"), "PHQ-9", scores, today=TODAY)  # 42 days
    assert six_weeks.verdict is Verdict.RESPONSE


def test_partial_dates_count_from_the_first_day_of_the_start_and_to_the_last_day_of_the_end() -> None:
    # Start "2024-01" counts from Jan 1; end "2024-03" runs to Mar 31, so a score on Mar 30 is during the trial.
    scores = [score("PHQ-9", "2023-12-20", 20), score("PHQ-9", "2024-03-30", 9)]
    result = measured_response(trial("2024-01", "2024-03"), "PHQ-9", scores, today=TODAY)
    assert result.last is not None and result.last.taken == "2024-03-30"
    assert result.verdict is Verdict.RESPONSE
    # A trial known only by year runs through Dec 31 of its end year.
    yearly = measured_response(
        trial("2019", "2019"), "PHQ-9", [score("PHQ-9", "2018-12-01", 20), score("PHQ-9", "2019-12", 14)], today=TODAY
    )
    assert yearly.last is not None and yearly.last.taken == "2019-12"


def test_higher_is_better_flips_the_direction() -> None:
    definitions = [MeasureDefinition(name="good days", min=0, max=31, higher_is_better=True)]
    rise = [score("custom:good days", "2023-12-15", 10), score("custom:good days", "2024-03-01", 15)]
    fall = [score("custom:good days", "2023-12-15", 10), score("custom:good days", "2024-03-01", 5)]
    t = trial("2024-01-01", "2024-04-01")
    assert measured_response(t, "custom:good days", rise, definitions, TODAY).verdict is Verdict.RESPONSE
    assert measured_response(t, "custom:good days", fall, definitions, TODAY).verdict is Verdict.NO_RESPONSE
    assert measured_response(t, "custom:good days", fall, definitions, TODAY).change_percent == -50.0


def test_an_ongoing_trial_runs_to_today() -> None:
    scores = [score("GAD-7", "2026-08-20", 15), score("GAD-7", "2026-11-20", 6)]
    result = measured_response(trial("2026-09-01", None, Outcome.ONGOING), "GAD-7", scores, today=TODAY)
    assert result.last is not None and result.last.taken == "2026-11-20"
    assert result.verdict is Verdict.RESPONSE


def test_responses_cover_every_instrument_measured_around_the_trial() -> None:
    scores = [
        score("PHQ-9", "2023-12-15", 20),
        score("PHQ-9", "2024-03-01", 8),
        score("GAD-7", "2024-02-01", 12),
        score("NRS-pain", "2020-01-01", 9),  # years away: not around this trial
    ]
    found = responses(trial("2024-01-01", "2024-04-01"), scores, today=TODAY)
    assert [r.instrument for r in found] == ["GAD-7", "PHQ-9"]
    assert found[0].verdict is Verdict.NOT_ENOUGH_DATA  # one GAD-7 score only


def test_many_trials_at_once_give_the_same_responses_as_one_by_one() -> None:
    scores = [score("PHQ-9", f"2023-{m:02d}-10", 20 - m) for m in range(1, 13)]
    scores += [score("GAD-7", f"2023-{m:02d}-20", 15 - m) for m in range(1, 13, 2)]
    trials = [trial("2023-02-01", "2023-06-30"), trial("2023-05", "2023-12"), trial("2021", "2021")]
    for i, t in enumerate(trials):
        t.key = str(i)
    together = trial_responses(trials, scores, today=TODAY)
    assert together == {t.key: responses(t, scores, today=TODAY) for t in trials}
    assert together["2"] == []  # nothing measured around 2021
