"""Temporary files a killed program left in the data folder, or beside an export, removed at the next start.

Every file TrialLog writes is written under a temporary name and renamed into place when whole. A power
cut or a kill in between leaves the temporary file behind; the next start removes it. A file still being
written by another TrialLog that is running now is left alone: its writer's process is alive (for files
named by process), or it was touched in the last minute (for the others).

A vault.json beside a plain records file is what a stopped `protect` or `unprotect` left (the records
file's header decides: it says plain); it is removed when no window or protection change holds the folder.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from triallog.paths import DATABASE_NAME
from triallog.storage.cipher import PLAIN_HEADER, header
from triallog.storage.lock import FolderLock
from triallog.storage.vault import VAULT_NAME

#: a temporary file untouched for this long, in seconds, has no writer any more
QUIET = 60
JOURNAL = "writing"


def clean(data_dir: Path) -> list[Path]:
    """Remove the leftovers of killed writes; returns what was removed."""
    removed: list[Path] = []
    now = time.time()

    def remove(path: Path) -> None:
        try:
            path.unlink()
        except FileNotFoundError:
            return
        removed.append(path)

    for path in data_dir.glob("triallog.db.new-*"):
        pid = path.name.removeprefix("triallog.db.new-").split("-")[0]
        if pid.isdigit() and not alive(int(pid)):
            remove(path)
    parts = (
        "packets/.*.part",
        "files/.*.part",
        "backups/.*.part",
        ".triallog.db.restoring.part",
        ".triallog.db.restoring.*.part",
        "triallog.db.restoring",
        f".{VAULT_NAME}.*.part",
        ".kept-files-changing.*.part",
    )
    for pattern in parts:
        for path in data_dir.glob(pattern):
            writer = _writer(path)
            if (not alive(writer)) if writer is not None else _quiet(path, now):
                remove(path)
    journal = data_dir / JOURNAL
    if journal.is_dir():
        for entry in journal.iterdir():
            pid = entry.name.split("-")[0]
            if pid.isdigit() and alive(int(pid)):
                continue
            try:
                target = Path(entry.read_text(encoding="utf-8").strip())
            except (OSError, UnicodeDecodeError):
                target = None
            if target is not None and target.name.startswith(".") and target.is_file():
                remove(target)
            entry.unlink(missing_ok=True)
    lock = FolderLock(data_dir)
    if (data_dir / VAULT_NAME).exists() and lock.acquire():
        try:
            if stale_vault(data_dir):
                removed.append(data_dir / VAULT_NAME)
        finally:
            lock.release()
    return removed


def stale_vault(data_dir: Path) -> bool:
    """Remove vault.json when the records file is plain; the caller holds the folder's lock (so that no
    `protect` is under way, between writing the vault and moving the protected file into place)."""
    if header(data_dir / DATABASE_NAME) != PLAIN_HEADER:
        return False
    (data_dir / VAULT_NAME).unlink(missing_ok=True)
    return True


@contextmanager
def journaled(data_dir: Path | None, temporary: Path) -> Iterator[None]:
    """Note `temporary` in the data folder's journal while it is written, so that a kill cannot strand it."""
    if data_dir is None:
        yield
        return
    entry: Path | None
    entry = data_dir / JOURNAL / f"{os.getpid()}-{time.monotonic_ns()}"
    try:
        entry.parent.mkdir(mode=0o700, exist_ok=True)
        fd = os.open(entry, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(str(temporary.resolve()))
    except OSError:  # a read-only data folder: the write goes ahead, only unjournaled
        entry = None
    try:
        yield
    finally:
        if entry is not None:
            with contextlib.suppress(OSError):  # at worst, the next start finds the entry, its file gone
                entry.unlink()


def part_name(target: Path) -> Path:
    """The temporary name `target` is written under: hidden, and naming this process, so that the next
    start removes it as soon as this process is gone (a power cut, a kill)."""
    return target.with_name(f".{target.name}.{os.getpid()}.part")


def _writer(path: Path) -> int | None:
    """The process that writes a `.NAME.PID.part` file, or None for a name without one."""
    pid = path.name.removesuffix(".part").rsplit(".", 1)[-1]
    return int(pid) if path.name.endswith(".part") and pid.isdigit() else None


def _quiet(path: Path, now: float) -> bool:
    try:
        return now - path.stat().st_mtime > QUIET
    except FileNotFoundError:
        return False


def alive(pid: int) -> bool:
    """Whether process `pid` still runs (in doubt: yes, so that nothing of a live program is removed)."""
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # os.kill(pid, 0) would send Ctrl-C there; never guess a process dead
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
