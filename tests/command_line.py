"""Running `triallog` from a test: in this process through `cli.main` (most tests), or as a real program."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Ran:
    """What one `triallog` command did: its exit status and all it printed."""

    returncode: int
    stdout: str
    stderr: str


#: the `triallog` fixture: `triallog(*args, data_dir=None) -> Ran`
Triallog = Callable[..., Ran]

#: the installed script, beside this Python
SCRIPT = Path(sys.executable).with_name("triallog")


def run_process(*args: str, data_dir: Path | None = None, module: bool = True) -> subprocess.CompletedProcess[str]:
    """`python -m triallog ...` (or the installed `triallog` script) in a process of its own.

    For what only a new process shows: the installed entry point, signals, a closed pipe, locks held by
    another program. Everything else runs in the test's own process (the `triallog` fixture)."""
    front = [sys.executable, "-m", "triallog"] if module else [str(SCRIPT)]
    folder = ["--data-dir", str(data_dir)] if data_dir is not None else []
    return subprocess.run(
        [*front, *folder, *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
        env={**os.environ, "COLUMNS": "100"},
    )
