"""lossPlot: the training loss (left axis) and the train and test accuracy (right axis, 0..100 %) over the steps.

In compare mode network B's three curves are drawn dashed in B's colour over A's.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QWidget

import pyqtgraph as pg

from bpviz.engine.telemetry import HistoryView, Snapshot
from bpviz.ui.plots.axes import quiet_grid, twin_viewbox
from bpviz.ui.plots.items import EventMarkers, StepHeadroom, cover_steps, time_curve
from bpviz.ui.plots.legends import legend_below_plot, restyle_legend_labels, style_legend
from bpviz.ui.plots.numeric import finite_or_nan
from bpviz.ui.plots.panel import PlotPanel
from bpviz.ui.plots.texts import set_plot_texts
from bpviz.ui.plots.theme import Theme, current_theme

# Qt's lupdate extracts translate("Context", "text") calls with a literal context
translate = QCoreApplication.translate

# (metric, history column, scale to the axis) in legend order
_METRICS = (("loss", "loss", 1.0), ("train", "train_accuracy", 100.0), ("test", "test_accuracy", 100.0))
# B's curves share B's colour, so its three metrics differ by dash pattern
_B_STYLES = {"loss": Qt.PenStyle.DashLine, "train": Qt.PenStyle.DashDotLine, "test": Qt.PenStyle.DotLine}


class LossPlot(PlotPanel):
    object_name = "lossPlot"
    n_classes = 2  # the data's classes (the latest snapshot's): what "stuck at a guess" means in the caption

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = current_theme()
        quiet_grid(self.plot_item)
        self.accuracy_view = twin_viewbox(self.plot_item, "right")
        self.accuracy_view.enableAutoRange(y=False)
        self.accuracy_view.setYRange(-6.0, 108.0, padding=0.0)
        self.plot_item.vb.enableAutoRange(x=True, y=False)
        self.plot_item.vb.setYRange(0.0, 1.0, padding=0.0)
        self.headroom = StepHeadroom()
        self.plot_item.addItem(self.headroom)
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
        # losses above the loss axis (a diverging run): a triangle at the top of the axis, in the network's colour
        self.off_scale_a = pg.ScatterPlotItem(symbol="t1", size=12)
        self.off_scale_b = pg.ScatterPlotItem(symbol="t1", size=12)
        for item in (self.off_scale_a, self.off_scale_b):
            item.setZValue(30)
            self.plot_item.addItem(item, ignoreBounds=True)
        self.off_scale_b.hide()
        self.off_scale_steps: dict[int, np.ndarray] = {}
        self._drawn: dict[int, tuple] = {}
        self.legend = legend_below_plot(self.plot_item, columns=3)
        self.plot_item.getAxis("left").enableAutoSIPrefix(False)
        self.event_markers = EventMarkers(self.plot_item)
        self._comparing = False
        self.apply_theme(self.theme)

    # ---- texts

    def title_text(self) -> str:
        return translate("LossPlot", "Loss and accuracy")

    def tab_text(self) -> str:
        return translate("LossPlot", "Loss")

    def caption_text(self) -> str:
        classes = self.n_classes
        if classes == 2:
            return translate("LossPlot", "A loss stuck near ln 2 = 0.69 and accuracy near 50 % means the early "
                                         "layers are not learning: look at the gradient plots.")
        # guessing among K classes: cross-entropy ln K and accuracy 1/K (the digits: 2.30 and 10 %)
        return (translate("LossPlot", "A loss stuck near ln %1 = %2 and accuracy near %3 % (a guess among %1 "
                                      "classes) means the early layers are not learning: look at the gradient plots.")
                .replace("%1", str(classes)).replace("%2", f"{math.log(classes):.2f}")
                .replace("%3", f"{100.0 / classes:.3g}"))

    def axis_texts(self) -> tuple[str, str]:
        return translate("LossPlot", "training step"), translate("LossPlot", "train loss (nats)")

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
        colors_a = {"loss": theme.series_a, "train": theme.accuracy_colors[0], "test": theme.accuracy_colors[1]}
        for metric, curve in self.curves_a.items():
            curve.setPen(pg.mkPen(colors_a[metric], width=width * (1.25 if metric == "loss" else 1.0)))
        for metric, curve in self.curves_b.items():
            curve.setPen(pg.mkPen(theme.series_b, width=width * (1.25 if metric == "loss" else 1.0),
                                  style=_B_STYLES[metric]))
        for item, color in ((self.off_scale_a, theme.series_a), (self.off_scale_b, theme.series_b)):
            item.setBrush(pg.mkBrush(color))
            item.setPen(pg.mkPen(theme.background, width=1.0))
            item.setSize(max(10.0, 5.0 * width))
        restyle_legend_labels(self.legend, theme)

    # ---- data

    def new_run(self) -> None:
        """A new run: the step axis starts over at 0 .. 10 (not the previous run's range) until its first rows."""
        self.headroom.clear()
        self._drawn.clear()
        view = self.plot_item.vb
        view.setXRange(0.0, 10.0, padding=0.0)
        view.enableAutoRange(x=True)

    def draw(self, history: HistoryView, snapshot: Snapshot,
             compare: tuple[HistoryView, Snapshot] | None) -> None:
        classes = int(getattr(snapshot, "n_classes", 2) or 2)
        if classes != self.n_classes:
            self.n_classes = classes
            self.retranslate_ui()
        comparing = compare is not None
        runs = [(self.curves_a, self.off_scale_a, history)]
        if comparing:
            runs.append((self.curves_b, self.off_scale_b, compare[0]))
        losses = [np.asarray(run_history.scalar("loss"), dtype=np.float64) for _c, _o, run_history in runs]
        self._set_loss_top(loss_axis_top(np.concatenate(losses)))
        for (curves, off_scale, run_history), loss in zip(runs, losses):
            self._draw_curves(curves, off_scale, run_history, loss)
        cover_steps(self.headroom, [run_history for _c, _o, run_history in runs])
        for item in (*self.curves_b.values(), self.off_scale_b):
            item.setVisible(comparing)
        if comparing != self._comparing:
            self._comparing = comparing
            self._fill_legend()
        self.event_markers.update(history.events, compare[0].events if comparing else None)

    def _draw_curves(self, curves: dict[str, pg.PlotDataItem], off_scale: pg.ScatterPlotItem,
                     history: HistoryView, loss: np.ndarray) -> None:
        """Move the curves to ``history`` (skipped when its rows did not change since the last frame); losses
        above the loss axis (a diverging run: 1e+61, Inf) are marked by a triangle at the top of the axis."""
        steps = np.asarray(history.steps, dtype=np.float64)
        key = (len(steps), history.stride, self._loss_top,
               *((float(steps[-1]), repr(loss[0]), repr(loss[-1])) if len(steps) else ()))
        if self._drawn.get(id(curves)) == key:
            return
        self._drawn[id(curves)] = key
        for metric, column, scale in _METRICS:
            values = loss if metric == "loss" else history.scalar(column)
            curves[metric].setData(steps, finite_or_nan(values) * scale)
        above = (loss > self._loss_top) & ~np.isnan(loss)  # +Inf counts as off the scale, NaN does not
        self.off_scale_steps[id(curves)] = steps[above]
        off_scale.setData(steps[above], np.full(int(above.sum()), self._loss_top * 0.97))

    def _set_loss_top(self, top: float) -> None:
        """The loss axis starts at 0, so noise is not blown up into drama, and reaches just above the largest loss
        (or the robust cap of :func:`loss_axis_top` for a diverging run)."""
        if top != self._loss_top:
            self._loss_top = top
            self._drawn.clear()
            self.plot_item.vb.setYRange(-0.06 * top, top, padding=0.0)


def loss_axis_top(losses: np.ndarray) -> float:
    """The top of the loss axis: 8 % above the largest finite loss, but at most max(3, 3 x the median finite loss),
    so diverged values (1e+61; a network that exploded within its first steps while the other one learns) do not
    flatten every other curve to the bottom: they are marked above the axis instead."""
    finite = losses[np.isfinite(losses)]
    if finite.size == 0:
        return 1.0
    cap = max(3.0, 3.0 * float(np.median(finite)))
    top = min(float(finite.max()), cap) * 1.08
    return top if top > 0 else 1.0
