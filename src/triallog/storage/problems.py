"""What went wrong with the data folder, in one plain sentence, and what to do about it.

Storage problems are not bugs: a lock held by another program, a full disk, a read-only or damaged
file. Every one becomes a `StorageProblem` with a message a person can act on; the command line prints it
and exits with status 3, the window shows it in a dialog. The message never holds any record's data (the
SQL parameters are hidden from SQLAlchemy's errors too: see `Database`).
"""

from __future__ import annotations

import errno
from enum import Enum
from pathlib import Path

#: how long a write waits for another program's write to finish, in seconds
LOCK_WAIT = 15


class Kind(Enum):
    LOCKED = "locked"
    FULL = "full"
    READ_ONLY = "read-only"
    DAMAGED = "damaged"
    EMPTY = "empty"
    UNREADABLE = "unreadable"
    UNWRITABLE = "unwritable"
    SHARED = "shared"
    DISK_ERROR = "disk error"
    #: the records are protected by a passphrase that was not given (or a vault that cannot be read)
    PROTECTED = "protected"


class StorageProblem(Exception):
    """The data folder cannot be used right now; `str()` says why and what to do, in plain words.

    `what` is what happened; `advice` the commands that help, for the command line (the window offers
    buttons instead); `message` both."""

    def __init__(self, kind: Kind, what: str, path: Path | None = None, advice: str = "") -> None:
        self.message = f"{what} {advice}" if advice else what
        super().__init__(self.message)
        self.kind = kind
        self.what = what
        self.advice = advice
        self.path = path


def _sqlite_error(error: BaseException) -> BaseException:
    """The DB-API error under SQLAlchemy's wrapper, if any."""
    return getattr(error, "orig", None) or error


def explain(error: BaseException, where: Path) -> StorageProblem | None:
    """The storage problem behind `error` (raised while using the database in folder `where`), or None."""
    # here: the window checks its folder with this module before its first paint
    from triallog.storage.cipher import database_errors
    from triallog.storage.vault import ProtectionError

    if isinstance(error, StorageProblem):
        return error
    if isinstance(error, ProtectionError):  # (the window and the command line ask first; this is what is left)
        return StorageProblem(Kind.PROTECTED, str(error), where)
    cause = _sqlite_error(error)
    text = str(cause).lower()
    if isinstance(cause, database_errors()):
        if "malformed" in text or "not a database" in text or "corrupt" in text:
            return damaged(where, "it is damaged")
        for words, kind in _SQLITE_WORDS:
            if any(word in text for word in words):
                return problem(kind, where)
        return None
    if isinstance(cause, OSError) and cause.errno in _ERRNO:
        kind = _ERRNO[cause.errno]
        refused = kind is Kind.UNWRITABLE and cause.filename is not None  # then the refused file is named
        return problem(kind, Path(cause.filename) if refused else where)
    return None


#: SQLite's words for each problem, in the order they are looked for
_SQLITE_WORDS = (
    (("locked", "busy"), Kind.LOCKED),
    (("disk is full",), Kind.FULL),
    (("readonly", "read-only"), Kind.READ_ONLY),
    (("disk i/o error",), Kind.DISK_ERROR),
    (("unable to open",), Kind.UNWRITABLE),
)
_ERRNO = {
    errno.ENOSPC: Kind.FULL,
    errno.EDQUOT: Kind.FULL,
    errno.EROFS: Kind.READ_ONLY,
    errno.EACCES: Kind.UNWRITABLE,
    errno.EPERM: Kind.UNWRITABLE,
}


#: what happened and what to do, for each problem that needs no more than the place it happened in
_SAID = {
    Kind.LOCKED: "Your records in {where} are busy: another program held them for more than {wait} seconds while "
    "saving (a backup or sync tool, or another TrialLog). Nothing was changed. Wait a moment and try again.",
    Kind.FULL: "The disk holding {where} is full, so nothing could be saved and nothing was changed. "
    "Free some space (empty the trash, remove large files), then try again.",
    Kind.READ_ONLY: "Your records in {where} can be read but not changed: the file or its disk is read-only. "
    "Nothing was changed. Make the folder writable again (or copy it to a writable place), then try again.",
    Kind.UNWRITABLE: "TrialLog may not write in {where} (permission denied). Nothing was changed. "
    "Choose a folder of your own, or ask whoever manages this computer to give you access.",
    Kind.UNREADABLE: "TrialLog may not read {where} (permission denied). Nothing was changed. "
    "Make the file yours again, or ask whoever manages this computer.",
    Kind.DISK_ERROR: "The disk holding {where} could not be read or written just now (a disk error). Nothing was "
    "changed. If it is a USB stick or a network folder, check that it is connected, then try again; if this "
    "keeps happening, see your backups with: triallog backups.",
    Kind.SHARED: "{where} is a folder shared with every user of this computer (anyone may add files to it), so "
    "TrialLog will not keep health records there, and did not change it. Choose a folder of your own.",
}


def problem(kind: Kind, where: Path) -> StorageProblem:
    """The problem of `kind` (one of those in `_SAID`) at `where`, in its plain words."""
    return StorageProblem(kind, _SAID[kind].format(where=where, wait=LOCK_WAIT), where)


def damaged(where: Path, what: str, advice: str = "", kind: Kind = Kind.DAMAGED) -> StorageProblem:
    """The records file cannot be used (`kind` DAMAGED or EMPTY): `what` is wrong, `advice` what helps."""
    return StorageProblem(
        kind,
        f"Your records file {where} cannot be used: {what}. Nothing was changed or replaced.",
        where,
        advice or "See your backups with: triallog backups; restore one with: triallog restore FILE.",
    )
