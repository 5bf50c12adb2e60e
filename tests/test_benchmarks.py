"""The benchmark's family record is a valid exchange file: a small one imports through the CLI, the full one reads."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from triallog.cli import main

MAKE_RECORD = Path(__file__).resolve().parents[1] / "benchmarks" / "make_record.py"


def _make_record_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_record", MAKE_RECORD)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_small_family_record_from_make_record_imports_cleanly_with_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = tmp_path / "family.json"
    made = subprocess.run(
        [sys.executable, str(MAKE_RECORD), str(record), "--scale", "0.02", "--seed", "7"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr

    assert main(["--data-dir", str(tmp_path / "data"), "import", str(record)]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path / "data"), "people", "--json"]) == 0
    people = json.loads(capsys.readouterr().out)

    written = json.loads(record.read_text(encoding="utf-8"))["people"]
    assert sorted(p["name"] for p in people) == sorted(p["name"] for p in written)
    assert "Léo Park-Nguyễn" in [p["name"] for p in people]
    assert sum(p["trials"] for p in people) == sum(len(p["trials"]) for p in written) > 0
    assert sum(p["calls"] for p in people) == sum(len(p["calls"]) for p in written) > 0


def test_the_full_size_record_is_deterministic_and_passes_every_exchange_rule() -> None:
    from triallog.exchange.reader import read_exchange

    make_record = _make_record_module()
    doc = make_record.make_record(seed=2024)
    assert doc == make_record.make_record(seed=2024)
    assert doc != make_record.make_record(seed=2025)

    exchange = read_exchange(json.dumps(doc, ensure_ascii=False).encode("utf-8"))

    people = exchange.people
    assert len(people) == 5
    assert sum(len(p.trials) for p in people) == 300
    assert sum(len(p.calls) for p in people) == 2_000
    assert sum(len(p.measurements) for p in people) == 5_000
    assert sum(len(p.cases) for p in people) == 20
    precisions = {t.start.precision for p in people for t in p.trials}
    assert len(precisions) == 3  # a year, a month and a day


BENCHMARKS = MAKE_RECORD.parent


def _benchmark_module(name: str) -> ModuleType:
    """A script of benchmarks/ as a module (they import each other by plain name, as when run)."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        spec = importlib.util.spec_from_file_location(f"benchmarks_{name}", BENCHMARKS / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # its dataclasses look their module up there
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCHMARKS))


def test_one_command_prints_every_figure_beside_its_floor_and_goal_on_a_tiny_record() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "all.py"), "--scales", "0.02", "--runs", "1"],
        capture_output=True, text=True, timeout=170,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]

    table = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    rows = {cells[0]: cells for cells in ([c.strip() for c in line.strip("|").split("|")] for line in table[1:])}
    for what, goal in [
        ("first rows after first paint", "within 100 ms of first paint"),
        ("switch person", "< 100 ms at 4x"),
        ("save a trial's note", "< 100 ms at 4x"),
        ("log a call", "< 100 ms at 4x"),
        ("open the Measures tab", "< 100 ms at 4x"),
        ("Calls search, per keystroke [12 keystrokes a run]", "< 100 ms at 4x"),
        ("import", "<= 3x a bare executemany"),
        ("people --json", "<= 10x python -c pass"),
        ("first paint", "<= 1.3x a bare PySide6 window"),
    ]:
        assert what in rows, f"no row for {what!r} in:\n{done.stdout}"
        _, size, figure, _, _, shown_goal, met = rows[what]
        assert (size, shown_goal) == ("0.02x", goal)
        assert figure.endswith(")") and " ms (" in figure
        assert met in ("yes", "NO")
    for what in ("first rows after first paint", "switch person", "save a trial's note", "import", "first paint"):
        assert " ms (" in rows[what][3]  # a floor measured in the same run
    # What the window showed when each clock stopped: nothing empty was timed.
    assert "Calls search, per keystroke: " in done.stdout and " calls match 'REF-21'" in done.stdout
    assert "log a call: " in done.stdout and " calls shown after the save" in done.stdout


def test_the_growth_check_names_a_step_that_grows_faster_than_the_data() -> None:
    everything = _benchmark_module("all")
    small = {"measures.py:10 _response": [60, 0.017, 0.02], "calls.py:5 list_calls": [1, 0.010, 0.01]}
    big = {"measures.py:10 _response": [960, 0.331, 0.35], "calls.py:5 list_calls": [1, 0.038, 0.04]}

    found = everything.faster_steps(small, big, 4.0)

    assert len(found) == 1
    assert found[0].startswith("measures.py:10 _response: calls 60 → 960 (x16.0)")
