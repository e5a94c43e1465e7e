"""phaseDiagramPlot: where a plain deep network sits between vanishing and exploding gradients, before training.

Mean-field theory (:mod:`bpviz.engine.theory`) says that at initialization every layer multiplies the squared
gradient norm by chi1, which depends on the activation, the weight variance sigma_w2 (= fan_in * Var(W)) and the
bias variance sigma_b2 alone. This plot is a heatmap of log10 chi1 over sigma_w2 in [0.1, 4] x sigma_b2 in [0, 0.5]
for the current activation: blue where chi1 < 1 (the ordered phase: gradients vanish), orange where chi1 > 1 (the
chaotic phase: they explode), on a diverging map centred at chi1 = 1 whose two hues stay apart for every common
colour-vision deficiency. The chi1 = 1 curve (the edge of chaos) is drawn, and the current network is a marker
(a labelled arrow at the edge when its point lies outside the map). Hovering shows chi1, the depth scale xi and
what they mean for a network of the current depth; clicking a point asks the window (:attr:`pointChosen`) to give
network A that sigma_w2 and sigma_b2 (:func:`point_changes`: init gain and bias std for its init scheme).

The maps come from :func:`bpviz.engine.theory.phase_diagram`, cached per activation: switching activation
redraws from the cache. The first map of an activation builds a table (~40-70 ms), so the first time the plot
shows in the window, a background thread builds the other activations' tables (:func:`warm_up`).
"""

from __future__ import annotations

import functools
import math
import threading
from typing import Any

import numpy as np
import PySide6  # noqa: F401  (pyqtgraph must find PySide6 first)
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QShowEvent
from PySide6.QtWidgets import QWidget

import pyqtgraph as pg

from bpviz import config as cfgmod
from bpviz.engine import theory
from bpviz.engine.telemetry import HistoryView, Snapshot
from bpviz.ui.plots.items import side_colorbar, style_colorbar
from bpviz.ui.plots.numeric import format_sci
from bpviz.ui.plots.panel import PlotPanel
from bpviz.ui.plots.prediction import NoteText
from bpviz.ui.plots.theme import Theme, blend

# Qt's lupdate extracts translate("Context", "text") calls with a literal context
translate = QCoreApplication.translate

SIGMA_W2_RANGE = (0.1, 4.0)
SIGMA_B2_RANGE = (0.0, 0.5)
SIGMA_W2_GRID = np.linspace(*SIGMA_W2_RANGE, 157)   # steps of 0.025
SIGMA_B2_GRID = np.linspace(*SIGMA_B2_RANGE, 101)   # steps of 0.005
SIGMA_W2_STEP = float(SIGMA_W2_GRID[1] - SIGMA_W2_GRID[0])
SIGMA_B2_STEP = float(SIGMA_B2_GRID[1] - SIGMA_B2_GRID[0])
#: colour levels in log10 chi1: saturated at chi1 = 1/2 (blue) and 2 (orange): halving or doubling the squared
#: gradient per layer is a factor 2^(D/2) over D layers, hopeless at any depth a student builds
LEVELS = (-math.log10(2.0), math.log10(2.0))
CHI1_TICKS = (0.5, 0.7, 1.0, 1.4, 2.0)
#: the map's rectangle in (sigma_w2, sigma_b2): each grid point at the centre of its pixel
MAP_RECT = QRectF(SIGMA_W2_RANGE[0] - SIGMA_W2_STEP / 2, SIGMA_B2_RANGE[0] - SIGMA_B2_STEP / 2,
                  SIGMA_W2_STEP * len(SIGMA_W2_GRID), SIGMA_B2_STEP * len(SIGMA_B2_GRID))
#: the view shows this much more on every side, so a marker on the map's edge (biases 0) is seen whole
VIEW_MARGIN = 0.035
SNAP_SIGMA_W2 = 0.05     # a click lands on a multiple of this (so 0.5, 1, 4 are easy to hit)
SNAP_BIAS_STD = 0.01     # ... and on a bias std with two decimals (sigma_b2 = std^2)


def activation_name(activation: str) -> str:
    """The activation's name as the builder shows it."""
    names = {
        "sigmoid": translate("PhaseDiagramPlot", "sigmoid"), "tanh": translate("PhaseDiagramPlot", "tanh"),
        "relu": translate("PhaseDiagramPlot", "ReLU"), "leaky_relu": translate("PhaseDiagramPlot", "Leaky ReLU"),
        "prelu": translate("PhaseDiagramPlot", "PReLU"), "elu": translate("PhaseDiagramPlot", "ELU"),
        "gelu": translate("PhaseDiagramPlot", "GELU"),
    }
    return names.get(activation, activation)


def feature_name(code: str) -> str:
    """What makes the plain mean-field theory not apply (a code of bpviz.engine.theory.REASONS), in a few words."""
    names = {"batchnorm": translate("PhaseDiagramPlot", "batch norm"),
             "layernorm": translate("PhaseDiagramPlot", "layer norm"),
             "residual": translate("PhaseDiagramPlot", "residual connections")}
    return names.get(code, code)


def phase_colormap(theme: Theme) -> pg.ColorMap:
    """Diverging, centred at chi1 = 1: blue (vanishing) -> a neutral centre -> orange (exploding).

    Blue and orange differ in the blue-yellow channel that every common colour-vision deficiency keeps (unlike
    red and green), and in lightness toward the ends. The centre is near the background (light on a light theme,
    dark on the dark one), so the chi1 = 1 curve, drawn in the foreground colour, stands out where it runs.
    """
    if theme.name == "dark":
        stops = ["#7fb8ff", "#3f78c0", "#30323a", "#c07a2a", "#ffb454"]
    else:
        stops = ["#08306b", "#4a87c8", "#f4f4f2", "#e6972e", "#7a3b06"]
    return pg.ColorMap([0.0, 0.25, 0.5, 0.75, 1.0], [QColor(color) for color in stops])


def snap_point(sigma_w2: float, sigma_b2: float) -> tuple[float, float]:
    """A clicked point moved to the nearest multiple of SNAP_SIGMA_W2 (within the map) and the nearest sigma_b2
    whose bias std has two decimals."""
    low, high = SIGMA_W2_RANGE
    w = min(high, max(low, round(sigma_w2 / SNAP_SIGMA_W2) * SNAP_SIGMA_W2))
    std = round(math.sqrt(min(SIGMA_B2_RANGE[1], max(0.0, sigma_b2))) / SNAP_BIAS_STD) * SNAP_BIAS_STD
    return round(w, 10), round(std, 10) ** 2


def point_changes(config: Any, sigma_w2: float, sigma_b2: float) -> dict[str, float]:
    """The settings that give network A's hidden layers ``sigma_w2`` and its biases ``sigma_b2``, keeping its init
    scheme: ``{"network.init_gain": sqrt(sigma_w2 / sigma_w2(scheme)), "network.bias_init_std": sqrt(sigma_b2)}``.

    The gain is rounded to 4 significant digits and the bias std to 3 decimals (what the builder's fields show, so
    the experiment holds exactly the values on screen), both kept within the builder's ranges.
    """
    net = getattr(config, "network", config)
    base = theory.sigma_w2_of_init(net.init, net.width, net.width, 1.0)
    gain = float(f"{math.sqrt(sigma_w2 / base):.4g}")
    gain = min(cfgmod.INIT_GAIN_RANGE[1], max(cfgmod.INIT_GAIN_RANGE[0], gain))
    std = min(cfgmod.BIAS_INIT_STD_RANGE[1], max(cfgmod.BIAS_INIT_STD_RANGE[0], round(math.sqrt(sigma_b2), 3)))
    return {"network.init_gain": gain, "network.bias_init_std": std}


def chi1_at(diagram: theory.PhaseDiagram, sigma_w2: float, sigma_b2: float) -> float:
    """chi1 at a point of the map, interpolated bilinearly in log10 chi1 between the grid points."""
    w, b = diagram.sigma_w2, diagram.sigma_b2
    i = float(np.interp(sigma_w2, w, np.arange(len(w))))
    j = float(np.interp(sigma_b2, b, np.arange(len(b))))
    i0, j0 = min(int(i), len(w) - 2), min(int(j), len(b) - 2)
    fi, fj = i - i0, j - j0
    grid = diagram.log10_chi1
    value = ((1 - fi) * (1 - fj) * grid[i0, j0] + fi * (1 - fj) * grid[i0 + 1, j0]
             + (1 - fi) * fj * grid[i0, j0 + 1] + fi * fj * grid[i0 + 1, j0 + 1])
    return 10.0 ** float(value)


def measured_chi(snapshot: Snapshot) -> float:
    """The measured mean per-layer factor of the squared ||dL/dh||: (||dL/dh_1|| / ||dL/dh_D||)^(2/(D-1)), the
    number chi1 predicts (NaN for one layer or a gradient that is 0 or not finite)."""
    signal = np.asarray(snapshot.stats.signal_grad_norm, dtype=np.float64)
    if len(signal) < 2:
        return math.nan
    first, last = float(signal[0]), float(signal[-1])
    if not (math.isfinite(first) and math.isfinite(last) and first > 0.0 and last > 0.0):
        return math.nan
    return math.exp(2.0 * (math.log(first) - math.log(last)) / (len(signal) - 1))


_warm_lock = threading.Lock()
_warm_thread: threading.Thread | None = None


def warm_up(first: str | None = None) -> threading.Thread:
    """Build every activation's map once in a background thread (pure NumPy; theory caches them), ``first``
    first; the thread is started once per process and returned. Switching activation then redraws in a few ms."""
    global _warm_thread
    with _warm_lock:
        if _warm_thread is None:
            order = sorted(theory.ACTIVATION_NAMES, key=lambda name: name != first)

            def build() -> None:
                for activation in order:
                    theory.phase_diagram(activation, SIGMA_W2_GRID, SIGMA_B2_GRID)

            _warm_thread = threading.Thread(target=build, name="bpviz-phase-diagram-warm-up", daemon=True)
            _warm_thread.start()
        return _warm_thread


class _Marker:
    """One network's point: a symbol inside the map, or an arrow at the edge it lies beyond, and its label."""

    def __init__(self, plot_item: pg.PlotItem, symbol: str) -> None:
        self.symbol = symbol
        self.scatter = pg.ScatterPlotItem(size=18, pxMode=True)
        self.scatter.setZValue(40)
        plot_item.addItem(self.scatter, ignoreBounds=True)
        self.label = pg.TextItem(anchor=(0.0, 1.0))
        self.label.setZValue(41)
        plot_item.addItem(self.label, ignoreBounds=True)
        self.position: tuple[float, float] | None = None  # (sigma_w2, sigma_b2) of the network, maybe off the map
        self.point = (0.0, 0.0)  # where the marker is drawn (on the map's edge for a point off the map)
        self.below = False       # the label is below the marker (a point near the top)
        self.text = ""

    def hide(self) -> None:
        self.scatter.setData([], [])
        self.scatter.hide()
        self.label.hide()
        self.position = None
        self.text = ""

    def show_at(self, sigma_w2: float, sigma_b2: float, text: str, fill: str, theme: Theme) -> None:
        """The marker at the network's point (filled with ``fill``), or an arrow at the edge it lies beyond."""
        (w_low, w_high), (b_low, b_high) = SIGMA_W2_RANGE, SIGMA_B2_RANGE
        x, y = min(w_high, max(w_low, sigma_w2)), min(b_high, max(b_low, sigma_b2))
        symbol = self.symbol
        if sigma_w2 > w_high:
            symbol = "t2"  # an arrow pointing right, off the map
        elif sigma_w2 < w_low:
            symbol = "t3"
        elif sigma_b2 > b_high:
            symbol = "t1"
        if (sigma_w2, sigma_b2) != self.position or self.scatter.opts.get("symbol") != symbol:
            outline = theme.background if fill == theme.foreground else theme.foreground
            self.scatter.setData([x], [y], symbol=symbol, brush=pg.mkBrush(fill),
                                 pen=pg.mkPen(outline, width=max(2.0, theme.line_width)))
        if text != self.text:
            self._set_label(text, theme)
        self.point = (x, y)
        self.position = (sigma_w2, sigma_b2)
        self.text = text
        self.scatter.show()
        self.label.show()

    def place_label(self, pixel: tuple[float, float], view: tuple[float, float], above: float = 0.0) -> QRectF:
        """Put the label beside the marker, on the side where the map has room (left of a point in the right
        third, below one near the top), ``above`` more pixels up (down, below), within the view's x range
        ``view``; returns where it went (in pixels from the marker, y up)."""
        (w_low, w_high), (b_low, b_high) = SIGMA_W2_RANGE, SIGMA_B2_RANGE
        x, y = self.point
        left = x > w_low + 0.66 * (w_high - w_low)
        below = self.below = y > b_low + 0.8 * (b_high - b_low)
        rect = self.label.boundingRect()
        gap = 12.0
        px, py = pixel
        dx = -gap - rect.width() if left else gap
        low, high = (view[0] - x) / px + 2.0, (view[1] - x) / px - rect.width() - 2.0  # keep it in the view
        dx = max(low, min(high, dx)) if low <= high else low
        dy = -gap - rect.height() - above if below else gap + above
        self.label.setAnchor((0.0, 0.0))
        self.label.setPos(x + dx * px, y + (dy + rect.height()) * py)
        return QRectF(dx, dy, rect.width(), rect.height())

    def _set_label(self, text: str, theme: Theme) -> None:
        from html import escape

        body = "<br>".join(escape(line) for line in text.split("\n"))
        self.label.setHtml(f"<div style='font-size:{theme.font_points}pt; font-weight:bold; "
                           f"color:{theme.foreground}'>{body}</div>")
        backdrop = QColor(theme.background)
        backdrop.setAlpha(215)
        self.label.fill = pg.mkBrush(backdrop)
        self.label.border = pg.mkPen(blend(theme.foreground, theme.background, 0.5))
        self.label.update()

    def restyle(self) -> None:
        self.position = None  # drawn again at the next update
        self.text = ""


class PhaseDiagramPlot(PlotPanel):
    """log10 chi1 over (sigma_w2, sigma_b2) for the current activation, the edge of chaos, and the networks."""

    object_name = "phaseDiagramPlot"

    #: (sigma_w2, sigma_b2) the user clicked (snapped): the window gives network A that point
    pointChosen = Signal(float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        item = self.plot_item
        item.setMouseEnabled(x=False, y=False)
        item.hideButtons()
        item.vb.disableAutoRange()
        for name in ("left", "bottom"):
            item.getAxis(name).enableAutoSIPrefix(False)
        # a grid pixel is ~5 screen pixels: scaled smoothly (bilinear), the map shows no staircase
        self.plot_widget.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        self.image = pg.ImageItem(axisOrder="col-major")
        self.image.setZValue(-10)
        item.addItem(self.image)
        self.colorbar = side_colorbar(item, phase_colormap(self.theme), LEVELS)
        self.colorbar.setImageItem(self.image)
        self.colorbar.axis.enableAutoSIPrefix(False)
        self.colorbar.axis.setTicks([[(math.log10(value), f"{value:g}") for value in CHI1_TICKS]])
        self.edge = pg.PlotCurveItem(connect="finite")
        self.edge.setZValue(20)
        item.addItem(self.edge, ignoreBounds=True)
        self.edge_label = pg.TextItem(anchor=(0.0, 0.5))
        self.vanishing_label = pg.TextItem(anchor=(0.5, 0.5))
        self.exploding_label = pg.TextItem(anchor=(0.5, 0.5))
        for label in (self.edge_label, self.vanishing_label, self.exploding_label):
            label.setZValue(30)
            item.addItem(label, ignoreBounds=True)
        self.marker_a = _Marker(item, "o")
        self.marker_b = _Marker(item, "s")
        self.hover = pg.TextItem(anchor=(0.0, 1.0))
        self.hover.setZValue(100)
        item.addItem(self.hover, ignoreBounds=True)
        self.hover.hide()
        self.note = NoteText(item, corner=(0, 0))
        self.note.share = 0.62
        self.config: Any = None
        self.config_b: Any = None
        self.diagram: theory.PhaseDiagram | None = None
        self.map_key: tuple[str, float] | None = None
        self.depth = 0
        self.notes: list[str] = []
        self.hover_text = ""
        self._hover_point: tuple[float, float] | None = None
        self._measured: dict[str, float] = {}
        self._warmed = False
        item.setXRange(MAP_RECT.left(), MAP_RECT.right(), padding=VIEW_MARGIN)
        item.setYRange(MAP_RECT.top(), MAP_RECT.bottom(), padding=VIEW_MARGIN)
        item.vb.sigResized.connect(self._arrange_labels)
        item.vb.sigResized.connect(self._place_region_labels)
        scene = self.plot_widget.scene()
        scene.sigMouseMoved.connect(self._on_mouse_moved)
        scene.sigMouseClicked.connect(self._on_mouse_clicked)
        self.plot_widget.viewport().setMouseTracking(True)
        self.apply_theme(self.theme)

    # ---- texts

    def title_text(self) -> str:
        return translate("PhaseDiagramPlot", "Phase diagram: χ₁ per layer")

    def tab_text(self) -> str:
        return translate("PhaseDiagramPlot", "Phase diagram")

    def caption_text(self) -> str:
        return translate("PhaseDiagramPlot", "Before training: blue = gradients vanish (χ₁ < 1), orange = they "
                                             "explode (χ₁ > 1), the line is the edge of chaos χ₁ = 1. Click a point "
                                             "to give network A its σ_w² and σ_b² (init gain and bias std: the "
                                             "network is rebuilt).")

    def axis_texts(self) -> tuple[str, str]:
        return (translate("PhaseDiagramPlot", "weight variance σ_w² = fan_in · Var(W)"),
                translate("PhaseDiagramPlot", "bias variance σ_b²"))

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self._set_colorbar_label()
        self._set_region_texts()
        self._place_region_labels()
        self._set_note()
        for marker in (self.marker_a, self.marker_b):
            marker.restyle()
        if self._last is not None:
            self._render(*self._last)
        if self._hover_point is not None:
            self._show_hover(*self._hover_point)

    def _set_colorbar_label(self) -> None:
        activation = self.map_key[0] if self.map_key else None
        text = (translate("PhaseDiagramPlot", "χ₁ of %1 (log scale)").replace("%1", activation_name(activation))
                if activation else translate("PhaseDiagramPlot", "χ₁ (log scale)"))
        style_colorbar(self.colorbar, self.theme, text)

    def _set_region_texts(self) -> None:
        theme = self.theme
        for label, lines in ((self.vanishing_label, (translate("PhaseDiagramPlot", "vanishing"),
                                                     translate("PhaseDiagramPlot", "(ordered)"))),
                             (self.exploding_label, (translate("PhaseDiagramPlot", "exploding"),
                                                     translate("PhaseDiagramPlot", "(chaotic)"))),
                             (self.edge_label, (translate("PhaseDiagramPlot", "χ₁ = 1:"),
                                                translate("PhaseDiagramPlot", "edge of chaos")))):
            label.setHtml(f"<div style='font-size:{theme.font_points}pt; font-weight:bold; text-align:center; "
                          f"color:{theme.foreground}'>{'<br>'.join(lines)}</div>")
            backdrop = QColor(theme.background)
            backdrop.setAlpha(170)
            label.fill = pg.mkBrush(backdrop)
            label.update()

    # ---- theme

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        self.plot_item.showGrid(x=False, y=False)
        self.colorbar.setColorMap(phase_colormap(theme))
        self.edge.setPen(pg.mkPen(theme.foreground, width=max(2.5, 1.5 * theme.line_width)))
        self.hover.fill = pg.mkBrush(blend(theme.foreground, theme.background, 0.06))
        self.hover.border = pg.mkPen(theme.foreground)
        self.note.set_box(theme)
        self.render_last()

    # ---- data

    def set_experiment(self, config: Any, config_b: Any = None) -> None:
        self.config = config
        self.config_b = config_b

    def _render(self, history: HistoryView, snapshot: Snapshot,
                compare: tuple[HistoryView, Snapshot] | None) -> None:
        theme = self.theme
        net = self.config.network if self.config is not None else None
        activation = net.activation if net is not None else snapshot.activation
        leaky_slope = float(net.leaky_slope) if net is not None else theory.DEFAULT_LEAKY_SLOPE
        self.depth = int(net.depth) if net is not None else int(snapshot.depth)
        self._draw_map(activation, leaky_slope)
        notes = []
        if self.diagram is not None and not np.any(self.diagram.critical_sigma_w2 <= SIGMA_W2_RANGE[1]):
            notes.append(self._beyond_text(activation, leaky_slope))
        self._measured = {"A": measured_chi(snapshot)}
        if net is None:
            self.marker_a.hide()
        else:
            reasons = theory.not_applicable_reasons(net)
            if reasons:
                notes.append(translate("PhaseDiagramPlot", "A has %1: this map is for plain networks, its χ₁ "
                                                           "does not apply to A").replace(
                    "%1", ", ".join(feature_name(code) for code in reasons)))
            self._place(self.marker_a, "A", net, snapshot, theme.background, bool(reasons))
        net_b = self.config_b.network if self.config_b is not None and compare is not None else None
        if net_b is None:
            self.marker_b.hide()
        elif (net_b.activation, float(net_b.leaky_slope)) != (activation, leaky_slope):
            self.marker_b.hide()
            notes.append(translate("PhaseDiagramPlot", "B uses %1: its point is on the map of %1").replace(
                "%1", activation_name(net_b.activation)))
        else:
            self._measured["B"] = measured_chi(compare[1])
            self._place(self.marker_b, "B", net_b, compare[1], theme.foreground,
                        bool(theory.not_applicable_reasons(net_b)))
        if notes != self.notes:
            self.notes = notes
            self._set_note()
        self._arrange_labels()

    def _arrange_labels(self, *_args) -> None:
        """Marker labels beside their markers; B's moves up past A's where they would overlap."""
        view = self.plot_item.vb
        pixel = view.viewPixelSize()
        if not (pixel[0] > 0 and pixel[1] > 0):
            return
        x_range = tuple(view.viewRange()[0])
        placed = None
        for marker in (self.marker_a, self.marker_b):
            if marker.position is None:
                continue
            rect = marker.place_label(pixel, x_range)
            if placed is not None:
                offset = QPointF((marker.point[0] - self.marker_a.point[0]) / pixel[0],
                                 (marker.point[1] - self.marker_a.point[1]) / pixel[1])
                moved = rect.translated(offset)
                if moved.intersects(placed):  # clear A's label: further up (or down, for a label below)
                    clear = (moved.bottom() - placed.top() if marker.below else placed.bottom() - moved.top()) + 4.0
                    marker.place_label(pixel, x_range, above=clear)
            else:
                placed = rect

    def _beyond_text(self, activation: str, leaky_slope: float) -> str:
        critical = _critical_without_bias(activation, leaky_slope)
        where = f"{critical:.3g}" if math.isfinite(critical) else "10⁴"
        return translate("PhaseDiagramPlot", "%1: the edge of chaos lies at σ_w² ≈ %2, far right of this map: "
                                             "every point here is ordered (gradients vanish).").replace(
            "%1", activation_name(activation)).replace("%2", where)

    def _draw_map(self, activation: str, leaky_slope: float) -> None:
        """The heatmap, the chi1 = 1 curve and the region names for one activation (only when it changes)."""
        key = (activation, leaky_slope)
        if key == self.map_key:
            return
        self.map_key = key
        diagram = theory.phase_diagram(activation, SIGMA_W2_GRID, SIGMA_B2_GRID, leaky_slope=leaky_slope)
        self.diagram = diagram
        self._set_colorbar_label()
        self.image.setImage(np.clip(diagram.log10_chi1, *LEVELS), levels=LEVELS, autoLevels=False)
        self.image.setRect(MAP_RECT)  # after setImage: the rectangle scales the image's pixels
        critical = np.asarray(diagram.critical_sigma_w2, dtype=np.float64)
        self.edge.setData(critical, np.asarray(diagram.sigma_b2, dtype=np.float64))
        self._place_region_labels()

    def _place_region_labels(self, *_args) -> None:
        """"vanishing" left of the edge of chaos, "exploding" right of it, at a height where both have room, and
        the name of the curve beside it; all inside the view (also when the plot is narrow)."""
        if self.diagram is None:
            return
        critical = np.asarray(self.diagram.critical_sigma_w2, dtype=np.float64)
        (w_low, w_high), (b_low, b_high) = SIGMA_W2_RANGE, SIGMA_B2_RANGE
        y = b_low + 0.45 * (b_high - b_low)
        edge = float(np.interp(y, SIGMA_B2_GRID, np.where(np.isfinite(critical), critical, np.inf)))
        inside = math.isfinite(edge) and w_low < edge < w_high
        if not inside and not (math.isfinite(edge) and edge <= w_low):  # all ordered (sigmoid)
            self.vanishing_label.setPos(0.5 * (w_low + w_high), y)
            self.vanishing_label.show()
            self.exploding_label.hide()
        elif not inside:  # all chaotic
            self.exploding_label.setPos(0.5 * (w_low + w_high), y)
            self.exploding_label.show()
            self.vanishing_label.hide()
        else:
            self.vanishing_label.setPos(0.5 * (w_low + edge), y)
            self.exploding_label.setPos(0.5 * (edge + w_high), y)
            self.vanishing_label.show()
            self.exploding_label.show()
        top = b_low + 0.78 * (b_high - b_low)
        top_edge = float(np.interp(top, SIGMA_B2_GRID, np.where(np.isfinite(critical), critical, np.inf)))
        if math.isfinite(top_edge) and w_low < top_edge < w_high:
            right = top_edge < 0.6 * w_high  # the text runs right of the curve, or left of it near the right edge
            self.edge_label.setAnchor((0.0, 0.5) if right else (1.0, 0.5))
            self.edge_label.setPos(top_edge + (0.04 if right else -0.04) * (w_high - w_low), top)
            self.edge_label.show()
        else:
            self.edge_label.hide()
        for label in (self.vanishing_label, self.exploding_label, self.edge_label):
            if label.isVisible():
                self._keep_in_view(label)

    def _keep_in_view(self, label: pg.TextItem) -> None:
        """Move a label sideways so that it lies inside the view (a narrow dock)."""
        view = self.plot_item.vb
        pixel = view.viewPixelSize()
        width = label.textItem.boundingRect().width()  # pixels: a TextItem is not scaled with the view
        room = view.sceneBoundingRect()
        if not (pixel[0] > 0 and width > 0 and room.width() > 0):
            return
        # from the position and the anchor, not sceneBoundingRect(): that lags until the item is repainted
        left = view.mapViewToScene(label.pos()).x() - label.anchor.x() * width
        shift = max(room.left() + 2 - left, 0.0) + min(room.right() - 2 - (left + width), 0.0)
        if shift:
            label.setPos(label.pos().x() + shift * pixel[0], label.pos().y())

    def _place(self, marker: _Marker, name: str, net: Any, snapshot: Snapshot, fill: str,
               not_applicable: bool) -> None:
        sigmas = theory.network_sigmas(net, int(snapshot.n_inputs))
        w, b = sigmas.sigma_w2, sigmas.sigma_b2
        predicted = self._chi1(net.activation, w, b, float(net.leaky_slope))
        measured = self._measured.get(name, math.nan)
        measured_text = f"{measured:.2g}" if math.isfinite(measured) else "—"
        if not_applicable:
            text = translate("PhaseDiagramPlot", "%1: χ₁ measured %2").replace("%1", name).replace(
                "%2", measured_text)
        else:
            text = translate("PhaseDiagramPlot", "%1: χ₁ = %2, measured %3").replace("%1", name).replace(
                "%2", f"{predicted:.3g}").replace("%3", measured_text)
        (w_low, w_high), (b_low, b_high) = SIGMA_W2_RANGE, SIGMA_B2_RANGE
        if not (w_low <= w <= w_high and b_low <= b <= b_high):
            where = []
            if not w_low <= w <= w_high:
                where.append(f"σ_w² = {w:.3g}")
            if not b_low <= b <= b_high:
                where.append(f"σ_b² = {b:.3g}")
            text += "\n" + translate("PhaseDiagramPlot", "off the map: %1").replace("%1", ", ".join(where))
        marker.show_at(w, b, text, fill, self.theme)

    @staticmethod
    def _chi1(activation: str, sigma_w2: float, sigma_b2: float, leaky_slope: float) -> float:
        return _cached_chi1(activation, float(sigma_w2), float(sigma_b2), leaky_slope)

    def _set_note(self) -> None:
        theme = self.theme
        lines = [(theme.foreground, line) for line in self.notes]
        self.note.set_lines(lines, theme.font_points, bold=False)
        self.note.setVisible(bool(lines))

    # ---- hover and click

    def _view_point(self, scene_pos: QPointF) -> tuple[float, float] | None:
        """(sigma_w2, sigma_b2) under a scene position, or None outside the map."""
        view = self.plot_item.vb
        if not view.sceneBoundingRect().contains(scene_pos):
            return None
        point = view.mapSceneToView(scene_pos)
        x, y = float(point.x()), float(point.y())
        (w_low, w_high), (b_low, b_high) = SIGMA_W2_RANGE, SIGMA_B2_RANGE
        margin_w, margin_b = SIGMA_W2_STEP / 2, SIGMA_B2_STEP / 2
        if not (w_low - margin_w <= x <= w_high + margin_w and b_low - margin_b <= y <= b_high + margin_b):
            return None
        return min(w_high, max(w_low, x)), min(b_high, max(b_low, y))

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        point = self._view_point(scene_pos)
        if point is None:
            self._hover_point = None
            self.hover_text = ""
            self.hover.hide()
            return
        self._show_hover(*point)

    def _show_hover(self, sigma_w2: float, sigma_b2: float) -> None:
        """χ₁, ξ and what they mean for a network of the current depth, in a box beside the pointer."""
        self._hover_point = (sigma_w2, sigma_b2)
        if self.diagram is None:
            return
        chi = chi1_at(self.diagram, sigma_w2, sigma_b2)
        if abs(chi - 1.0) < 1e-9:
            chi = 1.0  # on the edge of chaos (a grid point of it): the interpolation's last bits are rounding
        xi = theory.depth_scale_from_chi1(chi)
        depth = max(1, self.depth)
        xi_text = "∞" if math.isinf(xi) else f"{xi:.3g}"
        lines = [
            translate("PhaseDiagramPlot", "σ_w² = %1, σ_b² = %2").replace("%1", f"{sigma_w2:.2f}").replace(
                "%2", f"{sigma_b2:.3f}"),
            translate("PhaseDiagramPlot", "χ₁ = %1 per layer, depth scale ξ = %2 layers").replace(
                "%1", f"{chi:.3g}").replace("%2", xi_text),
            translate("PhaseDiagramPlot", "a depth-%1 network keeps a first/last gradient ratio of about "
                                          "χ₁^(%1/2) ≈ %2").replace("%1", str(depth)).replace(
                "%2", format_sci(chi ** (depth / 2.0))),
        ]
        self.hover_text = "\n".join(lines)
        from html import escape

        theme = self.theme
        self.hover.setHtml(f"<div style='font-size:{theme.font_points}pt; color:{theme.foreground}'>"
                           + "<br>".join(escape(line) for line in lines) + "</div>")
        self.hover.setTextWidth(-1)
        available = self.plot_item.vb.sceneBoundingRect().width() - 8.0
        if available > 60 and self.hover.textItem.boundingRect().width() > available:
            self.hover.setTextWidth(available)  # a narrow dock: the lines wrap inside the view
        (w_low, w_high), (b_low, b_high) = SIGMA_W2_RANGE, SIGMA_B2_RANGE
        # beside the pointer, on the side with room: left of it in the right half, below it in the top third;
        # then moved sideways into the view if it is wider than that side
        self.hover.setAnchor((1.0 if sigma_w2 > 0.5 * (w_low + w_high) else 0.0,
                              0.0 if sigma_b2 > b_low + 0.66 * (b_high - b_low) else 1.0))
        self.hover.setPos(sigma_w2, sigma_b2)
        self.hover.show()
        self._keep_in_view(self.hover)

    def _on_mouse_clicked(self, event: Any) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        point = self._view_point(event.scenePos())
        if point is None:
            return
        event.accept()
        self.pointChosen.emit(*snap_point(*point))

    # ---- showing

    def leaveEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        self._hover_point = None  # the pointer left the plot: no box stays behind
        self.hover_text = ""
        self.hover.hide()
        super().leaveEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._warmed and not self.isWindow():  # inside the window (not a plot rendered on its own)
            self._warmed = True
            warm_up(self.map_key[0] if self.map_key else None)


_chi1_cache: dict[tuple[str, float, float, float], float] = {}


@functools.lru_cache(maxsize=32)
def _critical_without_bias(activation: str, leaky_slope: float) -> float:
    """The edge of chaos at sigma_b2 = 0 (sigmoid: ~103, far beyond the map), asked for every frame."""
    return float(theory.critical_sigma_w2(activation, [0.0], leaky_slope=leaky_slope)[0])


def _cached_chi1(activation: str, sigma_w2: float, sigma_b2: float, leaky_slope: float) -> float:
    """theory.chi1 from q0 = 1 (as the map), remembered: the marker's value is asked for every frame."""
    key = (activation, sigma_w2, sigma_b2, leaky_slope)
    value = _chi1_cache.get(key)
    if value is None:
        if len(_chi1_cache) > 256:
            _chi1_cache.clear()
        value = theory.chi1(activation, sigma_w2, sigma_b2, leaky_slope=leaky_slope)
        _chi1_cache[key] = value
    return value


__all__ = ["PhaseDiagramPlot", "chi1_at", "measured_chi", "phase_colormap", "point_changes", "snap_point",
           "warm_up"]
