"""Time TrialLog's start-up (first paint, and records shown) against a bare PySide6 window (target <= 1.3)."""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from figures import Figures
from make_record import benchmark_options, copy_data_folder, prepared, triallog_command, write_figures

TARGET_RATIO = 1.3

# The yardstick: the least a PySide6 program does before its first window is on screen.
BARE_WINDOW = """\
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class Window(QMainWindow):
    def paintEvent(self, event):
        super().paintEvent(event)
        QTimer.singleShot(0, QApplication.quit)


app = QApplication(sys.argv)
window = Window()
window.setWindowTitle("bare")
window.resize(1100, 720)
window.show()
sys.exit(app.exec())
"""


def timed(command: list[str], env: dict[str, str]) -> float:
    """Wall time of one run in seconds; a failed run stops the benchmark with its error."""
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return elapsed


def import_breakdown(env: dict[str, str], module: str = "triallog.gui.main_window", top: int = 10) -> None:
    """Print the modules with the largest cumulative import time under `module` (python -X importtime).

    The fastest of three runs is shown: one run on a busy machine is noisy.
    """
    best: list[tuple[int, int, int, str]] = []
    for _ in range(3):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", f"import {module}"], env=env, capture_output=True, text=True
        )
        if done.returncode != 0:
            print(f"\nimport breakdown: `import {module}` failed:\n{done.stderr.strip().splitlines()[-1]}")
            return
        rows = []
        for line in done.stderr.splitlines():
            match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)", line)
            if match:
                self_us, cumulative_us, indent, name = match.groups()
                rows.append((int(cumulative_us), int(self_us), len(indent) // 2, name))
        if not best or sum(r[1] for r in rows) < sum(r[1] for r in best):
            best = rows
    rows = best
    total = next((r[0] for r in rows if r[3] == module), sum(r[1] for r in rows))
    print(f"\nimport {module}: {total / 1000:.0f} ms in all; top {top} by cumulative time (depth, self):")
    for cumulative, self_us, depth, name in sorted((r for r in rows if r[3] != module), reverse=True)[:top]:
        print(f"  {cumulative / 1000:7.1f} ms  {name:<45} depth {depth}, self {self_us / 1000:.1f} ms")
    # The chain above nests; summing self times per top-level package shows which library costs what.
    packages: dict[str, int] = {}
    for _, self_us, _, name in rows:
        packages[name.split(".")[0]] = packages.get(name.split(".")[0], 0) + self_us
    ranked = sorted(packages.items(), key=lambda item: item[1], reverse=True)[:top]
    print("  by top-level package (self times summed): " + ", ".join(f"{n} {us / 1000:.0f} ms" for n, us in ranked))


def measure_startup(data: Path, root: Path, runs: int) -> dict[str, list[float]]:
    """Seconds of each run (after one warm-up each, alternating) of the three starts in `COMMANDS`, over a
    copy of the data folder `data` in `root` (a start writes its settings and daily backup there)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # Settings and data stay in the temporary folder: the user's own are never touched.
    env.update(XDG_CONFIG_HOME=str(root / "config"), XDG_DATA_HOME=str(root / "share"))
    env.pop("TRIALLOG_DATA_DIR", None)
    folder = copy_data_folder(data, root / "startup-data")
    bare = root / "bare_window.py"
    bare.write_text(BARE_WINDOW, encoding="utf-8")
    commands = {
        "triallog gui": [*triallog_command(), "--data-dir", str(folder), "gui", "--exit-after-show"],
        "bare PySide6 window": [sys.executable, str(bare)],
        # The window paints before the database opens; this is when the records are on screen.
        "triallog with records": [*triallog_command(), "--data-dir", str(folder), "gui", "--exit-after-load"],
    }
    for command in commands.values():  # warm the disk cache and bytecode; not counted
        timed(command, env)
    times: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(max(1, runs)):
        for label, command in commands.items():
            times[label].append(timed(command, env))
    return times


def main(argv: list[str] | None = None) -> int:
    args = benchmark_options(__doc__, argv, runs=9)
    with prepared(args, "triallog-startup-") as (root, _, data):
        times = measure_startup(data, root, args.runs)
        print(f"start-up to first paint, QT_QPA_PLATFORM=offscreen, {args.runs} alternating runs each:")
        medians = {}
        for label, values in times.items():
            medians[label] = statistics.median(values)
            print(
                f"  {label:<22} median {medians[label] * 1000:6.0f} ms"
                f"   (min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})"
            )
        ratio = medians["triallog gui"] / medians["bare PySide6 window"]
        verdict = "within" if ratio <= TARGET_RATIO else "OVER"
        print(f"  ratio triallog / bare: {ratio:.2f} ({verdict} the target of {TARGET_RATIO})")
        loaded = medians["triallog with records"] / medians["bare PySide6 window"]
        print(f"  ratio triallog with records shown / bare: {loaded:.2f} (not a target: shows the database's cost)")
        if not args.no_breakdown:
            env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
            import_breakdown(env)
        figures = Figures(args.scale)
        figures.keep("first paint", times["triallog gui"], times["bare PySide6 window"])
        figures.keep("records shown, whole start", times["triallog with records"], times["bare PySide6 window"])
        write_figures(args.json, figures.as_json())
    return 0


if __name__ == "__main__":
    sys.exit(main())
