"""Where a Save or Open dialog starts: the folder last used for a file this session, else Documents.

A person saving a packet expects their Documents folder (or the folder they saved to a minute ago), never
the folder the program was started from, which is where a file dialog falls back to when it is handed a
folder that does not exist (a computer with no Documents folder).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths

_last: Path | None = None


def start_folder() -> Path:
    """The folder a file dialog should open in: the last one used, else Documents, else the home folder."""
    if _last is not None and _last.is_dir():
        return _last
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


def suggested_path(file_name: str) -> str:
    """`file_name` in the folder a file dialog should open in, as the dialog's starting text."""
    return str(start_folder() / file_name)


def remember(chosen: str | Path) -> None:
    """The person chose this file: the next dialog opens in its folder."""
    global _last
    _last = Path(chosen).parent
