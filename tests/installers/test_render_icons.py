"""The build renders TrialLog's icon into every size a Linux desktop looks up, from the one SVG."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from triallog import APP_ID

ROOT = Path(__file__).resolve().parents[2]
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def test_every_size_is_rendered_in_the_hicolor_layout(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "installers" / "linux" / "render_icons.py"), str(tmp_path)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "10 icons" in done.stdout

    for size in SIZES:
        image = QImage(str(tmp_path / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.pixelColor(0, 0).alpha() == 0  # the tile's rounded corner: transparent
        assert image.pixelColor(size // 2, size // 2).alpha() == 255  # the page, drawn
        middle_row = {image.pixel(x, size // 2) for x in range(size)}
        assert len(middle_row) >= 3  # tile, page and entries: still shapes at 16 px, not one blur
    scalable = tmp_path / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    assert scalable.read_bytes() == (ROOT / "resources" / "icons" / f"{APP_ID}.svg").read_bytes()
