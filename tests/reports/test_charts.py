"""The charts every PDF draws: a timeline of trials and each measure over time, as vectors that survive a fax."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from io import BytesIO

from pypdf import PdfReader
from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.platypus import Flowable, Paragraph

from tests.factories import make_coverage, make_measurement, make_person, make_trial
from triallog.domain.enums import Outcome
from triallog.reports.base import PdfRenderer
from triallog.reports.charts import (
    SMALLEST,
    measure_chart,
    measures_section,
    solid_part,
    timeline_chart,
    timeline_charts,
    timeline_layout,
)

TODAY = date(2025, 1, 2)
WIDTH = 504.0  # letter paper between 0.75 in margins


def strings(drawing: Drawing) -> list[String]:
    found = []
    for shape in drawing.contents:
        if isinstance(shape, String):
            found.append(shape)
        elif isinstance(shape, Group):
            found += strings(shape)  # type: ignore[arg-type]
    return found


def words(drawing: Drawing) -> str:
    return " ".join(s.text for s in strings(drawing))


def ten_years_of_trials(count: int = 60) -> list:
    outcomes = list(Outcome)
    trials = []
    for i in range(count):
        start = date(2015, 1, 1) + timedelta(days=i * 60)
        end = None if i % 9 == 0 else (start + timedelta(days=30 + (i * 37) % 400)).isoformat()
        text_start = start.isoformat() if i % 3 else start.isoformat()[:7]
        outcome = outcomes[i % len(outcomes)]
        if end is None and outcome is Outcome.CONTRAINDICATED:
            outcome = Outcome.ONGOING
        trials.append(make_trial(f"drug number {i}", text_start, outcome, key=f"t{i}", end=end))
    return trials


def render(flowables: list[Flowable], name: str = "Dana Rivera") -> bytes:
    class Sheet(PdfRenderer):
        title = "Chart check"

        def story(self) -> list[Flowable]:
            return flowables

    return Sheet(name, TODAY).render()


def test_a_timeline_names_each_trial_and_the_plans_and_only_the_outcomes_used() -> None:
    person = make_person(
        coverages=[
            make_coverage("Aetna", key="c1", start="2019-01-01", end="2022-12-31"),
            make_coverage("Cigna", key="c2", plan_name="Open Access Plus", start="2023-01-01"),
        ],
        trials=[
            make_trial("topiramate", "2020-02", Outcome.ADVERSE_REACTION, key="t1", end="2020-07"),
            make_trial("erenumab", "2021-02-01", Outcome.EFFECTIVE, key="t2", brand="Aimovig"),
        ],
    )
    drawing = timeline_chart(person, WIDTH, TODAY)
    shown = words(drawing)
    assert "topiramate" in shown and "erenumab (Aimovig)" in shown
    assert "Aetna Open Access PPO" in shown and "Cigna Open Access Plus" in shown
    assert "Adverse reaction" in shown and "Effective" in shown and "Ineffective" not in shown
    assert "Still taking" in shown and "Faded end: month or year only" in shown
    assert {"2020", "2021", "2024"} <= set(shown.split())


def test_a_start_known_only_to_the_month_fades_instead_of_inventing_a_day() -> None:
    person = make_person(trials=[make_trial("topiramate", "2020-02", key="t1", end="2020-07-15")])
    layout = timeline_layout(person, WIDTH, TODAY)
    bar = layout.bars[0]
    solid_from, solid_to = solid_part(bar.trial, bar.x0, bar.x1, layout.axis)
    assert solid_from > bar.x0  # Feb 2020: faded from Feb 1 to the end of February
    assert solid_to == bar.x1  # Jul 15, 2020: a known day, a sharp end


def test_sixty_trials_over_ten_years_sit_on_lanes_without_overlapping_and_split_to_fit_a_page() -> None:
    person = make_person(trials=ten_years_of_trials())
    layout = timeline_layout(person, WIDTH, TODAY)
    for lane in range(layout.lanes):
        spans = sorted((b.lo, b.hi) for b in layout.bars if b.lane == lane)
        assert all(a[1] < b[0] for a, b in itertools.pairwise(spans))
    assert all(b.text for b in layout.bars), "every bar carries its drug's name, inside or beside it"
    whole = timeline_chart(person, WIDTH, TODAY)
    parts = timeline_charts(person, WIDTH, TODAY, max_height=200)
    assert len(parts) > 1 and all(p.height <= 200 for p in parts)
    assert whole.height > 200
    assert min(s.fontSize for s in strings(whole)) >= SMALLEST
    assert sum(words(p).count("drug number") for p in parts) == 60


def test_a_phq9_chart_draws_its_severity_bands_and_the_trials_behind_the_line() -> None:
    person = make_person(
        trials=[make_trial("sertraline", "2024-01-10", Outcome.INEFFECTIVE, key="t1", end="2024-06-30")],
        measurements=[make_measurement("PHQ-9", f"2024-{m:02d}-05", 20 - m) for m in range(1, 10)],
    )
    shown = words(measure_chart(person, "PHQ-9", WIDTH, TODAY))
    for band in ("0–4 minimal", "5–9 mild", "10–14 moderate", "15–19 moderately severe", "20–27 severe"):
        assert band in shown
    assert "sertraline" in shown and "score (lower is better)" in shown
    gad = make_person(measurements=[make_measurement("GAD-7", "2024-03-01", 16)])
    assert "15–21 severe" in words(measure_chart(gad, "GAD-7", WIDTH, TODAY))


def test_the_measures_section_says_so_when_nothing_is_scored() -> None:
    (only,) = measures_section(make_person(), WIDTH, TODAY)
    assert isinstance(only, Paragraph) and "No symptom scores are recorded yet" in only.getPlainText()
    old = make_person(measurements=[make_measurement("NRS-pain", "2020-12-15", 8)])
    (since,) = measures_section(old, WIDTH, TODAY, since=date(2024, 1, 2))
    assert isinstance(since, Paragraph)
    assert "since Jan 2, 2024" in since.getPlainText() and "Dec 15, 2020" in since.getPlainText()


def test_the_measures_section_prints_vector_charts_and_each_trials_measured_response() -> None:
    person = make_person(
        trials=[make_trial("sertraline", "2024-01-10", Outcome.EFFECTIVE, key="t1", end="2024-06-30")],
        measurements=[
            make_measurement("PHQ-9", "2024-01-02", 20),
            make_measurement("PHQ-9", "2024-06-20", 8),
            make_measurement("custom:migraine days per month", "2024-02-01", 12),
        ],
    )
    pdf = render(measures_section(person, WIDTH, TODAY))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages).split())
    assert "PHQ-9 (depression)" in text and "migraine days per month" in text
    assert "20 (Jan 2, 2024)" in text and "Response" in text
    assert b"/FontFile2" in pdf and b"/Helvetica" not in pdf
    assert b"/Subtype /Image" not in pdf  # no pictures: the charts are vector drawings
