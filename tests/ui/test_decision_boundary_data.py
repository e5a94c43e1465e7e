"""decisionBoundaryPlot for data that are not 2-D (issue 13): test digits with their predictions for image data, a
confusion matrix for a table of another width, and back to the plane for 2-D data."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import bpviz.ui  # noqa: F401  (PySide6 before pyqtgraph)

from bpviz.config import ExperimentConfig
from bpviz.engine.tabular import import_csv
from bpviz.engine.telemetry import ConfusionMatrix
from bpviz.engine.trainer import Trainer
from bpviz.ui.plots.decision_boundary import DecisionBoundaryPlot

pytestmark = pytest.mark.usefixtures("light_theme")


def small(**changes) -> ExperimentConfig:
    base = {"network.depth": 3, "network.width": 16, "network.activation": "relu", "network.init": "he"}
    base.update(changes)
    return ExperimentConfig().replace(**base)


@pytest.fixture(scope="module")
def digits_run():
    trainer = Trainer(small(**{"data.dataset": "digits"}))
    trainer.run(40)
    return trainer.history.view(), trainer.snapshot(grid=True)


def write_table(path, n_features=3, rows=240, names=("cat", "dog", "eel")):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(rows, n_features))
    y = (X[:, 0] > 0).astype(int) + (X[:, -1] > 0.8)
    header = ",".join(f"f{i}" for i in range(n_features)) + ",label"
    lines = [header] + [",".join(f"{v:.4f}" for v in row) + f",{names[label]}" for row, label in zip(X, y)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def table_run(tmp_path_factory):
    path = write_table(tmp_path_factory.mktemp("csv") / "animals.csv")
    data, _table = import_csv(path)
    trainer = Trainer(dataclasses.replace(small(), data=data))
    trainer.run(40)
    return trainer.history.view(), trainer.snapshot(grid=True)


def visible_texts(plot):
    return [item.textItem.toPlainText() for item in plot.cell_texts if item.isVisible()]


def test_digits_show_test_images_with_predictions(make_plot, digits_run):
    history, snapshot = digits_run
    grid = snapshot.example_grid
    assert grid is not None and grid.images is not None and snapshot.decision_grid is None
    plot = make_plot(DecisionBoundaryPlot)
    plot.update(history, snapshot)
    assert plot.mode == "examples"
    assert plot.matrix_image.isVisible() and not plot.image.isVisible()
    assert not any(item.isVisible() for item in (*plot.train_points, *plot.test_points))
    assert not plot.colorbar.isVisible() and not plot.plot_item.getAxis("left").isVisible()
    assert plot.plot_item.titleLabel.text == "Test images and predictions"
    texts = visible_texts(plot)
    assert len(texts) == len(grid.predicted)
    for text, predicted, true in zip(texts, grid.predicted, grid.true_labels):
        if predicted == true:
            assert text == str(predicted)
        else:  # a wrong answer is marked, not only coloured, and names the right one
            assert text == f"{predicted}✗({true})"
    # the mosaic holds the images themselves: ink where the first image has ink
    mosaic = plot.matrix_image.image
    first = np.asarray(grid.images[0], dtype=float) / grid.image_max
    height = first.shape[0]
    np.testing.assert_allclose(np.flipud(mosaic)[:height, :first.shape[1]], first)


def test_a_wrong_prediction_is_marked(make_plot, digits_run):
    history, snapshot = digits_run
    grid = snapshot.example_grid
    predicted = grid.true_labels.copy()
    predicted[0] = (predicted[0] + 1) % 10
    wrong = dataclasses.replace(snapshot, example_grid=dataclasses.replace(grid, predicted=predicted))
    plot = make_plot(DecisionBoundaryPlot)
    plot.update(history, wrong)
    texts = visible_texts(plot)
    assert texts[0] == f"{predicted[0]}✗({grid.true_labels[0]})"
    assert all("✗" not in text for text in texts[1:])


def test_other_tables_show_a_confusion_matrix(make_plot, table_run):
    history, snapshot = table_run
    assert snapshot.n_inputs == 3 and snapshot.example_grid.images is None
    counts = snapshot.confusion.counts
    plot = make_plot(DecisionBoundaryPlot)
    plot.update(history, snapshot)
    assert plot.mode == "confusion"
    assert plot.plot_item.titleLabel.text == "Confusion matrix (test set)"
    assert visible_texts(plot) == [str(int(c)) for c in counts.ravel()]
    share = counts / counts.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(plot.matrix_image.image, share)
    ticks = plot.plot_item.getAxis("bottom")._tickLevels
    assert [name for _, name in ticks[0]] == ["cat", "dog", "eel"]
    assert plot.colorbar.isVisible()


def test_a_frame_without_the_costly_parts_keeps_the_picture(make_plot, table_run):
    history, snapshot = table_run
    plot = make_plot(DecisionBoundaryPlot)
    plot.update(history, snapshot)
    before = visible_texts(plot)
    plot.update(history, dataclasses.replace(snapshot, example_grid=None, confusion=None))
    assert plot.mode == "confusion" and visible_texts(plot) == before


def test_many_classes_show_colours_without_counts(make_plot, table_run):
    history, snapshot = table_run
    counts = np.eye(40, dtype=np.int64) * 3
    plot = make_plot(DecisionBoundaryPlot)
    plot.update(history, dataclasses.replace(snapshot, confusion=ConfusionMatrix(counts), n_classes=40))
    assert visible_texts(plot) == []
    assert plot.matrix_image.image.shape == (40, 40)


def test_back_to_two_d_data_the_plane_returns(make_plot, digits_run):
    history, snapshot = digits_run
    plot = make_plot(DecisionBoundaryPlot)
    plot.update(history, snapshot)
    trainer = Trainer(small())
    trainer.run(5)
    plot.update(trainer.history.view(), trainer.snapshot(grid=True))
    assert plot.mode == "plane"
    assert plot.image.isVisible() and not plot.matrix_image.isVisible()
    assert visible_texts(plot) == []
    assert plot.plot_item.getAxis("left").isVisible() and plot.legend.isVisible()
    assert plot.plot_item.titleLabel.text == "Decision boundary"


def test_labels_shrink_with_the_images_in_a_narrow_dock(make_plot, digits_run):
    history, snapshot = digits_run
    wide = make_plot(DecisionBoundaryPlot, size=(1000, 700))
    wide.update(history, snapshot)
    narrow = make_plot(DecisionBoundaryPlot, size=(380, 260))
    narrow.update(history, snapshot)
    size = [plot.cell_texts[0].textItem.font().pointSize() for plot in (wide, narrow)]
    assert size[0] == wide.theme.font_points and 6 <= size[1] < size[0]
