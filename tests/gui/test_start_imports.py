"""The window opens without loading reportlab: the PDF library costs start-up time only when a PDF is made."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import sys
from triallog.cli import main
code = main(["--data-dir", sys.argv[1], "gui", "--exit-after-load"])
loaded = sorted({name.split(".")[0] for name in sys.modules} & {"reportlab", "pypdf"})
print("loaded:", ",".join(loaded) or "none")
sys.exit(code)
"""


def test_opening_the_window_with_a_record_does_not_import_reportlab(tmp_path: Path, dana_json: Path) -> None:
    folder = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    imported = subprocess.run(
        [sys.executable, "-m", "triallog", "--data-dir", str(folder), "import", str(dana_json)],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert imported.returncode == 0, imported.stderr

    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(folder)], capture_output=True, text=True, timeout=120, env=env
    )

    assert done.returncode == 0, done.stderr
    assert "loaded: none" in done.stdout
