"""`triallog cases` and `triallog due` on the shared example: Dana's pending Cigna case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.command_line import Triallog
from triallog.services.samples import sample_bytes

DISCLAIMER = "Not legal advice: check the dates in your plan's letters."


def test_cases_json_gives_the_case_its_suggested_grounds_and_the_erisa_decision_date(
    with_dana: Path, triallog: Triallog
) -> None:
    done = triallog("cases", "--person", "dana rivera", "--json", data_dir=with_dana)
    assert done.returncode == 0, done.stderr
    [case] = json.loads(done.stdout)
    assert set(case) == {
        "reference",
        "requested_drug",
        "required_drugs",
        "status",
        "grounds",
        "claims",
        "suggested_grounds",
        "due",
        "next_step",
    }
    assert case["reference"] == "CG-2023-0045871"
    assert case["requested_drug"] == "erenumab (Aimovig)"
    assert case["required_drugs"] == ["topiramate", "propranolol"]
    assert case["status"] == "pending"
    assert case["grounds"] == ["prior_failure", "contraindicated", "stable_on_current"]
    assert [(c["ground"], c["required_drug"], [t["drug"] for t in c["trials"]]) for c in case["claims"]] == [
        ("prior_failure", "topiramate", ["topiramate"]),
        ("contraindicated", "propranolol", ["propranolol"]),
        ("stable_on_current", "", ["erenumab"]),
    ]
    assert not any(c["needs_drug_and_proof"] for c in case["claims"])

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

    # Every clock, answered or open: the denial's (met by the request) and the decision's.
    keys = {
        "what",
        "due",
        "started",
        "rule",
        "source",
        "verified",
        "open",
        "answered",
        "late",
        "overdue",
        "consequence",
    }
    assert all(set(clock) == keys for clock in case["due"])
    denial, decision = case["due"]
    assert (denial["what"], denial["started"], denial["due"]) == ("appeal deadline", "2023-01-24", "2023-07-23")
    assert (denial["open"], denial["answered"]) == (False, "2023-01-25")
    # Self-funded (ERISA) pre-service request sent 2023-01-25: decided within 15 days; by today long overdue.
    assert (decision["what"], decision["due"], decision["started"]) == ("decision due", "2023-02-09", "2023-01-25")
    assert (decision["open"], decision["overdue"], decision["late"], decision["answered"]) == (True, True, False, None)
    assert (decision["source"], decision["verified"]) == ("29 CFR 2560.503-1(f)(2)(iii)(A)", False)
    assert "external review" in decision["consequence"]
    assert case["next_step"]["what"] == "Cigna's decision is overdue"
    assert case["next_step"]["due"] == "2023-02-09"
    assert case["next_step"]["how"].endswith("Call Cigna at 800-555-0190 and log the call with its reference number.")


def test_cases_as_text_says_what_is_due_and_the_disclaimer_once(with_dana: Path, triallog: Triallog) -> None:
    done = triallog("cases", "--person", "Dana Rivera", data_dir=with_dana)
    assert done.returncode == 0, done.stderr
    assert "CG-2023-0045871: erenumab (Aimovig), pending" in done.stdout
    assert "next step: Cigna's decision is overdue — it was due Feb 9, 2023" in done.stdout
    assert "decision due: Feb 9, 2023 (not yet checked against the law's text) [overdue]" in done.stdout
    assert "counted from the end of Jan 25, 2023" in done.stdout and "29 CFR 2560.503-1" in done.stdout
    assert (
        "appeal deadline: Jul 23, 2023 (not yet checked against the law's text) [met by the request of" in done.stdout
    )
    assert "State step-therapy laws do not apply" in done.stdout
    assert done.stdout.count(DISCLAIMER) == 1


def test_due_json_lists_every_open_item_overdue_first_then_by_date(with_dana: Path, triallog: Triallog) -> None:
    done = triallog("due", "--today", "2023-02-01", "--json", data_dir=with_dana)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    keys = {"person", "case", "what", "due", "overdue", "source", "started", "verified", "consequence"}
    assert all(set(row) == keys for row in rows)
    # The follow-ups of the 01-23 and 01-24 calls were answered by later calls on the case;
    # the 01-27 call's follow-up (01-30) is still open and has passed.
    assert [(r["person"], r["case"], r["due"], r["overdue"]) for r in rows] == [
        ("Dana Rivera", "CG-2023-0045871", "2023-01-30", True),
        ("Dana Rivera", "CG-2023-0045871", "2023-02-09", False),
    ]
    assert "Cigna" in rows[0]["what"]
    assert "CALL-78340" in rows[0]["source"]
    assert rows[1]["what"] == "decision due"
    assert (rows[1]["source"], rows[1]["started"], rows[1]["verified"]) == (
        "29 CFR 2560.503-1(f)(2)(iii)(A)",
        "2023-01-25",
        False,
    )


def test_due_a_month_later_shows_the_decision_overdue(with_dana: Path, triallog: Triallog) -> None:
    rows = json.loads(triallog("due", "--today", "2023-03-01", "--json", data_dir=with_dana).stdout)
    assert [(r["due"], r["overdue"]) for r in rows] == [("2023-01-30", True), ("2023-02-09", True)]

    done = triallog("due", "--today", "2023-03-01", data_dir=with_dana)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Overdue:"
    decision = next(line for line in lines if ": decision due" in line)
    assert "Feb 9, 2023" in decision and "Dana Rivera" in decision and "29 CFR 2560.503-1" in decision
    assert "not yet checked against the law's text" in decision
    assert lines.index(decision) < lines.index(DISCLAIMER)
    assert done.stdout.count(DISCLAIMER) == 1


def test_due_as_text_sets_the_next_14_days_apart(with_dana: Path, triallog: Triallog) -> None:
    done = triallog("due", "--today", "2023-02-01", data_dir=with_dana)
    lines = done.stdout.splitlines()
    assert lines[0] == "Overdue:" and "Jan 30, 2023" in lines[1]
    assert lines[2] == "Next 14 days:" and "Feb 9, 2023" in lines[3]
    assert lines[-1] == DISCLAIMER


@pytest.mark.parametrize("today", ["2023-02-31", "tomorrow", "2023-02", "02/01/2023"])
def test_a_bad_today_exits_2_naming_it(with_dana: Path, today: str, triallog: Triallog) -> None:
    done = triallog("due", "--today", today, "--json", data_dir=with_dana)
    assert done.returncode == 2
    assert "--today" in done.stderr
    assert done.stdout == ""


def test_due_with_nobody_here_is_an_empty_list(tmp_path: Path, triallog: Triallog) -> None:
    assert json.loads(triallog("due", "--json", data_dir=tmp_path / "empty").stdout) == []
    assert "Nothing open is due." in triallog("due", data_dir=tmp_path / "empty").stdout


def test_cases_for_an_unknown_person_exits_2_naming_who_is_there(with_dana: Path, triallog: Triallog) -> None:
    done = triallog("cases", "--person", "Nobody", "--json", data_dir=with_dana)
    assert done.returncode == 2
    assert "Dana Rivera" in done.stderr


def test_due_leaves_the_sample_record_out(with_dana: Path, triallog: Triallog, tmp_path: Path) -> None:
    sample = tmp_path / "sample.json"
    sample.write_bytes(sample_bytes())
    assert triallog("import", str(sample), data_dir=with_dana).returncode == 0
    rows = json.loads(triallog("due", "--today", "2023-02-01", "--json", data_dir=with_dana).stdout)
    assert {row["person"] for row in rows} == {"Dana Rivera"}  # the sample's 2022 follow-up is never due
