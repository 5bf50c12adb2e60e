"""Backups of the records file: taken with SQLite's online backup API, checked, kept by a rotation.

A backup is a complete SQLite database in the `backups` folder of the data folder, named by the time it
was taken and why: `triallog-2026-12-05T091500-daily.db`. SQLite's backup API copies a consistent
snapshot that includes changes still held only in the `-wal` file, even while another program writes.

Taken automatically before every schema upgrade, before every import and once a day when the window
opens. The automatic ones are kept by a rotation: the five newest, the newest of each of the last seven
days that have one, and the newest of each of the four weeks before those. Backups the person asks for
(`triallog backup`) are never removed.

A backup of protected records is protected too: the same SQLCipher key, and beside it a copy of the
vault.json in force when it was taken (`triallog-…-daily.db.vault.json`), so that it can be restored with
the passphrase of its day (or the recovery key) even after the passphrase changed or protection was
turned off and on again.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote

from triallog.paths import ensure_private_dir
from triallog.storage import cipher, leftovers, vault
from triallog.storage.problems import LOCK_WAIT
from triallog.storage.vault import Key

FOLDER = "backups"
STAMP = "%Y-%m-%dT%H%M%S"
AUTOMATIC = ("daily", "before-import", "before-upgrade")
KEEP_NEWEST, KEEP_DAYS, KEEP_WEEKS = 5, 7, 4


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: datetime
    reason: str
    #: None when the file is damaged (see `problem`)
    people: int | None = None
    trials: int | None = None
    revision: str | None = None
    problem: str = ""
    #: a protected (encrypted) backup; when its key was not given, it is not `good` until unlocked
    protected: bool = False

    @property
    def good(self) -> bool:
        return not self.problem

    @property
    def locked(self) -> bool:
        """Protected, and the key it was given (if any) does not open it: its passphrase is needed."""
        return self.problem in (NEEDS_PASSPHRASE, OTHER_KEY)

    @property
    def reason_text(self) -> str:
        return {
            "daily": "daily",
            "before-import": "before an import",
            "before-upgrade": "before an upgrade",
            "manual": "made by you",
            "set-aside": "set aside by a restore",
            "damaged": "set aside as damaged",
        }.get(self.reason, self.reason)


def read_only_uri(path: Path) -> str:
    """An SQLite URI that opens `path` for reading only, whatever characters its name holds.

    A WAL database needs its `-shm` index beside it, which SQLite cannot create in a folder that cannot
    be written (a read-only disk, a folder of someone else's). When there is no `-wal` log with changes
    in it either, the file alone holds everything, and is opened as unchangeable (`immutable`)."""
    uri = f"file:{quote(str(path))}?mode=ro"
    shm, wal = (path.with_name(path.name + suffix) for suffix in ("-shm", "-wal"))
    if not os.access(path.parent, os.W_OK) and not shm.exists() and (not wal.exists() or wal.stat().st_size == 0):
        uri += "&immutable=1"
    return uri


def folder_of(data_dir: Path) -> Path:
    return Path(data_dir) / FOLDER


def vault_beside(backup: Path) -> Path:
    """Where the copy of the vault that opens a protected backup is kept."""
    return backup.with_name(backup.name + "." + vault.VAULT_NAME)


def copy_database(
    source: Path, target: Path, wal: bool = False, key: Key | None = None, source_key: Key | None = None
) -> None:
    """A consistent copy of the database `source` at `target` (0600), written aside then moved into place:
    one self-contained file, or (`wal`) one in WAL mode, ready to be the records. `source_key` opens a
    protected source; the copy is protected with `key` (None: plain). `source_key` defaults to `key`."""
    source_key = key if source_key is None and cipher.encrypted(source) else source_key
    part = leftovers.part_name(target)
    part.unlink(missing_ok=True)
    fd = os.open(part, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    os.close(fd)
    try:
        cipher.copy_with_backup(read_only_uri(source), source_key, part, key)
        dest = cipher.connect(part, key)
        try:
            dest.execute("PRAGMA journal_mode=WAL" if wal else "PRAGMA journal_mode=DELETE")
        finally:
            dest.close()
        os.chmod(part, 0o600)
        with open(part, "rb+") as out:
            os.fsync(out.fileno())
        os.replace(part, target)
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def take(database: Path, data_dir: Path, reason: str, target: Path | None = None, key: Key | None = None) -> Path:
    """Back up the database file now; an automatic backup also rotates the older ones. A protected database
    (given its `key`) gives a protected backup, with a copy of the folder's vault beside it."""
    if target is None:
        folder = ensure_private_dir(folder_of(data_dir))
        stamp = datetime.now().strftime(STAMP)
        target = folder / f"triallog-{stamp}-{reason}.db"
        n = 1
        while target.exists():  # two in one second: keep both
            n += 1
            target = folder / f"triallog-{stamp}-{reason}-{n}.db"
    key = key if cipher.encrypted(database) else None
    if key is not None:  # the vault first: a protected backup is never without what opens it
        vault.write_file(vault_beside(target), vault.path_in(data_dir).read_bytes())
    copy_database(database, target, key=key)
    if reason in AUTOMATIC:
        rotate(folder_of(data_dir))
    return target


def parse_name(path: Path) -> tuple[datetime, str] | None:
    """(taken, reason) from a backup's file name, or None for a file that is not one."""
    name = path.name
    if not (name.startswith("triallog-") and name.endswith(".db")):
        return None
    middle = name[len("triallog-") : -len(".db")]
    try:
        taken = datetime.strptime(middle[:17], STAMP)
    except ValueError:
        return None
    reason = middle[18:].rstrip("-0123456789") or "manual"
    return taken, reason


def _files(folder: Path) -> list[tuple[datetime, str, Path]]:
    """(taken, reason, path) of every backup, newest first (two in one second: the one written last first)."""
    if not folder.is_dir():
        return []
    found = [(*parsed, path) for path in folder.iterdir() if (parsed := parse_name(path))]

    def order(item: tuple[datetime, str, Path]) -> tuple[datetime, int, int]:
        number = item[2].stem.rsplit("-", 1)[-1]
        try:
            written = item[2].stat().st_mtime_ns
        except OSError:
            written = 0
        return item[0], written, int(number) if number.isdigit() else 1

    return sorted(found, key=order, reverse=True)


def rotate(folder: Path) -> list[Path]:
    """Remove the automatic backups the rotation no longer keeps; returns the removed files."""
    automatic = [(taken, path) for taken, reason, path in _files(folder) if reason in AUTOMATIC]
    keep = {path for _, path in automatic[:KEEP_NEWEST]}
    days: dict[date, Path] = {}
    for taken, path in automatic:
        days.setdefault(taken.date(), path)
    day_keys = list(days)[:KEEP_DAYS]
    keep |= {days[d] for d in day_keys}
    oldest_week = min(d.isocalendar()[:2] for d in day_keys) if day_keys else None
    weeks: dict[tuple[int, ...], Path] = {}
    for taken, path in automatic:
        week = taken.isocalendar()[:2]
        if oldest_week is None or week < oldest_week:  # whole weeks before the days kept one by one
            weeks.setdefault(week, path)
    keep |= {weeks[w] for w in list(weeks)[:KEEP_WEEKS]}
    removed = [path for _, path in automatic if path not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
        vault_beside(path).unlink(missing_ok=True)
    return removed


def inspect(path: Path, taken: datetime | None = None, reason: str = "", key: Key | None = None) -> Backup:
    """Open a backup read-only: is it a sound TrialLog database, and how many people and trials does it hold.
    A protected backup is opened with `key`; without the key that fits, it is listed as `protected`."""
    parsed = parse_name(path)
    if taken is None:
        taken = parsed[0] if parsed else datetime.fromtimestamp(path.stat().st_mtime)
        reason = parsed[1] if parsed else "manual"
    protected = cipher.encrypted(path)
    key = key if protected else None
    problem = check_file(path, key=key)
    if problem:
        return Backup(path, taken, reason, problem=problem, protected=protected)
    con = cipher.connect(read_only_uri(path), key, uri=True)
    try:
        (revision,) = con.execute("SELECT version_num FROM alembic_version").fetchone()
        (people,) = con.execute("SELECT count(*) FROM person").fetchone()
        (trials,) = con.execute("SELECT count(*) FROM trial").fetchone()
    except cipher.database_errors() as error:
        return Backup(path, taken, reason, problem=f"not a TrialLog database ({error})", protected=protected)
    finally:
        con.close()
    return Backup(path, taken, reason, people, trials, revision, protected=protected)


#: what `check_file` says of a protected file it was not given the key of, or given another key for
NEEDS_PASSPHRASE = "protected by a passphrase"
OTHER_KEY = "protected by another passphrase (the one it was taken under, or its recovery key, opens it)"


def check_file(path: Path, quick: bool = False, key: Key | None = None) -> str:
    """ "" when `path` is a sound SQLite database with a TrialLog schema, else what is wrong, in a few words.
    A protected file is checked with `key`."""
    try:
        if path.stat().st_size == 0:
            return "the file is empty"
        with open(path, "rb") as f:
            header = f.read(16)
    except OSError as error:
        return f"cannot be read ({error.strerror})"
    if header != cipher.PLAIN_HEADER:
        protected = len(header) == 16 and (
            vault_beside(path).exists() or vault.path_in(path.parent).exists() or key is not None
        )
        if not protected:
            return "not a database file"
        if key is None:
            return NEEDS_PASSPHRASE
    try:
        con = cipher.connect(read_only_uri(path), key if header != cipher.PLAIN_HEADER else None, uri=True)
    except cipher.database_errors() as error:
        return f"damaged ({error})"
    try:
        rows = con.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check").fetchall()
        if rows != [("ok",)]:
            return "damaged (" + "; ".join(str(r[0]) for r in rows[:3]) + ")"
        if not con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone():
            return "not a TrialLog database"
    except cipher.database_errors() as error:
        if header != cipher.PLAIN_HEADER and "not a database" in str(error):
            return OTHER_KEY
        return f"damaged ({error})"
    finally:
        con.close()
    return ""


def list_files(data_dir: Path) -> list[Path]:
    """The backup files in the data folder, newest first, unchecked."""
    return [path for _, _, path in _files(folder_of(data_dir))]


def list_backups(data_dir: Path, key: Key | None = None) -> list[Backup]:
    """Every backup in the data folder, newest first, each checked (a protected one with `key`)."""
    return [inspect(path, taken, reason, key) for taken, reason, path in _files(folder_of(data_dir))]


def newest_good(data_dir: Path, known: Iterable[str], key: Key | None = None) -> Backup | None:
    """The newest backup that is sound and that this TrialLog can open (a protected one with `key`)."""
    known = set(known)
    for taken, reason, path in _files(folder_of(data_dir)):
        backup = inspect(path, taken, reason, key)
        if backup.good and backup.revision in known:
            return backup
    return None


def taken_today(data_dir: Path) -> bool:
    """Whether today has its backup of the day already (one made by the person counts)."""
    today = datetime.now().date()
    return any(taken.date() == today and why in ("daily", "manual") for taken, why, _ in _files(folder_of(data_dir)))


def _aside_name(data_dir: Path, why: str) -> Path:
    folder = ensure_private_dir(folder_of(data_dir))
    stamp = datetime.now().strftime(STAMP)
    target = folder / f"triallog-{stamp}-{why}.db"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"triallog-{stamp}-{why}-{n}.db"
    return target


def restore_into(
    database: Path, data_dir: Path, source: Path, source_key: Key | None = None, key: Key | None = None
) -> Path | None:
    """Make the backup `source` (opened with `source_key` when protected) the records in `database`; returns
    where a copy of the records as they were is kept (None when there was no database). The caller has
    checked `source` whole. The records keep their protection: under `key` when the database is protected
    (then `key` is its key), plain when it is not, whatever the backup's; the vault is never changed.

    A sound database is overwritten through SQLite's backup API: one transaction, under SQLite's own
    locks, so that a program reading or writing meanwhile sees the old records or the new, never a mix,
    and nothing is lost if this is stopped half-way. A damaged one (which SQLite may not open) is kept
    aside byte for byte, with its -wal, and replaced by a whole copy moved into place in one rename."""
    source_key = source_key if cipher.encrypted(source) else None
    if database.exists() and not cipher.encrypted(database):
        key = None  # plain records stay plain
    if not database.exists():
        target = database.with_name(database.name + ".restoring")
        copy_database(source, target, wal=True, key=key, source_key=source_key)
        os.replace(target, database)
        return None
    sound = not check_file(database, quick=True, key=key)
    kept = _aside_name(data_dir, "set-aside" if sound else "damaged")
    if key is not None:
        vault.write_file(vault_beside(kept), vault.path_in(data_dir).read_bytes())
    if sound:
        copy_database(database, kept, key=key)
        if source_key != key:  # first the backup under the records' own key, beside them (never plain there)
            same_key = database.with_name(database.name + ".restoring")
            same_key.unlink(missing_ok=True)
            try:
                copy_database(source, same_key, key=key, source_key=source_key)
                _overwrite(same_key, database, key)
            finally:
                same_key.unlink(missing_ok=True)
        else:
            _overwrite(source, database, key)
        return kept
    target = database.with_name(database.name + ".restoring")
    copy_database(source, target, wal=True, key=key, source_key=source_key)
    wal, shm = (database.with_name(database.name + suffix) for suffix in ("-wal", "-shm"))
    _copy_private(database, kept)
    if wal.exists():
        _copy_private(wal, kept.with_name(kept.name + "-wal"))
    for side in (wal, shm):  # a log of the damaged file must never be applied to the restored one
        side.unlink(missing_ok=True)
    os.replace(target, database)
    return kept


def protect_all(data_dir: Path, key: Key) -> list[Path]:
    """Protect every plain backup of the folder with `key`, each with the folder's vault beside it; returns
    the files that could not be (a damaged backup SQLite cannot read), which stay as they were.

    Each is rewritten whole: a protected copy beside it, renamed over it (`copy_database`)."""
    kept_plain: list[Path] = []
    vault_bytes = vault.path_in(data_dir).read_bytes()
    folder = folder_of(data_dir)
    found = [path for _, _, path in _files(folder)]
    found += [path for path in folder.glob("triallog-*.db-wal")] if folder.is_dir() else []
    for path in found:
        if cipher.encrypted(path):
            continue
        if path.name.endswith("-wal") or check_file(path):
            kept_plain.append(path)
            continue
        vault.write_file(vault_beside(path), vault_bytes)
        copy_database(path, path, key=key, source_key=None)
    return kept_plain


def follow_vault(data_dir: Path, key: Key) -> None:
    """Give every backup that `key` opens a copy of the folder's vault as it is now, so that after a change
    of passphrase the old one opens none of them (a backup of an earlier key keeps the vault of its day)."""
    vault_bytes = vault.path_in(data_dir).read_bytes()
    for _, _, path in _files(folder_of(data_dir)):
        if cipher.encrypted(path) and _opens(path, key):
            vault.write_file(vault_beside(path), vault_bytes)


def _opens(path: Path, key: Key) -> bool:
    try:
        con = cipher.connect(read_only_uri(path), key, uri=True)
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            con.close()
    except cipher.database_errors():
        return False
    return True


def _overwrite(source: Path, database: Path, key: Key | None) -> None:
    """Overwrite the sound `database` with `source` (both under `key`) through SQLite's backup API: one
    transaction, under SQLite's own locks."""
    src = cipher.connect(read_only_uri(source), key, uri=True)
    dest = cipher.connect(database, key, timeout=LOCK_WAIT)
    try:
        src.backup(dest)
        dest.execute("PRAGMA journal_mode=WAL")  # the backup came in its own mode: the records' is WAL
    finally:
        dest.close()
        src.close()


def _copy_private(source: Path, target: Path) -> None:
    fd = os.open(target, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out, open(source, "rb") as data:
        shutil.copyfileobj(data, out)
        out.flush()
        os.fsync(out.fileno())
