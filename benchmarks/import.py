"""Time the command line on the ten-year family record: import (against a bare executemany), export, people --json.

- import, in this process, of the record into a freshly migrated database (`services.transfer.import_path`),
  against the same rows inserted with plain sqlite3 `executemany` into another freshly migrated database;
- `triallog import` (a fresh data folder each run) and `triallog export` to JSON, as a user runs them, with
  `triallog --version` as the floor every command pays;
- `triallog people --json` against `python -c pass`.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from figures import Figures, repeat
from floors import copy_rows_with_executemany
from make_record import benchmark_options, copy_data_folder, prepared, triallog_command, write_figures


def timed(command: list[str]) -> float:
    """Wall time of one run in seconds; a failed run stops the benchmark with its error."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed


def empty_database(root: Path) -> Path:
    """A data folder holding a freshly migrated database with nobody in it."""
    from triallog.services.workspace import open_workspace

    folder = root / "empty"
    open_workspace(folder).close()
    return folder


def fresh_copies(template: Path, root: Path, stem: str) -> Callable[[], Path]:
    """Each call: another copy of the empty database's folder, under `root`."""
    made = [0]

    def fresh() -> Path:
        made[0] += 1
        return copy_data_folder(template, root / f"{stem}-{made[0]}")

    return fresh


def measure_import(record: Path, root: Path, runs: int) -> tuple[list[float], list[float], int]:
    """Seconds of each in-process import into a fresh copy of an empty migrated database; of each executemany
    of the rows that import wrote into another fresh copy; and how many rows that is."""
    from triallog.services.transfer import import_path
    from triallog.services.workspace import open_workspace

    template = empty_database(root)
    fresh = fresh_copies(template, root, "import")
    imported: list[Path] = []

    def one_import() -> float:
        folder = fresh()
        db = open_workspace(folder)
        start = time.perf_counter()
        import_path(db, record)
        elapsed = time.perf_counter() - start
        db.close()
        imported.append(folder)
        return elapsed

    imports = repeat(one_import, runs)
    rows = [0]
    floor_copies = fresh_copies(template, root, "executemany")

    def one_floor() -> float:
        elapsed, rows[0] = copy_rows_with_executemany(imported[-1] / "triallog.db", floor_copies() / "triallog.db")
        return elapsed

    floors = repeat(one_floor, runs)
    return imports, floors, rows[0]


def measure_people_json(data: Path, root: Path, runs: int) -> tuple[list[float], list[float]]:
    """Seconds of each `triallog people --json` over a copy of `data`, and of each `python -c pass`, alternating."""
    folder = copy_data_folder(data, root / "people-json")
    people = [*triallog_command(), "--data-dir", str(folder), "people", "--json"]
    bare = [sys.executable, "-c", "pass"]
    timed(people), timed(bare)  # the warm-up
    pairs = [(timed(people), timed(bare)) for _ in range(max(1, runs))]
    return [p for p, _ in pairs], [b for _, b in pairs]


def measure_commands(record: Path, root: Path, runs: int) -> dict[str, list[float]]:
    """Seconds of each `triallog import` (fresh folder), `triallog export` and `triallog --version`."""
    triallog = triallog_command()
    imports = [timed([*triallog, "--data-dir", str(root / f"cli-{run}"), "import", str(record)]) for run in range(runs)]
    exports = [
        timed([*triallog, "--data-dir", str(root / "cli-0"), "export", str(root / f"out-{run}.json")])
        for run in range(runs)
    ]
    # What any CLI command costs before it does anything: the floor under both figures.
    versions = [timed([*triallog, "--version"]) for _ in range(runs)]
    return {"triallog import (fresh)": imports, "triallog export (.json)": exports, "triallog --version": versions}


def main(argv: list[str] | None = None) -> int:
    args = benchmark_options(__doc__, argv, runs=3)
    with prepared(args, "triallog-bench-") as (root, record, data):
        figures = Figures(args.scale)
        print(f"the command line at scale {args.scale:g} (median of {args.runs}):", flush=True)
        imports, floors, rows = measure_import(record, root, args.runs)
        figures.add("import", imports, floors, f"{rows:,} rows written")
        people, bare = measure_people_json(data, root, args.runs)
        figures.add("people --json", people, bare, "against python -c pass")
        commands = measure_commands(record, root, args.runs)
        for label, runs in commands.items():
            print(f"  {label:<34} median {statistics.median(runs) * 1000:.0f} ms", end="")
            print(f"   (runs: {', '.join(f'{r * 1000:.0f}' for r in runs)} ms)")
        figures.keep("triallog import command", commands["triallog import (fresh)"], floors)
        write_figures(args.json, figures.as_json())
    return 0


if __name__ == "__main__":
    sys.exit(main())
