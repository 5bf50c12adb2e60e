"""The tests' copied data folder is the one a real first start makes: same files, modes and schema."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from tests.folders import FreshFolder
from triallog.services.workspace import open_workspace


def listing(folder: Path) -> dict[str, str]:
    """Each file and folder under `folder` (the folder itself as "."), with its permissions."""
    found = {".": oct(folder.stat().st_mode & 0o7777)}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder)).replace(f".open-{os.getpid()}", ".open-PID")
        found[name] = oct(path.stat().st_mode & 0o7777)
    return found


def contents(database: Path) -> list[str]:
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as con:
        pragmas = [f"{p}={con.execute(f'PRAGMA {p}').fetchone()[0]}" for p in ("journal_mode", "user_version")]
        return pragmas + list(con.iterdump())


def test_a_copied_folder_opens_exactly_as_a_first_start_leaves_one(tmp_path: Path, fresh_folder: FreshFolder) -> None:
    started = open_workspace(tmp_path / "started")
    copied = open_workspace(fresh_folder(tmp_path / "copied"))
    try:
        assert listing(copied.data_dir) == listing(started.data_dir)
        assert ".open-PID" in listing(copied.data_dir)  # open, and marked so, as the first start is
        assert contents(copied.path) == contents(started.path)
    finally:
        started.close()
        copied.close()
    assert listing(copied.data_dir) == listing(started.data_dir)
    assert not (copied.data_dir / "backups").exists()  # a first start takes no backup: nothing to back up
