"""The desktop entry and the AppStream metadata name the program as the code does (they cannot read triallog)."""

from __future__ import annotations

import configparser
import xml.etree.ElementTree as ET
from pathlib import Path

from triallog import APP_ID, __version__

LINUX = Path(__file__).resolve().parents[2] / "installers" / "linux"


def test_the_desktop_entry_is_named_by_the_application_id_and_shows_its_icon() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their capitals
    entry.read(LINUX / f"{APP_ID}.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Icon"] == APP_ID
    assert section["Exec"] == "triallog"
    assert section["Name"] == "TrialLog"


def test_the_appstream_metadata_names_the_id_the_desktop_entry_and_this_version() -> None:
    component = ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable[@type='desktop-id']") == f"{APP_ID}.desktop"
    newest = component.find("releases/release")
    assert newest is not None
    assert newest.get("version") == __version__
