"""What export writes, import reads back with nothing lost; --replace swaps one person's record whole."""

from __future__ import annotations

import copy
import dataclasses
import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.factories import (
    exchange_bytes,
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
from triallog.domain.dates import PartialDate
from triallog.domain.enums import AuthorityKind
from triallog.domain.errors import ValidationError
from triallog.services.people import find_person, list_people, load_person
from triallog.services.transfer import PersonAlreadyHere, export_path, import_bytes, import_path
from triallog.storage import record_import
from triallog.storage.db import Database

SHARED = Path(__file__).resolve().parents[3] / "shared"


def load_normalize() -> ModuleType:
    spec = importlib.util.spec_from_file_location("normalize", SHARED / "tools" / "normalize.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


normalize = load_normalize()

# Every key of every object, as exchange-format.md lists them: "s" a string ("" when empty),
# "a" an array ([] when empty), "n" a date, number, enum, boolean or object (null when absent).
S, A, N = "s", "a", "n"
SCHEMA: dict[str, dict[str, str]] = {
    "top": {"format": S, "version": N, "exported_at": S, "people": A},
    "person": {
        "id": S,
        "name": S,
        "date_of_birth": N,
        "address": S,
        "phone": S,
        "representative": N,
        "notes": S,
        "coverages": A,
        "prescribers": A,
        "trials": A,
        "measurements": A,
        "measure_definitions": A,
        "cases": A,
        "calls": A,
        "documents": A,
        "time_zone": S,
    },
    "representative": {
        "name": S,
        "relationship": S,
        "phone": S,
        "authority": S,
        "authority_kind": S,
        "authority_signed": N,
    },
    "coverage": {
        "id": S,
        "carrier": S,
        "plan_name": S,
        "plan_type": N,
        "member_id": S,
        "group_number": S,
        "rx_bin": S,
        "rx_pcn": S,
        "rx_group": S,
        "state": S,
        "start": N,
        "end": N,
        "contact_phone": S,
        "contact_fax": S,
        "appeals_address": S,
        "appeals_fax": S,
    },
    "prescriber": {"id": S, "name": S, "specialty": S, "practice": S, "address": S, "phone": S, "fax": S, "npi": S},
    "trial": {
        "id": S,
        "drug": S,
        "brand": S,
        "strength": S,
        "dose": S,
        "route": S,
        "start": N,
        "end": N,
        "indication": S,
        "indication_code": S,
        "prescriber": N,
        "coverage": N,
        "outcome": N,
        "reason_stopped": S,
        "notes": S,
        "side_effects": A,
    },
    "side_effect": {"description": S, "severity": N, "onset": N, "resolved": N, "action": S, "notes": S},
    "measurement": {"instrument": S, "taken": N, "score": N, "items": A, "notes": S, "difficulty": N},
    "measure_definition": {"name": S, "unit": S, "min": N, "max": N, "higher_is_better": N, "goal": N},
    "case": {
        "id": S,
        "coverage": N,
        "kind": N,
        "requested_drug": S,
        "requested_strength": S,
        "requested_dose": S,
        "quantity": S,
        "days_supply": N,
        "diagnosis": S,
        "diagnosis_code": S,
        "prescriber": N,
        "required_drugs": A,
        "denial_date": N,
        "denial_reference": S,
        "denial_text": S,
        "claims": A,
        "urgency": N,
        "status": N,
        "events": A,
        "notes": S,
    },
    "event": {"date": S, "status": S, "note": S, "notice_date": N, "received": N},
    "claim": {"ground": S, "required_drug": S, "trials": A, "explanation": S},
    "call": {
        "when": S,
        "case": N,
        "direction": N,
        "party": N,
        "organization": S,
        "phone": S,
        "representative": S,
        "reference_number": S,
        "duration_minutes": N,
        "summary": S,
        "requested_documents": A,
        "follow_up": N,
    },
    "document": {
        "id": S,
        "title": S,
        "kind": N,
        "date": N,
        "trial": N,
        "case": N,
        "file": N,
        "sha256": S,
    },
}
# ids are optional on the rest; export writes fresh ones only for these (and for people)
OPTIONAL_ID = {"representative", "side_effect", "measurement", "measure_definition", "event", "call", "claim"}


def assert_every_key(obj: Any, kind: str, path: str) -> None:
    schema = SCHEMA[kind]
    assert isinstance(obj, dict), f"{path}: not an object"
    expected = set(schema) - ({"id"} if kind in OPTIONAL_ID else set())
    assert set(obj) >= expected, f"{path}: missing {sorted(expected - set(obj))}"
    assert set(obj) <= set(schema) | {"id"}, f"{path}: unknown {sorted(set(obj) - set(schema))}"
    for key, form in schema.items():
        if key not in obj:
            continue
        value = obj[key]
        if form == S:
            assert isinstance(value, str), f'{path}.{key}: {value!r} should be a string, "" when empty'
        elif form == A:
            assert isinstance(value, list), f"{path}.{key}: {value!r} should be an array, [] when empty"
        else:
            assert value != "" and value != [], f"{path}.{key}: an absent value is null, not {value!r}"


CHILDREN = {
    "person": {
        "coverages": "coverage",
        "prescribers": "prescriber",
        "trials": "trial",
        "measurements": "measurement",
        "measure_definitions": "measure_definition",
        "cases": "case",
        "calls": "call",
        "documents": "document",
    },
    "trial": {"side_effects": "side_effect"},
    "case": {"events": "event", "claims": "claim"},
}


def assert_export_writes_every_key(document: dict[str, Any]) -> None:
    assert_every_key(document, "top", "$")

    def walk(obj: dict[str, Any], kind: str, path: str) -> None:
        assert_every_key(obj, kind, path)
        if kind == "person" and obj["representative"] is not None:
            assert_every_key(obj["representative"], "representative", f"{path}.representative")
        for key, child in CHILDREN.get(kind, {}).items():
            for i, item in enumerate(obj[key]):
                walk(item, child, f"{path}.{key}[{i}]")

    for i, person in enumerate(document["people"]):
        walk(person, "person", f"people[{i}]")


def without_time(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k != "exported_at"}


def read(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def export_json(db: Database, path: Path, person: str | None = None) -> dict[str, Any]:
    export_path(db, path, person)
    return read(path)


def in_fresh_folder(folder: Path, source: Path) -> dict[str, Any]:
    """Import `source` into a new data folder and export it again as JSON, to FOLDER.json beside it."""
    other = Database(folder)
    try:
        import_path(other, source)
        return export_json(other, folder.with_name(f"{folder.name}.json"))
    finally:
        other.close()


# -- Dana, the shared example ------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".json", ".triallog"])
def test_dana_exported_and_imported_into_an_empty_folder_comes_back_the_same(
    db: Database, tmp_path: Path, dana_json: Path, suffix: str, fresh_folder: FreshFolder
) -> None:
    import_path(db, dana_json)
    first = tmp_path / f"first{suffix}"
    export_path(db, first)
    second = in_fresh_folder(fresh_folder(tmp_path / "laptop"), first)
    third = in_fresh_folder(fresh_folder(tmp_path / "desktop"), tmp_path / "laptop.json")
    exported = export_json(db, tmp_path / "exported.json")

    original = read(dana_json)
    assert normalize.diff(normalize.normalize(original), normalize.normalize(exported)) == []
    assert normalize.diff(normalize.normalize(exported), normalize.normalize(second)) == []
    # Fresh ids are handed out in the same order, so only the time differs.
    assert without_time(second) == without_time(exported) == without_time(third)
    for document in (exported, second):
        assert document["format"] == "triallog-exchange" and document["version"] == 2
        assert_export_writes_every_key(document)


def test_the_strict_key_check_would_notice_a_dropped_key_or_a_null_string(
    db: Database, tmp_path: Path, dana_json: Path
) -> None:
    import_path(db, dana_json)
    document = export_json(db, tmp_path / "dana.json")
    dropped = copy.deepcopy(document)
    del dropped["people"][0]["trials"][2]["side_effects"][0]["action"]
    with pytest.raises(AssertionError, match=r"people\[0\]\.trials\[2\]\.side_effects\[0\]: missing \['action'\]"):
        assert_export_writes_every_key(dropped)
    nulled = copy.deepcopy(document)
    nulled["people"][0]["calls"][1]["reference_number"] = None
    with pytest.raises(AssertionError, match="reference_number"):
        assert_export_writes_every_key(nulled)


# -- a record built for the occasion -------------------------------------------------------


def leo() -> r.Person:
    """A record that uses every corner of the format."""
    return make_person(
        "Léo Park-Nguyễn",
        date_of_birth="1990",
        address="12 rue des Érables\nApt 4\nSan Juan, PR 00901",
        phone="787-555-0101",
        representative=make_representative(
            "Mai Nguyễn",
            relationship="mother",
            authority="parent of a minor",
            authority_kind=AuthorityKind.PARENT_OF_MINOR,
            authority_signed=PartialDate(2021, 5),
        ),
        notes="Focal epilepsy; notes in Tiếng Việt: động kinh.",
        time_zone="America/Puerto_Rico",
        coverages=[
            make_coverage("Triple-S", key="c1", plan_type="medicaid", state="PR", start="2021", end="2022-06"),
            make_coverage(
                "Ambetter",
                key="c2",
                plan_type="marketplace",
                state="FL",
                start="2022-07-01",
                rx_bin="004336",
                rx_pcn="ADV",
                rx_group="RX1234",
                group_number="",
                member_id="U1",
                contact_phone="877-555-0110",
                contact_fax="877-555-0111",
                appeals_address="Ambetter Appeals\nPO Box 10341\nVan Nuys, CA 91410",
                appeals_fax="877-555-0112",
            ),
        ],
        prescribers=[
            make_prescriber(
                "Ana Souza, MD", key="pr1", npi="1245319599", fax="787-555-0102", address="Centro Médico\nSan Juan"
            ),
            make_prescriber("王医生", key="pr2", npi="", specialty=""),
        ],
        trials=[
            make_trial(
                "levetiracetam",
                "2021",
                "ineffective",
                key="t1",
                brand="Keppra",
                strength="500 mg",
                dose="500 mg twice daily",
                route="oral",
                end="2021-09",
                indication="focal epilepsy",
                indication_code="G40.109",
                coverage="c1",
                prescriber="pr1",
                reason_stopped="Seizures every week still.",
                side_effects=[
                    make_side_effect(
                        "irritability",
                        severity="severe",
                        onset="2021-03",
                        resolved="2021-10-02",
                        action="stopped",
                        notes="rage episodes",
                    ),
                    make_side_effect("fatigue", severity=None),
                ],
            ),
            make_trial("lamotrigine", "2021-10-04", "ongoing", key="t2", coverage="c2", prescriber="pr2"),
            make_trial(
                "valproate",
                "2021-10",
                "contraindicated",
                key="t3",
                end="2021-10",
                reason_stopped="Planning a pregnancy.",
            ),
        ],
        measure_definitions=[
            make_definition("seizures per week", unit="seizures", min=0, max=50),
            make_definition("sleep quality", min=-5, max=5.5, higher_is_better=True, goal=3.5),
        ],
        measurements=[
            make_measurement(
                "PHQ-9", "2022-01-15", 11, items=[1, 2, 1, 1, 2, 1, 1, 1, 1], notes="after a bad week", difficulty=2
            ),
            make_measurement("GAD-7", "2022-02", 7, items=[1] * 7, difficulty=0),
            make_measurement("NRS-pain", "2022-03-01", 4),
            make_measurement("custom:seizures per week", "2022-03", 2.5),
            make_measurement("custom:sleep quality", "2022-03-08", -1.25),
            make_measurement("custom:mood", "2022-04", 6.75),
        ],
        cases=[
            make_case(
                "cenobamate (Xcopri)",
                key="x1",
                coverage="c2",
                prescriber="pr1",
                kind="non_formulary",
                requested_strength="100 mg",
                requested_dose="100 mg daily",
                quantity="30 tablets",
                days_supply=30,
                diagnosis="focal epilepsy",
                diagnosis_code="G40.109",
                required_drugs=["levetiracetam", "lamotrigine"],
                denial_date="2022-08-10",
                denial_reference="AMB-55-0192",
                denial_text="No se cubre.",
                grounds=["contraindicated"],
                claims=[
                    make_claim("prior_failure", "levetiracetam", ["t1"], explanation="Weekly seizures on 1000 mg/day."),
                    make_claim("expected_ineffective_or_harmful", "lamotrigine", ["t1", "t2"]),
                    make_claim("not_in_best_interest", explanation="A switch now would risk her driving licence."),
                ],
                urgency="expedited",
                status="appealed",
                events=[
                    make_event("2022-09-01", "appealed", "appeal filed"),
                    make_event(
                        "2022-08-10", "denied", "first on the 10th", notice_date="2022-08-10", received="2022-08"
                    ),
                    make_event("2022-08-12T10:30:00+05:30", "submitted", "faxed from Pune"),
                    make_event("2022-08-10", "pending", "second on the 10th"),
                ],
                notes="",
            ),
            make_case("clobazam", key="x2", kind=None, status=None, urgency=None),
        ],
        calls=[
            make_call(
                "2022-08-11T23:45:00-10:00",
                case="x1",
                organization="Ambetter",
                duration_minutes=0,
                requested_documents=["chart notes", "pharmacy claims"],
                follow_up="2022-08",
                representative="Keoni",
                reference_number="R-1",
            ),
            make_call("2022-08-12T10:30:00+05:30", party="prescriber", direction="incoming", summary="called back"),
            make_call("2022-08-15T16:00:00Z", party="pbm", follow_up="2022-08-16"),
        ],
        documents=[
            make_document("Carta de negación", key="d1", date="2022-08", case="x1", trial="t1"),
            make_document("Seizure diary", key="d2", kind="other", date=None),
        ],
    )


def sparse() -> r.Person:
    """Only what the format requires: everything else must come back as "", [] or null."""
    return make_person(
        "王小明",
        coverages=[r.Coverage(carrier="Blue Cross", key="c1")],
        prescribers=[r.Prescriber(name="Dr Lee", key="pr1")],
        trials=[make_trial("sumatriptan", "2019", "stopped_other", side_effects=[r.SideEffect("nausea")])],
        measure_definitions=[r.MeasureDefinition(name="headache days")],
        measurements=[make_measurement("custom:headache days", "2019-05", 3)],
        cases=[r.Case(requested_drug="rimegepant", key="x1")],
        calls=[make_call("2019-06-01T09:00:00+08:00", direction=None, party=None)],
        documents=[r.Document(title="Pharmacy printout", key="d1")],
    )


def comparable(person: r.Person) -> dict[str, Any]:
    """A record as plain values: no storage keys, references replaced by what they name."""
    labels = {}
    for kind, items, name in (
        ("coverage", person.coverages, "carrier"),
        ("prescriber", person.prescribers, "name"),
        ("trial", person.trials, "drug"),
        ("case", person.cases, "requested_drug"),
    ):
        for item in items:
            labels[(kind, item.key)] = getattr(item, name)

    def plain(value: Any, kind: str = "") -> Any:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            out = {}
            for f in dataclasses.fields(value):
                item = getattr(value, f.name)
                if f.name == "key":
                    continue
                if f.name in ("coverage", "prescriber", "trial", "case") and item is not None:
                    item = labels[(f.name, item)]
                if isinstance(value, r.Claim) and f.name == "trials":
                    item = [labels[("trial", key)] for key in item]  # a claim's proof, by the trials it names
                out[f.name] = plain(item)
            return out
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    return plain(person)


def test_a_record_in_any_script_with_every_kind_of_value_survives_export_and_import(
    db: Database, tmp_path: Path, fresh_folder: FreshFolder
) -> None:
    people = [leo(), sparse(), make_person("Ana")]
    import_bytes(db, exchange_bytes(*people))
    first = export_json(db, tmp_path / "first.json")
    second = in_fresh_folder(fresh_folder(tmp_path / "laptop"), tmp_path / "first.json")

    assert without_time(second) == without_time(first)
    assert_export_writes_every_key(first)

    expected_leo = leo()
    expected_leo.cases[0].events = r.events_in_order(expected_leo.cases[0].events)
    for person, expected in zip(
        sorted(people, key=lambda p: p.name),
        sorted([expected_leo, sparse(), make_person("Ana")], key=lambda p: p.name),
        strict=True,
    ):
        stored = load_person(db, find_person(db, person.name).key)
        assert comparable(stored) == comparable(expected)


def test_names_dates_times_and_scores_are_written_exactly_as_they_were_given(db: Database, tmp_path: Path) -> None:
    import_bytes(db, exchange_bytes(leo(), sparse()))
    document = export_json(db, tmp_path / "out.json")
    by_name = {p["name"]: p for p in document["people"]}
    assert set(by_name) == {"Léo Park-Nguyễn", "王小明"}
    p = by_name["Léo Park-Nguyễn"]

    assert p["date_of_birth"] == "1990"
    assert [(t["start"], t["end"]) for t in p["trials"]] == [
        ("2021", "2021-09"),
        ("2021-10-04", None),
        ("2021-10", "2021-10"),
    ]
    assert [c["when"] for c in p["calls"]] == [
        "2022-08-11T23:45:00-10:00",
        "2022-08-12T10:30:00+05:30",
        "2022-08-15T16:00:00+00:00",
    ]
    assert p["calls"][0]["follow_up"] == "2022-08"
    scores = {m["instrument"]: m["score"] for m in p["measurements"]}
    assert scores == {
        "PHQ-9": 11,
        "GAD-7": 7,
        "NRS-pain": 4,
        "custom:seizures per week": 2.5,
        "custom:sleep quality": -1.25,
        "custom:mood": 6.75,
    }
    assert type(scores["PHQ-9"]) is int
    assert p["measure_definitions"][1] == {
        "name": "sleep quality",
        "unit": "",
        "min": -5,
        "max": 5.5,
        "higher_is_better": True,
        "goal": 3.5,
    }
    assert p["representative"] == {
        "name": "Mai Nguyễn",
        "relationship": "mother",
        "phone": "773-555-0199",
        "authority": "parent of a minor",
        "authority_kind": "parent_of_minor",
        "authority_signed": "2021-05",
    }
    assert p["time_zone"] == "America/Puerto_Rico"
    assert [m["difficulty"] for m in p["measurements"]][:3] == [2, 0, None]
    assert p["coverages"][1]["appeals_address"] == "Ambetter Appeals\nPO Box 10341\nVan Nuys, CA 91410"
    denied = p["cases"][0]["events"][0]
    assert (denied["status"], denied["notice_date"], denied["received"]) == ("denied", "2022-08-10", "2022-08")
    trial_ids = {t["id"]: t["drug"] for t in p["trials"]}
    claims = [(c["ground"], c["required_drug"], [trial_ids[t] for t in c["trials"]]) for c in p["cases"][0]["claims"]]
    assert claims == [
        ("contraindicated", "", []),
        ("prior_failure", "levetiracetam", ["levetiracetam"]),
        ("expected_ineffective_or_harmful", "lamotrigine", ["levetiracetam", "lamotrigine"]),
        ("not_in_best_interest", "", []),
    ]
    assert by_name["王小明"]["representative"] is None
    assert "動" not in json.dumps(document, ensure_ascii=False)  # no mangling of what was given
    assert "động kinh" in (tmp_path / "out.json").read_text(encoding="utf-8")


def test_case_events_given_out_of_order_are_kept_in_date_order_and_same_day_events_keep_file_order(
    db: Database, tmp_path: Path
) -> None:
    import_bytes(db, exchange_bytes(leo()))
    events = export_json(db, tmp_path / "out.json")["people"][0]["cases"][0]["events"]
    assert [(e["date"], e["status"], e["note"]) for e in events] == [
        ("2022-08-10", "denied", "first on the 10th"),
        ("2022-08-10", "pending", "second on the 10th"),
        ("2022-08-12T10:30:00+05:30", "submitted", "faxed from Pune"),
        ("2022-09-01", "appealed", "appeal filed"),
    ]


def test_references_point_at_the_same_records_after_the_trip(db: Database, tmp_path: Path) -> None:
    import_bytes(db, exchange_bytes(leo()))
    p = export_json(db, tmp_path / "out.json")["people"][0]
    ids = {o["id"]: o for kind in ("coverages", "prescribers", "trials", "cases", "documents") for o in p[kind]}
    assert len(ids) == 2 + 2 + 3 + 2 + 2  # plans, prescribers, trials, cases, documents: every id unique
    assert ids[p["trials"][0]["coverage"]]["carrier"] == "Triple-S"
    assert ids[p["trials"][1]["prescriber"]]["name"] == "王医生"
    assert ids[p["cases"][0]["coverage"]]["carrier"] == "Ambetter"
    assert ids[p["calls"][0]["case"]]["requested_drug"] == "cenobamate (Xcopri)"
    assert ids[p["documents"][0]["trial"]]["drug"] == "levetiracetam"
    assert p["trials"][2]["coverage"] is None and p["calls"][1]["case"] is None


# -- replacing a record ------------------------------------------------------------------------


def sam() -> r.Person:
    return make_person("Sam Okafor", trials=[make_trial("sertraline", "2018-04", "effective")])


@pytest.fixture
def dana_and_sam(db: Database, dana_json: Path, tmp_path: Path) -> dict[str, Any]:
    import_path(db, dana_json)
    import_bytes(db, exchange_bytes(sam()))
    return {
        "dana": export_json(db, tmp_path / "dana-before.json", "Dana Rivera"),
        "sam": export_json(db, tmp_path / "sam-before.json", "Sam Okafor"),
    }


def smaller_dana(dana_json: Path, name: str = "Dana Rivera") -> dict[str, Any]:
    doc = read(dana_json)
    person = doc["people"][0]
    person["name"] = name
    person["notes"] = "Record rebuilt from the pharmacy's printout."
    person["trials"] = [t for t in person["trials"] if t["drug"] != "amitriptyline"]
    return doc


def test_replace_swaps_one_persons_whole_record_and_leaves_everyone_else_alone(
    db: Database, tmp_path: Path, dana_json: Path, dana_and_sam: dict[str, Any]
) -> None:
    new = smaller_dana(dana_json)
    result = import_bytes(db, json.dumps(new).encode(), replace=True)

    assert result.replaced == ["Dana Rivera"]
    assert [p.name for p in list_people(db)] == ["Dana Rivera", "Sam Okafor"]
    dana = export_json(db, tmp_path / "dana-after.json", "Dana Rivera")
    assert normalize.diff(normalize.normalize(new), normalize.normalize(dana)) == []
    assert [t["drug"] for t in dana["people"][0]["trials"]] == ["topiramate", "propranolol", "erenumab"]
    sam_after = export_json(db, tmp_path / "sam-after.json", "Sam Okafor")
    assert without_time(sam_after) == without_time(dana_and_sam["sam"])


def test_a_replace_that_fails_half_way_leaves_the_old_record_whole(
    db: Database, tmp_path: Path, dana_json: Path, dana_and_sam: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = record_import.add_person_rows

    def fail_for_sam(rows: record_import.NewRows, person: r.Person, files: dict[str, str]) -> None:
        if person.name == "Sam Okafor":
            raise RuntimeError("disk trouble while writing Sam")
        real(rows, person, files)

    monkeypatch.setattr(record_import, "add_person_rows", fail_for_sam)
    both = smaller_dana(dana_json)
    both["people"].append(
        {"name": "Sam Okafor", "trials": [{"drug": "bupropion", "start": "2024", "outcome": "ongoing"}]}
    )
    with pytest.raises(RuntimeError, match="disk trouble"):
        import_bytes(db, json.dumps(both).encode(), replace=True)

    monkeypatch.undo()
    assert without_time(export_json(db, tmp_path / "d.json", "Dana Rivera")) == without_time(dana_and_sam["dana"])
    assert without_time(export_json(db, tmp_path / "s.json", "Sam Okafor")) == without_time(dana_and_sam["sam"])


@pytest.mark.parametrize("name", ["dana rivera", "DANA RIVERA", "  Dana   Rivera "])
def test_importing_a_person_already_here_under_another_spelling_is_refused_naming_them(
    db: Database, tmp_path: Path, dana_json: Path, dana_and_sam: dict[str, Any], name: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        import_bytes(db, json.dumps(smaller_dana(dana_json, name)).encode())
    assert caught.value.field == "people[0].name"
    assert "'Dana Rivera' is already here" in caught.value.rule
    assert isinstance(caught.value, PersonAlreadyHere) and caught.value.names == [name]
    assert without_time(export_json(db, tmp_path / "d.json", "Dana Rivera")) == without_time(dana_and_sam["dana"])
    assert [p.name for p in list_people(db)] == ["Dana Rivera", "Sam Okafor"]


def test_replacing_under_another_spelling_takes_the_new_spelling(
    db: Database, dana_json: Path, dana_and_sam: dict[str, Any]
) -> None:
    result = import_bytes(db, json.dumps(smaller_dana(dana_json, "DANA RIVERA")).encode(), replace=True)
    assert result.replaced == ["Dana Rivera"]
    assert [p.name for p in list_people(db)] == ["DANA RIVERA", "Sam Okafor"]
