"""The network as columns of nodes, each layer's connections coloured and thickened by its gradient, and a pulse
travelling backwards from the output to the input on every redraw: "the gradient flows backwards and fades".

Items are created once for the largest picture (MAX_COLUMNS hidden columns); a redraw only moves them: one
``PlotDataItem`` (``connect="pairs"``) per layer of connections gets a new pen, the pulse moves.
"""

from __future__ import annotations

import html
import math
import time

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor

import pyqtgraph as pg

from bpviz.engine.telemetry import HistoryView, Snapshot
from bpviz.ui.plots.items import CornerText
from bpviz.ui.plots.legends import legend_below_plot, restyle_legend_labels
from bpviz.ui.plots.numeric import layer_subset
from bpviz.ui.plots.panel import PlotPanel
from bpviz.ui.plots.texts import network_names, stopped_text
from bpviz.ui.plots.theme import Theme, blend, font, health_color

# Qt's lupdate extracts translate("Context", "text") calls with a literal context
translate = QCoreApplication.translate
MAX_COLUMNS = 30      # hidden layers drawn one by one up to this depth ...
SUBSET_COLUMNS = 20   # ... and as this many evenly spaced layers beyond it
MAX_NODES = 12        # a layer at most this wide is drawn whole; wider ones as 5 + "⋮" + 5
COMPARE_MAX_NODES = 8  # two stacked networks: at most 8 nodes a layer (3 + "⋮" + 3 when wider)
LOG_RANGE = (-10.0, 0.0)  # log10 ||dL/dW|| mapped onto line width and opacity (clamped outside)
SWEEP_SECONDS = 1.5   # the pulse crosses the whole network in about this time at display rate
MIN_ADVANCE = 0.25    # ... but moves at least this many columns per redraw (slow motion: one step a second)
MAX_ADVANCE = 1.0     # ... and at most one column, so it never skips a layer
PEN_LEVELS = 40       # connection pens take this many strengths (a quarter decade each): a redraw repaints only
#                       the layers whose gradient moved visibly; the others come from Qt's item cache
DIRECTION_TEXT_MIN_PX = 150   # a view shorter than this (twice that in compare mode) leaves the direction hint out
PEN_INTERVAL = 0.1    # seconds: connection pens follow the gradient at most 10 times a second (the pulse moves on
#                       every redraw); a layer changing health (vanishing/healthy/exploding/NaN) shows at once


def node_rows(units: int, max_nodes: int = MAX_NODES) -> tuple[np.ndarray, bool]:
    """y positions of the drawn nodes of a layer of ``units`` units (centred on 0), and whether "⋮" stands in
    for the units not drawn (a layer wider than ``max_nodes``: the top and bottom few, "⋮" between)."""
    if units <= max_nodes:
        return np.linspace((units - 1) / 2.0, -(units - 1) / 2.0, max(units, 1)), False
    half = (max_nodes - 2) // 2
    top = np.arange(half, 0, -1, dtype=np.float64)  # e.g. 5 4 3 2 1, "⋮" at 0, then -1 ... -5
    return np.concatenate([top, -top[::-1]]), True


def magnitude(value: float) -> float:
    """0 (1e-12 or less, or zero) .. 1 (1e+2 or more) on a log scale; NaN for NaN/Inf."""
    if not math.isfinite(value):
        return float("nan")
    if value <= 0:
        return 0.0
    low, high = LOG_RANGE
    return min(1.0, max(0.0, (math.log10(value) - low) / (high - low)))


class _Diagram:
    """One network's picture: nodes, the connections of every shown layer, "⋮" marks and the pulse glow."""

    def __init__(self, plot_item: pg.PlotItem) -> None:
        self.nodes = pg.ScatterPlotItem(symbol="o")
        self.nodes.setZValue(20)
        plot_item.addItem(self.nodes)
        self.links: list[pg.PlotDataItem] = []
        for _ in range(MAX_COLUMNS + 1):
            link = pg.PlotDataItem([], [], connect="pairs", antialias=True)
            # separate segments (QPainter.drawLines), not one self-crossing path stroked with a wide pen
            link.curve.setSegmentedLineMode("on")
            link.setZValue(10)
            # The pulse repaints the columns it passes; connections whose pen did not change are blitted from a
            # cached picture instead of stroked again (~0.3 ms a layer).
            link.curve.setCacheMode(pg.QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)
            plot_item.addItem(link)
            self.links.append(link)
        self.ellipses: list[pg.TextItem] = []
        for _ in range(MAX_COLUMNS + 2):
            text = pg.TextItem("⋮", anchor=(0.5, 0.5))
            text.setZValue(25)
            plot_item.addItem(text)
            self.ellipses.append(text)
        self.glow = pg.ScatterPlotItem(symbol="o", pen=pg.mkPen(None))
        self.glow.setZValue(30)
        plot_item.addItem(self.glow)
        self.pulse_link = pg.PlotDataItem([], [], connect="pairs", antialias=False)
        self.pulse_link.curve.setSegmentedLineMode("on")
        self.pulse_link.setZValue(15)
        plot_item.addItem(self.pulse_link)
        self.name = pg.TextItem(anchor=(0, 1))
        self.name.setZValue(40)
        plot_item.addItem(self.name)
        self.columns_y: list[np.ndarray] = []
        self.ellipsis_shown: list[bool] = []
        self.segments: list[tuple[np.ndarray, np.ndarray]] = []
        self.small = False
        self.layer_values = np.zeros(0)   # per transition: the ||dL/dW|| that colours it
        self.pens: list[tuple] = []       # per transition: link_pen_spec(...) + (health colour,)
        self._pens_at = -math.inf          # when the pens last changed (time.monotonic())

    def set_visible(self, visible: bool) -> None:
        for item in (self.nodes, self.glow, self.pulse_link, *self.links[:max(len(self.segments), 0)]):
            item.setVisible(visible)
        for text, shown in zip(self.ellipses, self.ellipsis_shown):
            text.setVisible(visible and shown)
        if not visible:
            for item in (self.name, *self.links, *self.ellipses):
                item.setVisible(False)

    def build(self, columns_units: list[int], y_offset: float, max_nodes: int, theme: Theme) -> None:
        """Place nodes, "⋮" marks and connection segments for columns of the given unit counts."""
        xs, ys = [], []
        self.columns_y = []
        self.ellipsis_shown = []
        for column, units in enumerate(columns_units):
            rows, ellipsis = node_rows(units, max_nodes)
            rows = rows + y_offset
            self.columns_y.append(rows)
            xs.append(np.full(len(rows), float(column)))
            ys.append(rows)
            self.ellipsis_shown.append(ellipsis)
        for column, text in enumerate(self.ellipses):
            shown = column < len(self.ellipsis_shown) and self.ellipsis_shown[column]
            text.setPos(float(column), y_offset)
            text.setVisible(shown)
        self.nodes.setData(np.concatenate(xs), np.concatenate(ys))
        self.segments = []
        for column, link in enumerate(self.links):
            if column + 1 < len(columns_units):
                left, right = self.columns_y[column], self.columns_y[column + 1]
                x = np.empty(2 * len(left) * len(right))
                y = np.empty_like(x)
                x[0::2], x[1::2] = float(column), float(column + 1)
                y[0::2] = np.repeat(left, len(right))
                y[1::2] = np.tile(right, len(left))
                link.setData(x, y)
                link.setVisible(True)
                self.segments.append((x, y))
            else:
                link.setData([], [])
                link.setVisible(False)
        self.pens = []
        self.name.setPos(-0.5, y_offset + half_height(self.columns_y, y_offset) + 0.5)
        self.style(theme, small=max_nodes < MAX_NODES)

    def style(self, theme: Theme, small: bool | None = None) -> None:
        if small is not None:
            self.small = small
        size = max(8.0, (4.5 if self.small else 6.0) * theme.line_width)
        self.nodes.setSize(size)
        self.nodes.setPen(pg.mkPen(theme.foreground, width=max(1.0, 0.6 * theme.line_width)))
        self.nodes.setBrush(pg.mkBrush(theme.background))
        for text in self.ellipses:
            text.setColor(QColor(theme.foreground))
            text.setFont(font(theme.title_points + 4, bold=True))
        self.name.setFont(font(theme.title_points, bold=True))
        self.pens = []

    def set_gradients(self, values: np.ndarray, theme: Theme, now: float | None = None) -> None:
        """Colour and thicken each transition's connections by log10 of its ||dL/dW||.

        With ``now`` (a live redraw), a layer whose pen changed less than PEN_INTERVAL ago keeps it unless the layer
        changed health: stroking up to 31 x 144 wide lines is most of this plot's paint time, and the gradient of a
        stuck network jumps by a decade from one step to the next anyway."""
        self.layer_values = values
        # a mesh of up to 144 lines per layer: thicker pens (presentation mode) would fill it solid
        scale = min(theme.line_width, 2.0) * (0.75 if self.small else 1.0)
        previous = self.pens + [None] * (len(values) - len(self.pens))
        limited = now is not None and now - self._pens_at < PEN_INTERVAL
        pens = []
        for value, old in zip(values, previous):
            health = health_color(float(value), theme)
            if limited and old is not None and health == old[5]:
                pens.append(old)
            else:
                pens.append(link_pen_spec(float(value), theme, scale, shown=None if old is None else old[4])
                            + (health,))
        if pens == self.pens:
            return
        if not limited:
            self._pens_at = time.monotonic() if now is None else now
        self.pens = pens
        for link, spec, old in zip(self.links, pens, previous):
            if spec == old:
                continue  # unchanged: Qt keeps blitting this layer's cached picture
            color, width, _opacity, style, _strength, _health = spec
            # antialiasing a wide pen under the view's scaling costs ~8 ms per 100 lines (vs 0.5 without):
            # only the thin, faded lines get it
            link.opts["antialias"] = width <= 1.0  # setPen() passes it on to the curve
            link.setPen(pg.mkPen(color, width=width, style=style))

    def set_pulse(self, position: float, theme: Theme) -> None:
        """The glow at the column nearest ``position`` and the connections just behind it (toward the input)."""
        if not self.columns_y:
            return
        column = int(min(len(self.columns_y) - 1, max(0, round(position))))
        # column c >= 1 is fed by transition c - 1; the input column shows the first layer's gradient
        value = float(self.layer_values[min(max(column - 1, 0), len(self.layer_values) - 1)]) \
            if len(self.layer_values) else float("nan")
        strength = magnitude(float(value))
        color = QColor(health_color(float(value), theme))
        rows = self.columns_y[column]
        if math.isnan(strength):
            self.glow.setData([], [])
            self.pulse_link.setData([], [])
            return
        color.setAlpha(int(90 + 150 * strength))
        base = max(8.0, (4.5 if self.small else 6.0) * theme.line_width)
        self.glow.setData(np.full(len(rows), float(column)), rows, size=base * (1.1 + 1.4 * strength),
                          brush=pg.mkBrush(color))
        if 1 <= column <= len(self.segments):
            x, y = self.segments[column - 1]
            self.pulse_link.setData(x, y)
            glow_color = faded(health_color(float(value), theme), theme.background, 0.35 + 0.65 * strength)
            scale = min(theme.line_width, 2.0) * (0.75 if self.small else 1.0)
            self.pulse_link.setPen(pg.mkPen(glow_color, width=scale * (0.6 + 1.6 * strength)))
        else:
            self.pulse_link.setData([], [])


def half_height(columns_y: list[np.ndarray], centre: float) -> float:
    """How far the drawn nodes reach above (and below) the diagram's centre."""
    return max((float(np.max(np.abs(rows - centre))) for rows in columns_y if len(rows)), default=0.0)


def faded(color: str, background: str, opacity: float) -> str:
    """``color`` mixed into ``background``: how it looks at ``opacity``, but opaque. Opaque pens keep Qt on its
    fast path (translucent antialiased lines cost ~10x more: ~250 ms a frame for this diagram)."""
    return blend(color, background, opacity).name()


def link_pen_spec(value: float, theme: Theme, scale: float | None = None,
                  shown: float | None = None) -> tuple[str, float, float, Qt.PenStyle, float]:
    """(colour, width, opacity, style, strength) of a layer's connections: its health colour, thick and strong for a
    large gradient, thin and faded into the background for a vanishing one; thin and dotted for NaN/Inf.

    The strength takes one of PEN_LEVELS + 1 values; ``shown`` (the strength drawn now) is kept while the gradient
    stays within 3/4 of a level of it, so a value on the edge of two levels does not flicker (and repaint).
    """
    strength = magnitude(value)
    if math.isnan(strength):
        return theme.diverged, 1.0, 1.0, Qt.PenStyle.DotLine, -1.0  # strength -1: not finite
    if shown is None or shown < 0 or abs(strength - shown) >= 0.75 / PEN_LEVELS:
        shown = round(strength * PEN_LEVELS) / PEN_LEVELS
    width = round((theme.line_width if scale is None else scale) * (0.2 + 1.6 * shown), 2)
    opacity = round(0.1 + 0.9 * shown ** 1.5, 3)
    color = faded(health_color(value, theme), theme.background, opacity)
    return color, max(0.5, width), opacity, Qt.PenStyle.SolidLine, shown


class NetworkDiagramPlot(PlotPanel):
    """The network's layers as columns of nodes; connections show each layer's gradient; a backward pulse."""

    object_name = "networkDiagramPlot"

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        for axis in ("left", "bottom"):
            self.plot_item.hideAxis(axis)
        self.plot_item.setMouseEnabled(x=False, y=False)
        self.plot_item.hideButtons()
        # No plot options (log axes, ...) for a drawing, but keep the right-click menu for export.
        self.plot_item.setMenuEnabled(False, enableViewBoxMenu=True)
        self.diagram_a = _Diagram(self.plot_item)
        self.diagram_b = _Diagram(self.plot_item)
        self.diagram_b.set_visible(False)
        self.column_labels: list[pg.TextItem] = []
        for _ in range(MAX_COLUMNS + 2):
            label = pg.TextItem(anchor=(0.5, 0))
            self.plot_item.addItem(label)
            self.column_labels.append(label)
        self.legend = legend_below_plot(self.plot_item, columns=3)
        self.legend_samples = {key: pg.PlotDataItem([], []) for key in ("vanishing", "healthy", "exploding")}
        self.direction_text = CornerText(self.plot_item, corner=(1, 0))
        self.subset_text = CornerText(self.plot_item, corner=(0, 1))
        self.pulse_position = 0.0
        self._pulse_time: float | None = None
        self._key: tuple = ()
        self._column_layers: list[int] = []
        self._column_layers_b: list[int] = []
        self._depth = 0
        self._built: tuple | None = None        # (units, compare, B's units) of the picture built last
        self._gap_rows: float | None = None     # rows between A's and B's nodes (room for B's name)
        self._fitted_for: tuple | None = None
        self.plot_item.vb.sigResized.connect(self._layout)
        self.apply_theme(self.theme)

    # ---- texts

    def title_text(self) -> str:
        return translate("NetworkDiagramPlot", "Backward pass through the network")

    def tab_text(self) -> str:
        return translate("NetworkDiagramPlot", "Network")

    def caption_text(self) -> str:
        return translate("NetworkDiagramPlot", "The pulse carries the gradient from the output back to the input: "
                                               "thin, faint lines near the input = vanishing gradient.")

    def axis_texts(self) -> tuple[str, str]:
        return "", ""

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        for axis in ("left", "bottom"):  # setLabel() in the base class shows them again
            self.plot_item.hideAxis(axis)
        theme = self.theme
        names = {"vanishing": translate("NetworkDiagramPlot", "||dL/dW|| < 1e-5: vanishing"),
                 "healthy": translate("NetworkDiagramPlot", "healthy"),
                 "exploding": translate("NetworkDiagramPlot", "> 1e+2: exploding")}
        for key, sample in self.legend_samples.items():
            sample.setPen(pg.mkPen(getattr(theme, key), width=max(2.0, 1.5 * theme.line_width)))
            self.legend.removeItem(sample)
            self.legend.addItem(sample, html.escape(names[key]))
        restyle_legend_labels(self.legend, theme)
        direction = translate("NetworkDiagramPlot", "◀ gradient flows backward: output → input")
        self.direction_text.set_lines([(theme.foreground, direction)], theme.font_points, bold=False)
        if self._last is not None:
            self._update_texts(*self._last)

    # ---- theme

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        self.plot_item.showGrid(x=False, y=False)
        for diagram in (self.diagram_a, self.diagram_b):
            diagram.style(theme)
        for label in self.column_labels:
            label.setFont(font(theme.font_points))
            label.setColor(QColor(theme.foreground))
        self.direction_text.set_box(theme)
        self.subset_text.set_box(theme)
        self.render_last()

    # ---- data

    def draw(self, history: HistoryView, snapshot: Snapshot,
             compare: tuple[HistoryView, Snapshot] | None) -> None:
        """A new frame also moves the backward pulse on (a redraw after a restyle does not)."""
        self._last = (history, snapshot, compare)
        self._render(history, snapshot, compare, advance=True)

    def _render(self, history: HistoryView, snapshot: Snapshot, compare: tuple[HistoryView, Snapshot] | None,
                advance: bool = False) -> None:
        theme = self.theme
        snapshot_b = compare[1] if compare is not None else None
        depth = int(snapshot.depth)
        layers = [int(i) for i in layer_subset(depth, MAX_COLUMNS, SUBSET_COLUMNS)]
        units = [_inputs(snapshot), *([_width(snapshot)] * len(layers)), _classes(snapshot)]
        layers_b: list[int] = []
        units_b: list[int] = []
        if snapshot_b is not None:  # B may be shallower or narrower (e.g. the depth lesson's remedy): its own picture
            layers_b = [int(i) for i in layer_subset(int(snapshot_b.depth), MAX_COLUMNS, SUBSET_COLUMNS)]
            units_b = [_inputs(snapshot_b), *([_width(snapshot_b)] * len(layers_b)), _classes(snapshot_b)]
        key = (depth, tuple(units), snapshot_b is not None, tuple(units_b))
        if key != self._key:
            self._key = key
            self._column_layers = layers
            self._column_layers_b = layers_b
            self._depth = depth
            self._build(units, snapshot_b is not None, units_b)
        now = time.monotonic() if advance else None
        self.diagram_a.set_gradients(transition_values(snapshot, layers), theme, now)
        if snapshot_b is not None:
            self.diagram_b.set_gradients(transition_values(snapshot_b, layers_b), theme, now)
        if advance:
            self._advance_pulse(max(len(units), len(units_b)))
        self.diagram_a.set_pulse(self.pulse_position, theme)
        if snapshot_b is not None:
            self.diagram_b.set_pulse(self.pulse_position, theme)
        self._update_texts(history, snapshot, compare)

    def _build(self, units: list[int], compare: bool, units_b: list[int] | None = None) -> None:
        """A's columns (and B's below them in compare mode; B's own columns, which may be fewer), laid out for the
        view's size in pixels (see :meth:`_layout`)."""
        self._built = (list(units), compare, list(units_b or units))
        self._gap_rows = None
        self._layout()
        self.pulse_position = float(max(len(units), len(units_b or ())) - 1)
        self._pulse_time = None

    def _text_pixels(self) -> tuple[float, float, float, float]:
        """Heights in pixels of what sits around the nodes: (direction text, a network's name, a column label, the
        "showing 20 of 120" note), and the width of the longer end label ("input"/"output")."""
        from PySide6.QtGui import QFontMetricsF

        label = QFontMetricsF(font(self.theme.font_points))
        name = QFontMetricsF(font(self.theme.title_points, bold=True))
        direction = self.direction_text.boundingRect().height() if self.direction_text.toPlainText() else 0.0
        subset = self.subset_text.boundingRect().height() if self.subset_text.isVisible() else 0.0
        return direction, name.height() + 4.0, label.height() + 4.0, subset

    def _layout(self, *_args) -> None:
        """Place the diagram(s) so that nothing overlaps at any size: the direction text (and A's name in compare
        mode) get a band above the nodes, B's name the gap between A and B, the column labels (and the subset
        note) a band below, all measured in pixels. Rebuilds the columns when the gap between A and B changes."""
        if self._built is None:
            return
        units, compare, units_b = self._built
        theme = self.theme
        view = self.plot_item.vb
        height = max(view.height(), 1.0)
        width = max(view.width(), 1.0)
        max_nodes = COMPARE_MAX_NODES if compare else MAX_NODES
        half = max(float(np.max(np.abs(node_rows(u, max_nodes)[0]))) for u in (*units, *(units_b if compare else ())))
        direction_px, name_px, label_px, subset_px = self._text_pixels()
        # the direction hint is the first thing to go when the plot is too short for it and the nodes
        show_direction = height >= DIRECTION_TEXT_MIN_PX * (2 if compare else 1)
        self.direction_text.setVisible(show_direction)
        direction_px = direction_px if show_direction else 0.0
        top_px = direction_px + (name_px if compare else 0.0) + 4.0
        bottom_px = label_px + subset_px + 4.0
        gap_px = name_px + 6.0 if compare else 0.0
        node_rows_total = (2 * half + 1) * (2 if compare else 1)
        per_row = max((height - top_px - bottom_px - gap_px) / node_rows_total, 1.0)
        gap_rows = (gap_px / per_row + 1.0) if compare else 0.0
        if self._gap_rows is None or abs(gap_rows - self._gap_rows) > 0.25:
            self._gap_rows = gap_rows
            centre = half + 0.5 * gap_rows if compare else 0.0   # A above, B below, B's name between them
            self.diagram_a.build(units, centre, max_nodes, theme)
            self.diagram_a.set_visible(True)
            self.diagram_a.name.setVisible(compare)
            if compare:
                self.diagram_b.build(units_b, -centre, max_nodes, theme)
            self.diagram_b.set_visible(compare)
            self.diagram_b.name.setVisible(compare)
            if self._last is not None:
                self.diagram_a.pens = []
                self.diagram_b.pens = []
        centre = half + 0.5 * self._gap_rows if compare else 0.0
        lowest = (-centre if compare else 0.0) - half - 0.5
        highest = centre + half + 0.5
        columns = max(len(units), len(units_b) if compare else 0)
        labelled = len(units_b) if compare else len(units)  # the labels name the diagram above them
        end_label = max(self.column_labels[0].boundingRect().width(),
                        self.column_labels[min(columns - 1, len(self.column_labels) - 1)].boundingRect().width())
        per_column = width / max(columns - 1 + 1.2, 1.0)
        margin = max(0.6, (0.5 * end_label + 4.0) / per_column)  # room for "input" / "output" under the ends
        self.plot_item.setXRange(-margin, columns - 1 + margin, padding=0)
        label_widths = [label.boundingRect().width() for label in self.column_labels[:labelled]]
        shown = apart(labelled_columns(labelled), label_widths, width / (columns - 1 + 2 * margin))
        for column, label in enumerate(self.column_labels):
            label.setVisible(column in shown)
            label.setPos(float(column), lowest)
        self.plot_item.setYRange(lowest - bottom_px / per_row, highest + top_px / per_row, padding=0)

    def _advance_pulse(self, columns: int) -> None:
        """Move the pulse toward the input; from the input it restarts at the output."""
        now = time.monotonic()
        elapsed = now - self._pulse_time if self._pulse_time is not None else 0.0
        self._pulse_time = now
        step = min(MAX_ADVANCE, max(MIN_ADVANCE, elapsed * columns / SWEEP_SECONDS))
        self.pulse_position -= step
        if self.pulse_position < -0.5:
            self.pulse_position = float(columns - 1)

    @property
    def pulse_column(self) -> int:
        """The column the pulse is at now (0 = input, last = output)."""
        return int(round(max(0.0, self.pulse_position)))

    def _update_texts(self, history: HistoryView, snapshot: Snapshot,
                      compare: tuple[HistoryView, Snapshot] | None) -> None:
        theme = self.theme
        # the labels sit under the lower diagram (B in compare mode), so they name its columns
        column_layers = self._column_layers_b if compare is not None and self._column_layers_b else \
            self._column_layers
        labels = [translate("NetworkDiagramPlot", "input"), *(str(i + 1) for i in column_layers),
                  translate("NetworkDiagramPlot", "output")]
        for label, text in zip(self.column_labels, labels):
            label.setText(text)
        depth = int(snapshot.depth)
        if len(self._column_layers) < depth:
            text = translate("NetworkDiagramPlot", "showing %1 of %2 hidden layers, evenly spaced").replace(
                "%1", str(len(self._column_layers))).replace("%2", str(depth))
            self.subset_text.set_lines([(theme.foreground, text)], theme.font_points, bold=False)
            self.subset_text.show()
        else:
            self.subset_text.hide()
        if compare is not None:
            name_a, name_b = network_names(snapshot, compare[1])
            name_a, name_b = (name if not stopped_text(snap) else f"{name} — {stopped_text(snap)}"
                              for name, snap in ((name_a, snapshot), (name_b, compare[1])))
            self.diagram_a.name.setText(name_a)
            self.diagram_a.name.setColor(QColor(theme.series_a))
            self.diagram_b.name.setText(name_b)
            self.diagram_b.name.setColor(QColor(theme.series_b))
        fitted_for = (self.subset_text.isVisible(), self._text_pixels(), self.plot_item.vb.size(), tuple(labels))
        if fitted_for != self._fitted_for:  # a text around the nodes changed size: lay them out again
            self._fitted_for = fitted_for
            self._layout()


def labelled_columns(columns: int, max_labels: int = 10) -> set[int]:
    """Columns that get a label under them: input, output, and as many hidden layers as fit between them
    (every k-th, none right next to "input"/"output" when they are thinned out)."""
    last = columns - 1
    if columns <= 14:
        return set(range(columns))
    every = math.ceil((columns - 2) / max_labels)
    return {0, last} | {c for c in range(every, last - 1, every) if c >= 2}


def apart(shown: set[int], widths: list[float], pixels_per_column: float, gap: float = 6.0) -> set[int]:
    """The columns of ``shown`` whose labels (``widths`` in pixels, centred under their columns) keep ``gap`` pixels
    from each other: "input" and "output" always, a hidden layer's number only where it has room (at a projector's
    size "10" next to "output" would run into it)."""
    if not widths:
        return set(shown)
    last = len(widths) - 1
    ends = {column for column in (0, last) if column in shown}

    def clear(a: int, b: int) -> bool:
        return (b - a) * pixels_per_column >= 0.5 * (widths[a] + widths[b]) + gap

    kept = set(ends)
    previous = 0 if 0 in ends else None
    for column in sorted(shown - ends):
        if (previous is None or clear(previous, column)) and (last not in ends or clear(column, last)):
            kept.add(column)
            previous = column
    return kept


def transition_values(snapshot: Snapshot, layers: list[int]) -> np.ndarray:
    """||dL/dW|| for each drawn layer of connections: the hidden layers shown, then the output layer."""
    grad_norm = np.asarray(snapshot.stats.grad_norm, dtype=np.float64)
    values = [float(grad_norm[i]) if i < len(grad_norm) else float("nan") for i in layers]
    values.append(float(snapshot.stats.output_grad_norm))
    return np.asarray(values)


def _inputs(snapshot: Snapshot) -> int:
    if snapshot.train_points is not None:
        return int(np.asarray(snapshot.train_points[0]).shape[1])
    return 2


def _classes(snapshot: Snapshot) -> int:
    if snapshot.train_points is not None and len(snapshot.train_points[1]):
        return max(2, int(np.max(snapshot.train_points[1])) + 1)
    return 2


def _width(snapshot: Snapshot) -> int:
    """Units per hidden layer; a Snapshot without ``width`` is drawn as a wide layer (5 + "⋮" + 5)."""
    width = snapshot.width
    return int(width) if width else MAX_NODES + 1
