"""The one place that decides where TrialLog keeps its data (asks platformdirs)."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "TRIALLOG_DATA_DIR"
DATABASE_NAME = "triallog.db"


def default_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path("TrialLog", appauthor=False)


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
