"""`triallog cases` and `triallog due` on the shared example: Dana's pending Cigna case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_cli import run, with_dana  # noqa: F401  (the fixture)

DISCLAIMER = "Not legal advice: check the dates in your plan's letters."


def test_cases_json_gives_the_case_its_suggested_grounds_and_the_erisa_decision_date(with_dana: Path) -> None:  # noqa: F811
    done = run("cases", "--person", "dana rivera", "--json", data_dir=with_dana)
    assert done.returncode == 0, done.stderr
    [case] = json.loads(done.stdout)
    assert set(case) == {
        "reference",
        "requested_drug",
        "required_drugs",
        "status",
        "grounds",
        "suggested_grounds",
        "due",
    }
    assert case["reference"] == "CG-2023-0045871"
    assert case["requested_drug"] == "erenumab (Aimovig)"
    assert case["required_drugs"] == ["topiramate", "propranolol"]
    assert case["status"] == "pending"
    assert case["grounds"] == ["prior_failure", "contraindicated", "stable_on_current"]

    suggested = {(s["ground"], s["required_drug"]): s for s in case["suggested_grounds"]}
    assert set(suggested) >= {
        ("prior_failure", "topiramate"),
        ("contraindicated", "propranolol"),
        ("stable_on_current", None),
    }
    for s in case["suggested_grounds"]:
        assert set(s) == {"ground", "required_drug", "trials", "reason"}
        assert s["reason"] and s["trials"]
        assert all(set(t) == {"drug", "brand", "start", "end", "outcome"} for t in s["trials"])
    assert suggested[("prior_failure", "topiramate")]["trials"] == [
        {"drug": "topiramate", "brand": "", "start": "2020-02", "end": "2020-07", "outcome": "adverse_reaction"}
    ]
    assert suggested[("contraindicated", "propranolol")]["trials"][0]["outcome"] == "contraindicated"
    assert suggested[("stable_on_current", None)]["trials"][0]["brand"] == "Aimovig"

    # Self-funded (ERISA) pre-service request submitted 2023-01-25: decided within 15 days.
    assert case["due"] == [
        {
            "what": "decision due",
            "due": "2023-02-09",
            "rule": "The plan must decide a pre-service claim within 15 days of receiving it.",
            "source": "29 CFR 2560.503-1",
        }
    ]


def test_cases_as_text_says_what_is_due_and_the_disclaimer_once(with_dana: Path) -> None:  # noqa: F811
    done = run("cases", "--person", "Dana Rivera", data_dir=with_dana)
    assert done.returncode == 0, done.stderr
    assert "CG-2023-0045871: erenumab (Aimovig), pending" in done.stdout
    assert "decision due: 2023-02-09" in done.stdout and "29 CFR 2560.503-1" in done.stdout
    assert "State step-therapy laws do not apply" in done.stdout
    assert done.stdout.count(DISCLAIMER) == 1


def test_due_json_lists_every_open_item_overdue_first_then_by_date(with_dana: Path) -> None:  # noqa: F811
    done = run("due", "--today", "2023-02-01", "--json", data_dir=with_dana)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert all(set(row) == {"person", "case", "what", "due", "overdue", "source"} for row in rows)
    # The follow-ups of the 01-23 and 01-24 calls were answered by later calls on the case;
    # the 01-27 call's follow-up (01-30) is still open and has passed.
    assert [(r["person"], r["case"], r["due"], r["overdue"]) for r in rows] == [
        ("Dana Rivera", "CG-2023-0045871", "2023-01-30", True),
        ("Dana Rivera", "CG-2023-0045871", "2023-02-09", False),
    ]
    assert "Cigna" in rows[0]["what"]
    assert "CALL-78340" in rows[0]["source"]
    assert rows[1]["what"] == "decision due"
    assert rows[1]["source"] == "29 CFR 2560.503-1"


def test_due_a_month_later_shows_the_decision_overdue(with_dana: Path) -> None:  # noqa: F811
    rows = json.loads(run("due", "--today", "2023-03-01", "--json", data_dir=with_dana).stdout)
    assert [(r["due"], r["overdue"]) for r in rows] == [("2023-01-30", True), ("2023-02-09", True)]

    done = run("due", "--today", "2023-03-01", data_dir=with_dana)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Overdue:"
    decision = next(line for line in lines if ": decision due" in line)
    assert "2023-02-09" in decision and "Dana Rivera" in decision and "29 CFR 2560.503-1" in decision
    assert lines.index(decision) < lines.index(DISCLAIMER)
    assert done.stdout.count(DISCLAIMER) == 1


def test_due_as_text_sets_the_next_14_days_apart(with_dana: Path) -> None:  # noqa: F811
    done = run("due", "--today", "2023-02-01", data_dir=with_dana)
    lines = done.stdout.splitlines()
    assert lines[0] == "Overdue:" and "2023-01-30" in lines[1]
    assert lines[2] == "Next 14 days:" and "2023-02-09" in lines[3]
    assert lines[-1] == DISCLAIMER


@pytest.mark.parametrize("today", ["2023-02-31", "tomorrow", "2023-02", "02/01/2023"])
def test_a_bad_today_exits_2_naming_it(with_dana: Path, today: str) -> None:  # noqa: F811
    done = run("due", "--today", today, "--json", data_dir=with_dana)
    assert done.returncode == 2
    assert "--today" in done.stderr
    assert done.stdout == ""


def test_due_with_nobody_here_is_an_empty_list(tmp_path: Path) -> None:
    assert json.loads(run("due", "--json", data_dir=tmp_path / "empty").stdout) == []
    assert "Nothing open is due." in run("due", data_dir=tmp_path / "empty").stdout


def test_cases_for_an_unknown_person_exits_2_naming_who_is_there(with_dana: Path) -> None:  # noqa: F811
    done = run("cases", "--person", "Nobody", "--json", data_dir=with_dana)
    assert done.returncode == 2
    assert "Dana Rivera" in done.stderr
