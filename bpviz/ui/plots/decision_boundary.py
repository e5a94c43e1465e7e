"""decisionBoundaryPlot: the model's P(class 1) over the input plane (TensorFlow Playground's view), its 0.5
contour, and the train points (filled) and test points (hollow) coloured by class.

The probability grid is computed only on some frames (Snapshot.decision_grid may be None): the last image stays.
In compare mode network B's 0.5 contour is drawn dashed over A's picture.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QTransform
from PySide6.QtWidgets import QWidget

import pyqtgraph as pg

from bpviz.engine.telemetry import DecisionGrid, HistoryView, Snapshot
from bpviz.ui.plots.items import side_colorbar, style_colorbar
from bpviz.ui.plots.legends import legend_below_plot, restyle_legend_labels, style_legend
from bpviz.ui.plots.panel import PlotPanel
from bpviz.ui.plots.texts import set_plot_texts, stopped_text
from bpviz.ui.plots.theme import Theme, current_theme, font

# Qt's lupdate extracts translate("Context", "text") calls with a literal context
translate = QCoreApplication.translate

PALE = 0.5  # how far the background's class colours are blended toward the background: the points stay visible


def blend(color: str, background: str, amount: float) -> QColor:
    """``color`` moved ``amount`` (0..1) of the way toward ``background``."""
    a, b = QColor(color), QColor(background)
    return QColor(round(a.red() + (b.red() - a.red()) * amount), round(a.green() + (b.green() - a.green()) * amount),
                  round(a.blue() + (b.blue() - a.blue()) * amount))


def probability_colormap(theme: Theme) -> pg.ColorMap:
    """Diverging: pale class-0 colour at P=0, the background at P=0.5 (undecided), pale class-1 colour at P=1."""
    colors = [blend(theme.class_colors[0], theme.background, PALE), QColor(theme.background),
              blend(theme.class_colors[1], theme.background, PALE)]
    return pg.ColorMap([0.0, 0.5, 1.0], colors)


def grid_transform(grid: DecisionGrid) -> tuple[QRectF, QTransform]:
    """The image rectangle in data coordinates (each grid point at a pixel centre) and the matching transform
    from pixel-index coordinates (what IsocurveItem draws in) to data coordinates."""
    xs, ys = np.asarray(grid.xs, dtype=np.float64), np.asarray(grid.ys, dtype=np.float64)
    dx = float(xs[1] - xs[0]) if len(xs) > 1 else 1.0
    dy = float(ys[1] - ys[0]) if len(ys) > 1 else 1.0
    x0, y0 = float(xs[0]) - dx / 2, float(ys[0]) - dy / 2
    rect = QRectF(x0, y0, dx * len(xs), dy * len(ys))
    transform = QTransform()
    transform.translate(x0, y0)
    transform.scale(dx, dy)
    return rect, transform


class DecisionBoundaryPlot(PlotPanel):
    object_name = "decisionBoundaryPlot"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = current_theme()
        self.plot_item.setAspectLocked(True, ratio=1.0)
        self.plot_item.vb.disableAutoRange()
        for name in ("left", "bottom"):
            self.plot_item.getAxis(name).enableAutoSIPrefix(False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-10)
        self.plot_item.addItem(self.image)
        self.boundary_a = pg.IsocurveItem(level=0.5, axisOrder="row-major")
        self.boundary_b = pg.IsocurveItem(level=0.5, axisOrder="row-major")
        for item in (self.boundary_a, self.boundary_b):
            item.setZValue(5)
            self.plot_item.addItem(item)
            item.hide()
        self.train_points = [pg.ScatterPlotItem() for _ in range(2)]
        self.test_points = [pg.ScatterPlotItem() for _ in range(2)]
        for item in (*self.train_points, *self.test_points):
            item.setZValue(10)
            self.plot_item.addItem(item)
        self.diverged_text = pg.TextItem(anchor=(0.5, 0.5))
        self.diverged_text.setZValue(20)
        self.plot_item.addItem(self.diverged_text, ignoreBounds=True)
        self.diverged_text.hide()
        # legend samples: a colour swatch per class, and the marker style of train / test points
        self.class_samples = [pg.ScatterPlotItem(symbol="s") for _ in range(2)]
        self.train_sample = pg.ScatterPlotItem(symbol="o")
        self.test_sample = pg.ScatterPlotItem(symbol="o")
        self.colorbar = side_colorbar(self.plot_item, probability_colormap(self.theme), (0.0, 1.0))
        self.legend = legend_below_plot(self.plot_item, columns=3)  # wraps in a narrow dock
        self.grid_a: DecisionGrid | None = None
        self.grid_b: DecisionGrid | None = None
        self._points_key: tuple | None = None
        self._extent: tuple[float, float, float, float] | None = None
        self._comparing = False
        self._note_b = ""  # B's stopped step in the legend (a diverged B stops; its contour is its last)
        self.apply_theme(self.theme)

    # ---- texts

    def title_text(self) -> str:
        return translate("DecisionBoundaryPlot", "Decision boundary")

    def tab_text(self) -> str:
        return translate("DecisionBoundaryPlot", "Decision boundary")

    def caption_text(self) -> str:
        return translate("DecisionBoundaryPlot", "Colour: the model's P(class 1); line: P = 0.5. One flat colour "
                                                 "everywhere means the network has not learned anything yet.")

    def axis_texts(self) -> tuple[str, str]:
        return (translate("DecisionBoundaryPlot", "input x₁ (data units)"),
                translate("DecisionBoundaryPlot", "input x₂ (data units)"))

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        bottom, left = self.axis_texts()
        set_plot_texts(self.plot_item, self.title_text(), {"bottom": bottom, "left": left}, self.theme)
        style_colorbar(self.colorbar, self.theme, translate("DecisionBoundaryPlot", "P(class 1)"))
        self.diverged_text.setText(translate("DecisionBoundaryPlot", "output is NaN/Inf:\nthe run diverged"),
                                   color=self.theme.diverged)
        self._fill_legend()

    def _fill_legend(self) -> None:
        self.legend.clear()
        style_legend(self.legend, self.theme)
        entries = [(self.class_samples[0], translate("DecisionBoundaryPlot", "class 0")),
                   (self.class_samples[1], translate("DecisionBoundaryPlot", "class 1")),
                   (self.train_sample, translate("DecisionBoundaryPlot", "train")),
                   (self.test_sample, translate("DecisionBoundaryPlot", "test"))]
        if self._comparing:
            b_name = translate("DecisionBoundaryPlot", "B: P = 0.5")
            entries += [(self.boundary_a, translate("DecisionBoundaryPlot", "A: P = 0.5")),
                        (self.boundary_b, f"{b_name}, {self._note_b}" if self._note_b else b_name)]
        else:
            entries.append((self.boundary_a, translate("DecisionBoundaryPlot", "P = 0.5")))
        for item, text in entries:
            self.legend.addItem(item, text)

    # ---- theme

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        # IsocurveItem keeps its pen in .pen; the legend sample reads .opts["pen"]
        pen_a = pg.mkPen(theme.foreground, width=theme.line_width * 1.25)
        pen_b = pg.mkPen(theme.series_b, width=theme.line_width * 1.25, style=Qt.PenStyle.DashLine)
        for item, item_pen in ((self.boundary_a, pen_a), (self.boundary_b, pen_b)):
            item.setPen(item_pen)
            item.opts = {"pen": item_pen}
        size = 6 + 2 * theme.line_width
        outline = pg.mkPen(theme.foreground, width=max(1.0, theme.line_width * 0.5))
        for index, color in enumerate(theme.class_colors):
            self.train_points[index].setPen(outline)
            self.train_points[index].setBrush(pg.mkBrush(color))
            self.train_points[index].setSize(size)
            self.test_points[index].setPen(pg.mkPen(color, width=max(1.5, theme.line_width)))
            self.test_points[index].setBrush(pg.mkBrush(None))
            self.test_points[index].setSize(size)
            self.class_samples[index].setPen(outline)
            self.class_samples[index].setBrush(pg.mkBrush(color))
            self.class_samples[index].setSize(size + 2)
        self.train_sample.setPen(outline)
        self.train_sample.setBrush(pg.mkBrush(theme.guide))
        self.train_sample.setSize(size)
        self.test_sample.setPen(pg.mkPen(theme.guide, width=max(1.5, theme.line_width)))
        self.test_sample.setBrush(pg.mkBrush(None))
        self.test_sample.setSize(size)
        self.diverged_text.setFont(font(theme.title_points, bold=True))
        super().apply_theme(theme)
        colormap = probability_colormap(theme)
        self.image.setColorMap(colormap)
        self.colorbar.setColorMap(colormap)
        restyle_legend_labels(self.legend, theme)

    # ---- data

    def draw(self, history: HistoryView, snapshot: Snapshot,
             compare: tuple[HistoryView, Snapshot] | None) -> None:
        self._draw_points(snapshot)
        if snapshot.decision_grid is not None:
            self.grid_a = snapshot.decision_grid
            self._draw_grid(self.grid_a)
        comparing = compare is not None
        if comparing and compare[1].decision_grid is not None:
            self.grid_b = compare[1].decision_grid
            self._draw_boundary(self.boundary_b, self.grid_b)
        if not comparing:
            self.boundary_b.hide()
        note_b = stopped_text(compare[1]) if comparing else ""
        if comparing != self._comparing or note_b != self._note_b:
            self._comparing = comparing
            self._note_b = note_b
            self._fill_legend()

    def _draw_points(self, snapshot: Snapshot) -> None:
        """The dataset changes only on reset: set the points only then."""
        if snapshot.train_points is None or snapshot.test_points is None:
            return
        key = (id(snapshot.train_points[0]), id(snapshot.test_points[0]), len(snapshot.train_points[0]))
        if key == self._points_key:
            return
        self._points_key = key
        self._extent = None  # a new dataset may cover another part of the plane
        for items, (X, y) in ((self.train_points, snapshot.train_points), (self.test_points, snapshot.test_points)):
            X, y = np.asarray(X, dtype=np.float64), np.asarray(y)
            for label, item in enumerate(items):
                chosen = X[y == label]
                item.setData(x=chosen[:, 0], y=chosen[:, 1])
        points = np.concatenate([np.asarray(snapshot.train_points[0]), np.asarray(snapshot.test_points[0])])
        if len(points):
            self._set_extent(float(points[:, 0].min()), float(points[:, 0].max()),
                             float(points[:, 1].min()), float(points[:, 1].max()))

    def _draw_grid(self, grid: DecisionGrid) -> None:
        probability = np.asarray(grid.probability, dtype=np.float64)
        rect, _ = grid_transform(grid)
        if not np.isfinite(probability).all():
            # a diverged model has no probabilities: show that, not a stale or made-up picture
            self.image.hide()
            self.boundary_a.hide()
            self.diverged_text.setPos(rect.center())
            self.diverged_text.show()
            return
        self.diverged_text.hide()
        self.image.setImage(probability, levels=(0.0, 1.0), autoLevels=False)
        self.image.setRect(rect)
        self.image.show()
        self._draw_boundary(self.boundary_a, grid)
        self._set_extent(rect.left(), rect.right(), rect.top(), rect.bottom())

    @staticmethod
    def _draw_boundary(item: pg.IsocurveItem, grid: DecisionGrid) -> None:
        probability = np.asarray(grid.probability, dtype=np.float64)
        if not np.isfinite(probability).all():
            item.setData(None)
            item.hide()
            return
        _, transform = grid_transform(grid)
        item.setData(probability)
        item.setTransform(transform)
        item.show()

    def _set_extent(self, xmin: float, xmax: float, ymin: float, ymax: float) -> None:
        """Show the whole plane of the data (equal aspect); widen only, so the view does not jump."""
        if self._extent is not None:
            old = self._extent
            xmin, xmax, ymin, ymax = min(xmin, old[0]), max(xmax, old[1]), min(ymin, old[2]), max(ymax, old[3])
        extent = (xmin, xmax, ymin, ymax)
        if extent != self._extent:
            self._extent = extent
            self.plot_item.vb.setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0.02)
