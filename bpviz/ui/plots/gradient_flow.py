"""Gradient flow: per layer, log10 ||dL/dW_i|| as bars coloured by health and ||dL/dh_i|| as a line.

The plot a student reads first. The log axis is fixed (1e-45 .. 1e+10), so a bar's height means the same thing
in every frame and in every experiment: a 1e-40 bar is short, a 1e+0 bar is tall. Only when a network goes
deeper than 1e-45 does the floor step down (see :func:`~bpviz.ui.plots.numeric.log_floor`) instead of clamping a
1e-94 to 1e-45.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor

import pyqtgraph as pg

from bpviz.engine.telemetry import EXPLODING_ABOVE, VANISHING_BELOW, HistoryView, Snapshot
from bpviz.ui.plots.axes import Log10Axis
from bpviz.ui.plots.items import CornerText, hatched_brush
from bpviz.ui.plots.legends import legend_below_plot, restyle_legend_labels
from bpviz.ui.plots.numeric import format_sci, layer_ticks, log_floor, safe_log10
from bpviz.ui.plots.panel import PlotPanel
from bpviz.ui.plots.prediction import PredictionOverlay, set_legend_entries
from bpviz.ui.plots.texts import layer_text
from bpviz.ui.plots.theme import LIGHT, Theme, blend, font, health_color

# Qt's lupdate extracts translate("Context", "text") calls with a literal context
translate = QCoreApplication.translate
TOP = 10.0            # the axis shows up to 1e+10: room above the exploding line for the first/last ratio
ALWAYS_LABELLED = (5.0,)
LOG_VANISHING = math.log10(VANISHING_BELOW)
LOG_EXPLODING = math.log10(EXPLODING_ABOVE)


def axis_top(floor: float) -> float:
    """1e+10 for the usual floor (1e-45); higher for deeper floors, so the first/last text keeps ~1/6 of the height."""
    if floor >= -45:
        return TOP
    return max(TOP, 10.0 * round((LOG_EXPLODING - 0.16 * floor) / 0.84 / 10.0))


def first_last_ratio(grad_norm: np.ndarray) -> float:
    """||dL/dW_1|| / ||dL/dW_depth||: the article's claim in one number (NaN when undefined)."""
    values = np.asarray(grad_norm, dtype=np.float64)
    if values.size == 0:
        return float("nan")
    first, last = float(values[0]), float(values[-1])
    if not (math.isfinite(first) and math.isfinite(last)) or last <= 0:
        return float("nan")
    return first / last


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
        super().drawPicture(p, axisSpec, tickSpecs, [])
        if self.style["tickFont"] is not None:
            p.setFont(self.style["tickFont"])
        places = place_zone_labels([QRectF(rect) for rect, _flags, _text in textSpecs])
        for place, (_rect, flags, text) in zip(places, textSpecs):
            if place is not None:
                p.setPen(pg.mkPen(self.colors.get(text, self.textPen().color())))
                p.drawText(place, int(flags), text)


def place_zone_labels(rects: list[QRectF], always: int = 2) -> list[QRectF | None]:
    """Where to draw each zone label (None: left out), in set_zones order. The first ``always`` labels (the two
    thresholds) are always drawn: on a short plot with big fonts (presentation mode) they move apart, each away
    from the other, instead of one being left out; a later label that would overlap one drawn is left out."""
    placed: list[QRectF | None] = []
    drawn: list[QRectF] = []
    for index, rect in enumerate(rects):
        rect = QRectF(rect)
        if index < always:
            for other in drawn:
                if rect.intersects(other):
                    if rect.center().y() < other.center().y():
                        rect.translate(0, other.top() - rect.bottom() - 2)
                    else:
                        rect.translate(0, other.bottom() - rect.top() + 2)
        if any(rect.intersects(other) for other in drawn):
            placed.append(None)
            continue
        drawn.append(rect)
        placed.append(rect)
    return placed


def _two_lines(text: str) -> str:
    """A zone label broken at its first space ("vanishing < 1e-5" -> "vanishing\n< 1e-5")."""
    return text.replace(" ", "\n", 1)


class _Series:
    """One network's items: bars of ||dL/dW||, the ||dL/dh|| line, and markers for clamped / non-finite bars."""

    def __init__(self, plot_item: pg.PlotItem, hatched: bool) -> None:
        self.hatched = hatched
        self.plot_item = plot_item
        self.above = pg.ScatterPlotItem(symbol="t1", size=14)  # above the axis top: bar clamped, triangle + value
        self.above.setZValue(27)
        plot_item.addItem(self.above)
        self.above_labels: list[pg.TextItem] = []
        self.above_mask = np.zeros(0, dtype=bool)
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.7, y0=0.0)
        self.signal = pg.PlotDataItem([], [], connect="finite")
        self.clamped = pg.ScatterPlotItem(symbol="t", size=12)   # 0 or below the floor: a down-arrow at the floor
        self.not_finite = pg.ScatterPlotItem(symbol="x", size=16)  # NaN/Inf: a cross near the top, no bar
        for item, z in ((self.bars, 10), (self.signal, 20), (self.clamped, 15), (self.not_finite, 15)):
            item.setZValue(z)
            plot_item.addItem(item)
        self.bar_logs = np.zeros(0)
        self.signal_logs = np.zeros(0)
        self.colors: list[str] = []

    def set_visible(self, visible: bool) -> None:
        for item in (self.bars, self.signal, self.clamped, self.not_finite, self.above):
            item.setVisible(visible)
        if not visible:
            for label in self.above_labels:
                label.hide()

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
        self.clamped.setPen(pg.mkPen(theme.vanishing, width=max(1.0, width * 0.6)))
        self.clamped.setBrush(pg.mkBrush(theme.vanishing))
        self.clamped.setSize(max(10.0, 5.0 * width))
        self.not_finite.setPen(pg.mkPen(theme.diverged, width=max(2.0, width)))
        self.not_finite.setBrush(pg.mkBrush(theme.diverged))
        self.not_finite.setSize(max(12.0, 6.0 * width))
        self.above.setPen(pg.mkPen(theme.background, width=1.0))
        self.above.setBrush(pg.mkBrush(theme.exploding))
        self.above.setSize(max(12.0, 6.0 * width))

    def draw(self, snapshot: Snapshot, x: np.ndarray, bar_width: float, floor: float, theme: Theme,
             top: float = 10.0) -> None:
        grad_norm = np.asarray(snapshot.stats.grad_norm, dtype=np.float64)
        logs, clamped, not_finite = safe_log10(grad_norm, floor)
        above = ~not_finite & (logs > top)
        self.above_mask = above
        heights = np.where(not_finite, 0.0, np.minimum(logs, top) - floor)  # clamped at the top, marked below
        self.bar_logs = logs
        self.colors = [health_color(float(v), theme) for v in grad_norm]
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
        signal_logs, _clamped, _bad = safe_log10(snapshot.stats.signal_grad_norm, floor)
        self.signal_logs = signal_logs
        self.signal.setData(x, signal_logs)
        marker_y = floor + 0.4 * (TOP - floor) / 50.0
        self.clamped.setData(x[clamped], np.full(int(clamped.sum()), marker_y))
        self.not_finite.setData(x[not_finite], np.full(int(not_finite.sum()), LOG_EXPLODING + 2.0))
        self._mark_above(x[above], grad_norm[above], top, theme)
        self.signal.setSymbol(None if len(x) > 40 else ("s" if self.hatched else "o"))

    def _mark_above(self, x: np.ndarray, values: np.ndarray, top: float, theme: Theme) -> None:
        """A red triangle at the axis top over each bar that goes higher, with its value (e.g. "3e+35") while
        there are few enough to read (at most 12; more bars only get the triangle)."""
        self.above.setData(x, np.full(len(x), top))
        shown = len(x) if len(x) <= 12 else 0
        while len(self.above_labels) < shown:
            label = pg.TextItem(anchor=(0.5, 0.0))  # just under the axis top, over its own (clamped) bar
            label.setZValue(26)
            self.plot_item.addItem(label, ignoreBounds=True)
            self.above_labels.append(label)
        for label, xi, value in zip(self.above_labels, x[:shown], values[:shown]):
            text = format_sci(float(value), 0)
            if label.toPlainText() != text:
                label.setHtml(f"<span style='color:{theme.exploding}; font-size:{theme.font_points}pt; "
                              f"font-weight:bold'>{text}</span>")
                backdrop = QColor(theme.background)
                backdrop.setAlpha(210)
                label.fill = pg.mkBrush(backdrop)
            label.setPos(float(xi), top)
            label.show()
        for label in self.above_labels[shown:]:
            label.hide()


class GradientFlowPlot(PlotPanel):
    """log10 ||dL/dW_i|| per layer (bars, coloured by health) and the back-propagated ||dL/dh_i|| (line)."""

    object_name = "gradientFlowPlot"

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.axis = Log10Axis("left", always=ALWAYS_LABELLED)
        self.plot_item.setAxisItems({"left": self.axis})
        self.plot_item.setMouseEnabled(x=True, y=False)
        self.plot_item.hideButtons()
        self.floor = log_floor(float("nan"))
        self.top = TOP
        self._depth = 0
        self._compare = False
        self.ratios: tuple[float, float | None] = (float("nan"), None)

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
        self.legend = legend_below_plot(self.plot_item, columns=2)
        self.prediction = PredictionOverlay(self.plot_item, parent=self)
        self.prediction.action.toggled.connect(self._on_prediction_toggled)  # a method: no cycle through a lambda
        self.plot_item.vb.menu.addAction(self.prediction.action)
        self.ratio_label = CornerText(self.plot_item, corner=(1, 0))
        self._y_range = (0.0, 0.0)
        self._set_ranges(1)
        self.plot_item.vb.sigResized.connect(self._set_y_range)
        self.plot_item.vb.sigResized.connect(self._fit_zone_texts)
        self.apply_theme(self.theme)

    def _threshold_line(self, value: float) -> pg.InfiniteLine:
        line = pg.InfiniteLine(pos=value, angle=0, movable=False)
        line.setZValue(5)
        self.plot_item.addItem(line, ignoreBounds=True)
        return line

    # ---- texts

    def title_text(self) -> str:
        return translate("GradientFlowPlot", "Gradient flow per layer")

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

    def _fit_zone_texts(self, *_args) -> None:
        """Zone names on two lines when the plot is narrow (a ~400 px dock; wider with presentation fonts), on one
        line otherwise."""
        one_line_from = 600 * self.theme.font_points / LIGHT.font_points
        self.zone_axis.set_two_lines(self.plot_widget.width() < one_line_from)

    def _set_zone_texts(self) -> None:
        theme = self.theme
        self.zone_axis.set_zones([
            (LOG_VANISHING - 0.4, translate("GradientFlowPlot", "vanishing < 1e-5"), theme.vanishing),
            (LOG_EXPLODING + 0.4, translate("GradientFlowPlot", "exploding > 1e+2"), theme.exploding),
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
        columns = 3 if self.prediction.drawn else 2
        if self.legend.max_columns != columns:
            self.legend.max_columns = columns
            self.legend.fit()

    # ---- theme

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        self.axis.setStyle(tickFont=font(theme.font_points))
        self.plot_item.getAxis("bottom").setStyle(tickFont=font(theme.font_points))
        band = QColor(theme.healthy)
        band.setAlpha(38 if theme.name == "dark" else 26)
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
        self.render_last()

    # ---- data

    def _set_ranges(self, depth: int) -> None:
        self.top = axis_top(self.floor)
        self.axis.ceiling = self.top
        self._set_y_range()
        margin = max(0.6, 0.025 * depth)  # room for the "1" and "depth" tick labels at the ends
        self.plot_item.setXRange(1 - margin, depth + margin, padding=0)
        self.plot_item.getAxis("bottom").setTicks([layer_ticks(depth)])

    def _set_y_range(self, *_args) -> None:
        """Floor .. axis top, plus a band above the top as tall as the first/last text, so the text never covers
        a bar (bars higher than the top are clamped to it and marked)."""
        span = self.top - self.floor
        height = self.plot_item.vb.height()
        text = 0.0
        if self.ratio_label.toPlainText():
            text = self.ratio_label.boundingRect().height() + 2 * self.ratio_label.margin
        band = span * text / (height - text) if height > text + 60 else 0.25 * span
        y_range = (self.floor, self.top + max(band, 0.012 * span))
        if y_range != self._y_range:
            self._y_range = y_range
            self.plot_item.setYRange(*y_range, padding=0)

    def _render(self, history: HistoryView, snapshot: Snapshot,
                compare: tuple[HistoryView, Snapshot] | None) -> None:
        theme = self.theme
        snapshot_b = compare[1] if compare is not None else None
        depth = len(snapshot.stats.grad_norm)
        floor = log_floor(_lowest_log(snapshot, snapshot_b))
        if depth != self._depth or floor != self.floor:
            self._depth, self.floor = depth, floor
            self._set_ranges(max(depth, 1))
        x = np.arange(1, depth + 1, dtype=np.float64)
        if (snapshot_b is not None) != self._compare:
            self._compare = snapshot_b is not None
            self._update_legend()
        if snapshot_b is None:
            self.series_a.draw(snapshot, x, 0.72, floor, theme, self.top)
            self.series_b.set_visible(False)
        else:
            self.series_a.draw(snapshot, x - 0.21, 0.4, floor, theme, self.top)
            depth_b = len(snapshot_b.stats.grad_norm)
            self.series_b.draw(snapshot_b, np.arange(1, depth_b + 1, dtype=np.float64) + 0.21, 0.4, floor, theme,
                               self.top)
            self.series_b.set_visible(True)
        self._draw_prediction(history, snapshot, compare)
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
        ratio_a = first_last_ratio(snapshot.stats.grad_norm)
        ratio_b = first_last_ratio(snapshot_b.stats.grad_norm) if snapshot_b is not None else None
        self.ratios = (ratio_a, ratio_b)
        lines = []
        prefix = "A: " if snapshot_b is not None else ""
        ratio_text = translate("GradientFlowPlot", "first/last = %1")
        lines.append((theme.series_a if snapshot_b is not None else theme.foreground,
                      prefix + ratio_text.replace("%1", format_sci(ratio_a))))
        if snapshot_b is not None:
            lines.append((theme.series_b, "B: " + ratio_text.replace("%1", format_sci(ratio_b))))
        for network, snap in (("A", snapshot), ("B", snapshot_b)):
            if snap is not None and snap.divergence is not None:
                text = translate("GradientFlowPlot", "diverged at step %1 (%2)")
                text = text.replace("%1", str(snap.divergence.step)).replace("%2", layer_text(snap.divergence.layer))
                lines.append((theme.diverged, (f"{network}: " if snapshot_b is not None else "") + text))
        self.ratio_label.set_lines(lines, theme.title_points + (0 if snapshot_b is not None else 2))
        self._set_y_range()

    @property
    def ratio_text(self) -> str:
        """The first/last text as shown (plain text, for tests and assistive tools)."""
        return self.ratio_label.toPlainText()


def _lowest_log(*snapshots: Snapshot | None) -> float:
    """The smallest finite positive log10 gradient norm (bars and line) of the given snapshots, NaN if none."""
    lowest = math.inf
    for snap in snapshots:
        if snap is None:
            continue
        for values in (snap.stats.grad_norm, snap.stats.signal_grad_norm):
            array = np.asarray(values, dtype=np.float64)
            positive = array[np.isfinite(array) & (array > 0)]
            if positive.size:
                lowest = min(lowest, math.log10(float(positive.min())))
    return lowest if math.isfinite(lowest) else float("nan")
