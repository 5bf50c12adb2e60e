"""Every test: offscreen Qt, a fresh data folder of its own, and no network at all."""

from __future__ import annotations

import functools
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.command_line import Ran, Triallog
from tests.folders import FreshFolder, copy_first_start, start_for_real

if TYPE_CHECKING:
    from triallog.storage.db import Database

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

EXAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "examples"


class NetworkAttempt(AssertionError):
    pass


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open an internet connection fails the test: TrialLog never goes online."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guard(family: int) -> None:
        if family in (socket.AF_INET, socket.AF_INET6):
            raise NetworkAttempt("TrialLog must never open a network connection")

    def connect(self: socket.socket, address: Any) -> None:
        guard(self.family)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        guard(self.family)
        return real_connect_ex(self, address)

    def create_connection(*args: object, **kwargs: object) -> socket.socket:
        raise NetworkAttempt("TrialLog must never open a network connection")

    def getaddrinfo(*args: object, **kwargs: object) -> list[object]:
        raise NetworkAttempt("TrialLog must never look up a host name")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data folder per test; $TRIALLOG_DATA_DIR points there so nothing touches the user's own."""
    folder = tmp_path / "data"
    monkeypatch.setenv("TRIALLOG_DATA_DIR", str(folder))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / ".local" / "share"))
    return folder


@pytest.fixture(scope="session")
def template_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real first start per session, copied by `fresh_folder` (see tests/folders.py)."""
    return start_for_real(tmp_path_factory.mktemp("template") / "data")


@pytest.fixture
def fresh_folder(template_folder: Path) -> FreshFolder:
    """`fresh_folder(path)`: `path` as a first start leaves a data folder, copied from the session's template."""
    return functools.partial(copy_first_start, template_folder)


@pytest.fixture
def db(data_dir: Path, fresh_folder: FreshFolder) -> Iterator[Database]:
    """The test's own database, as a first start leaves it (copied from the template, not migrated again)."""
    from triallog.services.workspace import open_workspace

    database = open_workspace(fresh_folder(data_dir))
    yield database
    database.close()


@pytest.fixture
def triallog(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Triallog:
    """`triallog(*args, data_dir=None)`: the command line run in this process, through `cli.main(argv)`.

    The same exit status and output as the installed command (tests/cli/test_cli.py compares them),
    without starting Python for each call. Runs that need a process of their own (signals, a closed pipe,
    locks held by another program, the installed script) start one."""
    from triallog import cli

    monkeypatch.setenv("COLUMNS", "100")  # argparse wraps its help to the terminal's width

    def run(*args: str, data_dir: Path | None = None) -> Ran:
        folder = ["--data-dir", str(data_dir)] if data_dir is not None else []
        capsys.readouterr()  # only this command's output
        try:
            code = cli.main([*folder, *args])
        except SystemExit as stop:  # argparse: --help, --version, a mistake in the arguments
            code = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
        out, err = capsys.readouterr()
        return Ran(code, out, err)

    return run


def _example(name: str) -> Path:
    path = EXAMPLES / name
    if not path.exists():
        pytest.fail(f"the shared example is missing: {path} (CI places ../shared beside the project)")
    return path


@pytest.fixture
def dana_json() -> Path:
    """The shared example record in format version 2 (../shared/examples/dana-rivera.v2.json)."""
    return _example("dana-rivera.v2.json")


@pytest.fixture
def dana_v1_json() -> Path:
    """The same record as a version 1 file, which import still reads (../shared/examples/dana-rivera.json)."""
    return _example("dana-rivera.json")
