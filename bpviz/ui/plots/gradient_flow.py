"""Gradient flow: per layer, log10 ||dL/dW_i|| as bars coloured by health and ||dL/dh_i|| as a line.

The plot a student reads first. Its log axis fits the data in whole decades, with a decade of headroom, and
always shows the vanishing (1e-5) and exploding (1e+2) thresholds; it grows at once when the data leave it and
shrinks only after they have stayed well inside it for a while (:class:`~bpviz.ui.plots.numeric.DecadeRange`), so
it does not jitter from frame to frame. A note under the first/last ratio says which range is shown.

Health is told twice: by colour (a palette that stays apart for colour-blind viewers, see
:mod:`~bpviz.ui.plots.theme`) and by a marker on the bar (▼ vanishing, ▲ exploding). A layer whose gradient is
exactly 0 gets an empty, hatched column with the word "dead" (a dead ReLU layer), "α = 0" (a residual block whose
ReZero branch is still off: its gradient is 0 by construction, the signal flows on through the skip) or "0", not a
missing bar; the first/last note then says "blocks 2-10: branch off (ReZero α = 0)" instead of calling them dead. Each
bar's value is written above it where there is room: labels that would run into each other, the first/last text
or the plot's edge are left out (the first and last layer's are placed first), never cut.
"""

from __future__ import annotations

import html
import math
import time

import numpy as np
from PySide6.QtCore import QCoreApplication, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetricsF

import pyqtgraph as pg

from bpviz.engine.diagnosis import GradientRatio, gradient_ratio
from bpviz.engine.telemetry import EXPLODING_ABOVE, VANISHING_BELOW, HistoryView, Snapshot
from bpviz.ui.plots.axes import Log10Axis
from bpviz.ui.plots.items import CornerText, hatched_brush
from bpviz.ui.plots.legends import legend_below_plot, restyle_legend_labels
from bpviz.ui.plots.numeric import (DecadeRange, exponent_label, finite_log_extent, layer_ticks, place_labels,
                                    safe_log10, short_sci, spread_order)
from bpviz.ui.plots.panel import PlotPanel
from bpviz.ui.plots.prediction import PredictionOverlay, set_legend_entries
from bpviz.ui.plots.texts import branch_off_layers, layer_text, ratio_text
from bpviz.ui.plots.theme import LIGHT, Theme, blend, font, health_color

# Qt's lupdate extracts translate("Context", "text") calls with a literal context
translate = QCoreApplication.translate
ALWAYS_LABELLED = (5.0,)
LOG_VANISHING = math.log10(VANISHING_BELOW)
LOG_EXPLODING = math.log10(EXPLODING_ABOVE)
#: frames the data must stay well inside the axis before it shrinks (about 1.5 s at the window's 30 frames a second)
SHRINK_AFTER_FRAMES = 45
#: seconds: value labels show new numbers at most 4 times a second (at full speed they would flicker unread)
LABEL_INTERVAL = 0.25
#: a plot's view shorter than this (pixels) shows the first/last text under the plot (where the caption was) and
#: leaves the range note to the axis: its height is for the bars
COMPACT_BELOW_PX = 240
#: a view at least this tall keeps a band for the value label over the tallest bar
LABEL_ROOM_FROM_PX = 260


class ThresholdAxis(pg.AxisItem):
    """The right-hand axis: names the health zones beside the plot, each in its colour, so no label covers a bar."""

    def __init__(self) -> None:
        super().__init__("right")
        self.colors: dict[str, str] = {}
        self.zones: list[tuple[float, str, str]] = []
        self.two_lines = False
        self.setStyle(autoExpandTextSpace=True)

    def set_zones(self, zones: list[tuple[float, str, str]]) -> None:
        """``zones``: (log10 value, text, colour) per label. With ``two_lines`` (a narrow plot) "vanishing < 1e-5"
        is drawn as "vanishing" over "< 1e-5", so the axis leaves room for the bars in a ~400 px wide dock."""
        self.zones = list(zones)
        self.colors = {text: color for _value, text, color in zones}
        self.colors.update({_two_lines(text): color for _value, text, color in zones})
        shown = [(value, _two_lines(text) if self.two_lines else text) for value, text, _color in zones]
        self.setTicks([shown, []])

    def set_two_lines(self, two_lines: bool) -> None:
        if two_lines != self.two_lines:
            self.two_lines = two_lines
            self.set_zones(self.zones)

    def drawPicture(self, p, axisSpec, tickSpecs, textSpecs):  # noqa: N802 (pyqtgraph's name)
        """The zone names at their values, kept inside the axis: pyqtgraph leaves out a tick text that would
        cross the axis' end (a threshold near the bottom of a fitted range), so the texts are laid out here."""
        super().drawPicture(p, axisSpec, tickSpecs, [])
        font = self.style["tickFont"] or QFont()
        p.setFont(font)
        metrics = QFontMetricsF(font)
        bounds = self.boundingRect()
        low, high = self.range
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextDontClip)
        left = float(self.style["tickTextOffset"][0]) + max(0.0, float(self.style["tickLength"]))
        texts, rects = [], []
        for value, text in self._shown_zones():
            if not (low <= value <= high) or high <= low:
                continue
            y = bounds.bottom() - (value - low) / (high - low) * bounds.height()
            size = metrics.boundingRect(QRectF(0, 0, 10000, 10000), flags, text).size()
            rect = QRectF(left, y - size.height() / 2, size.width() + 2, size.height())
            rects.append(rect)
            texts.append(text)
        places = place_zone_labels(rects, bounds=QRectF(bounds))
        for place, text in zip(places, texts):
            if place is not None:
                p.setPen(pg.mkPen(self.colors.get(text, self.textPen().color())))
                p.drawText(place, flags, text)

    def _shown_zones(self) -> list[tuple[float, str]]:
        return [(value, _two_lines(text) if self.two_lines else text) for value, text, _color in self.zones]


def place_zone_labels(rects: list[QRectF], always: int = 2, bounds: QRectF | None = None) -> list[QRectF | None]:
    """Where to draw each zone label (None: left out), in set_zones order. The first ``always`` labels (the two
    thresholds) are always drawn: on a short plot with big fonts (presentation mode) they move apart, each away
    from the other, and into ``bounds`` (the axis) if they would cross its end, instead of one being left out; a
    later label that would overlap one drawn, or not fit ``bounds``, is left out."""
    placed: list[QRectF | None] = []
    drawn: list[QRectF] = []

    def inside(rect: QRectF) -> QRectF:
        if bounds is not None:
            if rect.bottom() > bounds.bottom():
                rect.translate(0, bounds.bottom() - rect.bottom())
            if rect.top() < bounds.top():
                rect.translate(0, bounds.top() - rect.top())
        return rect

    for index, rect in enumerate(rects):
        rect = QRectF(rect)
        if index < always:
            rect = inside(rect)
            for other in drawn:
                if rect.intersects(other):
                    if rect.center().y() < other.center().y():
                        rect.translate(0, other.top() - rect.bottom() - 2)
                    else:
                        rect.translate(0, other.bottom() - rect.top() + 2)
            if bounds is not None and (rect.top() < bounds.top() or rect.bottom() > bounds.bottom()):
                # pushed past an end by the other: put it on the other side of that one instead
                other = drawn[-1] if drawn else None
                if other is not None:
                    if rect.top() < bounds.top():
                        rect.moveTop(other.bottom() + 2)
                    else:
                        rect.moveBottom(other.top() - 2)
        fits = bounds is None or (rect.top() >= bounds.top() - 0.5 and rect.bottom() <= bounds.bottom() + 0.5)
        if any(rect.intersects(other) for other in drawn) or (index >= always and not fits):
            placed.append(None)
            continue
        drawn.append(rect)
        placed.append(rect)
    return placed


def _two_lines(text: str) -> str:
    """A zone label broken before its threshold ("▼ vanishing < 1e-5" -> "▼ vanishing\n< 1e-5"), or at its first
    space."""
    for sign in (" <", " >"):
        if sign in text:
            return text.replace(sign, "\n" + sign[1:], 1)
    return text.replace(" ", "\n", 1)


class _Series:
    """One network's items: bars of ||dL/dW||, the ||dL/dh|| line, the health markers (▼ vanishing, ▲ exploding),
    empty hatched columns for layers whose gradient is exactly 0, and crosses for NaN/Inf."""

    def __init__(self, plot_item: pg.PlotItem, hatched: bool) -> None:
        self.hatched = hatched
        self.plot_item = plot_item
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.7, y0=0.0)
        self.zero_bars = pg.BarGraphItem(x=[], height=[], width=0.7, y0=0.0)   # gradient exactly 0: an empty slot
        self.signal = pg.PlotDataItem([], [], connect="finite")
        self.health_marks = pg.ScatterPlotItem(pxMode=True)                   # ▼ vanishing / ▲ exploding
        self.not_finite = pg.ScatterPlotItem(symbol="x", size=16)             # NaN/Inf: a cross near the top, no bar
        for item, z in ((self.zero_bars, 8), (self.bars, 10), (self.signal, 20), (self.health_marks, 16),
                        (self.not_finite, 15)):
            item.setZValue(z)
            plot_item.addItem(item)
        self.x = np.zeros(0)
        self.bar_width = 0.7
        self.values = np.zeros(0)          # ||dL/dW|| per layer as drawn
        self.bar_logs = np.zeros(0)
        self.signal_logs = np.zeros(0)
        self.colors: list[str] = []
        self.zero = np.zeros(0, dtype=bool)        # gradient exactly 0
        self.dead = np.zeros(0, dtype=bool)        # ... and every unit of the layer dead (ReLU)
        self.branch_off = np.zeros(0, dtype=bool)  # ... because the block's ReZero branch was off (alpha = 0)
        self.not_finite_mask = np.zeros(0, dtype=bool)
        self.marks: list[str] = []                 # per layer: "vanishing", "exploding" or ""

    def set_visible(self, visible: bool) -> None:
        for item in (self.bars, self.zero_bars, self.signal, self.health_marks, self.not_finite):
            item.setVisible(visible)

    def style(self, theme: Theme, line_color: str) -> None:
        width = theme.line_width
        style = Qt.PenStyle.DashLine if self.hatched else Qt.PenStyle.SolidLine
        self.signal.setPen(pg.mkPen(line_color, width=width, style=style))
        self.signal.setSymbol("s" if self.hatched else "o")
        self.signal.setSymbolSize(max(6.0, 3.5 * width))
        self.signal.setSymbolBrush(pg.mkBrush(line_color))
        self.signal.setSymbolPen(pg.mkPen(theme.background, width=max(1.0, width * 0.5)))
        legend_color = theme.healthy
        brush = hatched_brush(legend_color) if self.hatched else pg.mkBrush(legend_color)
        self.bars.setOpts(brush=brush, pen=pg.mkPen(legend_color, width=1.0))  # what the legend sample shows
        empty = QColor(theme.guide)
        empty.setAlpha(120)
        self.zero_bars.setOpts(brush=pg.QtGui.QBrush(empty, Qt.BrushStyle.DiagCrossPattern),
                               pen=pg.mkPen(theme.guide, width=1.0, style=Qt.PenStyle.DashLine))
        self.health_marks.setPen(pg.mkPen(theme.background, width=1.0))
        self.health_marks.setBrush(pg.mkBrush(theme.foreground))
        self.not_finite.setPen(pg.mkPen(theme.diverged, width=max(2.0, width)))
        self.not_finite.setBrush(pg.mkBrush(theme.diverged))
        self.not_finite.setSize(max(12.0, 6.0 * width))

    def draw(self, snapshot: Snapshot, x: np.ndarray, bar_width: float, floor: float, top: float,
             theme: Theme) -> None:
        grad_norm = np.asarray(snapshot.stats.grad_norm, dtype=np.float64)
        dead_fraction = np.asarray(snapshot.stats.dead, dtype=np.float64)
        logs, _clamped, not_finite = safe_log10(grad_norm, floor)
        zero = ~not_finite & (grad_norm == 0.0)
        self.x, self.bar_width, self.values = x, bar_width, grad_norm
        self.zero = zero
        self.dead = zero & (dead_fraction[:len(zero)] >= 1.0) if len(dead_fraction) >= len(zero) else zero & False
        off = np.zeros(len(zero), dtype=bool)
        off[[i for i in branch_off_layers(snapshot) if i < len(zero)]] = True
        self.branch_off = zero & off
        self.not_finite_mask = not_finite
        heights = np.where(not_finite | zero, 0.0, np.clip(logs, floor, top) - floor)
        self.bar_logs = logs
        self.colors = [health_color(float(v), theme) for v in grad_norm]
        self.marks = ["" if bad or empty else ("exploding" if v > EXPLODING_ABOVE else
                                                "vanishing" if v < VANISHING_BELOW else "")
                      for v, bad, empty in zip(grad_norm, not_finite, zero)]
        thin = len(x) > 60  # outlines would swallow bars only a few pixels wide
        if self.hatched:
            brushes = [hatched_brush(color) for color in self.colors]
            pens = [pg.mkPen(color, width=1.0 if thin else max(1.5, 0.75 * theme.line_width)) for color in self.colors]
        else:
            brushes = [pg.mkBrush(color) for color in self.colors]
            # opaque (a translucent outline made the bars ~6 ms slower to paint at depth 50: see FastGrid)
            edge = blend(theme.foreground, theme.background, 110 / 255)
            pens = [pg.mkPen(None) if thin else pg.mkPen(edge, width=1.0)] * len(self.colors)
        self.bars.setOpts(x=x, height=heights, y0=floor, width=bar_width, brushes=brushes, pens=pens)
        self.zero_bars.setOpts(x=x[zero], height=np.full(int(zero.sum()), top - floor), y0=floor, width=bar_width)
        signal_logs, _clamped, _bad = safe_log10(snapshot.stats.signal_grad_norm, floor)
        self.signal_logs = signal_logs
        self.signal.setSymbol(None if len(x) > 40 else ("s" if self.hatched else "o"))  # 200 markers hide the line
        if np.isfinite(signal_logs).any():
            self.signal.setData(x, signal_logs)
        else:  # no finite value (a placeholder frame, a diverged run): all-NaN points make pyqtgraph warn
            self.signal.setData([], [])
        self.not_finite.setData(x[not_finite], np.full(int(not_finite.sum()), top - 0.06 * (top - floor)))

    def place_marks(self, size: float, lift: float) -> None:
        """The ▼/▲ markers, ``size`` pixels, centred ``lift`` (data units) above their bar's top."""
        marked = [i for i, mark in enumerate(self.marks) if mark]
        symbols = ["t" if self.marks[i] == "vanishing" else "t1" for i in marked]
        tops = np.asarray([self.bar_logs[i] for i in marked], dtype=np.float64)
        self.health_marks.setData(x=self.x[marked], y=tops + lift, symbol=symbols, size=size)


class GradientFlowPlot(PlotPanel):
    """log10 ||dL/dW_i|| per layer (bars, coloured by health) and the back-propagated ||dL/dh_i|| (line)."""

    object_name = "gradientFlowPlot"

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.axis = Log10Axis("left", always=ALWAYS_LABELLED)
        self.plot_item.setAxisItems({"left": self.axis})
        self.plot_item.setMouseEnabled(x=True, y=False)
        self.plot_item.hideButtons()
        self.fitted = DecadeRange(headroom=1.0, always=(LOG_VANISHING, LOG_EXPLODING), patience=SHRINK_AFTER_FRAMES)
        self.floor, self.top = self.fitted.fit(float("nan"), float("nan"))
        self._depth = 0
        self._compare = False
        self.ratios: tuple[GradientRatio, GradientRatio | None] = (GradientRatio(None, "empty"), None)

        self.healthy_band = pg.LinearRegionItem(values=(LOG_VANISHING, LOG_EXPLODING), orientation="horizontal",
                                                movable=False)
        self.healthy_band.setZValue(-20)
        for line in self.healthy_band.lines:
            line.setPen(pg.mkPen(None))
        self.plot_item.addItem(self.healthy_band, ignoreBounds=True)
        self.vanishing_line = self._threshold_line(LOG_VANISHING)
        self.exploding_line = self._threshold_line(LOG_EXPLODING)
        self.zone_axis = ThresholdAxis()
        self.plot_item.setAxisItems({"right": self.zone_axis})
        self.plot_item.showAxis("right")

        self.series_a = _Series(self.plot_item, hatched=False)
        self.series_b = _Series(self.plot_item, hatched=True)
        self.series_b.set_visible(False)
        self.legend = legend_below_plot(self.plot_item, columns=4)  # compare mode's four entries in one row if wide
        self.prediction = PredictionOverlay(self.plot_item, parent=self)
        self.prediction.action.toggled.connect(self._on_prediction_toggled)  # a method: no cycle through a lambda
        self.plot_item.vb.menu.addAction(self.prediction.action)
        self.ratio_label = CornerText(self.plot_item, corner=(1, 0))
        self.value_labels: dict[tuple[int, int], pg.TextItem] = {}  # (network, layer) -> its value label
        self.value_texts: list[str] = []   # the value labels shown now (plain text, for tests)
        self._ratio_plain = ""
        self._texts_at = -math.inf        # when the value labels' texts last followed the data
        self._refresh_pending = False
        self._ratio_at = -math.inf        # ... and the first/last text
        self._ratio_shape: tuple = ()
        self._ratio_pending = False
        self._label_font = font(LIGHT.font_points - 1)
        self._y_range = (0.0, 0.0)
        self._set_ranges(1)
        self.plot_item.vb.sigResized.connect(self._on_resized)
        self.plot_item.vb.sigResized.connect(self._fit_zone_texts)
        self.plot_item.vb.sigXRangeChanged.connect(self._place_annotations)  # the user pans or zooms along x
        self.apply_theme(self.theme)

    def _threshold_line(self, value: float) -> pg.InfiniteLine:
        line = pg.InfiniteLine(pos=value, angle=0, movable=False)
        line.setZValue(5)
        self.plot_item.addItem(line, ignoreBounds=True)
        return line

    # ---- texts

    def title_text(self) -> str:
        return translate("GradientFlowPlot", "Gradient flow per layer")

    def tab_text(self) -> str:
        return translate("GradientFlowPlot", "Gradient flow")

    def caption_text(self) -> str:
        return translate("GradientFlowPlot", "Bars shrinking toward the input (left) = vanishing gradient: "
                                             "the first layers barely learn. Read the first/last ratio.")

    def axis_texts(self) -> tuple[str, str]:
        return (translate("GradientFlowPlot", "layer (1 = input side → output side)"),
                translate("GradientFlowPlot", "gradient norm (log scale)"))

    def _legend_names(self) -> dict[str, str]:
        if self._compare:
            return {"a_bars": translate("GradientFlowPlot", "A: ||dL/dW||"),
                    "a_line": translate("GradientFlowPlot", "A: ||dL/dh||"),
                    "b_bars": translate("GradientFlowPlot", "B: ||dL/dW||"),
                    "b_line": translate("GradientFlowPlot", "B: ||dL/dh||")}
        return {"a_bars": translate("GradientFlowPlot", "||dL/dW|| weights"),
                "a_line": translate("GradientFlowPlot", "||dL/dh|| signal")}

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self._set_zone_texts()
        self.prediction.retranslate()
        self._update_legend()
        if self._last is not None:
            self._update_ratio_text(self._last[1], self._last[2][1] if self._last[2] else None)
            self._draw_prediction(*self._last)
            self._place_annotations()

    def _fit_zone_texts(self, *_args) -> None:
        """Zone names on two lines when the plot is narrow (a ~400 px dock; wider with presentation fonts), on one
        line otherwise."""
        one_line_from = 600 * self.theme.font_points / LIGHT.font_points
        self.zone_axis.set_two_lines(self.plot_widget.width() < one_line_from)

    def _set_zone_texts(self) -> None:
        theme = self.theme
        self.zone_axis.set_zones([
            (LOG_VANISHING - 0.4, translate("GradientFlowPlot", "▼ vanishing < 1e-5"), theme.vanishing),
            (LOG_EXPLODING + 0.4, translate("GradientFlowPlot", "▲ exploding > 1e+2"), theme.exploding),
            (0.5 * (LOG_VANISHING + LOG_EXPLODING), translate("GradientFlowPlot", "healthy"), theme.healthy),
        ])

    def _update_legend(self) -> None:
        """One row per network (when it fits): ||dL/dW||, ||dL/dh||, and the prediction where it is drawn."""
        names = self._legend_names()
        predicted = self.prediction.legend_names(self._compare)
        curves = self.prediction.curves
        entries = [(self.series_a.bars, names["a_bars"]), (self.series_a.signal, names["a_line"])]
        if "A" in self.prediction.drawn:
            entries.append((curves["A"], predicted["A"]))
        if self._compare:
            entries += [(self.series_b.bars, names["b_bars"]), (self.series_b.signal, names["b_line"])]
            if "B" in self.prediction.drawn:
                entries.append((curves["B"], predicted["B"]))
        set_legend_entries(self.legend, entries)
        columns = 3 if self.prediction.drawn else 4
        if self.legend.max_columns != columns:
            self.legend.max_columns = columns
            self.legend.fit()

    # ---- theme

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        self.axis.setStyle(tickFont=font(theme.font_points))
        self.plot_item.getAxis("bottom").setStyle(tickFont=font(theme.font_points))
        band = QColor(theme.healthy)
        band.setAlpha(38 if theme.name.endswith("dark") else 26)
        self.healthy_band.setBrush(pg.mkBrush(band))
        self.plot_item.showGrid(x=False, y=True, alpha=theme.grid_alpha)
        self.zone_axis.setGrid(False)
        self.zone_axis.setStyle(tickFont=font(theme.font_points), tickLength=0)
        self._set_zone_texts()
        self._fit_zone_texts()  # bigger fonts need a wider plot for one-line zone names
        for line, color in ((self.vanishing_line, theme.vanishing), (self.exploding_line, theme.exploding)):
            line.setPen(pg.mkPen(color, width=max(1.5, theme.line_width), style=Qt.PenStyle.DashLine))
        self.series_a.style(theme, theme.signal)
        self.series_b.style(theme, theme.series_b)
        self.prediction.style(theme)
        restyle_legend_labels(self.legend, theme)
        self.ratio_label.set_box(theme)
        self._label_font = font(max(8, theme.font_points - 1))
        for label in self.value_labels.values():
            label.setFont(self._label_font)
            label.setText("")  # drawn again in the theme's colours at the next layout
        self.value_texts = []  # restyle every value label at the next layout
        self.render_last()

    # ---- data

    def new_run(self) -> None:
        self.fitted.reset()

    def _set_ranges(self, depth: int) -> None:
        self.axis.ceiling = self.top
        self._set_y_range()
        margin = max(0.6, 0.025 * depth)  # room for the "1" and "depth" tick labels at the ends
        self.plot_item.setXRange(1 - margin, depth + margin, padding=0)
        self.plot_item.getAxis("bottom").setTicks([layer_ticks(depth)])

    def _label_height(self) -> float:
        return QFontMetricsF(self._label_font).height() + 4.0

    def _mark_size(self) -> float:
        """The ▼/▲ markers' size in pixels: as wide as a bar allows, between 6 and 4/3 of the axis font."""
        width = self.plot_item.vb.width()
        x0, x1 = self.plot_item.vb.viewRange()[0]
        bar_px = (0.4 if self._compare else 0.72) * width / max(x1 - x0, 1e-9)
        return float(min(max(6.0, 0.9 * bar_px), 1.35 * self.theme.font_points))

    def _compact(self) -> bool:
        """A short plot (a small dock): the first/last text in a smaller font, without the range note."""
        return 0 < self.plot_item.vb.height() < COMPACT_BELOW_PX

    def _on_resized(self, *_args) -> None:
        if self._last is not None:
            self._update_ratio_text(self._last[1], self._last[2][1] if self._last[2] else None)
        else:
            self._set_y_range()

    def _set_y_range(self, *_args) -> None:
        """Floor .. axis top, plus a band above the top for the first/last text and for the value label and marker
        over the tallest bar, so neither covers a bar nor is cut off. The bars keep at least 45 % of the height."""
        span = self.top - self.floor
        height = self.plot_item.vb.height()
        # a short plot keeps its height for the bars: value labels then go only where they fit anyway
        need = (self._label_height() if height >= LABEL_ROOM_FROM_PX else 0.0) + self._mark_size() + 2.0
        if self.ratio_label.toPlainText():
            need += self.ratio_label.boundingRect().height() + 2 * self.ratio_label.margin
        available = max(height - need, 0.45 * height, 1.0)
        band = span * need / available
        y_range = (self.floor, self.top + max(band, 0.012 * span))
        if y_range != self._y_range:
            self._y_range = y_range
            self.plot_item.setYRange(*y_range, padding=0)
        self._place_annotations()

    def _render(self, history: HistoryView, snapshot: Snapshot,
                compare: tuple[HistoryView, Snapshot] | None) -> None:
        theme = self.theme
        snapshot_b = compare[1] if compare is not None else None
        depth = len(snapshot.stats.grad_norm)
        depth_b = len(snapshot_b.stats.grad_norm) if snapshot_b is not None else 0
        stats_b = snapshot_b.stats if snapshot_b is not None else None
        self._draw_prediction(history, snapshot, compare)
        low, high = finite_log_extent(snapshot.stats.grad_norm, snapshot.stats.signal_grad_norm,
                                      None if stats_b is None else stats_b.grad_norm,
                                      None if stats_b is None else stats_b.signal_grad_norm)
        for logs in self.prediction.drawn.values():  # the dashed prediction stays inside the fitted axis too
            finite = logs[np.isfinite(logs)]
            if finite.size:
                low = float(finite.min()) if math.isnan(low) else min(low, float(finite.min()))
                high = float(finite.max()) if math.isnan(high) else max(high, float(finite.max()))
        floor, top = self.fitted.fit(low, high)
        if (snapshot_b is not None) != self._compare:
            self._compare = snapshot_b is not None
            self._update_legend()
        shown_depth = max(depth, depth_b, 1)
        if shown_depth != self._depth or (floor, top) != (self.floor, self.top):
            self._depth, self.floor, self.top = shown_depth, floor, top
            self._set_ranges(shown_depth)
        x = np.arange(1, depth + 1, dtype=np.float64)
        if snapshot_b is None:
            self.series_a.draw(snapshot, x, 0.72, floor, top, theme)
            self.series_b.set_visible(False)
        else:
            self.series_a.draw(snapshot, x - 0.21, 0.4, floor, top, theme)
            self.series_b.draw(snapshot_b, np.arange(1, depth_b + 1, dtype=np.float64) + 0.21, 0.4, floor, top,
                               theme)
            self.series_b.set_visible(True)
        self._update_ratio_text(snapshot, snapshot_b)

    def _on_prediction_toggled(self, _checked: bool) -> None:
        self.render_last()

    def set_experiment(self, config, config_b=None) -> None:
        self.prediction.set_experiment(config, config_b)

    def _draw_prediction(self, history: HistoryView, snapshot: Snapshot,
                         compare: tuple[HistoryView, Snapshot] | None) -> None:
        """The mean-field prediction over the measured ||dL/dh|| line(s), at the same x as each series."""
        x_a = np.arange(1, len(snapshot.stats.grad_norm) + 1, dtype=np.float64)
        x_b = None
        if compare is not None:
            x_a = x_a - 0.21
            x_b = np.arange(1, len(compare[1].stats.grad_norm) + 1, dtype=np.float64) + 0.21
        self.prediction.draw(history, snapshot, compare, x_a, x_b, self.theme)
        self._update_legend()

    def _update_ratio_text(self, snapshot: Snapshot, snapshot_b: Snapshot | None) -> None:
        theme = self.theme
        ratio_a = gradient_ratio(snapshot.stats.grad_norm, snapshot.stats.dead)
        ratio_b = gradient_ratio(snapshot_b.stats.grad_norm, snapshot_b.stats.dead) if snapshot_b is not None else None
        self.ratios = (ratio_a, ratio_b)
        lines: list[tuple] = []
        if snapshot_b is None:
            lines.append((theme.foreground, ratio_text(ratio_a, len(snapshot.stats.grad_norm),
                                                       branch_off_layers(snapshot))))
        else:
            for network, snap, ratio, color in (("A", snapshot, ratio_a, theme.series_a),
                                                ("B", snapshot_b, ratio_b, theme.series_b)):
                text = ratio_text(ratio, len(snap.stats.grad_norm), branch_off_layers(snap))
                lines.append((color, f"{network}: {text}"))
        compact = self._compact()
        small = max(8, theme.font_points - (1 if compact else 0))
        for network, snap in (("A", snapshot), ("B", snapshot_b)):
            if snap is not None and snap.divergence is not None:
                text = translate("GradientFlowPlot", "diverged at step %1 (%2)")
                text = text.replace("%1", str(snap.divergence.step)).replace("%2", layer_text(snap.divergence.layer))
                lines.append((theme.diverged, (f"{network}: " if snapshot_b is not None else "") + text, small, True))
        if not compact:
            note = (translate("GradientFlowPlot", "axis %1 … %2, fitted to the data")
                    .replace("%1", exponent_label(self.floor)).replace("%2", exponent_label(self.top)))
            lines.append((theme.foreground, note, max(8, theme.font_points - 1), False))
        points = theme.font_points + 1 if compact else (theme.font_points + 2 if snapshot_b is not None
                                                        else theme.title_points + 2)
        # a plot too short for the text over its bars (a small dock, a wide and low one in presentation mode) says
        # it under the plot, where the caption was, and keeps its height for the bars
        under = compact
        plain = "\n".join(line[1] for line in lines)
        # numbers that change on every step follow the data LABEL_INTERVAL apart (a new kind of line at once)
        shape = (under, points, tuple(line[0] for line in lines), tuple(line[1].split("=")[0] for line in lines))
        now = time.monotonic()
        if plain != self._ratio_plain and shape == self._ratio_shape and now - self._ratio_at < LABEL_INTERVAL:
            if not self._ratio_pending:
                self._ratio_pending = True
                QTimer.singleShot(int(1000 * LABEL_INTERVAL) + 10, self._refresh_ratio)
            self._set_y_range()
            return
        self._ratio_at, self._ratio_shape = now, shape
        self._ratio_plain = plain
        self.ratio_label.set_lines([] if under else lines, points)
        self.ratio_label.setVisible(not under)
        caption = ("&nbsp;&nbsp;·&nbsp;&nbsp;".join(
            f"<span style='color:{line[0]}; font-style:normal; font-weight:bold'>{html.escape(line[1])}</span>"
            for line in lines) if under else self.caption_text())
        if self.caption.text() != caption:
            self.caption.setText(caption)
        self._set_y_range()

    # ---- value labels and health markers

    def _place_annotations(self, *_args) -> None:
        """Health markers over the bars, and each bar's value above it where it fits (see the module docstring).

        Runs every frame: bars are handled as arrays, and only as many labels as could ever fit the width are tried
        (in spread order: the ends first), so a 200-layer network in compare mode costs about what 10 layers do."""
        view = self.plot_item.vb
        width, height = view.width(), view.height()
        (x0, x1), (y0, y1) = view.viewRange()
        if width <= 0 or height <= 0 or x1 <= x0 or y1 <= y0 or self._last is None:
            self._show_labels([])
            return
        px_x = width / (x1 - x0)
        px_y = height / (y1 - y0)
        mark = self._mark_size()
        lift = (0.5 * mark + 1.0) / px_y
        series = [self.series_a] + ([self.series_b] if self._compare else [])
        for item in series:
            item.place_marks(mark, lift)
        metrics = QFontMetricsF(self._label_font)
        pad = 4.0  # TextItem's document margin on each side
        label_h = metrics.height() + 2 * pad

        def label_w_of(text: str) -> float:
            return metrics.horizontalAdvance(text) + 2 * pad

        boxes = []
        if self._has_box():
            box = self.ratio_label.mapRectToParent(self.ratio_label.boundingRect())
            boxes.append((box.left(), box.top(), box.right(), box.bottom()))
        # every bar's body (from just under its marker, if any, down to the bottom) as arrays, sorted by x
        tops_px, lefts_px, layers, bar_width_px = [], [], [], 0.0
        for item in series:
            layers.append(np.arange(len(item.x)))
            drawn = ~(item.zero | item.not_finite_mask)
            marked = np.asarray([bool(mark_name) for mark_name in item.marks], dtype=bool)
            top = (y1 - np.minimum(item.bar_logs, self.top)) * px_y - np.where(marked, mark + 1.0, 0.0)
            tops_px.append(np.where(drawn, top, np.inf))
            lefts_px.append((item.x - 0.5 * item.bar_width - x0) * px_x)
            bar_width_px = item.bar_width * px_x
        tops_all = np.concatenate(tops_px) if tops_px else np.zeros(0)
        lefts_all = np.concatenate(lefts_px) if lefts_px else np.zeros(0)
        order = np.argsort(lefts_all, kind="stable")
        # a label 2 px above its bar must not count as touching it (place_labels keeps a 2 px gap)
        layers_all = np.concatenate(layers) if layers else np.zeros(0, dtype=int)
        bars = (lefts_all[order], bar_width_px, tops_all[order] + 3.0, layers_all[order])
        # per layer, how high its bars reach with their markers (px): in compare mode a label that does not fit
        # over its own bar (the other network's bar beside it is taller) goes over the pair, in one of two rows
        pair_top = np.minimum.reduce([np.pad(t, (0, max(len(x) for x in tops_px) - len(t)), constant_values=np.inf)
                                      for t in tops_px]) if tops_px else np.zeros(0)
        most = max(2, int(width / (label_w_of("8e-8") + 2.0)) + 2)  # more could never fit side by side
        per_series = []
        for network, item in enumerate(series):
            candidates = []
            for i in spread_order(len(item.x))[:most]:
                centre = (item.x[i] - x0) * px_x
                over_pair = []
                if item.not_finite_mask[i]:
                    text = short_sci(float(item.values[i]))
                    bottom = (y1 - (self.top - 0.06 * (self.top - self.floor))) * px_y - 0.5 * item.not_finite.opts[
                        "size"]
                elif item.zero[i]:
                    text = (translate("GradientFlowPlot", "α = 0") if item.branch_off[i]
                            else translate("GradientFlowPlot", "dead") if item.dead[i]
                            else translate("GradientFlowPlot", "0"))
                    bottom = (y1 - self.floor) * px_y - 2.0
                else:
                    text = short_sci(float(item.values[i]))
                    bottom = tops_px[network][i] - 1.0
                    if self._compare and np.isfinite(pair_top[i]):
                        middle = (i + 1 - x0) * px_x
                        over_pair = [(middle - 0.5 * label_w_of(text), pair_top[i] - 2.0 - row * (label_h + 3.0) + 3.0)
                                     for row in (1, 2)]
                label_w = label_w_of(text)
                left = centre - 0.5 * label_w
                positions = [(left, bottom - label_h)]
                inside = min(max(left, 0.0), width - label_w)  # at the plot's edge: moved in, still over its bar
                if inside != left and abs(inside - left) < 0.5 * label_w:
                    positions.append((inside, bottom - label_h))
                # "dead" stands inside its own empty column: only the bars of other layers rule it out
                exempt = i if item.zero[i] or item.not_finite_mask[i] else None
                candidates.append((network, i, text, label_w, positions + over_pair, exempt))
            per_series.append(candidates)
        # A's and B's labels take turns, each network's ends first, so both keep labels when space is short
        ordered = [c for pair in zip(*per_series) for c in pair] if len(per_series) == 2 else per_series[0]
        if len(per_series) == 2:
            longer = max(per_series, key=len)
            ordered += longer[min(len(per_series[0]), len(per_series[1])):]
        chosen = self._choose(ordered, label_h, boxes, bars, width, height)
        shown = []
        for (network, index, text, _w, _positions, _exempt), spot in zip(ordered, chosen):
            if spot is None:
                continue
            x = x0 + spot[0] / px_x
            y = y1 - spot[1] / px_y
            color = (self.theme.foreground if not self._compare else
                     self.theme.series_a if network == 0 else self.theme.series_b)
            shown.append(((network, index), text, x, y, color))
        self._show_labels(shown)

    @staticmethod
    def _choose(ordered: list, label_h: float, boxes: list, bars: tuple, width: float,
                height: float) -> list[tuple[float, float] | None]:
        """place_labels one label at a time, each with its own exemption (a word in an empty column may stand
        between its own layer's bars), in one greedy pass, so no label overlaps another."""
        chosen: list[tuple[float, float] | None] = []
        taken: list[tuple[float, float, float, float]] = []
        for _network, _index, _text, label_w, positions, exempt in ordered:
            spot = place_labels([(label_w, label_h, positions)], blocked=boxes + taken,
                                bounds=(0.0, 0.0, width, height), bars=bars, exempt=exempt)[0]
            if spot is not None:
                taken.append((spot[0], spot[1], spot[0] + label_w, spot[1] + label_h))
            chosen.append(spot)
        return chosen

    def _has_box(self) -> bool:
        return self.ratio_label.isVisible() and bool(self.ratio_label.toPlainText())

    def _show_labels(self, shown: list[tuple[tuple[int, int], str, float, float, str]]) -> None:
        """Show a label per ``shown`` entry ((network, layer), text, left, top, colour in data units): each bar
        keeps its own label item, so a frame re-renders only the texts whose value changed."""
        backdrop = QColor(self.theme.background)
        backdrop.setAlpha(200)
        now = time.monotonic()
        # a value that changes on every step is read by nobody: texts follow the data LABEL_INTERVAL apart (a new
        # label, or one that appears again, shows its value at once), and a last refresh follows a pause
        refresh = now - self._texts_at >= LABEL_INTERVAL
        stale = False
        wanted = set()
        for key, text, x, y, color in shown:
            wanted.add(key)
            label = self.value_labels.get(key)
            if label is None:
                label = pg.TextItem(anchor=(0.0, 0.0))
                label.setZValue(26)
                label.setFont(self._label_font)
                self.plot_item.addItem(label, ignoreBounds=True)
                self.value_labels[key] = label
            recoloured = label.color.name() != QColor(color).name()
            fresh = not label.isVisible() or recoloured or not label.toPlainText()
            if label.toPlainText() != text or recoloured:
                if refresh or fresh:
                    label.setText(text, color=QColor(color))
                    label.fill = pg.mkBrush(backdrop)
                else:
                    stale = True
            label.setPos(x, y)
            if not label.isVisible():
                label.show()
        if refresh:
            self._texts_at = now
        if stale and not self._refresh_pending:
            self._refresh_pending = True
            QTimer.singleShot(int(1000 * LABEL_INTERVAL) + 10, self._refresh_labels)
        for key, label in self.value_labels.items():
            if key not in wanted and label.isVisible():
                label.hide()
        self.value_texts = [self.value_labels[key].toPlainText() for key, *_rest in shown]

    def _refresh_ratio(self) -> None:
        """The first/last text held back by LABEL_INTERVAL, brought up to date."""
        try:
            self._ratio_pending = False
            self._ratio_at = -math.inf
            if self._last is not None:
                self._update_ratio_text(self._last[1], self._last[2][1] if self._last[2] else None)
        except RuntimeError:  # the plot was deleted meanwhile
            pass

    def _refresh_labels(self) -> None:
        """The texts held back by LABEL_INTERVAL, brought up to date (training may have paused meanwhile)."""
        try:
            self._refresh_pending = False
            self._texts_at = -math.inf
            self._place_annotations()
        except RuntimeError:  # the plot was deleted meanwhile
            pass

    @property
    def ratio_text(self) -> str:
        """The first/last text as shown, over the bars or under a short plot (plain text, for tests and assistive
        tools)."""
        return self._ratio_plain
