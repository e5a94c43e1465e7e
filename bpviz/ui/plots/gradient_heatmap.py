"""Gradient heatmap: log10 ||dL/dW_i|| of every layer (y) at every recorded step (x): the flow over time.

The image is drawn in step units (``ImageItem.setRect``), so event markers and the x axis show real step numbers
even after the History has decimated. log10 of rows already seen is cached, so a frame costs one new row.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QCoreApplication, QRectF
from PySide6.QtGui import QColor

import pyqtgraph as pg

from bpviz.engine.telemetry import EXPLODING_ABOVE, VANISHING_BELOW, HistoryView, Snapshot
from bpviz.ui.plots.items import CornerText, EventMarkers
from bpviz.ui.plots.numeric import exponent_label, layer_ticks
from bpviz.ui.plots.panel import PlotPanel
from bpviz.ui.plots.theme import Theme, font

# Qt's lupdate extracts translate("Context", "text") calls with a literal context
translate = QCoreApplication.translate
LEVELS = (-12.0, 2.0)  # fixed colour levels: 1e-12 (and below) .. 1e+2 (and above)
GAP = 1.5              # empty rows between A (above) and B (below) in compare mode


def heatmap_colormap(theme: Theme) -> pg.ColorMap:
    """Deep blue (vanishing) -> the healthy green -> red (exploding), with the health thresholds where the
    gradient-flow bars change colour, so both plots speak the same colour language."""
    low, high = LEVELS
    stops = [(low, "#0a1a40" if theme.name != "dark" else "#1b2a6b"),
             (math.log10(VANISHING_BELOW) - 0.5, theme.vanishing),
             (math.log10(VANISHING_BELOW) + 1.5, theme.healthy),
             (math.log10(EXPLODING_ABOVE) - 1.5, "#e8d43a"),
             (high, theme.exploding)]
    positions = [(value - low) / (high - low) for value, _color in stops]
    return pg.ColorMap(positions, [QColor(color) for _value, color in stops])


class LogRowCache:
    """log10 of a History layer metric, computed once per row.

    History rows are never changed in place (decimation builds new arrays), so while the view's rows come from
    the same base array, only the rows added since the last frame need a log10. Holding the base array keeps its
    identity meaningful (its memory cannot be reused by another History while we hold it).
    """

    def __init__(self) -> None:
        self._base: np.ndarray | None = None
        self._logs = np.zeros((0, 0))
        self.rows = 0
        self.full_recomputes = 0

    def update(self, values: np.ndarray) -> np.ndarray:
        """(rows, depth) log10 magnitudes; 0 -> the lowest level, NaN/Inf -> NaN (drawn transparent)."""
        base = values.base if values.base is not None else values
        rows = values.shape[0]
        same = (base is self._base and rows >= self.rows and self._logs.shape[1:] == values.shape[1:]
                and self._logs.shape[0] >= rows)
        if not same:
            self._base = base
            capacity = max(rows, base.shape[0] if base.ndim == 2 else rows)
            self._logs = np.empty((capacity, values.shape[1]))
            self.rows = 0
            self.full_recomputes += 1
        if rows > self.rows:
            self._logs[self.rows:rows] = log10_levels(values[self.rows:rows])
            self.rows = rows
        return self._logs[:rows]


def log10_levels(values: np.ndarray) -> np.ndarray:
    """log10 |values| for the image: zeros at the lowest level, non-finite as NaN (transparent)."""
    array = np.abs(np.asarray(values, dtype=np.float64))
    with np.errstate(all="ignore"):
        logs = np.log10(array)
    logs[np.isneginf(logs)] = LEVELS[0] - 1.0
    logs[~np.isfinite(logs)] = np.nan
    return logs


def step_rect(steps: np.ndarray, y0: float, depth: int) -> QRectF:
    """The image's rectangle in (step, layer) units: each row centred on its step, each layer on its number."""
    n = len(steps)
    spacing = float(steps[-1] - steps[0]) / (n - 1) if n > 1 else 1.0
    spacing = spacing if spacing > 0 else 1.0
    return QRectF(float(steps[0]) - 0.5 * spacing, y0, n * spacing, float(depth))


class GradientHeatmapPlot(PlotPanel):
    """Layer x step heatmap of log10 ||dL/dW||, with a colour bar and the live-change markers."""

    object_name = "gradientHeatmapPlot"

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.plot_item.setMouseEnabled(x=True, y=False)
        self.plot_item.hideButtons()
        self.image_a = pg.ImageItem(axisOrder="col-major")
        self.image_b = pg.ImageItem(axisOrder="col-major")
        for image in (self.image_a, self.image_b):
            image.setZValue(-10)
            self.plot_item.addItem(image)
        self.image_b.hide()
        self.cache_a = LogRowCache()
        self.cache_b = LogRowCache()
        self.colorbar = pg.ColorBarItem(values=LEVELS, colorMap=heatmap_colormap(self.theme), interactive=False,
                                        width=18, label="")
        self.colorbar.setImageItem([self.image_a, self.image_b], insert_in=self.plot_item)
        self.colorbar.axis.setTicks([[(v, exponent_label(v)) for v in range(int(LEVELS[0]), int(LEVELS[1]) + 1, 2)]])
        self.label_a = pg.TextItem(anchor=(0, 0))
        self.label_b = pg.TextItem(anchor=(0, 0))
        for label in (self.label_a, self.label_b):
            label.setZValue(60)
            self.plot_item.addItem(label, ignoreBounds=True)
        self.label_b.hide()
        self.empty_text = CornerText(self.plot_item, corner=(0, 0))
        self.events = EventMarkers(self.plot_item)
        self._layout_key: tuple = ()
        self._x_range: tuple[float, float] | None = None
        self.apply_theme(self.theme)

    # ---- texts

    def title_text(self) -> str:
        return translate("GradientHeatmapPlot", "Gradient flow over time")

    def caption_text(self) -> str:
        return translate("GradientHeatmapPlot", "Dark blue spreading from the input layers (bottom) = vanishing "
                                                "gradients; lines mark your changes.")

    def axis_texts(self) -> tuple[str, str]:
        return (translate("GradientHeatmapPlot", "training step"),
                translate("GradientHeatmapPlot", "layer (1 = input side, bottom)"))

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.colorbar.axis.setLabel(translate("GradientHeatmapPlot", "||dL/dW|| (log colour scale)"),
                                    color=self.theme.foreground, **{"font-size": f"{self.theme.font_points}pt"})
        self.label_a.setText(translate("GradientHeatmapPlot", "A"))
        self.label_b.setText(translate("GradientHeatmapPlot", "B"))
        self.events.retranslate()
        self._set_empty_text()

    def _set_empty_text(self) -> None:
        empty = self._last is None or len(self._last[0]) == 0
        text = translate("GradientHeatmapPlot", "No steps recorded yet: press Train or Step.")
        lines = [(self.theme.foreground, text)] if empty else []
        self.empty_text.set_lines(lines, self.theme.font_points + 1)
        self.empty_text.setVisible(empty)

    # ---- theme

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        self.plot_item.showGrid(x=False, y=False)
        self.colorbar.setColorMap(heatmap_colormap(theme))
        axis = self.colorbar.axis
        axis.setPen(pg.mkPen(theme.foreground))
        axis.setTextPen(pg.mkPen(theme.foreground))
        axis.setTickFont(font(theme.font_points))
        axis.setWidth(None)
        axis.setStyle(autoExpandTextSpace=True)
        label_font = font(theme.title_points, bold=True)
        for label, color in ((self.label_a, theme.series_a), (self.label_b, theme.series_b)):
            label.setFont(label_font)
            label.setColor(QColor(color))
            label.fill = pg.mkBrush(QColor(theme.background))
            label.update()
        self.empty_text.set_box(theme)
        self.events._shown = ()  # restyle the markers at the next update
        if not self.render_last():
            self._set_empty_text()

    # ---- data

    def _render(self, history: HistoryView, snapshot: Snapshot,
                compare: tuple[HistoryView, Snapshot] | None) -> None:
        history_b = compare[0] if compare is not None else None
        depth_a = _depth(history, snapshot)
        depth_b = _depth(history_b, compare[1]) if compare is not None else 0
        y0_a = depth_b + GAP if compare is not None else 0.5
        self._draw_image(self.image_a, self.cache_a, history, y0_a, depth_a)
        if history_b is not None:
            self._draw_image(self.image_b, self.cache_b, history_b, 0.5, depth_b)
        else:
            self.image_b.hide()
        self._set_layout(depth_a, depth_b, compare is not None)
        self._set_x_range(history, history_b)
        x_left = self._x_range[0] if self._x_range else 0.0
        self.label_a.setPos(x_left, y0_a + depth_a)
        self.label_b.setPos(x_left, 0.5 + depth_b)
        self.events.update(history.events)
        self._set_empty_text()

    def _draw_image(self, image: pg.ImageItem, cache: LogRowCache, history: HistoryView, y0: float,
                    depth: int) -> None:
        values = history.layers.get("grad_norm")
        if values is None or len(history) == 0 or values.shape[1] == 0:
            image.hide()
            return
        logs = cache.update(values)
        image.setImage(logs, levels=LEVELS, autoLevels=False, autoDownsample=True)
        image.setRect(step_rect(history.steps, y0, depth))
        image.show()

    def _set_layout(self, depth_a: int, depth_b: int, compare: bool) -> None:
        key = (depth_a, depth_b, compare)
        if key == self._layout_key:
            return
        self._layout_key = key
        self.label_b.setVisible(compare)
        self.label_a.setVisible(compare)
        if compare:
            max_ticks = 5
            ticks = layer_ticks(max(depth_b, 1), max_ticks) + layer_ticks(max(depth_a, 1), max_ticks,
                                                                          offset=depth_b + GAP - 0.5)
            top = depth_b + GAP + depth_a
        else:
            ticks = layer_ticks(max(depth_a, 1), 12)
            top = depth_a + 0.5
        self.plot_item.getAxis("left").setTicks([ticks])
        self.plot_item.setYRange(0.5, max(top, 1.5), padding=0)

    def _set_x_range(self, history: HistoryView, history_b: HistoryView | None) -> None:
        spans = [step_rect(h.steps, 0, 1) for h in (history, history_b) if h is not None and len(h)]
        if not spans:
            return
        left = min(rect.left() for rect in spans)
        right = max(rect.right() for rect in spans)
        if self._x_range != (left, right):
            self._x_range = (left, right)
            self.plot_item.setXRange(left, right, padding=0)


def _depth(history: HistoryView | None, snapshot: Snapshot) -> int:
    if history is not None and "grad_norm" in history.layers and history.layers["grad_norm"].shape[1]:
        return int(history.layers["grad_norm"].shape[1])
    return int(snapshot.depth)
