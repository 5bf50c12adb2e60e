"""Reads that answer a command at once: stdlib sqlite3 on the records file, without SQLAlchemy.

Python takes about 0.2 s to import SQLAlchemy, ten times what `triallog people` needs to answer. These
reads open the file read-only after the very checks `storage.db.Database` makes (`records_file`), so
that a missing, damaged, too new, locked or read-only file is met in the same words. A file that must
first be built or upgraded is left to `Database`: the read then answers None. Protected records are
opened through the same connection factory as `Database` (`storage.cipher`), with the master key.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from triallog.domain.dates import PartialDate
from triallog.paths import DATABASE_NAME
from triallog.storage import backups, cipher, problems
from triallog.storage.folder import prepare_folder
from triallog.storage.records_file import KNOWN_REVISIONS, SCHEMA_REVISION, check_before_opening, too_new
from triallog.storage.vault import Key


@dataclass(frozen=True)
class PersonCounts:
    """One person of the folder, with how many of each kind of record they have."""

    key: str
    name: str
    date_of_birth: PartialDate | None
    trials: int
    cases: int
    calls: int
    measurements: int


PEOPLE_WITH_COUNTS = """
SELECT p.id, p.name, p.date_of_birth,
    (SELECT count(*) FROM trial WHERE trial.person_id = p.id),
    (SELECT count(*) FROM case_ WHERE case_.person_id = p.id),
    (SELECT count(*) FROM call WHERE call.person_id = p.id),
    (SELECT count(*) FROM measurement WHERE measurement.person_id = p.id)
FROM person AS p
ORDER BY p.name_folded
"""


def people_with_counts(data_dir: Path, key: Key | None = None) -> list[PersonCounts] | None:
    """Everyone in the data folder, by name, with their counts; None when the records file must first be
    built (a first start) or upgraded, which `Database` does. `key` opens protected records."""
    con = _open(data_dir, key)
    if con is None:
        return None
    try:
        con.execute("BEGIN")
        rows = con.execute(PEOPLE_WITH_COUNTS).fetchall()
        con.execute("ROLLBACK")
    finally:
        con.close()
    return [
        PersonCounts(str(key), name, None if born is None else PartialDate.parse_iso(born), *counts)
        for key, name, born, *counts in rows
    ]


def _open(data_dir: Path, key: Key | None) -> Any:
    """A read-only connection to a sound records file of this program's schema, as `Database` opens one."""
    folder = prepare_folder(Path(data_dir), read_only=True)
    path = folder / DATABASE_NAME
    if not path.exists():
        return None
    revision, _ = check_before_opening(path, folder, read_only=True, key=key)
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise too_new(path, revision)
    if revision != SCHEMA_REVISION:
        if not os.access(path, os.W_OK):
            raise problems.problem(problems.Kind.READ_ONLY, path)
        return None
    key = key if cipher.encrypted(path) else None
    uri = backups.read_only_uri(path)
    con = cipher.connect(uri, key, uri=True, timeout=problems.LOCK_WAIT, isolation_level=None)
    try:
        con.execute("PRAGMA query_only=ON")
    except BaseException:
        con.close()
        raise
    return con
