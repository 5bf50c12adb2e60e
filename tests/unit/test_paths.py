"""Where each system keeps a person's records: Windows and macOS asked of platformdirs here, on Linux."""

from __future__ import annotations

import sys
from pathlib import Path, PureWindowsPath

import platformdirs
import pytest

from triallog import paths

WINDOWS_HOME = PureWindowsPath(r"C:\Users\Dana")


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dana's Windows profile, as platformdirs reads it where there is no Windows shell to ask."""
    local, roaming = WINDOWS_HOME / "AppData" / "Local", WINDOWS_HOME / "AppData" / "Roaming"
    for variable, folder in {"LOCAL_APPDATA": local, "APPDATA": roaming}.items():
        monkeypatch.setenv(f"WIN_PD_OVERRIDE_{variable}", str(folder))  # platformdirs 4.10 and newer
    monkeypatch.setenv("LOCALAPPDATA", str(local))  # older ones, off Windows
    monkeypatch.setenv("APPDATA", str(roaming))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder of the test's own (USERPROFILE too: that is what `~` means when the tests run on Windows)."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    return tmp_path


def test_on_windows_the_records_stay_on_this_computer_in_local_app_data(windows: None) -> None:
    folder = paths.default_data_dir("win32")

    # not AppData\Roaming (copied to a network profile at sign-out), not TrialLog\TrialLog
    assert PureWindowsPath(str(folder)) == WINDOWS_HOME / "AppData" / "Local" / "TrialLog"


def test_on_a_mac_the_records_are_in_application_support(home: Path) -> None:
    assert paths.default_data_dir("darwin") == home / "Library" / "Application Support" / "TrialLog"


def test_on_a_mac_a_shells_xdg_data_home_does_not_split_the_records_in_two(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TrialLog started from the Finder sees no shell variables; the command line in Terminal finds the same file."""
    from_the_finder = paths.default_data_dir("darwin")

    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))

    assert paths.default_data_dir("darwin") == from_the_finder


def test_on_linux_the_records_follow_xdg_data_home(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert paths.default_data_dir("linux") == home / ".local" / "share" / "TrialLog"

    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data-home"))
    assert paths.default_data_dir("linux") == home / "data-home" / "TrialLog"


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="compares with platformdirs' answer for Linux")
def test_records_an_earlier_triallog_kept_on_linux_are_found_where_they_were() -> None:
    """Earlier versions asked platformdirs' top-level function; this system's answer has not moved."""
    assert paths.default_data_dir() == platformdirs.user_data_path("TrialLog", appauthor=False)


@pytest.mark.parametrize("system", ["win32", "darwin", "linux"])
def test_asking_where_the_records_live_creates_nothing(system: str, windows: None, home: Path) -> None:
    """`triallog --version` or the About dialog names the folder; only a first start makes it."""
    paths.default_data_dir(system)

    assert list(home.iterdir()) == []


def test_the_command_line_and_a_variable_choose_another_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.ENV_VAR, str(tmp_path / "from-the-variable"))

    assert paths.data_dir() == tmp_path / "from-the-variable"
    assert paths.data_dir(tmp_path / "from-data-dir") == tmp_path / "from-data-dir"
    monkeypatch.delenv(paths.ENV_VAR)
    assert paths.data_dir() == paths.default_data_dir()
