"""Data folders for tests: one real first start per session, copied into each test that needs a database.

Migrating a new database takes about as long as a whole test; copying one file takes a millisecond. The copy
is what a first start leaves (tests/test_fresh_folder.py compares the two), so a test cannot tell them apart.
Tests about the first start itself (building the database, its lock, permissions, migrations, crash
safety) still start for real in an empty folder.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from triallog.paths import DATABASE_NAME
from triallog.storage.lock import FIRST_START_LOCK

#: the `fresh_folder` fixture: `fresh_folder(path)` lays out a first start's data folder at `path`, returns it
FreshFolder = Callable[[Path], Path]

#: what a first start leaves in the data folder once its database is closed and checkpointed
FIRST_START_FILES = (FIRST_START_LOCK, DATABASE_NAME)


def start_for_real(folder: Path) -> Path:
    """A real first start in `folder`, closed so that its database is one whole file: the template."""
    from triallog.services.workspace import open_workspace

    open_workspace(folder).close()
    # The last connection to close a WAL database folds the log in and removes it, unless it may not
    # write (the read-only check of the schema may be last): close with one that may.
    with closing(sqlite3.connect(folder / DATABASE_NAME)) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    left = sorted(p.name for p in folder.iterdir())
    assert left == sorted(FIRST_START_FILES), f"a first start left more than its database: {left}"
    return folder


def copy_first_start(template: Path, folder: Path) -> Path:
    """`folder` as the first start in `template` left its own: the same files, private as TrialLog makes them."""
    from triallog.storage.folder import prepare_folder

    prepare_folder(folder)  # created 0700, as opening the workspace creates it
    if any(folder.iterdir()):
        raise AssertionError(f"{folder} is not empty; a first start happens only in an empty folder")
    for name in FIRST_START_FILES:
        shutil.copyfile(template / name, folder / name)
        os.chmod(folder / name, 0o600)
    return folder
