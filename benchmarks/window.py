"""Time the window's own actions on the ten-year record, in this process, each until the window is current.

- first rows: from the window's first paint to its first frame showing the records (a fresh process
  per run, as a user's start), against 50 rows painted in a bare `QTableView` from plain sqlite3;
- switch person (the people switcher, Trials tab shown), against that person's whole record read
  with plain sqlite3;
- open the Measures tab (a click on its tab, after another person was chosen);
- Calls search, per keystroke (typing `REF-21` and erasing it in the search box).

One warm-up each, then `--runs`; each action also runs once under cProfile, for all.py's growth check.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from figures import Figures, profiled, repeat
from floors import connect, people_in_order, person_queries, read_whole_record, rows_in_table_view
from make_record import benchmark_options, copy_data_folder, prepared, write_figures
from window_driver import OpenWindow, application, click_tab, quiet_environment, wait_current

SEARCH = "REF-21"  # reference numbers of 2021 calls: each keystroke narrows the list, each erasure widens it


def shown_rows(page: Any) -> tuple[int, str]:
    """The rows of the largest table visible on `page`, and that table's name (0, "" when none is)."""
    from PySide6.QtWidgets import QHeaderView, QTableView

    tables = [t for t in page.findChildren(QTableView) if t.isVisible() and t.model() is not None] + (
        [page] if isinstance(page, QTableView) else []
    )
    tables = [t for t in tables if not isinstance(t, QHeaderView)]
    if not tables:
        return 0, ""
    table = max(tables, key=lambda t: _rows(t.model()))
    return _rows(table.model()), table.accessibleName() or type(table).__name__


def _rows(model: Any) -> int:
    """Every row the table can scroll to: a long list hands its rows to the view in batches, so the
    view's own count may be only the first batch (a filter fetches them all first)."""
    source = model.sourceModel() if hasattr(model, "sourceModel") else model
    if source is not model and getattr(model, "_words", None):
        return int(model.rowCount())
    whole = getattr(source, "total_rows", None)
    return int(whole()) if whole is not None else int(model.rowCount())


def what_is_shown(window: Any) -> str:
    """In words, what the window shows: its tab and that tab's table rows (or the overview's name)."""
    tabs = window.tabs
    page = tabs.currentWidget()
    rows, table = shown_rows(page)
    where = tabs.tabText(tabs.currentIndex()).replace("&&", "&")
    if rows:
        return f"{where}: {rows} rows in {table!r}"
    name = window.switcher.current_name()
    if page is window.overview and name and name in [label.text() for label in _labels(page)]:
        return f"{where} of {name}"
    raise SystemExit(f"benchmark stopped: the window shows nothing to check on its {where!r} tab")


def _labels(page: Any) -> list[Any]:
    from PySide6.QtWidgets import QLabel

    return [label for label in page.findChildren(QLabel) if label.isVisible()]


# -- first rows after the first paint: one fresh process per run --------------------------------------


def first_rows_child(folder: Path) -> None:
    """In a fresh process: open the window, and print (JSON) the seconds from first paint to the records
    shown (`ready`) and to current, with what was shown when `ready` fired. The environment comes from
    `main`, which keeps the settings in its temporary folder."""
    app = application()
    seen: dict[str, str] = {}
    start = time.perf_counter()
    opened = OpenWindow(app, folder, on_ready=lambda window: seen.setdefault("shown", what_is_shown(window)))
    marks = opened.marks
    result = {
        "start_to_paint": marks["painted"] - start,
        "ready": marks["ready"] - marks["painted"],
        "current": marks["current"] - marks["painted"],
        "shown": seen.get("shown", ""),
    }
    opened.close()
    print(json.dumps(result))


def first_rows(folder: Path, runs: int, figures: Figures) -> None:
    results = []
    for _ in range(runs + 1):  # the first is the warm-up
        done = subprocess.run(
            [sys.executable, __file__, "--first-rows-child", str(folder)], capture_output=True, text=True, timeout=600
        )
        if done.returncode != 0:
            raise SystemExit(f"the first-rows run failed ({done.returncode}):\n{done.stderr[-3000:]}")
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    results = results[1:]
    first = people_in_order(folder / "triallog.db")[0]
    floor = repeat(lambda: rows_in_table_view(folder / "triallog.db", first[0])[0], runs)
    figures.add("first rows after first paint", [r["ready"] for r in results], floor, results[-1]["shown"])
    figures.add("current after first paint", [r["current"] for r in results], check="the same start, to current")


# -- actions in one open window -----------------------------------------------------------------------


def switch_person(opened: OpenWindow, people: list[tuple[int, str, int]], runs: int, figures: Figures) -> None:
    """Alternate between the record's first two people, the Trials tab shown."""
    window, app = opened.window, opened.app
    click_tab(app, window.tabs, window.trials)
    wait_current(app, window)
    pair = people[:2]
    con = connect(window.data_dir / "triallog.db")
    queries = person_queries(con)
    trials = {
        pid: con.execute("SELECT count(*) FROM trial WHERE person_id = ?", (pid,)).fetchone()[0] for pid, *_ in pair
    }
    turn = [0]
    checks: list[str] = []

    def switch() -> float:
        pid, name, _ = pair[turn[0] % 2]
        turn[0] += 1
        combo = window.switcher.combo
        elapsed = opened.timed(lambda: combo.setCurrentIndex(combo.findText(name)))
        rows, _table = shown_rows(window.trials)
        if window.switcher.current_name() != name or rows < min(50, trials[pid]):
            raise SystemExit(f"benchmark stopped: after choosing {name}, {rows} of {trials[pid]} trials shown")
        checks[:] = [f"{name}: {rows} of {trials[pid]} trials shown"]
        return elapsed

    def floor() -> float:
        pid = pair[turn[0] % 2][0]
        turn[0] += 1
        start = time.perf_counter()
        read_whole_record(con, queries, pid)
        return time.perf_counter() - start

    runs_taken = repeat(switch, runs)
    figures.add_steps("switch person", profiled(switch))
    figures.add("switch person", runs_taken, repeat(floor, runs), checks[0])
    con.close()


def open_measures(opened: OpenWindow, people: list[tuple[int, str, int]], runs: int, figures: Figures) -> None:
    """Each run chooses another person on the Overview tab (not timed), then clicks the Measures tab."""
    window, app = opened.window, opened.app
    turn = [0]
    checks: list[str] = []

    def open_tab() -> float:
        name = people[turn[0] % 2][1]
        turn[0] += 1
        click_tab(app, window.tabs, window.overview)
        combo = window.switcher.combo
        combo.setCurrentIndex(combo.findText(name))
        wait_current(app, window)
        elapsed = opened.timed(lambda: click_tab(app, window.tabs, window.measures))
        rows, table = shown_rows(window.measures)
        shown = getattr(window.measures, "person_key", None)
        if window.tabs.currentWidget() is not window.measures or shown != window.switcher.current_key():
            raise SystemExit(f"benchmark stopped: the Measures tab does not show {name}")
        # The tab keeps the measure chosen before, which the other person may not have scored: 0 rows then.
        checks[:] = [f"{name}: {rows} rows in {table!r}"]
        return elapsed

    runs_taken = repeat(open_tab, runs)
    figures.add_steps("open the Measures tab", profiled(open_tab))
    figures.add("open the Measures tab", runs_taken, check=checks[0])


def search_calls(opened: OpenWindow, people: list[tuple[int, str, int]], runs: int, figures: Figures) -> None:
    """The first person's calls: type `SEARCH` into the search box and erase it, timing each keystroke."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window, app = opened.window, opened.app
    name = people[0][1]
    combo = window.switcher.combo
    combo.setCurrentIndex(combo.findText(name))
    click_tab(app, window.tabs, window.calls)
    wait_current(app, window)
    box = window.calls.search_box
    total, _ = shown_rows(window.calls)
    checks: list[str] = []

    def keystrokes() -> list[float]:
        box.setFocus()
        times = [opened.timed(lambda c=c: QTest.keyClick(box, c)) for c in SEARCH]
        found, _ = shown_rows(window.calls)
        times += [opened.timed(lambda: QTest.keyClick(box, Qt.Key.Key_Backspace)) for _ in SEARCH]
        after, _ = shown_rows(window.calls)
        if not 0 < found < total or after != total:
            raise SystemExit(f"benchmark stopped: searching {SEARCH!r} showed {found} of {total} calls, then {after}")
        checks[:] = [f"{name}: {found} of {total} calls match {SEARCH!r}"]
        return times

    keystrokes()  # the warm-up
    times = [t for _ in range(max(1, runs)) for t in keystrokes()]
    figures.add_steps("Calls search, per keystroke", profiled(keystrokes))
    figures.add("Calls search, per keystroke", times, check=checks[0], unit=f"{len(SEARCH) * 2} keystrokes a run")


# -- the script ------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    if argv is None and len(sys.argv) == 3 and sys.argv[1] == "--first-rows-child":
        first_rows_child(Path(sys.argv[2]))
        return 0
    args = benchmark_options(__doc__, argv, runs=5)
    with prepared(args, "triallog-window-") as (root, _, data):
        quiet_environment(root)
        folder = copy_data_folder(data, root / "window")
        figures = Figures(args.scale)
        print(f"the window's actions at scale {args.scale:g} (median of {args.runs}, after one warm-up):", flush=True)
        app = application()
        first_rows(copy_data_folder(data, root / "first-rows"), args.runs, figures)
        people = people_in_order(folder / "triallog.db")
        opened = OpenWindow(app, folder)
        try:
            switch_person(opened, people, args.runs, figures)
            open_measures(opened, people, args.runs, figures)
            search_calls(opened, people, args.runs, figures)
        finally:
            opened.close()
        write_figures(args.json, figures.as_json())
    return 0


if __name__ == "__main__":
    sys.exit(main())
