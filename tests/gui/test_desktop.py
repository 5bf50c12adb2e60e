"""The window as the desktop sees it: named by the application id, with its icon, and readable on a machine
without a single font installed (the shipped DejaVu Sans is registered), offscreen and under X11 (Xvfb)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from triallog import APP_ID

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path("/tmp/door")
NO_FONTS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""


def probe(folder: Path, shot: Path, env: dict[str, str], *flags: str) -> dict[str, object]:
    """`tests/gui/window_probe.py` in a process of its own: what the window showed, and its grab in `shot`."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.gui.window_probe", str(folder), str(shot), *flags],
        cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    found: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return found


def colours(shot: Path) -> int:
    image = QImage(str(shot))
    step = max(1, image.width() // 200)
    return len({image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)})


@pytest.fixture
def no_fonts(tmp_path: Path) -> dict[str, str]:
    """fontconfig with no font folder at all: a minimal system, a container."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(NO_FONTS.format(cache=tmp_path / "font-cache"))
    return {"FONTCONFIG_FILE": str(conf), "QT_QPA_PLATFORM": "offscreen"}


def test_without_any_system_font_the_labels_are_drawn_in_the_shipped_one(
    tmp_path: Path, no_fonts: dict[str, str]
) -> None:
    SHOTS.mkdir(exist_ok=True)

    shown = probe(tmp_path / "a", SHOTS / "no-system-fonts.png", no_fonts)
    boxes = probe(tmp_path / "b", SHOTS / "no-fonts-at-all.png", no_fonts, "--without-shipped-fonts")

    assert "Welcome to TrialLog" in shown["texts"]  # type: ignore[operator]
    assert shown["missing_glyphs"] == []
    assert {"DejaVu Sans", "Droid Sans Fallback"} <= set(shown["families"])  # type: ignore[call-overload]
    # the yardstick: the same window without the shipped fonts draws boxes, which the check sees
    assert "W" in boxes["missing_glyphs"]  # type: ignore[operator]
    assert (SHOTS / "no-system-fonts.png").read_bytes() != (SHOTS / "no-fonts-at-all.png").read_bytes()


def test_the_window_carries_the_application_id_and_its_icon(tmp_path: Path) -> None:
    shown = probe(tmp_path / "data", tmp_path / "shot.png", {"QT_QPA_PLATFORM": "offscreen"})

    assert shown["desktop_file_name"] == APP_ID
    assert shown["icon"] is True


@pytest.fixture
def xvfb() -> Iterator[str]:
    """A virtual X11 screen of the test's own (`.ci/run` installs Xvfb); its DISPLAY."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (.ci/run installs it: apt-get install xvfb)")
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(write)
    with os.fdopen(read) as answer:
        number = answer.readline().strip()
    try:
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_under_x11_the_window_opens_through_the_xcb_plugin_and_shows_its_text(tmp_path: Path, xvfb: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    shot = SHOTS / "xcb-window.png"

    shown = probe(tmp_path / "data", shot, {"QT_QPA_PLATFORM": "xcb", "DISPLAY": xvfb})

    assert shown["platform"] == "xcb"
    assert shown["desktop_file_name"] == APP_ID and shown["icon"] is True
    assert "Welcome to TrialLog" in shown["texts"] and shown["missing_glyphs"] == []  # type: ignore[operator]
    grab = shown["grab"]
    assert isinstance(grab, list)
    width, height = grab
    assert width > 400 and height > 300
    assert colours(shot) > 20  # what the X server shows: text and buttons, not an empty rectangle


def test_the_readme_names_the_application_id_and_its_icon() -> None:
    readme = (ROOT / "README.md").read_text()

    assert f"application id, `{APP_ID}`" in readme
    assert f"`resources/icons/{APP_ID}.svg`" in readme
