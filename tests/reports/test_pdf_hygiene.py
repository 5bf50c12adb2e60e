"""A caregiver faxes pages a reviewer can trust: no personal data hidden in the file, numbers whole on
their line, no word cut in two, a redacted copy marked as one, times in the person's own zone."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import LETTER
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from tests.factories import make_call, make_case, make_coverage, make_event, make_person, make_prescriber
from tests.reports.laid_out import cell_rows, column_widths, wrapped_lines
from triallog.domain import records as r
from triallog.reports.base import (
    MARGIN,
    REDACTED_MARK,
    PdfRenderer,
    Whole,
    data_table,
    field_table,
    fitted_widths,
    keep_whole,
    styles,
    text,
)
from triallog.reports.call_log import CallLogPdf
from triallog.reports.visit_summary import VisitSummary
from triallog.services.packets import PacketOptions, find_case, render_packet
from triallog.services.people import find_person, load_person
from triallog.services.transfer import import_path

TODAY = date(2026, 11, 23)
REFERENCE = "CD-24-0305-11827 / 4"  # broke across lines in a reviewer's copy
WIDTH = LETTER[0] - 2 * MARGIN


class Sample(PdfRenderer):
    """The smallest document: whatever flowables a test hands it."""

    title = "Sample"

    def __init__(self, flow: Callable[[PdfRenderer], list[Flowable]], redacted: bool = False) -> None:
        super().__init__("Dana Rivera", TODAY, redacted=redacted)
        self.flow = flow

    def story(self) -> list[Flowable]:
        return self.flow(self)


def pages_of(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def lines_of(pdf: bytes) -> list[str]:
    """Every extracted line, its spaces (no-break ones too) folded to one."""
    return [" ".join(line.split()) for page in pages_of(pdf) for line in page.splitlines()]


def flat(value: str) -> str:
    return re.sub(r"\s+", "", value)


def overflow(table: Table) -> float:
    """How far the widest line of any cell reaches past its cell's text width (0 when every line fits)."""
    worst = 0.0
    widths = column_widths(table)
    for row in cell_rows(table):
        for column, cell in enumerate(row):
            if isinstance(cell, Paragraph):
                cell.wrap(widths[column] - 6, 10_000)
                for line in wrapped_lines(cell):
                    extra = line[0] if isinstance(line, tuple) else line.extraSpace
                    worst = max(worst, -extra)
    return worst


@pytest.fixture
def dana(db, dana_json):  # type: ignore[no-untyped-def]
    import_path(db, dana_json)
    return load_person(db, find_person(db, "Dana Rivera").key)


# -- metadata ------------------------------------------------------------------------------------


def personal_facts(person: r.Person) -> list[str]:
    facts = [*person.name.split(), person.address, person.phone]
    if person.date_of_birth is not None:
        facts += [person.date_of_birth.iso(), str(person.date_of_birth.year)]
    for coverage in person.coverages:
        facts += [coverage.member_id, coverage.group_number, coverage.carrier]
    for case in person.cases:
        facts += [case.denial_reference, *case.requested_drug.replace("(", " ").replace(")", " ").split()]
    for prescriber in person.prescribers:
        facts += [*prescriber.name.replace(",", " ").split(), prescriber.npi]
    return [f for f in facts if f and len(f) > 2]


def assert_no_personal_metadata(pdf: bytes, person: r.Person) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    info = {key: str(value) for key, value in (reader.metadata or {}).items()}
    assert info["/Author"] == "TrialLog" and info["/Creator"] == "TrialLog"
    assert reader.xmp_metadata is None
    written = " ".join(info.values()).casefold()
    for fact in personal_facts(person):
        assert fact.casefold() not in written, (fact, info)


def test_the_packet_s_metadata_carry_no_personal_data(dana: r.Person) -> None:
    case = find_case(dana, "CG-2023-0045871")

    pdf, _ = render_packet(dana, case.key, PacketOptions(), TODAY)

    assert "Dana Rivera" in pages_of(pdf)[0]  # on the page, where the person put it
    assert_no_personal_metadata(pdf, dana)


def test_the_visit_summary_and_the_call_log_metadata_name_the_document_not_the_person(dana: r.Person) -> None:
    summary = VisitSummary(dana, TODAY).render()
    calls = CallLogPdf(dana, dana.calls, TODAY, case=dana.cases[0]).render()

    for pdf, title in ((summary, "Visit summary"), (calls, "Call log")):
        assert_no_personal_metadata(pdf, dana)
        metadata = PdfReader(io.BytesIO(pdf)).metadata
        assert metadata is not None and metadata.title == title


# -- the redaction mark ------------------------------------------------------------------------------


def long_story(renderer: PdfRenderer) -> list[Flowable]:
    """Three upright pages, then a landscape one."""
    s = styles()
    words = [text(f"Paragraph {i}: " + "the plan asked for the chart notes again. " * 8, s.body) for i in range(40)]
    return [*words, *renderer.turn_wide(), text("A wide table would go here.", s.body)]


def test_a_redacted_copy_says_so_on_every_page_upright_or_wide() -> None:
    pdf = Sample(long_story, redacted=True).render()

    pages = pages_of(pdf)
    assert len(pages) >= 4
    for page in pages:
        assert REDACTED_MARK in page and "Prepared 2026-11-23" in page
    assert PdfReader(io.BytesIO(pdf)).pages[-1].mediabox.width > PdfReader(io.BytesIO(pdf)).pages[0].mediabox.width


def test_a_copy_that_is_not_redacted_does_not_say_so() -> None:
    assert not any(REDACTED_MARK in page for page in pages_of(Sample(long_story).render()))


# -- numbers whole, words whole ----------------------------------------------------------------------


def narrow_table(reference: str | Whole, whole: set[int] | None = None) -> Callable[[PdfRenderer], list[Flowable]]:
    """Five columns; the reference column's share is far narrower than the number."""
    rows = [["Jan 23, 2023", "Cigna (carrier)", reference, "Asked for the step therapy exception process.", ""]]
    header = ["Date", "Party", "Ref.", "Summary", "Notes"]
    return lambda renderer: [data_table(header, rows, (1, 1, 0.4, 4, 2), renderer.width, whole=whole or set())]


def line_with(pdf: bytes, start: str) -> str:
    (line,) = [line for line in lines_of(pdf) if start in line]
    return line


def test_a_reference_number_marked_whole_stays_on_one_line_in_a_narrow_column() -> None:
    by_column = Sample(narrow_table(REFERENCE, whole={2})).render()
    by_value = Sample(narrow_table(Whole(REFERENCE))).render()
    unmarked = Sample(narrow_table(REFERENCE)).render()

    for pdf in (by_column, by_value):
        assert REFERENCE in line_with(pdf, "CD-24-0305-11827")
        assert flat(REFERENCE) in flat(" ".join(pages_of(pdf)))  # found by a search for the number
    # the same cell, not marked, wraps at its spaces: the mark is what keeps it whole
    assert REFERENCE not in line_with(unmarked, "CD-24-0305-11827")


def test_keep_whole_joins_with_no_break_spaces_and_keeps_ascii_hyphens() -> None:
    assert keep_whole("  CD-24-0305-11827 /\n4 ") == "CD-24-0305-11827\u00a0/\u00a04"
    assert keep_whole("CG-2023-0045871") == "CG-2023-0045871"
    assert "\u2011" not in keep_whole("312-555-0148")


def test_a_field_table_keeps_the_values_it_is_told_to_whole() -> None:
    pairs: list[tuple[str, str | None]] = [("Denial reference", REFERENCE), ("Fax", "+1 312 555 0149")]
    pdf = Sample(lambda rd: [field_table(pairs, 150, label_width=0.62, whole={"Denial reference", "Fax"})]).render()

    assert REFERENCE in line_with(pdf, "CD-24-0305-11827")
    assert "+1 312 555 0149" in line_with(pdf, "+1 312")


def test_the_call_log_keeps_reference_and_phone_numbers_whole(dana: r.Person) -> None:
    dana.calls.append(
        make_call(
            "2023-02-03T11:00:00-06:00",
            organization="Illinois Department of Insurance",
            phone="+1 217 782 4515",
            reference_number=REFERENCE,
            summary="External review opened; the reviewer wants the denial letter and the prescriber statement.",
        )
    )

    pdf = CallLogPdf(dana, dana.calls, TODAY).render()

    assert REFERENCE in line_with(pdf, "CD-24-0305-11827")
    assert "+1 217 782 4515" in line_with(pdf, "+1 217")


@pytest.mark.parametrize("word", ["bronchospasm.", "2560.503-1(f)(2)(iii)(A)", "Contraindicated"])
def test_a_long_word_in_a_narrow_column_is_not_cut(word: str) -> None:
    rows = [["propranolol", f"Not started: {word} was the reason", "Aug 3, 2020"]]

    def flow(renderer: PdfRenderer) -> list[Flowable]:
        return [data_table(["Drug", "Why", "Day"], rows, (3, 0.2, 1), 300)]

    lines = lines_of(Sample(flow).render())
    assert any(word in line for line in lines), lines
    for line in lines:  # no line ends inside the word
        assert not any(line.endswith(word[:cut]) for cut in range(2, len(word))), line


def test_columns_widen_to_their_longest_word_from_the_widest_columns() -> None:
    widths = fitted_widths(needs=[45, 20, 20, 20], preferred=[20, 100, 40, 40], width=200)

    assert widths == pytest.approx([45, 75, 40, 40])  # raised to its word; the widest gives the room


def test_an_outsized_word_does_not_take_more_than_half_of_another_column() -> None:
    # 80 would leave the second column 40 of its 100
    assert fitted_widths(needs=[80, 20, 20, 20], preferred=[20, 100, 40, 40], width=200) == pytest.approx(
        [20, 100, 40, 40]
    )
    assert fitted_widths(needs=[70, 20, 20, 20], preferred=[20, 100, 40, 40], width=200) == pytest.approx(
        [70, 50, 40, 40]
    )


def test_words_that_cannot_all_fit_are_cut_but_never_drawn_outside_the_table() -> None:
    monster = "X" * 120
    rows = [[monster, "Supercalifragilistic " * 3, "Contraindicated", "https://example.invalid/" + "a" * 60]]

    table = data_table(["One", "Two", "Three", "Four"], rows, (1, 1, 1, 1), 200)

    assert sum(column_widths(table)) == pytest.approx(200)
    assert min(column_widths(table)) > 20
    assert overflow(table) < 1
    pdf = Sample(lambda rd: [Spacer(1, 10), table]).render()
    assert flat(monster) in flat(" ".join(pages_of(pdf)))  # cut, but nothing lost


def test_a_word_longer_than_a_quarter_of_the_page_is_cut_rather_than_starve_the_summary() -> None:
    reference = "IDOI-2023-EXT-REVIEW-0000451-ABCDEFGHIJK"
    summary = "Rep said the external review takes up to forty-five days; call back with the case number. " * 2
    rows = [["Jan 23, 2023", "Illinois Department of Insurance", reference, summary, "denial letter", "Apr 6, 2023"]]

    table = data_table(["Date", "Party", "Reference", "Summary", "Documents", "Follow up"], rows, (1,) * 6, WIDTH)

    assert column_widths(table)[3] >= WIDTH / 6 / 2  # the summary keeps at least half its share
    assert overflow(table) < 1


# -- the plan's name -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("carrier", "plan", "title"),
    [
        ("Cigna", "Open Access Plus", "Cigna Open Access Plus"),
        ("Cigna", "Cigna Open Access Plus", "Cigna Open Access Plus"),
        ("Cigna", "CIGNA Open Access Plus", "CIGNA Open Access Plus"),
        ("Aetna", "Aetna", "Aetna"),
        ("Aetna", "Aetnacare Choice", "Aetna Aetnacare Choice"),  # another word, not the carrier's name
        ("Blue Shield", "", "Blue Shield"),
        ("", "Medi-Cal", "Medi-Cal"),
    ],
)
def test_the_carrier_s_name_is_not_repeated_in_the_plan_s(carrier: str, plan: str, title: str) -> None:
    assert r.Coverage(carrier=carrier, plan_name=plan).title == title


def test_the_visit_summary_names_a_plan_that_carries_its_carrier_s_name_once() -> None:
    person = make_person(coverages=[make_coverage("Cigna", plan_name="Cigna Open Access Plus", start="2023-01-01")])

    words = " ".join(" ".join(page.split()) for page in pages_of(VisitSummary(person, TODAY).render()))

    assert "Cigna Open Access Plus" in words and "Cigna Cigna" not in words


# -- times in the person's zone --------------------------------------------------------------------


def test_call_times_print_in_the_person_s_zone_with_its_abbreviation_never_utc() -> None:
    person = make_person(time_zone="America/Denver")
    person.calls = [make_call("2023-01-23T16:05:00+00:00", reference_number="CALL-1")]  # recorded in UTC

    words = " ".join(lines_of(CallLogPdf(person, person.calls, TODAY).render()))

    assert "9:05 AM MST" in words
    assert "UTC" not in words and "+00:00" not in words


def test_a_due_time_in_the_visit_summary_prints_in_the_person_s_zone() -> None:
    person = make_person(
        time_zone="America/Chicago",
        coverages=[make_coverage("Humana", plan_type="medicare_part_d", start="2024-01-01")],
        prescribers=[make_prescriber()],
        cases=[make_case("rimegepant", coverage="c1", events=[make_event("2025-03-03T14:15:00+00:00", "submitted")])],
    )

    words = " ".join(lines_of(VisitSummary(person, date(2025, 3, 4)).render()))

    assert "Mar 6, 2025, 8:15 AM CST" in words
    assert "UTC" not in words
