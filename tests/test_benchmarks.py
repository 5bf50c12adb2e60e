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
