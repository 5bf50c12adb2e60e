"""Fixtures for the command-line tests: Dana's record imported from the command line, a person at a terminal,
her records protected."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.command_line import Triallog
from tests.folders import FreshFolder
from tests.storage.protection_helpers import PASSPHRASE
from triallog import cli


@pytest.fixture
def with_dana(tmp_path: Path, dana_json: Path, fresh_folder: FreshFolder, triallog: Triallog) -> Path:
    """A data folder of its own holding the shared example, imported with `triallog import`."""
    folder = fresh_folder(tmp_path / "data-dana")
    done = triallog("import", str(dana_json), data_dir=folder)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["imported Dana Rivera", "1 people, 4 trials, 0 files"]
    return folder


RECOVERY = re.compile(r"^    ([A-Z2-7]{4}(?:-[A-Z2-7]{4}){7})$", re.MULTILINE)


class Terminal:
    """A person at a terminal: stdin is a tty, and each hidden prompt is answered in turn."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.answers: list[str] = []
        self.prompts: list[str] = []
        monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
        monkeypatch.setattr("getpass.getpass", self._answer)

    def _answer(self, prompt: str = "") -> str:
        self.prompts.append(prompt)
        return self.answers.pop(0)


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[Terminal]:
    monkeypatch.delenv(cli.PASSPHRASE_VAR, raising=False)
    monkeypatch.delenv(cli.NEW_PASSPHRASE_VAR, raising=False)
    yield Terminal(monkeypatch)


@pytest.fixture
def protected(with_dana: Path, triallog: Triallog, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """Dana's folder protected with PASSPHRASE from the command line; (folder, recovery key)."""
    monkeypatch.setenv(cli.PASSPHRASE_VAR, PASSPHRASE)
    done = triallog("passphrase", "set", data_dir=with_dana)
    assert done.returncode == 0, done.stderr
    monkeypatch.delenv(cli.PASSPHRASE_VAR)
    found = RECOVERY.search(done.stdout)
    assert found is not None, done.stdout
    return with_dana, found.group(1)


@pytest.fixture
def unlocked(protected: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> Path:
    """Dana's protected folder, its passphrase in the environment as a script gives it."""
    monkeypatch.setenv(cli.PASSPHRASE_VAR, PASSPHRASE)
    return protected[0]
