"""Scores, bands, the item-9 alert and each trial's measured response, at every boundary."""

from __future__ import annotations

import json
from datetime import date
from importlib.resources import files

import pytest

from triallog.domain.dates import PartialDate
from triallog.domain.enums import Outcome
from triallog.domain.measures import (
    DIFFICULTY,
    Verdict,
    band,
    describe,
    difficulty_text,
    item9_positive,
    measured_response,
    responses,
    summary,
    trial_responses,
    verdict_text,
)
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


def test_phq9_falling_below_5_is_remission() -> None:
    scores = [score("PHQ-9", "2023-12-15", 12), score("PHQ-9", "2024-03-01", 3)]
    result = measured_response(trial("2024-01-01", "2024-04-01"), "PHQ-9", scores, today=TODAY)
    assert result.verdict is Verdict.REMISSION
    assert describe(result) == "PHQ-9: remission (12 → 3, −75 %)"


def test_gad7_falling_below_5_is_a_response_with_minimal_symptoms_not_remission() -> None:
    # No cited source defines GAD-7 remission: the percent bands judge it and the words name its band.
    gad = [score("GAD-7", "2023-12-15", 12), score("GAD-7", "2024-03-01", 3)]
    result = measured_response(trial("2024-01-01", "2024-04-01"), "GAD-7", gad, today=TODAY)
    assert result.verdict is Verdict.RESPONSE
    assert describe(result) == "GAD-7: response (12 → 3, −75 %; minimal symptoms)"
    assert "remission" not in describe(result).lower()
    assert verdict_text(result) == "Response; minimal symptoms"
    # A smaller fall into the minimal band is still judged by its percent.
    partial = [score("GAD-7", "2023-12-15", 6), score("GAD-7", "2024-03-01", 4)]
    result = measured_response(trial("2024-01-01", "2024-04-01"), "GAD-7", partial, today=TODAY)
    assert result.verdict is Verdict.PARTIAL_RESPONSE
    assert describe(result) == "GAD-7: partial response (6 → 4, −33.3 %; minimal symptoms)"


def test_a_gad7_that_started_minimal_says_nothing_of_minimal_symptoms() -> None:
    gad = [score("GAD-7", "2023-12-15", 4), score("GAD-7", "2024-03-01", 2)]
    result = measured_response(trial("2024-01-01", "2024-04-01"), "GAD-7", gad, today=TODAY)
    assert describe(result) == "GAD-7: response (4 → 2, −50 %)"


def test_remission_never_applies_to_pain() -> None:
    pain = [score("NRS-pain", "2023-12-15", 8), score("NRS-pain", "2024-03-01", 4)]
    t = trial("2024-01-01", "2024-04-01")
    assert measured_response(t, "NRS-pain", pain, today=TODAY).verdict is Verdict.RESPONSE


def test_the_last_score_must_come_six_weeks_after_the_start() -> None:
    baseline = score("PHQ-9", "2023-12-15", 20)
    t = trial("2024-01-01", "2024-04-01")
    day_41 = measured_response(t, "PHQ-9", [baseline, score("PHQ-9", "2024-02-11", 8)], today=TODAY)
    assert day_41.verdict is Verdict.NOT_ENOUGH_DATA
    assert day_41.change_points == -12  # the numbers are still shown
    day_42 = measured_response(t, "PHQ-9", [baseline, score("PHQ-9", "2024-02-12", 8)], today=TODAY)
    assert day_42.verdict is Verdict.RESPONSE


def test_a_13_week_trial_whose_only_follow_up_was_on_day_9_has_not_enough_data() -> None:
    scores = [score("PHQ-9", "2023-12-20", 20), score("PHQ-9", "2024-01-10", 6)]  # day 9: a 70 % fall, too soon
    t = trial("2024-01-01", "2024-04-01")  # 13 weeks on the drug
    result = measured_response(t, "PHQ-9", scores, today=TODAY)
    assert result.verdict is Verdict.NOT_ENOUGH_DATA
    assert describe(result) == "PHQ-9: not enough data"
    assert summary([result]) == "not enough data"


def test_a_trial_with_a_score_at_week_7_gets_a_verdict() -> None:
    scores = [score("PHQ-9", "2023-12-20", 20), score("PHQ-9", "2024-02-19", 9)]  # day 49: week 7
    result = measured_response(trial("2024-01-01", "2024-04-01"), "PHQ-9", scores, today=TODAY)
    assert result.verdict is Verdict.RESPONSE
    assert describe(result) == "PHQ-9: response (20 → 9, −55 %)"


def test_a_short_trial_with_a_score_after_it_ended_still_has_not_enough_data() -> None:
    # Stopped after 3 weeks: the week-8 score was taken off the drug and does not count.
    scores = [score("PHQ-9", "2023-12-20", 20), score("PHQ-9", "2024-01-15", 14), score("PHQ-9", "2024-02-26", 5)]
    result = measured_response(trial("2024-01-01", "2024-01-22"), "PHQ-9", scores, today=TODAY)
    assert result.last is not None and result.last.taken == "2024-01-15"
    assert result.verdict is Verdict.NOT_ENOUGH_DATA


HBA1C = [MeasureDefinition(name="HbA1c", unit="%", min=4, max=15, higher_is_better=False, goal=7.0)]


def hba1c(before: float, after: float, after_on: str = "2024-03-20") -> list[Measurement]:
    return [score("custom:HbA1c", "2023-12-10", before), score("custom:HbA1c", after_on, after)]


def test_hba1c_at_or_under_its_goal_is_at_goal_in_its_own_unit() -> None:
    t = trial("2024-01-01", "2024-04-01")
    result = measured_response(t, "custom:HbA1c", hba1c(9.4, 6.9), HBA1C, TODAY)
    assert result.verdict is Verdict.AT_GOAL
    assert describe(result) == "HbA1c: at goal (9.4 → 6.9 %, goal 7)"
    assert summary([result]) == "At goal (6.9 %)"
    assert verdict_text(result) == "At goal (goal 7 %)"
    assert result.change_points == pytest.approx(-2.5)  # still there as data
    assert result.change_percent == -26.6
    assert "partial" not in describe(result)  # a 27 % fall, but percent bands do not judge a lab value
    exactly = measured_response(t, "custom:HbA1c", hba1c(9.4, 7.0), HBA1C, TODAY)
    assert exactly.verdict is Verdict.AT_GOAL  # at the goal counts


def test_hba1c_above_its_goal_is_not_at_goal() -> None:
    result = measured_response(trial("2024-01-01", "2024-04-01"), "custom:HbA1c", hba1c(9.4, 7.6), HBA1C, TODAY)
    assert result.verdict is Verdict.NOT_AT_GOAL
    assert describe(result) == "HbA1c: not at goal (9.4 → 7.6 %, goal 7)"
    assert summary([result]) == "Not at goal (7.6 %)"


def test_a_goal_measure_still_needs_six_weeks_and_a_baseline() -> None:
    t = trial("2024-01-01", "2024-04-01")
    soon = measured_response(t, "custom:HbA1c", hba1c(9.4, 6.9, after_on="2024-01-20"), HBA1C, TODAY)
    assert soon.verdict is Verdict.NOT_ENOUGH_DATA
    assert describe(soon) == "HbA1c: not enough data"
    alone = measured_response(t, "custom:HbA1c", [score("custom:HbA1c", "2024-03-20", 6.9)], HBA1C, TODAY)
    assert alone.verdict is Verdict.NOT_ENOUGH_DATA


def test_a_higher_is_better_goal_is_reached_at_or_above_it() -> None:
    walking = [MeasureDefinition(name="walking", unit="m", min=0, higher_is_better=True, goal=400)]
    t = trial("2024-01-01", "2024-04-01")

    def walked(after: float) -> list[Measurement]:
        return [score("custom:walking", "2023-12-10", 250), score("custom:walking", "2024-03-20", after)]

    far = measured_response(t, "custom:walking", walked(420), walking, TODAY)
    assert far.verdict is Verdict.AT_GOAL
    assert describe(far) == "walking: at goal (250 → 420 m, goal 400)"
    assert measured_response(t, "custom:walking", walked(400), walking, TODAY).verdict is Verdict.AT_GOAL
    short = measured_response(t, "custom:walking", walked(380), walking, TODAY)  # a 52 % rise, short of the goal
    assert short.verdict is Verdict.NOT_AT_GOAL


def test_a_custom_measure_without_a_goal_keeps_the_percent_bands() -> None:
    no_goal = [MeasureDefinition(name="HbA1c", unit="%")]
    result = measured_response(trial("2024-01-01", "2024-04-01"), "custom:HbA1c", hba1c(9.4, 6.9), no_goal, TODAY)
    assert result.verdict is Verdict.PARTIAL_RESPONSE
    assert describe(result) == "HbA1c: partial response (9.4 → 6.9, −26.6 %)"


def test_the_difficulty_answers_read_in_the_forms_words() -> None:
    assert [difficulty_text(v) for v in (0, 1, 2, 3)] == list(DIFFICULTY)
    assert difficulty_text(2) == "Very difficult"
    assert difficulty_text(None) == ""


def test_the_difficulty_wording_matches_the_published_form_kept_in_resources() -> None:
    data = json.loads((files("triallog.resources") / "instruments" / "questionnaires.json").read_text("utf-8"))
    assert tuple(data["difficulty"]["answers"]) == DIFFICULTY


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


def test_a_start_known_only_to_the_month_gets_its_six_weeks_from_the_months_last_day() -> None:
    started = trial("2022-03", "2022-09")
    scores = [score("PHQ-9", "2022-02-20", 18), score("PHQ-9", "2022-04-12", 17)]

    # Apr 12 is six weeks after Mar 1, but not after Mar 31: the trial may have begun that late
    assert measured_response(started, "PHQ-9", scores, today=date(2023, 1, 1)).verdict is Verdict.NOT_ENOUGH_DATA
    later = [*scores, score("PHQ-9", "2022-05-13", 17)]
    assert measured_response(started, "PHQ-9", later, today=date(2023, 1, 1)).verdict is Verdict.NO_RESPONSE
