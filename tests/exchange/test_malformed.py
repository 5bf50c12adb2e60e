"""A file with a mistake is refused whole: the message names the place and the rule, and nothing changes.

Each bad file is Dana's example record under another name ("Sam Rivera") with one mistake put in.
Dana is imported first; had the mistake slipped through, Sam would have been added beside her, so
"the database still holds exactly Dana" is a real check and not a name clash.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.command_line import Triallog
from tests.folders import FreshFolder
from triallog.domain.errors import ValidationError
from triallog.exchange.writer import exchange_document
from triallog.services.people import list_people
from triallog.services.transfer import export_people, import_bytes, import_path
from triallog.storage.db import Database

DELETE = object()
SAM = "Sam Rivera"
PHQ9 = {"instrument": "PHQ-9", "taken": "2021-03-05", "score": 9, "items": [1] * 9, "notes": ""}
ALEX = {"name": "Alex Kim", "trials": [{"drug": "sumatriptan", "start": "2022-05", "outcome": "effective"}]}


def edit(doc: Any, path: str, value: Any) -> None:
    """Set (or with DELETE, remove) the value at `people[0].trials[1].drug`; an index one past the end appends."""
    steps: list[str | int] = [int(s) if s.isdigit() else s for s in re.findall(r"\w+", path)]
    for step in steps[:-1]:
        doc = doc[step]
    last = steps[-1]
    if value is DELETE:
        del doc[last]
    elif isinstance(last, int) and last == len(doc):
        doc.append(value)
    else:
        doc[last] = value


@dataclass(frozen=True)
class Bad:
    story: str
    place: str
    word: str
    edits: dict[str, Any] = field(default_factory=dict)
    raw: Any = None  # bytes -> bytes, for mistakes below the level of JSON values

    def data(self, base: dict[str, Any]) -> bytes:
        doc = copy.deepcopy(base)
        for path, value in self.edits.items():
            edit(doc, path, value if value is DELETE else copy.deepcopy(value))
        data = json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
        return self.raw(data) if self.raw else data


def at(story: str, place: str, value: Any, word: str, **more: Any) -> Bad:
    """The common case: one value put at the very place the message must name (after any `more`)."""
    edits = {k.replace("__", "."): v for k, v in more.items()}
    edits[place] = value
    return Bad(story, place, word, edits)


P = "people[0]."
BAD = [
    # the file as a whole
    Bad("invalid JSON", "file", "not valid json", raw=lambda b: b[: len(b) // 2]),
    Bad("non-UTF-8 bytes", "file", "not utf-8", raw=lambda b: b.replace(b"Chronic", b"Chr\xf6nic")),
    Bad("JSON that is an array", "file", "json object", raw=lambda b: b"[" + b + b"]"),
    Bad("an empty file", "file", "not valid json", raw=lambda b: b""),
    at("the wrong format", "format", "triallog-export", "triallog-exchange"),
    at("version 3", "version", 3, "not a version"),
    at("version as the string 1", "version", "1", "not a version"),
    at("version 1.0", "version", 1.0, "not a version"),
    at("no exported_at", "exported_at", DELETE, "required"),
    at("exported_at without an offset", "exported_at", "2026-11-01T09:00:00", "offset"),
    at("people that is not an array", "people", {"name": SAM}, "array"),
    at("a person that is not an object", "people[1]", "Alex Kim", "object"),
    # an unknown key is reported at its own path, at every level
    at("an unknown top-level key", "comment", "hi", "unknown key"),
    at("an unknown person key", P + "nickname", "Sammy", "unknown key"),
    at("an unknown coverage key", P + "coverages[1].copay", "$40", "unknown key"),
    at("an unknown prescriber key", P + "prescribers[0].email", "nair@example.org", "unknown key"),
    at("an unknown trial key", P + "trials[1].strenght", "5 mg", "unknown key"),
    at("an unknown side effect key", P + "trials[0].side_effects[1].grade", 2, "unknown key"),
    at("an unknown measurement key", P + "measurements[6].unit", "points", "unknown key"),
    at("an unknown definition key", P + "measure_definitions[0].scale", "days", "unknown key"),
    at("an unknown case key", P + "cases[0].deadline", "2023-01-30", "unknown key"),
    at("an unknown event key", P + "cases[0].events[2].by", "fax", "unknown key"),
    at("an unknown call key", P + "calls[2].duration", 14, "unknown key"),
    at("an unknown document key", P + "documents[0].pages", 2, "unknown key"),
    at(
        "an unknown representative key",
        P + "representative.email",
        "l@example.org",
        "unknown key",
        people__0__representative={"name": "Luis Rivera", "relationship": "brother"},
    ),
    # a missing required key is reported at its own path
    at("a person without a name", P + "name", DELETE, "required"),
    at("a plan without a carrier", P + "coverages[0].carrier", DELETE, "required"),
    at("a trial without a drug", P + "trials[0].drug", DELETE, "required"),
    at("a trial without a start", P + "trials[3].start", DELETE, "required"),
    at("a trial without an outcome", P + "trials[2].outcome", DELETE, "required"),
    at("a measurement without a score", P + "measurements[6].score", DELETE, "required"),
    at("a case without the drug it asks for", P + "cases[0].requested_drug", DELETE, "required"),
    at("a case event without a status", P + "cases[0].events[1].status", DELETE, "required"),
    at("a call without a time", P + "calls[0].when", DELETE, "required"),
    at("a document without a title", P + "documents[0].title", DELETE, "required"),
    # a required string must not be blank
    at("a blank name", P + "name", "   ", "required"),
    at("a blank drug", P + "trials[0].drug", "", "required"),
    at("a blank carrier", P + "coverages[0].carrier", " \n", "required"),
    at(
        "a blank representative name",
        P + "representative.name",
        "",
        "required",
        people__0__representative={"name": "Luis Rivera"},
    ),
    # types
    at("days_supply 30.0", P + "cases[0].days_supply", 30.0, "whole number"),
    at('days_supply "30"', P + "cases[0].days_supply", "30", "whole number"),
    at("a call length with a fraction", P + "calls[0].duration_minutes", 32.5, "whole number"),
    at("items as a string", P + "measurements[6].items", "8", "array"),
    at(
        "an item that is not a number",
        P + "measurements[7].items[2]",
        "1",
        "whole number",
        people__0__measurements__7=PHQ9,
    ),
    at("required_drugs not an array", P + "cases[0].required_drugs", "topiramate", "array"),
    at("a required drug that is not a string", P + "cases[0].required_drugs[1]", 7, "string"),
    at("a score as a string", P + "measurements[6].score", "8", "number"),
    at("a brand that is a number", P + "trials[0].brand", 7, "string"),
    at("higher_is_better as a word", P + "measure_definitions[0].higher_is_better", "no", "true or false"),
    at("trials as an object", P + "trials", {"drug": "x"}, "array"),
    at("a plan that is a string", P + "coverages[0]", "Aetna", "object"),
    at("an id that is a number", P + "trials[0].id", 1, "string"),
    # enums
    at("an unknown outcome", P + "trials[0].outcome", "failed", "must be one of"),
    at("an unknown plan type", P + "coverages[0].plan_type", "ppo", "must be one of"),
    at("an unknown severity", P + "trials[0].side_effects[0].severity", "awful", "must be one of"),
    at("an unknown ground", P + "cases[0].claims[1].ground", "cost", "must be one of"),
    at("a version 1 grounds list in a version 2 file", P + "cases[0].grounds", ["prior_failure"], "unknown key"),
    at("an unknown claim key", P + "cases[0].claims[0].proof", ["t1"], "unknown key"),
    at(
        "an unknown authority kind",
        P + "representative.authority_kind",
        "lawyer",
        "must be one of",
        people__0__representative={"name": "Luis Rivera"},
    ),
    at("an unknown document kind spelt the British way", P + "documents[0].kind", "authorisation", "must be one of"),
    at("an unknown urgency", P + "cases[0].urgency", "urgent", "must be one of"),
    at("a capitalised status", P + "cases[0].status", "Pending", "must be one of"),
    at("an unknown event status", P + "cases[0].events[0].status", "rejected", "must be one of"),
    at("an unknown party", P + "calls[0].party", "insurer", "must be one of"),
    at("an unknown direction", P + "calls[0].direction", "out", "must be one of"),
    at("an unknown document kind", P + "documents[0].kind", "pdf", "must be one of"),
    # dates and times
    at("an impossible date", P + "cases[0].denial_date", "2023-02-30", "no such date"),
    at("the 29th of February in a common year", P + "trials[3].start", "2021-02-29", "no such date"),
    at("the thirteenth month", P + "coverages[1].start", "2021-13", "no such date"),
    at('"" as an optional date', P + "trials[3].end", "", "null"),
    at('"" as a date of birth', P + "date_of_birth", "", "null"),
    at("a date as people write it", P + "trials[0].start", "Feb 2020", "such as 2021"),
    # the window reads US forms; the exchange format is ISO only, and stays so (a contract)
    at("a day written the US way", P + "trials[0].start", "3/5/2021", "such as 2021"),
    at("a month written the US way", P + "coverages[0].start", "03/2021", "such as 2021"),
    at("a date with a time", P + "coverages[0].start", "2019-01-01T00:00:00Z", "such as 2021"),
    at("a date as a number", P + "trials[0].end", 2020, "such as 2021"),
    at("a call time without an offset", P + "calls[0].when", "2023-01-23T10:05:00", "offset"),
    at("a call time that is a word", P + "calls[0].when", "yesterday", "date and time"),
    at("a case event known only to the month", P + "cases[0].events[0].date", "2023-01", "full date"),
    at("a follow-up before the call", P + "calls[0].follow_up", "2023-01-22", "before the call's day"),
    # order of dates
    at("a trial ending before it started", P + "trials[2].end", "2019-01", "before start 2020-09-01"),
    at("a plan ending before it started", P + "coverages[0].end", "2018-12", "before start 2019-01-01"),
    at(
        "a side effect resolved before its onset",
        P + "trials[0].side_effects[1].resolved",
        "2020-03-01",
        "before onset 2020-03-10",
    ),
    at("a contraindicated drug with a later end", P + "trials[1].end", "2020-09", "contraindicated"),
    # references
    at("a trial naming no such plan", P + "trials[0].coverage", "nope", "no plan"),
    at("a trial naming no such prescriber", P + "trials[0].prescriber", "dr-who", "no prescriber"),
    at("a case naming no such plan", P + "cases[0].coverage", "c-gone", "no plan"),
    at("a call naming no such case", P + "calls[0].case", "x9", "no case"),
    at("a document naming no such trial", P + "documents[0].trial", "t9", "no trial"),
    at("a document naming no such case", P + "documents[0].case", "x9", "no case"),
    at("a reference to another person's plan", "people[1].trials[0].coverage", "c-now", "no plan", people__1=ALEX),
    at("a duplicate id", P + "trials[1].id", "t1", "duplicate id"),
    at(
        "an id used again by another person",
        "people[1].coverages[0].id",
        "c-old",
        "duplicate id",
        people__1={"name": "Alex Kim", "coverages": [{"carrier": "Humana"}]},
    ),
    # measurements
    at("a pain score above 10", P + "measurements[6].score", 12, "0 to 10"),
    at("a PHQ-9 whose items do not add up", P + "measurements[7].score", 10, "add up", people__0__measurements__7=PHQ9),
    at("a PHQ-9 with eight items", P + "measurements[7].items", [1] * 8, "9 items", people__0__measurements__7=PHQ9),
    at("a PHQ-9 item of 4", P + "measurements[7].items[0]", 4, "0 to 3", people__0__measurements__7=PHQ9),
    at("a PHQ-9 score of 9.0", P + "measurements[7].score", 9.0, "whole number", people__0__measurements__7=PHQ9),
    at("a custom score outside its definition", P + "measurements[0].score", 40, "within 0 to 31"),
    at("a measure taken in a year only", P + "measurements[0].taken", "2020", "month"),
    at("an unknown instrument", P + "measurements[6].instrument", "PHQ9", "custom:name"),
    at(
        "two custom measures of one name",
        P + "measure_definitions[1].name",
        "migraine days per month",
        "already exists",
        people__0__measure_definitions__1={"name": "x"},
    ),
    at("a custom measure with min above max", P + "measure_definitions[0].max", -1, "greater than min"),
    # codes
    at("a mistyped NPI", P + "prescribers[0].npi", "1234567890", "check digit"),
    at("a lower-case ICD-10 code", P + "trials[0].indication_code", "g43.709", "icd-10"),
    at("an ICD-10 code without its dot", P + "cases[0].diagnosis_code", "G43709", "icd-10"),
    at("a state spelt out", P + "coverages[0].state", "Illinois", "usps"),
    at("a checksum that is not one", P + "documents[0].sha256", "abc123", "64"),
    # format version 2: zones, claims, letters, goals and the closing question
    at("a time zone that does not exist", P + "time_zone", "Mars/Olympus", "time zone"),
    at("a time zone given as an offset", P + "time_zone", "-06:00", "time zone"),
    at("the system's localtime file as a zone", P + "time_zone", "localtime", "time zone"),
    at(
        "a denial date that is not the first letter's date",
        P + "cases[0].denial_date",
        "2023-01-19",
        "first denial's letter",
    ),
    at(
        "a claim for a drug the plan did not require",
        P + "cases[0].claims[0].required_drug",
        "sumatriptan",
        "required drugs",
    ),
    at("stable on current naming a required drug", P + "cases[0].claims[2].required_drug", "topiramate", "leave empty"),
    at("a claim proven by no such trial", P + "cases[0].claims[0].trials[0]", "t9", "no trial"),
    at(
        "the same claim twice",
        P + "cases[0].claims[3].ground",
        "prior_failure",
        "already claimed",
        people__0__cases__0__claims__3={"ground": "contraindicated", "required_drug": "topiramate"},
    ),
    at(
        "not in the best interest without a word why",
        P + "cases[0].claims[3].explanation",
        "",
        "required",
        people__0__cases__0__claims__3={"ground": "not_in_best_interest", "required_drug": ""},
    ),
    at("a letter's date on a request", P + "cases[0].events[1].notice_date", "2023-01-20", "approved or denied"),
    at(
        "a letter that arrived before its date",
        P + "cases[0].events[0].received",
        "2023-01-10",
        "before the date on the notice",
    ),
    at("a received day that is no date", P + "cases[0].events[0].received", "Jan 24", "such as 2021"),
    at("a difficulty of 4", P + "measurements[7].difficulty", 4, "0 (not difficult", people__0__measurements__7=PHQ9),
    at("a difficulty on a pain score", P + "measurements[6].difficulty", 1, "only phq-9"),
    at(
        "a difficulty as a word",
        P + "measurements[7].difficulty",
        "some",
        "whole number",
        people__0__measurements__7=PHQ9,
    ),
    at("a goal outside the measure's range", P + "measure_definitions[0].goal", 40, "range"),
    at(
        "an authority signed on no such day",
        P + "representative.authority_signed",
        "2024-02-30",
        "no such date",
        people__0__representative={"name": "Luis Rivera"},
    ),
    # people
    at("two people of the same name", "people[1].name", " sam  RIVERA", "second person", people__1={"name": SAM}),
    at("a file key in a plain JSON document", P + "documents[0].file", "files/denial.pdf", "archive"),
]


@pytest.fixture
def bad_base(dana_json: Path) -> dict[str, Any]:
    """Dana's record as someone else's: would import cleanly beside Dana."""
    doc = json.loads(dana_json.read_text(encoding="utf-8"))
    doc["people"][0]["name"] = SAM
    return doc


def snapshot(db: Database) -> dict[str, Any]:
    """Everything a user could see: the whole export (bar its time) and every file in the data folder."""
    document = exchange_document(export_people(db), datetime(2000, 1, 1, tzinfo=UTC))
    files = sorted(str(p.relative_to(db.data_dir)) for p in db.data_dir.rglob("*") if p.is_file())
    return {"document": document, "files": [f for f in files if not f.startswith("triallog.db")]}


@pytest.fixture
def dana_only(db: Database, dana_json: Path) -> dict[str, Any]:
    import_path(db, dana_json)
    before = snapshot(db)
    assert [p["name"] for p in before["document"]["people"]] == ["Dana Rivera"]
    assert len(before["document"]["people"][0]["trials"]) == 4
    return before


def test_the_unspoiled_file_would_have_been_accepted_beside_dana(
    db: Database, dana_only: dict[str, Any], bad_base: dict[str, Any]
) -> None:
    import_bytes(db, Bad("nothing wrong", "", "").data(bad_base))
    assert [p.name for p in list_people(db)] == ["Dana Rivera", SAM]


def test_there_are_at_least_thirty_kinds_of_mistake_each_with_its_own_story() -> None:
    assert len(BAD) >= 30
    assert len({b.story for b in BAD}) == len(BAD)


@pytest.mark.parametrize("bad", BAD, ids=[b.story for b in BAD])
def test_an_import_with_a_mistake_names_its_place_and_changes_nothing(
    db: Database, dana_only: dict[str, Any], bad_base: dict[str, Any], bad: Bad
) -> None:
    with pytest.raises(ValidationError) as caught:
        import_bytes(db, bad.data(bad_base))
    error = caught.value
    at_place = [p for p in error.problems if p.field == bad.place]
    assert at_place, f"no problem at {bad.place}; got: {error}"
    assert any(bad.word in p.rule.lower() for p in at_place), f"{bad.place} does not say {bad.word!r}: {error}"
    assert f"{bad.place}: " in str(error)
    assert snapshot(db) == dana_only


def test_a_file_that_starts_with_a_byte_order_mark_is_accepted(db: Database, dana_json: Path) -> None:
    data = b"\xef\xbb\xbf" + dana_json.read_bytes()
    result = import_bytes(db, data)
    assert result.names == ["Dana Rivera"]
    assert [p.name for p in list_people(db)] == ["Dana Rivera"]


def test_every_mistake_in_a_file_is_reported_not_just_the_first(
    db: Database, dana_only: dict[str, Any], bad_base: dict[str, Any]
) -> None:
    bad = Bad(
        "four mistakes",
        "",
        "",
        {
            P + "trials[0].dosage": "25 mg",
            P + "trials[2].end": "2019-01",
            P + "coverages[0].state": "Il",
            P + "calls[1].when": "2023-01-24T14:40:00",
            "people[1]": {"name": "Alex Kim", "prescribers": [{"name": "Dr Ode", "npi": "1234567890"}]},
        },
    )
    with pytest.raises(ValidationError) as caught:
        import_bytes(db, bad.data(bad_base))
    expected = [
        P + "trials[0].dosage",
        P + "trials[2].end",
        P + "coverages[0].state",
        P + "calls[1].when",
        "people[1].prescribers[0].npi",
    ]
    assert sorted(p.field for p in caught.value.problems) == sorted(expected)
    message = str(caught.value)
    assert all(f"{place}: " in message for place in expected)
    assert snapshot(db) == dana_only


def test_an_import_of_a_person_already_here_is_refused_and_changes_nothing(
    db: Database, dana_only: dict[str, Any], dana_json: Path
) -> None:
    with pytest.raises(ValidationError) as caught:
        import_path(db, dana_json)
    assert caught.value.field == "people[0].name"
    assert "'Dana Rivera' is already here" in caught.value.rule
    assert snapshot(db) == dana_only


# -- the command line ---------------------------------------------------------------------


def people_json(triallog: Triallog, data_dir: Path) -> list[dict[str, Any]]:
    done = triallog("people", "--json", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


CLI_BAD = [
    b
    for b in BAD
    if b.story
    in {
        "version 2",
        "an unknown trial key",
        "a call time that is a word",
        "a trial ending before it started",
        "non-UTF-8 bytes",
    }
]


@pytest.mark.parametrize("bad", CLI_BAD, ids=[b.story for b in CLI_BAD])
def test_the_command_line_refuses_a_bad_file_with_exit_2_naming_the_place(
    tmp_path: Path,
    dana_json: Path,
    bad_base: dict[str, Any],
    bad: Bad,
    fresh_folder: FreshFolder,
    triallog: Triallog,
) -> None:
    folder = fresh_folder(tmp_path / "cli-data")
    assert triallog("import", str(dana_json), data_dir=folder).returncode == 0
    before = people_json(triallog, folder)
    path = tmp_path / "bad.json"
    path.write_bytes(bad.data(bad_base))

    done = triallog("import", str(path), data_dir=folder)

    assert done.returncode == 2, done.stderr
    assert f"{bad.place}: " in done.stderr
    assert bad.word in done.stderr.lower()
    assert str(path) in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    assert people_json(triallog, folder) == before
