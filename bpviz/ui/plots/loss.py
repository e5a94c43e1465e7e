"""lossPlot: the training loss (left axis) and the train and test accuracy (right axis, 0..100 %) over the steps.

In compare mode network B's three curves are drawn dashed in B's colour over A's.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QWidget

import pyqtgraph as pg

from bpviz.engine.telemetry import HistoryView, Snapshot
from bpviz.ui.plots.common import (
    EventMarkers, PlotPanel, Theme, current_theme, finite_or_nan, legend_below_plot, quiet_grid, restyle_legend_labels,
    set_plot_texts, style_legend, time_curve, twin_viewbox,
)

# Qt's lupdate extracts translate("Context", "text") calls (it would misread common.tr's two arguments)
translate = QCoreApplication.translate

# (metric, history column, scale to the axis) in legend order
_METRICS = (("loss", "loss", 1.0), ("train", "train_accuracy", 100.0), ("test", "test_accuracy", 100.0))
# B's curves share B's colour, so its three metrics differ by dash pattern
_B_STYLES = {"loss": Qt.PenStyle.DashLine, "train": Qt.PenStyle.DashDotLine, "test": Qt.PenStyle.DotLine}


class LossPlot(PlotPanel):
    object_name = "lossPlot"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = current_theme()
        quiet_grid(self.plot_item)
        self.accuracy_view = twin_viewbox(self.plot_item, "right")
        self.accuracy_view.enableAutoRange(y=False)
        self.accuracy_view.setYRange(-6.0, 108.0, padding=0.0)
        self.plot_item.vb.enableAutoRange(x=True, y=False)
        self.plot_item.vb.setYRange(0.0, 1.0, padding=0.0)
        self._loss_top = 1.0
        self.curves_a: dict[str, pg.PlotDataItem] = {}
        self.curves_b: dict[str, pg.PlotDataItem] = {}
        for metric, _column, _scale in _METRICS:
            for curves in (self.curves_a, self.curves_b):
                curve = time_curve()
                if metric == "loss":
                    self.plot_item.addItem(curve)
                else:
                    self.accuracy_view.addItem(curve)
                curves[metric] = curve
        for curve in self.curves_b.values():
            curve.setZValue(5)
            curve.hide()
        self.legend = legend_below_plot(self.plot_item, columns=3)
        self.plot_item.getAxis("left").enableAutoSIPrefix(False)
        self.event_markers = EventMarkers(self.plot_item)
        self._comparing = False
        self.apply_theme(self.theme)

    # ---- texts

    def title_text(self) -> str:
        return translate("LossPlot", "Loss and accuracy")

    def caption_text(self) -> str:
        return translate("LossPlot", "A loss stuck near ln 2 = 0.69 and accuracy near 50 % means the early layers "
                                     "are not learning: look at the gradient plots.")

    def axis_texts(self) -> tuple[str, str]:
        return translate("LossPlot", "training step"), translate("LossPlot", "train loss (cross-entropy, nats)")

    def accuracy_axis_text(self) -> str:
        return translate("LossPlot", "accuracy (%)")

    def metric_name(self, metric: str) -> str:
        return {"loss": translate("LossPlot", "train loss"), "train": translate("LossPlot", "train accuracy"),
                "test": translate("LossPlot", "test accuracy")}[metric]

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        bottom, left = self.axis_texts()
        set_plot_texts(self.plot_item, self.title_text(),
                       {"bottom": bottom, "left": left, "right": self.accuracy_axis_text()}, self.theme)
        self.event_markers.retranslate()
        self._fill_legend()

    def _fill_legend(self) -> None:
        self.legend.clear()
        style_legend(self.legend, self.theme)  # before adding: new entries take the legend's text size
        for metric, _column, _scale in _METRICS:
            name = self.metric_name(metric)
            if self._comparing:
                name = translate("LossPlot", "A: %1").replace("%1", name)
            self.legend.addItem(self.curves_a[metric], name)
        if self._comparing:
            for metric, _column, _scale in _METRICS:
                self.legend.addItem(self.curves_b[metric],
                                    translate("LossPlot", "B: %1").replace("%1", self.metric_name(metric)))

    # ---- theme

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        super().apply_theme(theme)
        width = theme.line_width
        colors_a = {"loss": theme.series_a, "train": theme.healthy, "test": theme.signal}
        for metric, curve in self.curves_a.items():
            curve.setPen(pg.mkPen(colors_a[metric], width=width * (1.25 if metric == "loss" else 1.0)))
        for metric, curve in self.curves_b.items():
            curve.setPen(pg.mkPen(theme.series_b, width=width * (1.25 if metric == "loss" else 1.0),
                                  style=_B_STYLES[metric]))
        restyle_legend_labels(self.legend, theme)

    # ---- data

    def draw(self, history: HistoryView, snapshot: Snapshot,
             compare: tuple[HistoryView, Snapshot] | None) -> None:
        top = self._draw_curves(self.curves_a, history)
        comparing = compare is not None
        if comparing:
            top = max(top, self._draw_curves(self.curves_b, compare[0]))
        self._set_loss_top(top)
        for curve in self.curves_b.values():
            curve.setVisible(comparing)
        if comparing != self._comparing:
            self._comparing = comparing
            self._fill_legend()
        self.event_markers.update(history.events)

    @staticmethod
    def _draw_curves(curves: dict[str, pg.PlotDataItem], history: HistoryView) -> float:
        """Move the curves to ``history``; returns the largest finite loss (0 if none)."""
        steps = np.asarray(history.steps, dtype=np.float64)
        top = 0.0
        for metric, column, scale in _METRICS:
            values = finite_or_nan(history.scalar(column)) * scale
            curves[metric].setData(steps, values)
            if metric == "loss" and np.isfinite(values).any():
                top = float(np.nanmax(values))
        return top

    def _set_loss_top(self, top: float) -> None:
        """The loss axis starts at 0, so noise is not blown up into drama, and reaches just above the largest loss."""
        top = top * 1.08 if top > 0 else 1.0
        if top != self._loss_top:
            self._loss_top = top
            self.plot_item.vb.setYRange(-0.06 * top, top, padding=0.0)
