"""Timed runs of an action (one warm-up, then N), their median, min and max, and one profiled run of its steps."""

from __future__ import annotations

import cProfile
import pstats
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: a profiled step is kept for the growth check only if it took at least this long (seconds, cumulative)
KEPT_STEP = 0.0005


def repeat(action: Callable[[], float], runs: int, warm_up: int = 1) -> list[float]:
    """`action()` times itself (it knows where its clock starts and stops) and returns seconds."""
    for _ in range(warm_up):
        action()
    return [action() for _ in range(max(1, runs))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}" if seconds < 0.01 else f"{seconds * 1000:.0f}"


def spread(runs: list[float]) -> str:
    """`123 ms (min 110, max 140)`."""
    return f"{ms(statistics.median(runs))} ms (min {ms(min(runs))}, max {ms(max(runs))})"


def step_name(where: tuple[str, int, str]) -> str:
    """`triallog/domain/measures.py:120 _response`: the file from its package down, the line, the function."""
    path, line, function = where
    if path == "~":  # a built-in: its name says it all
        return function
    for marker in ("site-packages/", "/src/", "lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    else:
        path = Path(path).name
    return f"{path}:{line} {function}"


def profiled(action: Callable[[], object], times: int = 3) -> dict[str, list[float]]:
    """`times` runs of `action` under cProfile: {step: [calls, own seconds, cumulative seconds]} for every
    step that took at least `KEPT_STEP`, each time the least of the runs (one run on a busy machine is
    noisy: a garbage collection lands on whichever step runs then). Work in other threads is not seen."""
    steps: dict[str, list[float]] = {}
    for run in range(times):
        profile = cProfile.Profile()
        profile.enable()
        try:
            action()
        finally:
            profile.disable()
        found: dict[str, list[float]] = {}
        for where, (_, calls, own, cumulative, _) in pstats.Stats(profile).stats.items():  # type: ignore[attr-defined]
            name = step_name(where)
            old = found.get(name, [0, 0.0, 0.0])
            found[name] = [old[0] + calls, old[1] + own, old[2] + cumulative]
        if run == 0:
            steps = found
        else:
            steps = {
                name: [min(calls, found[name][0]), min(own, found[name][1]), min(total, found[name][2])]
                for name, (calls, own, total) in steps.items()
                if name in found
            }
    return {name: step for name, step in steps.items() if step[2] >= KEPT_STEP}


class Figures:
    """What one benchmark script measured, printed as it goes and handed to all.py as JSON."""

    def __init__(self, scale: float) -> None:
        self.scale = scale
        self.figures: dict[str, dict[str, Any]] = {}
        self.steps: dict[str, dict[str, list[float]]] = {}

    def add(
        self, name: str, runs: list[float], floor: list[float] | None = None, check: str = "", unit: str = ""
    ) -> None:
        """`check`: what the window showed when the clock stopped, said so a reader can see nothing empty
        was timed. `unit`: what one run is (for example "per keystroke")."""
        self.keep(name, runs, floor, check, unit)
        line = f"  {name:<34} {spread(runs)}"
        if floor:
            ratio = statistics.median(runs) / statistics.median(floor)
            line += f"   floor {spread(floor)}   ratio {ratio:.1f}"
        print(line + (f"   [{check}]" if check else ""), flush=True)

    def keep(
        self, name: str, runs: list[float], floor: list[float] | None = None, check: str = "", unit: str = ""
    ) -> None:
        """As `add`, without printing (for a script that prints its figures its own way)."""
        self.figures[name] = {"runs": runs, "floor": floor, "check": check, "unit": unit}

    def add_steps(self, name: str, steps: dict[str, list[float]]) -> None:
        self.steps[name] = steps

    def as_json(self) -> dict[str, Any]:
        return {"scale": self.scale, "figures": self.figures, "steps": self.steps}
