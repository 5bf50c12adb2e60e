"""The SQLite database: engine and pragmas, schema checks, migrations with a copy set aside."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from triallog.paths import DATABASE_NAME, create_private_file, ensure_private_dir

#: the newest schema revision this program knows, oldest first
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004")
SCHEMA_REVISION = KNOWN_REVISIONS[-1]


class DatabaseTooNew(Exception):
    """The database was written by a newer TrialLog; this one must not touch it."""


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
    """Every transaction, schema changes included, is one SQLite transaction: all of it, or none."""
    connection.exec_driver_sql("BEGIN")


def stored_revision(path: Path) -> str | None:
    """The schema revision of the database file, read without changing it (None: no schema)."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    sides = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    absent = [side for side in sides if not side.exists()]
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        has_table = con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone()
        if not has_table:
            return None
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        con.close()
        # Reading a WAL database creates its side files (an index and an empty log); they were
        # not there before, so no other connection uses them: leave the folder as it was found.
        for side in absent:
            side.unlink(missing_ok=True)


def backup_copy(path: Path, revision: str) -> Path:
    """Copy the database aside, consistently (SQLite's backup API), before it migrates."""
    stamp = datetime.now().strftime("%Y-%m-%dT%H%M%S")
    target = path.with_name(f"{path.stem}.before-upgrade-from-{revision}-{stamp}.db")
    create_private_file(target)
    source = sqlite3.connect(path)
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()
    os.chmod(target, 0o600)
    return target


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
    """One TrialLog database in a data folder: `with db.transaction() as session: ...`."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = ensure_private_dir(Path(data_dir))
        self.path = self.data_dir / DATABASE_NAME
        self.backup: Path | None = None
        revision = stored_revision(self.path)
        if revision is not None and revision not in KNOWN_REVISIONS:
            raise DatabaseTooNew(
                f"{self.path} was written by a newer version of TrialLog (schema {revision}); "
                "this version knows schemas up to "
                f"{SCHEMA_REVISION}. Install the newer TrialLog to open it. Nothing was changed."
            )
        create_private_file(self.path)
        self.engine = create_engine(f"sqlite:///{self.path}")
        event.listen(self.engine, "connect", _pragmas)
        event.listen(self.engine, "begin", _begin)
        if revision != SCHEMA_REVISION:
            if revision is not None:
                self.backup = backup_copy(self.path, revision)
            migrate(self.engine)
        for suffix in ("-wal", "-shm"):
            side = self.path.with_name(self.path.name + suffix)
            if side.exists():
                os.chmod(side, 0o600)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed whole, or rolled back whole on any error."""
        with self._sessions.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()
