"""The records file, checked before anything opens it: sound, of a schema this program knows, left closed.

Light on purpose (stdlib only, no SQLAlchemy): `storage.db` opens the database after these checks, and
`storage.quick_read` answers a command that only lists, both with the same refusals in the same words.
"""

from __future__ import annotations

import os
from pathlib import Path

from triallog.paths import create_private_file
from triallog.storage import backups, cipher, leftovers, problems, vault
from triallog.storage.vault import Key

#: the schema revisions this program knows, oldest first; the last is the one it writes
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005")
SCHEMA_REVISION = KNOWN_REVISIONS[-1]


class DatabaseTooNew(Exception):
    """The database was written by a newer TrialLog; this one must not touch it."""


def too_new(path: Path, revision: str) -> DatabaseTooNew:
    return DatabaseTooNew(
        f"{path} was written by a newer version of TrialLog (schema {revision}); "
        "this version knows schemas up to "
        f"{SCHEMA_REVISION}. Install the newer TrialLog to open it. Nothing was changed."
    )


def stored_revision(path: Path, key: Key | None = None) -> str | None:
    """The schema revision of the database file, read without changing it (None: no schema); `key` opens a
    protected file."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    # (SQLite's own -wal and -shm files are never removed here: another process may be using them)
    con = cipher.connect(backups.read_only_uri(path), key if cipher.encrypted(path) else None, uri=True)
    try:
        has_table = con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone()
        if not has_table:
            return None
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        con.close()


def check_before_opening(
    path: Path, data_dir: Path, read_only: bool, key: Key | None = None
) -> tuple[str | None, Path | None]:
    """The schema revision of a sound file, and the mark left in the folder while it is open (none when
    `read_only`); an empty, unreadable or damaged file is refused, and then no mark is left. A protected
    file needs its `key` (PassphraseNeeded without one)."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            header = f.read(16)
    except FileNotFoundError:
        raise problems.damaged(path, "the file is missing", advice(data_dir)) from None
    except PermissionError:
        raise problems.problem(problems.Kind.UNREADABLE, path) from None
    if size == 0:
        empty = "the file is empty (0 bytes)"
        raise problems.damaged(path, empty, advice(data_dir, salvage=False), problems.Kind.EMPTY)
    if header != cipher.PLAIN_HEADER:
        if size < 16 or not vault.path_in(data_dir).exists():
            raise problems.damaged(path, "it is not a database file", advice(data_dir, key=key))
        if key is None:
            raise vault.PassphraseNeeded("These records are protected by a passphrase, and none was given.")
    unclean, marker = _mark_open(data_dir, read_only)
    try:
        return _sound_revision(path, data_dir, unclean, key), marker
    except BaseException:
        if marker is not None:
            marker.unlink(missing_ok=True)  # not opened after all
        raise


def _sound_revision(path: Path, data_dir: Path, unclean: bool, key: Key | None) -> str | None:
    try:
        if unclean and (found := backups.check_file(path, quick=True, key=key)):
            raise problems.damaged(path, f"it is {found}", advice(data_dir, key=key))
        return stored_revision(path, key)
    except cipher.database_errors() as error:
        problem = problems.explain(error, data_dir)
        if problem is not None and problem.kind is not problems.Kind.DAMAGED:
            raise problem from None  # busy, a disk error: not the file's fault
        if cipher.encrypted(path):
            what = "it cannot be read with the key in vault.json (the two do not belong together, or it is damaged)"
            raise problems.damaged(path, what, advice(data_dir, key=key)) from None
        raise problems.damaged(path, f"it is damaged ({error})", advice(data_dir, key=key)) from None


def _mark_open(data_dir: Path, read_only: bool) -> tuple[bool, Path | None]:
    """Leave a mark while open (unless `read_only`); True when a mark was left by a process that ended
    without closing (its process is gone, or the computer restarted since: the mark holds the boot's id)."""
    unclean = False
    boot = _boot_id()
    for mark in data_dir.glob(".open-*"):
        pid = mark.name.removeprefix(".open-")
        try:
            same_boot = mark.read_text(encoding="ascii", errors="replace").strip() == boot
        except OSError:
            same_boot = False
        if not (pid.isdigit() and same_boot and leftovers.alive(int(pid))):
            unclean = True
            if not read_only:
                mark.unlink(missing_ok=True)
    if read_only:
        return unclean, None
    marker = data_dir / f".open-{os.getpid()}"
    create_private_file(marker)
    marker.write_text(boot, encoding="ascii")
    return unclean, marker


def _boot_id() -> str:
    """This boot of the computer (Linux), so that a process number from before a restart is not taken
    for a live one; "" where the system does not say."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
    except OSError:
        return ""


def advice(data_dir: Path, salvage: bool = True, key: Key | None = None) -> str:
    """What to do about a damaged file: the newest good backup, if there is one."""
    good = backups.newest_good(data_dir, KNOWN_REVISIONS, key)
    if good is None:
        return (
            "No good backup was found in its backups folder. Move the file aside to start anew, or keep it for "
            "a specialist; TrialLog will not replace it."
        )
    counts = f"{good.people} {'person' if good.people == 1 else 'people'}, {good.trials} trials"
    first = " To save what can still be read first: triallog salvage FILE.json" if salvage else ""
    return (
        f"The newest good backup is from {good.taken:%Y-%m-%d %H:%M} ({counts}). Restore it with: "
        f'triallog restore "{good.path}".{first}'
    )
