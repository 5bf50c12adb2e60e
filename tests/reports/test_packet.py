"""A caregiver prints the evidence packet for a case: every fact a reviewer needs is on the pages."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader

from tests.factories import (
    make_call,
    make_case,
    make_claim,
    make_coverage,
    make_document,
    make_event,
    make_measurement,
    make_person,
    make_prescriber,
    make_representative,
    make_side_effect,
    make_trial,
)
from triallog.domain.dates import PartialDate
from triallog.domain.enums import Outcome
from triallog.domain.errors import ValidationError
from triallog.domain.packet_sections import SECTION_NAMES
from triallog.services.packets import PacketOptions, find_case, parse_sections, render_packet
from triallog.services.people import find_person, load_person
from triallog.services.transfer import import_path

TODAY = date(2026, 11, 23)


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def flat(text: str) -> str:
    """Text without line breaks and spaces, for facts a table cell may wrap."""
    return re.sub(r"\s+", "", text)


def font_names(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object()["/BaseFont"]))
    return names


@pytest.fixture
def dana(db, dana_json):  # type: ignore[no-untyped-def]
    import_path(db, dana_json)
    return load_person(db, find_person(db, "Dana Rivera").key)


def test_the_example_packet_carries_every_fact_of_the_cover_and_the_proof(dana) -> None:  # type: ignore[no-untyped-def]
    case = find_case(dana, "CG-2023-0045871")

    pdf, pages = render_packet(dana, case.key, PacketOptions(), TODAY)
    words = pdf_text(pdf)
    squeezed = flat(words)

    first = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert f"Page 1 of {pages}" in first and "Prepared 2026-11-23" in first and "Dana Rivera" in first
    assert "Request for an internal appeal" in first  # the case was denied: the paper is its appeal
    for fact in (
        "Sep 14, 1986", "1840 W Addison St", "773-555-0164",  # the person
        "Cigna Open Access Plus", "U7731904512", "3341870", "017010", "CIHEALTH", "CIG3341",  # the plan
        "erenumab (Aimovig)", "70 mg/mL", "70 mg once monthly", "1 autoinjector", "30",  # the request
        "Continuation: taking it since Feb 1, 2021", "chronic migraine without aura", "G43.709",
        "topiramate, propranolol", "Jan 20, 2023", "CG-2023-0045871", "Standard",
        "Priya Nair, MD", "1234567893", "312-555-0148", "312-555-0149",  # the prescriber
        "Topiramate was already tried and failed", "Propranolol is contraindicated",
        "The patient is stable on the requested drug",
    ):  # fmt: skip
        assert flat(fact) in flat(first), fact
    for fact in (
        "Medication history", "amitriptyline", "Feb 2020", "word-finding difficulty (severe)",  # history
        "Case history", "Exception request faxed", "29 CFR 2560.503-1", "Feb 9, 2023",  # case and due date
        "Letter dated Jan 20, 2023, received Jan 24, 2023.", "(not yet checked)",
        "CALL-77812", "CALL-78340",  # the calls' reference numbers
        "Documents index", "Cigna denial letter",
        "To whom it may concern", "requires topiramate and propranolol to be tried first",  # the letter
        "The plan's stated reason", "Appeals fax", "800-555-0192", "Documents checklist",
        "I sent this request on Jan 25, 2023 and have not yet received a decision",
        "Prescriber statement of medical necessity", "Clinical rationale", "moderate persistent asthma",
    ):  # fmt: skip
        assert flat(fact) in squeezed, fact
    assert all(f"of {pages}" in (page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "The required drug was already tried" not in words  # each claim names its own drug


def test_every_font_is_embedded_and_none_is_a_standard_font(dana) -> None:  # type: ignore[no-untyped-def]
    pdf, _ = render_packet(dana, find_case(dana, "aimovig").key, PacketOptions(), TODAY)

    assert b"/FontFile2" in pdf
    assert font_names(pdf) and all("DejaVuSans" in name for name in font_names(pdf))


def test_names_in_any_script_come_out_as_typed() -> None:
    person = make_person(
        "Léo Park-Nguyễn",
        coverages=[make_coverage("Ωμέγα Ασφαλιστική", plan_type="commercial", state="OH")],
        prescribers=[make_prescriber("Д-р Кириллова")],
        trials=[make_trial("sumatriptan", start="2021-03", end="2021-05", outcome=Outcome.INEFFECTIVE)],
        cases=[
            make_case(
                "rizatriptan",
                coverage="c1",
                prescriber="pr1",
                required_drugs=["sumatriptan"],
                events=[make_event("2024-02-12", "submitted")],
            )
        ],
    )

    pdf, _ = render_packet(person, "x1", PacketOptions(), TODAY)
    words = pdf_text(pdf)

    for name in ("Léo Park-Nguyễn", "Ωμέγα Ασφαλιστική", "Д-р Кириллова", "Mar 2021"):
        assert name in words, name


def test_redaction_keeps_the_last_four_and_the_birth_year_but_every_name_and_reference() -> None:
    person = make_person(
        "Ana Torres",
        date_of_birth="1961-04-02",
        phone="(614) 555-0177",
        representative=make_representative(
            "Marta Torres", phone="614-555-0102", authority="CMS-1696 signed 2024-02-21"
        ),
        coverages=[
            make_coverage(
                "Humana",
                plan_type="medicare_part_d",
                member_id="H12345678",
                group_number="GRP-99812",
                rx_bin="015581",
                rx_pcn="03200000",
                rx_group="HUM4455",
            )
        ],
        cases=[make_case("Nurtec ODT", coverage="c1", denial_reference="HUM-55-001")],
        calls=[make_call(case="x1", reference_number="REF-9931", phone="800-555-0111")],
    )

    pdf, _ = render_packet(person, "x1", PacketOptions(redact=True), TODAY)
    words = flat(pdf_text(pdf))

    for hidden in ("H12345678", "GRP-99812", "015581", "03200000", "HUM4455", "555-0177", "614-555-0102", "Apr2"):
        assert flat(hidden) not in words, hidden
    for kept in ("5678", "9812", "5581", "0000", "4455", "0177", "0102", "1961", "AnaTorres", "MartaTorres"):
        assert kept in words, kept
    assert "HUM-55-001" in words and "REF-9931" in words


def test_a_medicare_representative_letter_names_cms_1696() -> None:
    person = make_person(
        "Ana Torres",
        representative=make_representative("Marta Torres", relationship="daughter", authority=""),
        coverages=[make_coverage("Humana", plan_type="medicare_part_d")],
        cases=[make_case("Nurtec ODT", coverage="c1", denial_reference="HUM-55-001")],
    )

    pdf, _ = render_packet(person, "x1", PacketOptions(sections=("cover", "letter")), TODAY)
    words = pdf_text(pdf)

    assert "authorized representative of Ana Torres" in words
    assert "CMS-1696" in words


def test_a_field_with_no_data_prints_as_a_line_to_fill_in() -> None:
    person = make_person("Sam Blank", cases=[make_case("rimegepant")])

    pdf, _ = render_packet(person, "x1", PacketOptions(sections=("cover",)), TODAY)
    lines = pdf_text(pdf).splitlines()

    for label in ("Member ID", "Date of birth", "NPI", "Diagnosis", "Denial reference"):
        at = lines.index(label)
        assert lines[at + 1].startswith("____"), (label, lines[at + 1])


def test_the_chosen_sections_and_only_those_are_printed(dana) -> None:  # type: ignore[no-untyped-def]
    case = find_case(dana, "CG-2023-0045871")

    pdf, pages = render_packet(dana, case.key, PacketOptions(sections=("letter", "statement")), TODAY)
    words = pdf_text(pdf)

    assert "To whom it may concern" in words and "Prescriber statement" in words
    assert "Medication history" not in words and "Documents index" not in words
    # only what is there: the denial letter is on file without its file, so the letter does not claim it
    assert "Enclosed: the prescriber's statement." in words
    assert pages == 3


def test_an_expedited_request_says_so_on_the_cover_and_in_the_letter() -> None:
    person = make_person(
        "Kim Lee",
        coverages=[make_coverage("Ambetter", plan_type="marketplace")],
        trials=[make_trial("fluoxetine", start="2022-01-10", end="2022-03-01", outcome=Outcome.ADVERSE_REACTION,
                           side_effects=[make_side_effect("hives", severity="severe")])],
        cases=[make_case("vortioxetine", coverage="c1", urgency="expedited", required_drugs=["sertraline"],
                         events=[make_event("2024-05-01T09:00:00-04:00", "submitted")])],
    )  # fmt: skip

    pdf, _ = render_packet(person, "x1", PacketOptions(sections=("cover", "letter")), TODAY)
    words = pdf_text(pdf)

    assert "EXPEDITED" in words and "This request is urgent" in words
    assert "CFR" not in words  # no rule whose current text TrialLog has not read is cited as law
    # nothing is claimed, and a failed SSRI proves nothing of sertraline by default: the letter argues no ground
    assert "fluoxetine" not in words and "The exception should be granted because" not in words


def test_the_packet_argues_each_claim_for_its_own_drug_and_never_a_claim_without_proof() -> None:
    person = make_person(
        "Kim Lee",
        coverages=[make_coverage("Ambetter", plan_type="marketplace")],
        trials=[make_trial("sertraline", key="t1", start="2021-01", end="2021-04", outcome=Outcome.INEFFECTIVE),
                make_trial("bupropion", key="t2", start="2021-05", end="2021-06",
                           outcome=Outcome.ADVERSE_REACTION),
                make_trial("zorbitide", key="t3", start="2019-01", end="2019-03", outcome=Outcome.INEFFECTIVE)],
        cases=[make_case("Trintellix", coverage="c1",
                         required_drugs=["sertraline", "bupropion", "escitalopram", "zorbitide"],
                         claims=[make_claim("prior_failure", "sertraline", ["t1", "t2"]),  # t2 is no proof of it
                                 make_claim("prior_failure", "bupropion", ["t2"]),
                                 make_claim("prior_failure", "zorbitide", ["t3"]),  # a drug TrialLog does not know
                                 make_claim("contraindicated")])],  # as read from a version 1 file
    )  # fmt: skip

    pdf, _ = render_packet(person, "x1", PacketOptions(sections=("cover", "letter")), TODAY)
    text = pdf_text(pdf)
    words = flat(text).casefold()

    assert flat("Sertraline was already tried and failed").casefold() in words
    assert flat("Bupropion was already tried and failed").casefold() in words
    assert flat("Zorbitide was already tried and failed").casefold() in words
    # the letter's sertraline rows hold sertraline's trial alone, and bupropion's its own
    assert flat("bupropion, May 2021 – Jun 2021 (about 1 month), adverse reaction").casefold() in words
    assert words.count(flat("Escitalopram: no claim is made").casefold()) == 1
    assert "escitalopram was" not in words
    assert flat("is contraindicated").casefold() not in words
    # no word meant for the person reaches the plan
    assert "TrialLog" not in text.replace("Prepared", "") and "Left out" not in text and "table" not in text


def test_sections_are_read_from_a_list_and_unknown_ones_refused() -> None:
    assert parse_sections("letter, cover") == ("cover", "letter")
    assert parse_sections(",".join(SECTION_NAMES)) == SECTION_NAMES
    with pytest.raises(ValidationError, match="sections: unknown section coverr"):
        parse_sections("coverr")


def test_a_case_is_found_by_its_reference_or_a_unique_part_of_its_drug(dana) -> None:  # type: ignore[no-untyped-def]
    assert find_case(dana, "cg-2023-0045871").requested_drug == "erenumab (Aimovig)"
    assert find_case(dana, "aimovig").denial_reference == "CG-2023-0045871"
    with pytest.raises(ValidationError, match="no case of Dana Rivera matches 'NO-SUCH'"):
        find_case(dana, "NO-SUCH")


def test_the_letter_expects_the_decision_by_a_checked_rules_due_time_in_the_persons_own_zone() -> None:
    person = make_person(
        "Kim Lee",
        time_zone="America/Los_Angeles",
        coverages=[make_coverage("Blue Shield", plan_type="commercial", state="CA")],
        cases=[make_case("vortioxetine", coverage="c1", events=[make_event("2024-05-01T09:00:00-04:00", "submitted")])],
    )

    pdf, _ = render_packet(person, "x1", PacketOptions(sections=("letter",)), date(2024, 5, 2))

    words = flat(pdf_text(pdf))
    assert flat("I therefore expect the plan's decision by May 4, 2024, 6:00 AM PDT") in words
    assert flat("Under California Insurance Code 10123.191; Health and Safety Code 1367.241, the plan must decide "
                "within 72 hours of receiving it.") in words  # fmt: skip


def test_the_letter_cites_no_rule_whose_current_text_was_not_read() -> None:
    person = make_person(
        "Kim Lee",
        coverages=[make_coverage("Ambetter", plan_type="marketplace")],
        cases=[make_case("vortioxetine", coverage="c1", events=[make_event("2024-05-01T09:00:00-04:00", "submitted")])],
    )

    words = pdf_text(render_packet(person, "x1", PacketOptions(sections=("letter",)), date(2024, 5, 2))[0])

    assert "Please tell me in writing by when the plan will decide this request." in words
    assert "CFR" not in words


def test_chinese_and_japanese_characters_print_in_the_fallback_font_and_only_when_needed(dana) -> None:  # type: ignore[no-untyped-def]
    person = make_person(
        "佐藤 花子 (Hanako Satō)",
        prescribers=[make_prescriber("山田 太郎, MD")],
        trials=[make_trial("metformin", start="2021-03", end="2021-05", reason_stopped="胃の不調 (stomach upset)")],
        cases=[make_case("empagliflozin (Jardiance)", prescriber="pr1", required_drugs=["metformin"])],
    )

    pdf, _ = render_packet(person, "x1", PacketOptions(), TODAY)
    words = pdf_text(pdf)

    for name in ("佐藤 花子 (Hanako Satō)", "山田 太郎, MD", "胃の不調 (stomach upset)"):
        assert name in words, name
    assert any("DroidSansFallback" in name for name in font_names(pdf))
    dana_pdf, _ = render_packet(dana, find_case(dana, "aimovig").key, PacketOptions(sections=("cover",)), TODAY)
    assert not any("DroidSansFallback" in name for name in font_names(dana_pdf))


def psoriasis_record():  # type: ignore[no-untyped-def]
    """A psoriasis request, and a PHQ-9 scored while an antidepressant was taken years before."""
    return make_person(
        "Lee Park",
        time_zone="America/New_York",
        coverages=[make_coverage("Aetna", plan_type="commercial", contact_fax="800-555-0101",
                                 appeals_address="Aetna Appeals\nPO Box 14463\nLexington, KY 40512",
                                 appeals_fax="800-555-0102")],
        trials=[make_trial("adalimumab", key="t1", start="2022-01", end="2022-09", outcome=Outcome.INEFFECTIVE,
                           brand="Humira"),
                make_trial("sertraline", key="t2", start="2019-01", end="2019-09", outcome=Outcome.EFFECTIVE)],
        measurements=[make_measurement("PHQ-9", "2019-02-01", 14), make_measurement("PHQ-9", "2019-05-01", 6),
                      make_measurement("custom:PASI", "2022-01-10", 18),
                      make_measurement("custom:PASI", "2022-08-01", 17)],
        cases=[make_case("ustekinumab (Stelara)", coverage="c1", required_drugs=["Humira"],
                         denial_reference="AET-2024-0042", denial_date="2024-03-01",
                         events=[make_event("2024-03-01", "denied", notice_date="2024-03-01")])],
    )  # fmt: skip


def test_only_measures_that_bear_on_the_case_are_printed_unless_chosen() -> None:
    person = psoriasis_record()

    pdf, _ = render_packet(person, "x1", PacketOptions(sections=("measures",)), TODAY)
    words = pdf_text(pdf)
    assert "PASI" in words and "PHQ-9" not in words  # no mental-health disclosure in a psoriasis request

    chosen, _ = render_packet(person, "x1", PacketOptions(sections=("measures",), instruments=("PHQ-9",)), TODAY)
    assert "PHQ-9" in pdf_text(chosen) and "PASI" not in pdf_text(chosen)


def test_an_appeal_heads_its_letter_and_cover_with_the_plans_appeals_address_and_lists_the_checklist() -> None:
    person = psoriasis_record()
    person.calls.append(make_call("2024-03-04T10:00:00-05:00", key="k1", case="x1", organization="Aetna",
                                  requested_documents=["photos of the plaques"]))  # fmt: skip

    pdf, _ = render_packet(person, "x1", PacketOptions(sections=("cover", "documents", "letter")), TODAY)
    words = pdf_text(pdf)

    assert "Request for an internal appeal" in words
    assert "Appeals address" in words and "Lexington, KY 40512" in words and "800-555-0102" in words
    assert "Documents checklist" in words
    assert flat("Photos of the plaques Missing") in flat(words)
    assert flat("asked for on the call of Mar 4, 2024, 10:00 AM EST with Aetna") in flat(words)
    assert "photos" not in words.split("Enclosed:")[1]  # the letter never says "enclosed" of what is missing


def test_the_prepared_date_sets_the_header_the_age_and_every_duration() -> None:
    person = psoriasis_record()
    person.date_of_birth = PartialDate.parse("1980-03-10")

    pdf, _ = render_packet(person, "x1", PacketOptions(sections=("cover", "letter")), date(2024, 3, 9))
    words = pdf_text(pdf)

    assert "Prepared 2024-03-09" in words and "March 9, 2024" in words
    assert "Mar 10, 1980 (age 43)" in words
    later, _ = render_packet(person, "x1", PacketOptions(sections=("cover",)), date(2024, 3, 10))
    assert "Mar 10, 1980 (age 44)" in pdf_text(later)


def test_a_fax_cover_comes_first_and_states_the_whole_packets_pages() -> None:
    person = psoriasis_record()

    pdf, pages = render_packet(person, "x1", PacketOptions(sections=("fax", "cover", "letter")), TODAY)
    first = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()

    assert "Fax" in first.splitlines()[2]  # the page's own title, after the header's name and date
    assert f"Pages: {pages}, this page included" in first
    assert "Fax number: 800-555-0102" in first  # an appeal goes to the appeals fax
    assert "Reference: AET-2024-0042" in first


def test_the_documents_it_names_as_enclosed_are_in_it_after_its_pages_and_counted_on_the_fax_cover(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PIL import Image
    from reportlab.pdfgen.canvas import Canvas

    letter_file = tmp_path / "denial.pdf"
    canvas = Canvas(str(letter_file))
    canvas.drawString(72, 720, "ORIGINAL DENIAL NOTICE FROM AETNA")
    canvas.showPage()
    canvas.drawString(72, 720, "page two of the notice")
    canvas.save()
    photo = tmp_path / "plaques.png"
    Image.new("RGB", (400, 300), "white").save(photo)
    person = psoriasis_record()
    person.documents = [
        make_document("Aetna denial letter", key="d1", case="x1", date="2024-03-01", file="files/a.pdf"),
        make_document("Photos of the plaques", key="d2", kind="other", file="files/b.png"),
    ]
    person.calls.append(make_call("2024-03-04T10:00:00-05:00", key="k1", case="x1", organization="Aetna",
                                  requested_documents=["photos of the plaques"]))  # fmt: skip
    person.calls[0].answered_by = {0: "d2"}
    options = PacketOptions(sections=("fax", "cover", "documents", "letter"))

    pdf, pages = render_packet(person, "x1", options, TODAY, {"d1": letter_file, "d2": photo})
    reader = PdfReader(io.BytesIO(pdf))

    assert pages == len(reader.pages)
    assert f"Pages: {pages}, this page included" in reader.pages[0].extract_text()
    assert "ORIGINAL DENIAL NOTICE FROM AETNA" in reader.pages[pages - 3].extract_text()  # two pages, then the photo
    words = pdf_text(pdf)
    assert flat("Enclosed: a documents checklist, the plan's denial letter and photos of the plaques.") in flat(words)
    # a redacted copy encloses nothing it could not redact, and says so
    redacted, fewer = render_packet(person, "x1", replace(options, redact=True), TODAY, {"d1": letter_file})
    assert fewer < pages and flat("not put in a redacted copy") in flat(pdf_text(redacted))
