"""Time saves in the window on the ten-year record: from the click on Save until the window is current.

- save a trial's note: the Trials tab, the first trial chosen, Edit…, a new note typed, Save clicked;
- log a call: the Calls tab, Log a call…, an organization and a summary typed, Save clicked.

Typing is not timed; the clock runs from the click on Save until every view shows the change. Each
floor is the same change written with plain sqlite3 (an UPDATE, or an INSERT copying a call), committed
as TrialLog commits (WAL, synchronous=FULL), then that person's whole record read: the least a window
that shows the change must do. The window works on a copy of the data folder; the floors on another.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from figures import Figures, profiled, repeat
from floors import connect, people_in_order, person_queries, read_whole_record
from make_record import benchmark_options, copy_data_folder, prepared, write_figures
from window import shown_rows
from window_driver import OpenWindow, application, click_button, click_tab, quiet_environment, wait_current, wait_until


def _show(opened: OpenWindow, name: str, page: Any) -> None:
    window, app = opened.window, opened.app
    combo = window.switcher.combo
    combo.setCurrentIndex(combo.findText(name))
    click_tab(app, window.tabs, page)
    wait_current(app, window)


def _dialog_of(opened: OpenWindow, view: Any) -> Any:
    """The form `view` opened (window-modal, without blocking), once it is on screen."""
    wait_until(opened.app, lambda: view.dialog is not None and view.dialog.isVisible(), "the form opening", 30)
    return view.dialog


class FloorCopy:
    """The same changes written with plain sqlite3 on another copy of the folder, each then followed by a
    read of the person's whole record."""

    def __init__(self, db_path: Path, person_id: int) -> None:
        self.con = connect(db_path, read_only=False)
        self.queries = person_queries(self.con)
        self.person_id = person_id
        self.trial_id = self.con.execute(
            "SELECT id FROM trial WHERE person_id = ? ORDER BY start DESC LIMIT 1", (person_id,)
        ).fetchone()[0]
        self.call_id = self.con.execute("SELECT max(id) FROM call WHERE person_id = ?", (person_id,)).fetchone()[0]
        columns = [row[1] for row in self.con.execute('PRAGMA table_info("call")') if row[1] != "id"]
        names = ", ".join(f'"{c}"' for c in columns)
        self.copy_call = f"INSERT INTO call ({names}) SELECT {names} FROM call WHERE id = ?"
        self.count = 0

    def _committed(self, sql: str, parameters: tuple[object, ...]) -> float:
        start = time.perf_counter()
        self.con.execute("BEGIN")
        self.con.execute(sql, parameters)
        self.con.execute("COMMIT")
        read_whole_record(self.con, self.queries, self.person_id)
        return time.perf_counter() - start

    def save_trial_note(self) -> float:
        self.count += 1
        sql = "UPDATE trial SET notes = ?, updated_at = datetime('now') WHERE id = ?"
        return self._committed(sql, (note(self.count), self.trial_id))

    def log_call(self) -> float:
        return self._committed(self.copy_call, (self.call_id,))

    def close(self) -> None:
        self.con.close()


def timed_saves(
    opened: OpenWindow,
    view: Any,
    open_form: Callable[[], object],
    fill: Callable[[Any, int], object],
    check: Callable[[int, int], str],
    runs: int,
) -> tuple[list[float], dict[str, list[float]], str]:
    """Open `view`'s form (`open_form`) and `fill(form, n)` it, untimed; click Save, timed until the window is
    current; then `check(n, rows shown before)` says what is shown. Returns the timed runs, the profiled
    steps, and the last check."""
    count = [0]
    checks: list[str] = []

    def save() -> float:
        count[0] += 1
        before, _ = shown_rows(view)
        open_form()
        dialog = _dialog_of(opened, view)
        fill(dialog, count[0])
        elapsed = opened.timed(lambda: click_button(dialog, "Save"))
        wait_until(opened.app, lambda: view.dialog is None, "the form closing", 30)
        checks[:] = [check(count[0], before)]
        return elapsed

    runs_taken = repeat(save, runs)
    return runs_taken, profiled(save), checks[0]


def note(n: int) -> str:
    return f"Benchmark note {n}: the pharmacy confirmed the refill was denied."


def save_trial_note(opened: OpenWindow, name: str, runs: int) -> tuple[list[float], dict[str, list[float]], str]:
    """The Trials tab, the first trial chosen, Edit…, a new note, Save."""
    view = opened.window.trials
    _show(opened, name, view)

    def open_form() -> None:
        view.table.selectRow(0)
        view.edit_button.click()

    def check(n: int, _before: int) -> str:
        trial = view.selected_trial()
        if trial is None or trial.notes != note(n):
            raise SystemExit(f"benchmark stopped: the saved note is not shown ({trial and trial.notes!r})")
        return f"{name}: the new note on the chosen trial of {shown_rows(view)[0]}"

    return timed_saves(opened, view, open_form, lambda form, n: form.notes.setPlainText(note(n)), check, runs)


def log_call(opened: OpenWindow, name: str, runs: int) -> tuple[list[float], dict[str, list[float]], str]:
    """The Calls tab, Log a call…, an organization and a summary, Save."""
    view = opened.window.calls
    _show(opened, name, view)

    def fill(form: Any, n: int) -> None:
        form.organization.setCurrentText("Benchmark Health Plan")
        form.summary.setPlainText(f"Benchmark call {n}: asked for the status of the appeal.")

    def check(_n: int, before: int) -> str:
        after, _ = shown_rows(view)
        if after != before + 1:
            raise SystemExit(f"benchmark stopped: {before} calls shown before the save, {after} after")
        return f"{name}: {after} calls shown after the save, {before} before"

    return timed_saves(opened, view, view.log_button.click, fill, check, runs)


def main(argv: list[str] | None = None) -> int:
    args = benchmark_options(__doc__, argv, runs=5)
    with prepared(args, "triallog-edit-") as (root, _, data):
        quiet_environment(root)
        folder = copy_data_folder(data, root / "window")
        floor_copy = copy_data_folder(data, root / "floor")
        person_id, name, _ = people_in_order(folder / "triallog.db")[0]
        figures = Figures(args.scale)
        print(f"saves in the window at scale {args.scale:g} (median of {args.runs}, after one warm-up):", flush=True)
        opened = OpenWindow(application(), folder)
        floors = FloorCopy(floor_copy / "triallog.db", person_id)
        try:
            for label, measure, floor in (
                ("save a trial's note", save_trial_note, floors.save_trial_note),
                ("log a call", log_call, floors.log_call),
            ):
                runs, steps, check = measure(opened, name, args.runs)
                figures.add_steps(label, steps)
                figures.add(label, runs, repeat(floor, args.runs), check)
        finally:
            floors.close()
            opened.close()
        write_figures(args.json, figures.as_json())
    return 0


if __name__ == "__main__":
    sys.exit(main())
