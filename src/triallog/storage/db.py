"""The SQLite database: engine and pragmas, schema checks, migrations backed up first, damage refused."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session as Session  # the type the services give a session, named from here
from sqlalchemy.orm import sessionmaker

from triallog.paths import DATABASE_NAME, create_private_file
from triallog.storage import backups, cipher, kept_files, leftovers, problems
from triallog.storage.folder import prepare_folder
from triallog.storage.lock import FIRST_START_LOCK, FolderLock
from triallog.storage.records_file import (
    KNOWN_REVISIONS,
    SCHEMA_REVISION,
    DatabaseTooNew,
    check_before_opening,
    stored_revision,
    too_new,
)
from triallog.storage.records_file import advice as _advice
from triallog.storage.vault import Key

__all__ = [
    "KNOWN_REVISIONS",
    "SCHEMA_REVISION",
    "Database",
    "DatabaseTooNew",
    "migrate",
    "prepare_folder",
    "stored_revision",
]


def _pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # pysqlite begins a transaction only before INSERT, UPDATE and DELETE, so CREATE and ALTER ran one by
    # one outside any: a schema change killed half-way stayed half-made. Take the transactions over
    # (SQLAlchemy's documented pysqlite recipe): no implicit BEGIN, and an explicit one in `_begin`.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _begin(connection: Connection) -> None:
    """Every transaction, schema changes included, is one SQLite transaction: all of it, or none.

    A transaction that will write takes the write lock at once (BEGIN IMMEDIATE), so that it waits its
    turn behind another writer for up to LOCK_WAIT seconds: a deferred one that read first would be
    refused at its first write without waiting, as SQLite must to keep the reader's snapshot true."""
    writes = connection.get_execution_options().get("triallog_writes", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def migrate(engine: Engine, target: str = "head") -> None:
    """Bring the schema to SCHEMA_REVISION (or `target`) with Alembic, imported only when needed."""
    from importlib.resources import files

    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(files("triallog.storage") / "migrations"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)


class Database:
    """One TrialLog database in a data folder: `with db.transaction() as session: ...`.

    Opening never harms what is there: a first start builds the database aside and moves it into place
    whole; an upgrade is backed up first and runs as one transaction; an empty, unreadable or damaged
    file is refused with a `StorageProblem` that names the newest good backup, never replaced. With
    `read_only`, the file is opened for reading only (for commands that only read, and a second window).
    Protected records (an SQLCipher file) are opened with the master `key` (`services.protection.unlock`);
    without it, `PassphraseNeeded`. The file's header decides: a key given for plain records is not used.
    """

    def __init__(self, data_dir: Path, read_only: bool = False, key: Key | None = None) -> None:
        self.data_dir = prepare_folder(Path(data_dir), read_only)
        self.path = self.data_dir / DATABASE_NAME
        self.backup: Path | None = None
        self.read_only = read_only
        self._given_key = key
        self.key: Key | None = None
        self._marker: Path | None = None
        self._watch: sqlite3.Connection | None = None
        self._seen = 0
        if not read_only:
            leftovers.clean(self.data_dir)
        if not self.path.exists():
            self._build_aside()  # a first start, even for a command that only reads
        try:
            self._open(read_only)
        except BaseException:
            self._unmark()  # not opened: no mark, or the next start would check the file for nothing
            raise

    def _open(self, read_only: bool) -> None:
        revision, self._marker = check_before_opening(self.path, self.data_dir, self.read_only, self._given_key)
        self.key = self._given_key if cipher.encrypted(self.path) else None
        if revision is not None and revision not in KNOWN_REVISIONS:
            raise too_new(self.path, revision)
        if read_only and revision != SCHEMA_REVISION:
            if not os.access(self.path, os.W_OK):
                raise problems.problem(problems.Kind.READ_ONLY, self.path)
            self.read_only = read_only = False  # an older schema is upgraded first, even to read it
        self.engine = _engine(self.path, read_only, self.key)
        if revision != SCHEMA_REVISION:
            self.backup = backups.take(self.path, self.data_dir, "before-upgrade", key=self.key)
            migrate(_writing(self.engine))
        if not read_only:
            for suffix in ("-wal", "-shm"):
                side = self.path.with_name(self.path.name + suffix)
                if side.exists():
                    os.chmod(side, 0o600)
            if self.key is not None:
                kept_files.finish(self.data_dir, self.key)  # a change of protection that was stopped
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._writes = sessionmaker(_writing(self.engine), expire_on_commit=False)

    @classmethod
    def open_damaged(cls, data_dir: Path, key: Key | None = None) -> Database:
        """The database file opened for reading only, without any check: to save what can still be read."""
        self = cls.__new__(cls)
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / DATABASE_NAME
        self.backup, self.read_only, self._marker, self._watch, self._seen = None, True, None, None, 0
        self._given_key = key
        self.key = key if cipher.encrypted(self.path) else None
        self.engine = _engine(self.path, read_only=True, key=self.key)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._writes = sessionmaker(_writing(self.engine), expire_on_commit=False)
        return self

    def _build_aside(self) -> None:
        """A first start: build the whole schema in a file of its own, then put it in place at once.

        Under a short lock of its own, so that two programs starting at once build one database; and only
        when there is no backup either: a records file that vanished is reported, not silently replaced."""
        first_start = FolderLock(self.data_dir, FIRST_START_LOCK)
        first_start.acquire(wait=True)
        try:
            if self.path.exists():
                return  # another program built it meanwhile
            if backups.list_files(self.data_dir):
                raise problems.damaged(
                    self.path,
                    "the file is missing, though there are backups of it",
                    _advice(self.data_dir) + " To start with no records instead, move the backups folder away.",
                )
            for suffix in ("-wal", "-shm"):  # a log without its database would be applied to the new one
                self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
            fresh = self.path.with_name(f"{self.path.name}.new-{os.getpid()}")
            create_private_file(fresh)
            engine = _engine(fresh, read_only=False)
            try:
                migrate(engine)
            finally:
                engine.dispose()
            with sqlite3.connect(fresh) as con:
                con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            con.close()
            for suffix in ("-wal", "-shm"):
                fresh.with_name(fresh.name + suffix).unlink(missing_ok=True)
            os.replace(fresh, self.path)
        finally:
            first_start.release()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed whole, or rolled back whole on any error."""
        with self._writes.begin() as session:
            yield session
        if self._watch is not None:
            self._seen = self._data_version()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    def back_up(self, reason: str, target: Path | None = None) -> Path:
        """A consistent copy of the records now (see `storage.backups`)."""
        return backups.take(self.path, self.data_dir, reason, target, key=self.key)

    def _data_version(self) -> int:
        if self._watch is None:
            uri = backups.read_only_uri(self.path)
            self._watch = cipher.connect(uri, self.key, uri=True, check_same_thread=False)
        (version,) = self._watch.execute("PRAGMA data_version").fetchone()
        return int(version)

    def changed_elsewhere(self) -> bool:
        """True once after another program (the command line, another window) changed the records."""
        if self._watch is None:
            self._seen = self._data_version()
            return False
        version = self._data_version()
        changed, self._seen = version != self._seen, version
        return changed

    def _unmark(self) -> None:
        if self._marker is not None:
            self._marker.unlink(missing_ok=True)
            self._marker = None

    def close(self) -> None:
        self.engine.dispose()
        if self._watch is not None:
            self._watch.close()
            self._watch = None
        self._unmark()


def _engine(path: Path, read_only: bool, key: Key | None = None) -> Engine:
    url = f"sqlite:///{backups.read_only_uri(path)}&uri=true" if read_only else f"sqlite:///{path}"
    # hide_parameters: an error message never carries a person's data; timeout: wait for another writer
    if key is not None:
        # SQLCipher's DB-API as the pysqlite dialect's module (so that its errors are SQLAlchemy's), each
        # connection keyed before SQLAlchemy or the pragmas below read anything
        target = backups.read_only_uri(path) if read_only else str(path)

        def keyed() -> object:
            return cipher.connect(target, key, uri=read_only, timeout=problems.LOCK_WAIT, check_same_thread=False)

        engine = create_engine(url, hide_parameters=True, module=cipher.dbapi(), creator=keyed)
    else:
        engine = create_engine(url, hide_parameters=True, connect_args={"timeout": problems.LOCK_WAIT})
    event.listen(engine, "connect", _pragmas_read_only if read_only else _pragmas)
    event.listen(engine, "begin", _begin)
    return engine


def _writing(engine: Engine) -> Engine:
    return engine.execution_options(triallog_writes=True)


def _pragmas_read_only(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    dbapi_connection.isolation_level = None
    dbapi_connection.execute("PRAGMA query_only=ON")
