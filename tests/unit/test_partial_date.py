"""A date remembered only as "March 2021" stays March 2021: parsing, showing, sorting, comparing."""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triallog.domain.dates import (
    PartialDate,
    Precision,
    format_datetime,
    is_before,
    parse_datetime,
    parse_typed_day,
)
from triallog.domain.errors import ValidationError


@st.composite
def partial_dates(draw: st.DrawFn, min_year: int = 1, max_year: int = 9999) -> PartialDate:
    """Every valid partial date: a year, a month of a year, or a real day of a month."""
    year = draw(st.integers(min_year, max_year))
    precision = draw(st.sampled_from(list(Precision)))
    if precision is Precision.YEAR:
        return PartialDate(year)
    month = draw(st.integers(1, 12))
    if precision is Precision.MONTH:
        return PartialDate(year, month)
    return PartialDate(year, month, draw(st.integers(1, calendar.monthrange(year, month)[1])))


# -- reading and showing ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("2021", PartialDate(2021), Precision.YEAR),
        ("2021-03", PartialDate(2021, 3), Precision.MONTH),
        ("2021-03-05", PartialDate(2021, 3, 5), Precision.DAY),
        ("Mar 2021", PartialDate(2021, 3), Precision.MONTH),
        ("March 2021", PartialDate(2021, 3), Precision.MONTH),
        ("Mar 5, 2021", PartialDate(2021, 3, 5), Precision.DAY),
        ("march 5 2021", PartialDate(2021, 3, 5), Precision.DAY),
        ("  2021-03  ", PartialDate(2021, 3), Precision.MONTH),
    ],
)
def test_a_patient_can_type_a_date_as_precisely_as_they_remember_it(
    text: str, expected: PartialDate, precision: Precision
) -> None:
    parsed = PartialDate.parse(text)
    assert parsed == expected
    assert parsed.precision is precision


@pytest.mark.parametrize(
    ("value", "iso", "human"),
    [
        (PartialDate(2021), "2021", "2021"),
        (PartialDate(2021, 3), "2021-03", "Mar 2021"),
        (PartialDate(2021, 3, 5), "2021-03-05", "Mar 5, 2021"),
        (PartialDate(1999, 12, 31), "1999-12-31", "Dec 31, 1999"),
    ],
)
def test_a_date_is_shown_at_the_precision_it_was_given_and_never_invents_a_day(
    value: PartialDate, iso: str, human: str
) -> None:
    assert value.iso() == iso
    assert str(value) == iso
    assert value.human() == human


@pytest.mark.parametrize(
    "text", ["2023-02-30", "2021-13", "2021-00", "2021-04-31", "2022-02-29", "0000", "Feb 30, 2023"]
)
def test_an_impossible_date_is_refused_naming_the_field(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        PartialDate.parse(text, field="trials[0].start")
    assert caught.value.field == "trials[0].start"
    assert "no such date" in caught.value.rule
    assert caught.value.value == text


@pytest.mark.parametrize("text", ["", "yesterday", "2021/03/05", "03-2021", "Smarch 2021", "21", None, 2021])
def test_text_that_is_not_a_date_is_refused_with_an_example_of_a_date(text: object) -> None:
    with pytest.raises(ValidationError) as caught:
        PartialDate.parse(text, field="taken")  # type: ignore[arg-type]
    assert caught.value.field == "taken"
    assert "such as 2021" in caught.value.rule


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3/5/2021", PartialDate(2021, 3, 5)),  # month first, as in the US: March 5, not May 3
        ("03/05/2021", PartialDate(2021, 3, 5)),
        ("12/31/1999", PartialDate(1999, 12, 31)),
        (" 2/29/2024 ", PartialDate(2024, 2, 29)),
        ("03/2021", PartialDate(2021, 3)),  # a month stays a month: no day is invented
        ("3/2021", PartialDate(2021, 3)),
    ],
)
def test_a_us_caregiver_types_dates_month_first(text: str, expected: PartialDate) -> None:
    parsed = PartialDate.parse(text)
    assert parsed == expected
    assert parsed.precision is expected.precision


@pytest.mark.parametrize("text", ["25/3/2021", "13/2021", "2/30/2021", "0/2021", "2/29/2023"])
def test_a_us_form_that_is_no_date_says_so_and_which_order_it_read(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        PartialDate.parse(text, field="start")
    assert caught.value.field == "start"
    assert caught.value.rule == f"no such date: {text} (read as month/day/year)"


@pytest.mark.parametrize("text", ["3/5/21", "03/21"])
def test_a_two_digit_year_is_refused_rather_than_guessed(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        PartialDate.parse(text, field="start")
    assert caught.value.rule == "needs the year in full, such as 3/5/2021 or 03/2021"


def test_the_error_for_text_that_is_no_date_lists_every_form_a_field_reads() -> None:
    with pytest.raises(ValidationError) as caught:
        PartialDate.parse("last spring", field="start")
    assert caught.value.rule == (
        "must be a date such as 2021, 03/2021, Mar 2021, 3/5/2021 (month/day/year) or 2021-03-05"
    )
    for example in ["2021", "03/2021", "Mar 2021", "3/5/2021", "2021-03-05"]:
        PartialDate.parse(example)  # every example given is one the field reads


@pytest.mark.parametrize("text", ["3/5/2021", "03/2021", "Mar 2021", "March 5, 2021"])
def test_files_and_the_database_hold_iso_dates_only(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        PartialDate.parse_iso(text, field="trials[0].start")
    assert caught.value.rule == "must be a date such as 2021, 2021-03 or 2021-03-05"


def test_a_field_that_needs_a_day_reads_each_form_of_a_day_and_refuses_a_month() -> None:
    for text in ["3/5/2021", "Mar 5, 2021", "2021-03-05"]:
        assert parse_typed_day(text) == date(2021, 3, 5)
    with pytest.raises(ValidationError) as caught:
        parse_typed_day("03/2021", field="prepared")
    assert (caught.value.field, caught.value.rule) == (
        "prepared",
        "needs a whole day, such as 3/5/2021 (month/day/year)",
    )


@given(partial_dates(min_year=1000))
def test_every_partial_date_reads_back_from_its_us_form(value: PartialDate) -> None:
    if value.precision is Precision.YEAR:
        return
    us = f"{value.month}/{value.day}/{value.year}" if value.day else f"{value.month:02d}/{value.year}"
    assert PartialDate.parse(us) == value


def test_the_first_and_last_day_of_a_partial_date_span_what_it_could_mean() -> None:
    assert PartialDate(2024).first_day == date(2024, 1, 1)
    assert PartialDate(2024).last_day == date(2024, 12, 31)
    assert PartialDate(2024, 2).first_day == date(2024, 2, 1)
    assert PartialDate(2024, 2).last_day == date(2024, 2, 29)
    assert PartialDate(2023, 2).last_day == date(2023, 2, 28)
    assert PartialDate(2024, 2, 10).first_day == PartialDate(2024, 2, 10).last_day == date(2024, 2, 10)


# -- sorting and comparing -----------------------------------------------------------


def test_a_list_of_trials_sorts_each_partial_date_as_its_first_day() -> None:
    starts = [PartialDate.parse(t) for t in ["2021-03-05", "2020", "2021-02", "2020-07-15", "2021", "2020-07"]]
    assert [d.iso() for d in sorted(starts)] == ["2020", "2020-07", "2020-07-15", "2021", "2021-02", "2021-03-05"]


def test_a_month_sorts_before_the_first_day_of_that_month_and_after_the_day_before() -> None:
    assert PartialDate(2020, 6, 30) < PartialDate(2020, 7) < PartialDate(2020, 7, 1)
    assert PartialDate(2020) <= PartialDate(2020, 1) <= PartialDate(2020, 1, 1)
    assert PartialDate(2020, 7, 2) > PartialDate(2020, 7) >= PartialDate(2020, 7)


@pytest.mark.parametrize(
    ("start", "end", "before"),
    [
        ("2020-07-15", "2020-07", False),  # the month the trial started in: fine
        ("2020-07-15", "2020-06", True),
        ("2020-07-15", "2020", False),
        ("2020-07-15", "2019", True),
        ("2020-07", "2020-07-01", False),
        ("2020-07", "2020-06-30", True),
        ("2020-07-15", "2020-07-14", True),
        ("2020-07-15", "2020-07-15", False),
    ],
)
def test_an_end_is_judged_against_its_start_at_the_coarser_precision(start: str, end: str, before: bool) -> None:
    assert is_before(PartialDate.parse(end), PartialDate.parse(start)) is before


def test_a_time_keeps_the_offset_it_was_lived_in() -> None:
    chicago = parse_datetime("2024-02-12T10:30:00-06:00")
    assert format_datetime(chicago) == "2024-02-12T10:30:00-06:00"
    assert format_datetime(parse_datetime("2024-02-12T10:30-06:00")) == "2024-02-12T10:30:00-06:00"
    assert parse_datetime("2024-02-12T16:30:00Z") == chicago


def test_a_time_without_an_offset_is_refused_naming_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_datetime("2024-02-12T10:30:00", field="calls[0].when")
    assert caught.value.field == "calls[0].when"
    assert "offset" in caught.value.rule


# -- properties ------------------------------------------------------------------------


@given(partial_dates())
def test_every_partial_date_reads_back_from_its_iso_form(value: PartialDate) -> None:
    assert PartialDate.parse(value.iso()) == value
    assert PartialDate.parse(value.iso()).precision is value.precision


@given(partial_dates())
def test_every_partial_date_reads_back_from_the_form_people_see(value: PartialDate) -> None:
    assert PartialDate.parse(value.human()) == value


@given(st.lists(partial_dates(), max_size=30))
def test_sorting_partial_dates_is_sorting_by_first_day_then_precision(values: list[PartialDate]) -> None:
    assert sorted(values) == sorted(values, key=lambda d: (d.first_day, d.precision))


@given(st.lists(partial_dates(), max_size=30))
def test_sorting_the_stored_iso_text_agrees_with_sorting_the_dates(values: list[PartialDate]) -> None:
    """SQLite orders the stored text; the window orders the values; a user must see one order."""
    by_text = sorted(v.iso() for v in values)
    by_value = [v.iso() for v in sorted(values, key=PartialDate.sort_key)]
    assert by_text == by_value


@given(partial_dates(), partial_dates())
def test_is_before_never_holds_both_ways_and_never_for_a_date_against_itself(a: PartialDate, b: PartialDate) -> None:
    assert not is_before(a, a)
    assert not (is_before(a, b) and is_before(b, a))
    if a.last_day < b.first_day:
        assert is_before(a, b)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2021-03-01", "2021-03-01", "1 day"),
        ("2021-03-01", "2021-03-14", "2 weeks"),
        ("2021-03-01", "2021-04-15", "6 weeks"),
        ("2021-03-01", "2021-09-01", "6 months"),
        ("2020-01-05", "2023-04-20", "3 years 3 months"),
        ("2021-03", "2021-03", "about 1 month"),
        ("2021-03", "2021-05", "about 2 months"),
        ("2021-03-10", "2021-05", "about 2 months"),  # the coarser date sets the precision
        ("2019", "2019", "under a year"),
        ("2019", "2021", "about 2 years"),
        ("2023-01-10", None, "3 years 10 months so far"),
        ("2022", None, "about 4 years so far"),
        ("2021-05", "2021-03", ""),  # an impossible span says nothing rather than something wrong
    ],
)
def test_a_span_is_as_long_as_its_dates_honestly_allow(start: str, end: str | None, expected: str) -> None:
    from triallog.domain.dates import span_length

    finish = PartialDate.parse_iso(end) if end else None
    assert span_length(PartialDate.parse_iso(start), finish, date(2026, 11, 23)) == expected
