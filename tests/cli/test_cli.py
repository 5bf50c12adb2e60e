"""The command line, as a script or a caregiver at a terminal uses it: commands, output, exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.command_line import SCRIPT, Triallog, run_process
from triallog import cli
from triallog.services import transfer

COMMANDS = ["gui", "import", "export", "people", "trials"]


def test_help_lists_every_command(triallog: Triallog) -> None:
    done = triallog("--help")
    assert done.returncode == 0
    assert done.stdout.startswith("usage: triallog")
    for command in COMMANDS:
        assert f"    {command} " in done.stdout


@pytest.mark.skipif(shutil.which(str(SCRIPT)) is None, reason="the triallog script is not installed in this venv")
@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--version"], 0),
        (["import", "--help"], 0),
        (["frobnicate"], 2),
        (["trials", "--person", "Nobody Here", "--json"], 2),
    ],
)
def test_the_triallog_command_python_dash_m_and_the_tests_in_process_runs_all_behave_alike(
    tmp_path: Path, args: list[str], code: int, triallog: Triallog
) -> None:
    """The installed script and `python -m triallog` are the program; the other tests run `cli.main` in
    their own process, which must say and exit exactly as the program does."""
    script = run_process(*args, data_dir=tmp_path / "d", module=False)
    module = run_process(*args, data_dir=tmp_path / "d", module=True)
    in_process = triallog(*args, data_dir=tmp_path / "d")
    assert (script.returncode, module.returncode, in_process.returncode) == (code, code, code)
    assert script.stdout == module.stdout == in_process.stdout
    assert script.stderr == module.stderr == in_process.stderr


def test_import_then_export_writes_the_record_back_out(
    tmp_path: Path, with_dana: Path, dana_json: Path, triallog: Triallog
) -> None:
    out = tmp_path / "backup.json"
    done = triallog("export", str(out), data_dir=with_dana)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"exported 1 person to {out}"
    document = json.loads(out.read_text(encoding="utf-8"))
    assert [p["name"] for p in document["people"]] == ["Dana Rivera"]
    assert len(document["people"][0]["trials"]) == 4
    assert oct(out.stat().st_mode & 0o777) == oct(0o600)


def test_people_json_lists_each_person_with_their_counts(with_dana: Path, triallog: Triallog) -> None:
    done = triallog("people", "--json", data_dir=with_dana)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [
        {"name": "Dana Rivera", "date_of_birth": "1986-09-14", "trials": 4, "measurements": 7, "cases": 1, "calls": 3}
    ]


def test_people_in_an_empty_folder_is_an_empty_list_and_a_hint(tmp_path: Path, triallog: Triallog) -> None:
    assert json.loads(triallog("people", "--json", data_dir=tmp_path / "empty").stdout) == []
    assert "triallog import" in triallog("people", data_dir=tmp_path / "empty").stdout


@pytest.mark.parametrize("name", ["dana rivera", "DANA RIVERA", "Dana Rivera"])
def test_trials_json_finds_the_person_in_any_case_and_gives_the_exchange_trial_keys_by_start(
    with_dana: Path, name: str, triallog: Triallog
) -> None:
    done = triallog("trials", "--person", name, "--json", data_dir=with_dana)
    assert done.returncode == 0, done.stderr
    trials: list[dict[str, Any]] = json.loads(done.stdout)
    assert [t["drug"] for t in trials] == ["topiramate", "propranolol", "amitriptyline", "erenumab"]
    assert [t["start"] for t in trials] == ["2020-02", "2020-08-03", "2020-09-01", "2021-02-01"]
    for key in (
        "drug",
        "brand",
        "strength",
        "dose",
        "route",
        "start",
        "end",
        "indication",
        "indication_code",
        "prescriber",
        "coverage",
        "outcome",
        "reason_stopped",
        "notes",
        "side_effects",
    ):
        assert all(key in t for t in trials), key
    assert trials[0]["side_effects"][0]["description"] == "word-finding difficulty"
    assert trials[3]["end"] is None and trials[3]["outcome"] == "effective"
    assert trials[0]["plan"] == "Aetna Open Access PPO"
    assert trials[0]["prescriber_name"] == "Priya Nair, MD"


def test_trials_json_sorts_by_the_first_day_of_partial_starts_not_by_entry_order(
    tmp_path: Path, with_dana: Path, dana_json: Path, triallog: Triallog
) -> None:
    doc = json.loads(dana_json.read_text(encoding="utf-8"))
    doc["people"][0]["name"] = "Sam Rivera"
    trials = doc["people"][0]["trials"]
    trials.reverse()
    trials.append({"drug": "riboflavin", "start": "2020", "outcome": "ineffective"})
    path = tmp_path / "sam.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert triallog("import", str(path), data_dir=with_dana).returncode == 0
    listed = json.loads(triallog("trials", "--person", "sam rivera", "--json", data_dir=with_dana).stdout)
    assert [t["start"] for t in listed] == ["2020", "2020-02", "2020-08-03", "2020-09-01", "2021-02-01"]


def test_trials_as_text_shows_dates_as_people_remember_them(with_dana: Path, triallog: Triallog) -> None:
    done = triallog("trials", "--person", "dana rivera", data_dir=with_dana)
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert "Feb 2020" in lines[0] and "Jul 2020" in lines[0] and "topiramate" in lines[0]
    assert "Aug 3, 2020" in lines[1] and "Contraindicated" in lines[1]
    assert "now" in lines[3] and "erenumab (Aimovig)" in lines[3]


def test_an_unknown_person_exits_2_and_lists_the_people_there_are(with_dana: Path, triallog: Triallog) -> None:
    for args in (["trials", "--person", "Dan Rivera", "--json"], ["export", "x.json", "--person", "Dan Rivera"]):
        done = triallog(*args, data_dir=with_dana)
        assert done.returncode == 2
        assert "no person named 'Dan Rivera'" in done.stderr
        assert "Dana Rivera" in done.stderr
        assert done.stdout == ""


def test_export_of_one_person_writes_only_them(
    tmp_path: Path, with_dana: Path, dana_json: Path, triallog: Triallog
) -> None:
    doc = json.loads(dana_json.read_text(encoding="utf-8"))
    doc["people"][0]["name"] = "Sam Rivera"
    other = tmp_path / "sam.json"
    other.write_text(json.dumps(doc), encoding="utf-8")
    assert triallog("import", str(other), data_dir=with_dana).returncode == 0

    out = tmp_path / "only-sam.json"
    done = triallog("export", str(out), "--person", "SAM RIVERA", data_dir=with_dana)
    assert done.returncode == 0, done.stderr
    assert [p["name"] for p in json.loads(out.read_text())["people"]] == ["Sam Rivera"]
    everyone = tmp_path / "everyone.json"
    triallog("export", str(everyone), data_dir=with_dana)
    assert [p["name"] for p in json.loads(everyone.read_text())["people"]] == ["Dana Rivera", "Sam Rivera"]


@pytest.mark.parametrize("name", ["backup.txt", "backup", "backup.zip", "backup.json.gz"])
def test_export_to_an_unsupported_kind_of_file_exits_2_and_writes_nothing(
    tmp_path: Path, with_dana: Path, name: str, triallog: Triallog
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    done = triallog("export", str(out_dir / name), data_dir=with_dana)
    assert done.returncode == 2
    assert ".json or .triallog" in done.stderr
    assert list(out_dir.iterdir()) == []


def test_importing_the_same_person_twice_exits_2_naming_them(
    with_dana: Path, dana_json: Path, triallog: Triallog
) -> None:
    done = triallog("import", str(dana_json), data_dir=with_dana)
    assert done.returncode == 2
    assert "people[0].name: 'Dana Rivera' is already here" in done.stderr
    assert "import again with --replace" in done.stderr
    assert triallog("import", "--replace", str(dana_json), data_dir=with_dana).stdout.startswith("replaced Dana Rivera")


def test_a_file_that_cannot_be_read_exits_2(tmp_path: Path, triallog: Triallog) -> None:
    done = triallog("import", str(tmp_path / "missing.json"), data_dir=tmp_path / "d")
    assert done.returncode == 2
    assert "cannot be read" in done.stderr


def test_a_database_from_a_newer_triallog_exits_2_and_says_so(tmp_path: Path, triallog: Triallog) -> None:
    import sqlite3

    folder = tmp_path / "d"
    assert triallog("people", data_dir=folder).returncode == 0
    con = sqlite3.connect(folder / "triallog.db")
    with con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.close()
    done = triallog("people", data_dir=folder)
    assert done.returncode == 2
    assert "newer version of TrialLog" in done.stderr


def test_a_bug_inside_triallog_exits_1_and_its_report_goes_to_a_private_log_not_the_screen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> int:
        raise RuntimeError("a mistake in TrialLog itself, near Dana Rivera")

    monkeypatch.setattr(transfer, "export_path", broken)
    code = cli.main(["--data-dir", str(tmp_path / "d"), "export", str(tmp_path / "out.json")])
    assert code == 1
    err = capsys.readouterr().err
    log = tmp_path / "d" / "triallog.log"
    assert err.strip() == (
        "triallog: something went wrong inside TrialLog (a bug); nothing was half-written. "
        f"A report for the developers was written to {log}."
    )
    assert "RuntimeError: a mistake in TrialLog itself" in log.read_text()
    assert log.stat().st_mode & 0o777 == 0o600
    assert not (tmp_path / "out.json").exists()


def test_a_user_mistake_in_process_exits_2_not_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["--data-dir", str(tmp_path / "d"), "trials", "--person", "Nobody"])
    assert code == 2
    assert "nobody yet" in capsys.readouterr().err
