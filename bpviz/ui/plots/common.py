"""What every plot shares: the panel (title, plot, "what to look for" caption), the theme, and event markers.

A plot is a :class:`PlotPanel` subclass. It creates its pyqtgraph items once in ``__init__`` and afterwards only
calls ``setData`` / ``setOpts`` / ``setImage`` in :meth:`PlotPanel.update` (DESIGN.md §8, MultiPlotSpeedTest).
Every visible string is set in :meth:`PlotPanel.retranslate_ui`, which runs again when the language changes.
"""

from __future__ import annotations

import math
import types
from dataclasses import dataclass, replace

import numpy as np
import PySide6  # noqa: F401  (pyqtgraph must find PySide6 first)
from PySide6.QtCore import QCoreApplication, QEvent, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

import pyqtgraph as pg

from bpviz.engine.telemetry import Event, HistoryView, Snapshot


def tr(context: str, text: str) -> str:
    """QCoreApplication.translate at run time. Qt's lupdate does not extract calls to this helper (it reads
    ``tr("Ctx", "text")`` as the source text "Ctx"): in code, write ``translate("Context", "text")`` instead."""
    return QCoreApplication.translate(context, text)


# Qt's lupdate extracts translate("Context", "text") calls with a literal context
translate = QCoreApplication.translate


@dataclass(frozen=True)
class Theme:
    """Colours and sizes. Presentation mode is the same theme with larger fonts and thicker lines."""

    name: str = "light"
    background: str = "#ffffff"
    foreground: str = "#202020"
    grid_alpha: float = 0.25
    series_a: str = "#1f77b4"      # network A (the experiment)
    series_b: str = "#d62728"      # network B (compare mode)
    signal: str = "#ff7f0e"        # back-propagated dL/dh line
    vanishing: str = "#4a78c2"     # gradient-flow health colours
    healthy: str = "#2ca02c"
    exploding: str = "#d62728"
    event: str = "#7f3fbf"
    diverged: str = "#d62728"
    guide: str = "#606060"
    class_colors: tuple[str, str] = ("#1f77b4", "#ff7f0e")
    font_points: int = 11
    title_points: int = 13
    line_width: float = 2.0
    caption_points: int = 10

    def scaled(self, factor: float) -> "Theme":
        return replace(self, font_points=round(self.font_points * factor),
                       title_points=round(self.title_points * factor),
                       caption_points=round(self.caption_points * factor),
                       line_width=self.line_width * factor)


LIGHT = Theme()
DARK = Theme(name="dark", background="#1e1e1e", foreground="#e8e8e8", grid_alpha=0.3, series_a="#5fa8ff",
             series_b="#ff6b6b", signal="#ffb347", vanishing="#6fa0ff", healthy="#4cd964", exploding="#ff5050",
             event="#c79bff", guide="#b0b0b0", class_colors=("#5fa8ff", "#ffb347"))
HIGH_CONTRAST = Theme(name="presentation", background="#ffffff", foreground="#000000", grid_alpha=0.35,
                      series_a="#0050d0", series_b="#d00000", signal="#e06000", vanishing="#0050d0",
                      healthy="#008a00", exploding="#d00000", event="#7000c0", guide="#000000",
                      class_colors=("#0050d0", "#e06000"))

_current_theme = LIGHT


def current_theme() -> Theme:
    return _current_theme


def set_current_theme(theme: Theme) -> None:
    global _current_theme
    _current_theme = theme


def pen(color: str, width: float | None = None, style=Qt.PenStyle.SolidLine) -> pg.QtGui.QPen:
    theme = current_theme()
    return pg.mkPen(color=color, width=theme.line_width if width is None else width, style=style)


def font(points: int, bold: bool = False) -> QFont:
    f = QFont()
    f.setPointSize(points)
    f.setBold(bold)
    return f


class PlotPanel(QWidget):
    """A titled pyqtgraph plot with a one-line caption underneath. Subclasses implement ``update``."""

    #: objectName the tests and assistive tools rely on (DESIGN.md §6)
    object_name = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(self.object_name)
        self.plot_widget = pg.PlotWidget()
        self.plot_widget.setMinimumSize(260, 180)
        self.plot_item: pg.PlotItem = self.plot_widget.getPlotItem()
        self.theme = current_theme()
        self.grid = FastGrid(self.plot_item)  # replaces plot_item.showGrid: the axes' own grid costs ~4 ms a paint
        watch_axis_labels(self.plot_item)
        self.plot_item.showGrid(x=True, y=True, alpha=self.theme.grid_alpha)
        self.plot_item.setMenuEnabled(True)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addWidget(self.plot_widget, stretch=1)
        layout.addWidget(self.caption)

    # ---- texts

    def title_text(self) -> str:
        """The plot's title (translated)."""
        return ""

    def caption_text(self) -> str:
        """One line: what to look for (translated)."""
        return ""

    def axis_texts(self) -> tuple[str, str]:
        """(bottom, left) axis labels with units (translated)."""
        return "", ""

    def retranslate_ui(self) -> None:
        bottom, left = self.axis_texts()
        set_plot_texts(self.plot_item, self.title_text(), {"bottom": bottom, "left": left}, self.theme)
        self.caption.setText(self.caption_text())
        self.setToolTip(self.caption_text())
        self.setAccessibleName(self.title_text())
        self.setAccessibleDescription(self.caption_text())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # ---- theme

    def apply_theme(self, theme: Theme) -> None:
        """Restyle for a theme (light/dark/presentation). Subclasses extend it to restyle their items."""
        self.theme = theme
        self.plot_widget.setBackground(theme.background)
        axis_font = font(theme.font_points)
        for name in ("left", "bottom", "right", "top"):
            axis = self.plot_item.getAxis(name)
            axis.setPen(pg.mkPen(theme.foreground))
            axis.setTextPen(pg.mkPen(theme.foreground))
            axis.setTickFont(axis_font)
        self.grid.color = theme.foreground
        self.grid.background = theme.background
        self.plot_item.showGrid(x=True, y=True, alpha=theme.grid_alpha)
        caption_font = font(theme.caption_points)
        caption_font.setItalic(True)
        self.caption.setFont(caption_font)
        self.retranslate_ui()

    # ---- data

    def update(self, history: HistoryView | None = None, snapshot: Snapshot | None = None,  # type: ignore[override]
               compare: tuple[HistoryView, Snapshot] | None = None) -> None:
        """Draw the newest data; ``compare`` is network B's (history, snapshot) in compare mode.

        Called with no arguments it is QWidget.update() (a repaint request), which Qt code may still call.
        """
        if history is None or snapshot is None:
            QWidget.update(self)
            return
        self.draw(history, snapshot, compare)
        # Settle auto-ranges now: pyqtgraph does it at paint time, and a range that moves during a paint schedules
        # a second paint of the whole plot (every item painted twice a frame, e.g. the loss plot as steps grow).
        self.plot_widget.scene().prepareForPaint()

    def draw(self, history: HistoryView, snapshot: Snapshot,
             compare: tuple[HistoryView, Snapshot] | None) -> None:
        """Subclasses: move the items created in __init__ to the new data (setData/setOpts/setImage only)."""
        raise TypeError(f"{type(self).__name__} must define draw()")

    def export_item(self) -> pg.GraphicsObject:
        """What an image exporter renders for this plot."""
        return self.plot_item


def blend(color: str | QColor, background: str | QColor, alpha: float) -> QColor:
    """The opaque colour that ``color`` at opacity ``alpha`` shows over ``background``."""
    front, back = QColor(color), QColor(background)
    alpha = min(1.0, max(0.0, float(alpha)))
    return QColor(*(round(alpha * f + (1.0 - alpha) * b) for f, b in
                    ((front.red(), back.red()), (front.green(), back.green()), (front.blue(), back.blue()))))


class FastGrid:
    """Grid lines at the left and bottom axes' ticks, drawn as two line items in the view (major, minor).

    pyqtgraph's axis grid (``AxisItem.setGrid``) repaints every grid line through the axis' picture with alpha
    blending: ~4 ms per paint at 700 x 450, most of a plot's paint time. This draws the same lines for ~0.5 ms.
    It takes over ``plot_item.showGrid`` (same arguments); the axes' own grid stays off. The lines are opaque, their
    colour blended with the background beforehand: Qt's raster engine strokes a translucent path ~20x slower
    (16 ms instead of 0.7 ms for 114 lines across a 700 x 450 plot), because overlapping segments must not blend twice.
    """

    def __init__(self, plot_item: pg.PlotItem) -> None:
        self.plot_item = plot_item
        self.view = plot_item.vb
        self.shown = {"left": False, "bottom": False}
        self.alpha = 0.25
        self.color = current_theme().foreground  # PlotPanel.apply_theme sets its theme's foreground...
        self.background = current_theme().background  # ...and background
        self.lines = [pg.PlotCurveItem(connect="pairs", antialias=False) for _level in range(2)]
        for line in self.lines:
            line.setZValue(-50)
            self.view.addItem(line, ignoreBounds=True)
        self._key: tuple | None = None
        plot_item.showGrid = self.show  # type: ignore[method-assign]
        self.view.sigRangeChanged.connect(self.refresh)
        self.view.sigResized.connect(self.refresh)

    def show(self, x: bool | None = None, y: bool | None = None, alpha: float | None = None) -> None:
        if x is not None:
            self.shown["bottom"] = bool(x)
        if y is not None:
            self.shown["left"] = bool(y)
        if alpha is not None:
            self.alpha = float(alpha)
        for name in ("left", "bottom", "right", "top"):
            self.plot_item.getAxis(name).setGrid(False)
        for level, line in enumerate(self.lines):
            line.setPen(pg.mkPen(blend(self.color, self.background, self.alpha * (1.0 if level == 0 else 0.35)),
                                 width=1.0))
        self._key = None
        self.refresh()

    def _tick_values(self, name: str, low: float, high: float, size: float) -> list[list[float]]:
        axis = self.plot_item.getAxis(name)
        levels = axis._tickLevels  # explicit ticks (setTicks), as the axis itself draws them
        if levels is not None:
            values = [[value for value, _text in level] for level in levels]
        elif size <= 0:
            return []  # a view not laid out yet has no ticks (pyqtgraph 0.13 divides by its size)
        else:
            values = [list(level_values) for _spacing, level_values in axis.tickValues(low, high, size)]
        max_level = axis.style.get("maxTickLevel", 2)
        return values[:min(max_level + 1, 2)]

    def refresh(self, *_args) -> None:
        (x0, x1), (y0, y1) = self.view.viewRange()
        rect = self.view.rect()
        key = (x0, x1, y0, y1, rect.width(), rect.height(), self.shown["left"], self.shown["bottom"])
        if key == self._key:
            return
        self._key = key
        segments: list[tuple[list[float], list[float]]] = [([], []), ([], [])]
        if self.shown["bottom"]:
            for level, values in enumerate(self._tick_values("bottom", x0, x1, rect.width())):
                for value in values:
                    if x0 <= value <= x1:
                        segments[level][0].extend((value, value))
                        segments[level][1].extend((y0, y1))
        if self.shown["left"]:
            for level, values in enumerate(self._tick_values("left", y0, y1, rect.height())):
                for value in values:
                    if y0 <= value <= y1:
                        segments[level][0].extend((x0, x1))
                        segments[level][1].extend((value, value))
        for line, (xs, ys) in zip(self.lines, segments):
            line.setData(np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64))


class EventMarkers:
    """Labelled vertical lines at live-change events; line items are reused, never recreated per frame."""

    def __init__(self, plot_item: pg.PlotItem, max_markers: int = 40) -> None:
        self.plot_item = plot_item
        self.max_markers = max_markers
        self._lines: list[pg.InfiniteLine] = []
        self._shown: tuple[Event, ...] = ()

    def update(self, events: tuple[Event, ...]) -> None:
        events = events[-self.max_markers:]
        if events == self._shown:
            return
        theme = current_theme()
        while len(self._lines) < len(events):
            line = pg.InfiniteLine(angle=90, movable=False,
                                   label="", labelOpts={"position": 0.92, "rotateAxis": (1, 0), "anchors":
                                                        [(1, 0), (1, 0)], "fill": (255, 255, 255, 170)})
            line.setZValue(50)
            self.plot_item.addItem(line, ignoreBounds=True)
            self._lines.append(line)
        for line, event in zip(self._lines, events):
            color = theme.diverged if event.kind == "diverged" else theme.event
            line.setPen(pg.mkPen(color, width=max(1.5, theme.line_width * 0.75), style=Qt.PenStyle.DashLine))
            line.setValue(event.step)
            line.label.setFormat(event_text(event))
            line.label.setColor(QColor(color))
            backdrop = QColor(theme.background)
            backdrop.setAlpha(170)
            line.label.fill = pg.mkBrush(backdrop)
            line.label.setFont(font(max(8, theme.font_points - 1)))
            line.show()
            line.label.show()
        for line in self._lines[len(events):]:
            line.hide()
            line.label.hide()
        self._shown = events

    def retranslate(self) -> None:
        """Relabel the shown markers in the current language (call from the plot's retranslate_ui)."""
        for line, event in zip(self._lines, self._shown):
            line.label.setFormat(event_text(event))


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


def health_color(grad_norm: float, theme: Theme | None = None) -> str:
    """Colour of a gradient-flow bar: vanishing (< 1e-5), healthy, exploding (> 1e2)."""
    from bpviz.engine.telemetry import EXPLODING_ABOVE, VANISHING_BELOW

    theme = theme or current_theme()
    if not grad_norm == grad_norm or grad_norm > EXPLODING_ABOVE:  # NaN counts as exploding
        return theme.exploding
    if grad_norm < VANISHING_BELOW:
        return theme.vanishing
    return theme.healthy


# ---------------------------------------------------------------- helpers for the training-diagnostics plots

def finite_or_nan(values) -> np.ndarray:
    """A float64 copy with +-Inf turned into NaN, so a diverged value leaves a gap instead of a wild line."""
    array = np.array(values, dtype=np.float64, copy=True)
    array[~np.isfinite(array)] = np.nan
    return array


def log10_or_nan(values) -> np.ndarray:
    """log10 of each value; NaN where the value is 0, negative or not finite (nothing to draw there)."""
    array = finite_or_nan(values)
    out = np.full(array.shape, np.nan)
    positive = array > 0
    out[positive] = np.log10(array[positive])
    return out


def exponent_label(exponent: float) -> str:
    """Tick text for a log10 value: -40 -> "1e-40", 0 -> "1", 5 -> "1e+5"."""
    power = int(round(exponent))
    return "1" if power == 0 else f"1e{power:+d}"


class LogExponentAxis(pg.AxisItem):
    """An axis whose values are log10 exponents, with ticks only at whole powers of ten labelled 1e-40 ... 1e+5."""

    def tickSpacing(self, minVal, maxVal, size):  # noqa: N802, N803 (pyqtgraph's names)
        levels = []
        for spacing, offset in super().tickSpacing(minVal, maxVal, size):
            spacing = max(1.0, float(round(spacing)))
            if all(spacing != kept for kept, _ in levels):
                levels.append((spacing, offset))
        return levels

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph's name)
        return [exponent_label(value * scale) for value in values]


def twin_viewbox(plot_item: pg.PlotItem, axis: str = "right") -> pg.ViewBox:
    """A second ViewBox sharing the plot's x axis, with its own y scale on ``axis`` (e.g. accuracy 0..100 %).

    It is a child of the PlotItem (so image/SVG export of the PlotItem includes it) and follows the main view's
    geometry. Its items are not picked up by the plot's legend automatically: add them with ``legend.addItem``.
    """
    view = pg.ViewBox()
    view.setParentItem(plot_item)
    view.setMouseEnabled(x=False, y=False)
    view.setMenuEnabled(False)
    plot_item.showAxis(axis)
    plot_item.getAxis(axis).linkToView(view)
    view.setXLink(plot_item.vb)

    def follow_main_view() -> None:
        view.setGeometry(plot_item.vb.geometry())
        view.linkedViewChanged(plot_item.vb, view.XAxis)

    plot_item.vb.sigResized.connect(follow_main_view)
    follow_main_view()
    return view


def layer_colormap(theme: Theme | None = None) -> pg.ColorMap:
    """Input layer -> output layer colours (plasma: dark violet to orange), visible on light and dark backgrounds."""
    theme = theme or current_theme()
    low, high = (0.0, 0.82) if theme.name != "dark" else (0.25, 1.0)
    positions = np.linspace(0.0, 1.0, 9)
    colors = pg.colormap.get("plasma").map(low + positions * (high - low), mode="qcolor")
    return pg.ColorMap(positions, colors)


def layer_colors(layers, depth: int, theme: Theme | None = None) -> list[QColor]:
    """The colour of each 0-based layer index in ``layers`` for a network of ``depth`` layers."""
    cmap = layer_colormap(theme)
    fractions = np.asarray(layers, dtype=np.float64) / max(depth - 1, 1)
    return list(cmap.map(fractions, mode="qcolor"))


def layer_subset(depth: int, limit: int, shown: int | None = None) -> np.ndarray:
    """All 0-based layer indices if depth <= limit, else ``shown`` (default: limit) evenly spaced ones,
    always including the first and the last layer."""
    if depth <= limit:
        return np.arange(depth)
    return np.unique(np.round(np.linspace(0, depth - 1, shown or limit)).astype(int))


class WidenOnlyRange:
    """An axis range that only grows (so a plot does not jump every frame) until :meth:`reset`."""

    def __init__(self, minimum_span: float = 1.0) -> None:
        self.minimum_span = minimum_span
        self.low: float | None = None
        self.high: float | None = None

    def reset(self) -> None:
        self.low = self.high = None

    def include(self, low: float, high: float) -> bool:
        """Widen to cover [low, high] (non-finite bounds are ignored); returns whether the range changed."""
        if not (np.isfinite(low) and np.isfinite(high)):
            return False
        if self.low is None or self.high is None:
            if high - low < self.minimum_span:  # the first range is at least minimum_span wide
                middle = 0.5 * (low + high)
                low, high = middle - 0.5 * self.minimum_span, middle + 0.5 * self.minimum_span
        elif low >= self.low and high <= self.high:
            return False
        self.low = low if self.low is None else min(self.low, low)
        self.high = high if self.high is None else max(self.high, high)
        return True


def style_legend(legend: pg.LegendItem, theme: Theme) -> None:
    """Legend text in the theme's colour and size, on a mostly opaque background so lines behind stay readable."""
    legend.setLabelTextColor(theme.foreground)
    legend.setLabelTextSize(f"{theme.font_points}pt")
    background = QColor(theme.background)
    background.setAlpha(215)
    legend.setBrush(pg.mkBrush(background))
    border = QColor(theme.foreground)
    border.setAlpha(90)
    legend.setPen(pg.mkPen(border))


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


# ---------------------------------------------------------------- log10 value axes (gradient norms span 1e-300..1e+10)

#: Lowest decade a log axis shows by default, and the coarser floors it steps down to when the data go deeper,
#: so 1e-94 is drawn as 1e-94 (not clamped to 1e-45) while the axis still does not jitter from frame to frame.
LOG_FLOORS = (-45.0, -100.0, -200.0, -330.0)


def log_floor(min_log: float, floors: tuple[float, ...] = LOG_FLOORS) -> float:
    """The highest floor in ``floors`` at least half a decade below ``min_log`` (NaN: the first floor)."""
    if not math.isfinite(min_log):
        return floors[0]
    for floor in floors:
        if min_log >= floor + 0.5:
            return floor
    return floors[-1]


def safe_log10(values, floor: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """log10 of magnitudes for drawing: ``(logs, clamped, not_finite)``.

    Zeros (a dead ReLU layer) and values below ``10**floor`` are clamped to ``floor`` and flagged ``clamped``;
    NaN/Inf (a diverged run) give NaN and are flagged ``not_finite``. Never warns or raises.
    """
    array = np.abs(np.asarray(values, dtype=np.float64).reshape(-1))
    not_finite = ~np.isfinite(array)
    with np.errstate(all="ignore"):
        logs = np.log10(np.where(not_finite | (array <= 0), 1.0, array))
    clamped = ~not_finite & ((array <= 0) | (logs < floor))
    logs = np.where(clamped, floor, logs)
    logs[not_finite] = np.nan
    return logs, clamped, not_finite


def format_sci(value: float, digits: int = 1) -> str:
    """A number as a student reads it on a log plot: ``3.2e-08``; NaN/Inf as ``NaN``/``Inf``."""
    if value != value:
        return "NaN"
    if math.isinf(value):
        return "Inf" if value > 0 else "-Inf"
    if value == 0:
        return "0"
    return f"{value:.{digits}e}"


class Log10Axis(LogExponentAxis):
    """A value axis for data already in log10 units, labelled ``1e-40 ... 1e-10 1 1e+5`` (:func:`exponent_label`).

    Ticks fall on whole decades with a spacing (1, 2, 5, 10, 20, 50, 100 decades) that leaves room for every
    label at the current font; ``always`` values (e.g. 5.0 for 1e+5) are labelled too when they fit.
    """

    SPACINGS = (1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0)

    def __init__(self, orientation: str = "left", always: tuple[float, ...] = (), **kwargs) -> None:
        super().__init__(orientation, **kwargs)
        self.always = tuple(always)
        self.setStyle(maxTextLevel=0)  # minor (single-decade) ticks carry no text

    def _label_pixels(self) -> float:
        metrics = QFontMetrics(self.style.get("tickFont") or QFont())
        if self.orientation in ("left", "right"):
            return metrics.height() * 1.6
        return metrics.horizontalAdvance("1e-300") * 1.4

    #: no ticks above this value (e.g. a text band above the data), None: up to the top of the view
    ceiling: float | None = None

    def tickValues(self, minVal: float, maxVal: float, size: float):  # noqa: N802,N803 (pyqtgraph's names)
        low, high = sorted((minVal, maxVal))
        if self.ceiling is not None and high > self.ceiling > low:
            size *= (self.ceiling - low) / (high - low)
            high = self.ceiling
        span = high - low
        if not (math.isfinite(span) and span > 0 and size > 0):
            return []
        max_labels = max(2.0, size / self._label_pixels())
        spacing = next((s for s in self.SPACINGS if span / s + 1 <= max_labels), self.SPACINGS[-1])
        while span / spacing > 12:  # very long ranges (1e-330 ... 1e+10) on a short axis
            spacing *= 2
        major = np.arange(math.ceil(low / spacing) * spacing, high + 1e-9, spacing)
        extra = [v for v in self.always if low <= v <= high and np.all(np.abs(major - v) >= 0.45 * spacing)]
        levels = [(spacing, sorted([*major.tolist(), *extra]))]
        if spacing > 1 and span <= 120:
            minor = np.arange(math.ceil(low), math.floor(high) + 1, 1.0)
            minor = minor[np.all(np.abs(minor[:, None] - np.asarray(levels[0][1])[None, :]) > 1e-6, axis=1)]
            levels.append((1.0, minor.tolist()))
        return levels


# ---------------------------------------------------------------- legends and hatched (network B) bars

def make_legend(plot_item: pg.PlotItem, theme: Theme | None = None, offset: tuple[int, int] = (10, 10),
                columns: int = 1) -> pg.LegendItem:
    """A legend in the plot's corner (``offset`` < 0 anchors right/bottom), styled by :func:`style_legend`."""
    legend = plot_item.addLegend(offset=offset, colCount=columns)
    style_legend(legend, theme or current_theme())
    return legend


def restyle_legend_labels(legend: pg.LegendItem, theme: Theme) -> None:
    """:func:`style_legend` plus re-rendering the existing entries at the theme's colour and size."""
    style_legend(legend, theme)
    for _sample, label in legend.items:
        label.setText(label.text, color=theme.foreground, size=f"{theme.font_points}pt")


def show_in_legend(legend: pg.LegendItem, item, name: str, visible: bool = True) -> None:
    """Add, rename or remove ``item``'s legend entry (e.g. network B's entries only in compare mode)."""
    label = legend.getLabel(item)
    if visible and label is None:
        legend.addItem(item, name)
    elif visible and label.text != name:
        label.setText(name)
    elif not visible and label is not None:
        legend.removeItem(item)


def hatched_brush(color: str) -> pg.QtGui.QBrush:
    """Diagonal hatching in ``color``: network B's bars next to A's solid ones."""
    return pg.QtGui.QBrush(QColor(color), Qt.BrushStyle.BDiagPattern)


class WrappingLegend(pg.LegendItem):
    """A legend with up to ``max_columns`` entries per row that wraps into more rows when the plot is narrow
    (a ~400 px dock), so it never pushes the plot wider than its widget and never cuts off an entry."""

    def __init__(self, max_columns: int) -> None:
        super().__init__(colCount=max_columns)
        self.max_columns = max_columns
        self.available_width: float | None = None
        self._fitting = False

    def row_width(self, columns: int) -> float:
        """Width of the widest row with ``columns`` entries per row (samples, labels, spacing, margins)."""
        spacing = self.layout.horizontalSpacing()
        widths = [sample.boundingRect().width() + (label.minimumWidth() or label.width()) + spacing + 3
                  for sample, label in self.items]
        rows = [widths[i:i + columns] for i in range(0, len(widths), columns)] or [[]]
        return max(sum(row) + spacing * max(len(row) - 1, 0) for row in rows) + 8

    def fit(self, available_width: float | None = None) -> None:
        """Use the most entries per row that fit in ``available_width`` pixels (remembered for later entries)."""
        if available_width is not None:
            self.available_width = available_width
        if self._fitting or self.available_width is None or not self.items:
            return
        columns = next((n for n in range(self.max_columns, 1, -1) if self.row_width(n) <= self.available_width), 1)
        if columns != self.columnCount:
            self._fitting = True
            try:
                self.setColumnCount(columns)
                self.layout.invalidate()
                plot_item = self.parentLayoutItem()
                plot_item = plot_item.parentLayoutItem() if plot_item is not None else None
                view = _graphics_view(plot_item)
                if view is not None and getattr(view, "range", None) is not None:
                    plot_item.setGeometry(view.range)  # the plot was stretched by the wider legend: shrink it back
            finally:
                self._fitting = False

    def updateSize(self) -> None:  # noqa: N802 (pyqtgraph's name)
        super().updateSize()
        self.fit()


def legend_below_plot(plot_item: pg.PlotItem, columns: int = 3) -> pg.LegendItem:
    """A legend in its own row under the bottom axis: it never hides data, however the curves move, and it wraps
    into more rows when the plot is too narrow for ``columns`` entries side by side."""
    legend = WrappingLegend(columns)
    plot_item.layout.addItem(legend, 4, 0, 1, 3, alignment=Qt.AlignmentFlag.AlignHCenter)

    def fit() -> None:
        view = _graphics_view(plot_item)
        legend.fit((view.viewport().width() if view is not None else plot_item.width()) - 6)

    plot_item.geometryChanged.connect(fit)
    return legend


def _graphics_view(item) -> pg.GraphicsView | None:
    """The view (e.g. the PlotWidget) that shows ``item``, if any."""
    scene = item.scene() if item is not None else None
    views = scene.views() if scene is not None else []
    return views[0] if views else None


def side_colorbar(plot_item: pg.PlotItem, color_map: pg.ColorMap, values: tuple[float, float]) -> pg.ColorBarItem:
    """A read-only colour scale to the right of the plot (a key for colours, not a control)."""
    bar = pg.ColorBarItem(values=values, colorMap=color_map, interactive=False, colorMapMenu=False, width=16)
    plot_item.layout.setColumnFixedWidth(4, 6)
    plot_item.layout.addItem(bar, 2, 5)
    return bar


def style_colorbar(bar: pg.ColorBarItem, theme: Theme, label: str) -> None:
    """Colour-bar ticks and label in the theme's colour and size."""
    for name in ("left", "right", "top", "bottom"):
        axis = bar.getAxis(name)
        axis.setPen(pg.mkPen(theme.foreground))
        axis.setTextPen(pg.mkPen(theme.foreground))
        axis.setTickFont(font(max(8, theme.font_points - 1)))
    bar.axis.setLabel(label, color=theme.foreground, **{"font-size": f"{theme.font_points}pt"})
    bar.axis.setWidth(int(2.2 * theme.font_points + 34))


class CornerText(pg.TextItem):
    """Text pinned to a corner of a plot's view (in pixels, whatever the data range), on a translucent box.

    ``corner`` is (0|1, 0|1): (1, 0) = top right. Use it for the numbers a student must read at a glance.
    """

    def __init__(self, plot_item: pg.PlotItem, corner: tuple[int, int] = (1, 0), margin: float = 6.0) -> None:
        super().__init__(anchor=corner)
        self.corner = corner
        self.margin = margin
        self.view = plot_item.vb
        self.setParentItem(self.view)
        self.setZValue(1000)
        self.view.sigResized.connect(self._follow_view)
        self._follow_view()

    def set_corner(self, corner: tuple[int, int]) -> None:
        """Move to another corner, e.g. the one the data leave free."""
        if corner != self.corner:
            self.corner = corner
            self.setAnchor(corner)
            self._follow_view()

    def _follow_view(self, *_args) -> None:
        rect = self.view.rect()
        x = rect.right() - self.margin if self.corner[0] else rect.left() + self.margin
        y = rect.bottom() - self.margin if self.corner[1] else rect.top() + self.margin
        self.setPos(x, y)
        self._fit_width()

    def _fit_width(self) -> None:
        """Lines longer than the view wrap inside it (a narrow dock) instead of running off its edge."""
        available = max(80.0, self.view.rect().width() - 2 * self.margin)
        if self.textItem.textWidth() > 0:  # wrapped: measure the natural width again (a relayout, only then)
            self.textItem.setTextWidth(-1)
        if self.textItem.boundingRect().width() > available:
            self.textItem.setTextWidth(available)
        self.updateTextPos()

    def set_box(self, theme: Theme) -> None:
        background = QColor(theme.background)
        background.setAlpha(200)
        self.fill = pg.mkBrush(background)
        self.border = pg.mkPen(None)
        self.update()

    def set_lines(self, lines: list[tuple[str, str]], points: int, bold: bool = True) -> None:
        """One line per ``(colour, text)``; the text is escaped, so it is never read as HTML."""
        from html import escape

        weight = "bold" if bold else "normal"
        body = "<br>".join(f"<span style='color:{color}'>{escape(text)}</span>" for color, text in lines)
        self.setHtml(f"<div style='font-size:{points}pt; font-weight:{weight}'>{body}</div>")
        self._fit_width()


def layer_ticks(depth: int, max_ticks: int = 14, offset: float = 0.0) -> list[tuple[float, str]]:
    """Ticks for 1-based layer numbers 1..depth (drawn at ``offset + layer``): every layer for shallow nets,
    otherwise a round step, always with the first and the last layer."""
    step = next((s for s in (1, 2, 5, 10, 20, 25, 50, 100) if depth / s <= max_ticks), 100)
    values = sorted({1, depth, *range(step, depth + 1, step)})
    if step > 1 and len(values) > 2 and values[-1] - values[-2] < step * 0.5:
        values.pop(-2)  # keep "depth" readable next to the last round tick
    return [(offset + v, str(v)) for v in values]


def quiet_grid(plot_item: pg.PlotItem) -> None:
    """Grid lines at the labelled and the first minor ticks only: the finest level is noise on a projector."""
    for name in ("left", "bottom"):
        plot_item.getAxis(name).setStyle(maxTickLevel=1)


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


class StepHeadroom(pg.GraphicsObject):
    """An invisible item whose x extent a view's auto-range covers: from the first step to a quarter beyond the
    last, growing again only when the data reach its end. A time axis then moves a few times per doubling of the run
    instead of on every frame (each move repaints both axes and the grid and replots every curve: ~2 ms a frame).
    After a reset (the run much shorter than the extent) it shrinks back."""

    GROWTH = 0.25

    def __init__(self) -> None:
        super().__init__()
        self.extent: tuple[float, float] | None = None

    def cover(self, first: float, last: float) -> None:
        if not (math.isfinite(first) and math.isfinite(last)):
            return
        extent = self.extent
        span = max(last - first, 1.0)
        if (extent is None or first != extent[0] or last > extent[1]
                or span * (1.0 + self.GROWTH) ** 2 < extent[1] - extent[0]):
            self.extent = (first, first + span * (1.0 + self.GROWTH))
            self.informViewBoundsChanged()

    def clear(self) -> None:
        self.extent = None
        self.informViewBoundsChanged()

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange=None) -> tuple:  # noqa: N803 (pyqtgraph's name)
        if ax == 0 and self.extent is not None:
            return self.extent
        return (None, None)

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt's name)
        return QRectF()

    def paint(self, *_args) -> None:
        pass


def cover_steps(headroom: StepHeadroom, histories: list[HistoryView]) -> None:
    """Let ``headroom`` cover the steps of every history that has rows."""
    spans = [(float(h.steps[0]), float(h.steps[-1])) for h in histories if len(h.steps)]
    if spans:
        headroom.cover(min(first for first, _ in spans), max(last for _, last in spans))
    elif headroom.extent is not None:
        headroom.clear()


def time_curve(**kwargs) -> pg.PlotDataItem:
    """A curve over training steps that stays cheap to paint with thousands of rows and thick or dashed pens:
    only the visible part is drawn, averaged down to about one point per two pixels (zooming in shows every row)."""
    curve = pg.PlotDataItem(connect="finite", clipToView=True, **kwargs)
    curve.setDownsampling(auto=True, method="mean")
    curve.opts["autoDownsampleFactor"] = 0.5  # pyqtgraph's default (5 points per pixel) costs ~4x the paint time
    return curve
