"""Backups for the person: take one now, list them, restore one, and save what a damaged file still holds.

The window and the command line both call these; the files and their rotation are `storage.backups`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from triallog.domain import records as r
from triallog.domain.errors import ValidationError
from triallog.storage import backups, cipher, people
from triallog.storage.backups import Backup
from triallog.storage.db import KNOWN_REVISIONS, SCHEMA_REVISION, Database, prepare_folder
from triallog.storage.lock import FolderLock
from triallog.storage.problems import Kind, StorageProblem
from triallog.storage.vault import Key, PassphraseNeeded

__all__ = [
    "Backup",
    "BackupKeyNeeded",
    "Salvaged",
    "back_up_now",
    "daily_backup",
    "list_backups",
    "newest_good_backup",
    "restore",
    "salvage",
    "salvage_to",
]


class BackupKeyNeeded(PassphraseNeeded):
    """The backup is protected under a key that was not given: its own passphrase (or recovery key) opens it."""


def list_backups(data_dir: Path, key: Key | None = None) -> list[Backup]:
    """Every backup, newest first, each checked and counted (a protected one opened with `key`)."""
    return backups.list_backups(Path(data_dir), key)


def newest_good_backup(data_dir: Path, key: Key | None = None) -> Backup | None:
    """The newest backup that is sound and that this TrialLog can open (a protected one with `key`)."""
    return backups.newest_good(Path(data_dir), KNOWN_REVISIONS, key)


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
    if path is None:
        return backups.inspect(db.back_up("manual"), key=db.key)
    try:
        made = db.back_up("manual", path)
    except OSError as error:  # a place the person chose: their input, not the data folder
        raise ValidationError("FILE", f"cannot be written: {error.strerror or error}", str(target)) from None
    return backups.inspect(made, key=db.key)


def daily_backup(db: Database) -> Path | None:
    """The day's backup, taken when the window opens, unless one was taken today already."""
    if db.read_only or backups.taken_today(db.data_dir):
        return None
    return db.back_up("daily")


def restore(
    data_dir: Path, source: str | os.PathLike[str], key: Key | None = None, backup_key: Key | None = None
) -> Path | None:
    """Make the backup `source` the records, after checking it whole; the current file is kept aside.

    Nothing may have the database open: a window holding the folder is refused. Returns where the
    current database was kept (None when there was none). `key` opens protected records; a protected
    backup is opened with `backup_key`, else with `key` (BackupKeyNeeded when neither fits: then
    `services.protection.unlock_backup` gives its key). The records keep their protection, whatever the
    backup's: protected records stay protected under their own key, plain ones stay plain."""
    data_dir = prepare_folder(Path(data_dir))
    path = Path(source).expanduser()
    if not path.is_file():
        raise ValidationError("FILE", "no such file", str(source))
    database = data_dir / "triallog.db"
    if cipher.records_protected(data_dir) and key is None:
        raise PassphraseNeeded("These records are protected by a passphrase, and none was given.")
    found = backups.inspect(path, key=backup_key or key)
    if found.locked:
        raise BackupKeyNeeded(f"The backup {path.name} is protected by a passphrase (the one it was taken under).")
    if not found.good:
        raise ValidationError("FILE", f"is not a backup that can be restored: {found.problem}", str(source))
    if found.revision not in KNOWN_REVISIONS:
        raise ValidationError(
            "FILE",
            f"was made by a newer TrialLog (schema {found.revision}; this one knows up to {SCHEMA_REVISION})",
            str(source),
        )
    if database.exists() and path.resolve() == database.resolve():
        raise ValidationError("FILE", "is the records file itself; give a backup", str(source))
    lock = FolderLock(data_dir)
    if not lock.acquire():
        raise StorageProblem(
            Kind.LOCKED,
            "Your records are open in a TrialLog window. Close it, then restore again (nothing was changed).",
            data_dir,
        )
    try:
        return backups.restore_into(database, data_dir, path, backup_key or key, key)
    finally:
        lock.release()


@dataclass
class Salvaged:
    people: list[r.Person] = field(default_factory=list)
    #: the people, or rows, that could not be read, in words
    lost: list[str] = field(default_factory=list)


def salvage(data_dir: Path, key: Key | None = None) -> Salvaged:
    """Everyone whose whole record can still be read from a damaged database, and who could not be."""
    if not (Path(data_dir) / "triallog.db").is_file():
        raise ValidationError("--data-dir", "holds no records file (triallog.db) to save anything from", str(data_dir))
    if cipher.records_protected(Path(data_dir)) and key is None:
        raise PassphraseNeeded("These records are protected by a passphrase, and none was given.")
    db = Database.open_damaged(data_dir, key)
    found = Salvaged()
    try:
        try:
            with db.reading() as session:
                ids = people.person_ids(session)
        except Exception as error:  # a damaged file fails in many ways; each means "cannot be read"
            found.lost.append(f"the list of people ({type(error).__name__})")
            return found
        for person_id in ids:
            try:
                with db.reading() as session:
                    person = people.whole_record(session, person_id)
                if person is None:
                    raise ValidationError("person", "no longer exists", person_id)
                found.people.append(person)
            except Exception as error:
                found.lost.append(f"person number {person_id} ({type(error).__name__})")
    finally:
        db.close()
    return found


def salvage_to(
    data_dir: Path,
    target: str | os.PathLike[str],
    replace: bool = False,
    write_empty: bool = True,
    key: Key | None = None,
) -> Salvaged:
    """Save everyone still readable from a damaged database to an exchange file (.json). `replace`: the
    person already agreed to replace `target`; without `write_empty`, no file when nobody could be read."""
    from triallog.domain.dates import now_utc
    from triallog.exchange.writer import dumps, exchange_document
    from triallog.services.transfer import write_atomically

    out = Path(target).expanduser()
    if out.suffix.lower() != ".json":
        raise ValidationError("FILE", "must end in .json", str(target))
    if out.exists() and not replace:
        raise ValidationError("FILE", "already exists; choose a new name", str(target))
    if not out.parent.is_dir():
        raise ValidationError("FILE", f"no such folder: {out.parent}", str(target))
    found = salvage(data_dir, key)
    if not found.people and not write_empty:
        return found
    try:
        write_atomically(out, dumps(exchange_document(found.people, now_utc())))
    except OSError as error:
        raise ValidationError("FILE", f"cannot be written: {error.strerror or error}", str(target)) from None
    return found
