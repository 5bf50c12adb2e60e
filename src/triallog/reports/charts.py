"""Vector charts for the PDFs (the trial timeline and each measure over time), drawn with reportlab.graphics.

Every size here is chosen to survive a fax: no text under 7 pt, failures told apart by darkness and
hatching as well as by hue, so a greyscale copy still reads.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Literal

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer

from triallog.domain import measures
from triallog.domain import records as r
from triallog.domain.chart_scales import MONTH_STEPS, TrialBand, stack_in_lanes, trial_lanes, value_range, value_ticks
from triallog.domain.dates import PartialDate, Precision
from triallog.domain.enums import Outcome
from triallog.domain.rules import Instrument
from triallog.reports.base import FONT, FONT_BOLD, INK, MUTED, RULE, data_table, styles, text

#: the smallest text a chart draws (a faxed page loses anything smaller) and the usual label size
SMALLEST = 7.0
LABEL = 7.5
#: which part of a label its x gives (reportlab's textAnchor)
Anchor = Literal["start", "middle", "end", "numeric"]

LANE = 13.0  # one timeline lane: a 10 pt bar and a 7.5 pt label inside it
BAR = 10.0
LABEL_GAP = 12.0
FADE_STEPS = 6
LINE_TONE = colors.HexColor("#1f3b63")
GRID = colors.HexColor("#d5dadf")
PLAN_TONES = (colors.HexColor("#e4e7eb"), colors.HexColor("#f1f3f5"))
#: beyond this many points the markers would blur into one thick line
DENSE = 150


@dataclass(frozen=True)
class OutcomeLook:
    """How one outcome is drawn: Okabe–Ito-like hues on a ladder of darkness, so greyscale keeps them apart."""

    fill: Color
    ink: Color  # the label colour on the bar
    hatched: bool = False
    dashed: bool = False


LOOKS: dict[Outcome, OutcomeLook] = {
    Outcome.ONGOING: OutcomeLook(colors.HexColor("#d6e6f5"), INK),
    Outcome.EFFECTIVE: OutcomeLook(colors.HexColor("#95d5bb"), INK),
    Outcome.PARTIAL_RESPONSE: OutcomeLook(colors.HexColor("#e0aa3e"), INK),
    Outcome.STOPPED_OTHER: OutcomeLook(colors.HexColor("#c9cdd2"), INK, dashed=True),
    Outcome.INEFFECTIVE: OutcomeLook(colors.HexColor("#a4461a"), colors.white),
    Outcome.ADVERSE_REACTION: OutcomeLook(colors.HexColor("#4b2a5e"), colors.white, hatched=True),
    Outcome.CONTRAINDICATED: OutcomeLook(colors.HexColor("#2d3a48"), INK),
}
LEGEND_WORDS = {Outcome.CONTRAINDICATED: "Contraindicated (not started)"}

INSTRUMENT_TITLES = {
    Instrument.PHQ9: "PHQ-9 (depression)",
    Instrument.GAD7: "GAD-7 (anxiety)",
    Instrument.PAIN: "Pain, 0–10 scale",
}


# -- small shared pieces ---------------------------------------------------------------------------


def human_day(day: date) -> str:
    return PartialDate.of(day).human()


def blend(color: Color, toward: Color, share: float) -> Color:
    """`share` of the way from `color` to `toward` (0 keeps the colour)."""
    return Color(*(a + (b - a) * share for a, b in zip(color.rgb(), toward.rgb(), strict=True)))


def width_of(value: str, size: float = LABEL, font: str = FONT) -> float:
    return stringWidth(value, font, size)


def elide(value: str, room: float, size: float = LABEL, font: str = FONT) -> str:
    """The text cut with "…" to fit `room` points; empty when not even six letters fit."""
    if width_of(value, size, font) <= room:
        return value
    for end in range(len(value) - 1, 5, -1):
        cut = value[:end].rstrip() + "…"
        if width_of(cut, size, font) <= room:
            return cut
    return ""


def label(
    x: float,
    y: float,
    value: str,
    size: float = LABEL,
    color: Color = INK,
    font: str = FONT,
    textAnchor: Anchor = "start",
) -> String:
    return String(x, y, value, fontName=font, fontSize=max(size, SMALLEST), fillColor=color, textAnchor=textAnchor)


def box(x: float, y: float, width: float, height: float, **style: Any) -> Rect:
    """A `Rect` with its style (fillColor, strokeColor, strokeWidth, strokeDashArray).

    types-reportlab declares Rect's `**kw` as the TypedDict itself, not `Unpack[...]`, so it refuses every style
    keyword; `Any` here lets them through, and reportlab checks each one when it is set."""
    return Rect(x, y, width, height, **style)


def new_drawing(width: float, height: float) -> Drawing:
    # without an initial font the page names Helvetica, which the PDF does not embed
    return Drawing(width, height, initialFontName=FONT, initialFontSize=LABEL)


def message_drawing(width: float, message: str) -> Drawing:
    drawing = new_drawing(width, 18)
    drawing.add(label(0, 5, message, 9, MUTED))
    return drawing


@dataclass(frozen=True)
class TimeAxis:
    """Days to x positions."""

    first: date
    last: date
    left: float
    right: float

    def x(self, day: date) -> float:
        span = max(1, (self.last - self.first).days)
        return self.left + (day - self.first).days / span * (self.right - self.left)


def month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def month_day(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def date_ticks(axis: TimeAxis) -> tuple[list[date], str]:
    """Month or year ticks that fit the axis without their labels touching: the days and the label form."""
    room = axis.right - axis.left
    for step in MONTH_STEPS:
        form = "%Y" if step >= 12 else "%b %Y"
        need = width_of(date(2000, 9, 1).strftime(form)) + 10
        first = -(-month_index(axis.first) // step) * step
        if month_day(first) < axis.first:
            first += step
        days = [month_day(i) for i in range(first, month_index(axis.last) + 1, step)]
        if len(days) * need <= room or step == 120:
            return days, form
    raise AssertionError("unreachable")


def draw_time_axis(drawing: Drawing, axis: TimeAxis, y: float, top: float) -> None:
    """The baseline, a faint grid line up to `top` at each tick, and the tick labels below."""
    days, form = date_ticks(axis)
    drawing.add(Line(axis.left, y, axis.right, y, strokeColor=MUTED, strokeWidth=0.6))
    for day in days:
        x = axis.x(day)
        drawing.add(Line(x, y, x, top, strokeColor=GRID, strokeWidth=0.4))
        drawing.add(Line(x, y - 3, x, y, strokeColor=MUTED, strokeWidth=0.6))
        words = day.strftime(form)
        # a label at either end stays inside the drawing
        anchor: Anchor = "middle"
        if x - width_of(words) / 2 < axis.left - 2:
            anchor = "start"
        elif x + width_of(words) / 2 > axis.right + 2:
            anchor = "end"
        shift = {"start": -1.0, "middle": 0.0, "end": 1.0}[anchor]
        drawing.add(label(x + shift, y - 11, words, LABEL, MUTED, textAnchor=anchor))


# -- the timeline of trials ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineBar:
    trial: r.Trial
    start: date
    end: date  # inclusive; today for a trial still taken
    x0: float
    x1: float
    text: str
    inside: bool
    text_x: float
    lo: float  # the room the bar and its label take on its lane
    hi: float
    lane: int = 0


@dataclass(frozen=True)
class TimelineLayout:
    axis: TimeAxis
    bars: list[TimelineBar]
    lanes: int
    plans: list[tuple[r.Coverage, float, float, int, float]]  # coverage, x0, x1, label row, label x
    plan_rows: int
    legend: list[list[tuple[str, str, float]]]  # rows of (kind, words, x)


def timeline_chart(person: r.Person, width: float, today: date) -> Drawing:
    """Every trial as a bar over the years, on as many lanes as it takes (the drawing grows taller);
    `timeline_charts` splits the same picture to fit a page."""
    return timeline_charts(person, width, today, max_height=None)[0]


def timeline_charts(person: r.Person, width: float, today: date, max_height: float | None) -> list[Drawing]:
    """The timeline as one drawing, or as several no taller than `max_height` (each repeats the plans and
    the year axis; the legend comes once, on the first). A record without trials gives one short drawing
    that says so."""
    if not person.trials:
        return [message_drawing(width, "No medication trials are recorded yet.")]
    layout = timeline_layout(person, width, today)
    parts: list[range] = []
    first_lane = 0
    while first_lane < layout.lanes:
        count = layout.lanes
        if max_height is not None:
            fixed = AXIS_ROOM + plan_strip_height(layout) + (legend_height(layout) if not parts else 0) + 2
            count = max(1, int((max_height - fixed) // LANE))
        parts.append(range(first_lane, min(layout.lanes, first_lane + count)))
        first_lane += count
    return [timeline_drawing(layout, lanes, with_legend=i == 0) for i, lanes in enumerate(parts)]


AXIS_ROOM = 16.0


def timeline_layout(person: r.Person, width: float, today: date) -> TimelineLayout:
    spans = [(t, *measures.trial_span(t, today)) for t in person.trials]
    first = min(start for _, start, _ in spans)
    last = max(max(end for _, _, end in spans), today)
    first = date(first.year, 1, 1)
    pad = max(timedelta(days=20), (last - first) * 0.02)
    axis = TimeAxis(first, last + pad, 2, width - 2)
    bars = place_in_lanes([timeline_bar(t, start, end, axis, today) for t, start, end in spans])
    plans, plan_rows = plan_bands(person.coverages, axis, today)
    return TimelineLayout(axis, bars, 1 + max(b.lane for b in bars), plans, plan_rows, legend_rows(bars, width))


def timeline_bar(trial: r.Trial, start: date, end: date, axis: TimeAxis, today: date) -> TimelineBar:
    if trial.outcome is Outcome.CONTRAINDICATED:
        middle = axis.x(start) + (axis.x(end + timedelta(days=1)) - axis.x(start)) / 2
        x0, x1 = middle - BAR / 2, middle + BAR / 2
    else:
        x0 = axis.x(start)
        x1 = max(axis.x(end + timedelta(days=1)), x0 + 2)
    text_value = trial.drug_label
    tail = 6.0 if trial.still_taking else 0.0  # the open end's arrow
    wide = width_of(text_value)
    solid_from, solid_to = solid_part(trial, x0, x1, axis)
    if trial.outcome is not Outcome.CONTRAINDICATED and wide + 6 <= solid_to - solid_from:
        # inside only on the solid part: a faded end is too pale behind white letters
        return TimelineBar(trial, start, end, x0, x1, text_value, True, solid_from + 3, x0, x1 + tail)
    if x1 + tail + 3 + wide <= axis.right:
        return TimelineBar(trial, start, end, x0, x1, text_value, False, x1 + tail + 3, x0, x1 + tail + 3 + wide)
    if x0 - 3 - wide >= axis.left:
        return TimelineBar(trial, start, end, x0, x1, text_value, False, x0 - 3 - wide, x0 - 3 - wide, x1 + tail)
    text_value = elide(text_value, axis.right - x1 - tail - 3)
    return TimelineBar(trial, start, end, x0, x1, text_value, False, x1 + tail + 3, x0, axis.right)


def solid_part(trial: r.Trial, x0: float, x1: float, axis: TimeAxis) -> tuple[float, float]:
    """Where the bar is drawn solid: between the faded ends of a start or end known only to the month or year."""
    solid_from, solid_to = x0, x1
    middle = (x0 + x1) / 2
    if trial.start.precision < Precision.DAY:
        solid_from = min(max(axis.x(trial.start.last_day + timedelta(days=1)), x0 + 6), middle)
    if trial.end is not None and trial.end.precision < Precision.DAY:
        solid_to = max(min(axis.x(trial.end.first_day), x1 - 6), middle)
    return solid_from, solid_to


def place_in_lanes(bars: list[TimelineBar]) -> list[TimelineBar]:
    """Each bar (with its label) on the first lane free where it begins, oldest first: nothing overlaps."""
    ordered = sorted(bars, key=lambda b: (b.lo, b.start, b.trial.drug.casefold()))
    # a wide gap, so a label beside a bar reads as that bar's and not the next one's
    lanes = stack_in_lanes(((b.lo, b.hi) for b in ordered), lambda end, lo: end + LABEL_GAP <= lo)
    return [replace(bar, lane=lane) for bar, lane in zip(ordered, lanes, strict=True)]


def plan_bands(
    coverages: Sequence[r.Coverage], axis: TimeAxis, today: date
) -> tuple[list[tuple[r.Coverage, float, float, int, float]], int]:
    """The plans in force, clipped to the axis, each with the row its label takes above the lanes."""
    found = []
    for coverage in sorted(coverages, key=lambda c: c.start.sort_key() if c.start else (date.min, 0)):
        start = coverage.start.first_day if coverage.start else axis.first
        end = coverage.end.last_day + timedelta(days=1) if coverage.end else axis.last
        start, end = max(start, axis.first), min(end, axis.last)
        if start < end:
            found.append((coverage, axis.x(start), axis.x(end)))
    rows: list[float] = []
    placed = []
    for coverage, x0, x1 in found:
        wide = width_of(coverage.title, LABEL, FONT_BOLD)
        # A plan too narrow for its name gets the name ending at its right edge, over the plan before it.
        text_x = x0 + 2 if x0 + 2 + wide <= x1 or x1 - wide - 2 < axis.left else x1 - wide - 2
        row = next((i for i, end in enumerate(rows) if end + 6 <= text_x), len(rows))
        if row == len(rows):
            rows.append(0)
        rows[row] = text_x + wide
        placed.append((coverage, x0, x1, row, text_x))
    return placed, len(rows)


def legend_rows(bars: list[TimelineBar], width: float) -> list[list[tuple[str, str, float]]]:
    used = {b.trial.outcome for b in bars}
    items = [(o.value, LEGEND_WORDS.get(o, o.label)) for o in Outcome if o in used]
    items.append(("plan", "Plan in force"))
    if any(
        b.trial.start.precision < Precision.DAY or (b.trial.end and b.trial.end.precision < Precision.DAY) for b in bars
    ):
        items.append(("fade", "Faded end: month or year only"))
    if any(b.trial.still_taking for b in bars):
        items.append(("open", "Still taking"))
    rows: list[list[tuple[str, str, float]]] = [[]]
    x = 0.0
    for kind, words in items:
        need = 18 + width_of(words) + 12
        if x + need > width and rows[-1]:
            rows.append([])
            x = 0.0
        rows[-1].append((kind, words, x))
        x += need
    return rows


def legend_height(layout: TimelineLayout) -> float:
    return len(layout.legend) * 12 + 4


def plan_strip_height(layout: TimelineLayout) -> float:
    return layout.plan_rows * 10 + 3 if layout.plans else 0


def timeline_drawing(layout: TimelineLayout, lanes: range, with_legend: bool) -> Drawing:
    axis = layout.axis
    lanes_height = len(lanes) * LANE
    legend = legend_height(layout) if with_legend else 0
    height = AXIS_ROOM + lanes_height + plan_strip_height(layout) + legend + 2
    drawing = new_drawing(axis.right + 2, height)
    base = AXIS_ROOM
    top = base + lanes_height
    strip_top = top + plan_strip_height(layout)
    for i, (_, x0, x1, _, _) in enumerate(layout.plans):
        drawing.add(box(x0, base, x1 - x0, strip_top - base, fillColor=PLAN_TONES[i % 2], strokeColor=None))
        drawing.add(Line(x0, base, x0, strip_top, strokeColor=RULE, strokeWidth=0.5))
    for coverage, _, _, row, x in layout.plans:
        words = elide(coverage.title, axis.right - x, LABEL, FONT_BOLD)
        drawing.add(label(x, strip_top - 9 - row * 10, words, LABEL, MUTED, font=FONT_BOLD))
    draw_time_axis(drawing, axis, base, top)
    for bar in layout.bars:
        if bar.lane in lanes:
            y = top - (bar.lane - lanes.start + 1) * LANE + (LANE - BAR) / 2
            draw_bar(drawing, bar, y, axis)
    if with_legend:
        draw_legend(drawing, layout.legend, height - 10)
    return drawing


def draw_bar(drawing: Drawing, bar: TimelineBar, y: float, axis: TimeAxis) -> None:
    trial = bar.trial
    look = LOOKS[trial.outcome]
    if trial.outcome is Outcome.CONTRAINDICATED:
        middle, h = (bar.x0 + bar.x1) / 2, BAR / 2
        points = [middle, y, middle + h, y + h, middle, y + BAR, middle - h, y + h]
        drawing.add(Polygon(points, fillColor=look.fill, strokeColor=None))
    else:
        solid_from, solid_to = solid_part(trial, bar.x0, bar.x1, axis)
        if solid_from > bar.x0:
            fade(drawing, bar.x0, solid_from, y, look.fill, rising=True)
        if solid_to < bar.x1:
            fade(drawing, solid_to, bar.x1, y, look.fill, rising=False)
        edge = blend(look.fill, INK, 0.45)
        drawing.add(box(solid_from, y, solid_to - solid_from, BAR, fillColor=look.fill, strokeColor=None))
        if look.hatched:
            hatch(drawing, solid_from, solid_to, y, blend(look.fill, colors.white, 0.4))
        dash = [2, 1.5] if look.dashed else None
        for yy in (y, y + BAR):
            line = Line(solid_from, yy, solid_to, yy, strokeColor=edge, strokeWidth=0.5)
            line.strokeDashArray = dash  # type: ignore[assignment]  # None (solid) is reportlab's own default
            drawing.add(line)
        if trial.start.precision == Precision.DAY:
            drawing.add(Line(bar.x0, y, bar.x0, y + BAR, strokeColor=edge, strokeWidth=0.5))
        if trial.end is not None and trial.end.precision == Precision.DAY:
            drawing.add(Line(bar.x1, y, bar.x1, y + BAR, strokeColor=edge, strokeWidth=0.5))
        if trial.still_taking:
            arrow = [bar.x1, y - 1.5, bar.x1 + 6, y + BAR / 2, bar.x1, y + BAR + 1.5]
            drawing.add(Polygon(arrow, fillColor=look.fill, strokeColor=edge, strokeWidth=0.5))
    if bar.text:
        ink = look.ink if bar.inside else INK
        drawing.add(label(bar.text_x, y + 2.6, bar.text, LABEL, ink))


def fade(drawing: Drawing, x0: float, x1: float, y: float, fill: Color, rising: bool) -> None:
    """An edge that fades to white where only the month or the year is known: no made-up day."""
    steps = max(FADE_STEPS, min(30, int((x1 - x0) / 2.5)))  # a year-long fade needs finer steps to look smooth
    step = (x1 - x0) / steps
    for i in range(steps):
        share = (i + 0.5) / steps
        strength = share if rising else 1 - share
        tone = blend(fill, colors.white, 1 - 0.15 - 0.85 * strength)
        drawing.add(box(x0 + i * step, y, step + 0.2, BAR, fillColor=tone, strokeColor=None))


def hatch(drawing: Drawing, x0: float, x1: float, y: float, tone: Color) -> None:
    """Diagonal lines inside the bar, so an adverse reaction reads apart from a plain failure in greyscale."""
    gap = 4.0
    start = x0 - BAR
    while start < x1:
        a, b = max(start, x0), min(start + BAR, x1)
        if a < b:
            drawing.add(Line(a, y + (a - start), b, y + (b - start), strokeColor=tone, strokeWidth=0.7))
        start += gap


def draw_legend(drawing: Drawing, rows: list[list[tuple[str, str, float]]], y: float) -> None:
    for row in rows:
        for kind, words, x in row:
            swatch(drawing, kind, x, y)
            drawing.add(label(x + 18, y, words, LABEL, INK))
        y -= 12


def swatch(drawing: Drawing, kind: str, x: float, y: float) -> None:
    if kind == "plan":
        drawing.add(box(x, y - 1, 14, 8, fillColor=PLAN_TONES[0], strokeColor=RULE, strokeWidth=0.5))
    elif kind == "fade":
        fill = LOOKS[Outcome.EFFECTIVE].fill
        for i in range(4):
            tone = blend(fill, colors.white, 1 - (i + 0.5) / 4)
            drawing.add(box(x + i * 3.5, y - 1, 3.6, 8, fillColor=tone, strokeColor=None))
    elif kind == "open":
        drawing.add(box(x, y - 1, 9, 8, fillColor=colors.white, strokeColor=MUTED, strokeWidth=0.5))
        drawing.add(Polygon([x + 9, y - 2, x + 14, y + 3, x + 9, y + 8], fillColor=MUTED, strokeColor=None))
    elif kind == Outcome.CONTRAINDICATED.value:
        drawing.add(
            Polygon([x + 7, y - 2, x + 11, y + 3, x + 7, y + 8, x + 3, y + 3], fillColor=LOOKS[Outcome(kind)].fill)
        )
    else:
        look = LOOKS[Outcome(kind)]
        edge = blend(look.fill, INK, 0.45)
        dash = [2, 1.5] if look.dashed else None
        drawing.add(box(x, y - 1, 14, 8, fillColor=look.fill, strokeColor=edge, strokeWidth=0.5, strokeDashArray=dash))
        if look.hatched:
            for i in range(3):
                drawing.add(
                    Line(x + i * 3, y - 1, x + i * 3 + 8, y + 7, strokeColor=blend(look.fill, colors.white, 0.4))
                )


# -- one measure over time ------------------------------------------------------------------------------

PLOT_HEIGHT = 150.0
PLOT_MOST = 300.0
TITLE_ROOM = 16.0


def instrument_title(instrument: str) -> str:
    return INSTRUMENT_TITLES.get(instrument, measures.instrument_name(instrument))


def scores_of(person: r.Person, instrument: str, since: date | None = None) -> list[r.Measurement]:
    """One instrument's scores, oldest first; from `since` on when given."""
    found = [
        m for m in person.measurements if m.instrument == instrument and (since is None or m.taken.first_day >= since)
    ]
    return sorted(found, key=lambda m: m.taken.sort_key())


def instruments_of(person: r.Person, since: date | None = None) -> list[str]:
    """The instruments with scores (from `since` on): the standard scales first, then the person's own."""
    found = {m.instrument for m in person.measurements if since is None or m.taken.first_day >= since}
    standard = [i for i in (Instrument.PHQ9, Instrument.GAD7, Instrument.PAIN) if i in found]
    return standard + sorted((found - set(standard)), key=str.casefold)


def definition_of(person: r.Person, instrument: str) -> r.MeasureDefinition | None:
    name = measures.instrument_name(instrument)
    if not instrument.startswith(Instrument.CUSTOM_PREFIX):
        return None
    return next((d for d in person.measure_definitions if d.name == name), None)


def score_words(value: float) -> str:
    return f"{value:g}".replace("-", "−")


def measure_chart(person: r.Person, instrument: str, width: float, today: date, since: date | None = None) -> Drawing:
    """One instrument's scores as a line with points, its severity bands as dashed guides named in the right
    margin, and the trials drawn behind as labelled bands. From `since` to today when `since` is given."""
    points = scores_of(person, instrument, since)
    if not points:
        after = f" since {human_day(since)}" if since else ""
        return message_drawing(width, f"No {instrument_title(instrument)} scores are recorded{after}.")
    definition = definition_of(person, instrument)
    first, last = points[0].taken.first_day, points[-1].taken.first_day
    if since is not None:
        first, last = min(since, first), max(today, last)
    else:
        pad = max(timedelta(days=15), (last - first) * 0.03)
        first, last = first - pad, last + pad
    low, high = value_range(instrument, [m.score for m in points], definition)
    ticks = value_ticks(instrument, low, high)
    bands = measures.BANDS.get(instrument, ())
    band_words = [f"{lo}–{hi} {name}" for lo, hi, name in bands]
    right = max((width_of(w) for w in band_words), default=0.0) + 10
    left = max(width_of(score_words(t)) for t in ticks) + 8
    axis = TimeAxis(first, last, left, width - right)
    behind, lanes = trial_lanes(person.trials, first, last, today)
    plot = min(PLOT_MOST, max(PLOT_HEIGHT, lanes * 14.0))
    bottom = AXIS_ROOM
    drawing = new_drawing(width, bottom + plot + TITLE_ROOM)

    def y_of(value: float) -> float:
        return bottom + (min(max(value, low), high) - low) / (high - low) * plot

    names = draw_trial_bands(drawing, behind, lanes, axis, bottom, plot)
    for tick in ticks:
        drawing.add(Line(axis.left, y_of(tick), axis.right, y_of(tick), strokeColor=GRID, strokeWidth=0.4))
        drawing.add(label(axis.left - 4, y_of(tick) - 2.5, score_words(tick), LABEL, MUTED, textAnchor="end"))
    for (lo, hi, _), words in zip(bands, band_words, strict=True):
        if lo > low:
            y = y_of(lo - 0.5)  # between the top of one band and the bottom of the next
            drawing.add(Line(axis.left, y, axis.right, y, strokeColor=MUTED, strokeWidth=0.5, strokeDashArray=[3, 2]))
        middle = y_of((lo - 0.5 + min(hi + 0.5, high)) / 2)
        drawing.add(label(axis.right + 5, middle - 2.5, words, LABEL, MUTED))
    draw_time_axis(drawing, axis, bottom, bottom + plot)
    drawing.add(Line(axis.left, bottom, axis.left, bottom + plot, strokeColor=MUTED, strokeWidth=0.6))
    for shape in names:  # over the guides, under the scores
        drawing.add(shape)
    xy = [(axis.x(m.taken.first_day), y_of(m.score)) for m in points]
    if len(xy) > 1:
        flat = [v for pair in xy for v in pair]
        drawing.add(PolyLine(flat, strokeColor=LINE_TONE, strokeWidth=1.2 if len(xy) > DENSE else 1.5))
    if len(xy) <= DENSE:
        for x, y in xy:
            drawing.add(Circle(x, y, 2.4, fillColor=LINE_TONE, strokeColor=colors.white, strokeWidth=0.5))
    better = "higher" if measures.higher_is_better(instrument, person.measure_definitions) else "lower"
    unit = definition.unit if definition is not None and definition.unit else "score"
    drawing.add(label(0, bottom + plot + 7, f"{unit} ({better} is better)", LABEL, MUTED))
    return drawing


def draw_trial_bands(
    drawing: Drawing,
    bands: list[TrialBand],
    lanes: int,
    axis: TimeAxis,
    bottom: float,
    plot: float,
) -> list[Rect | String]:
    """Each trial as a pale band in its outcome's hue; returns the names (on a white backing, for the top
    left of each band) for the caller to draw over the guides."""
    lane_height = plot / lanes
    names: list[Rect | String] = []
    for band in bands:
        look = LOOKS[band.trial.outcome]
        x0 = axis.x(max(band.start, axis.first))
        x1 = max(axis.x(min(band.end + timedelta(days=1), axis.last)), x0 + 1.5)
        top = bottom + plot - band.lane * lane_height
        drawing.add(
            box(
                x0,
                top - lane_height,
                x1 - x0,
                lane_height,
                fillColor=blend(look.fill, colors.white, 0.78),
                strokeColor=blend(look.fill, INK, 0.2),
                strokeWidth=0.5,
            )
        )
        words = elide(band.trial.drug_label, x1 - x0 - 6) if lane_height >= LANE else ""
        if words:
            backing = box(x0 + 1.5, top - 10.5, width_of(words) + 3, 9, fillColor=colors.white, strokeColor=None)
            backing.fillOpacity = 0.8
            names += [backing, label(x0 + 3, top - 8.3, words, LABEL, INK)]
    return names


# -- the "Measures" section ------------------------------------------------------------------------------------

RESPONSE_HEADER = ("Drug", "Trial", "Baseline", "Last during trial", "Change", "Measured response")
RESPONSE_WIDTHS = (1.5, 1.6, 1.05, 1.1, 0.95, 1.2)


def measures_section(
    person: r.Person,
    width: float,
    today: date,
    since: date | None = None,
    only: Callable[[r.Trial], bool] | None = None,
) -> list[Flowable]:
    """For each instrument with scores (from `since` on): a heading, the chart, and each trial's measured response
    (of the trials `only` accepts, when given: a packet shows the trials its case rests on).

    Shared by the evidence packet and the visit summary; with no scores, one muted sentence says so."""
    s = styles()
    instruments = instruments_of(person, since)
    if not instruments:
        return [text(no_scores_sentence(person, since), s.muted)]
    keyed = [replace(t, key=str(i)) for i, t in enumerate(person.trials)]
    chosen = [copy for copy, trial in zip(keyed, person.trials, strict=True) if only is None or only(trial)]
    found = measures.trial_responses(chosen, person.measurements, person.measure_definitions, today)
    flow: list[Flowable] = []
    for instrument in instruments:
        points = scores_of(person, instrument, since)
        latest = points[-1]
        count = f"{len(points)} score{'s' if len(points) != 1 else ''}"
        period = f"from {points[0].taken.human()} to {latest.taken.human()}" if len(points) > 1 else ""
        latest_words = f"latest {score_words(latest.score)}{score_notes(latest)} on {latest.taken.human()}"
        # keepWithNext, not KeepTogether: a caller's heading before this chains on, and a KeepTogether
        # inside another would push the whole group to a new page
        flow += [
            text(instrument_title(instrument), kept(s.h2)),
            text(f"{count} {period}; {latest_words}.".replace(" ;", ";"), kept(s.muted)),
            measure_chart(person, instrument, width, today, since),
            Spacer(1, 4),
        ]
        rows = response_rows(chosen, found, instrument, since, today)
        if rows:
            flow.append(data_table(RESPONSE_HEADER, rows, RESPONSE_WIDTHS, width))
        else:
            which = "No trial this case rests on has" if only is not None else "No trial has"
            flow.append(text(f"{which} scores from before and during it, so no response can be measured.", s.muted))
        flow.append(Spacer(1, 8))
    return flow


def score_notes(m: r.Measurement) -> str:
    """` (moderate; daily life very difficult)`: the band and the answer to the form's "how difficult" question."""
    notes = [measures.band(m.instrument, m.score) or ""]
    difficulty = measures.difficulty_text(m.difficulty)
    if difficulty:
        notes.append(f"daily life {difficulty.lower()}")
    shown = "; ".join(n for n in notes if n)
    return f" ({shown})" if shown else ""


@functools.cache
def kept(style: ParagraphStyle) -> ParagraphStyle:
    """The style, kept on the page of what follows it."""
    return ParagraphStyle(f"{style.name}_kept", parent=style, keepWithNext=1)


def no_scores_sentence(person: r.Person, since: date | None) -> str:
    if since is None or not person.measurements:
        return (
            "No symptom scores are recorded yet. Scoring at each visit (PHQ-9, GAD-7, pain 0–10 or your own "
            "measure) shows on a chart whether a drug worked."
        )
    latest = max(person.measurements, key=lambda m: m.taken.sort_key())
    return (
        f"No symptom scores are recorded since {human_day(since)}. The latest was "
        f"{measures.instrument_name(latest.instrument)} {score_words(latest.score)} on {latest.taken.human()}."
    )


def response_rows(
    trials: list[r.Trial],
    found: dict[str, list[measures.Response]],
    instrument: str,
    since: date | None,
    today: date,
) -> list[list[str]]:
    rows = []
    for trial in sorted(trials, key=lambda t: t.start.sort_key()):
        if since is not None and measures.trial_span(trial, today)[1] < since:
            continue
        for response in found.get(trial.key, []):
            if response.instrument == instrument:
                rows.append(response_row(trial, response))
    return rows


def response_row(trial: r.Trial, response: measures.Response) -> list[str]:
    end = trial.end.human() if trial.end else ("still taking" if trial.still_taking else "not started")
    change = ""
    if response.change_points is not None:
        change = score_words(response.change_points)
        if response.change_points > 0:
            change = "+" + change
        if response.goal is not None:  # judged against its goal: the change reads in the measure's own unit
            change = f"{change} {response.unit}".strip()
        elif response.change_percent is not None:
            percent = f"{response.change_percent:+g}".replace("-", "−")
            change += f" ({percent}\u00a0%)"  # a no-break space: the number keeps its unit on its line
    return [
        trial.drug_label,
        f"{trial.start.human()} – {end}",
        score_at(response.baseline),
        score_at(response.last),
        change,
        measures.verdict_text(response),
    ]


def score_at(score: measures.Score | None) -> str:
    if score is None:
        return "none"
    return f"{score_words(score.score)} ({PartialDate.parse_iso(score.taken).human()})"
