"""The plots' texts: the engine's English names in the UI language (events, layers, quantities, compare-mode
network names), and titles and axis labels fitted to the plot's size (smaller titles, wrapped side labels).

Strings go through ``translate("Context", "text")`` with a literal context, which Qt's lupdate extracts.
"""

from __future__ import annotations

import math
import types

import PySide6  # noqa: F401  (pyqtgraph must find PySide6 first)
from PySide6.QtCore import QCoreApplication, Qt

import pyqtgraph as pg

from bpviz.engine.telemetry import Event, Snapshot
from bpviz.ui.plots.theme import Theme

# Qt's lupdate extracts translate("Context", "text") calls with a literal context
translate = QCoreApplication.translate


def event_text(event: Event) -> str:
    """A live-change marker's label in the UI language. The engine (which knows no Qt) writes it in English,
    e.g. "lr 0.1" or "residual on"; the value after the known prefix is kept as it is."""
    if event.kind == "diverged":
        return translate("EventMarkers", "diverged")
    fixed = {
        "residual on": translate("EventMarkers", "residual on"),
        "residual off": translate("EventMarkers", "residual off"),
        "batch norm on": translate("EventMarkers", "batch norm on"),
        "batch norm off": translate("EventMarkers", "batch norm off"),
        "clipping off": translate("EventMarkers", "clipping off"),
    }
    if event.label in fixed:
        return fixed[event.label]
    templates = (
        ("clip by norm ", translate("EventMarkers", "clip by norm %1")),
        ("clip by value ", translate("EventMarkers", "clip by value %1")),
        ("clip threshold ", translate("EventMarkers", "clip threshold %1")),
        ("lr ", translate("EventMarkers", "lr %1")),
        ("L2 ", translate("EventMarkers", "L2 %1")),
        ("leaky slope ", translate("EventMarkers", "leaky slope %1")),
        ("batch ", translate("EventMarkers", "batch %1")),
        ("activation ", translate("EventMarkers", "activation %1")),
        ("optimizer ", translate("EventMarkers", "optimizer %1")),
    )
    for prefix, template in templates:
        if event.label.startswith(prefix):
            return template.replace("%1", event.label[len(prefix):])
    return event.label


def layer_text(layer: str) -> str:
    """A Divergence's layer in the UI language: the engine's 0-based "hidden 3" is "hidden layer 4", as the
    plots number layers from 1; "output" and "loss" are translated; anything else is kept as it is."""
    index = layer[len("hidden "):] if layer.startswith("hidden ") else ""
    if index.isdigit():
        return translate("PlotPanel", "hidden layer %1").replace("%1", str(int(index) + 1))
    return {"output": translate("PlotPanel", "output layer"), "loss": translate("PlotPanel", "loss")}.get(layer, layer)


def quantity_text(quantity: str) -> str:
    """A Divergence's quantity (what became NaN/Inf, e.g. "weight gradient") in the UI language."""
    names = {
        "activation": translate("PlotPanel", "activation"),
        "loss": translate("PlotPanel", "loss"),
        "weight": translate("PlotPanel", "weight"),
        "weight gradient": translate("PlotPanel", "weight gradient"),
        "bias gradient": translate("PlotPanel", "bias gradient"),
        "signal gradient": translate("PlotPanel", "signal gradient"),
        "gradient": translate("PlotPanel", "gradient"),
        "gradient norm": translate("PlotPanel", "gradient norm"),
    }
    return names.get(quantity, quantity)


def network_names(a: Snapshot, b: Snapshot) -> tuple[str, str]:
    """Compare-mode names saying how B differs from A, e.g. ("A: sigmoid", "B: relu, residual on")."""
    def on_off(name: str, value: bool) -> str:
        return (translate("PlotPanel", "%1 on") if value else translate("PlotPanel", "%1 off")).replace("%1", name)

    parts_a: list[str] = []
    parts_b: list[str] = []
    if a.activation != b.activation:
        parts_a.append(a.activation)
        parts_b.append(b.activation)
    for attribute, name in (("residual", translate("PlotPanel", "residual")),
                            ("batchnorm", translate("PlotPanel", "batch norm"))):
        if getattr(a, attribute) != getattr(b, attribute):
            parts_a.append(on_off(name, getattr(a, attribute)))
            parts_b.append(on_off(name, getattr(b, attribute)))
    if (a.clip_mode, a.clip_threshold) != (b.clip_mode, b.clip_threshold):
        for snap, parts in ((a, parts_a), (b, parts_b)):
            parts.append(translate("PlotPanel", "no clipping") if snap.clip_mode == "off"
                         else translate("PlotPanel", "clip %1").replace("%1", f"{snap.clip_threshold:g}"))
    if a.learning_rate != b.learning_rate:
        parts_a.append(translate("PlotPanel", "lr %1").replace("%1", f"{a.learning_rate:g}"))
        parts_b.append(translate("PlotPanel", "lr %1").replace("%1", f"{b.learning_rate:g}"))
    name_a = "A: " + ", ".join(parts_a) if parts_a else "A"
    name_b = "B: " + ", ".join(parts_b) if parts_b else "B"
    return name_a, name_b


def set_plot_texts(plot_item: pg.PlotItem, title: str, labels: dict[str, str], theme: Theme) -> None:
    """Title and axis labels (``labels``: axis name -> text) in the sizes of ``theme``."""
    plot_item.setTitle(title, color=theme.foreground, size=f"{theme.title_points}pt", bold=True)
    plot_item._bpviz_title_points = (theme.title_points, theme.font_points)  # wanted, smallest (fit_title)
    style = {"color": theme.foreground, "font-size": f"{theme.font_points}pt"}
    for axis, text in labels.items():
        plot_item.setLabel(axis, text, **style)
    fit_axis_labels(plot_item)
    fit_title(plot_item)


def _view_width(plot_item: pg.PlotItem) -> float:
    """The width of the widget showing ``plot_item`` (0 before it is shown)."""
    scene = plot_item.scene()
    views = scene.views() if scene is not None else []
    return float(views[0].width()) if views else 0.0


def fit_title(plot_item: pg.PlotItem) -> None:
    """A title wider than its plot's widget (a narrow dock, presentation fonts) is set smaller, down to the axis
    font's size. pyqtgraph makes a title's width the plot's minimum width: a wide title pushed the whole plot past
    the dock's right edge, where its axis and labels were cut off."""
    sizes = getattr(plot_item, "_bpviz_title_points", None)
    label = plot_item.titleLabel
    available = _view_width(plot_item) - 16.0
    if sizes is None or not label.text or available <= 0:
        return
    wanted, smallest = sizes
    size = f"{wanted}pt"
    if label.opts.get("size") != size:
        label.setText(label.text, size=size)
    width = label.item.boundingRect().width()
    if width > available:
        label.setText(label.text, size=f"{max(smallest, math.floor(wanted * available / width))}pt")


WRAP_LABELS_MIN_WIDTH = 480  # px: a narrower plot has no width to spare for a second line of an axis label


def fit_axis_labels(plot_item: pg.PlotItem, *_args) -> None:
    """A side axis' label longer than the axis is tall (a short dock, presentation fonts) wraps onto a second line
    instead of running past the plot into the legend, if the plot is wide enough to give the axis that room (the
    decision depends on the whole plot's width, which the axis does not change, so it cannot oscillate).
    Connected to the view's resize by ``watch_axis_labels``."""
    wide = _view_width(plot_item) >= WRAP_LABELS_MIN_WIDTH
    for name in ("left", "right"):
        axis = plot_item.getAxis(name)
        label = axis.label
        if label is None or not axis.isVisible() or not label.isVisible():
            continue
        if "_updateWidth" not in vars(axis):  # (plots may replace an axis after PlotPanel.__init__)
            axis._updateWidth = types.MethodType(_update_width_for_wrapped_label, axis)
        available = axis.size().height() - 4.0
        label.setTextWidth(-1)
        wrapped = wide and available > 40 and label.boundingRect().width() > available
        if wrapped:
            label.setTextWidth(available)
            option = label.document().defaultTextOption()
            option.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            label.document().setDefaultTextOption(option)
        axis._updateWidth()
        axis.resizeEvent()  # centre the label again


def watch_axis_labels(plot_item: pg.PlotItem) -> None:
    """Fit the side-axis labels and the title to the plot whenever its view changes size."""

    def fit(*_args) -> None:
        fit_axis_labels(plot_item)
        fit_title(plot_item)

    plot_item.vb.sigResized.connect(fit)


def _update_width_for_wrapped_label(axis: pg.AxisItem) -> None:
    """AxisItem._updateWidth, counting a wrapped label's whole height (pyqtgraph counts 0.8 of it: too little for
    two lines, which then run into the tick labels). pyqtgraph calls it whenever the tick labels change."""
    pg.AxisItem._updateWidth(axis)
    label = axis.label
    if label is not None and label.isVisible() and label.textWidth() > 0 and axis.isVisible():
        width = axis.maximumWidth() + 0.2 * label.boundingRect().height() + 6.0
        axis.setMaximumWidth(width)
        axis.setMinimumWidth(width)
