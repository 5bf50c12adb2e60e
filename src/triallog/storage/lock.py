"""The window's hold on a data folder: one window at a time, and a lock a crash cannot leave behind.

The lock is an OS file lock (`flock` on Linux and macOS, `msvcrt.locking` on Windows) on `triallog.lock`
in the data folder. The system drops it when the process ends, however it ends, so a lock left by a crash
is simply free: nothing to guess from a stale PID. The file itself holds the PID of the window holding it,
for messages only.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

LOCK_NAME = "triallog.lock"
#: held for the moment a first start builds the database, so that two starts build one
FIRST_START_LOCK = ".first-start.lock"


class FolderLock:
    """`lock.acquire()` is True when this process now holds the folder; `release()` lets it go."""

    def __init__(self, data_dir: Path, name: str = LOCK_NAME) -> None:
        self.path = Path(data_dir) / name
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, wait: bool = False) -> bool:
        """Take the lock; with `wait`, wait for whoever holds it (only for locks held a moment)."""
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        while not _try_lock(fd):
            if not wait:
                os.close(fd)
                return False
            time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        os.ftruncate(fd, 0)
        _unlock(fd)
        os.close(fd)

    def holder(self) -> int | None:
        """The PID of the process holding the folder, or None when nobody does (or this process does)."""
        if self._fd is not None or not self.path.exists():
            return None
        try:
            fd = os.open(self.path, os.O_RDWR)
        except OSError:
            return None
        try:
            if _try_lock(fd):
                _unlock(fd)
                return None
            text = os.pread(fd, 32, 0).decode("ascii", "replace").strip() if hasattr(os, "pread") else ""
            return int(text) if text.isdigit() else 0
        finally:
            os.close(fd)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
