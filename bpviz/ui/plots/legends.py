"""Legends: styled by the theme, entries shown only while they apply, and a legend under the plot that wraps into
rows in a narrow dock."""

from __future__ import annotations

import math

import PySide6  # noqa: F401  (pyqtgraph must find PySide6 first)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

import pyqtgraph as pg

from bpviz.ui.plots.theme import Theme, current_theme

SMALLEST_LEGEND_POINTS = 8


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
        """Use the most entries per row that fit in ``available_width`` pixels (remembered for later entries); if
        even one entry per row is wider (presentation fonts in a small dock), set the texts smaller, down to
        SMALLEST_LEGEND_POINTS, instead of letting the legend push the plot past its widget."""
        if available_width is not None:
            self.available_width = available_width
        if self._fitting or self.available_width is None or not self.items:
            return
        self._fit_text_size()
        # (row_width misses the layout's own margins by up to ~12 px: keep some slack)
        columns = next((n for n in range(self.max_columns, 1, -1) if self.row_width(n) + 16 <= self.available_width),
                       1)
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

    def _fit_text_size(self) -> None:
        """The legend's own text size (from the theme: ``opts['labelTextSize']``), or smaller so one entry per row
        fits the available width."""
        wanted = str(self.opts.get("labelTextSize") or "")
        if not wanted.endswith("pt"):
            return
        wanted_points = float(wanted[:-2])
        sizes = [label.opts.get("size") for _sample, label in self.items]
        self._fitting = True
        try:
            if any(size != wanted for size in sizes):  # start from the theme's size (the dock may have grown)
                for _sample, label in self.items:
                    label.setText(label.text, size=wanted)
            widest = self.row_width(1) + 16
            if widest > self.available_width:
                points = max(SMALLEST_LEGEND_POINTS, math.floor(wanted_points * self.available_width / widest))
                for _sample, label in self.items:
                    label.setText(label.text, size=f"{points}pt")
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
        width = view.viewport().width() if view is not None else plot_item.width()
        # the legend spans the plot's first three columns; a colour bar to their right (column 5) takes the rest
        beside = sum(item.geometry().width() for item in _items_right_of(plot_item.layout, 2))
        legend.fit(width - beside - 6)

    plot_item.geometryChanged.connect(fit)
    return legend


def _items_right_of(layout, column: int) -> list:
    """The layout's items that start right of ``column`` (e.g. a colour bar beside the plot)."""
    items = []
    for index in range(layout.count()):
        item = layout.itemAt(index)
        for row in range(layout.rowCount()):
            for col in range(column + 1, layout.columnCount()):
                if layout.itemAt(row, col) is item and item not in items:
                    items.append(item)
    return items


def _graphics_view(item) -> pg.GraphicsView | None:
    """The view (e.g. the PlotWidget) that shows ``item``, if any."""
    scene = item.scene() if item is not None else None
    views = scene.views() if scene is not None else []
    return views[0] if views else None
