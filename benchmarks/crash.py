"""Power cuts at random SQL statements of first starts, upgrades and imports: does every folder open again,
with every committed row and nothing half-done?

    .venv/bin/python benchmarks/crash.py [--kills N] [--seed S]

Each kill is a SIGKILL at one statement, chosen at random among all the statements of a randomly chosen
piece of work (see crash_harness.py, which forks one child per kill). Then the folder is opened as the
next start would, and what it holds is compared with the two states a person may find: as it was before
the work, or as it is after the work committed. Prints the counts per kind of work.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import create_engine, event

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from triallog.services.people import list_people  # noqa: E402
from triallog.storage import db as storage_db  # noqa: E402
from triallog.storage.db import KNOWN_REVISIONS, SCHEMA_REVISION, Database  # noqa: E402

ANA = (
    "INSERT INTO person (name, name_folded, address, phone, notes, rep_relationship, rep_phone, rep_authority,"
    " created_at, updated_at) VALUES ('Ana Lima', 'ana lima', '', '', '', '', '', '', '2025-01-01 00:00:00',"
    " '2025-01-01 00:00:00')"
)


def old_folder(folder: Path, revision: str) -> None:
    """A folder as an older TrialLog left it, with one person in it."""
    folder.mkdir()
    engine = create_engine(f"sqlite:///{folder / 'triallog.db'}")
    event.listen(engine, "connect", storage_db._pragmas)
    if hasattr(storage_db, "_begin"):  # (absent before the fix, to measure what it changed)
        event.listen(engine, "begin", storage_db._begin)
    storage_db.migrate(engine, revision)
    engine.dispose()
    with sqlite3.connect(folder / "triallog.db") as con:
        con.execute(ANA)
    con.close()


def state(folder: Path) -> tuple[str, dict[str, int]] | str:
    """(revision, trials per person) of a folder opened as the next start would; or why it does not open."""
    try:
        database = Database(folder)
    except Exception as error:  # the very thing measured: any failure to open counts
        return f"does not open: {type(error).__name__}: {str(error).splitlines()[0][:120]}"
    try:
        with sqlite3.connect(database.path) as con:
            (revision,) = con.execute("SELECT version_num FROM alembic_version").fetchone()
        con.close()
        return revision, {p.name: p.trials for p in list_people(database, with_counts=True)}
    finally:
        database.close()


def run_harness(base: Path, kills: list[int], record: Path | None) -> dict[int, object]:
    argv = [sys.executable, str(HERE / "crash_harness.py"), str(base), str(record or "-"), *map(str, kills)]
    done = subprocess.run(argv, capture_output=True, text=True, check=True)
    return {int(n): result for n, result in json.loads(done.stdout).items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(10**6)
    rng = random.Random(seed)
    work = Path(tempfile.mkdtemp(prefix="triallog-crash-"))
    started = time.perf_counter()
    try:
        record = work / "family.json"
        subprocess.run(
            [sys.executable, str(HERE / "make_record.py"), str(record), "--scale", "0.05", "--seed", "3"],
            check=True,
            capture_output=True,
        )
        # each kind of work: how to make its folder, and its record to import (None: just open the folder)
        kinds = {
            "first start": (lambda f: None, None),
            **{f"upgrade from {rev}": (lambda f, rev=rev: old_folder(f, rev), None) for rev in KNOWN_REVISIONS[:-1]},
            "import": (lambda f: old_folder(f, SCHEMA_REVISION), record),
        }
        results: Counter[tuple[str, str]] = Counter()
        failures: list[str] = []
        for kind, (make, imported) in kinds.items():
            base = work / kind.replace(" ", "-")
            base.mkdir()
            make(base / "before")
            before = state(base / "before")  # what it holds, opened without a kill
            make(base / "0")
            total = run_harness(base, [0], imported)[0]
            after = state(base / "0")  # and after the work, done whole
            assert isinstance(total, int), total
            share = args.kills // len(kinds) + (1 if kind == "first start" else 0) * (args.kills % len(kinds))
            chosen = sorted(rng.sample(range(1, total + 1), min(share, total)))
            for n in chosen:
                shutil.rmtree(base / str(n), ignore_errors=True)
                make(base / str(n))
            for n, outcome in run_harness(base, chosen, imported).items():
                found = state(base / str(n))
                if outcome != "killed":
                    results[kind, "finished before the kill"] += 1
                elif isinstance(found, tuple) and found[0] == SCHEMA_REVISION and found[1] in (before[1], after[1]):
                    results[kind, "opens, whole"] += 1
                else:
                    results[kind, "BROKEN"] += 1
                    failures.append(f"{kind}, killed at statement {n} of {total}: {found}")
                shutil.rmtree(base / str(n), ignore_errors=True)
            whole, broken = results[kind, "opens, whole"], results[kind, "BROKEN"]
            print(f"{kind:<18} {total:>4} statements, {len(chosen):>4} kills: {whole} open whole, {broken} broken")
        killed = sum(v for (_, what), v in results.items() if what != "finished before the kill")
        whole = sum(v for (_, what), v in results.items() if what == "opens, whole")
        print(f"\n{whole} of {killed} killed folders open with every committed row and nothing half-done "
              f"({time.perf_counter() - started:.0f} s, seed {seed})")  # fmt: skip
        for failure in failures:
            print(f"  {failure}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
