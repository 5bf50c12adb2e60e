"""One instrument's scores over time, with each trial's span drawn behind the line as a labelled band."""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QDateTime, QMargins, QPointF, QRectF, Qt, QTimeZone
from PySide6.QtGui import QBrush, QColor, QCursor, QFont, QFontMetrics, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
    QLabel,
    QStackedWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from triallog.domain.chart_scales import MONTH_STEPS, TrialBand, tick_step, trial_lanes, value_range
from triallog.domain.measures import BANDS, band
from triallog.domain.records import MeasureDefinition, Measurement, Trial
from triallog.gui import tones
from triallog.gui.models.measurement_table import instrument_name, score_text

DAY_MS = 86_400_000
_EPOCH = date(1970, 1, 1).toordinal()
#: beyond this many points the markers would blur into the line; hovering still finds each point
DENSE = 150


def day_ms(day: date, hours: int = 0) -> float:
    """Milliseconds since the epoch at `hours` UTC on `day`; points sit at noon so every time zone shows the day."""
    return float((day.toordinal() - _EPOCH) * DAY_MS + hours * 3_600_000)


TICK_DAY = 4  # month ticks are spaced evenly in time, so they drift ±2 days around the 4th: never into another month


def _month_start(index: int) -> date:
    return date(index // 12, index % 12 + 1, TICK_DAY)


#: the room one tick label needs, in pixels, for each label format
LABEL_ROOM = {"MMM d, yyyy": 110, "MMM yyyy": 85, "yyyy": 55}


def date_ticks(first: date, last: date, width: int) -> tuple[date, date, int, str]:
    """An axis range covering `first`..`last` whose evenly spaced ticks fit in `width` pixels and each
    read as one whole step: days for short spans, else months or years. Returns start, end, ticks, format."""
    days = (last - first).days
    if days <= 62:
        most = max(3, width // LABEL_ROOM["MMM d, yyyy"])
        step = max(1, math.ceil(days / (most - 1)))
        count = max(2, math.ceil(days / step) + 1)
        return first, first + timedelta(days=step * (count - 1)), count, "MMM d, yyyy"
    for step in MONTH_STEPS:
        pattern = "yyyy" if step >= 12 else "MMM yyyy"
        start = (first.year * 12 + first.month - 1) // step * step
        if _month_start(start) > first:
            start -= step
        end = start + step
        while _month_start(end) < last:
            end += step
        count = (end - start) // step + 1
        if count <= max(3, width // LABEL_ROOM[pattern]) or step == MONTH_STEPS[-1]:
            return _month_start(start), _month_start(end), count, pattern
    raise AssertionError("unreachable")


class MeasureChart(QWidget):
    """Shows one instrument at a time (`show_instrument`), or a plain sentence when there is nothing to draw."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = QChartView()
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(240)
        self.empty = QLabel()
        self.empty.setObjectName("chart-empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.empty.setFont(font)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.instrument = ""
        self.line: QLineSeries | None = None
        self.bands: list[TrialBand] = []
        #: each band's name: the band, the series that draws it, its top, its tone, and once it has room
        #: to be shown, its pale backing with the text on it
        self._labels: list[_BandName] = []
        self._severity_labels: list[tuple[QGraphicsSimpleTextItem, float]] = []
        self._points: list[Measurement] = []
        self._xs: list[float] = []
        self._lanes = 1
        self._span = (date.min, date.min)
        self._range = (0.0, 1.0)
        self._x_axis: QDateTimeAxis | None = None
        self.show_empty("")

    # -- public ----------------------------------------------------------------

    def chart(self) -> QChart:
        return self.view.chart()

    def is_empty(self) -> bool:
        return self.stack.currentWidget() is self.empty

    def show_empty(self, text: str) -> None:
        self.empty.setText(text)
        self.stack.setCurrentWidget(self.empty)
        self.line, self._x_axis, self.bands = None, None, []
        self._labels, self._severity_labels, self._points, self._xs = [], [], [], []
        self._replace_chart(QChart())

    def show_instrument(
        self,
        instrument: str,
        measurements: Sequence[Measurement],
        trials: Sequence[Trial] = (),
        definition: MeasureDefinition | None = None,
        empty_text: str = "",
        today: date | None = None,
    ) -> None:
        """Draw `instrument`'s scores among `measurements` (others are ignored) against the trials' spans."""
        self.instrument = instrument
        self.line = None  # the old chart's names are not placed again on the new chart's axes
        points = sorted((m for m in measurements if m.instrument == instrument), key=lambda m: m.taken.sort_key())
        if not points:
            self.show_empty(empty_text or f"No {instrument_name(instrument)} scores yet.")
            return
        self._points = points
        self._xs = [day_ms(m.taken.first_day, 12) for m in points]
        first, last = points[0].taken.first_day, points[-1].taken.first_day
        pad = max(timedelta(days=15), (last - first) * 0.03)
        first, last = first - pad, last + pad
        chart = QChart()
        chart.legend().hide()
        chart.setMargins(QMargins(4, 4, 4 + self._severity_width(instrument), 4))
        chart.setBackgroundRoundness(0)
        self._span = (first, last)
        self._range = low, high = value_range(instrument, [m.score for m in points], definition)
        x_axis, y_axis = self._axes(chart, instrument, definition, (low, high))
        self.bands, self._lanes = trial_lanes(trials, first, last, today or date.today())
        self._severity_labels = []
        # Each band is a rectangle on the chart, placed with the plot area (`_place_labels`): a series per
        # band cost QtCharts about half a millisecond each to build and more to paint, for hundreds of trials.
        self._labels = [
            _BandName(b, tones.BAND_TONES[i % len(tones.BAND_TONES)], chart) for i, b in enumerate(self.bands)
        ]
        for threshold in (low_score for low_score, _, _ in BANDS.get(instrument, ())[1:]):
            guide = QLineSeries()
            guide.setName(f"guide {threshold}")
            # Longer than any axis range the ticks may choose; the plot area clips it.
            guide.append(day_ms(first - timedelta(days=3660)), threshold)
            guide.append(day_ms(last + timedelta(days=3660)), threshold)
            guide.setPen(QPen(tones.guide_pen_color(), 1, Qt.PenStyle.DashLine))
            self._attach(chart, guide, x_axis, y_axis)
        self.line = QLineSeries()
        self.line.setName(instrument_name(instrument))
        self.line.replace([QPointF(x, float(m.score)) for x, m in zip(self._xs, points, strict=True)])
        dense = len(points) > DENSE
        self.line.setPen(QPen(QColor(tones.CHART_LINE), 1.5 if dense else 2))
        self.line.setPointsVisible(not dense)
        self.line.setMarkerSize(5)
        self.line.setColor(QColor(tones.CHART_LINE))
        self.line.hovered.connect(self._point_hovered)
        self._attach(chart, self.line, x_axis, y_axis)
        self._band_names(chart, instrument)
        chart.plotAreaChanged.connect(self._place_labels)
        self.view.setAccessibleName(f"Chart of {instrument_name(instrument)} scores over time")
        self.view.setAccessibleDescription(
            f"{len(points)} scores from {points[0].taken.human()} to {points[-1].taken.human()}, "
            f"with {len(self.bands)} medication trials drawn behind the line. The table below lists every score."
        )
        self._replace_chart(chart)
        self.stack.setCurrentWidget(self.view)

    # -- building ----------------------------------------------------------------

    def _axes(
        self,
        chart: QChart,
        instrument: str,
        definition: MeasureDefinition | None,
        values: tuple[float, float],
    ) -> tuple[QDateTimeAxis, QValueAxis]:
        x_axis = QDateTimeAxis()
        self._x_axis = x_axis
        self._set_ticks()
        x_axis.setGridLineColor(tones.grid_color())
        y_axis = QValueAxis()
        y_axis.setRange(*values)
        y_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        y_axis.setTickAnchor(values[0])
        y_axis.setTickInterval(tick_step(instrument, *values))
        y_axis.setLabelFormat("%g")
        y_axis.setGridLineColor(tones.grid_color())
        better = "higher" if definition is not None and definition.higher_is_better else "lower"
        unit = definition.unit if definition is not None and definition.unit else "score"
        y_axis.setTitleText(f"{unit} ({better} is better)")
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        return x_axis, y_axis

    def _attach(self, chart: QChart, series: QLineSeries, x: QDateTimeAxis, y: QValueAxis) -> None:
        chart.addSeries(series)
        series.attachAxis(x)
        series.attachAxis(y)

    def band_rects(self) -> list[QGraphicsRectItem]:
        """The trials' bands as drawn, in the order of `bands`; each one's tooltip names the trial and its dates."""
        return [name.rect for name in self._labels]

    def _small_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 0.85)
        return font

    def _severity_width(self, instrument: str) -> int:
        metrics = QFontMetrics(self._small_font())
        return max((metrics.horizontalAdvance(name) + 10 for _, _, name in BANDS.get(instrument, ())), default=0)

    def _band_names(self, chart: QChart, instrument: str) -> None:
        """Severity names in the right margin, each beside the middle of its band."""
        for low_score, high_score, name in BANDS.get(instrument, ()):
            label = QGraphicsSimpleTextItem(name, chart)
            label.setBrush(tones.severity_name_ink())
            label.setFont(self._small_font())
            self._severity_labels.append((label, (low_score + min(high_score + 1, self._range[1])) / 2))

    def _replace_chart(self, chart: QChart) -> None:
        old = self.view.chart()
        self.view.setChart(chart)
        if old is not None and old is not chart:
            old.deleteLater()  # setChart releases the old chart but does not delete it

    # -- placing labels and answering the mouse -------------------------------------

    def _place_labels(self) -> None:
        chart = self.view.chart()
        plot = chart.plotArea()
        metrics = QFontMetrics(QFont(self.font()))
        lane_px = plot.height() / self._lanes
        for label, middle in self._severity_labels:
            anchor = chart.mapToPosition(QPointF(0, middle), self.line)
            label.setPos(plot.right() + 6, anchor.y() - label.boundingRect().height() / 2)
        low, high = self._range
        height = (high - low) / self._lanes
        tall_enough = lane_px >= metrics.height() + 4
        for name in self._labels:
            b = name.band
            top = high - b.lane * height
            corner = chart.mapToPosition(QPointF(day_ms(b.start), top), self.line)
            across = chart.mapToPosition(QPointF(day_ms(b.end, 24), top - height), self.line)
            band = QRectF(corner, across).normalized().intersected(plot)  # clipped, as a series would be
            name.rect.setRect(band)
            if not tall_enough or band.isEmpty():  # no room for any name: none is made, a made one hides
                if name.backing is not None:
                    name.backing.setVisible(False)
                continue
            left, right = band.topLeft(), band.topRight()
            room = right.x() - left.x() - 8
            text = metrics.elidedText(b.trial.drug_label, Qt.TextElideMode.ElideRight, max(0, int(room)))
            fits = len(text.rstrip("…")) >= 4
            if name.backing is None and not fits:
                continue
            backing, label = name.made(chart)
            label.setText(text)
            box = label.boundingRect()
            label.setPos(2, 0)
            backing.setRect(0, 0, box.width() + 4, box.height())
            backing.setVisible(fits)
            backing.setPos(left.x() + 2, left.y() + 2)

    def _point_hovered(self, point: QPointF, state: bool) -> None:
        if not state or not self._points:
            QToolTip.hideText()
            return
        i = bisect_left(self._xs, point.x())
        nearest = min((j for j in (i - 1, i) if 0 <= j < len(self._xs)), key=lambda j: abs(self._xs[j] - point.x()))
        m = self._points[nearest]
        severity = band(m.instrument, m.score)
        value = score_text(m.score) + (f" ({severity})" if severity else "")
        QToolTip.showText(QCursor.pos(), f"{instrument_name(m.instrument)}: {value}\n{m.taken.human()}", self.view)

    def _set_ticks(self) -> None:
        """As many date labels as fit; with days in them when months alone would repeat."""
        if self._x_axis is None:
            return
        start, end, count, pattern = date_ticks(*self._span, self.width() - 80)
        hours = 12 if "d" in pattern else 0  # day ticks at noon UTC read as the same day in every time zone
        self._x_axis.setRange(_datetime(day_ms(start, hours)), _datetime(day_ms(end, hours)))
        self._x_axis.setTickCount(count)
        self._x_axis.setFormat(pattern)
        if self.line is not None and self.line.chart() is not None:
            self._place_labels()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._set_ticks()


def _datetime(ms: float) -> QDateTime:
    return QDateTime.fromMSecsSinceEpoch(int(ms), QTimeZone.utc())


class _BandName:
    """A trial's band on the chart, a rectangle behind the line (its dates in its tooltip), and its name,
    made only once there is room to show it (a chart of hundreds of trials in thin lanes makes none)."""

    def __init__(self, band: TrialBand, tone: str, chart: QChart) -> None:
        self.band, self.tone = band, tone
        self.rect = QGraphicsRectItem(chart)
        self.rect.setBrush(QBrush(tones.band_fill(tone)))
        self.rect.setPen(QPen(tones.band_edge(tone), 1))
        self.rect.setZValue(3.5)  # over the grid and axes (z 2 and 3), under every series (z 4)
        trial = band.trial
        end = trial.end.human() if trial.end is not None else "still taking"
        self.rect.setToolTip(f"{trial.drug_label}: {trial.start.human()} to {end}")
        self.backing: QGraphicsRectItem | None = None
        self.label: QGraphicsSimpleTextItem | None = None

    def made(self, chart: QChart) -> tuple[QGraphicsRectItem, QGraphicsSimpleTextItem]:
        if self.backing is None or self.label is None:
            # A pale backing keeps the name readable where the line crosses it.
            self.backing = QGraphicsRectItem(chart)
            self.backing.setBrush(tones.band_name_backing())
            self.backing.setPen(QPen(Qt.PenStyle.NoPen))
            self.backing.setZValue(4.5)  # above the bands and the line
            self.label = QGraphicsSimpleTextItem(self.band.trial.drug_label, self.backing)
            self.label.setBrush(tones.band_name_ink(self.tone))
        return self.backing, self.label
