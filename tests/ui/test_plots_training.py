"""The training-diagnostics plots (loss, activations, gradient histograms, update ratio, decision boundary) draw
exactly what a real Trainer's history and snapshot hold, overlay network B in compare mode, survive a diverged run,
and restyle for presentation mode."""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest

import bpviz.ui  # noqa: F401  (PySide6 before pyqtgraph)
from PySide6.QtGui import QImage

import pyqtgraph as pg

from bpviz.config import ExperimentConfig
from bpviz.engine.telemetry import DecisionGrid
from bpviz.engine.trainer import Trainer
from bpviz.ui.plots.activation import ActivationPlot
from bpviz.ui.plots.decision_boundary import DecisionBoundaryPlot
from bpviz.ui.plots.gradient_histogram import GradientHistogramPlot
from bpviz.ui.plots.loss import LossPlot
from bpviz.ui.plots.theme import LIGHT
from bpviz.ui.plots.update_ratio import UpdateRatioPlot

PLOTS = {
    "lossPlot": LossPlot,
    "activationPlot": ActivationPlot,
    "gradientHistogramPlot": GradientHistogramPlot,
    "updateRatioPlot": UpdateRatioPlot,
    "decisionBoundaryPlot": DecisionBoundaryPlot,
}
EVENT_STEP = 30


def small_config(**changes) -> ExperimentConfig:
    base = {"network.depth": 6, "network.width": 16, "network.activation": "sigmoid", "network.init": "xavier"}
    base.update(changes)
    return ExperimentConfig().replace(**base)


pytestmark = pytest.mark.usefixtures("light_theme")


@pytest.fixture(scope="module")
def run_a():
    """Network A: a small sigmoid net, 60 steps, with a live change (learning rate) at step 30."""
    trainer = Trainer(small_config())
    trainer.run(EVENT_STEP)
    trainer.apply_config(trainer.config.replace(**{"train.learning_rate": 0.3}))
    trainer.run(30)
    return trainer.history.view(), trainer.snapshot(grid=True)


@pytest.fixture(scope="module")
def run_b():
    """Network B: the same net with ReLU and He init (the remedy), trained in step with A."""
    trainer = Trainer(small_config(**{"network.activation": "relu", "network.init": "he"}))
    trainer.run(60)
    return trainer.history.view(), trainer.snapshot(grid=True)


@pytest.fixture(scope="module")
def run_diverged():
    trainer = Trainer(small_config(**{"network.activation": "relu", "network.init": "large",
                                      "train.learning_rate": 100.0}))
    trainer.run(50)
    assert trainer.divergence is not None
    return trainer.history.view(), trainer.snapshot(grid=True)


def visible_event_lines(plot) -> list[float]:
    return sorted(float(item.value()) for item in plot.plot_item.items
                  if isinstance(item, pg.InfiniteLine) and item.angle == 90 and item.isVisible())


def legend_texts(legend: pg.LegendItem) -> list[str]:
    return [label.text for _sample, label in legend.items]


# ---------------------------------------------------------------- common contract

@pytest.mark.parametrize("name", sorted(PLOTS))
def test_object_name_texts_and_accessibility(make_plot, name, run_a):
    plot = make_plot(PLOTS[name])
    plot.update(*run_a)
    assert plot.objectName() == name
    assert plot.title_text() and plot.caption_text()
    bottom, left = plot.axis_texts()
    assert bottom and left
    assert plot.caption.text() == plot.caption_text()
    assert plot.accessibleName() == plot.title_text()


@pytest.mark.parametrize("name", sorted(PLOTS))
def test_grab_is_not_blank(qtbot, make_plot, name, run_a, run_b):
    plot = make_plot(PLOTS[name], size=(700, 450))
    plot.update(*run_a, compare=run_b)
    qtbot.wait(10)
    image = plot.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), dtype=np.uint32, count=image.width() * image.height())
    colours, counts = np.unique(pixels, return_counts=True)
    assert len(colours) > 50, f"{name} looks blank: {len(colours)} colours"
    assert counts.max() / pixels.size < 0.9


@pytest.mark.parametrize("name", sorted(PLOTS))
def test_presentation_theme_grows_fonts_and_pens(make_plot, name, run_a):
    plot = make_plot(PLOTS[name])
    plot.update(*run_a)
    before_tick = plot.plot_item.getAxis("bottom").style["tickFont"].pointSize()
    before_title = plot.plot_item.titleLabel.opts["size"]
    before_caption = plot.caption.font().pointSize()
    before_pen = main_pen_width(plot)
    plot.apply_theme(LIGHT.scaled(1.6))
    assert plot.plot_item.getAxis("bottom").style["tickFont"].pointSize() > before_tick
    assert float(plot.plot_item.titleLabel.opts["size"].rstrip("pt")) > float(before_title.rstrip("pt"))
    assert plot.caption.font().pointSize() > before_caption
    assert main_pen_width(plot) > before_pen
    plot.update(*run_a)  # still draws after restyling


def main_pen_width(plot) -> float:
    if isinstance(plot, LossPlot):
        return plot.curves_a["loss"].opts["pen"].widthF()
    if isinstance(plot, ActivationPlot):
        return plot.mean_a.opts["pen"].widthF()
    if isinstance(plot, GradientHistogramPlot):
        return plot.ridge_a[0].opts["pen"].widthF()
    if isinstance(plot, UpdateRatioPlot):
        return plot.lines[0].opts["pen"].widthF()
    return plot.boundary_a.pen.widthF()


def nan_snapshot(snapshot):
    """The snapshot with every per-layer number, histogram and grid probability NaN (a run that blew up)."""
    nan_stats = dataclasses.replace(snapshot.stats, **{
        field: np.full(snapshot.depth, np.nan) for field in
        ("grad_norm", "signal_grad_norm", "update_ratio", "activation_mean", "activation_std", "saturation", "dead")})
    return dataclasses.replace(
        snapshot, stats=nan_stats,
        signal_grad_histograms=np.full_like(snapshot.signal_grad_histograms, np.nan),
        decision_grid=DecisionGrid(snapshot.decision_grid.xs, snapshot.decision_grid.ys,
                                   np.full_like(snapshot.decision_grid.probability, np.nan)))


def assert_draws_only_finite_numbers(plot) -> None:
    """Every visible item draws finite numbers (a NaN in a line is a gap, never a point), and every view's range
    is finite: an Inf would be drawn at a made-up place, and a NaN range blanks the plot."""
    views = 0
    for item in plot.plot_widget.scene().items():
        if isinstance(item, pg.ViewBox):
            views += 1
            assert np.isfinite(item.viewRange()).all(), item.viewRange()
        if not item.isVisible():
            continue
        if isinstance(item, pg.PlotDataItem):
            x, y = item.getData()
            x, y = np.asarray(x if x is not None else [], dtype=float), np.asarray(y if y is not None else [], float)
            assert not np.isinf(x).any() and not np.isinf(y).any()
            assert item.opts["connect"] == "finite" or np.isfinite(y).all(), "NaN in a line that does not skip it"
        elif isinstance(item, pg.BarGraphItem):
            for key in ("x", "height"):
                assert np.isfinite(np.asarray(item.opts[key], dtype=float)).all(), key
        elif isinstance(item, pg.ErrorBarItem):
            for key in ("x", "y", "height"):
                assert np.isfinite(np.asarray(item.opts[key], dtype=float)).all(), key
        elif isinstance(item, pg.ScatterPlotItem) and not isinstance(item.parentItem(), pg.PlotDataItem):
            x, y = item.getData()
            assert np.isfinite(x).all() and np.isfinite(y).all()
        elif isinstance(item, pg.ImageItem) and item.image is not None:
            assert np.isfinite(item.image).all()
    assert views >= 1


def diverged_frames(run_diverged):
    """The last finite frame of a diverged run, alone and compared, then the same frame with every number NaN."""
    history, snapshot = run_diverged
    broken = nan_snapshot(snapshot)
    return [(history, snapshot, None), (history, snapshot, run_diverged), (history, broken, (history, broken))]


@pytest.mark.parametrize("name", sorted(PLOTS))
def test_diverged_run_draws_nothing_misleading(make_plot, name, run_diverged):
    """No Inf drawn at a made-up height, no NaN axis range, no NaN point in a line that would not skip it."""
    plot = make_plot(PLOTS[name])
    for history, snapshot, compare in diverged_frames(run_diverged):
        plot.update(history, snapshot, compare=compare)
        assert_draws_only_finite_numbers(plot)
        assert not plot.grab().isNull()


@pytest.mark.parametrize("name, drawn, recorded", [
    # the loss curve's own data (pyqtgraph clips what it paints to 1e6 x the view: 1e+95 is marked above the axis)
    ("lossPlot", lambda plot: plot.curves_a["loss"].getOriginalDataset()[1], lambda history: history.scalar("loss")),
    ("updateRatioPlot", lambda plot: plot.lines[0].getData()[1],
     lambda history: np.log10(history.layer("update_ratio")[:, 0])),
])
def test_diverged_run_shows_its_steps_and_marks_the_divergence_on_time_axes(make_plot, run_diverged, name, drawn,
                                                                            recorded):
    history, snapshot = run_diverged
    divergence = snapshot.divergence
    assert divergence is not None and history.steps[-1] == divergence.step - 1  # the history holds finite steps
    plot = make_plot(PLOTS[name])
    for frame_history, frame_snapshot, compare in diverged_frames(run_diverged):
        plot.update(frame_history, frame_snapshot, compare=compare)
        assert visible_event_lines(plot) == [divergence.step]
        np.testing.assert_array_equal(drawn(plot), recorded(history))


def test_nan_frame_draws_no_activation_bars_or_points(make_plot, run_diverged):
    plot = make_plot(ActivationPlot)
    *_, (history, broken, compare) = diverged_frames(run_diverged)
    plot.update(*run_diverged, compare=run_diverged)
    assert len(plot.bars_a.opts["height"]) == len(plot.bars_b.opts["height"]) == run_diverged[1].depth
    plot.update(history, broken, compare=compare)
    for bars, line, spread in ((plot.bars_a, plot.mean_a, plot.spread_a), (plot.bars_b, plot.mean_b, plot.spread_b)):
        assert len(bars.opts["height"]) == 0
        x, _y = line.getData()
        assert x is None or len(x) == 0
        assert len(spread.opts["x"]) == 0


def test_nan_frame_draws_empty_histogram_rows(make_plot, run_diverged):
    plot = make_plot(GradientHistogramPlot)
    *_, (history, broken, compare) = diverged_frames(run_diverged)
    plot.update(history, broken, compare=compare)
    shown = [curve for curve in plot.ridge_a if curve.isVisible()]
    assert len(shown) == broken.depth
    for row, curve in enumerate(shown):
        assert np.all(curve.getData()[1] == row)  # an empty row: its baseline, no hump
    for curve in plot.ridge_b[:broken.depth]:
        assert np.isnan(curve.getData()[1]).all()  # B's rows draw only their humps: none


def test_nan_frame_shows_a_message_instead_of_a_decision_boundary(make_plot, run_diverged):
    plot = make_plot(DecisionBoundaryPlot)
    *_, (history, broken, compare) = diverged_frames(run_diverged)
    plot.update(history, broken, compare=compare)
    assert not plot.image.isVisible() and not plot.boundary_a.isVisible() and not plot.boundary_b.isVisible()
    assert plot.diverged_text.isVisible() and "diverged" in plot.diverged_text.textItem.toPlainText()
    plot.update(*run_diverged)  # the last finite frame has probabilities: its picture comes back
    assert plot.image.isVisible() and not plot.diverged_text.isVisible()


# ---------------------------------------------------------------- lossPlot

def test_loss_plot_draws_the_history_columns_and_events(make_plot, run_a):
    history, snapshot = run_a
    plot = make_plot(LossPlot)
    plot.update(history, snapshot)
    x, y = plot.curves_a["loss"].getOriginalDataset()
    np.testing.assert_array_equal(x, history.steps)
    np.testing.assert_array_equal(y, history.scalar("loss"))
    _, train = plot.curves_a["train"].getOriginalDataset()
    np.testing.assert_allclose(train, history.scalar("train_accuracy") * 100)
    _, test = plot.curves_a["test"].getOriginalDataset()
    np.testing.assert_allclose(test, history.scalar("test_accuracy") * 100)
    assert visible_event_lines(plot) == [EVENT_STEP]
    assert not any(curve.isVisible() for curve in plot.curves_b.values())
    assert len(legend_texts(plot.legend)) == 3
    low, high = plot.accuracy_view.viewRange()[1]
    assert low <= 0 and 100 <= high < 120


def test_loss_plot_caption_names_the_guess_for_the_data_s_classes(make_plot, run_a):
    # the digits lesson: A stuck at 2.30 and 10 %, while the caption spoke of ln 2 = 0.69 and 50 %
    history, snapshot = run_a
    plot = make_plot(LossPlot)
    plot.update(history, snapshot)
    assert "ln 2 = 0.69" in plot.caption.text() and "50 %" in plot.caption.text()
    plot.update(history, dataclasses.replace(snapshot, n_classes=10))
    caption = plot.caption.text()
    assert "ln 10 = 2.30" in caption and "10 %" in caption and "0.69" not in caption and "50 %" not in caption
    assert plot.toolTip() == caption


@pytest.mark.skipif(tuple(int(p) for p in __import__("pyqtgraph").__version__.split(".")[:2]) < (0, 14),
                    reason="pyqtgraph 0.13 lays out axis labels with less room: titles shrink there (seen in CI's "
                    "lowest-versions run: 7-10 pt); the short titles are sized for pyqtgraph 0.14")
@pytest.mark.parametrize("cls, axis", [(LossPlot, "left"), (ActivationPlot, "right")])
def test_axis_titles_keep_their_size_in_a_dock_as_short_as_at_1280_x_720(make_plot, run_a, run_b, cls, axis):
    # at 1280 x 720 these docks are ~145 px tall: "train loss (cross-entropy, nats)" and "activation a: mean ± std"
    # shrank to 7 pt, unreadable from the back of a classroom
    plot = make_plot(cls, size=(420, 320))  # views ~145 px tall, as in the window
    plot.update(*run_a, compare=run_b)
    label_axis = plot.plot_item.getAxis(axis)
    assert label_axis.label.isVisible()
    assert label_axis.labelStyle.get("font-size") == f"{LIGHT.font_points}pt", label_axis.labelText


def test_loss_plot_compare_overlays_b_dashed(make_plot, run_a, run_b):
    plot = make_plot(LossPlot)
    plot.update(*run_a, compare=run_b)
    history_b = run_b[0]
    _, loss_b = plot.curves_b["loss"].getOriginalDataset()
    np.testing.assert_array_equal(loss_b, history_b.scalar("loss"))
    assert all(curve.isVisible() for curve in plot.curves_b.values())
    assert plot.curves_b["loss"].opts["pen"].style() != plot.curves_a["loss"].opts["pen"].style()
    texts = legend_texts(plot.legend)
    assert len(texts) == 6 and any(t.startswith("A:") for t in texts) and any(t.startswith("B:") for t in texts)
    plot.update(*run_a)  # compare off again
    assert not any(curve.isVisible() for curve in plot.curves_b.values())
    assert len(legend_texts(plot.legend)) == 3


@pytest.mark.parametrize("size", [(420, 320), (1600, 500)])
def test_loss_plot_accuracy_uses_its_own_axis_and_the_axis_stays_visible(qtbot, make_plot, run_a, run_b, size):
    plot = make_plot(LossPlot, size=size)
    plot.update(*run_a, compare=run_b)
    qtbot.wait(1)  # let the layout settle
    for curves in (plot.curves_a, plot.curves_b):
        assert curves["loss"].getViewBox() is plot.plot_item.vb
        assert curves["train"].getViewBox() is plot.accuracy_view
        assert curves["test"].getViewBox() is plot.accuracy_view
    assert plot.accuracy_view.sceneBoundingRect() == plot.plot_item.vb.sceneBoundingRect()
    right = plot.plot_item.getAxis("right")
    assert right.isVisible() and right.linkedView() is plot.accuracy_view
    assert right.sceneBoundingRect().right() <= plot.plot_widget.width() + 1
    # 100 % on the accuracy axis lies inside the plot area, not somewhere on the loss scale
    top = plot.accuracy_view.mapViewToScene(pg.QtCore.QPointF(0.0, 100.0)).y()
    view = plot.plot_item.vb.sceneBoundingRect()
    assert view.top() <= top <= view.top() + 0.2 * view.height()


def test_loss_plot_a_diverged_loss_does_not_flatten_the_other_curves(make_plot, run_a):
    history, snapshot = run_a
    loss = np.array(history.scalar("loss"), dtype=np.float64)
    loss[-5] = 4e61
    loss[-2] = np.inf
    scalars = {**history.scalars, "loss": loss}
    plot = make_plot(LossPlot, size=(420, 320))
    plot.update(dataclasses.replace(history, scalars=scalars), snapshot)
    low, high = plot.plot_item.vb.viewRange()[1]
    normal = np.delete(loss, [-5, -2])
    assert high <= max(3.0, 3.0 * np.median(normal)) * 1.1  # not stretched to 4e61
    assert high > normal.max() and low <= 0
    off_x, off_y = plot.off_scale_a.getData()
    np.testing.assert_array_equal(off_x, history.steps[[-5, -2]])  # both marked at the top of the axis
    assert np.all((off_y > 0.9 * high) & (off_y <= high))
    # a normal run is not capped: its axis ends just above its largest loss
    plot.update(history, snapshot)
    assert plot.plot_item.vb.viewRange()[1][1] == pytest.approx(np.nanmax(history.scalar("loss")) * 1.08)
    assert plot.off_scale_a.getData()[0].size == 0


def test_loss_plot_a_network_that_explodes_at_once_does_not_flatten_the_other(make_plot, run_a, run_b):
    """The exploding-init lesson: A's loss is 1e+37 from its second step (its whole short history), B learns."""
    history, snapshot = run_a
    exploded = np.array(history.scalar("loss"), dtype=np.float64)
    exploded[1:] = 3e37
    plot = make_plot(LossPlot)
    plot.update(dataclasses.replace(history, scalars={**history.scalars, "loss": exploded}), snapshot, run_b)
    high = plot.plot_item.vb.viewRange()[1][1]
    assert high < 5.0                                          # B's curve keeps the axis
    assert len(plot.off_scale_a.getData()[0]) == len(exploded) - 1   # A's losses marked above it


# ---------------------------------------------------------------- activationPlot

def test_activation_plot_bars_are_saturation_percent(make_plot, run_a):
    history, snapshot = run_a
    plot = make_plot(ActivationPlot)
    plot.update(history, snapshot)
    np.testing.assert_array_equal(plot.bars_a.opts["x"], np.arange(1, 7))
    np.testing.assert_allclose(plot.bars_a.opts["height"], snapshot.stats.saturation * 100)
    _, mean = plot.mean_a.getOriginalDataset()
    np.testing.assert_allclose(mean, snapshot.stats.activation_mean)
    np.testing.assert_allclose(plot.spread_a.opts["height"], 2 * snapshot.stats.activation_std)
    assert "sigmoid" in plot.caption.text() and "0.25" in plot.caption.text()
    assert "saturated" in plot.axis_texts()[1]


def test_activation_plot_switches_to_dead_units_for_relu_and_compares_side_by_side(make_plot, run_a, run_b):
    plot = make_plot(ActivationPlot)
    history_b, snapshot_b = run_b
    plot.update(history_b, snapshot_b)
    np.testing.assert_allclose(plot.bars_a.opts["height"], snapshot_b.stats.dead * 100)
    assert "ReLU" in plot.caption.text() and "dead" in plot.axis_texts()[1]
    plot.update(*run_a, compare=run_b)
    assert plot.bars_b.isVisible() and plot.mean_b.isVisible()
    np.testing.assert_allclose(plot.bars_a.opts["x"], np.arange(1, 7) - 0.2)
    np.testing.assert_allclose(plot.bars_b.opts["x"], np.arange(1, 7) + 0.2)
    np.testing.assert_allclose(plot.bars_b.opts["height"], snapshot_b.stats.dead * 100)
    assert "sigmoid" in plot.caption.text()
    assert len(legend_texts(plot.legend)) == 4
    plot.update(*run_a)
    assert not plot.bars_b.isVisible() and not plot.spread_b.isVisible()


# ---------------------------------------------------------------- gradientHistogramPlot

def test_gradient_histogram_ridge_and_layer_selection(make_plot, run_a):
    history, snapshot = run_a
    plot = make_plot(GradientHistogramPlot)
    plot.update(history, snapshot)
    assert plot.layer_combo.count() == snapshot.depth + 1
    ridge = [curve for curve in plot.ridge_a if curve.isVisible()]
    assert len(ridge) == snapshot.depth
    histograms = snapshot.signal_grad_histograms
    for row, curve in enumerate(ridge):
        x, y = curve.getOriginalDataset()
        heights = y - row  # each layer sits on its own baseline
        assert heights.min() == pytest.approx(0.0)
        assert int(np.argmax(heights)) == int(np.argmax(histograms[row]))
        np.testing.assert_allclose(heights / heights.max(), histograms[row] / histograms[row].max(), atol=1e-12)
    plot.select_layer(2)
    assert not any(curve.isVisible() for curve in plot.ridge_a) and plot.single_a.isVisible()
    x2, y2 = plot.single_a.getOriginalDataset()
    np.testing.assert_allclose(y2, histograms[2] * 100)
    np.testing.assert_array_equal(x2, snapshot.signal_grad_edges)
    assert "3" in plot.title_text()
    plot.layer_combo.setCurrentIndex(6)  # "Layer 6": the user's pick redraws at once
    _, y6 = plot.single_a.getOriginalDataset()
    np.testing.assert_allclose(y6, histograms[5] * 100)
    assert not np.allclose(y6, y2)


def test_gradient_histogram_x_axis_covers_the_data_and_shrinks_only_after_a_while(make_plot, run_a):
    history, snapshot = run_a
    plot = make_plot(GradientHistogramPlot)
    plot.update(history, snapshot)
    low, high = plot.plot_item.vb.viewRange()[0]
    occupied = np.flatnonzero(snapshot.signal_grad_histograms.sum(axis=0) > 0)
    edges = snapshot.signal_grad_edges
    assert low <= edges[occupied[0]] and high >= edges[occupied[-1] + 1]
    narrow = np.zeros_like(snapshot.signal_grad_histograms)
    narrow[:, occupied[-1]] = 1.0
    narrow_frame = dataclasses.replace(snapshot, signal_grad_histograms=narrow)
    plot.update(history, narrow_frame)
    assert plot.plot_item.vb.viewRange()[0] == pytest.approx([low, high])   # one frame changes nothing
    from bpviz.ui.plots.gradient_histogram import SHRINK_AFTER_FRAMES

    for _ in range(SHRINK_AFTER_FRAMES):
        plot.update(history, narrow_frame)
    shrunk = plot.plot_item.vb.viewRange()[0]
    assert shrunk[1] - shrunk[0] < high - low                              # after a while it fits the data again
    assert shrunk[0] <= edges[occupied[-1]] and shrunk[1] >= edges[occupied[-1] + 1]
    assert plot.plot_item.getAxis("bottom").tickStrings([-40.0, 0.0, 5.0], 1.0, 1.0) == ["1e-40", "1", "1e+5"]


def test_gradient_histogram_deep_net_shows_a_named_subset_and_compare(make_plot, run_a, run_b):
    trainer = Trainer(small_config(**{"network.depth": 30, "network.width": 8}))
    trainer.run(3)
    deep = (trainer.history.view(), trainer.snapshot())
    plot = make_plot(GradientHistogramPlot)
    plot.update(*deep)
    shown = [curve for curve in plot.ridge_a if curve.isVisible()]
    assert len(shown) == 12
    assert "12 of 30" in plot.title_text()
    ticks = plot.plot_item.getAxis("left")._tickLevels[0]
    assert ticks[0][1] == "1" and ticks[-1][1] == "30"
    plot.update(*run_a, compare=run_b)
    dashed = [curve for curve in plot.ridge_b if curve.isVisible()]
    assert len(dashed) == 6 and plot.legend.isVisible()
    plot.select_layer(0)
    assert plot.single_b.isVisible()
    np.testing.assert_allclose(plot.single_b.getOriginalDataset()[1], run_b[1].signal_grad_histograms[0] * 100)


# ---------------------------------------------------------------- updateRatioPlot

def test_update_ratio_lines_guide_and_events(make_plot, run_a, run_b):
    history, snapshot = run_a
    plot = make_plot(UpdateRatioPlot)
    plot.update(history, snapshot)
    lines = [line for line in plot.lines if line.isVisible()]
    assert len(lines) == snapshot.depth
    ratios = history.layer("update_ratio")
    for layer, line in enumerate(lines):
        x, y = line.getOriginalDataset()
        np.testing.assert_array_equal(x, history.steps)
        np.testing.assert_allclose(y, np.log10(ratios[:, layer]))
    assert plot.guide.value() == -3.0 and "1e-3" in plot.guide.label.format
    assert visible_event_lines(plot) == [EVENT_STEP]
    low, high = plot.plot_item.vb.viewRange()[1]
    assert low <= -8 and high >= 0
    assert low >= np.floor(np.log10(ratios[ratios > 0].min())) - 1
    assert not plot.mean_b.isVisible()
    plot.update(history, snapshot, compare=run_b)
    _, mean_b = plot.mean_b.getOriginalDataset()
    np.testing.assert_allclose(mean_b, np.log10(run_b[0].layer("update_ratio")).mean(axis=1))
    assert plot.mean_b.isVisible() and any("B:" in text for text in legend_texts(plot.legend))


# ---------------------------------------------------------------- decisionBoundaryPlot

def test_decision_boundary_image_points_and_compare(make_plot, run_a, run_b):
    history, snapshot = run_a
    plot = make_plot(DecisionBoundaryPlot)
    plot.update(history, snapshot)
    grid = snapshot.decision_grid
    np.testing.assert_array_equal(plot.image.image, grid.probability)
    assert tuple(plot.image.levels) == (0.0, 1.0)
    rect = plot.image.mapRectToParent(plot.image.boundingRect())
    step = grid.xs[1] - grid.xs[0]
    assert rect.left() == pytest.approx(grid.xs[0] - step / 2)
    assert rect.right() == pytest.approx(grid.xs[-1] + step / 2)
    X, y = snapshot.train_points
    assert plot.train_points[0].data.size == np.count_nonzero(y == 0)
    assert plot.train_points[1].data.size == np.count_nonzero(y == 1)
    X_test, y_test = snapshot.test_points
    assert plot.test_points[1].data.size == np.count_nonzero(y_test == 1)
    # a frame without a grid keeps the last image
    plot.update(history, dataclasses.replace(snapshot, decision_grid=None))
    np.testing.assert_array_equal(plot.image.image, grid.probability)
    assert plot.image.isVisible()
    # compare: B's P = 0.5 contour, dashed, in the legend
    plot.update(history, snapshot, compare=run_b)
    plot.boundary_b.boundingRect()  # builds the path
    assert plot.boundary_b.isVisible() and plot.boundary_b.path.elementCount() > 1
    assert plot.boundary_b.pen.style() != plot.boundary_a.pen.style()
    assert any(text.startswith("B") for text in legend_texts(plot.legend))
    texts = legend_texts(plot.legend)
    assert {"class 0", "class 1", "train", "test"} <= set(texts)
    plot.update(history, snapshot)
    assert not plot.boundary_b.isVisible()


def test_decision_boundary_legend_draws_the_lines_before_the_contours_come(make_plot, run_a, run_b):
    # the first frames of a lesson come without grids: the legend showed a crossed-out eye (pyqtgraph's sample of a
    # hidden item) for "A: P = 0.5" and "B: P = 0.5" instead of the solid and the dashed line, and kept it
    history, snapshot = run_a
    history_b, snapshot_b = run_b
    plot = make_plot(DecisionBoundaryPlot)
    plot.update(history, dataclasses.replace(snapshot, decision_grid=None),
                compare=(history_b, dataclasses.replace(snapshot_b, decision_grid=None)))
    assert not plot.boundary_a.isVisible() and not plot.boundary_b.isVisible()
    samples = {label.text: sample.item for sample, label in plot.legend.items}
    for name, contour in (("A: P = 0.5", plot.boundary_a), ("B: P = 0.5", plot.boundary_b)):
        assert samples[name].isVisible(), name  # ItemSample.paint draws the eye icon for a hidden item
        assert samples[name].opts["pen"].style() == contour.pen.style()
        assert samples[name].opts["pen"].color() == contour.pen.color()


def test_decision_boundary_contour_lies_on_the_half_probability_line(make_plot):
    xs = np.linspace(-1.0, 1.0, 21)
    probability = np.tile((xs > 0.25).astype(float), (21, 1))  # P = 1 right of x = 0.25, columns indexed by x
    grid = DecisionGrid(xs, xs.copy(), probability)
    trainer = Trainer(small_config())
    snapshot = dataclasses.replace(trainer.snapshot(), decision_grid=grid)
    plot = make_plot(DecisionBoundaryPlot)
    plot.update(trainer.history.view(), snapshot)
    rect = plot.boundary_a.mapRectToParent(plot.boundary_a.boundingRect())
    # halfway between the last P=0 column (x = 0.2) and the first P=1 column (x = 0.3), from bottom to top
    assert rect.left() == pytest.approx(0.25) and rect.right() == pytest.approx(0.25)
    assert rect.top() == pytest.approx(-1.0, abs=0.06) and rect.bottom() == pytest.approx(1.0, abs=0.06)


def test_decision_boundary_diverged_model_shows_a_message_not_an_image(make_plot, run_diverged):
    history, snapshot = run_diverged
    # Whether the last finite weights still give finite probabilities depends on where the engine caught the
    # divergence; the plot's job is to show non-finite probabilities as a message, so give it some.
    grid = snapshot.decision_grid
    broken = DecisionGrid(grid.xs, grid.ys, np.full_like(grid.probability, np.nan))
    snapshot = dataclasses.replace(snapshot, decision_grid=broken)
    plot = make_plot(DecisionBoundaryPlot)
    plot.update(history, snapshot)
    assert not plot.image.isVisible() and not plot.boundary_a.isVisible()
    assert plot.diverged_text.isVisible()
    assert re.search("diverged", plot.diverged_text.textItem.toPlainText())


def test_decision_boundary_diverged_message_is_on_a_box_over_the_points(make_plot, run_diverged):
    # clipping lesson, zh_CN: the orange message over the blue and orange training points could not be read
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor

    history, snapshot = run_diverged
    grid = snapshot.decision_grid
    broken = DecisionGrid(grid.xs, grid.ys, np.full_like(grid.probability, np.nan))
    plot = make_plot(DecisionBoundaryPlot)
    plot.update(history, dataclasses.replace(snapshot, decision_grid=broken))
    assert plot.diverged_text.isVisible()
    fill = plot.diverged_text.fill
    assert fill.style() != Qt.BrushStyle.NoBrush
    assert fill.color().rgb() == QColor(LIGHT.background).rgb() and fill.color().alpha() >= 180
    assert plot.diverged_text.zValue() > max(item.zValue() for item in plot.train_points)


@pytest.mark.parametrize("name", sorted(PLOTS))
def test_plot_and_legend_fit_a_narrow_dock(narrow_dock, run_a, run_b, name):
    """At 420 x 320 (a dock beside the builder) the legend wraps into rows instead of widening the plot."""
    # the others have a colour bar / key column beside the plot
    narrow_dock(PLOTS[name], run_a, run_b, whole_plot=name in ("lossPlot", "activationPlot"))
