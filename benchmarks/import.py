"""Time `triallog import` (fresh data folder each run) and `triallog export` of the ten-year family record."""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from make_record import triallog_command, write_record


def timed(command: list[str]) -> float:
    """Wall time of one run in seconds; a failed run stops the benchmark with its error."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="runs of each (default 3; the median is reported)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--scale", type=float, default=1.0, help="record size factor (default 1)")
    args = parser.parse_args(argv)
    triallog = triallog_command()
    with tempfile.TemporaryDirectory(prefix="triallog-bench-") as tmp:
        root = Path(tmp)
        record = root / "family.json"
        doc = write_record(record, args.seed, args.scale)
        people = doc["people"]
        counts = {k: sum(len(p[k]) for p in people) for k in ("trials", "calls", "measurements", "cases")}
        size = record.stat().st_size / 1e6
        print(f"record: {len(people)} people, " + ", ".join(f"{v:,} {k}" for k, v in counts.items()), end="")
        print(f"; {size:.1f} MB of JSON")

        imports = []
        for run in range(args.runs):
            folder = root / f"data-{run}"
            imports.append(timed([*triallog, "--data-dir", str(folder), "import", str(record)]))
        exports = [
            timed([*triallog, "--data-dir", str(root / "data-0"), "export", str(root / f"out-{run}.json")])
            for run in range(args.runs)
        ]
        # What any CLI command costs before it does anything: the floor under both figures.
        floor = [timed([*triallog, "--version"]) for _ in range(args.runs)]

    def show(label: str, runs: list[float]) -> float:
        median = statistics.median(runs)
        listed = ", ".join(f"{r * 1000:.0f}" for r in runs)
        print(f"{label:<28} median {median * 1000:7.0f} ms   (runs: {listed} ms)")
        return median

    show("triallog import (fresh)", imports)
    show("triallog export (.json)", exports)
    show("triallog --version (floor)", floor)
    return 0


if __name__ == "__main__":
    sys.exit(main())
