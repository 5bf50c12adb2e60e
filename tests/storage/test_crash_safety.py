"""A power cut at any statement of a first start, an upgrade or an import leaves a folder that opens with every
committed row: each schema change and each import is one SQLite transaction."""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from tests.storage.test_migrations import add_first_version_person, make_old_database
from triallog.services.people import list_people
from triallog.storage.db import SCHEMA_REVISION, Database

HARNESS = Path(__file__).resolve().parents[2] / "benchmarks" / "crash_harness.py"


def kill(base: Path, kills: Iterable[int], record: Path | None = None) -> dict[int, object]:
    """Kill the work on BASE/N at its Nth statement, for each N, in forked children of one process."""
    argv = [sys.executable, str(HARNESS), str(base), str(record or "-"), *map(str, kills)]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    return {int(n): result for n, result in json.loads(done.stdout).items()}


def opens_with(folder: Path) -> list[str]:
    """The people in the folder, opened as the next start would; any failure to open fails the test."""
    database = Database(folder)
    try:
        with sqlite3.connect(database.path) as con:
            assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [(SCHEMA_REVISION,)]
        con.close()
        return [p.name for p in list_people(database)]
    finally:
        database.close()


def kill_each(base: Path, make: Callable[[Path], None], kills: list[int], record: Path | None = None) -> dict:
    for n in kills:
        make(base / str(n))
    results = kill(base, kills, record)
    assert all(results[n] == "killed" for n in kills), results
    return {n: opens_with(base / str(n)) for n in kills}


def count_statements(base: Path, make: Callable[[Path], None], record: Path | None = None) -> int:
    make(base / "0")
    count = kill(base, [0], record)[0]
    assert isinstance(count, int)
    return count


def test_a_first_start_killed_at_any_statement_opens_cleanly_next_time(tmp_path: Path) -> None:
    def nothing(_folder: Path) -> None:
        pass

    total = count_statements(tmp_path / "count", nothing)
    # every statement would take half a minute (each child builds the whole schema): the first and last
    # ten, and forty chosen at random (benchmarks/crash.py kills at many more)
    chosen = {*range(1, 11), *range(total - 9, total + 1), *random.Random(total).sample(range(1, total + 1), 40)}
    results = kill_each(tmp_path, nothing, sorted(chosen))

    assert total >= 50
    assert all(people == [] for people in results.values())


def test_an_upgrade_killed_at_any_statement_keeps_the_old_rows_and_opens_next_time(tmp_path: Path) -> None:
    template = tmp_path / "template"
    add_first_version_person(make_old_database(template, "0001"))

    def copy(folder: Path) -> None:
        shutil.copytree(template, folder)

    total = count_statements(tmp_path / "count", copy)
    results = kill_each(tmp_path, copy, list(range(1, total + 1)))

    assert total >= 30
    assert all(people == ["Ana Lima"] for people in results.values())


def test_an_import_killed_at_any_statement_is_there_whole_or_not_at_all(tmp_path: Path, dana_json: Path) -> None:
    template = tmp_path / "template"
    Database(template).close()

    def copy(folder: Path) -> None:
        shutil.copytree(template, folder)

    total = count_statements(tmp_path / "count", copy, dana_json)
    results = kill_each(tmp_path, copy, list(range(1, total + 1)), dana_json)

    assert total >= 12  # the checks, one INSERT for each table the record fills, the commit
    assert all(people in ([], ["Dana Rivera"]) for people in results.values())
    assert opens_with(tmp_path / "count" / "0") == ["Dana Rivera"]  # not killed: the whole record is there
