"""`triallog measures` and the measured response in `trials --json`, on the shared example."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import run, with_dana  # noqa: F401  (the fixture)


def test_measures_json_lists_every_score_oldest_first_with_band_and_item9(with_dana: Path) -> None:  # noqa: F811
    done = run("measures", "--person", "DANA RIVERA", "--json", data_dir=with_dana)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [r["taken"] for r in rows] == sorted(r["taken"] for r in rows)
    assert len(rows) == 7
    assert set(rows[0]) == {"instrument", "taken", "score", "items", "band", "item9_positive"}
    pain = next(r for r in rows if r["instrument"] == "NRS-pain")
    assert pain == {
        "instrument": "NRS-pain",
        "taken": "2020-12-15",
        "score": 8,
        "items": [],
        "band": None,
        "item9_positive": None,
    }
    custom = [r for r in rows if r["instrument"] == "custom:migraine days per month"]
    assert [r["score"] for r in custom] == [14, 15, 13, 7, 4, 3]


def test_measures_can_be_narrowed_to_one_instrument(with_dana: Path) -> None:  # noqa: F811
    done = run("measures", "--person", "Dana Rivera", "--instrument", "nrs-pain", "--json", data_dir=with_dana)
    assert [r["instrument"] for r in json.loads(done.stdout)] == ["NRS-pain"]


def test_trials_json_carries_each_trials_measured_response(with_dana: Path) -> None:  # noqa: F811
    done = run("trials", "--person", "Dana Rivera", "--json", data_dir=with_dana)
    trials = {t["drug"]: t for t in json.loads(done.stdout)}
    migraine = next(r for r in trials["erenumab"]["response"] if r["instrument"] == "custom:migraine days per month")
    assert migraine == {
        "instrument": "custom:migraine days per month",
        "baseline": {"taken": "2020-12-31", "score": 13},
        "last": {"taken": "2022-06-30", "score": 3},
        "change_points": -10,
        "change_percent": -76.9,
        "verdict": "response",
    }
    assert trials["topiramate"]["response"] == []


def test_measures_for_an_unknown_person_exits_2_naming_who_is_there(with_dana: Path) -> None:  # noqa: F811
    done = run("measures", "--person", "Nobody", data_dir=with_dana)
    assert done.returncode == 2
    assert "Dana Rivera" in done.stderr
