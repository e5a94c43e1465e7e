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

from bpviz.engine.diagnosis import GradientRatio, layer_ranges
from bpviz.engine.telemetry import Event, Snapshot
from bpviz.ui.plots.numeric import format_sci
from bpviz.ui.plots.theme import Theme

# Qt's lupdate extracts translate("Context", "text") calls with a literal context
translate = QCoreApplication.translate


def event_text(event: Event, network: str = "") -> str:
    """A live-change marker's label in the UI language. The engine (which knows no Qt) writes it in English,
    e.g. "lr 0.1" or "activation leaky_relu"; known values (activations, optimizers) get their human names, other
    values after a known prefix are kept as they are. ``network`` ("A"/"B") marks an event of one network only."""
    text = _event_text(event)
    if network == "A":
        return translate("EventMarkers", "A: %1").replace("%1", text)
    if network == "B":
        return translate("EventMarkers", "B: %1").replace("%1", text)
    return text


def _event_text(event: Event) -> str:
    if event.kind == "diverged":
        return translate("EventMarkers", "diverged")
    fixed = {
        "residual on": translate("EventMarkers", "residual on"),
        "residual off": translate("EventMarkers", "residual off"),
        "batch norm on": translate("EventMarkers", "batch norm on"),
        "batch norm off": translate("EventMarkers", "batch norm off"),
        "layer norm on": translate("EventMarkers", "layer norm on"),
        "layer norm off": translate("EventMarkers", "layer norm off"),
        "clipping off": translate("EventMarkers", "clipping off"),
        "residual scale 1": translate("EventMarkers", "residual scale 1"),
        "residual scale 1/√depth": translate("EventMarkers", "residual scale 1/√depth"),
        "residual scale ReZero (α = 0)": translate("EventMarkers", "residual scale ReZero (α = 0)"),
    }
    if event.label in fixed:
        return fixed[event.label]
    named = (
        ("activation ", translate("EventMarkers", "activation %1"), activation_text),
        ("optimizer ", translate("EventMarkers", "optimizer %1"), optimizer_text),
    )
    for prefix, template, name in named:
        if event.label.startswith(prefix):
            return template.replace("%1", name(event.label[len(prefix):]))
    templates = (
        ("clip by norm ", translate("EventMarkers", "clip by norm %1")),
        ("clip by value ", translate("EventMarkers", "clip by value %1")),
        ("clip threshold ", translate("EventMarkers", "clip threshold %1")),
        ("lr ", translate("EventMarkers", "lr %1")),
        ("L2 ", translate("EventMarkers", "L2 %1")),
        ("leaky slope ", translate("EventMarkers", "leaky slope %1")),
        ("batch ", translate("EventMarkers", "batch %1")),
    )
    for prefix, template in templates:
        if event.label.startswith(prefix):
            return template.replace("%1", event.label[len(prefix):])
    return event.label


def activation_text(name: str) -> str:
    """An activation's human name, as the builder shows it ("leaky_relu" -> "Leaky ReLU"); unknown names as they
    are."""
    names = {
        "sigmoid": translate("PlotPanel", "sigmoid"), "tanh": translate("PlotPanel", "tanh"),
        "relu": translate("PlotPanel", "ReLU"), "leaky_relu": translate("PlotPanel", "Leaky ReLU"),
        "prelu": translate("PlotPanel", "PReLU"), "elu": translate("PlotPanel", "ELU"),
        "gelu": translate("PlotPanel", "GELU"),
    }
    return names.get(name, name)


def optimizer_text(name: str) -> str:
    """An optimizer's human name ("sgd" -> "SGD")."""
    names = {"sgd": translate("PlotPanel", "SGD"), "momentum": translate("PlotPanel", "SGD + momentum"),
             "adam": translate("PlotPanel", "Adam")}
    return names.get(name, name)


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


def branch_off_layers(snapshot: Snapshot) -> tuple[int, ...]:
    """The blocks (0-based) whose residual branch was off in the step shown: scale s_i = 0 (ReZero's alpha at its
    start) makes their weight gradient exactly 0 while the gradient flows on through the skip; not dead."""
    scales = getattr(snapshot, "branch_scales", None)
    if scales is None:
        return ()
    return tuple(int(i) for i, scale in enumerate(scales) if scale == 0.0)


def branch_off_text(layers: tuple[int, ...]) -> str:
    """"blocks 2-10: branch off (ReZero α = 0)" for the 0-based ``layers``."""
    if len(layers) == 1:
        return translate("GradientFlowPlot", "block %1: branch off (ReZero α = 0)").replace("%1", str(layers[0] + 1))
    return translate("GradientFlowPlot", "blocks %1: branch off (ReZero α = 0)").replace("%1", layer_ranges(layers))


def ratio_text(ratio: GradientRatio, depth: int | None = None, branch_off: tuple[int, ...] = ()) -> str:
    """The first/last gradient ratio in the UI language (bpviz.engine.diagnosis.describe_ratio, translated from
    its reason code): "first/last = 5.2e-07", or what its absence means, e.g. "no gradient reaches layer 1:
    layers 7-10 are dead". Never "NaN". ``branch_off`` (0-based, see :func:`branch_off_layers`): blocks whose
    gradient is 0 because their ReZero branch is off, said as such instead of "no gradient" or "dead"."""
    if ratio.value is not None:
        text = translate("GradientFlowPlot", "first/last = %1").replace("%1", format_sci(ratio.value))
        return f"{text}; {branch_off_text(branch_off)}" if branch_off else text
    if branch_off and ratio.reason == "last_zero" and depth and depth - 1 in branch_off:
        dead_text = _dead_text(tuple(layer for layer in ratio.dead_layers if layer not in branch_off))
        return f"{branch_off_text(branch_off)}; {dead_text}" if dead_text else branch_off_text(branch_off)
    dead_text = _dead_text(ratio.dead_layers)
    if ratio.reason == "not_finite":
        return translate("GradientFlowPlot", "no ratio: the gradient is not finite (the run diverged)")
    if ratio.reason == "first_zero":
        return (translate("GradientFlowPlot", "no gradient reaches layer 1: %1")
                .replace("%1", dead_text or translate("GradientFlowPlot", "it underflowed to 0")))
    if ratio.reason == "last_zero":
        last = (translate("GradientFlowPlot", "layer %1").replace("%1", str(depth)) if depth
                else translate("GradientFlowPlot", "the last layer"))
        text = translate("GradientFlowPlot", "no gradient in %1").replace("%1", last)
        return translate("GradientFlowPlot", "%1: %2").replace("%1", text).replace("%2", dead_text) if dead_text \
            else text
    if ratio.reason == "both_zero":
        if dead_text:
            return translate("GradientFlowPlot", "no gradient reaches layer 1: %1").replace("%1", dead_text)
        return translate("GradientFlowPlot", "no layer gets a gradient")
    return translate("GradientFlowPlot", "no layers")


def _dead_text(dead: tuple[int, ...]) -> str:
    """"layers 7-10 are dead" for the 0-based ``dead`` layers, "" for none."""
    if len(dead) == 1:
        return translate("GradientFlowPlot", "layer %1 is dead").replace("%1", str(dead[0] + 1))
    if dead:
        return translate("GradientFlowPlot", "layers %1 are dead").replace("%1", layer_ranges(dead))
    return ""


def stopped_text(snapshot: Snapshot | None) -> str:
    """"stopped at step 2 (diverged)" for a network that diverged, else "": in compare mode a diverged network stops
    while the other goes on, so a plot of B's snapshot must say that it shows step 2."""
    if snapshot is None or snapshot.divergence is None:
        return ""
    return translate("PlotPanel", "stopped at step %1 (diverged)").replace("%1", str(snapshot.step))


def network_names(a: Snapshot, b: Snapshot) -> tuple[str, str]:
    """Compare-mode names saying how B differs from A, e.g. ("A: sigmoid", "B: relu, residual on")."""
    def on_off(name: str, value: bool) -> str:
        return (translate("PlotPanel", "%1 on") if value else translate("PlotPanel", "%1 off")).replace("%1", name)

    parts_a: list[str] = []
    parts_b: list[str] = []
    if a.depth != b.depth:
        parts_a.append(translate("PlotPanel", "%1 layers").replace("%1", str(a.depth)))
        parts_b.append(translate("PlotPanel", "%1 layers").replace("%1", str(b.depth)))
    if a.activation != b.activation:
        parts_a.append(activation_text(a.activation))
        parts_b.append(activation_text(b.activation))
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
    """A title wider than its plot (a narrow dock, presentation fonts) is set smaller:
    first down to the axis font's size, then, if it still does not fit, down to SMALLEST_TITLE_POINTS. pyqtgraph
    makes a title's width the plot's minimum width: a wide title pushed the whole plot past the dock's right edge,
    where its axis and labels were cut off."""
    sizes = getattr(plot_item, "_bpviz_title_points", None)
    label = plot_item.titleLabel
    beside = _beside_width(plot_item)  # a colour bar beside the title's columns
    available = _view_width(plot_item) - beside - 16.0
    if sizes is None or not label.text or available <= 0:
        return
    wanted, smallest = sizes
    size = f"{wanted}pt"
    if label.opts.get("size") != size:
        label.setText(label.text, size=size)
    width = label.item.boundingRect().width()
    if width > available:
        points = math.floor(wanted * available / width)
        label.setText(label.text, size=f"{max(min(smallest, SMALLEST_TITLE_POINTS), points)}pt")


SMALLEST_TITLE_POINTS = 8


def _beside_width(plot_item: pg.PlotItem) -> float:
    """The width a colour bar takes beside the title's columns (the title spans the side axes and the view, see
    PlotPanel), from its minimum (known at once when its font changes, unlike its geometry)."""
    from PySide6.QtCore import Qt as _Qt

    width = 0.0
    layout = plot_item.layout
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if any(layout.itemAt(row, column) is item for row in range(layout.rowCount())
               for column in range(3, layout.columnCount())):
            width += item.effectiveSizeHint(_Qt.SizeHint.MinimumSize).width()
    return width
WRAP_LABELS_MIN_WIDTH = 480  # px: a narrower plot has no width to spare for a second line of an axis label
SMALLEST_LABEL_POINTS = 7    # an axis label is set no smaller than this before it wraps in a narrow plot
MIN_WRAP_PIXELS = 70         # an axis shorter than this does not wrap its label (it would break inside words)


def fit_axis_labels(plot_item: pg.PlotItem, *_args) -> None:
    """A side axis' label longer than the axis is tall (a short dock, presentation fonts) never runs past the plot:
    it takes the largest size, from the theme's down to SMALLEST_LABEL_POINTS, at which it fits on one line, or on
    two in a plot wide enough to give the axis a second line (WRAP_LABELS_MIN_WIDTH; a narrow one may use two lines
    only at the smallest size); if it fits nowhere (a plot a few dozen pixels tall) it is left out, never cut. The
    decision depends on the axis' height and the plot's width, which the label does not change, so it cannot
    oscillate. Colour-bar axes registered with :func:`watch_extra_axis` are fitted the same way. Connected to the
    view's resize by ``watch_axis_labels``."""
    wide = _view_width(plot_item) >= WRAP_LABELS_MIN_WIDTH
    axes = [plot_item.getAxis(name) for name in ("left", "right")] + list(getattr(plot_item, "_bpviz_extra_axes", []))
    for axis in axes:
        label = axis.label
        if label is None or not axis.isVisible() or not (label.isVisible() or getattr(axis, "_bpviz_hidden", False)):
            continue
        if "_updateWidth" not in vars(axis):  # (plots may replace an axis after PlotPanel.__init__)
            axis._updateWidth = types.MethodType(_update_width_for_wrapped_label, axis)
        available = axis.size().height() - 4.0
        label.setTextWidth(-1)
        wanted = _label_points(axis)
        lines = 1
        if wanted is not None:
            _set_label_points(axis, wanted)
            natural = label.boundingRect().width()   # at the wanted size, on one line
            lines, points = _label_fit(natural, wanted, available, wide)
            _set_label_points(axis, points)
        fits = available > 0 and lines > 0 and label.boundingRect().width() <= available * max(lines, 1) * 0.98
        wrapped = fits and lines == 2 and label.boundingRect().width() > available
        if wrapped:
            label.setTextWidth(available)
            option = label.document().defaultTextOption()
            option.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            label.document().setDefaultTextOption(option)
        hidden = not fits   # no label rather than a cut one
        if hidden != getattr(axis, "_bpviz_hidden", False) or label.isVisible() == hidden:
            axis._bpviz_hidden = hidden
            label.setVisible(not hidden)
        axis._updateWidth()
        axis.resizeEvent()  # centre the label again
    keep_inside = getattr(plot_item, "_bpviz_keep_inside", None)  # a WeakMethod (see PlotPanel)
    method = keep_inside() if keep_inside is not None else None
    if method is not None:
        method()


def _label_fit(natural: float, wanted: int, available: float, wide: bool) -> tuple[int, int]:
    """(lines, points) for a label ``natural`` pixels long at ``wanted`` points on an axis ``available`` pixels
    tall. A plot wide enough for a second line keeps the theme's size as long as one or two lines hold the label,
    and only then goes smaller; a narrow one goes smaller on one line and wraps only at the smallest size. (0,
    smallest): it fits nowhere."""
    def one_line(points: int) -> bool:
        return natural * points / wanted <= available * 0.95

    def two_lines(points: int) -> bool:  # two lines break between words: some slack
        return available >= MIN_WRAP_PIXELS and natural * points / wanted <= 2 * available * 0.85

    for points in range(wanted, SMALLEST_LABEL_POINTS - 1, -1):
        if one_line(points):
            return 1, points
        if wide and two_lines(points):
            return 2, points
    if two_lines(SMALLEST_LABEL_POINTS):
        return 2, SMALLEST_LABEL_POINTS
    return 0, SMALLEST_LABEL_POINTS


def _label_points(axis: pg.AxisItem) -> int | None:
    """The label's wanted size (from the theme), remembered the first time it is fitted."""
    wanted = getattr(axis, "_bpviz_label_points", None)
    size = str(axis.labelStyle.get("font-size", ""))
    if size.endswith("pt") and getattr(axis, "_bpviz_label_set_points", None) != size:
        wanted = int(float(size[:-2]))   # set anew by set_plot_texts (a theme or language change)
        axis._bpviz_label_points = wanted
    return wanted


def _set_label_points(axis: pg.AxisItem, points: int) -> None:
    size = f"{points}pt"
    if axis.labelStyle.get("font-size") != size:
        axis.setLabel(axis.labelText, **{**axis.labelStyle, "font-size": size})
    axis._bpviz_label_set_points = size


def watch_extra_axis(plot_item: pg.PlotItem, axis: pg.AxisItem) -> None:
    """Fit ``axis``' label (e.g. a colour bar's) with the plot's own side axes."""
    extra = getattr(plot_item, "_bpviz_extra_axes", [])
    if axis not in extra:
        plot_item._bpviz_extra_axes = [*extra, axis]


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
