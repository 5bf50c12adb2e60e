"""Time every trial's measured response (`domain.measures.trial_responses`, the Trials page and the charts)
and `trials --json`'s rows for everyone in the ten-year family record, at 1x and 4x: a step that grows
faster than the data shows as a ratio well above 4."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from make_record import build_data_folder

from triallog.domain import records as r
from triallog.domain.measures import trial_responses
from triallog.services.people import list_people, load_person
from triallog.services.reporting import trials_json
from triallog.storage.db import Database

TODAY = date(2025, 1, 1)


def median_ms(work: Callable[[list[r.Person]], object], people: list[r.Person], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work(people)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def everyone(folder: Path) -> list[r.Person]:
    db = Database(folder, read_only=True)
    try:
        return [load_person(db, p.key) for p in list_people(db)]
    finally:
        db.close()


def judge_every_trial(people: list[r.Person]) -> None:
    for p in people:
        trial_responses(p.trials, p.measurements, p.measure_definitions, TODAY)


def rows_of_every_trial(people: list[r.Person]) -> None:
    for p in people:
        trials_json(p, TODAY)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="runs of each (default 7; the median is reported)")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    figures: dict[str, dict[float, float]] = {"trial_responses": {}, "trials --json rows": {}}
    with tempfile.TemporaryDirectory(prefix="triallog-responses-") as tmp:
        for scale in (1.0, 4.0):
            folder = Path(tmp) / f"data-{scale:g}x"
            build_data_folder(folder, Path(tmp) / f"family-{scale:g}x.json", args.seed, scale)
            people = everyone(folder)
            figures["trial_responses"][scale] = median_ms(judge_every_trial, people, args.runs)
            figures["trials --json rows"][scale] = median_ms(rows_of_every_trial, people, args.runs)
    print(f"everyone's record, median of {args.runs}:")
    for label, by_scale in figures.items():
        one, four = by_scale[1.0], by_scale[4.0]
        print(f"  {label:<20} 1x {one:7.1f} ms   4x {four:7.1f} ms   4x/1x {four / one:4.1f} (the data: 4.0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
