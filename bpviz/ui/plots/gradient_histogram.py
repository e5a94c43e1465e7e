"""gradientHistogramPlot: how the back-propagated gradient dL/dh is spread in each layer, on a log10 |.| axis.

"All layers (ridge)" stacks one histogram per layer (input at the bottom, output at the top, coloured by a
labelled layer scale), like Karpathy's makemore part 3 gradient histograms but on a log axis, so a shift by many
decades from output to input - the vanishing gradient itself - is visible. "Layer k" shows one layer's histogram.
In compare mode network B's histograms are drawn dashed over A's.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

import pyqtgraph as pg

from bpviz.engine.telemetry import HistoryView, Snapshot
from bpviz.ui.plots.axes import Log10Axis, quiet_grid
from bpviz.ui.plots.items import side_colorbar, style_colorbar
from bpviz.ui.plots.legends import legend_below_plot, restyle_legend_labels, style_legend
from bpviz.ui.plots.numeric import DecadeRange, WidenOnlyRange, layer_subset
from bpviz.ui.plots.panel import PlotPanel
from bpviz.ui.plots.texts import set_plot_texts, stopped_text
from bpviz.ui.plots.theme import Theme, current_theme, font, layer_colormap, layer_colors

# Qt's lupdate extracts translate("Context", "text") calls with a literal context
translate = QCoreApplication.translate

RIDGE_LIMIT = 20   # deeper networks show an evenly spaced subset of ...
RIDGE_SHOWN = 12   # ... this many layers (always the first and the last)
RIDGE_PEAK = 1.35  # the tallest histogram is this many rows high (ridges overlap a little, like a joy plot)
FILL_ALPHA = 60
SHRINK_AFTER_FRAMES = 45  # frames the data must stay well inside the |dL/dh| axis before it shrinks


def clean_fractions(histograms: np.ndarray) -> np.ndarray:
    """Histogram fractions with anything not finite (a diverged run) or negative treated as empty."""
    array = np.array(histograms, dtype=np.float64, copy=True)
    array[~np.isfinite(array) | (array < 0)] = 0.0
    return array


def only_occupied(fractions: np.ndarray) -> np.ndarray:
    """The fractions with NaN (a gap) wherever a bin and both its neighbours are empty: an overlay then shows
    only its humps and does not paint a second baseline over every row."""
    occupied = fractions > 0
    near = occupied.copy()
    near[1:] |= occupied[:-1]
    near[:-1] |= occupied[1:]
    return np.where(near, fractions, np.nan)


def occupied_range(histograms: list[np.ndarray], edges: np.ndarray) -> tuple[float, float]:
    """(low, high) log10 edges around the bins that hold any entries; NaNs if every histogram is empty."""
    occupied = np.zeros(len(edges) - 1, dtype=bool)
    for histogram in histograms:
        occupied |= np.atleast_2d(histogram).sum(axis=0) > 0
    if not occupied.any():
        return float("nan"), float("nan")
    index = np.flatnonzero(occupied)
    return float(edges[index[0]]), float(edges[index[-1] + 1])


class GradientHistogramPlot(PlotPanel):
    object_name = "gradientHistogramPlot"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = current_theme()
        self.plot_item.setAxisItems({"bottom": Log10Axis("bottom")})
        quiet_grid(self.plot_item)
        self.plot_item.getAxis("left").enableAutoSIPrefix(False)
        self.plot_item.vb.enableAutoRange(x=False, y=False)
        self.plot_item.vb.setMouseEnabled(x=True, y=False)
        self.depth = 0
        self.depth_b = 0
        self.shown_layers = np.zeros(0, dtype=int)
        # the occupied decades, a decade to spare; grows at once, shrinks only after the data stayed well inside
        # for a while (a remedy that moves every gradient up by 20 decades must not leave the old range behind)
        self.x_range = DecadeRange(headroom=1.0, margin=0.0, slack=2.0, patience=SHRINK_AFTER_FRAMES,
                                   minimum_span=8.0, default=(-12.0, 0.0))
        self._x_shown: tuple[float, float] | None = None
        self.single_top = WidenOnlyRange(minimum_span=0.0)  # top of the one-layer view's % axis: grows only
        self._last_step = -1
        self._styled_for: tuple | None = None
        self._comparing = False
        self._notes: tuple[str, str] | None = None  # what the legend says of a network that stopped (diverged)

        self.layer_label = QLabel()
        self.layer_combo = QComboBox()
        self.layer_combo.setObjectName("gradientHistogramLayerCombo")
        self.layer_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.layer_label.setBuddy(self.layer_combo)
        row = QHBoxLayout()
        row.setContentsMargins(4, 0, 4, 0)
        row.addWidget(self.layer_label)
        row.addWidget(self.layer_combo)
        row.addStretch(1)
        self.layout().insertLayout(0, row)

        self.ridge_a = [pg.PlotDataItem(connect="finite") for _ in range(RIDGE_LIMIT)]
        self.ridge_b = [pg.PlotDataItem(connect="finite") for _ in range(RIDGE_LIMIT)]
        self.single_a = pg.PlotDataItem(stepMode="center", fillLevel=0.0)
        self.single_b = pg.PlotDataItem(stepMode="center")
        for item in (*self.ridge_a, *self.ridge_b, self.single_a, self.single_b):
            self.plot_item.addItem(item)
            item.hide()
        for item in (*self.ridge_b, self.single_b):
            item.setZValue(RIDGE_LIMIT + 10)
        self.colorbar = side_colorbar(self.plot_item, layer_colormap(self.theme), (1.0, 2.0))
        self.legend = legend_below_plot(self.plot_item, columns=2)
        self.legend.hide()
        self._fill_combo(1)
        self.layer_combo.currentIndexChanged.connect(self._on_layer_selected)
        self.apply_theme(self.theme)

    # ---- selection

    def selected_layer(self) -> int | None:
        """The 0-based layer shown alone, or None for the ridge of all layers."""
        index = self.layer_combo.currentIndex()
        return None if index <= 0 else index - 1

    def select_layer(self, layer: int | None) -> None:
        """Show one layer (0-based) or, with None, the ridge of all layers."""
        self.layer_combo.setCurrentIndex(0 if layer is None else min(layer + 1, self.layer_combo.count() - 1))

    def _fill_combo(self, depth: int) -> None:
        current = self.layer_combo.currentIndex()
        self.layer_combo.blockSignals(True)
        self.layer_combo.clear()
        self.layer_combo.addItem(translate("GradientHistogramPlot", "All layers (ridge)"))
        for layer in range(depth):
            self.layer_combo.addItem(translate("GradientHistogramPlot", "Layer %1").replace("%1", str(layer + 1)))
        self.layer_combo.setCurrentIndex(current if 0 <= current < self.layer_combo.count() else 0)
        self.layer_combo.blockSignals(False)

    def _on_layer_selected(self, _index: int) -> None:
        self._styled_for = None
        self.single_top.reset()
        self.retranslate_ui()
        if self._last is not None:
            self.draw(*self._last)

    # ---- texts

    def title_text(self) -> str:
        layer = self.selected_layer()
        if layer is not None:
            return translate("GradientHistogramPlot", "Gradient histogram of layer %1").replace("%1", str(layer + 1))
        if self.depth > RIDGE_LIMIT:
            return (translate("GradientHistogramPlot", "Gradient histograms per layer (%1 of %2 layers shown)")
                    .replace("%1", str(len(self.shown_layers))).replace("%2", str(self.depth)))
        return translate("GradientHistogramPlot", "Gradient histograms per layer")

    def tab_text(self) -> str:
        return translate("GradientHistogramPlot", "Histograms")

    def caption_text(self) -> str:
        return translate("GradientHistogramPlot", "Curves that sit decades further left toward the input (layer 1) "
                                                  "show the gradient vanishing on its way back.")

    def axis_texts(self) -> tuple[str, str]:
        bottom = translate("GradientHistogramPlot", "|dL/dh| of each unit and sample (log scale)")
        if self.selected_layer() is None:
            return bottom, translate("GradientHistogramPlot", "layer (1 = input side)")
        return bottom, translate("GradientHistogramPlot", "share of entries per half decade (%)")

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        bottom, left = self.axis_texts()
        set_plot_texts(self.plot_item, self.title_text(), {"bottom": bottom, "left": left}, self.theme)
        self.layer_label.setText(translate("GradientHistogramPlot", "Show:"))
        tip = translate("GradientHistogramPlot", "All layers stacked (a ridge), or one layer's histogram of |dL/dh|")
        self.layer_combo.setToolTip(tip)
        self.layer_combo.setAccessibleName(translate("GradientHistogramPlot", "Layer shown in the gradient histogram"))
        self.layer_combo.setAccessibleDescription(tip)
        for index in range(self.layer_combo.count()):
            text = (translate("GradientHistogramPlot", "All layers (ridge)") if index == 0 else
                    translate("GradientHistogramPlot", "Layer %1").replace("%1", str(index)))
            self.layer_combo.setItemText(index, text)
        style_colorbar(self.colorbar, self.theme, translate("GradientHistogramPlot", "layer"))
        self._fill_legend()

    def _fill_legend(self) -> None:
        self.legend.clear()
        style_legend(self.legend, self.theme)
        if not self._comparing:
            self.legend.hide()
            return
        layer = self.selected_layer()
        if layer is None:
            middle = self.ridge_a[len(self.shown_layers) // 2] if len(self.shown_layers) else self.ridge_a[0]
            names = [translate("GradientHistogramPlot", "A (colour = layer)"),
                     translate("GradientHistogramPlot", "B (dashed)")]
            items = [middle, self.ridge_b[0]]
        else:
            name = str(layer + 1)
            names = [translate("GradientHistogramPlot", "A: layer %1").replace("%1", name),
                     translate("GradientHistogramPlot", "B: layer %1").replace("%1", name)]
            items = [self.single_a, self.single_b]
        for item, text, note in zip(items, names, self._notes or ("", "")):
            self.legend.addItem(item, f"{text}, {note}" if note else text)
        self.legend.show()

    # ---- theme

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self._styled_for = None
        super().apply_theme(theme)
        self.layer_label.setFont(font(theme.font_points))
        self.layer_combo.setFont(font(theme.font_points))
        self.colorbar.setColorMap(layer_colormap(theme))
        width = theme.line_width
        fill = QColor(theme.series_a)
        fill.setAlpha(90)
        self.single_a.setPen(pg.mkPen(theme.series_a, width=width))
        self.single_a.setFillBrush(pg.mkBrush(fill))
        self.single_b.setPen(pg.mkPen(theme.series_b, width=width, style=Qt.PenStyle.DashLine))
        for curve in self.ridge_b:
            curve.setPen(pg.mkPen(theme.series_b, width=width * 0.85, style=Qt.PenStyle.DashLine))
        restyle_legend_labels(self.legend, theme)
        if self._last is not None:
            self.draw(*self._last)

    def _style_ridge(self) -> None:
        """Colours and fill levels of the ridge curves: only when the layers shown or the theme change."""
        key = (tuple(self.shown_layers), self.depth, self.theme)
        if key == self._styled_for:
            return
        self._styled_for = key
        colors = layer_colors(self.shown_layers, self.depth, self.theme)
        rows = len(self.shown_layers)
        for row, (curve, color) in enumerate(zip(self.ridge_a, colors)):
            fill = QColor(color)
            fill.setAlpha(FILL_ALPHA)
            curve.setPen(pg.mkPen(color, width=self.theme.line_width))
            curve.setFillLevel(float(row))
            curve.setFillBrush(pg.mkBrush(fill))
            curve.setZValue(rows - row)  # lower rows (nearer the input) in front, as in a joy plot
        left = self.plot_item.getAxis("left")
        left.setTicks([[(float(row), str(layer + 1)) for row, layer in enumerate(self.shown_layers)]])
        self.plot_item.vb.setYRange(-0.55, rows - 1 + RIDGE_PEAK + 0.15, padding=0.0)
        self.colorbar.setLevels((1.0, float(max(self.depth, 2))))

    # ---- data

    def new_run(self) -> None:
        self.x_range.reset()
        self.single_top.reset()

    def draw(self, history: HistoryView, snapshot: Snapshot,
             compare: tuple[HistoryView, Snapshot] | None) -> None:
        if snapshot.signal_grad_histograms is None or snapshot.signal_grad_edges is None:
            return  # histograms are computed per frame only when asked for: keep the last picture
        self._last = (history, snapshot, compare)
        snapshot_b = compare[1] if compare is not None else None
        if snapshot_b is not None and snapshot_b.signal_grad_histograms is None:
            snapshot_b = None
        if snapshot.depth != self.depth or snapshot.step < self._last_step:
            self.x_range.reset()  # a new network: let the axes find the new data
            self.single_top.reset()
        self._last_step = snapshot.step
        notes = None if snapshot_b is None else (stopped_text(snapshot), stopped_text(snapshot_b))
        notes = notes if notes is not None and any(notes) else None
        retranslate = (snapshot.depth != self.depth or (snapshot_b is not None) != self._comparing
                       or notes != self._notes)
        self._notes = notes
        if snapshot.depth != self.depth:
            self.depth = snapshot.depth
            self.shown_layers = layer_subset(self.depth, RIDGE_LIMIT, RIDGE_SHOWN)
            self._fill_combo(self.depth)
            self._styled_for = None
        self._comparing = snapshot_b is not None
        edges = np.asarray(snapshot.signal_grad_edges, dtype=np.float64)
        hist_a = clean_fractions(snapshot.signal_grad_histograms)
        hist_b = clean_fractions(snapshot_b.signal_grad_histograms) if snapshot_b is not None else None
        layer = self.selected_layer()
        if layer is None:
            drawn = self._draw_ridge(edges, hist_a, hist_b)
        else:
            drawn = self._draw_single(layer, edges, hist_a, hist_b)
        self._widen_x(drawn, edges)
        if retranslate:
            self.retranslate_ui()

    def _draw_ridge(self, edges: np.ndarray, hist_a: np.ndarray, hist_b: np.ndarray | None) -> list[np.ndarray]:
        self._style_ridge()
        centres = 0.5 * (edges[:-1] + edges[1:])
        layers = self.shown_layers
        rows_a = hist_a[layers]
        layers_b = layers[layers < len(hist_b)] if hist_b is not None else layers[:0]
        rows_b = hist_b[layers_b] if hist_b is not None else np.zeros((0, len(centres)))
        peak = max(float(rows_a.max(initial=0.0)), float(rows_b.max(initial=0.0)))
        scale = RIDGE_PEAK / peak if peak > 0 else 0.0
        for row, curve in enumerate(self.ridge_a):
            if row < len(layers):
                curve.setData(centres, row + rows_a[row] * scale)
                curve.show()
            else:
                curve.hide()
        for row, curve in enumerate(self.ridge_b):
            if row < len(layers_b):
                curve.setData(centres, row + only_occupied(rows_b[row]) * scale)
                curve.show()
            else:
                curve.hide()
        self.single_a.hide()
        self.single_b.hide()
        self.colorbar.show()
        return [rows_a, rows_b]

    def _draw_single(self, layer: int, edges: np.ndarray, hist_a: np.ndarray,
                     hist_b: np.ndarray | None) -> list[np.ndarray]:
        for curve in (*self.ridge_a, *self.ridge_b):
            curve.hide()
        self.colorbar.hide()
        left = self.plot_item.getAxis("left")
        left.setTicks(None)
        values_a = hist_a[min(layer, len(hist_a) - 1)] * 100.0
        self.single_a.setData(edges, values_a)
        self.single_a.show()
        drawn = [values_a]
        top = float(values_a.max(initial=0.0))
        if hist_b is not None and layer < len(hist_b):
            values_b = hist_b[layer] * 100.0
            self.single_b.setData(edges, values_b)
            self.single_b.show()
            drawn.append(values_b)
            top = max(top, float(values_b.max(initial=0.0)))
        else:
            self.single_b.hide()
        if self.single_top.include(0.0, max(top, 1.0) * 1.08):
            top = self.single_top.high
            self.plot_item.vb.setYRange(-0.06 * top, top, padding=0.0)
        return drawn

    def _widen_x(self, drawn: list[np.ndarray], edges: np.ndarray) -> None:
        low, high = occupied_range(drawn, edges)
        if not (np.isfinite(low) and np.isfinite(high)):
            return
        x_range = self.x_range.fit(low, high)
        if x_range != self._x_shown:
            self._x_shown = x_range
            self.plot_item.vb.setXRange(*x_range, padding=0.0)
