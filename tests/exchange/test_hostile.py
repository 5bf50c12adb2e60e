"""Hostile files: each is refused plainly, naming its place and the rule, and leaves the database empty.

A caregiver may be sent a file by anyone. Whatever it holds (a million nested brackets, a number of
thousands of digits, NaN, a NUL or a right-to-left override in a name, an archive with two records,
notes of megabytes), TrialLog answers with exit status 2 and a message, never a crash, a hang or a
half-imported record. The limits are the ones the README states.
"""

from __future__ import annotations

import dataclasses
import io
import json
import math
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.command_line import Triallog
from tests.factories import (
    make_call,
    make_case,
    make_claim,
    make_coverage,
    make_definition,
    make_document,
    make_event,
    make_measurement,
    make_person,
    make_prescriber,
    make_representative,
    make_side_effect,
    make_trial,
)
from tests.folders import FreshFolder
from triallog.domain import records as r
from triallog.domain import rules
from triallog.domain.errors import Problem, ValidationError
from triallog.exchange import archive, reader
from triallog.exchange.reader import decode
from triallog.exchange.writer import dumps, exchange_document
from triallog.services import transfer
from triallog.services.people import list_people
from triallog.services.transfer import export_path, export_people, import_path
from triallog.services.workspace import open_workspace

NAN = "__NaN__"  # put where a value goes, then spelled as the bare JSON-ish literal a hostile file holds


def record(dana_json: Path, **edits: Any) -> dict[str, Any]:
    """Dana's example record with `calls__0__duration_minutes=...` set on her (people[0])."""
    doc = json.loads(dana_json.read_text(encoding="utf-8"))
    for path, value in edits.items():
        steps = [int(s) if s.isdigit() else s for s in path.split("__")]
        place = doc["people"][0]
        for step in steps[:-1]:
            place = place[step]
        place[steps[-1]] = value
    return doc


def as_bytes(doc: dict[str, Any], literal: str = "") -> bytes:
    """The document as JSON text; the `NAN` placeholder becomes `literal` (NaN, 1e999, a long number)."""
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    return text.replace(json.dumps(NAN), literal).encode("utf-8")


#: the `refused` fixture: `refused(data, name="hostile.json")` imports `data`, and returns what was said
Refusal = Callable[..., str]


@pytest.fixture
def refused(tmp_path: Path, fresh_folder: FreshFolder, triallog: Triallog) -> Refusal:
    """Import `data` from the command line: exit status 2, nobody in the database; returns what it said."""

    def refuse(data: bytes, name: str = "hostile.json") -> str:
        file = tmp_path / name
        file.write_bytes(data)
        folder = fresh_folder(tmp_path / "data")
        done = triallog("import", str(file), data_dir=folder)
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr
        db = open_workspace(folder)
        try:
            assert list_people(db) == []
        finally:
            db.close()
        return done.stderr

    return refuse


# -- the file as a whole ------------------------------------------------------------------------------


def test_a_million_open_brackets_are_refused_as_nested_too_deeply(refused: Refusal) -> None:
    err = refused(b"[" * 1_000_000)
    assert "file: is nested deeper than 64 levels" in err


def test_nesting_is_counted_outside_strings_and_64_levels_still_read() -> None:
    assert decode(b"[" * 64 + b"]" * 64) is not None
    with pytest.raises(ValidationError, match="nested deeper than 64"):
        decode(b"[" * 65 + b"]" * 65)
    brackets = json.dumps(["[" * 1000 + '\\"{' * 100])
    assert decode(brackets.encode()) == json.loads(brackets)


def test_more_than_a_million_arrays_are_refused_before_they_fill_the_memory() -> None:
    with pytest.raises(ValidationError, match="more than 1,000,000 arrays"):
        decode(b"[" + b"[]," * 1_000_001 + b"[]]")


def test_a_file_over_the_size_limit_is_refused_by_its_size_before_it_is_read(
    dana_json: Path, monkeypatch: pytest.MonkeyPatch, refused: Refusal
) -> None:
    assert reader.MAX_RECORD_BYTES == 50_000_000
    monkeypatch.setattr(transfer, "MAX_RECORD_BYTES", 1_000)
    real_read_bytes = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        assert self.name != "big.json", "the file was read before its size was checked"
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    data = dana_json.read_bytes()
    err = refused(data, name="big.json")
    assert f"file: big.json is {len(data):,} bytes: TrialLog reads at most 1,000 bytes" in err


def test_a_record_in_an_archive_larger_than_the_limit_is_refused_by_its_declared_size(
    dana_json: Path, monkeypatch: pytest.MonkeyPatch, refused: Refusal
) -> None:
    monkeypatch.setattr(archive, "MAX_RECORD_BYTES", 1_000)
    err = refused(zipped([("record.json", dana_json.read_bytes())]), name="big.triallog")
    assert "archive: record.json: is " in err and "TrialLog reads at most 1,000 bytes" in err


def zipped(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Duplicate name", UserWarning)
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, blob in entries:
                zf.writestr(name, blob)
    return buffer.getvalue()


def test_an_archive_holding_record_json_twice_is_refused(dana_json: Path, refused: Refusal) -> None:
    harmless = as_bytes(record(dana_json))
    other = as_bytes(record(dana_json, name="Someone Else"))
    err = refused(zipped([("record.json", harmless), ("record.json", other)]), name="two.triallog")
    assert "archive: record.json: the archive holds record.json twice" in err


# -- numbers ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("literal", "rule"),
    [
        (str(10**29), "is a number of 30 digits: a number here has at most 20 digits"),
        ("9" * 5_000, "is a number of 5,000 digits: a number here has at most 20 digits"),
        ("-" + "9" * 5_000, "is a number of 5,000 digits"),
        ("10001", "must be at most 10,000 minutes"),
        ("1e29", "must be a whole number such as 30 (not 1e+29)"),
        ("NaN", "must be a whole number such as 30 (not NaN)"),
    ],
)
def test_a_call_of_absurd_length_is_refused_at_its_place(
    literal: str, rule: str, dana_json: Path, refused: Refusal
) -> None:
    data = as_bytes(record(dana_json, calls__0__duration_minutes=NAN), literal)
    err = refused(data)
    assert f"people[0].calls[0].duration_minutes: {rule}" in err


def test_a_nan_score_is_refused_at_its_place(dana_json: Path, refused: Refusal) -> None:
    err = refused(as_bytes(record(dana_json, measurements__0__score=NAN), "NaN"))
    assert "people[0].measurements[0].score: must be a finite number, not NaN" in err


@pytest.mark.parametrize(("literal", "shown"), [("1e999", "Infinity"), ("-Infinity", "-Infinity")])
def test_an_infinite_score_on_a_measure_without_bounds_is_refused(
    literal: str, shown: str, dana_json: Path, refused: Refusal
) -> None:
    doc = record(dana_json, measure_definitions__0__min=None, measure_definitions__0__max=None)
    doc["people"][0]["measurements"][0]["score"] = NAN
    err = refused(as_bytes(doc, literal))
    assert f"people[0].measurements[0].score: must be a finite number, not {shown}" in err


def test_an_unbounded_measure_whose_range_is_infinite_is_refused(dana_json: Path, refused: Refusal) -> None:
    err = refused(as_bytes(record(dana_json, measure_definitions__0__max=NAN), "1e999"))
    assert "people[0].measure_definitions[0].max: must be a finite number, not Infinity" in err


def test_the_writer_refuses_nan_and_infinity_naming_their_place() -> None:
    person = make_person(measurements=[make_measurement(score=6), make_measurement("custom:steps", score=math.inf)])
    with pytest.raises(ValidationError) as caught:
        dumps(exchange_document([person], make_call().when))
    assert caught.value.field == "people[0].measurements[1].score"
    assert "Infinity, which an exchange file cannot hold" in caught.value.rule


def test_an_export_never_holds_nan_or_infinity_and_reads_back_the_same(
    tmp_path: Path, dana_json: Path, fresh_folder: FreshFolder
) -> None:
    first = open_workspace(fresh_folder(tmp_path / "first"))
    second = open_workspace(fresh_folder(tmp_path / "second"))
    try:
        import_path(first, dana_json)
        export_path(first, tmp_path / "out.json")
        text = (tmp_path / "out.json").read_text(encoding="utf-8")
        assert "NaN" not in text and "Infinity" not in text
        json.loads(text, parse_constant=lambda word: pytest.fail(f"{word} in an export"))
        import_path(second, tmp_path / "out.json")
        assert export_people(second) == export_people(first)
    finally:
        first.close()
        second.close()


# -- text ---------------------------------------------------------------------------------------------


def test_a_nul_in_a_name_is_refused(dana_json: Path, refused: Refusal) -> None:
    err = refused(as_bytes(record(dana_json, name="Dana\u0000Rivera")))
    assert "people[0].name: holds a line break or control character (U+0000 at character 5)" in err


def test_a_nul_in_notes_is_refused_but_line_breaks_and_tabs_are_kept(dana_json: Path, refused: Refusal) -> None:
    err = refused(as_bytes(record(dana_json, trials__0__notes="ok\r\n\tthen\u0000")))
    assert "people[0].trials[0].notes: holds a control character (U+0000 at character 10)" in err
    assert rules.long_text("ok\r\n\tthen", "notes") == []


def test_a_right_to_left_override_in_a_name_is_refused(dana_json: Path, refused: Refusal) -> None:
    # "Dana Rivera" with U+202E would show as "Dana " followed by "areviR": another name on a letter
    err = refused(as_bytes(record(dana_json, prescribers__0__name="Dr \u202eRivera")))
    assert "people[0].prescribers[0].name: holds a direction control (U+202E at character 4)" in err


def test_notes_of_more_than_20000_characters_are_refused(dana_json: Path, refused: Refusal) -> None:
    err = refused(as_bytes(record(dana_json, notes="x" * 20_001)))
    assert "people[0].notes: longer than 20,000 characters (it has 20,001)" in err


def test_a_name_of_more_than_200_characters_is_refused(dana_json: Path, refused: Refusal) -> None:
    err = refused(as_bytes(record(dana_json, coverages__1__carrier="C" * 201)))
    assert "people[0].coverages[1].carrier: longer than 200 characters (it has 201)" in err


# -- the rules themselves, as the window's forms use them ----------------------------------------------


@pytest.mark.parametrize(
    ("check", "value", "word"),
    [
        (rules.name_text, "N" * 200, None),
        (rules.name_text, "N" * 201, "longer than 200"),
        (rules.name_text, "Dana\nRivera", "line break"),
        (rules.name_text, "Dana\tRivera", "line break"),
        (rules.name_text, "Dana\u2028Rivera", "line break"),
        (rules.name_text, "Dana\u2067Rivera", "direction control"),
        (rules.name_text, "Dana\ud800", "half of a character"),
        (rules.name_text, "Ĳsbrand Ångström 李", None),
        (rules.short_text, "s" * 500, None),
        (rules.short_text, "s" * 501, "longer than 500"),
        (rules.short_text, "5 mg\u202e", None),
        (rules.long_text, "n" * 20_000, None),
        (rules.long_text, "n" * 20_001, "longer than 20,000"),
        (rules.long_text, "line\nline\r\n\ttab", None),
        (rules.long_text, "bell\u0007", "control character"),
        (rules.long_text, "del\u007f", "control character"),
        (rules.long_text, "c1\u0085", "control character"),
    ],
)
def test_the_text_rules(check: Callable[[object, str], list[Problem]], value: str, word: str | None) -> None:
    problems = check(value, "f")
    if word is None:
        assert problems == []
    else:
        assert [p.field for p in problems] == ["f"] and word in problems[0].rule


@pytest.mark.parametrize(
    ("value", "word"),
    [(0, None), (-2.5, None), (10**15, None), (10**15 + 1, "between"), (math.nan, "not NaN"), (-math.inf, "-Inf")],
)
def test_finite_number(value: float, word: str | None) -> None:
    problems = rules.finite_number(value, "score")
    assert (problems == []) if word is None else (word in problems[0].rule)


@pytest.mark.parametrize(("value", "word"), [(None, None), (0, None), (10_000, None), (10_001, "at most"), (-1, "neg")])
def test_whole_number_in(value: int | None, word: str | None) -> None:
    problems = rules.whole_number_in(value, "duration_minutes", 0, 10_000, "minutes")
    assert (problems == []) if word is None else (word in problems[0].rule)


def test_days_supply_is_a_positive_number_of_days_below_the_limit() -> None:
    assert rules.check_case(make_case(days_supply=90)) == []
    assert [p.rule for p in rules.check_case(make_case(days_supply=0))] == ["must be a positive number of days"]
    assert [p.rule for p in rules.check_case(make_case(days_supply=10**19))] == ["must be at most 10,000 days"]


CASE = make_case(required_drugs=["topiramate"])
#: each record with the rule the window and import both apply to it
CHECKS: list[tuple[Any, Callable[[Any], list[Problem]]]] = [
    (make_person(), rules.check_profile),
    (make_representative(), lambda rep: rules.check_profile(make_person(representative=rep))),
    (make_coverage(), rules.check_coverage),
    (make_prescriber(), rules.check_prescriber),
    (make_side_effect(), rules.check_side_effect),
    (make_trial(), rules.check_trial),
    (make_measurement(), rules.check_measurement),
    (make_definition(), rules.check_measure_definition),
    (make_event("2023-01-20"), rules.check_event),
    (make_claim("prior_failure", "topiramate"), lambda claim: rules.check_claim(claim, CASE)),
    (CASE, rules.check_case),
    (make_call(), rules.check_call),
    (make_document(), rules.check_document),
]
TEXT_FIELDS = [
    (record_, check, f.name)
    for record_, check in CHECKS
    for f in dataclasses.fields(record_)
    # keys are ids, not text; a time zone is a name check_zone looks up among the known zones
    if f.type in ("str", "list[str]") and f.name not in ("key", "trials", "time_zone")
]


def test_every_text_field_of_every_record_is_covered() -> None:
    kinds = {type(record_) for record_, _, _ in TEXT_FIELDS}
    assert kinds == {c for c in vars(r).values() if dataclasses.is_dataclass(c) and c.__module__ == r.__name__}
    assert len(TEXT_FIELDS) > 60


@pytest.mark.parametrize(
    ("record_", "check", "name"), TEXT_FIELDS, ids=[f"{type(x).__name__}.{n}" for x, _, n in TEXT_FIELDS]
)
def test_a_nul_is_refused_in_every_text_field(record_: Any, check: Callable[[Any], list[Problem]], name: str) -> None:
    value: Any = ["topiramate\u0000"] if name in ("required_drugs", "requested_documents") else "ab\u0000"
    if name == "instrument":
        value = "custom:ab\u0000"
    hostile = dataclasses.replace(record_, **{name: value})
    prefix = "representative." if isinstance(record_, r.Representative) else ""
    fields = [p.field for p in check(hostile) if "U+0000" in p.rule]
    assert fields and fields[0].startswith(prefix + name), check(hostile)


def test_an_unterminated_string_of_escaped_quotes_is_read_once_and_refused_as_json() -> None:
    """Brackets inside a string never count, even in a string that never ends; such a file is bad JSON.
    (Before, each escaped quote restarted the scan: 40,000 of them took 18 s, 50 MB would never end.)"""
    data = b"[" * 60 + b'"' + b'\\"[' * 200_000

    with pytest.raises(ValidationError) as caught:
        decode(data)

    assert caught.value.field == "file"
    assert "is not valid JSON: Unterminated string" in caught.value.rule
