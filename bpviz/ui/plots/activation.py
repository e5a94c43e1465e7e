"""activationPlot: per layer, the share of saturated (sigmoid/tanh) or dead (ReLU family) units as bars, and the
mean +- std of the activations as a line with error bars on a second axis.

Compare mode puts network B's bars and line beside A's, layer by layer.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QWidget

import pyqtgraph as pg

from bpviz.engine.telemetry import HistoryView, Snapshot
from bpviz.ui.plots.axes import quiet_grid, twin_viewbox
from bpviz.ui.plots.items import hatched_brush
from bpviz.ui.plots.legends import legend_below_plot, restyle_legend_labels, style_legend
from bpviz.ui.plots.numeric import WidenOnlyRange, finite_or_nan
from bpviz.ui.plots.panel import PlotPanel
from bpviz.ui.plots.texts import activation_text, set_plot_texts, stopped_text
from bpviz.ui.plots.theme import Theme, current_theme

# Qt's lupdate extracts translate("Context", "text") calls with a literal context
translate = QCoreApplication.translate

SATURATING = ("sigmoid", "tanh")
# Where the activations of each function live: the mean +- std axis is fixed to it, so it does not jump.
_ACTIVATION_RANGE = {"sigmoid": (-0.08, 1.1), "tanh": (-1.15, 1.15)}


def unhealthy_fraction(snapshot: Snapshot) -> np.ndarray:
    """Saturated fraction for sigmoid/tanh, dead fraction for the ReLU family (what stops the gradient there)."""
    stats = snapshot.stats
    return finite_or_nan(stats.saturation if snapshot.activation in SATURATING else stats.dead)


class ActivationPlot(PlotPanel):
    object_name = "activationPlot"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = current_theme()
        quiet_grid(self.plot_item)
        self.activation = "sigmoid"
        self.activation_b: str | None = None
        self.depth = 0
        self.plot_item.getAxis("left").enableAutoSIPrefix(False)
        self.plot_item.vb.enableAutoRange(x=False, y=False)
        self.plot_item.vb.setYRange(-6.0, 108.0, padding=0.0)
        self.plot_item.vb.setMouseEnabled(x=False, y=False)
        self.value_view = twin_viewbox(self.plot_item, "right")
        self.value_view.enableAutoRange(y=False)
        self.value_view.setYRange(*_ACTIVATION_RANGE["sigmoid"], padding=0.0)
        self.plot_item.getAxis("right").enableAutoSIPrefix(False)
        self.value_range = WidenOnlyRange(minimum_span=1.0)
        self.bars_a = pg.BarGraphItem(x=[], height=[], width=0.7)
        self.bars_b = pg.BarGraphItem(x=[], height=[], width=0.38)
        self.plot_item.addItem(self.bars_a)
        self.plot_item.addItem(self.bars_b)
        self.mean_a = pg.PlotDataItem(connect="finite", symbol="o")
        self.mean_b = pg.PlotDataItem(connect="finite", symbol="s")
        self.spread_a = pg.ErrorBarItem(x=np.zeros(0), y=np.zeros(0), height=np.zeros(0), beam=0.18)
        self.spread_b = pg.ErrorBarItem(x=np.zeros(0), y=np.zeros(0), height=np.zeros(0), beam=0.14)
        for item in (self.spread_a, self.mean_a, self.spread_b, self.mean_b):
            self.value_view.addItem(item)
        for item in (self.bars_b, self.mean_b, self.spread_b):
            item.hide()
        self.legend = legend_below_plot(self.plot_item, columns=2)
        self._comparing = False
        self._notes: tuple[str, str] | None = None
        self.apply_theme(self.theme)

    # ---- texts

    def title_text(self) -> str:
        return translate("ActivationPlot", "Activations per layer")

    def tab_text(self) -> str:
        return translate("ActivationPlot", "Activations")

    def caption_text(self) -> str:
        captions = {
            "sigmoid": translate(
                "ActivationPlot", "sigmoid: saturated units (a<0.02 or a>0.98) pass almost no gradient, since "
                                  "sigmoid'(z) = a(1-a) <= 0.25, and ~0 when saturated."),
            "tanh": translate(
                "ActivationPlot", "tanh: saturated units (|a|>0.97) pass almost no gradient, since tanh'(z) = 1-a² "
                                  "< 0.06 there."),
            "relu": translate(
                "ActivationPlot", "ReLU: a dead unit (a = 0 for the whole batch) passes no gradient at all, since "
                                  "relu'(z) = 0 for z < 0."),
            "leaky_relu": translate(
                "ActivationPlot", "leaky ReLU: the negative side keeps a small slope, so units cannot die: dead % "
                                  "stays ~0."),
            "prelu": translate(
                "ActivationPlot", "PReLU: the negative side keeps a learned slope alpha, so units cannot die: dead % "
                                  "stays ~0."),
            "elu": translate(
                "ActivationPlot", "ELU: the negative side is smooth and non-zero, so units cannot die: dead % "
                                  "stays ~0."),
            "gelu": translate(
                "ActivationPlot", "GELU: the negative side is small but non-zero, so units cannot die: dead % "
                                  "stays ~0."),
        }
        return captions.get(self.activation, captions["relu"])

    def metric_text(self, activation: str) -> str:
        if activation in SATURATING:
            return translate("ActivationPlot", "saturated units (%)")
        return translate("ActivationPlot", "dead units (%)")

    def axis_texts(self) -> tuple[str, str]:
        kinds = {self.activation in SATURATING}
        if self.activation_b is not None:
            kinds.add(self.activation_b in SATURATING)
        left = self.metric_text(self.activation) if len(kinds) == 1 else \
            translate("ActivationPlot", "saturated or dead units (%)")
        return translate("ActivationPlot", "layer (1 = input side)"), left

    def value_axis_text(self) -> str:
        return translate("ActivationPlot", "a: mean ± std")

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        bottom, left = self.axis_texts()
        set_plot_texts(self.plot_item, self.title_text(),
                       {"bottom": bottom, "left": left, "right": self.value_axis_text()}, self.theme)
        self._fill_legend()

    def _fill_legend(self) -> None:
        self.legend.clear()
        style_legend(self.legend, self.theme)  # before adding: new entries take the legend's text size
        entries = [(self.bars_a, self.metric_text(self.activation)),
                   (self.mean_a, translate("ActivationPlot", "mean ± std of a"))]
        if self._comparing:
            label_a = translate("ActivationPlot", "A (%1): %2").replace("%1", self._network_note(0))
            entries = [(item, label_a.replace("%2", text)) for item, text in entries]
            activation_b = self.activation_b or ""
            label_b = translate("ActivationPlot", "B (%1): %2").replace("%1", self._network_note(1))
            entries += [(item, label_b.replace("%2", text))
                        for item, text in ((self.bars_b, self.metric_text(activation_b)),
                                           (self.mean_b, translate("ActivationPlot", "mean ± std of a")))]
        for item, text in entries:
            self.legend.addItem(item, text)

    def _network_note(self, network: int) -> str:
        """What the legend says about network A (0) or B (1): its activation's human name, and its own step when A
        and B are at different steps (a diverged network stops while the other goes on)."""
        activation = self.activation if network == 0 else (self.activation_b or "")
        text = activation_text(activation)
        note = self._notes[network] if self._notes is not None else ""
        if note:
            text = translate("ActivationPlot", "%1, %2").replace("%1", text).replace("%2", note)
        return text

    # ---- theme

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        super().apply_theme(theme)
        width = theme.line_width
        bar_pen = pg.mkPen(theme.foreground, width=max(1.0, width * 0.5))
        self.bars_a.setOpts(brush=pg.mkBrush(theme.series_a), pen=bar_pen)
        self.bars_b.setOpts(brush=hatched_brush(theme.series_b), pen=pg.mkPen(theme.series_b, width=max(1.0, width)))
        symbol = 6 + 2.5 * width
        self.mean_a.setPen(pg.mkPen(theme.foreground, width=width))
        self.mean_a.setSymbolBrush(pg.mkBrush(theme.foreground))
        self.mean_a.setSymbolPen(pg.mkPen(theme.background, width=1))
        self.mean_a.setSymbolSize(symbol)
        self.spread_a.setData(pen=pg.mkPen(theme.foreground, width=width))
        self.mean_b.setPen(pg.mkPen(theme.series_b, width=width, style=Qt.PenStyle.DashLine))
        self.mean_b.setSymbolBrush(pg.mkBrush(theme.background))
        self.mean_b.setSymbolPen(pg.mkPen(theme.series_b, width=width))
        self.mean_b.setSymbolSize(symbol)
        shown = self.spread_b.isVisible()  # ErrorBarItem.setData shows the item: keep B hidden outside compare
        self.spread_b.setData(pen=pg.mkPen(theme.series_b, width=width))
        self.spread_b.setVisible(shown)
        restyle_legend_labels(self.legend, theme)

    # ---- data

    def new_run(self) -> None:
        self.value_range.reset()

    def draw(self, history: HistoryView, snapshot: Snapshot,
             compare: tuple[HistoryView, Snapshot] | None) -> None:
        snapshot_b = compare[1] if compare is not None else None
        activation_b = snapshot_b.activation if snapshot_b is not None else None
        depth = max(snapshot.depth, snapshot_b.depth if snapshot_b is not None else 0)
        notes = self._step_notes(snapshot, snapshot_b)
        texts_changed = (snapshot.activation != self.activation or activation_b != self.activation_b
                         or (compare is not None) != self._comparing or notes != self._notes)
        self._notes = notes
        self._last = (history, snapshot, compare)
        if snapshot.activation != self.activation or activation_b != self.activation_b or depth != self.depth:
            self.value_range.reset()
        self.activation, self.activation_b = snapshot.activation, activation_b
        self._comparing = compare is not None
        if depth != self.depth:
            self.depth = depth
            self.plot_item.vb.setXRange(0.4, depth + 0.6, padding=0.0)
        offset, bar_width = (0.2, 0.38) if snapshot_b is not None else (0.0, 0.7)
        self._draw_network(snapshot, -offset, bar_width, self.bars_a, self.mean_a, self.spread_a)
        if snapshot_b is not None:
            self._draw_network(snapshot_b, offset, bar_width, self.bars_b, self.mean_b, self.spread_b)
        for item in (self.bars_b, self.mean_b, self.spread_b):
            item.setVisible(snapshot_b is not None)
        self._set_value_range(snapshot, snapshot_b)
        if texts_changed:
            self.retranslate_ui()

    @staticmethod
    def _step_notes(snapshot: Snapshot, snapshot_b: Snapshot | None) -> tuple[str, str] | None:
        """What the legend says of a network that stopped (diverged), per network; None if neither did."""
        if snapshot_b is None or (snapshot.divergence is None and snapshot_b.divergence is None):
            return None
        return stopped_text(snapshot), stopped_text(snapshot_b)

    @staticmethod
    def _draw_network(snapshot: Snapshot, offset: float, bar_width: float, bars: pg.BarGraphItem,
                      mean_line: pg.PlotDataItem, spread: pg.ErrorBarItem) -> None:
        """Bars at layer + offset; a layer whose numbers are not finite (a diverged run) gets no bar and no point."""
        x = np.arange(1, snapshot.depth + 1, dtype=np.float64) + offset
        percent = unhealthy_fraction(snapshot) * 100.0
        shown = np.isfinite(percent)
        bars.setOpts(x=x[shown], height=percent[shown], width=bar_width)
        mean = finite_or_nan(snapshot.stats.activation_mean)
        std = finite_or_nan(snapshot.stats.activation_std)
        shown = np.isfinite(mean) & np.isfinite(std)
        mean_line.setData(x, mean) if np.isfinite(mean).any() else mean_line.setData([], [])
        spread.setData(x=x[shown], y=mean[shown], height=2.0 * std[shown])

    def _set_value_range(self, snapshot: Snapshot, snapshot_b: Snapshot | None) -> None:
        """Fixed to the activation's range for sigmoid/tanh; for unbounded ones, widen-only around mean +- std."""
        activations = {snapshot.activation} | ({snapshot_b.activation} if snapshot_b is not None else set())
        if activations <= set(_ACTIVATION_RANGE):
            low = min(_ACTIVATION_RANGE[name][0] for name in activations)
            high = max(_ACTIVATION_RANGE[name][1] for name in activations)
            changed = self.value_range.include(low, high)
        else:
            lows, highs = [-0.1], [1.0]
            for shot in (snapshot, snapshot_b):
                if shot is None:
                    continue
                mean = finite_or_nan(shot.stats.activation_mean)
                std = finite_or_nan(shot.stats.activation_std)
                finite = np.isfinite(mean) & np.isfinite(std)
                if finite.any():
                    lows.append(float(np.min(mean[finite] - std[finite])))
                    highs.append(float(np.max(mean[finite] + std[finite])))
            low, high = min(lows), max(highs)
            changed = self.value_range.include(low - 0.1 * (high - low), high + 0.1 * (high - low))
        if changed:
            self.value_view.setYRange(self.value_range.low, self.value_range.high, padding=0.0)
