"""What each plot shows for a recurrent model (issue 12): the gradient through time instead of through layers.

A :class:`~bpviz.ui.plots.panel.PlotPanel` that receives a
:class:`~bpviz.engine.recurrent_trainer.RecurrentSnapshot` hands it to its :class:`RecurrentView`: a second
pyqtgraph widget that takes the place of the panel's own plot while the model is recurrent (the feed-forward plot is
kept as it is, hidden, and comes back when the model does). Its items are created once; a frame only moves them.

What each plot (by objectName) shows (:data:`VIEW_KINDS`):

* ``gradientFlowPlot``: ||dL/dh_t|| over the time steps t = 1..T (input side left, the loss reads h_T on the right)
  on a log axis, with ||dL/dh_1|| / ||dL/dh_T|| in the corner;
* ``gradientHeatmapPlot``: log10 ||dL/dh_t||, time step (up) x training step (right);
* ``updateRatioPlot``: the update:data ratio of W_ih, W_hh and the head over the training steps, 1e-3 guide;
* ``activationPlot`` / ``gradientHistogramPlot``: per time step, the histogram of h_t / of log10 |dL/dh_t|;
* ``lossPlot`` draws the recurrent history as it is (the same scalars): it has no view;
* every other plot says on the plot that it is not for recurrent networks, and why.
"""

from __future__ import annotations

import math

import numpy as np
import PySide6  # noqa: F401  (pyqtgraph must find PySide6 first)
from PySide6.QtCore import QCoreApplication, QRectF, Qt

import pyqtgraph as pg

from bpviz.ui.plots.axes import Log10Axis
from bpviz.ui.plots.items import text_box
from bpviz.ui.plots.texts import set_plot_texts
from bpviz.ui.plots.theme import Theme

# Qt's lupdate extracts translate("Context", "text") calls with a literal context
translate = QCoreApplication.translate

VIEW_KINDS = {
    "gradientFlowPlot": "flow",
    "gradientHeatmapPlot": "heatmap",
    "updateRatioPlot": "update_ratio",
    "activationPlot": "activation_histograms",
    "gradientHistogramPlot": "signal_grad_histograms",
}
#: plots that draw a recurrent history with their own code
DRAWS_ITSELF = frozenset({"lossPlot"})
MATRIX_LABELS = ("W_ih", "W_hh", "head")
UPDATE_RATIO_GUIDE = -3.0  # log10 of Karpathy's 1e-3


def is_recurrent(snapshot) -> bool:
    return getattr(snapshot, "model", "feedforward") == "recurrent"


def not_applicable_text(object_name: str) -> str:
    """Why a feed-forward plot has nothing to show for a recurrent network (translated)."""
    reasons = {
        "decisionBoundaryPlot": QCoreApplication.translate(
            "RecurrentView", "The inputs are sequences, not points of a plane: there is no boundary to draw."),
        "networkDiagramPlot": QCoreApplication.translate(
            "RecurrentView", "One recurrent layer is applied T times: the diagram of stacked layers does not apply. "
                             "The gradient-flow plot shows the gradient at every time step instead."),
        "jacobianPlot": QCoreApplication.translate(
            "RecurrentView", "The layer Jacobians are those of stacked layers. Through time, the factor per step is "
                             "about λ₁·γ: compare ‖dL/dh_t‖ of neighbouring steps in the gradient-flow plot."),
        "phaseDiagramPlot": QCoreApplication.translate(
            "RecurrentView", "The phase diagram is the mean-field theory of deep feed-forward networks at "
                             "initialization."),
    }
    heading = translate("RecurrentView", "Not for recurrent networks")
    reason = reasons.get(object_name, "")
    return f"{heading}\n\n{reason}" if reason else heading


def _log10(values: np.ndarray) -> np.ndarray:
    values = np.asarray(values, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.log10(values)
    logs[~np.isfinite(logs)] = np.nan
    return logs


def _decade_range(logs: np.ndarray, pad: float = 0.5) -> tuple[float, float]:
    finite = logs[np.isfinite(logs)]
    if finite.size == 0:
        return -6.0, 1.0
    low, high = math.floor(float(finite.min()) - pad), math.ceil(float(finite.max()) + pad)
    return float(low), float(max(high, low + 1))


class RecurrentView:
    """The recurrent model's plot inside one PlotPanel (see the module docstring). ``kind`` is a value of
    :data:`VIEW_KINDS` or ``"not_applicable"``."""

    def __init__(self, panel) -> None:
        self.panel = panel
        self.object_name = panel.object_name
        self.kind = VIEW_KINDS.get(self.object_name, "not_applicable")
        log_left = self.kind in ("flow", "update_ratio")
        axis_items = {"left": Log10Axis("left")} if log_left else {}
        self.widget = pg.PlotWidget(axisItems=axis_items)
        self.widget.setObjectName(f"{self.object_name}Recurrent")
        self.widget.setMinimumSize(260, 180)
        self.widget.hide()
        self.plot_item: pg.PlotItem = self.widget.getPlotItem()
        self.plot_item.hideButtons()
        self.plot_item.setMenuEnabled(False)
        self.plot_item.setMouseEnabled(x=False, y=False)
        self.active = False
        self.curves: list[pg.PlotDataItem] = []
        self.image: pg.ImageItem | None = None
        self.message: pg.TextItem | None = None
        self.corner: pg.TextItem | None = None
        self.legend: pg.LegendItem | None = None
        self.shown_text = ""      # the corner or message text shown now (plain text, for tests)
        self._theme: Theme | None = None
        self._build()

    # ---- construction

    def _build(self) -> None:
        item = self.plot_item
        if self.kind == "flow":
            self.curves = [item.plot([], []), item.plot([], [])]
            self.corner = pg.TextItem(anchor=(1, 0))
            self.corner.setParentItem(item.vb)
            item.vb.sigResized.connect(self._place_corner)
        elif self.kind == "update_ratio":
            self.legend = item.addLegend(offset=(-10, 10))
            self.curves = [item.plot([], []) for _ in range(2 * len(MATRIX_LABELS))]
            self.guide = pg.InfiniteLine(pos=UPDATE_RATIO_GUIDE, angle=0, movable=False)
            item.addItem(self.guide, ignoreBounds=True)
        elif self.kind in ("heatmap", "activation_histograms", "signal_grad_histograms"):
            self.image = pg.ImageItem(axisOrder="row-major")
            item.addItem(self.image)
            self.colormap = pg.colormap.get("viridis")
            self.image.setLookupTable(self.colormap.getLookupTable(nPts=256))
            self.message = pg.TextItem(anchor=(0.5, 0.5))
            self.message.setParentItem(item.vb)
            item.vb.sigResized.connect(self._place_message)
        else:
            item.hideAxis("left")
            item.hideAxis("bottom")
            item.showGrid(x=False, y=False)
            self.message = pg.TextItem(anchor=(0.5, 0.5))
            self.message.setParentItem(item.vb)
            item.vb.sigResized.connect(self._place_message)

    def _place_corner(self, *_args) -> None:
        rect = self.plot_item.vb.rect()
        self.corner.setPos(rect.right() - 6, rect.top() + 6)

    def _place_message(self, *_args) -> None:
        rect = self.plot_item.vb.rect()
        self.message.setPos(rect.center())
        if self.kind == "not_applicable":
            self.message.setTextWidth(max(rect.width() - 40, 120))

    # ---- switching between the models

    def activate(self) -> None:
        if self.active:
            return
        self.active = True
        self.panel.plot_widget.hide()
        self.widget.show()
        self.apply_theme(self.panel.theme)

    def deactivate(self) -> None:
        if not self.active:
            return
        self.active = False
        self.widget.hide()
        self.panel.plot_widget.show()
        self.panel.retranslate_ui()

    # ---- texts and look

    def texts(self) -> tuple[str, str, str, str]:
        """(title, caption, bottom axis, left axis), translated."""
        if self.kind == "flow":
            return (translate("RecurrentView", "Gradient through time ‖dL/dh_t‖"),
                    translate("RecurrentView",
                              "The loss reads the last hidden state h_T (right); what reaches t = 1 (left) is what can "
                              "teach the network to remember its first input. A straight falling line on this log axis "
                              "is a gradient shrinking by the same factor every step: about λ₁·γ for a vanilla RNN."),
                    translate("RecurrentView", "time step t (input side left)"),
                    translate("RecurrentView", "‖dL/dh_t‖"))
        if self.kind == "heatmap":
            return (translate("RecurrentView", "Gradient through time, over training"),
                    translate("RecurrentView",
                              "Colour: log10 ‖dL/dh_t‖ per time step (up) and training step (right). Dark at the bottom "
                              "means the early time steps never receive a gradient: the network forgets them."),
                    translate("RecurrentView", "training step"),
                    translate("RecurrentView", "time step t"))
        if self.kind == "update_ratio":
            return (translate("RecurrentView", "Update ratio (recurrent)"),
                    translate("RecurrentView",
                              "std(update)/std(W) of the input weights W_ih, the recurrent weights W_hh and the head; "
                              "about 1e-3 (dashed) is healthy."),
                    translate("RecurrentView", "training step"),
                    translate("RecurrentView", "update ÷ weight"))
        if self.kind == "activation_histograms":
            return (translate("RecurrentView", "Hidden states per time step"),
                    translate("RecurrentView",
                              "Colour: the share of the hidden values h_t in each bin, per time step. Values piled at "
                              "±1 are saturated tanh units, whose derivative is near 0."),
                    translate("RecurrentView", "time step t"),
                    translate("RecurrentView", "h_t"))
        if self.kind == "signal_grad_histograms":
            return (translate("RecurrentView", "Gradient histograms per time step"),
                    translate("RecurrentView",
                              "Colour: the share of the entries of dL/dh_t in each decade, per time step: the whole "
                              "distribution slides down towards t = 1 when the gradient vanishes."),
                    translate("RecurrentView", "time step t"),
                    translate("RecurrentView", "log10 |dL/dh_t|"))
        return "", translate("RecurrentView", "This plot is for feed-forward networks."), "", ""

    def retranslate(self) -> None:
        title, caption, bottom, left = self.texts()
        theme = self._theme or self.panel.theme
        labels = {"bottom": bottom, "left": left} if self.kind != "not_applicable" else {}
        set_plot_texts(self.plot_item, title or self.panel.title_text(), labels, theme)
        self.panel.caption.setText(caption)
        self.panel.setToolTip(caption)
        self.panel.setAccessibleDescription(caption)
        if self.kind == "not_applicable":
            self._set_message(not_applicable_text(self.object_name))
        if self.legend is not None:
            self._fill_legend()

    def apply_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.widget.setBackground(theme.background)
        for name in ("left", "bottom"):
            axis = self.plot_item.getAxis(name)
            axis.setPen(pg.mkPen(theme.foreground))
            axis.setTextPen(pg.mkPen(theme.foreground))
        if self.kind != "not_applicable" and self.image is None:
            self.plot_item.showGrid(x=True, y=True, alpha=theme.grid_alpha)
        if self.kind == "flow":
            self.curves[0].setPen(pg.mkPen(theme.series_a, width=theme.line_width))
            self.curves[0].setSymbol("o")
            self.curves[0].setSymbolSize(5)
            self.curves[0].setSymbolBrush(theme.series_a)
            self.curves[0].setSymbolPen(None)
            self.curves[1].setPen(pg.mkPen(theme.series_b, width=theme.line_width, style=Qt.PenStyle.DashLine))
            self.corner.setColor(theme.foreground)
            text_box(self.corner, theme)  # the curves pass under it
        elif self.kind == "update_ratio":
            colors = (theme.series_a, theme.exploding, theme.healthy)
            for index, color in enumerate(colors):
                self.curves[index].setPen(pg.mkPen(color, width=theme.line_width))
                self.curves[index + len(colors)].setPen(pg.mkPen(color, width=theme.line_width,
                                                                 style=Qt.PenStyle.DashLine))
            self.guide.setPen(pg.mkPen(theme.guide, width=1, style=Qt.PenStyle.DashLine))
        if self.message is not None:
            self.message.setColor(theme.foreground)
        self.retranslate()

    def _fill_legend(self) -> None:
        self.legend.clear()
        names = (translate("RecurrentView", "W_ih (input)"), translate("RecurrentView", "W_hh (recurrent)"),
                 translate("RecurrentView", "head"))
        for curve, name in zip(self.curves, names):
            self.legend.addItem(curve, name)

    def _set_message(self, text: str) -> None:
        if self.message is None:
            return
        if text != self.shown_text or self.message.toPlainText() != text:
            self.message.setText(text)
            self.shown_text = text
            self._place_message()

    # ---- drawing

    def draw(self, history, snapshot, compare) -> None:
        if self.kind == "flow":
            self._draw_flow(snapshot, compare)
        elif self.kind == "heatmap":
            self._draw_heatmap(history)
        elif self.kind == "update_ratio":
            self._draw_update_ratio(history, compare)
        elif self.kind in ("activation_histograms", "signal_grad_histograms"):
            self._draw_time_histograms(snapshot)

    def _draw_flow(self, snapshot, compare) -> None:
        signal = np.asarray(snapshot.stats.time_signal_grad_norm, dtype=np.float64)
        steps = np.arange(1, len(signal) + 1, dtype=np.float64)
        logs = _log10(signal)
        self.curves[0].setData(steps, logs, connect="finite")
        all_logs = [logs]
        snapshot_b = compare[1] if compare is not None and is_recurrent(compare[1]) else None
        if snapshot_b is not None:
            logs_b = _log10(snapshot_b.stats.time_signal_grad_norm)
            self.curves[1].setData(np.arange(1, len(logs_b) + 1, dtype=np.float64), logs_b, connect="finite")
            all_logs.append(logs_b)
        else:
            self.curves[1].setData([], [])
        low, high = _decade_range(np.concatenate(all_logs))
        self.plot_item.setXRange(0.5, len(signal) + 0.5, padding=0)
        self.plot_item.setYRange(low, high, padding=0)
        ratio = snapshot.stats.gradient_ratio_first_last
        if snapshot_b is None:
            text = translate("RecurrentView", "‖dL/dh_1‖ ÷ ‖dL/dh_T‖ = {ratio}").format(
                ratio=_sci(ratio))
        else:
            text = QCoreApplication.translate(
                "RecurrentView", "‖dL/dh_1‖ ÷ ‖dL/dh_T‖\nA (solid): {a}\nB (dashed): {b}").format(
                a=_sci(ratio), b=_sci(snapshot_b.stats.gradient_ratio_first_last))
        if text != self.shown_text:
            self.corner.setText(text)
            self.shown_text = text
            self._place_corner()

    def _draw_heatmap(self, history) -> None:
        table = history.layers.get("time_signal_grad_norm")
        steps = history.steps
        if table is None or len(steps) == 0:
            self.image.clear()
            self._set_message(translate("RecurrentView", "Train a few steps:\neach column is one training step."))
            seq_len = table.shape[1] if table is not None else 1
            self.plot_item.setXRange(0, 1, padding=0)
            self.plot_item.setYRange(0.5, seq_len + 0.5, padding=0)
            return
        self._set_message("")
        logs = _log10(table).T  # (T, rows): time step up, training step right
        low, high = _decade_range(logs, pad=0.0)
        # C order: pyqtgraph builds the QImage on the array's buffer, and a transposed (Fortran-order) array there
        # is read with the wrong strides
        image = np.ascontiguousarray(np.where(np.isfinite(logs), logs, low))
        self.image.setImage(image, levels=(low, high), autoLevels=False)
        first, last = float(steps[0]), float(steps[-1])
        width = max(last - first, 1.0)
        columns = image.shape[1]
        per_column = width / max(columns - 1, 1)
        self.image.setRect(QRectF(first - per_column / 2, 0.5, width + per_column, image.shape[0]))
        self.plot_item.setXRange(first - per_column / 2, last + per_column / 2, padding=0)
        self.plot_item.setYRange(0.5, image.shape[0] + 0.5, padding=0)
        self.range_text = f"{low:g} … {high:g}"

    def _draw_update_ratio(self, history, compare) -> None:
        table = history.layers.get("matrix_update_ratio")
        steps = history.steps.astype(np.float64)
        count = len(MATRIX_LABELS)
        tables = [(steps, table)]
        if compare is not None and "matrix_update_ratio" in compare[0].layers:
            tables.append((compare[0].steps.astype(np.float64), compare[0].layers["matrix_update_ratio"]))
        drawn = []
        for offset, (x, values) in enumerate(tables):
            for index in range(count):
                curve = self.curves[offset * count + index]
                if values is None or len(x) == 0:
                    curve.setData([], [])
                    continue
                logs = _log10(values[:, index])
                curve.setData(x, logs, connect="finite")
                drawn.append(logs)
        for index in range(len(tables) * count, 2 * count):
            self.curves[index].setData([], [])
        low, high = _decade_range(np.concatenate(drawn) if drawn else np.array([UPDATE_RATIO_GUIDE]))
        self.plot_item.setYRange(min(low, UPDATE_RATIO_GUIDE - 1), max(high, UPDATE_RATIO_GUIDE + 1), padding=0)
        if len(steps):
            self.plot_item.setXRange(float(steps[0]), max(float(steps[-1]), float(steps[0]) + 1), padding=0.02)

    def _draw_time_histograms(self, snapshot) -> None:
        values = getattr(snapshot, self.kind, None)
        edges_name = "activation_edges" if self.kind == "activation_histograms" else "signal_grad_edges"
        edges = getattr(snapshot, edges_name, None)
        if values is None or edges is None:
            self.image.clear()
            self._set_message(translate("RecurrentView", "computing…"))
            return
        self._set_message("")
        image = np.ascontiguousarray(np.nan_to_num(np.asarray(values, dtype=np.float64).T))  # (bins, T), C order
        peak = float(image.max()) if image.size else 1.0
        self.image.setImage(image, levels=(0.0, max(peak, 1e-12)), autoLevels=False)
        low, high = float(edges[0]), float(edges[-1])
        steps = image.shape[1]
        self.image.setRect(QRectF(0.5, low, steps, high - low))
        self.plot_item.setXRange(0.5, steps + 0.5, padding=0)
        self.plot_item.setYRange(low, high, padding=0)


def _sci(value: float) -> str:
    if not math.isfinite(value):
        return "—"
    if value == 0:
        return "0"
    return f"{value:.1e}" if (abs(value) < 1e-2 or abs(value) >= 1e3) else f"{value:.3g}"
