"""Open the user's TrialLog data folder and its database."""

from __future__ import annotations

import os

from triallog.paths import data_dir
from triallog.storage.db import Database, DatabaseTooNew

__all__ = ["Database", "DatabaseTooNew", "open_workspace"]


def open_workspace(override: str | os.PathLike[str] | None = None, read_only: bool = False) -> Database:
    """The database in `--data-dir`, $TRIALLOG_DATA_DIR or the platform's data folder."""
    return Database(data_dir(override), read_only=read_only)
