"""Backups for the person: take one now, list them, restore one, and save what a damaged file still holds.

The window and the command line both call these; the files and their rotation are `storage.backups`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from triallog.domain import records as r
from triallog.domain.errors import ValidationError
from triallog.storage import backups
from triallog.storage import repositories as repo
from triallog.storage.backups import Backup
from triallog.storage.db import KNOWN_REVISIONS, SCHEMA_REVISION, Database
from triallog.storage.lock import FolderLock
from triallog.storage.problems import Kind, StorageProblem

__all__ = ["Backup", "Salvaged", "back_up_now", "daily_backup", "list_backups", "restore", "salvage"]


def list_backups(data_dir: Path) -> list[Backup]:
    """Every backup, newest first, each checked and counted."""
    return backups.list_backups(Path(data_dir))


def back_up_now(db: Database, target: str | os.PathLike[str] | None = None) -> Backup:
    """A backup the person asked for: into the backups folder, or to `target` (a .db file)."""
    path = None
    if target is not None:
        path = Path(target).expanduser()
        if path.suffix.lower() != ".db":
            raise ValidationError("FILE", "must end in .db (a backup is an SQLite database)", str(target))
        if not path.parent.is_dir():
            raise ValidationError("FILE", f"no such folder: {path.parent}", str(target))
        if path.exists():
            raise ValidationError("FILE", "already exists; choose a new name", str(target))
    made = db.back_up("manual", path)
    return backups.inspect(made)


def daily_backup(db: Database) -> Path | None:
    """The day's backup, taken when the window opens, unless one was taken today already."""
    if db.read_only or backups.taken_today(db.data_dir):
        return None
    return db.back_up("daily")


def restore(data_dir: Path, source: str | os.PathLike[str]) -> Path | None:
    """Make the backup `source` the records, after checking it whole; the current file is kept aside.

    Nothing may have the database open: a window holding the folder is refused. Returns where the
    current database was kept (None when there was none)."""
    data_dir = Path(data_dir)
    path = Path(source).expanduser()
    if not path.is_file():
        raise ValidationError("FILE", "no such file", str(source))
    found = backups.inspect(path)
    if not found.good:
        raise ValidationError("FILE", f"is not a backup that can be restored: {found.problem}", str(source))
    if found.revision not in KNOWN_REVISIONS:
        raise ValidationError(
            "FILE",
            f"was made by a newer TrialLog (schema {found.revision}; this one knows up to {SCHEMA_REVISION})",
            str(source),
        )
    lock = FolderLock(data_dir)
    if lock.path.exists() and not lock.acquire():
        raise StorageProblem(
            Kind.LOCKED,
            "Your records are open in a TrialLog window. Close it, then restore again (nothing was changed).",
            data_dir,
        )
    try:
        database = data_dir / "triallog.db"
        kept = backups.set_aside(database, data_dir, "set-aside") if database.exists() else None
        backups.put_in_place(path, database)
        return kept
    finally:
        lock.release()


@dataclass
class Salvaged:
    people: list[r.Person] = field(default_factory=list)
    #: the people, or rows, that could not be read, in words
    lost: list[str] = field(default_factory=list)


def salvage(data_dir: Path) -> Salvaged:
    """Everyone whose whole record can still be read from a damaged database, and who could not be."""
    db = Database.open_damaged(data_dir)
    found = Salvaged()
    try:
        try:
            with db.reading() as session:
                ids = repo.person_ids(session)
        except Exception as error:  # a damaged file fails in many ways; each means "cannot be read"
            found.lost.append(f"the list of people ({type(error).__name__})")
            return found
        for person_id in ids:
            try:
                with db.reading() as session:
                    found.people.append(repo.person_record(repo.whole_person_row(session, person_id)))
            except Exception as error:
                found.lost.append(f"person number {person_id} ({type(error).__name__})")
    finally:
        db.close()
    return found
