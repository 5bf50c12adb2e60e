"""`triallog measures` and the measured response in `trials --json`, on the shared example."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.command_line import Triallog
from tests.factories import exchange_bytes, make_definition, make_measurement, make_person, make_trial
from tests.folders import FreshFolder


@pytest.fixture
def with_hba1c(tmp_path: Path, fresh_folder: FreshFolder, triallog: Triallog) -> Path:
    """Sam, on metformin from January 2024 with HbA1c falling 9.4 → 6.9 % (goal 7), and a PHQ-9 with its closing
    question answered."""
    person = make_person(
        "Sam Okafor",
        trials=[make_trial("metformin", "2024-01-01", "effective", end="2024-06-30")],
        measure_definitions=[make_definition("HbA1c", unit="%", min=4, max=15, goal=7.0)],
        measurements=[
            make_measurement("custom:HbA1c", "2023-12-10", 9.4),
            make_measurement("custom:HbA1c", "2024-04-15", 6.9),
            make_measurement("PHQ-9", "2024-02-01", 12, items=[2, 1, 2, 1, 2, 1, 2, 1, 0], difficulty=2),
            make_measurement("PHQ-9", "2024-04-01", 6, items=[1, 1, 1, 1, 1, 1, 0, 0, 0]),
        ],
    )
    source = tmp_path / "sam.json"
    source.write_bytes(exchange_bytes(person))
    folder = fresh_folder(tmp_path / "data-sam")
    done = triallog("import", str(source), data_dir=folder)
    assert done.returncode == 0, done.stderr
    return folder


def test_measures_json_lists_every_score_oldest_first_with_band_and_item9(with_dana: Path, triallog: Triallog) -> None:
    done = triallog("measures", "--person", "DANA RIVERA", "--json", data_dir=with_dana)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [r["taken"] for r in rows] == sorted(r["taken"] for r in rows)
    assert len(rows) == 7
    assert set(rows[0]) == {"instrument", "taken", "score", "items", "band", "item9_positive", "difficulty"}
    pain = next(r for r in rows if r["instrument"] == "NRS-pain")
    assert pain == {
        "instrument": "NRS-pain",
        "taken": "2020-12-15",
        "score": 8,
        "items": [],
        "band": None,
        "item9_positive": None,
        "difficulty": None,
    }
    custom = [r for r in rows if r["instrument"] == "custom:migraine days per month"]
    assert [r["score"] for r in custom] == [14, 15, 13, 7, 4, 3]


def test_measures_can_be_narrowed_to_one_instrument(with_dana: Path, triallog: Triallog) -> None:
    done = triallog("measures", "--person", "Dana Rivera", "--instrument", "nrs-pain", "--json", data_dir=with_dana)
    assert [r["instrument"] for r in json.loads(done.stdout)] == ["NRS-pain"]


def test_trials_json_carries_each_trials_measured_response(with_dana: Path, triallog: Triallog) -> None:
    done = triallog("trials", "--person", "Dana Rivera", "--json", data_dir=with_dana)
    trials = {t["drug"]: t for t in json.loads(done.stdout)}
    migraine = next(r for r in trials["erenumab"]["response"] if r["instrument"] == "custom:migraine days per month")
    assert migraine == {
        "instrument": "custom:migraine days per month",
        "baseline": {"taken": "2020-12-31", "score": 13},
        "last": {"taken": "2022-06-30", "score": 3},
        "change_points": -10,
        "change_percent": -76.9,
        "verdict": "response",
        "goal": None,
    }
    assert trials["topiramate"]["response"] == []


def test_measures_for_an_unknown_person_exits_2_naming_who_is_there(with_dana: Path, triallog: Triallog) -> None:
    done = triallog("measures", "--person", "Nobody", data_dir=with_dana)
    assert done.returncode == 2
    assert "Dana Rivera" in done.stderr


def test_measures_json_carries_the_how_difficult_answer(with_hba1c: Path, triallog: Triallog) -> None:
    done = triallog("measures", "--person", "Sam Okafor", "--instrument", "PHQ-9", "--json", data_dir=with_hba1c)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [(r["taken"], r["score"], r["difficulty"]) for r in rows] == [("2024-02-01", 12, 2), ("2024-04-01", 6, None)]


def test_trials_json_judges_hba1c_against_its_goal(with_hba1c: Path, triallog: Triallog) -> None:
    done = triallog("trials", "--person", "Sam Okafor", "--json", data_dir=with_hba1c)
    assert done.returncode == 0, done.stderr
    [metformin] = json.loads(done.stdout)
    hba1c = next(r for r in metformin["response"] if r["instrument"] == "custom:HbA1c")
    assert hba1c == {
        "instrument": "custom:HbA1c",
        "baseline": {"taken": "2023-12-10", "score": 9.4},
        "last": {"taken": "2024-04-15", "score": 6.9},
        "change_points": pytest.approx(-2.5),
        "change_percent": -26.6,
        "verdict": "at_goal",
        "goal": 7.0,
    }
