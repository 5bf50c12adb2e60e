"""The records file turned from plain to protected or back: a new file beside it, checked, moved into place.

`convert` never changes the records file itself. It takes the file for itself (out of WAL mode, which
SQLite refuses while any other program has it open, then a lock that keeps every other writer out),
copies it with `sqlcipher_export` into `triallog.db.new-PID-convert` under the new key, checks the copy
(`integrity_check`, and every table's row count equal), syncs it to disk, and renames it over the records
file in one step. Killed at any point, the records file is whole, plain or protected, and its header says
which; the unfinished copy is removed at the next start (`leftovers.clean`, by its dead process's number).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from triallog.paths import DATABASE_NAME, create_private_file
from triallog.storage import backups, cipher, problems
from triallog.storage.vault import Key, sync_folder


class CopyDiffers(Exception):
    """The converted copy is not the records whole: it was removed, and the records were not changed."""


def convert(data_dir: Path, from_key: Key | None, to_key: Key | None) -> None:
    """Re-encrypt the records file of `data_dir` from `from_key` to `to_key` (None: plain), whole or not at all.

    The caller holds the folder's lock and has closed every connection of this process to the file."""
    database = Path(data_dir) / DATABASE_NAME
    fresh = database.with_name(f"{DATABASE_NAME}.new-{os.getpid()}-convert")
    holder = cipher.dbapi().connect(str(database), timeout=problems.LOCK_WAIT, isolation_level=None)
    try:
        _take(holder, from_key, data_dir)
        fresh.unlink(missing_ok=True)
        create_private_file(fresh)
        target = "''" if to_key is None else to_key.sqlcipher_pragma()
        holder.execute(f"ATTACH DATABASE ? AS exported KEY {target}", (str(fresh),))
        holder.execute("SELECT sqlcipher_export('exported')").fetchall()
        holder.execute("DETACH DATABASE exported")
        _check(holder, fresh, to_key)
        _use_wal(fresh, to_key)
        with open(fresh, "rb+") as out:
            os.fsync(out.fileno())
        os.replace(fresh, database)
        sync_folder(database.parent)
    except BaseException:
        for unfinished in (fresh, fresh.with_name(fresh.name + "-journal")):
            unfinished.unlink(missing_ok=True)
        raise
    finally:
        holder.close()


def _take(holder: Any, key: Key | None, data_dir: Path) -> None:
    """Keep every other writer out of the records file until `holder` closes, or raise LOCKED.

    Out of WAL mode first: SQLite checkpoints the log into the file and removes it, and refuses while any
    other connection has the file open. Then exclusive locking mode: the shared lock taken by the export's
    first read is kept until `holder` closes, so that another program may still read the old file but
    not change it (its write would be lost with the old file)."""
    if key is not None:
        cipher.key_connection(holder, key)
    else:
        holder.execute("PRAGMA cipher_log_level = NONE")
    try:
        (mode,) = holder.execute("PRAGMA journal_mode=DELETE").fetchone()
        if mode != "delete":
            raise problems.problem(problems.Kind.LOCKED, data_dir)
        holder.execute("PRAGMA main.locking_mode=EXCLUSIVE")
        holder.execute("SELECT count(*) FROM main.sqlite_master").fetchone()
    except cipher.database_errors() as error:
        raise (problems.explain(error, data_dir) or error) from None


def _use_wal(fresh: Path, key: Key | None) -> None:
    """The copy in WAL mode, as the records always are: then any program that opens it holds a lock that a
    later conversion sees (a rollback-mode file shows no sign of an idle reader)."""
    copy = cipher.connect(fresh, key)
    try:
        copy.execute("PRAGMA journal_mode=WAL")
    finally:
        copy.close()
    for suffix in ("-wal", "-shm"):
        fresh.with_name(fresh.name + suffix).unlink(missing_ok=True)


def _check(holder: Any, fresh: Path, key: Key | None) -> None:
    """The copy in `fresh` is sound and holds as many rows in every table as the records."""
    tables = [name for (name,) in holder.execute("SELECT name FROM main.sqlite_master WHERE type='table'")]
    counts = {name: holder.execute(f'SELECT count(*) FROM main."{name}"').fetchone()[0] for name in tables}
    copy = cipher.connect(backups.read_only_uri(fresh), key, uri=True)
    try:
        if copy.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
            raise CopyDiffers("the converted copy failed SQLite's integrity check")
        copied = {name: copy.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in tables}
    finally:
        copy.close()
    if copied != counts:
        raise CopyDiffers("the converted copy does not hold every row of the records")
