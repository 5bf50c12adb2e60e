"""Time `triallog import` against its floor: the same rows put in with plain sqlite3 `executemany`.

For each scale, the ten-year record is imported once to learn the rows it makes (every table, every
row). The floor puts exactly those rows into a freshly migrated database with plain sqlite3, one
`executemany` per table in one write transaction, under the same pragmas TrialLog uses (WAL,
synchronous=FULL, foreign keys on). Against it: the import service called in this process (a fresh,
already opened data folder each run) and the `triallog import` command (a fresh data folder each run).
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from make_record import triallog_command, write_record

from triallog.services.transfer import import_path
from triallog.storage import orm
from triallog.storage.db import Database

TARGET_RATIO = 3.0


def table_rows(database: Path) -> dict[str, tuple[list[str], list[tuple[object, ...]]]]:
    """Every row of every table TrialLog keeps records in, in id order, with its column names."""
    con = sqlite3.connect(database)
    try:
        rows = {}
        for table in orm.Base.metadata.sorted_tables:
            cursor = con.execute(f'SELECT * FROM "{table.name}" ORDER BY id')
            rows[table.name] = ([c[0] for c in cursor.description], cursor.fetchall())
        return rows
    finally:
        con.close()


def fresh_database(folder: Path) -> Path:
    """A data folder with a migrated, empty database; closed again."""
    db = Database(folder)
    db.close()
    return db.path


def floor_run(database: Path, rows: dict[str, tuple[list[str], list[tuple[object, ...]]]]) -> float:
    """Seconds to put `rows` into `database` with executemany, in one transaction, committed."""
    con = sqlite3.connect(database, isolation_level=None)
    try:
        con.execute("PRAGMA foreign_keys=ON")
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=FULL")
        start = time.perf_counter()
        con.execute("BEGIN IMMEDIATE")
        for table, (columns, values) in rows.items():
            if values:
                names = ", ".join(f'"{c}"' for c in columns)
                marks = ", ".join("?" * len(columns))
                con.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', values)
        con.execute("COMMIT")
        return time.perf_counter() - start
    finally:
        con.close()


def service_run(folder: Path, record: Path) -> float:
    """Seconds for the import service, called in this process, into a fresh data folder already open."""
    db = Database(folder)
    try:
        start = time.perf_counter()
        import_path(db, record)
        return time.perf_counter() - start
    finally:
        db.close()


def command_run(folder: Path, record: Path) -> float:
    """Wall seconds of `triallog --data-dir FOLDER import RECORD`, a fresh folder, as a user runs it."""
    start = time.perf_counter()
    done = subprocess.run(
        [*triallog_command(), "--data-dir", str(folder), "import", str(record)], capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"triallog import failed ({done.returncode}):\n{done.stderr}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs of each (default 5; medians are reported)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--scales", type=float, nargs="+", default=[1.0, 4.0], help="record sizes (default 1 4)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="triallog-import-floor-") as tmp:
        root = Path(tmp)
        for scale in args.scales:
            record = root / f"family-{scale:g}x.json"
            write_record(record, args.seed, scale)
            reference = root / f"reference-{scale:g}x"
            service_run(reference, record)
            rows = table_rows(reference / "triallog.db")
            count = sum(len(values) for _, values in rows.values())
            tables = sum(1 for _, values in rows.values() if values)
            print(f"{scale:g}x: {count:,} rows in {tables} tables; {record.stat().st_size / 1e6:.1f} MB of JSON")
            floor, service, command = [], [], []
            for run in range(args.runs):
                floor.append(floor_run(fresh_database(root / f"floor-{scale:g}-{run}"), rows))
                service.append(service_run(root / f"service-{scale:g}-{run}", record))
                command.append(command_run(root / f"command-{scale:g}-{run}", record))
            base = statistics.median(floor)
            for label, runs in (
                ("executemany (floor)", floor),
                ("import, in-process", service),
                ("triallog import", command),
            ):
                median = statistics.median(runs)
                ratio = "" if runs is floor else f"  {median / base:5.1f}x the floor"
                print(f"  {label:<22} median {median * 1000:7.0f} ms  (min {min(runs) * 1000:.0f}){ratio}")
        print(f"target: the import within {TARGET_RATIO:g}x the floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
