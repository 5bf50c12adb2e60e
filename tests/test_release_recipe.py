"""The release recipe (.github/workflows/release.yml, installers/windows, installers/macos) reads the version and the
application id from the package, so a release never ships a name or number the program does not have."""

from __future__ import annotations

from pathlib import Path

import triallog

ROOT = Path(__file__).resolve().parents[1]
RECIPE = [
    ROOT / ".github" / "workflows" / "release.yml",
    ROOT / "installers" / "frozen_smoke.sh",
    *sorted((ROOT / "installers" / "windows").iterdir()),
    *sorted((ROOT / "installers" / "macos").iterdir()),
]


def test_the_recipe_never_writes_the_version_or_the_application_id() -> None:
    for path in RECIPE:
        text = path.read_text(encoding="utf-8")
        assert triallog.__version__ not in text, f"{path.name} writes the version; read triallog.__version__"
        assert triallog.APP_ID not in text, f"{path.name} writes the application id; read triallog.APP_ID"


def test_the_windows_installer_is_handed_both_and_refuses_to_build_without_them() -> None:
    script = (ROOT / "installers" / "windows" / "triallog.iss").read_text(encoding="utf-8")
    workflow = (ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")

    for define in ("AppVersion", "AppId", "SourceDir"):
        assert f"#ifndef {define}\n  #error" in script
        assert f'"/D{define}=' in workflow
    assert "triallog.__version__" in workflow and "triallog.APP_ID" in workflow
