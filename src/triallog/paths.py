"""The one place that decides where TrialLog keeps its data (asks platformdirs)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ENV_VAR = "TRIALLOG_DATA_DIR"
DATABASE_NAME = "triallog.db"
#: the data folder's name on every system
FOLDER_NAME = "TrialLog"


def default_data_dir(system: str = sys.platform) -> Path:
    """The user data folder on `system` (spelt as sys.platform spells it), never inside the installed program.

    Windows: %LOCALAPPDATA%\\TrialLog (not roaming: health records are not copied to a network profile);
    macOS: ~/Library/Application Support/TrialLog; Linux and the rest: $XDG_DATA_HOME/TrialLog
    (~/.local/share/TrialLog).
    """
    # appauthor=False: %LOCALAPPDATA%\TrialLog, not %LOCALAPPDATA%\TrialLog\TrialLog
    if system == "win32":
        from platformdirs.windows import Windows

        return Windows(FOLDER_NAME, appauthor=False, roaming=False).user_data_path
    if system == "darwin":
        # Apple's own place, written out rather than asked of platformdirs: newer platformdirs let
        # $XDG_DATA_HOME move it, and TrialLog started from the Finder never sees a shell's variables, so
        # the window and the command line would keep two sets of records.
        return Path.home() / "Library" / "Application Support" / FOLDER_NAME
    from platformdirs.unix import Unix

    return Unix(FOLDER_NAME, appauthor=False).user_data_path


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """`--data-dir` wins, then $TRIALLOG_DATA_DIR, then the platform's user data folder."""
    if override:
        return Path(override).expanduser().resolve()
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser().resolve()
    return default_data_dir()


def ensure_private_dir(path: Path) -> Path:
    """Create the folder (and parents) and make it readable by its owner only."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


def create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only, or tighten an existing one."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)
