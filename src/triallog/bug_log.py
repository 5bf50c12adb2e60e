"""A real bug's report goes to a private log file in the data folder, never to the screen or stderr.

The traceback can hold values from the records (SQLAlchemy's SQL parameters are hidden at the engine, but
a bug elsewhere may show a name in a message); the log file is 0600 in the person's own data folder, and
the message on screen only names the file, for the person to send if they choose.
"""

from __future__ import annotations

import os
import traceback
from datetime import datetime
from pathlib import Path

LOG_NAME = "triallog.log"
#: the log is cut to its newest half when it grows past this many bytes
MAX_BYTES = 1_000_000


def write_bug_report(folder: Path | None, error: BaseException, what: str = "") -> Path | None:
    """Append the traceback of `error` to `folder`/triallog.log (0600); returns the file, or None if it
    could not be written (then nothing at all is shown of the traceback)."""
    from triallog import __version__

    if folder is None:
        return None
    path = Path(folder) / LOG_NAME
    text = without_secrets("".join(traceback.format_exception(error)))
    stamp = datetime.now().isoformat(timespec="seconds")
    heading = f"--- {stamp} TrialLog {__version__}" + (f": {what}" if what else "")
    entry = f"{heading}\n{text}\n"
    try:
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as log:
            log.write(entry)
        os.chmod(path, 0o600)
        if path.stat().st_size > MAX_BYTES:
            kept = path.read_bytes()[-MAX_BYTES // 2 :]
            path.write_bytes(kept)
    except OSError:
        return None
    return path


def missing_part(error: BaseException) -> str | None:
    """The part of TrialLog's own installation that `error` shows missing ("the module sqlalchemy", "the file
    triallog/resources/…"), or None. Not a bug of the records, nor of the person: installing TrialLog again
    mends it, which is worth saying plainly (a bundle built without a module or a data file fails this way)."""
    roots = _own_folders()
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, ImportError):
            return f"the module {cause.name}" if cause.name else "a module"
        if isinstance(cause, FileNotFoundError) and cause.filename:
            path = Path(str(cause.filename)).resolve()
            for root in roots:
                if path.is_relative_to(root):
                    return f"the file {path.relative_to(root.parent)}"
        cause = cause.__cause__ or cause.__context__
    return None


def _own_folders() -> list[Path]:
    """Where TrialLog's own files are: its package, and its resources (elsewhere in an editable install)."""
    import triallog

    folders = [Path(triallog.__file__).resolve().parent]
    try:
        from importlib.resources import files

        folders.append(Path(str(files("triallog.resources"))).resolve())
    except ImportError:  # the resources themselves are missing: the package folder is all there is
        pass
    return folders


#: where the command line reads passphrases from (cli.PASSPHRASE_VAR, cli.NEW_PASSPHRASE_VAR)
SECRET_VARIABLES = ("TRIALLOG_PASSPHRASE", "TRIALLOG_NEW_PASSPHRASE")


def without_secrets(text: str) -> str:
    """`text` with any passphrase given in the environment and any raw SQLCipher key (x'…64 hex…') blotted
    out: no message of TrialLog's holds one, and a report must not either, whatever a library put in it."""
    import re

    for variable in SECRET_VARIABLES:
        secret = os.environ.get(variable)
        if secret:
            text = text.replace(secret, "[passphrase]")
    return re.sub(r"[xX]'[0-9a-fA-F]{64}'", "[key]", text)
