"""Axes and grids: log10 value axes labelled 1e-40 ... 1e+5, a fast opaque grid, a second y axis, quieter grids."""

from __future__ import annotations

import math

import numpy as np
import PySide6  # noqa: F401  (pyqtgraph must find PySide6 first)
from PySide6.QtGui import QFont, QFontMetrics

import pyqtgraph as pg

from bpviz.ui.plots.numeric import exponent_label
from bpviz.ui.plots.theme import blend, current_theme


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

        def labels_at(step: float) -> int:
            return math.floor(high / step + 1e-9) - math.ceil(low / step - 1e-9) + 1

        spacing = next((s for s in self.SPACINGS if labels_at(s) <= max_labels), self.SPACINGS[-1])
        while span / spacing > 12:  # very long ranges (1e-330 ... 1e+10) on a short axis
            spacing *= 2
        major = np.arange(math.ceil(low / spacing) * spacing, high + 1e-9, spacing)
        extra = [v for v in self.always if low <= v <= high and np.all(np.abs(major - v) >= 0.45 * spacing)]
        levels = [(spacing, sorted([*major.tolist(), *extra]))]
        if spacing > 1 and span <= 120 and size / span >= 6:  # a minor line per decade, if they are 6 px apart
            minor = np.arange(math.ceil(low), math.floor(high) + 1, 1.0)
            minor = minor[np.all(np.abs(minor[:, None] - np.asarray(levels[0][1])[None, :]) > 1e-6, axis=1)]
            levels.append((1.0, minor.tolist()))
        return levels


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
        if rect.width() <= 0 or rect.height() <= 0:  # a plot not laid out yet (behind a tab): nothing to draw
            for line in self.lines:
                line.setData(np.zeros(0), np.zeros(0))
            return
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


def quiet_grid(plot_item: pg.PlotItem) -> None:
    """Grid lines at the labelled and the first minor ticks only: the finest level is noise on a projector."""
    for name in ("left", "bottom"):
        plot_item.getAxis(name).setStyle(maxTickLevel=1)
