"""A person brings a visit summary to their prescriber: medicines, open cases, questions, scores and history."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.factories import (
    make_case,
    make_coverage,
    make_event,
    make_measurement,
    make_person,
    make_prescriber,
    make_side_effect,
    make_trial,
)
from triallog.domain import records as r
from triallog.domain.enums import Outcome
from triallog.reports.visit_summary import VisitSummary
from triallog.services.people import list_people
from triallog.services.transfer import import_path
from triallog.services.visit_summary import make_visit_summary
from triallog.storage.db import Database

TODAY = date(2024, 6, 1)
ITEM9 = "Item 9 (thoughts of self-harm) was answered above 0"


def pages_text(pdf: bytes) -> list[str]:
    """Each page's text with its whitespace (line breaks included) folded to single spaces."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages]


def summary_of(person: r.Person, today: date = TODAY, paper: str = "letter") -> tuple[bytes, str, int]:
    renderer = VisitSummary(person, today, paper=paper)
    pdf = renderer.render()
    return pdf, " ".join(pages_text(pdf)), renderer.pages


def nurtec_record(name: str = "Léo Park-Nguyễn") -> r.Person:
    return make_person(
        name,
        date_of_birth="1979-11-23",
        coverages=[make_coverage("Cigna", key="c1", plan_name="Open Access Plus", start="2023-01-01")],
        prescribers=[make_prescriber()],
        trials=[
            make_trial("topiramate", "2019", Outcome.INEFFECTIVE, key="t1", end="2020-03", prescriber="pr1"),
            make_trial("propranolol", "2023-03", Outcome.INEFFECTIVE, key="t2", end="2024-02-10", coverage="c1"),
            make_trial(
                "erenumab",
                "2024-02-15",
                Outcome.ONGOING,
                key="t3",
                brand="Aimovig",
                strength="70 mg/mL",
                dose="70 mg once monthly",
                prescriber="pr1",
                side_effects=[make_side_effect("constipation", severity="mild")],
            ),
        ],
        cases=[
            make_case(
                "rimegepant (Nurtec ODT)",
                coverage="c1",
                status="denied",
                denial_date="2024-05-02",
                denial_reference="CG-2024-1177",
                events=[make_event("2024-04-20", "submitted"), make_event("2024-05-02", "denied")],
            ),
            make_case("galcanezumab (Emgality)", key="x2", coverage="c1", status="approved"),
        ],
        measurements=[
            make_measurement("PHQ-9", "2024-01-20", 14, items=[2, 2, 2, 2, 2, 1, 1, 1, 1]),
            make_measurement("PHQ-9", "2024-05-20", 9, items=[1, 1, 1, 1, 1, 1, 1, 2, 0]),
        ],
    )


def test_dana_rivera_s_summary_has_her_plan_medicine_case_deadline_and_history(db: Database, dana_json: Path) -> None:
    import_path(db, dana_json)
    (dana,) = list_people(db)
    pdf, pages = make_visit_summary(db, dana.key, date(2023, 2, 1))
    texts = pages_text(pdf)
    text = " ".join(texts)
    assert pages == len(texts)
    assert texts[0].startswith("Dana Rivera Prepared 2023-02-01 Visit summary")
    assert f"Page 1 of {pages}" in texts[0]
    assert "Sep 14, 1986" in text and "Cigna Open Access Plus" in text
    assert "erenumab (Aimovig)" in text and "70 mg once monthly" in text and "Priya Nair, MD" in text
    assert "decision due Feb 9, 2023" in text and "CG-2023-0045871" in text
    assert "Can you write the prescriber statement for the erenumab (Aimovig) exception" in text
    assert "(Cigna denied it on Jan 20, 2023)" in text
    assert "Side effects of erenumab (Aimovig): constipation (mild)" in text
    assert "twice daily, oral Feb 2020 Jul 2020 about 5 months" in text, (
        "a month-only date prints as the month, no day made up"
    )
    assert "Adverse reaction" in text and "Ineffective" in text
    assert "migraine days per month" in text
    assert ITEM9 not in text


def test_the_pdf_embeds_its_fonts_and_draws_charts_as_vectors() -> None:
    pdf, _, _ = summary_of(nurtec_record())
    assert b"/FontFile2" in pdf
    assert b"/Helvetica" not in pdf
    assert b"/Subtype /Image" not in pdf
    if shutil.which("pdffonts"):
        listing = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        rows = listing.splitlines()[2:]
        assert rows and all(row.split()[-5] == "yes" for row in rows), listing


@pytest.mark.parametrize("name", ["Léo Park-Nguyễn", "Ωμέγα Κυριλλόβα"])
def test_a_name_in_any_script_comes_out_intact(name: str) -> None:
    pdf, text, pages = summary_of(nurtec_record(name), paper="a4")
    assert pages_text(pdf)[0].startswith(name)
    assert text.count(name) >= pages + 1  # every page's header and the identity block


def test_open_cases_give_their_due_items_and_questions_and_closed_cases_do_not() -> None:
    _, text, _ = summary_of(nurtec_record())
    assert "rimegepant (Nurtec ODT): step therapy request, denied" in text
    assert "appeal deadline" in text
    assert "galcanezumab" not in text
    assert (
        "Can you write the prescriber statement for the rimegepant (Nurtec ODT) exception "
        "(Cigna denied it on May 2, 2024)?" in text
    )
    assert "propranolol ended Feb 10, 2024 (ineffective): is a same-class alternative worth trying?" in text
    assert "topiramate ended" not in text  # years ago: not a question for this visit


def test_current_medicines_recent_scores_and_partial_dates() -> None:
    _, text, _ = summary_of(nurtec_record())
    assert "erenumab (Aimovig) 70 mg/mL, 70 mg once monthly Feb 15, 2024" in text
    assert "PHQ-9 (depression)" in text and "latest 9 (mild) on May 20, 2024" in text
    assert "topiramate 2019 Mar 2020" in text
    assert "14 (Jan 20, 2024)" in text  # erenumab's PHQ-9 baseline


def test_the_item9_notice_follows_the_latest_phq9_only() -> None:
    person = nurtec_record()
    person.measurements.append(make_measurement("PHQ-9", "2024-05-28", 12, items=[1, 2, 1, 2, 1, 2, 1, 1, 1]))
    _, text, _ = summary_of(person)
    assert f"{ITEM9} on May 28, 2024: please ask about it." in text and "988" in text
    person.measurements.append(make_measurement("PHQ-9", "2024-05-30", 7, items=[1, 1, 1, 1, 1, 1, 1, 0, 0]))
    _, text, _ = summary_of(person)
    assert ITEM9 not in text


def test_an_empty_record_still_prints_with_guidance_in_every_part() -> None:
    _, text, pages = summary_of(make_person("Ωμέγα Κυριλλόβα"))
    assert pages == 1 and "Page 1 of 1" in text
    assert "No medication is recorded as still taking." in text
    assert "No insurance case is open." in text
    assert "No symptom scores are recorded yet." in text
    assert "No medication trials are recorded yet." in text
    assert "Which symptom scores (PHQ-9, GAD-7, pain 0–10) should I record before the next visit?" in text
