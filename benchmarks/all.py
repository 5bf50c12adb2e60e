"""Every figure of issue 14 beside its floor, at each record size, with the ratio and the goal; then how each grows.

For each scale (default 1 and 4) this writes the ten-year record (`make_record.py --scale S`), imports it
once, and runs startup.py, import.py, window.py and edit.py over it, each in its own process; then it
prints one table, and for each action whether it, or any step of it, grows faster than the data.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from figures import ms
from make_record import build_data_folder, compile_sources

HERE = Path(__file__).resolve().parent
SCRIPTS = ("startup.py", "import.py", "window.py", "edit.py")


@dataclass(frozen=True)
class Goal:
    what: str  # the figure's name in the scripts' JSON
    goal: str
    floor: str  # what the floor is, in words ("" when there is none)
    limit_ms: float | None = None  # the figure's median must be at most this
    limit_ratio: float | None = None  # or: the figure over its floor at most this

    def verdict(self, median: float, ratio: float | None) -> str:
        if self.limit_ms is not None:
            return "yes" if median * 1000 <= self.limit_ms else "NO"
        if self.limit_ratio is not None and ratio is not None:
            return "yes" if ratio <= self.limit_ratio else "NO"
        return ""


GOALS = (
    Goal("first rows after first paint", "within 100 ms of first paint", "50 rows in a QTableView from sqlite3", 100),
    Goal("switch person", "< 100 ms at 4x", "that person's whole record read with sqlite3", 100),
    Goal("save a trial's note", "< 100 ms at 4x", "the UPDATE committed with sqlite3, the record read", 100),
    Goal("log a call", "< 100 ms at 4x", "the INSERT committed with sqlite3, the record read", 100),
    Goal("open the Measures tab", "< 100 ms at 4x", "", 100),
    Goal("Calls search, per keystroke", "< 100 ms at 4x", "", 100),
    Goal("import", "<= 3x a bare executemany", "the same rows, sqlite3 executemany", limit_ratio=3),
    Goal("people --json", "<= 10x python -c pass", "python -c pass", limit_ratio=10),
    Goal("first paint", "<= 1.3x a bare PySide6 window", "a bare PySide6 window (startup.py)", limit_ratio=1.3),
)
# Shown for context under the goals: no goal of their own.
CONTEXT = (
    Goal("current after first paint", "", ""),
    Goal("records shown, whole start", "", "a bare PySide6 window"),
    Goal("triallog import command", "", "the same rows, sqlite3 executemany"),
)


def run_scale(scale: float, seed: int, runs: int | None, root: Path) -> dict[str, Any]:
    """Every script's figures at one scale, merged: {"figures": {...}, "steps": {...}}."""
    record, data = root / "family.json", root / "data"
    print(f"\n== scale {scale:g}: writing and importing the record …", flush=True)
    build_data_folder(data, record, seed, scale)
    merged: dict[str, Any] = {"figures": {}, "steps": {}}
    for script in SCRIPTS:
        out = root / f"{script}.json"
        command = [sys.executable, str(HERE / script), "--scale", str(scale), "--seed", str(seed)]
        command += ["--record", str(record), "--data", str(data), "--json", str(out)]
        command += ["--runs", str(runs)] if runs is not None else []
        command += ["--no-breakdown"] if script == "startup.py" else []
        done = subprocess.run(command, stderr=subprocess.PIPE, text=True)
        if done.returncode != 0:
            raise SystemExit(f"{script} failed ({done.returncode}):\n{done.stderr[-3000:]}")
        found = json.loads(out.read_text(encoding="utf-8"))
        merged["figures"].update(found["figures"])
        merged["steps"].update(found.get("steps", {}))
    return merged


def _ratio(figure: dict[str, Any]) -> float | None:
    floor = figure.get("floor")
    return statistics.median(figure["runs"]) / statistics.median(floor) if floor else None


def _cell(runs: list[float]) -> str:
    return f"{ms(statistics.median(runs))} ms ({ms(min(runs))}–{ms(max(runs))})"


def print_table(results: dict[float, dict[str, Any]]) -> None:
    header = ("what", "size", "TrialLog, median (min–max)", "floor, median (min–max)", "ratio", "goal", "met")
    rows: list[tuple[str, ...]] = []
    for goal in (*GOALS, *CONTEXT):
        for scale, result in results.items():
            figure = result["figures"].get(goal.what)
            if figure is None:
                continue
            runs, floor, ratio = figure["runs"], figure.get("floor"), _ratio(figure)
            floor_cell = f"{_cell(floor)}: {goal.floor}" if floor else (goal.floor or "—")
            unit = f" [{figure['unit']}]" if figure.get("unit") else ""
            rows.append(
                (
                    goal.what + unit,
                    f"{scale:g}x",
                    _cell(runs),
                    floor_cell,
                    "—" if ratio is None else f"{ratio:.2f}" if ratio < 10 else f"{ratio:.0f}",
                    goal.goal or "(context)",
                    goal.verdict(statistics.median(runs), ratio),
                )
            )
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    print("\n| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
    checks = {
        goal.what: result["figures"][goal.what].get("check")
        for result in results.values()
        for goal in GOALS
        if goal.what in result["figures"] and result["figures"][goal.what].get("check")
    }
    print("\nwhat was checked when each clock stopped (at the largest size):")
    for what, check in checks.items():
        print(f"  {what}: {check}")


def faster_steps(small: dict[str, list[float]], big: dict[str, list[float]], factor: float) -> list[str]:
    """Steps (functions) of an action whose calls grow faster than the data between two sizes (the count is
    exact), or whose own time grows more than twice as fast while their calls grow with the data."""
    found = []
    for step, (calls, own, _cumulative) in big.items():
        if step not in small:
            continue
        calls_before, own_before, _ = small[step]
        call_growth = calls / calls_before if calls_before else float("inf")
        time_growth = own / own_before if own_before else float("inf")
        by_calls = own >= 0.001 and call_growth > factor * 1.25
        by_time = own >= 0.005 and time_growth > factor * 2 and call_growth >= factor / 2
        if by_calls or by_time:
            text = (
                f"{step}: calls {calls_before:,.0f} → {calls:,.0f} (x{call_growth:.1f}), "
                f"own time {ms(own_before)} → {ms(own)} ms (x{time_growth:.1f})"
            )
            found.append((own, text))
    return [text for _, text in sorted(found, reverse=True)[:6]]


def print_growth(results: dict[float, dict[str, Any]]) -> None:
    scales = sorted(results)
    if len(scales) < 2:
        return
    small, big = scales[0], scales[-1]
    factor = big / small
    print(
        f"\ngrowth from {small:g}x to {big:g}x (the data grow x{factor:g}); "
        "a step is one function, the least of three profiled runs:"
    )
    for goal in (*GOALS, *CONTEXT):
        before, after = results[small]["figures"].get(goal.what), results[big]["figures"].get(goal.what)
        if before is None or after is None:
            continue
        growth = statistics.median(after["runs"]) / statistics.median(before["runs"])
        verdict = "FASTER than the data" if growth > factor else "no faster than the data"
        line = f"  {goal.what:<34} x{growth:<5.1f} {verdict}"
        if before.get("floor") and after.get("floor"):
            line += f"   (floor x{statistics.median(after['floor']) / statistics.median(before['floor']):.1f})"
        print(line)
        steps_before = results[small]["steps"].get(goal.what)
        steps_after = results[big]["steps"].get(goal.what)
        if steps_before and steps_after:
            faster = faster_steps(steps_before, steps_after, factor)
            print("      no step grows faster than the data" if not faster else "      steps growing faster:")
            for text in faster:
                print(f"        {text}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="1,4", help="record sizes, comma-separated (default 1,4)")
    parser.add_argument("--runs", type=int, help="timed runs of each figure (default: each script's own)")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    compile_sources()
    scales = [float(s) for s in args.scales.split(",") if s.strip()]
    if not scales or any(s <= 0 for s in scales):
        parser.error("--scales: positive numbers, such as 1,4")
    results = {}
    for scale in scales:
        with tempfile.TemporaryDirectory(prefix=f"triallog-all-{scale:g}-") as tmp:
            results[scale] = run_scale(scale, args.seed, args.runs, Path(tmp))
    print_table(results)
    print_growth(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
