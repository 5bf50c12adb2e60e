"""Backups are whole and rotated; a start after a crash checks the file; leftovers of killed writes go; the
window's lock on a folder dies with its window; a change by another program is noticed."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from tests.folders import FreshFolder
from triallog.services.backups import back_up_now, daily_backup, list_backups, restore
from triallog.services.people import list_people
from triallog.services.transfer import import_path, write_atomically
from triallog.storage import backups, leftovers
from triallog.storage.db import Database
from triallog.storage.lock import FolderLock
from triallog.storage.problems import Kind, StorageProblem


@pytest.fixture
def dana_db(data_dir: Path, dana_json: Path, fresh_folder: FreshFolder) -> Iterator[Database]:
    db = Database(fresh_folder(data_dir))
    import_path(db, dana_json)
    yield db
    db.close()


def test_a_backup_holds_a_change_still_only_in_the_wal_file(dana_db: Database) -> None:
    wal = dana_db.path.with_name("triallog.db-wal")
    assert wal.exists() and wal.stat().st_size > 0  # the import is committed, not yet checkpointed

    made = back_up_now(dana_db)

    assert made.good and (made.people, made.trials) == (1, 4)
    assert made.path.stat().st_mode & 0o777 == 0o600
    assert made.path.parent.stat().st_mode & 0o777 == 0o700
    assert not made.path.with_name(made.path.name + "-wal").exists()  # one self-contained file


def test_an_import_is_preceded_by_a_backup_of_the_records_as_they_were(dana_db: Database, dana_json: Path) -> None:
    import_path(dana_db, dana_json, replace=True)

    found = [b for b in list_backups(dana_db.data_dir) if b.reason == "before-import"]

    assert [(b.people, b.trials) for b in found] == [(1, 4), (0, 0)]  # newest first


def test_the_daily_backup_is_taken_once_a_day(dana_db: Database) -> None:
    assert daily_backup(dana_db) is not None
    assert daily_backup(dana_db) is None


def test_the_rotation_keeps_the_newest_each_day_for_a_week_and_each_week_for_a_month(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    start = datetime(2026, 12, 5, 9, 0)
    for hours in range(0, 24 * 60, 8):  # three a day for sixty days
        taken = start - timedelta(hours=hours)
        (folder / f"triallog-{taken:%Y-%m-%dT%H%M%S}-daily.db").write_bytes(b"")
    (folder / "triallog-2026-01-01T000000-manual.db").write_bytes(b"")
    (folder / "triallog-2026-01-01T000000-set-aside.db").write_bytes(b"")

    backups.rotate(folder)

    named = [backups.parse_name(p) for p in folder.iterdir()]
    left = sorted(taken for taken, reason in filter(None, named) if reason == "daily")
    days = sorted({t.date() for t in left})
    assert len(left) == 5 + 5 + 4  # the five newest (two days' worth), the newest of five more days, four weeks
    assert days[-7:] == [(start - timedelta(days=d)).date() for d in range(6, -1, -1)]
    assert len(days) == 7 + 4
    assert (folder / "triallog-2026-01-01T000000-manual.db").exists()
    assert (folder / "triallog-2026-01-01T000000-set-aside.db").exists()


def test_a_first_start_never_leaves_an_empty_file_behind(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from triallog.storage import db as storage_db

    def killed(_engine: object) -> None:
        raise KeyboardInterrupt  # as a kill in the middle of building the schema

    monkeypatch.setattr(storage_db, "migrate", killed)
    with pytest.raises(KeyboardInterrupt):
        Database(data_dir)
    assert not (data_dir / "triallog.db").exists()
    monkeypatch.undo()

    db = Database(data_dir)  # the next start builds it, and removes what the killed one left
    db.close()
    assert [p.name for p in data_dir.glob("triallog.db*") if not p.name.endswith(("-wal", "-shm"))] == ["triallog.db"]


def damage_a_page(path: Path) -> None:
    """Overwrite the middle of the file (a table's pages), leaving the header sound."""
    size = path.stat().st_size
    with open(path, "r+b") as f:
        f.seek(size // 2 // 4096 * 4096)
        f.write(b"\xff" * 4096)


def test_a_start_after_a_crash_checks_the_file_and_refuses_a_damaged_one(dana_db: Database) -> None:
    folder = dana_db.data_dir
    dana_db.close()
    with sqlite3.connect(folder / "triallog.db") as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    damage_a_page(folder / "triallog.db")
    (folder / ".open-999999999").touch()  # the mark of a program that ended without closing

    with pytest.raises(StorageProblem) as caught:
        Database(folder)

    assert caught.value.kind is Kind.DAMAGED
    assert "damaged" in caught.value.message and "The newest good backup is from" in caught.value.message


def test_a_clean_start_after_a_crash_removes_the_mark(dana_db: Database) -> None:
    folder = dana_db.data_dir
    dana_db.close()
    (folder / ".open-999999999").touch()

    db = Database(folder)
    assert [p.name for p in folder.glob(".open-*")] == [f".open-{os.getpid()}"]
    db.close()
    assert list(folder.glob(".open-*")) == []


def test_leftovers_of_killed_writes_are_removed_at_the_next_start(data_dir: Path, tmp_path: Path) -> None:
    Database(data_dir).close()
    old = time.time() - 3600
    packet = data_dir / "packets" / ".packet-abc.part"
    packet.parent.mkdir()
    packet.write_bytes(b"%PDF half")
    os.utime(packet, (old, old))
    fresh = data_dir / "packets" / ".packet-now.part"  # another TrialLog is writing it right now
    fresh.write_bytes(b"%PDF")
    (data_dir / "triallog.db.new-999999999").write_bytes(b"")
    export = tmp_path / "exports" / ".out.json.x1y2"
    export.parent.mkdir()
    export.write_bytes(b'{"half": ')
    journal = data_dir / leftovers.JOURNAL
    journal.mkdir()
    (journal / "999999999-1").write_text(str(export))

    Database(data_dir).close()

    assert not packet.exists() and fresh.exists() and not export.exists()
    assert not (data_dir / "triallog.db.new-999999999").exists()
    assert list(journal.iterdir()) == []


def test_an_export_killed_before_its_rename_is_cleaned_at_the_next_start(data_dir: Path, tmp_path: Path) -> None:
    Database(data_dir).close()
    target = tmp_path / "out.json"
    code = (
        "import os, sys; from pathlib import Path; import triallog.services.transfer as t; "
        "os.replace = lambda *a: os.kill(os.getpid(), 9); "
        f"t.write_atomically(Path({str(target)!r}), b'{{}}', Path({str(data_dir)!r}))"
    )
    done = subprocess.run([sys.executable, "-c", code], check=False)
    assert done.returncode == -9
    assert [p.name.startswith(".out.json.") for p in tmp_path.iterdir() if p.name != "data"] == [True]

    Database(data_dir).close()

    assert [p for p in tmp_path.iterdir() if p.name.startswith(".out.json")] == []
    write_atomically(target, b"{}", data_dir)
    assert target.read_bytes() == b"{}" and list((data_dir / leftovers.JOURNAL).iterdir()) == []


def test_a_window_lock_is_free_again_when_its_process_dies(data_dir: Path) -> None:
    data_dir.mkdir()
    window = subprocess.Popen(
        [sys.executable, "-c", f"from triallog.storage.lock import FolderLock; import time; "
         f"assert FolderLock({str(data_dir)!r}).acquire(); print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert window.stdout is not None and window.stdout.readline() == "held\n"
    second = FolderLock(data_dir)
    assert not second.acquire()
    assert second.holder() == window.pid

    window.kill()  # a crash: nobody releases the lock
    window.wait()

    assert second.holder() is None
    assert second.acquire()
    second.release()


def test_a_change_by_another_program_is_noticed_once(dana_db: Database, dana_json: Path) -> None:
    assert dana_db.changed_elsewhere() is False
    other = Database(dana_db.data_dir)  # the command line, importing while the window is open
    try:
        import_path(other, dana_json, replace=True)
    finally:
        other.close()

    assert dana_db.changed_elsewhere() is True
    assert dana_db.changed_elsewhere() is False
    with dana_db.transaction() as session:  # its own saves are not news
        session.execute(__import__("sqlalchemy").text("UPDATE person SET notes = 'x'"))
    assert dana_db.changed_elsewhere() is False


def test_restore_puts_a_backup_back_and_keeps_what_was_there(dana_db: Database) -> None:
    made = back_up_now(dana_db)
    folder = dana_db.data_dir
    from triallog.services.people import remove_person

    remove_person(dana_db, list_people(dana_db)[0].key)
    dana_db.close()

    kept = restore(folder, made.path)

    assert kept is not None and backups.inspect(kept).people == 0
    db = Database(folder)
    try:
        assert [p.name for p in list_people(db)] == ["Dana Rivera"]
    finally:
        db.close()


# -- after review: nothing another program uses is ever removed or overwritten -------------------------


def test_reading_the_schema_never_removes_the_log_another_program_is_writing(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A command starting just as another one commits must not take the other's changes with it."""
    from triallog.storage import db as storage_db

    Database(data_dir).close()
    path = data_dir / "triallog.db"
    for side in data_dir.glob("triallog.db-*"):
        side.unlink()
    writer: list[sqlite3.Connection] = []
    real_uri = backups.read_only_uri

    def another_program_commits_meanwhile(p: Path) -> str:
        if not writer:
            con = sqlite3.connect(path)
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA wal_autocheckpoint=0")
            con.execute(
                "INSERT INTO person (name, name_folded, address, phone, notes, rep_relationship, rep_phone,"
                " rep_authority, created_at, updated_at) VALUES ('Sam', 'sam', '', '', '', '', '', '', 0, 0)"
            )
            con.commit()
            writer.append(con)
        return real_uri(p)

    monkeypatch.setattr(backups, "read_only_uri", another_program_commits_meanwhile)
    assert storage_db.stored_revision(path) is not None
    monkeypatch.undo()

    reader = sqlite3.connect(path)
    assert reader.execute("SELECT name FROM person").fetchall() == [("Sam",)]
    reader.close()
    writer[0].close()


def test_two_first_starts_at_once_keep_both_imports(
    data_dir: Path, dana_json: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two programs starting in an empty folder at the same moment build one database, not two: the
    slower one must not put its empty database over what the quicker one has already saved."""
    from triallog.storage import db as storage_db

    real_migrate = storage_db.migrate

    def slow_for_the_first(engine: Engine, target: str = "head") -> None:
        real_migrate(engine, target)
        if threading.current_thread().name == "slow":
            time.sleep(1.5)

    monkeypatch.setattr(storage_db, "migrate", slow_for_the_first)
    failures: list[BaseException] = []

    def slow_start() -> None:
        try:
            Database(data_dir).close()
        except BaseException as error:
            failures.append(error)

    slow = threading.Thread(target=slow_start, name="slow")
    slow.start()
    time.sleep(0.3)
    quick = Database(data_dir)  # starts while the slow one is still building
    import_path(quick, dana_json)
    quick.close()
    slow.join()

    assert failures == []
    db = Database(data_dir)
    try:
        assert [p.name for p in list_people(db)] == ["Dana Rivera"]
    finally:
        db.close()


def test_a_missing_records_file_with_backups_is_reported_not_replaced(dana_db: Database) -> None:
    folder = dana_db.data_dir
    back_up_now(dana_db)
    dana_db.close()
    for path in folder.glob("triallog.db*"):
        path.unlink()

    with pytest.raises(StorageProblem) as caught:
        Database(folder)

    assert "the file is missing" in caught.value.message and "(1 person, 4 trials)" in caught.value.message
    assert not (folder / "triallog.db").exists()


def test_a_restore_reaches_a_program_that_has_the_records_open(dana_db: Database) -> None:
    """Another command has the records open during a restore: it sees the restored records, and what it
    writes afterwards is kept in them, not in the copy set aside."""
    from tests.factories import make_person
    from triallog.services.people import add_person, remove_person

    made = back_up_now(dana_db)
    remove_person(dana_db, list_people(dana_db)[0].key)

    kept = restore(dana_db.data_dir, made.path)
    assert kept is not None

    assert [p.name for p in list_people(dana_db)] == ["Dana Rivera"]
    add_person(dana_db, make_person("Sam Okafor"))
    assert backups.inspect(kept).people == 0
    fresh = Database(dana_db.data_dir)
    try:
        assert sorted(p.name for p in list_people(fresh)) == ["Dana Rivera", "Sam Okafor"]
        with sqlite3.connect(fresh.path) as con:
            assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        con.close()
    finally:
        fresh.close()


def test_a_restore_stopped_half_way_leaves_the_records_as_they_were(
    dana_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = back_up_now(dana_db)
    folder = dana_db.data_dir
    dana_db.close()
    real_connect = sqlite3.connect

    def stopped(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        if str(args[0]) == str(folder / "triallog.db"):  # the moment the backup is copied in
            raise KeyboardInterrupt
        return real_connect(*args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", stopped)
    with pytest.raises(KeyboardInterrupt):
        restore(folder, made.path)
    monkeypatch.undo()

    db = Database(folder)
    try:
        assert [p.name for p in list_people(db)] == ["Dana Rivera"]
    finally:
        db.close()


def test_the_records_file_itself_is_not_a_backup_to_restore(dana_db: Database) -> None:
    from triallog.domain.errors import ValidationError

    with pytest.raises(ValidationError, match="is the records file itself"):
        restore(dana_db.data_dir, dana_db.path)
    assert [p.name for p in list_people(dana_db)] == ["Dana Rivera"]


def test_a_restore_into_a_new_folder_makes_it_private(dana_db: Database, tmp_path: Path) -> None:
    made = back_up_now(dana_db)
    new = tmp_path / "new computer" / "TrialLog"

    assert restore(new, made.path) is None

    assert new.stat().st_mode & 0o777 == 0o700
    assert (new / "triallog.db").stat().st_mode & 0o777 == 0o600
    db = Database(new)
    try:
        assert [p.name for p in list_people(db)] == ["Dana Rivera"]
    finally:
        db.close()


def test_a_disk_error_is_not_called_damage() -> None:
    from triallog.storage.problems import explain

    problem = explain(sqlite3.OperationalError("disk I/O error"), Path("/media/usb/TrialLog"))
    assert problem is not None and problem.kind is Kind.DISK_ERROR
    assert "check that it is connected, then try again" in problem.message
