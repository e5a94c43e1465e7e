"""decisionBoundaryPlot: the model's P(class 1) over the input plane (TensorFlow Playground's view), its 0.5
contour, and the train points (filled) and test points (hollow) coloured by class.

The probability grid is computed only on some frames (Snapshot.decision_grid may be None): the last image stays.
In compare mode network B's 0.5 contour is drawn dashed over A's picture.

Data that are not 2-D have no plane to colour. For image data (handwritten digits: Snapshot.example_grid with
``images``) the plot shows a grid of test images, each with the network's prediction under it (a wrong one marked
✗ with the true label in brackets: the mark, not only the colour, tells right from wrong). For other data (a CSV
with more or fewer than 2 features) it shows the test set's confusion matrix: true class down, predicted class
across, each cell coloured by the share of its true class and labelled with its count. Network A's in both cases.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QTransform
from PySide6.QtWidgets import QWidget

import pyqtgraph as pg

from bpviz.engine.telemetry import ConfusionMatrix, DecisionGrid, ExampleGrid, HistoryView, Snapshot
from bpviz.ui.plots.items import side_colorbar, style_colorbar, text_box
from bpviz.ui.plots.legends import legend_below_plot, restyle_legend_labels, style_legend
from bpviz.ui.plots.panel import PlotPanel
from bpviz.ui.plots.texts import set_plot_texts, stopped_text
from bpviz.ui.plots.theme import Theme, current_theme, font

# Qt's lupdate extracts translate("Context", "text") calls with a literal context
translate = QCoreApplication.translate

MODES = ("plane", "examples", "confusion")
CELL_GAP = 4           # empty pixels between two example images (in image pixels)
LABEL_ROWS = 5         # room under each example image for its label (in image pixels)
MAX_CELL_TEXTS = 15    # a confusion matrix with more classes shows colours only (the counts would not fit)
MAX_CLASS_TICKS = 25   # ... and above this many classes, no class names on the axes either
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


def ink_colormap(theme: Theme) -> pg.ColorMap:
    """Example images: 0 (blank paper) is the background, the largest pixel value the foreground (ink)."""
    return pg.ColorMap([0.0, 1.0], [QColor(theme.background), QColor(theme.foreground)])


def share_colormap(theme: Theme) -> pg.ColorMap:
    """Confusion matrix: share 0 is the background, share 1 network A's colour."""
    return pg.ColorMap([0.0, 1.0], [QColor(theme.background), QColor(theme.series_a)])


def example_mosaic(grid: ExampleGrid) -> tuple[np.ndarray, int, int]:
    """The example images laid out ``grid.shape`` (rows x columns, first row on top), scaled to 0..1, with
    CELL_GAP pixels between images and LABEL_ROWS under each; (mosaic rows bottom-up as pyqtgraph's y axis, cell
    height, cell width)."""
    images = np.asarray(grid.images, dtype=np.float64)
    count, height, width = images.shape
    rows, columns = grid.shape
    cell_h, cell_w = height + LABEL_ROWS, width + CELL_GAP
    mosaic = np.zeros((rows * cell_h, columns * cell_w), dtype=np.float64)
    scale = float(grid.image_max) if grid.image_max > 0 else max(1.0, float(images.max(initial=0.0)))
    for index in range(min(count, rows * columns)):
        row, column = divmod(index, columns)
        top = row * cell_h
        mosaic[top:top + height, column * cell_w:column * cell_w + width] = images[index] / scale
    return np.flipud(mosaic), cell_h, cell_w


def class_name(names: tuple[str, ...], label: int) -> str:
    return names[label] if 0 <= label < len(names) and names[label] else str(label)


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
        # the P = 0.5 lines' samples are not the contours themselves: a contour is hidden until its grid comes (and
        # when its run diverged), and pyqtgraph draws a hidden item's sample as a crossed-out eye, not as a line
        self.boundary_samples = (pg.PlotDataItem([], []), pg.PlotDataItem([], []))
        self.colorbar = side_colorbar(self.plot_item, probability_colormap(self.theme), (0.0, 1.0))
        self.legend = legend_below_plot(self.plot_item, columns=3)  # wraps in a narrow dock
        # data that are not 2-D: example images with their predictions, or a confusion matrix (see the docstring)
        self.matrix_image = pg.ImageItem(axisOrder="row-major")
        self.matrix_image.setZValue(-5)
        self.plot_item.addItem(self.matrix_image)
        self.matrix_image.hide()
        self.cell_texts: list[pg.TextItem] = []  # created as needed, reused frame after frame
        self.plot_item.vb.sigResized.connect(self._on_view_resized)
        self.mode = "plane"
        self.examples: ExampleGrid | None = None
        self.confusion: ConfusionMatrix | None = None
        self._matrix_key: tuple | None = None
        self.grid_a: DecisionGrid | None = None
        self.grid_b: DecisionGrid | None = None
        self._points_key: tuple | None = None
        self._extent: tuple[float, float, float, float] | None = None
        self._comparing = False
        self._note_b = ""  # B's stopped step in the legend (a diverged B stops; its contour is its last)
        self.apply_theme(self.theme)

    # ---- texts

    def title_text(self) -> str:
        if self.mode == "examples":
            return translate("DecisionBoundaryPlot", "Test images and predictions")
        if self.mode == "confusion":
            return translate("DecisionBoundaryPlot", "Confusion matrix (test set)")
        return translate("DecisionBoundaryPlot", "Decision boundary")

    def tab_text(self) -> str:
        return translate("DecisionBoundaryPlot", "Decision boundary")

    def caption_text(self) -> str:
        if self.mode == "examples":
            return translate("DecisionBoundaryPlot", "Under each test image: the network's answer (✗: wrong, the "
                                                     "right one in brackets). All alike = nothing learned yet.")
        if self.mode == "confusion":
            return translate("DecisionBoundaryPlot", "Rows: true class; columns: the network's answer. Dark "
                                                     "diagonal = learned; one dark column = one answer for all.")
        return translate("DecisionBoundaryPlot", "Colour: the model's P(class 1); line: P = 0.5. One flat colour "
                                                 "everywhere means the network has not learned anything yet.")

    def axis_texts(self) -> tuple[str, str]:
        if self.mode == "examples":
            return "", ""
        if self.mode == "confusion":
            return (translate("DecisionBoundaryPlot", "predicted class"),
                    translate("DecisionBoundaryPlot", "true class"))
        return (translate("DecisionBoundaryPlot", "input x₁ (data units)"),
                translate("DecisionBoundaryPlot", "input x₂ (data units)"))

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        bottom, left = self.axis_texts()
        set_plot_texts(self.plot_item, self.title_text(), {"bottom": bottom, "left": left}, self.theme)
        if self.mode == "confusion":
            style_colorbar(self.colorbar, self.theme, translate("DecisionBoundaryPlot", "share of the true class"))
        else:
            style_colorbar(self.colorbar, self.theme, translate("DecisionBoundaryPlot", "P(class 1)"))
        for name in ("left", "bottom"):  # setting an axis label shows its axis: the example images have none
            self.plot_item.showAxis(name, self.mode != "examples")
        self.diverged_text.setText(translate("DecisionBoundaryPlot", "output is NaN/Inf:\nthe run diverged"),
                                   color=self.theme.diverged)
        self._fill_legend()

    def _fill_legend(self) -> None:
        self.legend.clear()
        style_legend(self.legend, self.theme)
        if self.mode != "plane":  # the texts in the picture say it all
            return
        entries = [(self.class_samples[0], translate("DecisionBoundaryPlot", "class 0")),
                   (self.class_samples[1], translate("DecisionBoundaryPlot", "class 1")),
                   (self.train_sample, translate("DecisionBoundaryPlot", "train")),
                   (self.test_sample, translate("DecisionBoundaryPlot", "test"))]
        if self._comparing:
            b_name = translate("DecisionBoundaryPlot", "B: P = 0.5")
            entries += [(self.boundary_samples[0], translate("DecisionBoundaryPlot", "A: P = 0.5")),
                        (self.boundary_samples[1], f"{b_name}, {self._note_b}" if self._note_b else b_name)]
        else:
            entries.append((self.boundary_samples[0], translate("DecisionBoundaryPlot", "P = 0.5")))
        for item, text in entries:
            self.legend.addItem(item, text)

    # ---- theme

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        pen_a = pg.mkPen(theme.foreground, width=theme.line_width * 1.25)
        pen_b = pg.mkPen(theme.series_b, width=theme.line_width * 1.25, style=Qt.PenStyle.DashLine)
        for item, sample, item_pen in ((self.boundary_a, self.boundary_samples[0], pen_a),
                                       (self.boundary_b, self.boundary_samples[1], pen_b)):
            item.setPen(item_pen)
            sample.setPen(item_pen)
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
        text_box(self.diverged_text, theme)  # it sits over the training points
        super().apply_theme(theme)
        if self.mode != "plane":
            self.plot_item.showGrid(x=False, y=False)
        colormap = probability_colormap(theme)
        self.image.setColorMap(colormap)
        self.colorbar.setColorMap(share_colormap(theme) if self.mode == "confusion" else colormap)
        restyle_legend_labels(self.legend, theme)
        self._matrix_key = None  # the images and texts take the new colours at the next draw
        if self.mode != "plane":
            self._draw_matrix()

    # ---- data

    def draw(self, history: HistoryView, snapshot: Snapshot,
             compare: tuple[HistoryView, Snapshot] | None) -> None:
        if snapshot.n_inputs != 2:
            self._draw_not_planar(snapshot)
            return
        self._set_mode("plane")
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

    # ---- data that are not 2-D

    def _set_mode(self, mode: str) -> None:
        """Switch between the plane and the views of data that are not 2-D: show the items of ``mode`` only."""
        if mode == self.mode:
            return
        self.mode = mode
        plane = mode == "plane"
        for item in (*self.train_points, *self.test_points):
            item.setVisible(plane)
        if not plane:
            for item in (self.image, self.boundary_a, self.boundary_b, self.diverged_text):
                item.hide()
            self.grid_a = self.grid_b = None
        self.matrix_image.setVisible(not plane)
        for text in self.cell_texts:
            text.hide()
        self.colorbar.setVisible(mode != "examples")
        self.legend.setVisible(plane)
        self.colorbar.setColorMap(share_colormap(self.theme) if mode == "confusion" else
                                  probability_colormap(self.theme))
        self.plot_item.showGrid(x=plane, y=plane, alpha=self.theme.grid_alpha)
        for name in ("left", "bottom"):
            self.plot_item.getAxis(name).setTicks(None)
        self.plot_item.vb.invertY(mode == "confusion")  # true class 0 in the top row, as matrices are written
        self._extent = None
        self._matrix_key = None
        self._points_key = None
        self.retranslate_ui()

    def _draw_not_planar(self, snapshot: Snapshot) -> None:
        """Example images with predictions (image data) or the confusion matrix (other data) of network A; a frame
        without them (they are computed only on some frames) keeps the last picture."""
        grid, confusion = snapshot.example_grid, snapshot.confusion
        images = grid is not None and grid.images is not None
        if grid is None and confusion is None:
            if self.mode == "plane":  # nothing to show yet: the right view, empty
                self._set_mode("confusion")
            return
        self._set_mode("examples" if images or (confusion is None and grid is not None) else "confusion")
        if grid is not None:
            self.examples = grid
        if confusion is not None:
            self.confusion = confusion
        self._draw_matrix()

    def _cell_text(self, index: int) -> pg.TextItem:
        while len(self.cell_texts) <= index:
            text = pg.TextItem(anchor=(0.5, 0.5))
            text.setZValue(15)
            self.plot_item.addItem(text, ignoreBounds=True)
            self.cell_texts.append(text)
        return self.cell_texts[index]

    def _draw_matrix(self) -> None:
        if self.mode == "examples" and self.examples is not None and self.examples.images is not None:
            grid = self.examples
            key = ("examples", grid.predicted.tobytes(), id(grid.images))
            if key != self._matrix_key:
                self._matrix_key = key
                self._draw_examples(grid)
        elif self.mode == "confusion" and self.confusion is not None:
            key = ("confusion", self.confusion.counts.tobytes())
            if key != self._matrix_key:
                self._matrix_key = key
                self._draw_confusion(self.confusion)

    def _draw_examples(self, grid: ExampleGrid) -> None:
        mosaic, cell_h, cell_w = example_mosaic(grid)
        self.matrix_image.setColorMap(ink_colormap(self.theme))
        self.matrix_image.setImage(mosaic, levels=(0.0, 1.0), autoLevels=False)
        height, width = mosaic.shape
        self.matrix_image.setRect(QRectF(0, 0, width, height))
        image_h, image_w = np.asarray(grid.images).shape[1:]
        columns = grid.shape[1]
        label_font = font(self._label_points(width), bold=True)
        shown = min(len(grid.predicted), grid.shape[0] * columns)
        for index in range(shown):
            row, column = divmod(index, columns)
            predicted, true = int(grid.predicted[index]), int(grid.true_labels[index])
            if predicted < 0:
                text, color = "?", self.theme.diverged
            elif predicted == true:
                text, color = class_name(grid.class_names, predicted), self.theme.healthy
            else:
                text = f"{class_name(grid.class_names, predicted)}✗({class_name(grid.class_names, true)})"
                color = self.theme.exploding
            item = self._cell_text(index)
            item.setFont(label_font)
            item.setText(text, color=color)
            item.setPos(column * cell_w + image_w / 2, height - row * cell_h - image_h - LABEL_ROWS / 2)
            item.show()
        for item in self.cell_texts[shown:]:
            item.hide()
        self._set_extent(0.0, float(width), 0.0, float(height))

    def _label_points(self, mosaic_width: float) -> int:
        """The example labels' size: the theme's, smaller when the images are drawn small (a narrow dock), so a
        label stays about as wide as its image."""
        pixels_per_unit = self.plot_item.vb.width() / max(1.0, mosaic_width)
        cell_pixels = pixels_per_unit * (CELL_GAP + 8)
        return int(max(6, min(self.theme.font_points, cell_pixels / 5.5)))

    def _on_view_resized(self) -> None:
        if self.mode == "examples" and self.examples is not None:
            self._matrix_key = None
            self._draw_matrix()

    def _draw_confusion(self, confusion: ConfusionMatrix) -> None:
        counts = np.asarray(confusion.counts, dtype=np.float64)
        classes = counts.shape[0]
        totals = counts.sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(totals > 0, counts / np.maximum(totals, 1.0), 0.0)
        self.matrix_image.setColorMap(share_colormap(self.theme))
        self.matrix_image.setImage(share, levels=(0.0, 1.0), autoLevels=False)
        self.matrix_image.setRect(QRectF(0, 0, classes, classes))  # row t at y = t (the y axis is inverted)
        names = [class_name(confusion.class_names, label) for label in range(classes)]
        ticks = [[(label + 0.5, name) for label, name in enumerate(names)]] if classes <= MAX_CLASS_TICKS else None
        for axis in ("left", "bottom"):
            self.plot_item.getAxis(axis).setTicks(ticks)
        shown = 0
        if classes <= MAX_CELL_TEXTS:
            cell_font = font(max(7, self.theme.font_points - (2 if classes > 6 else 0)))
            for true in range(classes):
                for predicted in range(classes):
                    item = self._cell_text(shown)
                    item.setFont(cell_font)
                    dark = share[true, predicted] > 0.55  # a count on a dark cell is written in the background colour
                    item.setText(str(int(counts[true, predicted])),
                                 color=self.theme.background if dark else self.theme.foreground)
                    item.setPos(predicted + 0.5, true + 0.5)
                    item.show()
                    shown += 1
        for item in self.cell_texts[shown:]:
            item.hide()
        self._set_extent(0.0, float(classes), 0.0, float(classes))

    # ---- 2-D data

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
