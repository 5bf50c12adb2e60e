"""Every colour the window draws with reads for tired or weak eyes: WCAG 2.1 AA, computed.

Text needs 4.5:1 against what lies behind it (1.4.3); a line or edge that carries meaning needs 3:1 (1.4.11).
Translucent colours are laid over what they are drawn on, as the screen shows them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QColor

from triallog.gui import tones

TEXT = 4.5
GRAPHIC = 3.0
GUI = Path(tones.__file__).parent


def luminance(color: QColor) -> float:
    """WCAG relative luminance of an opaque colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.red()) + 0.7152 * channel(color.green()) + 0.0722 * channel(color.blue())


def contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def over(top: QColor, below: QColor) -> QColor:
    """`top` (perhaps translucent) as seen laid over the opaque `below`."""
    a = top.alpha() / 255
    return QColor(
        round(top.red() * a + below.red() * (1 - a)),
        round(top.green() * a + below.green() * (1 - a)),
        round(top.blue() * a + below.blue() * (1 - a)),
    )


def test_the_ratios_are_computed_as_wcag_defines_them() -> None:
    assert contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)  # famously just short
    assert over(QColor(0, 0, 0, 128), QColor("#ffffff")).name() == "#7f7f7f"


@pytest.mark.parametrize("what", sorted(tones.TEXT_ON_PAPER))
def test_text_reads_at_4_5_to_1(what: str) -> None:
    ink, paper = tones.TEXT_ON_PAPER[what]
    assert contrast(QColor(ink), QColor(paper)) >= TEXT, what


def test_the_due_list_rows_are_the_checked_pairs() -> None:
    from triallog.gui.models.due_table import TONES, Band

    checked = set(tones.TEXT_ON_PAPER.values())
    assert {(ink, paper) for paper, ink in TONES.values()} <= checked
    assert set(TONES) == {Band.OVERDUE, Band.SOON}  # later and undated rows keep the table's own colours


@pytest.mark.parametrize("tone", tones.BAND_TONES)
def test_a_trial_band_on_the_chart_is_readable(tone: str) -> None:
    paper = QColor(tones.CHART_PAPER)
    band = over(tones.band_fill(tone), paper)
    # its name, on its pale backing, on the band
    backing = over(tones.band_name_backing(), band)
    assert contrast(tones.band_name_ink(tone), backing) >= TEXT
    # where the trial begins and ends, against the chart and against the band
    assert contrast(tones.band_edge(tone), paper) >= GRAPHIC
    assert contrast(tones.band_edge(tone), band) >= GRAPHIC
    # the scores' line, crossing the band
    assert contrast(QColor(tones.CHART_LINE), band) >= GRAPHIC


def test_the_severity_thresholds_and_their_names_stand_out() -> None:
    paper = QColor(tones.CHART_PAPER)
    assert contrast(over(tones.severity_name_ink(), paper), paper) >= TEXT
    assert contrast(over(tones.guide_pen_color(), paper), paper) >= GRAPHIC
    assert contrast(QColor(tones.CHART_LINE), paper) >= GRAPHIC


def test_the_item_9_notice_marks_itself_at_3_to_1() -> None:
    assert contrast(QColor(tones.NOTICE_MARK), QColor(tones.NOTICE_PAPER)) >= GRAPHIC


def test_no_colour_is_chosen_outside_the_checked_list() -> None:
    """A colour written anywhere else in the window would escape these checks: it belongs in gui/tones.py."""
    chosen = re.compile(r"#[0-9a-fA-F]{6}\b|QColor\(\s*\d|GlobalColor\.(?!transparent)\w+")
    found = [
        f"{path.relative_to(GUI)}:{number}: {line.strip()}"
        for path in sorted(GUI.rglob("*.py"))
        if path.name != "tones.py"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if chosen.search(line)
    ]
    assert found == []
