"""The one connection factory: plain SQLite (the stdlib) for a plain records file, SQLCipher for a protected one.

A file's first 16 bytes say which it is: "SQLite format 3\\0" is plain; SQLCipher writes a random salt
there. A protected file is keyed with the raw 32-byte master key (`PRAGMA key = "x'…'"`), so opening it
costs no key derivation; the passphrase's scrypt runs once, when the vault is unlocked.

`sqlcipher3` is imported only when a protected file is opened: a plain folder starts as before.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from triallog.paths import DATABASE_NAME
from triallog.storage.vault import VAULT_NAME, Key

PLAIN_HEADER = b"SQLite format 3\x00"


def header(path: Path) -> bytes:
    """The first 16 bytes of `path` (b"" for a missing or empty file)."""
    try:
        with open(path, "rb") as f:
            return f.read(16)
    except FileNotFoundError:
        return b""


def encrypted(path: Path) -> bool:
    """Whether `path` is a protected (SQLCipher) database: a whole header that is not plain SQLite's."""
    found = header(path)
    return len(found) == 16 and found != PLAIN_HEADER


def records_protected(folder: Path) -> bool:
    """Whether the records file of a data folder is protected: its header is not plain SQLite's, and the
    folder has the vault that opens it (a damaged file with a garbled header and no vault is damaged)."""
    return encrypted(Path(folder) / DATABASE_NAME) and (Path(folder) / VAULT_NAME).exists()


def dbapi() -> ModuleType:
    """SQLCipher's DB-API module (SQLAlchemy's `module=`), imported on first use."""
    from sqlcipher3 import dbapi2  # (a plain import: PyInstaller's analysis finds it for the bundle)

    module: ModuleType = dbapi2
    return module


def database_errors() -> tuple[type[Exception], ...]:
    """The DB-API error classes a connection may raise: stdlib sqlite3's, and SQLCipher's once it is loaded."""
    loaded = sys.modules.get("sqlcipher3.dbapi2")
    return (sqlite3.Error,) if loaded is None else (sqlite3.Error, loaded.Error)


def connect(database: str | os.PathLike[str], key: Key | None, **options: Any) -> Any:
    """A DB-API connection to `database` (a path, or an SQLite URI with `uri=True`): the stdlib's when `key`
    is None, else SQLCipher's, keyed before anything else is read."""
    if key is None:
        return sqlite3.connect(database, **options)
    connection = dbapi().connect(database, **options)
    try:
        key_connection(connection, key)
    except BaseException:
        connection.close()
        raise
    return connection


def key_connection(connection: Any, key: Key) -> None:
    """Key a fresh SQLCipher connection. SQLCipher's own log is silenced: it would write a line to stderr
    for a wrong key, and a person is told in TrialLog's own words instead."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA cipher_log_level = NONE")
    cursor.execute(f"PRAGMA key = {key.sqlcipher_pragma()}")
    cursor.close()


def copy_with_backup(source_uri: str, source_key: Key | None, target: Path, target_key: Key | None) -> None:
    """Copy the database at `source_uri` (read-only URI) into the file `target`, under `target_key`.

    One key for both: SQLite's online backup API, a consistent snapshot even while another program
    writes. Two keys (plain into protected, protected into plain, or two master keys): `sqlcipher_export`,
    which reads the source in one transaction and writes every table, index and row anew."""
    if source_key == target_key:
        src = connect(source_uri, source_key, uri=True)
        dest = connect(target, target_key)
        try:
            src.backup(dest)
        finally:
            dest.close()
            src.close()
        return
    export(source_uri, source_key, target, target_key)


def export(source_uri: str, source_key: Key | None, target: Path, target_key: Key | None) -> None:
    """`sqlcipher_export` of the source into the (new, empty) file `target`, keyed with `target_key`
    (None: a plain file). Runs on SQLCipher even for a plain source: the stdlib has no sqlcipher_export."""
    connection = dbapi().connect(source_uri, uri=True, isolation_level=None)
    try:
        if source_key is not None:
            key_connection(connection, source_key)
        else:
            connection.execute("PRAGMA cipher_log_level = NONE")
        target_pragma = "''" if target_key is None else target_key.sqlcipher_pragma()
        connection.execute(f"ATTACH DATABASE ? AS exported KEY {target_pragma}", (str(target),))
        try:
            connection.execute("BEGIN")  # one snapshot of the source, read whole
            connection.execute("SELECT sqlcipher_export('exported')").fetchall()
            connection.execute("COMMIT")
        finally:
            connection.execute("DETACH DATABASE exported")
    finally:
        connection.close()
