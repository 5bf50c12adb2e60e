"""The rules a record must keep, each giving the field, the rule and the value wherever data come from."""

from __future__ import annotations

import pytest

from tests.factories import (
    make_call,
    make_case,
    make_coverage,
    make_definition,
    make_document,
    make_measurement,
    make_person,
    make_prescriber,
    make_representative,
    make_side_effect,
    make_trial,
)
from triallog.domain.dates import PartialDate
from triallog.domain.errors import MAX_REPORTED, Problem, ValidationError, raise_if
from triallog.domain.rules import (
    check_call,
    check_case,
    check_coverage,
    check_measure_definition,
    check_measurement,
    check_person,
    check_prescriber,
    check_trial,
    icd10_is_valid,
    npi_is_valid,
    onset_before_start,
)


def fields(problems: list[Problem]) -> list[str]:
    return [p.field for p in problems]


# -- prescribers, codes, states ---------------------------------------------------


@pytest.mark.parametrize("npi", ["1234567893", "1245319599", "1003000126"])
def test_a_prescriber_with_a_real_npi_passes(npi: str) -> None:
    assert npi_is_valid(npi)
    assert check_prescriber(make_prescriber(npi=npi)) == []


@pytest.mark.parametrize("npi", ["1234567890", "1234567894", "123456789", "12345678930", "12345678x3", " 234567893"])
def test_a_mistyped_npi_is_caught_by_its_check_digit_or_its_shape(npi: str) -> None:
    assert not npi_is_valid(npi)
    problems = check_prescriber(make_prescriber(npi=npi), "prescribers[0].")
    assert fields(problems) == ["prescribers[0].npi"]
    assert "check digit" in problems[0].rule
    assert problems[0].value == npi


def test_a_prescriber_without_an_npi_is_fine_but_one_without_a_name_is_not() -> None:
    assert check_prescriber(make_prescriber(npi="")) == []
    assert fields(check_prescriber(make_prescriber(name="  "))) == ["name"]


@pytest.mark.parametrize("code", ["G43.709", "G43.7", "E11", "F32.A", "M54.50", "Z79.899"])
def test_an_icd10_code_of_the_right_shape_is_accepted(code: str) -> None:
    assert icd10_is_valid(code)
    assert check_trial(make_trial(indication_code=code)) == []


@pytest.mark.parametrize("code", ["g43.709", "G4", "43.709", "G43.", "G43.70912", "G43709", "G43 709", "GG3.7"])
def test_an_icd10_code_of_the_wrong_shape_is_refused_at_its_field(code: str) -> None:
    assert not icd10_is_valid(code)
    problems = check_trial(make_trial(indication_code=code), "trials[0].")
    assert fields(problems) == ["trials[0].indication_code"]
    assert "ICD-10" in problems[0].rule
    assert fields(check_case(make_case(diagnosis_code=code))) == ["diagnosis_code"]


@pytest.mark.parametrize("state", ["IL", "DC", "PR", "GU", "VI", "AS", "MP", "WY", ""])
def test_a_plan_in_a_state_dc_or_a_territory_is_accepted(state: str) -> None:
    assert check_coverage(make_coverage(state=state)) == []


@pytest.mark.parametrize("state", ["il", "Il", "XX", "Illinois", "UK", "IL "])
def test_a_plan_state_that_is_not_an_upper_case_usps_code_is_refused(state: str) -> None:
    problems = check_coverage(make_coverage(state=state))
    assert fields(problems) == ["state"]
    assert "USPS" in problems[0].rule


def test_a_plan_that_ends_before_it_starts_is_refused_but_an_open_or_coarser_end_is_fine() -> None:
    assert check_coverage(make_coverage(start="2019-01-15", end=None)) == []
    assert check_coverage(make_coverage(start="2019-01-15", end="2019-01")) == []
    problems = check_coverage(make_coverage(start="2019-01-15", end="2018-12"))
    assert fields(problems) == ["end"]
    assert problems[0].rule == "before start 2019-01-15"


# -- trials -------------------------------------------------------------------------


def test_a_trial_that_ends_before_it_starts_is_refused_with_the_start_it_contradicts() -> None:
    problems = check_trial(make_trial(start="2021-03-01", end="2021-02-27"), "people[0].trials[2].")
    assert fields(problems) == ["people[0].trials[2].end"]
    assert str(problems[0]) == "people[0].trials[2].end: before start 2021-03-01"
    assert problems[0].value == "2021-02-27"


def test_a_window_says_the_same_rule_with_dates_as_its_fields_show_them() -> None:
    """A file's reader is told the date as the file holds it; a form's user, as the field shows it."""
    problems = check_trial(make_trial(start="2022-05", end="2022-04-30"))
    assert problems[0].rule == "before start 2022-05"  # an import's report and the command line: unchanged
    assert problems[0].in_words == "before the start, May 2022"
    effect = make_side_effect(onset="2020-04-10", resolved="2020-03")
    assert check_trial(make_trial(side_effects=[effect]))[0].in_words == "before the onset, Apr 10, 2020"
    follow_up = check_call(make_call("2023-01-23T10:05:00-06:00", follow_up="2023-01-22"))[0]
    assert follow_up.in_words == "before the call's day, Jan 23, 2023"


def test_a_rule_without_a_date_is_said_in_a_window_as_it_is_written() -> None:
    problem = check_trial(make_trial(drug=" "))[0]
    assert problem.in_words == problem.rule == "required"


@pytest.mark.parametrize(
    ("onset", "start", "warned"),
    [
        ("2021-02", "2021-03-01", "began Feb 2021, before the trial's start, Mar 1, 2021"),
        ("2021-02-28", "2021-03", "began Feb 28, 2021, before the trial's start, Mar 2021"),
        ("2021-03-10", "2021-03", ""),  # the month the trial started: it may well have come after
        ("2021-03", "2021-03-15", ""),
        ("2021-05", "2021-03-01", ""),
        (None, "2021-03-01", ""),
    ],
)
def test_a_side_effect_before_its_trial_is_a_warning_judged_at_the_coarser_date(
    onset: str | None, start: str, warned: str
) -> None:
    effect = make_side_effect("tingling", onset=onset)
    assert onset_before_start(effect, PartialDate.parse_iso(start)) == warned
    assert check_trial(make_trial(start=start, side_effects=[effect])) == []  # never a refusal


@pytest.mark.parametrize(("start", "end"), [("2020-07-15", "2020-07"), ("2020-07", "2020-07-31"), ("2020", "2020")])
def test_a_trial_remembered_only_to_the_month_may_end_in_the_month_it_started(start: str, end: str) -> None:
    assert check_trial(make_trial(start=start, end=end)) == []


def test_a_trial_with_no_drug_is_refused() -> None:
    assert fields(check_trial(make_trial(drug=" "))) == ["drug"]


@pytest.mark.parametrize("end", [None, "2020-08-03"])
def test_a_contraindicated_drug_ends_the_day_it_was_ruled_out_or_not_at_all(end: str | None) -> None:
    assert check_trial(make_trial("propranolol", start="2020-08-03", end=end, outcome="contraindicated")) == []


@pytest.mark.parametrize("end", ["2020-09", "2020-08-04", "2020-08"])
def test_a_contraindicated_drug_with_a_later_or_vaguer_end_is_refused(end: str) -> None:
    trial = make_trial("propranolol", start="2020-08-03", end=end, outcome="contraindicated")
    problems = check_trial(trial)
    assert fields(problems) == ["end"]
    assert "contraindicated" in problems[0].rule
    assert problems[0].value == end


def test_a_side_effect_that_resolves_before_its_onset_is_refused_at_its_own_path() -> None:
    trial = make_trial(
        side_effects=[make_side_effect(onset="2020-04"), make_side_effect(onset="2020-04-10", resolved="2020-03")]
    )
    problems = check_trial(trial, "trials[0].")
    assert fields(problems) == ["trials[0].side_effects[1].resolved"]
    assert problems[0].rule == "before onset 2020-04-10"


def test_a_trial_must_name_a_plan_and_a_prescriber_of_the_same_person() -> None:
    trial = make_trial(coverage="c1", prescriber="pr1")
    assert check_trial(trial, "", coverage_keys={"c1"}, prescriber_keys={"pr1"}) == []
    problems = check_trial(trial, "", coverage_keys={"c2"}, prescriber_keys=set())
    assert fields(problems) == ["coverage", "prescriber"]
    assert "no plan with id 'c1'" in problems[0].rule
    assert "no prescriber with id 'pr1'" in problems[1].rule


# -- measurements ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instrument", "score", "items"),
    [
        ("PHQ-9", 0, []),
        ("PHQ-9", 27, [3] * 9),
        ("PHQ-9", 11, [1, 2, 1, 1, 2, 1, 1, 1, 1]),
        ("GAD-7", 21, [3] * 7),
        ("GAD-7", 7, [1] * 7),
        ("NRS-pain", 0, []),
        ("NRS-pain", 10, []),
    ],
)
def test_a_scored_questionnaire_within_its_range_is_accepted(instrument: str, score: int, items: list[int]) -> None:
    assert check_measurement(make_measurement(instrument, score=score, items=items)) == []


@pytest.mark.parametrize(
    ("instrument", "score", "items", "field", "word"),
    [
        ("PHQ-9", 28, [], "score", "0 to 27"),
        ("PHQ-9", -1, [], "score", "0 to 27"),
        ("GAD-7", 22, [], "score", "0 to 21"),
        ("NRS-pain", 11, [], "score", "0 to 10"),
        ("NRS-pain", 6.5, [], "score", "whole number"),
        ("PHQ-9", 8, [1] * 8, "items", "9 items"),
        ("GAD-7", 9, [1] * 9, "items", "7 items"),
        ("PHQ-9", 10, [1] * 9, "score", "add up to 9"),
        ("PHQ-9", 12, [4, 1, 1, 1, 1, 1, 1, 1, 1], "items[0]", "0 to 3"),
        ("NRS-pain", 3, [3], "items", "no items"),
        ("BDI-II", 3, [], "instrument", "custom:NAME"),
    ],
)
def test_a_score_outside_its_instrument_is_refused_at_the_field_at_fault(
    instrument: str, score: float, items: list[int], field: str, word: str
) -> None:
    problems = check_measurement(make_measurement(instrument, score=score, items=items), "measurements[3].")
    assert f"measurements[3].{field}" in fields(problems)
    assert any(word in p.rule for p in problems if p.field == f"measurements[3].{field}")


def test_a_custom_measure_is_checked_against_its_definition_and_only_if_it_has_one() -> None:
    definition = make_definition("migraine days per month", min=0, max=31)
    within = make_measurement("custom:migraine days per month", score=14.5)
    outside = make_measurement("custom:migraine days per month", score=32)
    undefined = make_measurement("custom:sleep hours", score=400.25)
    assert check_measurement(within, "", [definition]) == []
    assert check_measurement(undefined, "", [definition]) == []
    problems = check_measurement(outside, "", [definition])
    assert fields(problems) == ["score"]
    assert "0 to 31" in problems[0].rule


def test_a_measurement_needs_at_least_the_month_it_was_taken() -> None:
    assert check_measurement(make_measurement(taken="2021-03")) == []
    problems = check_measurement(make_measurement(taken="2021"))
    assert fields(problems) == ["taken"]
    assert "month" in problems[0].rule


@pytest.mark.parametrize(("low", "high"), [(10, 10), (10, 0)])
def test_a_custom_measure_whose_minimum_is_not_below_its_maximum_is_refused(low: float, high: float) -> None:
    problems = check_measure_definition(make_definition(min=low, max=high))
    assert fields(problems) == ["max"]
    assert "greater than min" in problems[0].rule


def test_a_custom_measure_with_an_open_range_is_fine() -> None:
    assert check_measure_definition(make_definition(min=None, max=10)) == []
    assert check_measure_definition(make_definition(min=-5, max=None)) == []


# -- calls, cases, documents, whole people ------------------------------------------------


def test_a_follow_up_is_judged_against_the_calls_own_day_in_its_own_time_zone() -> None:
    late_evening = make_call("2023-01-23T23:30:00-06:00", follow_up="2023-01-23")  # already the 24th in UTC
    assert check_call(late_evening) == []
    problems = check_call(make_call("2023-01-23T10:05:00-06:00", follow_up="2023-01-22"), "calls[0].")
    assert fields(problems) == ["calls[0].follow_up"]
    assert "before the call's day" in problems[0].rule


def test_a_call_about_a_case_must_name_a_case_of_that_person() -> None:
    call = make_call(case="x1")
    assert check_call(call, "", case_keys={"x1"}) == []
    assert fields(check_call(call, "", case_keys={"x2"})) == ["case"]


def test_a_whole_record_is_checked_and_every_problem_is_listed_with_its_path() -> None:
    person = make_person(
        "Dana Rivera",
        representative=make_representative(name=""),
        coverages=[make_coverage(key="c1", state="Ill")],
        prescribers=[make_prescriber(key="pr1", npi="1234567890")],
        trials=[make_trial(key="t1", coverage="c1", prescriber="pr1"), make_trial(key="t2", coverage="c9")],
        measure_definitions=[make_definition("pain"), make_definition("pain")],
        measurements=[make_measurement("custom:pain", score=3)],
        cases=[make_case(key="x1", coverage="c1", prescriber="pr9")],
        calls=[make_call(case="x1"), make_call(case="x2")],
        documents=[make_document(key="d1", trial="t1", case="x1"), make_document(key="d2", trial="t7")],
    )
    problems = check_person(person, "people[0].")
    assert fields(problems) == [
        "people[0].representative.name",
        "people[0].coverages[0].state",
        "people[0].prescribers[0].npi",
        "people[0].trials[1].coverage",
        "people[0].measure_definitions[1].name",
        "people[0].cases[0].prescriber",
        "people[0].calls[1].case",
        "people[0].documents[1].trial",
    ]


def test_a_good_record_has_no_problems() -> None:
    person = make_person(
        coverages=[make_coverage(key="c1")],
        prescribers=[make_prescriber(key="pr1")],
        trials=[make_trial(key="t1", coverage="c1", prescriber="pr1", side_effects=[make_side_effect()])],
        cases=[make_case(key="x1", coverage="c1", prescriber="pr1")],
        calls=[make_call(case="x1", follow_up="2023-01-26")],
        documents=[make_document(case="x1", trial="t1")],
    )
    assert check_person(person) == []


def test_a_validation_error_carries_field_rule_and_value_and_lists_every_problem() -> None:
    single = ValidationError("trials[0].end", "before start 2021-03-01", "2021-02")
    assert (single.field, single.rule, single.value) == ("trials[0].end", "before start 2021-03-01", "2021-02")
    assert str(single) == "trials[0].end: before start 2021-03-01"

    with pytest.raises(ValidationError) as caught:
        raise_if([Problem("name", "required", ""), Problem("trials[1].drug", "required"), Problem("", "bad file")])
    error = caught.value
    assert error.field == "name"
    assert len(error.problems) == 3
    assert str(error).splitlines() == ["name: required", "trials[1].drug: required", "bad file"]


def test_a_file_with_very_many_problems_shows_a_count_of_the_rest() -> None:
    error = ValidationError.of(Problem(f"measurements[{i}].score", "must be 0 to 10") for i in range(MAX_REPORTED + 7))
    lines = str(error).splitlines()
    assert len(lines) == MAX_REPORTED + 1
    assert lines[-1] == "... and 7 more problems"


def test_no_problems_is_not_an_error() -> None:
    raise_if([])
    with pytest.raises(ValueError):
        ValidationError.of([])
