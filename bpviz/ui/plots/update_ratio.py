"""updateRatioPlot: Karpathy's update:data ratio std(lr * update) / std(W) per layer over time, on a log axis, with
the ~1e-3 guide line. Far below it a layer barely learns (the vanishing gradient's symptom); far above it the
weights are being thrown around.

One line per layer, coloured from input to output (an evenly spaced subset for deep networks). In compare mode the
mean over layers of A and of B (B dashed) are added.
"""

from __future__ import annotations

import warnings

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

import pyqtgraph as pg

from bpviz.engine.telemetry import HistoryView, Snapshot
from bpviz.ui.plots.axes import Log10Axis, quiet_grid
from bpviz.ui.plots.items import EventMarkers, StepHeadroom, cover_steps, side_colorbar, style_colorbar, time_curve
from bpviz.ui.plots.legends import legend_below_plot, restyle_legend_labels, style_legend
from bpviz.ui.plots.numeric import WidenOnlyRange, layer_subset, log10_or_nan
from bpviz.ui.plots.panel import PlotPanel
from bpviz.ui.plots.texts import set_plot_texts
from bpviz.ui.plots.theme import Theme, current_theme, font, layer_colormap, layer_colors

# Qt's lupdate extracts translate("Context", "text") calls with a literal context
translate = QCoreApplication.translate

LINE_LIMIT = 20    # deeper networks show an evenly spaced subset of ...
LINES_SHOWN = 12   # ... this many layers (always the first and the last)
GUIDE = -3.0       # log10 of the healthy ratio, 1e-3
DEFAULT_RANGE = (-8.0, 0.0)
OUTER_LIMITS = (-330.0, 3.0)  # the axis widens to show all data (float64 reaches 1e-324), never beyond


def mean_log_over_layers(log_ratios: np.ndarray) -> np.ndarray:
    """Per step, the mean of log10 ratio over the layers that have one (a geometric mean); NaN if none."""
    if log_ratios.size == 0:
        return np.zeros(len(log_ratios))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=RuntimeWarning)  # all-NaN rows: NaN is the right answer
        return np.nanmean(log_ratios, axis=1)


class UpdateRatioPlot(PlotPanel):
    object_name = "updateRatioPlot"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = current_theme()
        self.plot_item.setAxisItems({"left": Log10Axis("left", always=(GUIDE,))})
        self.plot_item.getAxis("bottom").enableAutoSIPrefix(False)
        quiet_grid(self.plot_item)
        self.plot_item.vb.enableAutoRange(x=True, y=False)
        self.headroom = StepHeadroom()
        self.plot_item.addItem(self.headroom)
        self.y_range = WidenOnlyRange(minimum_span=1.0)
        self.y_range.include(*DEFAULT_RANGE)
        self.plot_item.vb.setYRange(*DEFAULT_RANGE, padding=0.0)
        self.depth = 0
        self.shown_layers = np.zeros(0, dtype=int)
        self._styled_for: tuple | None = None
        self._comparing = False
        self.lines = [time_curve() for _ in range(LINE_LIMIT)]
        for line in self.lines:
            self.plot_item.addItem(line)
            line.hide()
        self.mean_a = time_curve()
        self.mean_b = time_curve()
        for line in (self.mean_a, self.mean_b):
            line.setZValue(LINE_LIMIT + 5)
            self.plot_item.addItem(line)
            line.hide()
        self.guide = pg.InfiniteLine(pos=GUIDE, angle=0, movable=False, label="",
                                     labelOpts={"position": 0.02, "anchors": [(0, 1), (0, 1)]})
        self.guide.setZValue(LINE_LIMIT + 6)
        self.plot_item.addItem(self.guide, ignoreBounds=True)
        self.colorbar = side_colorbar(self.plot_item, layer_colormap(self.theme), (1.0, 2.0))
        self.legend = legend_below_plot(self.plot_item, columns=3)
        self.event_markers = EventMarkers(self.plot_item)
        self.plot_item.vb.sigResized.connect(self._apply_y_range)
        self.apply_theme(self.theme)

    # ---- texts

    def title_text(self) -> str:
        if self.depth > LINE_LIMIT:
            return (translate("UpdateRatioPlot", "Update-to-data ratio per layer (%1 of %2 layers shown)")
                    .replace("%1", str(len(self.shown_layers))).replace("%2", str(self.depth)))
        return translate("UpdateRatioPlot", "Update-to-data ratio per layer")

    def tab_text(self) -> str:
        return translate("UpdateRatioPlot", "Update ratio")

    def caption_text(self) -> str:
        return translate("UpdateRatioPlot", "Healthy layers change their weights by ~1e-3 of their size per step; "
                                            "lines far below it are layers that have stopped learning.")

    def axis_texts(self) -> tuple[str, str]:
        return (translate("UpdateRatioPlot", "training step"),
                translate("UpdateRatioPlot", "std(lr · update) / std(W) (log scale)"))

    def guide_text(self) -> str:
        return translate("UpdateRatioPlot", "1e-3: healthy (Karpathy)")

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        bottom, left = self.axis_texts()
        set_plot_texts(self.plot_item, self.title_text(), {"bottom": bottom, "left": left}, self.theme)
        self.guide.label.setFormat(self.guide_text())
        style_colorbar(self.colorbar, self.theme, translate("UpdateRatioPlot", "layer"))
        self.event_markers.retranslate()
        self._fill_legend()

    def _fill_legend(self) -> None:
        self.legend.clear()
        style_legend(self.legend, self.theme)
        shown = self.shown_layers
        if len(shown):
            first = translate("UpdateRatioPlot", "layer %1 (input side)").replace("%1", str(shown[0] + 1))
            self.legend.addItem(self.lines[0], first)
        if len(shown) > 1:
            last = translate("UpdateRatioPlot", "layer %1 (output side)").replace("%1", str(shown[-1] + 1))
            self.legend.addItem(self.lines[len(shown) - 1], last)
        self.legend.addItem(self.guide_sample, self.guide_text())
        if self._comparing:
            self.legend.addItem(self.mean_a, translate("UpdateRatioPlot", "A: mean over layers"))
            self.legend.addItem(self.mean_b, translate("UpdateRatioPlot", "B: mean over layers"))

    # ---- theme

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self._styled_for = None
        guide_pen = pg.mkPen(theme.guide, width=max(1.5, theme.line_width), style=Qt.PenStyle.DashLine)
        # the legend needs an item with the guide's pen; InfiniteLine has no legend sample of its own
        self.guide_sample = pg.PlotDataItem(pen=guide_pen)
        super().apply_theme(theme)
        self.guide.setPen(guide_pen)
        self.guide.label.setColor(theme.guide)
        self.guide.label.setFont(font(theme.font_points, bold=True))
        backdrop = QColor(theme.background)
        backdrop.setAlpha(200)
        self.guide.label.fill = pg.mkBrush(backdrop)  # readable over the layer lines
        self.guide.label.update()
        self.colorbar.setColorMap(layer_colormap(theme))
        self.mean_a.setPen(pg.mkPen(theme.series_a, width=theme.line_width * 1.5))
        dashed = pg.mkPen(theme.series_b, width=theme.line_width * 1.5, style=Qt.PenStyle.DashLine)
        dashed.setDashPattern([5.0, 3.0])  # longer dashes: readable, and cheaper to stroke on a noisy line
        self.mean_b.setPen(dashed)
        restyle_legend_labels(self.legend, theme)
        self._style_lines()

    def _style_lines(self) -> None:
        """Layer colours: only when the layers shown or the theme change."""
        key = (tuple(self.shown_layers), self.depth, self.theme)
        if key == self._styled_for:
            return
        self._styled_for = key
        colors = layer_colors(self.shown_layers, self.depth, self.theme)
        for line, color in zip(self.lines, colors):
            line.setPen(pg.mkPen(color, width=self.theme.line_width))
        self.colorbar.setLevels((1.0, float(max(self.depth, 2))))

    # ---- data

    def new_run(self) -> None:
        """A new run: the ratio axis starts at 1e-8 .. 1 again, the step axis at 0 .. 10, until the new data come."""
        self.y_range.reset()
        self.y_range.include(*DEFAULT_RANGE)
        self._apply_y_range()
        self.headroom.clear()
        view = self.plot_item.vb
        view.setXRange(0.0, 10.0, padding=0.0)
        view.enableAutoRange(x=True)

    def draw(self, history: HistoryView, snapshot: Snapshot,
             compare: tuple[HistoryView, Snapshot] | None) -> None:
        comparing = compare is not None
        retranslate = snapshot.depth != self.depth or comparing != self._comparing
        if snapshot.depth != self.depth:
            self.depth = snapshot.depth
            self.shown_layers = layer_subset(self.depth, LINE_LIMIT, LINES_SHOWN)
            self.y_range.reset()
            self.y_range.include(*DEFAULT_RANGE)
            self._apply_y_range()
        self._comparing = comparing
        self._style_lines()
        steps = np.asarray(history.steps, dtype=np.float64)
        logs = self._log_ratios(history)
        for index, line in enumerate(self.lines):
            if index < len(self.shown_layers) and logs.shape[1] > self.shown_layers[index]:
                line.setData(steps, logs[:, self.shown_layers[index]])
                line.show()
            else:
                line.hide()
        drawn = [logs[:, self.shown_layers[self.shown_layers < logs.shape[1]]]]
        if comparing:
            history_b = compare[0]
            logs_b = self._log_ratios(history_b)
            self.mean_a.setData(steps, mean_log_over_layers(logs))
            self.mean_b.setData(np.asarray(history_b.steps, dtype=np.float64), mean_log_over_layers(logs_b))
            drawn.append(logs_b)
        self.mean_a.setVisible(comparing)
        self.mean_b.setVisible(comparing)
        self._widen_y(drawn)
        cover_steps(self.headroom, [history, compare[0]] if comparing else [history])
        self.event_markers.update(history.events, compare[0].events if comparing else None)
        if retranslate:
            self.retranslate_ui()

    @staticmethod
    def _log_ratios(history: HistoryView) -> np.ndarray:
        """log10 of the ratio per (row, layer); a ratio of 0 (no step taken yet) or not finite is a gap."""
        ratios = history.layers.get("update_ratio")
        if ratios is None:
            return np.zeros((len(history.steps), 0))
        return log10_or_nan(ratios)

    def _widen_y(self, drawn: list[np.ndarray]) -> None:
        """Start at 1e-8 .. 1 and widen (never shrink) to the data, within 1e-330 .. 1e+3."""
        values = np.concatenate([block.reshape(-1) for block in drawn]) if drawn else np.zeros(0)
        values = values[np.isfinite(values)]
        if values.size == 0:
            return
        low = max(OUTER_LIMITS[0], float(np.floor(values.min())) - 0.25)
        high = min(OUTER_LIMITS[1], float(np.ceil(values.max())) + 0.25)
        if self.y_range.include(low, high):
            self._apply_y_range()

    def _apply_y_range(self, *_args) -> None:
        """The ratios' range, and above the 1e-3 guide room for its label (a short plot: the label's height in
        pixels); a plot too short even for that leaves the label out rather than cutting it."""
        low, high = self.y_range.low, self.y_range.high
        if low is None or high is None:
            low, high = DEFAULT_RANGE
        height = self.plot_item.vb.height()
        label_px = self.guide.label.boundingRect().height() + 4.0
        room = height > 2.5 * label_px
        if room:
            high = max(high, (GUIDE * height - label_px * low) / (height - label_px))
        self.guide.label.setVisible(room or height <= 0)
        if (low, high) != getattr(self, "_shown_y_range", None):
            self._shown_y_range = (low, high)
            self.plot_item.vb.setYRange(low, high, padding=0.0)
