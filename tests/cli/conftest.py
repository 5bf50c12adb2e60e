"""Fixtures for the command-line tests: Dana's record imported from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.command_line import Triallog
from tests.folders import FreshFolder


@pytest.fixture
def with_dana(tmp_path: Path, dana_json: Path, fresh_folder: FreshFolder, triallog: Triallog) -> Path:
    """A data folder of its own holding the shared example, imported with `triallog import`."""
    folder = fresh_folder(tmp_path / "data-dana")
    done = triallog("import", str(dana_json), data_dir=folder)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["imported Dana Rivera", "1 people, 4 trials, 0 files"]
    return folder
