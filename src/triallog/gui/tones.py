"""Every colour the window draws with, in one place, so that one test holds each to WCAG AA contrast
(tests/gui/test_contrast.py): text at least 4.5:1 against what is behind it, lines and edges that carry
meaning at least 3:1. Colour never carries meaning alone: each coloured thing also says it in words.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

#: the paper of labels that set only their ink: Qt's light window and the white of fields and charts
WINDOW = "#efefef"
BASE = "#ffffff"

#: the read-only window's banner
BANNER_PAPER, BANNER_INK, BANNER_EDGE = "#fff4ce", "#3d3000", "#e6d48a"
#: the notice at start of what is near: the banner's tones, with a darker stripe at its left (its words say it)
PRESSING_MARK = "#b08f1c"
#: a problem beside a field, and a warning before sending
ERROR_INK = "#b3261e"
WARNING_INK = "#7a2419"
#: a damaged backup's row (it also says "damaged: cannot be restored")
DAMAGED_INK = "#800000"
#: the Due list's rows: soft papers with dark ink, noticeable, readable, never alarming
OVERDUE_PAPER, OVERDUE_INK = "#f8e1de", "#7a2419"
SOON_PAPER, SOON_INK = "#fdf1d6", "#5c4710"
#: the PHQ-9 item-9 notice: calm blue, never alarm red
NOTICE_PAPER, NOTICE_INK, NOTICE_EDGE, NOTICE_MARK = "#eef3fa", "#1c2b40", "#9db5d6", "#4a7bb7"

#: the measure chart: its scores' line, and muted tones for trial bands told apart by hue
CHART_PAPER = BASE
CHART_LINE = "#1f3b63"
BAND_TONES = ("#4a7bb7", "#4e8f5a", "#b59a3c", "#8a6bb0", "#b5654e", "#3f8f8f", "#8a8f98")
BAND_ALPHA = 46
#: the severity thresholds' dashed lines and their names in the margin, in translucent black
GUIDE_ALPHA = 110
SEVERITY_NAME_ALPHA = 150
#: the chart's grid: a faint aid only (the axes' labels carry the values), so held to no ratio
GRID_ALPHA = 25
#: a trial's outcome as a dot beside its word in the trials table (the word says it; the dot only helps)
OUTCOME_DOTS = {
    "ongoing": "#4a7bb7",
    "effective": "#4e8f5a",
    "partial_response": "#b59a3c",
    "ineffective": "#8a8f98",
    "adverse_reaction": "#b5654e",
    "contraindicated": "#8a6bb0",
    "stopped_other": "#8a8f98",
}

#: text and the paper behind it, by what they are: each pair must read at 4.5:1 or more
TEXT_ON_PAPER: dict[str, tuple[str, str]] = {
    "read-only banner": (BANNER_INK, BANNER_PAPER),
    "the notice at start of what is near": (BANNER_INK, BANNER_PAPER),
    "a problem beside a field": (ERROR_INK, WINDOW),
    "a problem beside a field, in a white box": (ERROR_INK, BASE),
    "a warning before sending": (WARNING_INK, WINDOW),
    "a damaged backup in the list": (DAMAGED_INK, BASE),
    "an overdue row in the Due list": (OVERDUE_INK, OVERDUE_PAPER),
    "a row due soon in the Due list": (SOON_INK, SOON_PAPER),
    "the item-9 notice": (NOTICE_INK, NOTICE_PAPER),
    "the offer to add a new date to a calendar": (NOTICE_INK, NOTICE_PAPER),
}


def band_fill(tone: str) -> QColor:
    fill = QColor(tone)
    fill.setAlpha(BAND_ALPHA)
    return fill


def band_edge(tone: str) -> QColor:
    """A band's outline: where a trial begins and ends, darker than its fill so that it stands out at 3:1."""
    return QColor(tone).darker(170)


def band_name_ink(tone: str) -> QColor:
    return QColor(tone).darker(190)


def band_name_backing() -> QColor:
    """The pale backing that keeps a trial's name readable where the line crosses it."""
    return QColor(255, 255, 255, 190)


def guide_pen_color() -> QColor:
    return QColor(0, 0, 0, GUIDE_ALPHA)


def grid_color() -> QColor:
    return QColor(0, 0, 0, GRID_ALPHA)


def severity_name_ink() -> QColor:
    return QColor(0, 0, 0, SEVERITY_NAME_ALPHA)
