"""Plot items the plots share: live-change markers, corner texts, the headroom of time axes, cheap time curves,
network B's hatching and colour bars. Each is created once and then only moved to new data."""

from __future__ import annotations

import PySide6  # noqa: F401  (pyqtgraph must find PySide6 first)
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor

import pyqtgraph as pg

from bpviz.engine.telemetry import Event, HistoryView
from bpviz.ui.plots.numeric import grown_extent
from bpviz.ui.plots.texts import event_text, watch_extra_axis
from bpviz.ui.plots.theme import Theme, current_theme, font


class EventMarkers:
    """Labelled vertical lines at live-change events; line items are reused, never recreated per frame.

    In compare mode ``update(events, events_b)`` also marks network B's own events (its divergence, a change only B
    saw) as "B: ..."; an event both networks share (a live change applies to both) is marked once.
    """

    def __init__(self, plot_item: pg.PlotItem, max_markers: int = 40, obstacles=None) -> None:
        self.plot_item = plot_item
        self.max_markers = max_markers
        self.obstacles = obstacles  # () -> items whose text a marker label must not cover (e.g. the "A"/"B" labels)
        self._lines: list[pg.InfiniteLine] = []
        self._shown: tuple[tuple[Event, str], ...] = ()
        plot_item.vb.sigResized.connect(self.fit_labels)
        plot_item.vb.sigXRangeChanged.connect(self.fit_labels)

    @property
    def texts(self) -> list[str]:
        """The label of every marker shown now, as drawn (for tests and assistive tools)."""
        return [line.label.toPlainText() for line in self._lines[:len(self._shown)]]

    def update(self, events: tuple[Event, ...], events_b: tuple[Event, ...] | None = None) -> None:
        marked = marked_events(events, events_b)[-self.max_markers:]
        if marked == self._shown:
            return
        theme = current_theme()
        while len(self._lines) < len(marked):
            line = pg.InfiniteLine(angle=90, movable=False,
                                   label="", labelOpts={"position": 0.92, "rotateAxis": (1, 0), "anchors":
                                                        [(1, 0), (1, 0)], "fill": (255, 255, 255, 170)})
            line.setZValue(50)
            self.plot_item.addItem(line, ignoreBounds=True)
            self._lines.append(line)
        for line, (event, network) in zip(self._lines, marked):
            color = theme.diverged if event.kind == "diverged" else theme.event
            line.setPen(pg.mkPen(color, width=max(1.5, theme.line_width * 0.75), style=Qt.PenStyle.DashLine))
            line.setValue(event.step)
            line.show()
            line.label.show()
            _set_marker_text(line, event_text(event, network))
            line.label.setColor(QColor(color))
            backdrop = QColor(theme.background)
            backdrop.setAlpha(170)
            line.label.fill = pg.mkBrush(backdrop)
            line.label.setFont(font(max(8, theme.font_points - 1)))
        for line in self._lines[len(marked):]:
            line.hide()
            line.label.hide()
        self._shown = marked
        self.fit_labels()

    def fit_labels(self, *_args) -> None:
        """Show a marker's label only where it fits: along the line within the view's height, and clear of the
        labels of newer markers (events a few steps apart); a label left out keeps its line. Never a cut label."""
        view = self.plot_item.vb
        width, height = view.width(), view.height()
        x0, x1 = view.viewRange()[0]
        if width <= 0 or height <= 0 or x1 <= x0:
            return
        taken: list[float] = []
        blocked = [item.sceneBoundingRect() for item in (self.obstacles() if self.obstacles else ())
                   if item.isVisible()]
        for line, (event, _network) in reversed(list(zip(self._lines, self._shown))):
            label = line.label
            rect = label.boundingRect()
            x = (float(event.step) - x0) / (x1 - x0) * width
            inside = -1.0 <= x <= width + 1.0
            fits = inside and rect.width() <= 0.92 * height - 4.0
            clear = all(abs(x - other) >= rect.height() + 2.0 for other in taken)
            if fits and clear and blocked:
                label.updatePosition()
                scene = label.sceneBoundingRect()
                clear = not any(scene.intersects(other) for other in blocked)
            shown = fits and clear
            if shown:
                taken.append(x)
            if label.isVisible() != shown:
                label.setVisible(shown)

    def retranslate(self) -> None:
        """Relabel the shown markers in the current language (call from the plot's retranslate_ui)."""
        for line, (event, network) in zip(self._lines, self._shown):
            _set_marker_text(line, event_text(event, network))

    def restyle(self) -> None:
        """Draw every marker again at the next update (a new theme)."""
        self._shown = ()


def marked_events(events: tuple[Event, ...], events_b: tuple[Event, ...] | None) -> tuple[tuple[Event, str], ...]:
    """(event, network) pairs to mark, by step: network "" (one network, or an event A and B share), "A" or "B"."""
    if events_b is None:
        return tuple((event, "") for event in events)
    shared = {(event.step, event.label, event.kind) for event in events} & \
        {(event.step, event.label, event.kind) for event in events_b}
    marked = [(event, "" if (event.step, event.label, event.kind) in shared else "A") for event in events]
    marked += [(event, "B") for event in events_b if (event.step, event.label, event.kind) not in shared]
    marked.sort(key=lambda pair: pair[0].step)
    return tuple(marked)


def _set_marker_text(line: pg.InfiniteLine, text: str) -> None:
    """Set a marker's label now. InfLineLabel.setFormat draws its text only while the label is visible, so a line
    reused from the hidden pool kept the text of the event it marked before (issue 9: "residual on" on a batch-norm
    change after a reset); the format is also a str.format pattern, so braces in a label are escaped."""
    label = line.label
    label.format = text.replace("{", "{{").replace("}", "}}")
    if label.toPlainText() != text:
        label.setText(text)
    label.updatePosition()


def lines_html(lines: list[tuple], points: int, bold: bool = True) -> str:
    """The HTML of :meth:`CornerText.set_lines`: one line per ``(colour, text)`` or ``(colour, text, points, bold)``,
    the text escaped."""
    from html import escape

    def line_html(line: tuple) -> str:
        color, text = line[0], line[1]
        if len(line) == 2:
            return f"<span style='color:{color}'>{escape(text)}</span>"
        weight = "bold" if line[3] else "normal"
        return f"<span style='color:{color}; font-size:{line[2]}pt; font-weight:{weight}'>{escape(text)}</span>"

    weight = "bold" if bold else "normal"
    body = "<br>".join(line_html(line) for line in lines)
    return f"<div style='font-size:{points}pt; font-weight:{weight}'>{body}</div>"


def text_box(item: pg.TextItem, theme: Theme) -> None:
    """A translucent box of the theme's background behind ``item``'s text: readable over lines, points and grid."""
    background = QColor(theme.background)
    background.setAlpha(200)
    item.fill = pg.mkBrush(background)
    item.border = pg.mkPen(None)
    item.update()


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
        text_box(self, theme)

    def set_lines(self, lines: list[tuple], points: int, bold: bool = True) -> None:
        """One line per ``(colour, text)`` in ``points`` (bold or not), or per ``(colour, text, points, bold)`` for
        a line of its own size (e.g. a small note under the numbers); the text is escaped, never read as HTML."""
        self.set_html(lines_html(lines, points, bold))

    def set_html(self, html: str) -> None:
        """Show ``html`` (made by :meth:`set_lines`), fitted to the view's width."""
        if html != getattr(self, "_html", None):  # a relayout of the text only when it changed
            self._html = html
            self.setHtml(html)
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
    watch_extra_axis(plot_item, bar.axis)  # its label is fitted to its height like the plot's own axes
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
