"""A version 1 file still imports: read as version 2 with every new key at its default, grounds as claims
that still need their drug and proof, and the first denial dated by the case's denial date."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.folders import FreshFolder
from triallog.domain.errors import ValidationError
from triallog.services.transfer import export_path, import_bytes, import_path
from triallog.storage.db import Database


def exported(db: Database, tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "out.json"
    export_path(db, path)
    return json.loads(path.read_text(encoding="utf-8"))


def v1_case(**fields: Any) -> dict[str, Any]:
    return {
        "format": "triallog-exchange",
        "version": 1,
        "exported_at": "2024-01-01T00:00:00Z",
        "people": [{"name": "Ruth Adeyemi", "cases": [{"requested_drug": "Trulicity", **fields}]}],
    }


def test_danas_version_1_file_imports_and_exports_as_version_2_with_its_grounds_as_claims(
    db: Database, tmp_path: Path, dana_v1_json: Path
) -> None:
    import_path(db, dana_v1_json)
    document = exported(db, tmp_path)

    assert document["version"] == 2
    person = document["people"][0]
    assert person["time_zone"] == ""  # the computer's zone, as version 1 always meant
    assert all(c["contact_phone"] == "" and c["appeals_address"] == "" for c in person["coverages"])
    case = person["cases"][0]
    assert case["claims"] == [
        {"ground": ground, "required_drug": "", "trials": [], "explanation": ""}
        for ground in ("prior_failure", "contraindicated", "stable_on_current")
    ]
    denied = case["events"][0]
    assert (denied["status"], denied["notice_date"], denied["received"]) == ("denied", "2023-01-20", None)
    assert all(e["notice_date"] is None for e in case["events"][1:])
    assert all(m["difficulty"] is None for m in person["measurements"])
    assert person["measure_definitions"][0]["goal"] is None


def test_only_the_first_denial_of_a_version_1_case_takes_the_denial_date(db: Database, tmp_path: Path) -> None:
    events = [
        {"date": "2023-03-30", "status": "denied", "note": "appeal denied"},
        {"date": "2023-02-01", "status": "denied", "note": "first denial"},
        {"date": "2023-02-10", "status": "appealed"},
    ]
    import_bytes(db, json.dumps(v1_case(denial_date="2023-01-28", events=events)).encode())

    written = exported(db, tmp_path)["people"][0]["cases"][0]["events"]
    assert [(e["note"], e["notice_date"]) for e in written] == [
        ("first denial", "2023-01-28"),
        ("", None),
        ("appeal denied", None),
    ]


def test_a_version_1_case_without_a_denial_date_leaves_its_denials_undated(db: Database, tmp_path: Path) -> None:
    import_bytes(db, json.dumps(v1_case(events=[{"date": "2023-02-01", "status": "denied"}])).encode())

    assert exported(db, tmp_path)["people"][0]["cases"][0]["events"][0]["notice_date"] is None


@pytest.mark.parametrize(
    ("field", "value", "place"),
    [
        ("claims", [{"ground": "prior_failure"}], "people[0].cases[0].claims"),
        ("time_zone", "America/Chicago", "people[0].time_zone"),
    ],
)
def test_a_version_1_file_with_a_version_2_key_is_refused_at_that_key(
    db: Database, field: str, value: Any, place: str
) -> None:
    document = v1_case()
    target = document["people"][0]["cases"][0] if field == "claims" else document["people"][0]
    target[field] = value

    with pytest.raises(ValidationError) as caught:
        import_bytes(db, json.dumps(document).encode())
    assert [(p.field, p.rule) for p in caught.value.problems] == [(place, "unknown key")]


def test_a_days_events_keep_their_order_through_export_and_import(
    db: Database, tmp_path: Path, fresh_folder: FreshFolder
) -> None:
    """A request faxed at 9:00 and a denial recorded later that day without a time stay in that order."""
    document = v1_case(
        events=[
            {"date": "2023-02-06T09:00:00-06:00", "status": "submitted", "note": "faxed"},
            {"date": "2023-02-06", "status": "denied", "note": "denied by phone"},
        ]
    )
    document["version"] = 2
    document["people"][0]["cases"][0]["events"][1]["notice_date"] = "2023-02-06"
    import_bytes(db, json.dumps(document).encode())
    first = exported(db, tmp_path)
    other = Database(fresh_folder(tmp_path / "other"))
    try:
        import_bytes(other, json.dumps(first).encode())
        second_path = tmp_path / "second.json"
        export_path(other, second_path)
    finally:
        other.close()
    second = json.loads(second_path.read_text(encoding="utf-8"))

    for doc in (first, second):
        case = doc["people"][0]["cases"][0]
        assert [(e["note"], e["status"]) for e in case["events"]] == [
            ("faxed", "submitted"),
            ("denied by phone", "denied"),
        ]
