"""Plot items the plots share: live-change markers, corner texts, the headroom of time axes, cheap time curves,
network B's hatching and colour bars. Each is created once and then only moved to new data."""

from __future__ import annotations

import PySide6  # noqa: F401  (pyqtgraph must find PySide6 first)
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor

import pyqtgraph as pg

from bpviz.engine.telemetry import Event, HistoryView
from bpviz.ui.plots.numeric import grown_extent
from bpviz.ui.plots.texts import event_text
from bpviz.ui.plots.theme import Theme, current_theme, font


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
        extent = grown_extent(self.extent, first, last, self.GROWTH)
        if extent is not None:
            self.extent = extent
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


def hatched_brush(color: str) -> pg.QtGui.QBrush:
    """Diagonal hatching in ``color``: network B's bars next to A's solid ones."""
    return pg.QtGui.QBrush(QColor(color), Qt.BrushStyle.BDiagPattern)


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
