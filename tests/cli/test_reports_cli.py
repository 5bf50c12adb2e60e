"""`triallog packet`, `calls` and `summary` write their file whole, or exit 2 and write nothing."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.command_line import Triallog


def pdf_words(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def test_packet_writes_the_case_packet_and_keeps_a_copy(with_dana: Path, tmp_path: Path, triallog: Triallog) -> None:
    out = tmp_path / "packet.pdf"

    done = triallog(
        "packet", "--person", "Dana Rivera", "--case", "CG-2023-0045871", "--out", str(out), data_dir=with_dana
    )

    assert done.returncode == 0, done.stderr
    words = pdf_words(out)
    pages = len(PdfReader(out).pages)
    assert f"Page 1 of {pages}" in words and "CALL-77812" in words and "topiramate" in words
    kept = list((with_dana / "packets").glob("*.pdf"))
    assert [p.read_bytes() for p in kept] == [out.read_bytes()]


def test_packet_date_sets_the_prepared_date_and_measures_choose_what_is_printed(
    with_dana: Path, tmp_path: Path, triallog: Triallog
) -> None:
    out = tmp_path / "dated.pdf"

    done = triallog(
        "packet", "--person", "Dana Rivera", "--case", "CG-2023-0045871", "--out", str(out),
        "--date", "2023-02-01", "--sections", "cover,measures", "--measures", "", data_dir=with_dana,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    words = pdf_words(out)
    assert "Prepared 2023-02-01" in words and "Sep 14, 1986 (age 36)" in words
    assert "No measure bears on this case." in words  # an empty list prints none
    bad = triallog(
        "packet", "--person", "Dana Rivera", "--case", "CG-2023-0045871", "--out", str(tmp_path / "x.pdf"),
        "--date", "2023-02-30", data_dir=with_dana,
    )  # fmt: skip
    assert bad.returncode == 2 and "--date" in bad.stderr and not (tmp_path / "x.pdf").exists()
    unknown = triallog(
        "packet", "--person", "Dana Rivera", "--case", "CG-2023-0045871", "--out", str(tmp_path / "y.pdf"),
        "--measures", "HbA1c", data_dir=with_dana,
    )  # fmt: skip
    assert unknown.returncode == 2 and "--measures: no scores of HbA1c" in unknown.stderr


def test_packet_takes_part_of_the_drug_name_sections_paper_and_redaction(
    with_dana: Path, tmp_path: Path, triallog: Triallog
) -> None:
    out = tmp_path / "cover.pdf"

    done = triallog(
        "packet", "--person", "dana rivera", "--case", "aimovig", "--out", str(out),
        "--sections", "letter,cover", "--paper", "a4", "--redact", data_dir=with_dana,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    reader = PdfReader(out)
    assert len(reader.pages) == 3  # the cover, and the appeal letter with its proof rows
    assert round(float(reader.pages[0].mediabox.width)) == 595  # A4
    words = pdf_words(out)
    assert "U7731904512" not in words and "4512" in words
    assert "Medication history" not in words and "To whom it may concern" in words


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--case", "NO-SUCH-CASE"), "no case of Dana Rivera matches 'NO-SUCH-CASE'"),
        (("--case", "aimovig", "--sections", "cover,apendix"), "--sections: unknown section apendix"),
        (("--case", "aimovig", "--paper", "legal"), "invalid choice: 'legal'"),
    ],
)
def test_packet_refuses_bad_input_with_exit_2_and_writes_nothing(
    with_dana: Path, tmp_path: Path, args: tuple[str, ...], message: str, triallog: Triallog
) -> None:
    out = tmp_path / "x.pdf"

    done = triallog("packet", "--person", "Dana Rivera", *args, "--out", str(out), data_dir=with_dana)

    assert done.returncode == 2
    assert message in done.stderr
    assert not out.exists() and not list(tmp_path.glob(".x.pdf*"))
    assert not (with_dana / "packets").exists() or not list((with_dana / "packets").iterdir())


def test_packet_refuses_an_output_that_is_not_a_pdf_in_an_existing_folder(
    with_dana: Path, tmp_path: Path, triallog: Triallog
) -> None:
    for out, message in (
        (tmp_path / "packet.txt", "--out: must end in .pdf"),
        (tmp_path / "missing" / "packet.pdf", "--out: no such folder"),
    ):
        done = triallog("packet", "--person", "Dana Rivera", "--case", "aimovig", "--out", str(out), data_dir=with_dana)
        assert done.returncode == 2 and message in done.stderr
        assert not out.exists()


def test_calls_writes_a_csv_that_a_spreadsheet_and_python_read_back(
    with_dana: Path, tmp_path: Path, triallog: Triallog
) -> None:
    out = tmp_path / "calls.csv"

    done = triallog("calls", "--person", "Dana Rivera", "--out", str(out), data_dir=with_dana)

    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8"))))
    assert len(rows) == 3
    assert {row["reference_number"] for row in rows} == {"CALL-77812", "", "CALL-78340"}


def test_calls_filters_by_case_and_dates_into_a_pdf(with_dana: Path, tmp_path: Path, triallog: Triallog) -> None:
    out = tmp_path / "calls.pdf"

    done = triallog(
        "calls", "--person", "Dana Rivera", "--out", str(out), "--case", "CG-2023-0045871",
        "--since", "2023-01-01", "--until", "2023-12-31", data_dir=with_dana,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    words = pdf_words(out)
    assert "CALL-77812" in words and "Page 1 of" in words


def test_calls_refuses_a_bad_date_and_writes_nothing(with_dana: Path, tmp_path: Path, triallog: Triallog) -> None:
    out = tmp_path / "calls.csv"

    done = triallog("calls", "--person", "Dana Rivera", "--out", str(out), "--since", "March 2023", data_dir=with_dana)

    assert done.returncode == 2 and "--since" in done.stderr
    assert not out.exists()


def test_summary_writes_the_visit_summary(with_dana: Path, tmp_path: Path, triallog: Triallog) -> None:
    out = tmp_path / "visit.pdf"

    done = triallog("summary", "--person", "Dana Rivera", "--out", str(out), data_dir=with_dana)

    assert done.returncode == 0, done.stderr
    words = pdf_words(out)
    assert "Visit summary" in words and "erenumab" in words and "Page 1 of" in words


def test_summary_for_an_unknown_person_exits_2_and_writes_nothing(
    with_dana: Path, tmp_path: Path, triallog: Triallog
) -> None:
    out = tmp_path / "visit.pdf"

    done = triallog("summary", "--person", "Nobody Here", "--out", str(out), data_dir=with_dana)

    assert done.returncode == 2 and not out.exists()
