"""Whatever fails while the records open, the window says it in a dialog and ends: it never waits forever.

A copy of TrialLog missing a part of itself (a bundle built without a module or a data file) is the case
a person cannot guess: the dialog names the part and says that installing again mends it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from tests.gui.conftest import Modals, press
from triallog.gui import app as app_module
from triallog.gui.main_window import MainWindow

SHOTS = Path("/tmp/door")


def read_and_quit(said: list[tuple[str, str, str]], shot: str = "") -> Callable[[QWidget], None]:
    def handle(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        said.append((box.windowTitle(), box.text(), box.informativeText()))
        if shot:
            SHOTS.mkdir(exist_ok=True)
            box.grab().save(str(SHOTS / shot))
        press("Quit")(box)

    return handle


@pytest.mark.bug_report
def test_a_missing_module_is_named_in_a_dialog_and_the_window_ends(  # type: ignore[no-untyped-def]
    qtbot,
    data_dir: Path,
    modals: Modals,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # as in a bundle built without the database layer: its import fails once the window is on screen
    monkeypatch.setitem(sys.modules, "triallog.services.workspace", None)
    said: list[tuple[str, str, str]] = []
    modals.then(read_and_quit(said, "missing-module.png"))

    assert app_module.run(str(data_dir)) == 1

    title, text, informative = said[0]
    assert title == "TrialLog is incomplete"
    assert text == "Your records could not be opened."
    assert "the module triallog.services.workspace is missing" in informative
    assert "Installing TrialLog again mends it" in informative and "Your records were not changed" in informative
    assert "triallog.log" in informative  # the traceback is in the private log, not on screen
    assert "Traceback" in (data_dir / "triallog.log").read_text()


def open_when_views_fail(
    error: Exception, data_dir: Path, modals: Modals, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, str, str]:
    """Open the window while building its views raises `error`: the dialog's (title, text, more), once
    the window has ended with status 1."""

    def attach(self: MainWindow, db: object) -> None:
        raise error

    monkeypatch.setattr(MainWindow, "attach", attach)
    said: list[tuple[str, str, str]] = []
    modals.then(read_and_quit(said))

    assert app_module.run(str(data_dir)) == 1
    return said[0]


@pytest.mark.bug_report
def test_a_view_that_cannot_be_built_is_said_not_waited_on(  # type: ignore[no-untyped-def]
    qtbot,
    data_dir: Path,
    modals: Modals,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    missing = Path(str(files("triallog.resources"))) / "instruments" / "questionnaires.json"
    error = FileNotFoundError(2, "No such file or directory", str(missing))  # a data file a view reads

    title, _text, informative = open_when_views_fail(error, data_dir, modals, monkeypatch)

    assert title == "TrialLog is incomplete"
    assert "the file resources/instruments/questionnaires.json is missing" in informative


@pytest.mark.bug_report
def test_a_bug_while_opening_is_a_dialog_naming_the_report(  # type: ignore[no-untyped-def]
    qtbot,
    data_dir: Path,
    modals: Modals,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    error = ValueError("a bug, with a name from the records: Dana Rivera")

    title, _text, informative = open_when_views_fail(error, data_dir, modals, monkeypatch)

    assert title == "Something went wrong"
    assert "A report was written to" in informative
    assert "Dana" not in informative  # the error's own text may quote a record: only the log holds it
