"""Every test: offscreen Qt, a fresh data folder of its own, and no network at all."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

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

    def connect(self: socket.socket, address: object) -> None:
        guard(self.family)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: object) -> int:
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


@pytest.fixture
def db(data_dir: Path):  # type: ignore[no-untyped-def]
    from triallog.services.workspace import open_workspace

    database = open_workspace(data_dir)
    yield database
    database.close()


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
