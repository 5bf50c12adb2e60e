"""A caregiver prints the call log (all calls, one case's, or a few weeks') as a PDF and as CSV."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import LETTER

from tests.factories import exchange_bytes, make_call, make_case, make_person
from tests.reports.laid_out import column_widths
from triallog.domain import records as r
from triallog.domain.enums import Direction, Party
from triallog.domain.errors import ValidationError
from triallog.reports.base import MARGIN
from triallog.reports.call_log import CSV_COLUMNS, CallLogPdf, call_log_csv, calls_table, safe_cell
from triallog.services.call_log import make_call_log, output_format, parse_day, select_calls
from triallog.services.calls import save_call
from triallog.services.packets import find_case
from triallog.services.people import find_person, load_person
from triallog.services.transfer import import_bytes, import_path

TODAY = date(2024, 2, 14)
LEO = "Léo Park-Nguyễn"
LONG_REFERENCE = "IDOI-2023-EXT-REVIEW-0000451-ABCDEFGHIJK"  # 40 characters
TRICKY_SUMMARY = (
    'Rep said: "file the external review, then call back", and, "keep the fax confirmation".\n'
    "Second line: the reviewer, Dr. O'Neil, wants dates of every trial. " * 3
).strip()
FORMULA_SUMMARY = '=HYPERLINK("http://example.invalid","click")'


def pdf_text(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """Text without spaces and line breaks, for a value a table cell had to wrap."""
    return re.sub(r"\s+", "", text)


def rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


@pytest.fixture
def dana_key(db, dana_json: Path) -> str:  # type: ignore[no-untyped-def]
    import_path(db, dana_json)
    return find_person(db, "Dana Rivera").key


def leo_record(calls: int = 24) -> r.Person:
    """A person whose name is not Latin-1, two cases, and a long log with one hard call in it."""
    person = make_person(LEO)
    person.cases = [
        make_case("rimegepant (Nurtec ODT)", key="x1", denial_reference="CG-2023-0045871"),
        make_case("erenumab (Aimovig)", key="x2", denial_reference=""),
    ]
    start = make_call("2023-01-03T09:00:00-06:00").when
    documents = ["prescriber statement", "chart notes for the topiramate trial"]
    for i in range(calls):
        person.calls.append(
            make_call(
                start + timedelta(days=2 * i, minutes=7 * i),
                case="x1" if i % 3 else "x2",
                organization=("Cigna", "Express Scripts", "Lakeshore Neurology")[i % 3],
                party=(Party.CARRIER, Party.PBM, Party.PRESCRIBER)[i % 3],
                direction=Direction.INCOMING if i % 5 == 0 else Direction.OUTGOING,
                phone="800-555-0100",
                representative=("Marcus (ID 4471)", "Dee", "Alicia, medical assistant")[i % 3],
                reference_number=f"CALL-{77800 + i}" if i % 3 != 2 else "",
                duration_minutes=5 + i,
                summary="Asked for the step therapy exception process by name; rep read the rule back.",
                requested_documents=documents if i % 4 == 0 else [],
            )
        )
    person.calls.append(
        make_call(
            "2023-03-30T16:45:00-05:00",  # daylight saving time by then
            case="x1",
            party=Party.REGULATOR,
            organization="Illinois Department of Insurance, consumer services",
            phone="+1 217-782-4515",
            representative="Nguyễn Thị Hạnh",
            reference_number=LONG_REFERENCE,
            duration_minutes=41,
            summary=TRICKY_SUMMARY,
            requested_documents=["denial letter", "exception request, as faxed on 2023-01-25"],
            follow_up="2023-04-06",
        )
    )
    person.calls.append(make_call("2023-03-31T08:00:00-05:00", organization="Walgreens", summary=FORMULA_SUMMARY))
    return person


@pytest.fixture
def leo_key(db) -> str:  # type: ignore[no-untyped-def]
    import_bytes(db, exchange_bytes(leo_record()))
    return find_person(db, LEO).key


# -- the PDF -------------------------------------------------------------------------------------


def test_dana_prints_all_her_calls_with_every_reference_number(db, dana_key: str) -> None:  # type: ignore[no-untyped-def]
    pdf = make_call_log(db, dana_key, "pdf", TODAY)

    pages = pdf_text(pdf)
    text = "\n".join(pages)
    assert len(pages) == 1
    for fact in ("Dana Rivera", "Prepared 2024-02-14", "Page 1 of 1", "Call log", "All calls", "3 calls"):
        assert fact in text
    # bold and whole: the column is as wide as the longest number
    assert "CALL-77812" in text and "CALL-78340" in text
    assert "Jan 23, 2023" in text and "10:05" in text  # the local wall time, as recorded
    for fact in ("Marcus (ID 4471)", "To Cigna (carrier)", "800-555-0100", "• prescriber statement"):
        assert flat(fact) in flat(text)  # cells wrap at spaces
    assert flat("• chart notes for the topiramate trial") in flat(text)
    assert text.count("CG-2023-0045871") == 3  # the case column names the case by its denial reference
    for follow_up in ("Jan 26, 2023", "Jan 25, 2023", "Jan 30, 2023"):  # the follow-up column
        assert follow_up in text
    # oldest first: the log reads as a story
    assert text.index("CALL-77812") < text.index("Lakeshore") < text.index("CALL-78340")


def test_one_case_from_the_drug_name_leaves_out_a_call_about_nothing_in_particular(db, dana_key: str) -> None:  # type: ignore[no-untyped-def]
    save_call(db, dana_key, make_call("2023-01-25T11:00:00-06:00", organization="Walgreens", reference_number="RX-1"))
    case = find_case(load_person(db, dana_key), "aimovig")

    text = "\n".join(pdf_text(make_call_log(db, dana_key, "pdf", TODAY, case_key=case.key)))
    everything = "\n".join(pdf_text(make_call_log(db, dana_key, "pdf", TODAY)))

    assert "Calls about the erenumab (Aimovig) case (CG-2023-0045871)" in text
    assert "3 calls" in text and "RX-1" not in text and "Walgreens" not in text
    assert "4 calls" in everything and "RX-1" in everything


def test_a_date_range_is_named_and_counts_each_day_whole(db, dana_key: str) -> None:  # type: ignore[no-untyped-def]
    pdf = make_call_log(db, dana_key, "pdf", TODAY, since=date(2023, 1, 24), until=date(2023, 1, 27))

    text = "\n".join(pdf_text(pdf))
    assert "All calls from 2023-01-24 to 2023-01-27" in text
    assert "2 calls" in text and "CALL-78340" in text and "CALL-77812" not in text


def test_no_matching_call_prints_a_sentence_not_an_empty_table(db, dana_key: str) -> None:  # type: ignore[no-untyped-def]
    text = "\n".join(pdf_text(make_call_log(db, dana_key, "pdf", TODAY, since=date(2024, 1, 1))))

    assert "No call is recorded for Dana Rivera from 2024-01-01 on." in text
    assert "Reference number" not in text


def test_a_long_log_keeps_names_whole_and_repeats_the_header_on_every_page(db, leo_key: str) -> None:  # type: ignore[no-untyped-def]
    pdf = make_call_log(db, leo_key, "pdf", TODAY)

    pages = pdf_text(pdf)
    total = len(pages)
    assert total >= 2
    for number, page in enumerate(pages, start=1):
        assert LEO in page  # the header's name, accents and all
        assert f"Page {number} of {total}" in page
        header = "Date and time Call to or from Reference number Summary Documents asked for Follow up by Case"
        assert flat(header) in flat(page)
    text = "\n".join(pages)
    assert "Nguyễn Thị Hạnh" in text
    for i in range(24):
        if i % 3 != 2:
            assert f"CALL-{77800 + i}" in text
    # a 40-character number cannot fit a column on a page; it wraps but loses nothing
    assert LONG_REFERENCE in flat(text)
    assert flat("Dr. O'Neil, wants dates of every trial") in flat(text)
    assert flat('"file the external review, then call back"') in flat(text)


def test_the_case_column_is_left_out_for_the_packet_and_the_table_fits_its_width() -> None:
    person = leo_record(calls=3)
    width = LETTER[0] - 2 * MARGIN

    for show_case, columns in ((True, 7), (False, 6)):
        table = calls_table(person.calls, person, width, show_case=show_case)
        assert len(column_widths(table)) == columns
        assert sum(column_widths(table)) == pytest.approx(width)


def test_the_pdf_renderer_counts_its_pages() -> None:
    person = leo_record()
    renderer = CallLogPdf(person, person.calls, TODAY, case=person.cases[0], paper="a4")
    text = "\n".join(pdf_text(renderer.render()))

    assert renderer.pages >= 2
    assert f"Page 1 of {renderer.pages}" in text
    assert "Calls about the rimegepant (Nurtec ODT) case (CG-2023-0045871)" in text


# -- the CSV -------------------------------------------------------------------------------------


def test_the_csv_reads_back_field_for_field(db, leo_key: str) -> None:  # type: ignore[no-untyped-def]
    data = make_call_log(db, leo_key, "csv", TODAY)

    assert not data.startswith(b"\xef\xbb\xbf")  # UTF-8 without a byte-order mark
    table = rows(data)
    assert tuple(table[0]) == CSV_COLUMNS
    assert len(table) == 26
    assert [row["date"] for row in table] == sorted(row["date"] for row in table)  # oldest first
    first = table[0]
    assert first["date"] == "2023-01-03" and first["time"] == "09:00" and first["utc_offset"] == "-06:00"
    assert first["direction"] == "incoming" and first["party"] == "carrier"
    assert first["requested_documents"] == "prescriber statement; chart notes for the topiramate trial"
    assert first["reference_number"] == "CALL-77800" and first["duration_minutes"] == "5"
    assert first["case"] == "erenumab (Aimovig)"  # no denial reference: the drug
    hard = next(row for row in table if row["reference_number"] == LONG_REFERENCE)
    assert hard == {
        "date": "2023-03-30",
        "time": "16:45",
        "utc_offset": "-05:00",
        "direction": "outgoing",
        "party": "regulator",
        "organization": "Illinois Department of Insurance, consumer services",
        "phone": "'+1 217-782-4515",  # "+" would start a formula
        "representative": "Nguyễn Thị Hạnh",
        "reference_number": LONG_REFERENCE,
        "duration_minutes": "41",
        "summary": TRICKY_SUMMARY,  # commas, quotes and the line break survive
        "requested_documents": "denial letter; exception request, as faxed on 2023-01-25",
        "follow_up": "2023-04-06",
        "case": "CG-2023-0045871",
    }


def test_a_summary_that_looks_like_a_formula_is_kept_as_text(db, leo_key: str) -> None:  # type: ignore[no-untyped-def]
    table = rows(make_call_log(db, leo_key, "csv", TODAY))

    last = table[-1]
    assert last["summary"] == "'" + FORMULA_SUMMARY
    assert last["case"] == "" and last["follow_up"] == ""


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_defused(start: str) -> None:
    person = make_person(LEO)
    person.calls = [make_call(summary=f"{start}1+1", representative=f"{start}cmd", reference_number="-42")]

    (row,) = rows(call_log_csv(person.calls, person))

    assert row["summary"] == f"'{start}1+1"
    assert row["representative"] == f"'{start}cmd"
    assert row["reference_number"] == "'-42"
    assert safe_cell("Cigna") == "Cigna" and safe_cell("") == ""


def test_an_empty_log_is_a_header_row_alone(db, dana_key: str) -> None:  # type: ignore[no-untyped-def]
    data = make_call_log(db, dana_key, "csv", TODAY, until=date(2022, 12, 31))

    assert data.decode("utf-8").splitlines() == [",".join(CSV_COLUMNS)]


# -- choosing the calls --------------------------------------------------------------------------


def test_a_call_counts_on_its_local_day_not_its_utc_day() -> None:
    person = make_person()
    late = make_call("2023-01-23T23:30:00-06:00")  # already Jan 24 in UTC
    person.calls = [late, make_call("2023-01-24T08:00:00-06:00")]

    assert select_calls(person, since=date(2023, 1, 23), until=date(2023, 1, 23)) == [late]
    assert len(select_calls(person, since=date(2023, 1, 23))) == 2


def test_a_range_that_ends_before_it_starts_is_refused(db, dana_key: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        make_call_log(db, dana_key, "pdf", TODAY, since=date(2023, 2, 1), until=date(2023, 1, 1))

    assert caught.value.field == "until"
    assert "2023-02-01" in caught.value.rule


@pytest.mark.parametrize(
    ("typed", "rule"),
    [
        ("2023-1-5", "YYYY-MM-DD"),
        ("Jan 5, 2023", "YYYY-MM-DD"),
        ("", "YYYY-MM-DD"),
        ("2023-02-30", "no such day"),
        ("2023-13-01", "no such day"),
    ],
)
def test_bad_days_are_refused_naming_the_option(typed: str, rule: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_day(typed, "--since")

    assert caught.value.field == "--since"
    assert rule in caught.value.rule


def test_good_days_and_file_names_are_read() -> None:
    assert parse_day(" 2023-03-31 ", "--until") == date(2023, 3, 31)
    assert output_format("calls.PDF") == "pdf" and output_format("out/calls.csv") == "csv"
    with pytest.raises(ValidationError) as caught:
        output_format("calls.xlsx")
    assert caught.value.field == "--out"


def test_an_unknown_format_or_case_is_refused(db, dana_key: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        make_call_log(db, dana_key, "xlsx", TODAY)
    assert caught.value.field == "format"
    with pytest.raises(ValidationError) as caught:
        make_call_log(db, dana_key, "pdf", TODAY, case_key="999999")
    assert caught.value.field == "case"
