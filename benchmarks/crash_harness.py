"""Run by `benchmarks/crash.py` and the crash tests in a child process: a power cut at the Nth SQL statement.

    python crash_harness.py BASE RECORD|-|protect|unprotect|change N [N ...]

For each N, a forked copy of this process opens the data folder BASE/N (creating or upgrading it) and,
given a RECORD, imports it; it is killed with SIGKILL at its Nth SQL statement, counted from the import's
first statement when there is a record. Forking after the imports keeps each kill cheap. Prints a JSON
object: N -> "killed", or the number of statements run when the work finished before the Nth. N = 0 never
kills: it measures how many statements there are.

`protect`, `unprotect` and `change` turn protection on (with PASSPHRASE), off, or change the passphrase to
NEW_PASSPHRASE, in a folder protected with PASSPHRASE for the last two. There the kill comes at the Nth
step that reaches the disk: an SQL statement, or a file opened, synced, renamed, removed or truncated.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine

import triallog.services.transfer  # noqa: F401  (imported before the forks, so each child starts at once)
from triallog.services import protection
from triallog.storage import cipher
from triallog.storage.db import Database

counter = {"count": 0, "kill_at": 0}
PASSPHRASE, NEW_PASSPHRASE = "crash test passphrase", "crash test passphrase, new"
PROTECTION_WORK = ("protect", "unprotect", "change")
#: the calls through which protection reaches the disk, each a place to be killed
DISK_STEPS = ("open", "fsync", "replace", "rename", "unlink", "ftruncate", "write")


@event.listens_for(Engine, "before_cursor_execute")
def _count(*_args: object) -> None:
    counter["count"] += 1
    if counter["count"] == counter["kill_at"]:
        os.kill(os.getpid(), signal.SIGKILL)


def _step() -> None:
    counter["count"] += 1
    if counter["count"] == counter["kill_at"]:
        os.kill(os.getpid(), signal.SIGKILL)


def _counted(name: str) -> None:
    real = getattr(os, name)

    def counted(*args: object, **kwargs: object) -> object:
        _step()
        return real(*args, **kwargs)

    setattr(os, name, counted)


def protection_work(folder: Path, what: str) -> int:
    cipher.dbapi()  # loaded before the count: an import is not a step
    for name in DISK_STEPS:
        _counted(name)
    counter["count"] = 0
    if what == "protect":
        protection.protect(folder, PASSPHRASE)
    else:
        key = protection.unlock(folder, PASSPHRASE)
        if what == "change":
            protection.change(folder, key, NEW_PASSPHRASE)
        else:
            protection.unprotect(folder, key)
    return counter["count"]


def work(folder: Path, record: str | None) -> int:
    if record in PROTECTION_WORK:
        return protection_work(folder, record)
    database = Database(folder)
    if record is not None:
        from triallog.services.transfer import import_path

        counter["count"] = 0
        import_path(database, record)
    database.close()
    return counter["count"]


def main(base: str, record: str, kills: list[int]) -> dict[int, object]:
    results: dict[int, object] = {}
    for n in kills:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            counter["kill_at"] = n
            count = work(Path(base) / str(n), None if record == "-" else record)
            os.write(write, str(count).encode())
            os._exit(0)
        os.close(write)
        with os.fdopen(read) as pipe:
            said = pipe.read()
        _, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
            results[n] = "killed"
        elif os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
            results[n] = int(said)
        else:
            results[n] = f"failed with status {status}"
    return results


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2], [int(n) for n in sys.argv[3:]])))
