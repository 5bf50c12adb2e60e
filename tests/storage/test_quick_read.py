"""`triallog people` reads the file straight, without SQLAlchemy, and says what the full listing says."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import exchange_bytes, make_call, make_case, make_measurement, make_person, make_trial
from tests.storage.test_migrations import add_first_version_person, make_old_database
from triallog.services.people import list_people
from triallog.services.roster import people_here
from triallog.services.transfer import import_bytes, import_path
from triallog.storage.db import SCHEMA_REVISION, Database, stored_revision


def sam() -> bytes:
    return exchange_bytes(
        make_person(
            "Sam Okafor",
            date_of_birth="1987-06",
            trials=[make_trial("sertraline", "2018-04", "effective"), make_trial("bupropion", "2019", "ongoing")],
            cases=[make_case("vortioxetine")],
            calls=[make_call(), make_call("2023-02-01T09:00:00Z")],
            measurements=[make_measurement("PHQ-9", "2023-01-02", 12)],
        )
    )


def test_the_quick_list_says_what_the_full_listing_says(db: Database, dana_json: Path) -> None:
    import_path(db, dana_json)
    import_bytes(db, sam())
    import_bytes(db, exchange_bytes(make_person("ámélie Zed")))

    quick = people_here(db.data_dir)

    full = list_people(db, with_counts=True)
    assert [p.name for p in quick] == [p.name for p in full] == ["Dana Rivera", "Sam Okafor", "ámélie Zed"]
    for q, f in zip(quick, full, strict=True):
        assert (q.key, q.name, q.date_of_birth) == (f.key, f.name, f.date_of_birth)
        assert (q.trials, q.cases, q.calls, q.measurements) == (f.trials, f.cases, f.calls, f.measurements)
    assert quick[1].date_of_birth is not None and quick[1].date_of_birth.iso() == "1987-06"
    assert (quick[1].trials, quick[1].cases, quick[1].calls, quick[1].measurements) == (2, 1, 2, 1)


def test_a_first_start_builds_the_records_file_then_lists_nobody(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    assert people_here(folder) == []
    assert stored_revision(folder / "triallog.db") == SCHEMA_REVISION


def test_a_records_file_of_an_older_schema_is_upgraded_first_then_listed(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    path = make_old_database(folder, "0001")
    add_first_version_person(path)

    [ana] = people_here(folder)

    assert (ana.name, ana.trials, ana.calls) == ("Ana Lima", 0, 0)
    assert stored_revision(path) == SCHEMA_REVISION
    assert [b.name for b in (folder / "backups").iterdir() if b.name.endswith("-before-upgrade.db")]


def test_listing_people_starts_without_sqlalchemy(db: Database, dana_json: Path) -> None:
    """The command answers in a tenth of the time SQLAlchemy's import alone takes; keep it so."""
    import_path(db, dana_json)
    script = (
        "import sys; from triallog import cli; code = cli.main(['--data-dir', sys.argv[1], 'people', '--json']);"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')))"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-c", script, str(db.data_dir)], capture_output=True, text=True, timeout=60, env=env
    )
    assert done.returncode == 0, done.stderr
    assert '"name": "Dana Rivera"' in done.stdout
    assert done.stdout.splitlines()[-1] == "[]"


def test_a_records_file_from_a_newer_triallog_is_refused_in_the_same_words(tmp_path: Path) -> None:
    import sqlite3

    from triallog.storage.records_file import DatabaseTooNew

    revision = "9999"
    folder = tmp_path / "d"
    Database(folder).close()
    with sqlite3.connect(folder / "triallog.db") as con:
        con.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    con.close()

    with pytest.raises(DatabaseTooNew) as quick:
        people_here(folder)
    with pytest.raises(DatabaseTooNew) as full:
        Database(folder, read_only=True)
    assert str(quick.value) == str(full.value)
    assert f"(schema {revision})" in str(quick.value) and "Nothing was changed" in str(quick.value)
