"""Open the user's TrialLog data folder and its database.

Light on purpose: `Database` (and SQLAlchemy with it) is imported when a database is opened, so that a
command which never opens one (or reads it without the ORM) starts at once."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from triallog.paths import data_dir
from triallog.storage.records_file import DatabaseTooNew

if TYPE_CHECKING:
    from triallog.storage.db import Database
    from triallog.storage.vault import Key

__all__ = ["Database", "DatabaseTooNew", "open_workspace"]


def open_workspace(
    override: str | os.PathLike[str] | None = None, read_only: bool = False, key: Key | None = None
) -> Database:
    """The database in `--data-dir`, $TRIALLOG_DATA_DIR or the platform's data folder; `key` opens protected
    records (`services.protection.unlock`)."""
    from triallog.storage.db import Database

    return Database(data_dir(override), read_only=read_only, key=key)


def __getattr__(name: str) -> Any:
    if name == "Database":  # `from triallog.services.workspace import Database`, imported when asked for
        from triallog.storage.db import Database

        return Database
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
