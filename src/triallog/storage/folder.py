"""The data folder itself: private to its owner, and never one shared with every user.

Light on purpose (no SQLAlchemy): the window checks the folder before its first paint.
"""

from __future__ import annotations

import stat
from pathlib import Path

from triallog.paths import ensure_private_dir
from triallog.storage import problems


def prepare_folder(folder: Path, read_only: bool = False) -> Path:
    """The data folder, private to its owner; a folder shared with every user is refused, not changed."""
    try:
        if folder.is_dir():
            if folder.stat().st_mode & stat.S_IWOTH:  # such as /tmp (1777): anyone may add files there
                raise problems.problem(problems.Kind.SHARED, folder)
            if read_only:
                return folder
        return ensure_private_dir(folder)
    except PermissionError as error:
        raise problems.problem(problems.Kind.UNWRITABLE, Path(error.filename or folder)) from None
