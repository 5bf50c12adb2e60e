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
