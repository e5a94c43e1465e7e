"""The gradient-flow plots (gradient flow, heatmap, network diagram, Jacobian "why" view) draw exactly what a real
Trainer's history and snapshot hold, overlay network B in compare mode, survive zero and NaN/Inf gradients, and
restyle for presentation mode."""

from __future__ import annotations

import dataclasses
import math
import time

import numpy as np
import pytest

import bpviz.ui  # noqa: F401  (PySide6 before pyqtgraph)
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage

from bpviz.config import ExperimentConfig
from bpviz.engine.telemetry import EXPLODING_ABOVE, VANISHING_BELOW, History, Jacobians, StepStats
from bpviz.engine.trainer import Trainer
from bpviz.ui.plots import PLOT_CLASSES
from bpviz.ui.plots.axes import Log10Axis
from bpviz.engine.diagnosis import gradient_ratio
from bpviz.ui.plots.gradient_flow import GradientFlowPlot
from bpviz.ui.plots.gradient_heatmap import GradientHeatmapPlot
from bpviz.ui.plots.jacobian import JacobianPlot
from bpviz.ui.plots.network_diagram import NetworkDiagramPlot, faded
from bpviz.ui.plots.numeric import format_sci
from bpviz.ui.plots.theme import DARK, LIGHT, health_color, set_current_theme

PLOTS = {
    "gradientFlowPlot": GradientFlowPlot,
    "gradientHeatmapPlot": GradientHeatmapPlot,
    "networkDiagramPlot": NetworkDiagramPlot,
    "jacobianPlot": JacobianPlot,
}
DEPTH = 6
STEPS = 12


def small_config(**changes) -> ExperimentConfig:
    base = {"network.depth": DEPTH, "network.width": 16, "network.activation": "sigmoid",
            "network.init": "xavier", "data.dataset": "spiral"}
    base.update(changes)
    return ExperimentConfig().replace(**base)


pytestmark = pytest.mark.usefixtures("light_theme")


@pytest.fixture(scope="module")
def run_a():
    """Network A: a small sigmoid net (gradients shrink toward the input), with a live change at step 6."""
    trainer = Trainer(small_config())
    trainer.run(6)
    trainer.apply_config(trainer.config.replace(**{"train.learning_rate": 0.3}))
    trainer.run(STEPS - 6)
    return trainer.history.view(), trainer.snapshot(grid=True, jacobians=True)


@pytest.fixture(scope="module")
def run_b():
    """Network B: the same net with residual connections (the remedy)."""
    trainer = Trainer(small_config(**{"network.residual": True}))
    trainer.run(STEPS)
    return trainer.history.view(), trainer.snapshot(grid=True, jacobians=True)


def with_stats(snapshot, **changes):
    return dataclasses.replace(snapshot, stats=dataclasses.replace(snapshot.stats, **changes))


def brush_hex(brush) -> str:
    return QColor(brush.color()).name()


def diverged_snapshot(snapshot):
    """The snapshot of a run whose numbers went NaN/Inf (what a plot may see from a diverged network)."""
    grad = np.array(snapshot.stats.grad_norm, dtype=float)
    grad[0], grad[2] = np.nan, np.inf
    signal = np.array(snapshot.stats.signal_grad_norm, dtype=float)
    signal[:2] = np.nan
    sv = np.full(DEPTH, np.nan)
    return dataclasses.replace(with_stats(snapshot, grad_norm=grad, signal_grad_norm=signal,
                                          output_grad_norm=float("nan")),
                               jacobians=Jacobians(sv, np.full(DEPTH, np.inf)))


def diverged_history(history):
    layers = {name: values.copy() for name, values in history.layers.items()}
    layers["grad_norm"][-3:, 1] = np.nan
    layers["grad_norm"][-1, 2] = np.inf
    layers["grad_norm"][-2, 3] = 0.0
    return dataclasses.replace(history, layers=layers)


def is_blank(plot) -> bool:
    image = plot.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    data = np.frombuffer(image.constBits(), dtype=np.uint32, count=image.width() * image.height())
    return len(np.unique(data[:: max(1, data.size // 40000)])) < 8


# ---------------------------------------------------------------- names and registry

@pytest.mark.parametrize("name", sorted(PLOTS))
def test_object_name_and_registry(make_plot, name):
    plot = make_plot(PLOTS[name], (400, 300))
    assert plot.objectName() == name
    assert PLOTS[name] in PLOT_CLASSES
    assert plot.title_text() and plot.caption_text()
    assert plot.caption.text() == plot.caption_text()


# ---------------------------------------------------------------- gradient flow

def first_last(grad_norm) -> float:
    return gradient_ratio(grad_norm).value


def test_log_axis_is_labelled_in_whole_decades(make_plot):
    plot = make_plot(GradientFlowPlot)
    axis = plot.axis
    assert isinstance(axis, Log10Axis)
    levels = axis.tickValues(-45.0, 3.0, 420)
    labels = axis.tickStrings(levels[0][1], 1.0, levels[0][0])
    assert "1e-40" in labels and "1" in labels
    assert (plot.floor, plot.top) == (-6.0, 3.0)   # before any data: the two thresholds with a decade around them


def test_gradient_flow_bars_are_log10_grad_norm_coloured_by_health(make_plot, run_a):
    history, snapshot = run_a
    plot = make_plot(GradientFlowPlot)
    plot.update(history, snapshot)
    grad = snapshot.stats.grad_norm
    bars = plot.series_a.bars.opts
    np.testing.assert_allclose(np.asarray(bars["height"]) + plot.floor, np.log10(grad))
    assert bars["y0"] == plot.floor
    np.testing.assert_allclose(bars["x"], np.arange(1, DEPTH + 1))
    assert [brush_hex(b) for b in bars["brushes"]] == [QColor(health_color(g)).name() for g in grad]
    _x, line_y = plot.series_a.signal.getData()
    np.testing.assert_allclose(line_y, np.log10(snapshot.stats.signal_grad_norm))
    assert not plot.series_b.bars.isVisible()
    ratio = grad[0] / grad[-1]
    assert plot.ratios[0].value == pytest.approx(ratio)
    assert f"first/last = {format_sci(ratio)}" in plot.ratio_text
    assert grad[0] < grad[-1]  # a sigmoid net: the input side gets less (the point of the plot)


def test_gradient_flow_health_colours_and_thresholds(make_plot, run_a):
    history, snapshot = run_a
    plot = make_plot(GradientFlowPlot)
    grad = np.array([1e-40, 1e-6, 1e-3, 1.0, 5e2, 3e4])
    plot.update(history, with_stats(snapshot, grad_norm=grad))
    colors = [brush_hex(b) for b in plot.series_a.bars.opts["brushes"]]
    theme = plot.theme
    assert colors == [QColor(c).name() for c in (theme.vanishing, theme.vanishing, theme.healthy, theme.healthy,
                                                  theme.exploding, theme.exploding)]
    assert (plot.floor, plot.top) == (-41.0, 6.0)  # fitted: a decade below 1e-40 and above 3e+4
    heights = np.asarray(plot.series_a.bars.opts["height"])
    assert heights[0] == pytest.approx(1.0)      # 1e-40 a decade above the floor: a short bar
    assert heights[3] == pytest.approx(41.0)     # 1e+0: a tall one
    assert plot.vanishing_line.value() == pytest.approx(math.log10(VANISHING_BELOW))
    assert plot.exploding_line.value() == pytest.approx(math.log10(EXPLODING_ABOVE))
    zone_colors = plot.zone_axis.colors  # right-hand axis: zone name -> its colour
    assert zone_colors["▼ vanishing < 1e-5"] == theme.vanishing
    assert zone_colors["▲ exploding > 1e+2"] == theme.exploding


def test_both_thresholds_are_named_even_when_their_labels_would_overlap():
    from PySide6.QtCore import QRectF

    from bpviz.ui.plots.gradient_flow import place_zone_labels

    # presentation mode on a short plot: "vanishing" (lower) and "exploding" (upper) two-line labels overlap,
    # "healthy" sits between them
    vanishing, exploding, healthy = QRectF(0, 100, 80, 44), QRectF(0, 70, 80, 44), QRectF(0, 90, 80, 22)
    places = place_zone_labels([vanishing, exploding, healthy])
    assert places[0] == vanishing                                   # the first keeps its place
    assert places[1] is not None and places[1].bottom() < places[0].top()   # the second moves above it
    assert places[2] is None                                        # no room left for "healthy"
    # with room, nothing moves and every label is drawn
    apart = [QRectF(0, 200, 80, 44), QRectF(0, 20, 80, 44), QRectF(0, 110, 80, 22)]
    assert place_zone_labels(apart) == apart
    # a lower label that overlaps moves down, away from the upper one
    upper, lower = QRectF(0, 50, 80, 44), QRectF(0, 80, 80, 44)
    assert place_zone_labels([upper, lower])[1].top() > upper.bottom()


def test_gradient_flow_zero_and_underflowing_gradients(make_plot, run_a):
    history, snapshot = run_a
    plot = make_plot(GradientFlowPlot)
    grad = np.array([0.0, 1e-94, 1e-20, 1e-3, 1e-2, 1e-1])  # a zero gradient and a 1e-94 one
    plot.update(history, with_stats(snapshot, grad_norm=grad))
    assert plot.floor == -95.0                                   # the axis goes as deep as the data
    heights = np.asarray(plot.series_a.bars.opts["height"])
    assert heights[0] == 0.0                                     # zero: no bar ...
    zero_x = plot.series_a.zero_bars.opts["x"]
    assert list(zero_x) == [1.0]                                 # ... but an empty, hatched column
    assert plot.series_a.zero_bars.opts["height"][0] == pytest.approx(plot.top - plot.floor)
    assert "0" in plot.value_texts                               # with the word, not a missing bar
    assert heights[1] == pytest.approx(1.0)                      # 1e-94 drawn as 1e-94
    assert plot.ratio_text.startswith("no gradient reaches layer 1: it underflowed to 0")
    assert "NaN" not in plot.ratio_text


def rezero_step_one(trainer: Trainer) -> tuple:
    """One step with every ReZero alpha at 0: blocks 2.. get a weight gradient of exactly 0 (branch off)."""
    trainer.step()
    snapshot = trainer.snapshot()
    assert list(snapshot.stats.grad_norm[1:]) == [0.0] * (DEPTH - 1) and snapshot.stats.grad_norm[0] > 0
    assert list(snapshot.branch_scales[1:]) == [0.0] * (DEPTH - 1) and np.isnan(snapshot.branch_scales[0])
    assert np.all(snapshot.rezero_alpha[1:] != 0.0)  # the step has moved alpha: the plot needs the step's scales
    return trainer.history.view(), snapshot


def assert_branch_off_not_dead(plot) -> None:
    assert plot.ratio_text.splitlines()[0] == f"blocks 2-{DEPTH}: branch off (ReZero α = 0)"
    assert "dead" not in plot.ratio_text and "no gradient" not in plot.ratio_text
    zero_texts = [text for text in plot.value_texts if text in ("α = 0", "dead", "0")]
    assert zero_texts and set(zero_texts) == {"α = 0"}
    np.testing.assert_allclose(plot.series_a.zero_bars.opts["x"], np.arange(2, DEPTH + 1))  # still empty columns


def test_gradient_flow_says_rezero_branch_off_not_dead_at_step_1(qtbot, make_plot):
    trainer = Trainer(small_config(**{"network.residual": True}))
    assert trainer.config.network.residual_scale == "rezero"  # the builder's toggle: alpha starts at 0
    history, snapshot = rezero_step_one(trainer)
    plot = make_plot(GradientFlowPlot)
    plot.update(history, snapshot)
    assert_branch_off_not_dead(plot)
    trainer.step()  # alpha is no longer 0: real gradients, and the plain ratio again
    plot.update(trainer.history.view(), trainer.snapshot())
    assert plot.ratio_text.startswith("first/last = ") and "branch off" not in plot.ratio_text
    # (the value labels follow the data a quarter of a second apart)
    qtbot.waitUntil(lambda: not {"α = 0", "dead", "0"} & set(plot.value_texts), timeout=5000)


def test_gradient_flow_says_branch_off_after_ticking_residual_mid_run_also_in_compare_mode(make_plot, run_a):
    trainer = Trainer(small_config(**{"network.activation": "relu", "network.init": "he"}))
    trainer.run(5)
    trainer.apply_config(trainer.config.replace(**{"network.residual": True}))
    history, snapshot = rezero_step_one(trainer)
    plot = make_plot(GradientFlowPlot)
    plot.update(history, snapshot)
    assert_branch_off_not_dead(plot)
    plot.update(history, snapshot, compare=run_a)
    assert plot.ratio_text.splitlines()[0] == f"A: blocks 2-{DEPTH}: branch off (ReZero α = 0)"
    assert "branch off" not in plot.ratio_text.splitlines()[1]  # B: a plain network, its own ratio


def test_gradient_flow_still_calls_a_dead_relu_layer_dead(make_plot, run_a):
    history, snapshot = run_a
    grad = np.array([1e-3, 1e-3, 1e-3, 1e-3, 1e-3, 0.0])
    dead = np.array([0.0, 0.0, 0.0, 0.0, 0.0, 1.0])
    plot = make_plot(GradientFlowPlot)
    plot.update(history, with_stats(snapshot, grad_norm=grad, dead=dead))
    assert plot.ratio_text.splitlines()[0] == f"no gradient in layer {DEPTH}: layer {DEPTH} is dead"
    assert "dead" in plot.value_texts and "α = 0" not in plot.value_texts


def test_gradient_flow_compare_mode_side_by_side(make_plot, run_a, run_b):
    history, snapshot = run_a
    plot = make_plot(GradientFlowPlot)
    plot.update(history, snapshot, run_b)
    assert plot.series_b.bars.isVisible()
    np.testing.assert_allclose(plot.series_a.bars.opts["x"], np.arange(1, DEPTH + 1) - 0.21)
    np.testing.assert_allclose(plot.series_b.bars.opts["x"], np.arange(1, DEPTH + 1) + 0.21)
    grad_b = run_b[1].stats.grad_norm
    np.testing.assert_allclose(np.asarray(plot.series_b.bars.opts["height"]) + plot.floor, np.log10(grad_b))
    names = [label.text for _sample, label in plot.legend.items]
    assert any(n.startswith("A: ") for n in names) and any(n.startswith("B: ") for n in names)
    assert f"B: first/last = {format_sci(first_last(grad_b))}" in plot.ratio_text
    # the remedy: residual connections carry more gradient to the first layer
    assert first_last(grad_b) > first_last(snapshot.stats.grad_norm)
    plot.update(history, snapshot)
    assert not plot.series_b.bars.isVisible()
    assert not any(label.text.startswith("B: ") for _sample, label in plot.legend.items)


def test_gradient_flow_deep_network_stays_readable(make_plot, run_a):
    history, snapshot = run_a
    plot = make_plot(GradientFlowPlot)
    depth = 200
    grad = 10.0 ** np.linspace(-60, -1, depth)
    deep = dataclasses.replace(with_stats(snapshot, grad_norm=grad, signal_grad_norm=grad * 3), depth=depth)
    plot.update(history, deep)
    ticks = plot.plot_item.getAxis("bottom")._tickLevels[0]
    assert 5 <= len(ticks) <= 15 and ticks[0][1] == "1" and ticks[-1][1] == "200"
    assert plot.series_a.signal.opts["symbol"] is None          # 200 markers would hide the line
    assert plot.floor == -61.0
    assert not is_blank(plot)


def test_gradient_flow_diverged_snapshot_draws_no_bar_for_nan(make_plot, run_a):
    history, snapshot = run_a
    plot = make_plot(GradientFlowPlot)
    bad = diverged_snapshot(snapshot)
    plot.update(history, bad, (history, bad))
    heights = np.asarray(plot.series_a.bars.opts["height"])
    assert heights[0] == 0.0 and heights[2] == 0.0 and np.all(np.isfinite(heights))
    crosses_x, _ = plot.series_a.not_finite.getData()
    assert list(crosses_x) == [1.0 - 0.21, 3.0 - 0.21]
    assert "A: no ratio: the gradient is not finite (the run diverged)" in plot.ratio_text
    assert "NaN" not in plot.ratio_text


def test_gradient_flow_shows_divergence_of_a_real_run(make_plot):
    trainer = Trainer(small_config(**{"train.learning_rate": 100.0, "network.init": "large",
                                      "network.activation": "relu"}))
    trainer.run(200)
    assert trainer.divergence is not None
    history, snapshot = trainer.history.view(), trainer.snapshot(grid=True, jacobians=True)
    for cls in PLOTS.values():
        plot = make_plot(cls, (500, 300))
        plot.update(history, snapshot, (history, snapshot))
        plot.update(history, snapshot)
    flow = make_plot(GradientFlowPlot)
    flow.update(history, snapshot)
    assert f"diverged at step {trainer.divergence.step}" in flow.ratio_text


# ---------------------------------------------------------------- heatmap

def test_heatmap_image_is_log10_grad_norm_in_step_units(make_plot, run_a):
    history, snapshot = run_a
    plot = make_plot(GradientHeatmapPlot)
    plot.update(history, snapshot)
    image = plot.image_a.image
    assert image.shape == (len(history), DEPTH)
    np.testing.assert_allclose(image, np.log10(history.layer("grad_norm")))
    logs = np.log10(history.layer("grad_norm"))
    low, high = plot.image_a.getLevels()
    assert low == math.floor(logs.min()) and high == math.ceil(logs.max())   # fitted to the run, whole decades
    rect = plot.image_a.mapRectToParent(plot.image_a.boundingRect())
    assert rect.left() == pytest.approx(history.steps[0] - 0.5)
    assert rect.width() == pytest.approx(len(history))
    assert rect.bottom() == pytest.approx(DEPTH + 0.5) and rect.top() == pytest.approx(0.5)
    assert "||dL/dW||" in plot.colorbar.axis.labelText
    shown = [line for line in plot.events._lines if line.isVisible()]
    assert [line.value() for line in shown] == [e.step for e in history.events] == [6]
    assert not plot.image_b.isVisible()


def test_heatmap_caches_rows_and_stays_fast(make_plot):
    depth, capacity = 200, 2048
    history = History(depth, capacity)
    rng = np.random.default_rng(0)
    zeros = np.zeros(depth)

    def stats(step: int) -> StepStats:
        grad = 10.0 ** rng.uniform(-12, 1, depth)
        return StepStats(step, 1.0, 0.5, 0.5, 1.0, 1.0, grad, grad, zeros, zeros, zeros, zeros, zeros)

    for step in range(1, capacity):
        history.append(stats(step))
    trainer = Trainer(small_config())
    snapshot = dataclasses.replace(trainer.snapshot(histograms=False), depth=depth)
    plot = make_plot(GradientHeatmapPlot)
    plot.update(history.view(), snapshot)
    assert plot.cache_a.full_recomputes == 1
    timings = []
    for step in range(capacity, capacity + 21):
        history.append(stats(step))
        view = history.view()
        start = time.perf_counter()
        plot.update(view, snapshot)
        timings.append(time.perf_counter() - start)
    assert plot.cache_a.full_recomputes == 2             # once more, when the history decimated
    assert plot.image_a.image.shape == (len(view), depth)
    np.testing.assert_allclose(plot.image_a.image, np.log10(view.layer("grad_norm")))
    assert float(np.median(timings)) < 0.02, timings     # typically ~1 ms


def test_heatmap_compare_stacks_b_below_a(make_plot, run_a, run_b):
    history, snapshot = run_a
    plot = make_plot(GradientHeatmapPlot)
    plot.update(history, snapshot, run_b)
    assert plot.image_b.isVisible() and plot.label_b.isVisible()
    assert plot.image_b.image.shape == (len(run_b[0]), DEPTH)
    rect_a = plot.image_a.mapRectToParent(plot.image_a.boundingRect())
    rect_b = plot.image_b.mapRectToParent(plot.image_b.boundingRect())
    assert rect_b.bottom() < rect_a.top()                  # B below A, not overlapping
    assert plot.label_a.toPlainText() == "A" and plot.label_b.toPlainText() == "B"
    plot.update(history, snapshot)
    assert not plot.image_b.isVisible()


def test_heatmap_nan_and_zero_rows(make_plot, run_a):
    history, snapshot = run_a
    plot = make_plot(GradientHeatmapPlot)
    plot.update(diverged_history(history), diverged_snapshot(snapshot))
    image = plot.image_a.image
    assert np.isnan(image[-1, 1]) and np.isnan(image[-1, 2])   # drawn transparent, not as a colour
    assert image[-2, 3] < plot.levels[0]                       # a zero gradient: the darkest colour
    assert not is_blank(plot)


# ---------------------------------------------------------------- network diagram

def test_network_diagram_connections_follow_gradients(make_plot, run_a):
    history, snapshot = run_a
    plot = make_plot(NetworkDiagramPlot)
    plot.update(history, snapshot)
    diagram = plot.diagram_a
    visible = [link for link in diagram.links if link.isVisible()]
    assert len(visible) == DEPTH + 1                           # input->1, ..., 6->output
    x, y = visible[0].getData()
    assert len(x) == 2 * 2 * len(diagram.columns_y[1])        # every input node to every drawn node
    assert set(x[0::2]) == {0.0} and set(x[1::2]) == {1.0}
    widths = [link.opts["pen"].widthF() for link in visible]
    opacities = [spec[2] for spec in diagram.pens]  # (colour, width, opacity, style, strength, health)
    grad = snapshot.stats.grad_norm
    assert np.argmin(widths[:DEPTH]) == int(np.argmin(grad))  # the smallest gradient, the thinnest lines
    assert widths[0] < widths[DEPTH - 1] and opacities[0] < opacities[DEPTH - 1]
    assert visible[0].opts["pen"].color().name() == faded(health_color(grad[0]), LIGHT.background, opacities[0])
    labels = [label.toPlainText() for label in plot.column_labels if label.isVisible()]
    assert labels[0] == "input" and labels[-1] == "output" and labels[1:-1] == [str(i) for i in range(1, 7)]
    assert not plot.plot_item.getAxis("left").isVisible()


def test_network_diagram_column_labels_never_run_into_each_other(make_plot):
    # at 1366 x 768 the Network dock is ~450 px wide: "10" ran into "output" ("10output")
    trainer = Trainer(small_config(**{"network.depth": 10}))
    trainer.run(1)
    plot = make_plot(NetworkDiagramPlot, size=(450, 560))
    plot.update(trainer.history.view(), trainer.snapshot())
    labels = [label for label in plot.column_labels if label.isVisible()]
    assert labels[0].toPlainText() == "input" and labels[-1].toPlainText() == "output" and len(labels) > 4
    rects = [label.sceneBoundingRect() for label in labels]
    for left, right in zip(rects, rects[1:]):
        assert left.right() < right.left(), [label.toPlainText() for label in labels]


def test_network_diagram_pulse_travels_backward(make_plot, run_a):
    history, snapshot = run_a
    plot = make_plot(NetworkDiagramPlot)
    plot.update(history, snapshot)
    first = plot.pulse_position
    plot.update(history, snapshot)
    second = plot.pulse_position
    assert second < first                                      # toward the input
    glow_x, _ = plot.diagram_a.glow.getData()
    assert len(glow_x) and set(glow_x) == {float(plot.pulse_column)}
    columns = DEPTH + 2
    seen = {plot.pulse_column}
    for _ in range(4 * columns + 4):
        plot.update(history, snapshot)
        seen.add(plot.pulse_column)
    assert seen == set(range(columns))                         # it visits every layer and restarts


def test_network_diagram_deep_network_shows_a_labelled_subset(make_plot, run_a):
    history, snapshot = run_a
    plot = make_plot(NetworkDiagramPlot)
    depth = 120
    grad = 10.0 ** np.linspace(-30, -1, depth)
    plot.update(history, dataclasses.replace(with_stats(snapshot, grad_norm=grad), depth=depth))
    assert sum(link.isVisible() for link in plot.diagram_a.links) == 21   # 20 shown layers + output
    assert "20 of 120" in plot.subset_text.toPlainText() and plot.subset_text.isVisible()
    assert plot.diagram_a.ellipses[1].isVisible() and not plot.diagram_a.ellipses[0].isVisible()
    assert not is_blank(plot)


def test_network_diagram_compare_and_nan(make_plot, run_a, run_b):
    history, snapshot = run_a
    plot = make_plot(NetworkDiagramPlot)
    plot.update(history, snapshot, run_b)
    assert plot.diagram_b.nodes.isVisible()
    assert "residual off" in plot.diagram_a.name.toPlainText()
    assert plot.diagram_b.name.toPlainText().startswith("B: ") and "residual on" in plot.diagram_b.name.toPlainText()
    _xa, ya = plot.diagram_a.nodes.getData()
    _xb, yb = plot.diagram_b.nodes.getData()
    assert ya.min() > yb.max()                                 # A above B
    bad = diverged_snapshot(snapshot)
    plot.update(history, bad, (history, bad))
    assert plot.diagram_a.links[0].opts["pen"].style() == plot.diagram_a.links[0].opts["pen"].style().DotLine
    plot.update(history, snapshot)
    assert not plot.diagram_b.nodes.isVisible()


# ---------------------------------------------------------------- Jacobian ("why") view

def test_jacobian_bars_and_running_product(make_plot, run_a):
    history, snapshot = run_a
    plot = make_plot(JacobianPlot)
    plot.update(history, snapshot)
    jac = snapshot.jacobians
    bars = plot.series_a.bars.opts
    np.testing.assert_allclose(bars["height"], np.abs(np.log10(jac.mean_singular_value)))
    np.testing.assert_allclose(np.asarray(bars["y0"]), np.minimum(np.log10(jac.mean_singular_value), 0))
    _x, y = plot.series_a.product.getData()
    np.testing.assert_allclose(y, np.log10(jac.running_product))
    assert plot.guide.value() == 0.0
    assert np.all(jac.mean_singular_value < 1)                 # sigmoid: every factor shrinks the signal
    assert f"= {format_sci(jac.running_product[0])}" in plot.status.toPlainText()
    assert f"{DEPTH}/{DEPTH}" in plot.status.toPlainText()
    low, high = plot.plot_item.vb.viewRange()[1]
    assert low <= math.log10(jac.running_product[0]) and high >= 0.0


def jacobians_of(sv) -> Jacobians:
    sv = np.asarray(sv, dtype=float)
    return Jacobians(sv, np.cumprod(sv[::-1])[::-1])


def data_shapes_in_scene(plot) -> list[QRectF]:
    """Every bar of both networks and every stretch of their product lines, as rectangles in scene pixels."""
    from PySide6.QtCore import QPointF

    view = plot.plot_item.vb
    shapes = []
    for series in (plot.series_a, plot.series_b):
        if not series.bars.isVisible():
            continue
        opts = series.bars.opts
        for x, height, y0 in zip(opts["x"], opts["height"], opts["y0"]):
            rect = QRectF(x - opts["width"] / 2, y0, opts["width"], height)
            shapes.append(view.mapViewToScene(rect).boundingRect())
        x, y = series.product.getData()
        if x is None:
            continue
        for i in range(len(x) - 1):  # the line between two points, in short pieces
            for t in np.linspace(0.0, 1.0, 12):
                point = view.mapViewToScene(QPointF(x[i] + t * (x[i + 1] - x[i]), y[i] + t * (y[i + 1] - y[i])))
                shapes.append(QRectF(point.x() - 1.5, point.y() - 1.5, 3.0, 3.0))
    return shapes


def texts_over_data(plot) -> list[str]:
    texts = [(name, item) for name, item in (("guide label", plot.guide_label), ("status", plot.status))
             if item.isVisible()]
    problems = []
    shapes = data_shapes_in_scene(plot)
    for name, item in texts:
        box = item.sceneBoundingRect()
        hits = [shape for shape in shapes if box.intersects(shape)]
        if hits:
            problems.append(f"{name} {box.getRect()} over {len(hits)} bars/line pieces, e.g. {hits[0].getRect()}")
    return problems


SEVEN_EXPLODING = [1e40] * 7 + [1e-40] * 13        # the clipping lesson's A, diverged: layers 1-7 grow, 8-20 vanish
CLIMBING = [0.2] * 20                               # the depth lesson: the product climbs from 1e-14 to the output


@pytest.mark.parametrize("size, scale", [((430, 330), 1.0), ((430, 300), 1.0), ((900, 500), 1.0), ((650, 420), 1.5),
                                         ((430, 200), 1.0)])    # the last: a plot a few rows tall (a 2 x 2 layout)
@pytest.mark.parametrize("sv_a, sv_b", [(SEVEN_EXPLODING, [0.9] * 20), (CLIMBING, [0.3] * 3), (CLIMBING, None),
                                        ([3.0] * 10, None)])
def test_jacobian_guide_label_and_numbers_are_never_drawn_over_the_data(qtbot, make_plot, run_a, size, scale, sv_a,
                                                                      sv_b):
    # clipping and exploding-init lessons: "1 = signal preserved" sat on the guide line, and bars growing from it
    # were drawn through the text; depth lesson: the numbers sat on A's product line near layer 1
    history, snapshot = run_a
    big = LIGHT.scaled(scale)                                    # 1.5: presentation mode's fonts
    set_current_theme(big)
    plot = make_plot(JacobianPlot, size=size)
    plot.apply_theme(big)
    frame_a = dataclasses.replace(snapshot, depth=len(sv_a), jacobians=jacobians_of(sv_a))
    compare = None
    if sv_b is not None:
        compare = (history, dataclasses.replace(snapshot, depth=len(sv_b), jacobians=jacobians_of(sv_b)))
    plot.update(history, frame_a, compare)
    view = plot.plot_item.vb
    qtbot.waitUntil(lambda: view.height() > 0)
    plot.grab()
    assert "signal preserved" in plot.guide_label.toPlainText()
    assert plot.guide_label.isVisible() or view.height() < 2 * plot._text_px(plot.guide_label)  # left out, too short
    assert plot.status.isVisible() or "product at layer 1" in plot.caption.text()
    assert texts_over_data(plot) == []


@pytest.mark.skipif(tuple(int(p) for p in __import__("pyqtgraph").__version__.split(".")[:2]) < (0, 14),
                    reason="pyqtgraph 0.13 lays out axis labels with less room: titles shrink there (seen in CI's "
                    "lowest-versions run: 7-10 pt); the short titles are sized for pyqtgraph 0.14")
@pytest.mark.parametrize("size", [(430, 330), (430, 300)])
def test_jacobian_axis_title_keeps_the_theme_s_size_in_a_dock_as_short_as_at_1280_x_720(make_plot, run_a, run_b, size):
    # clipping and exploding-init lessons at 1280 x 720 and 1366 x 768: "factor per layer / product (log scale)"
    # shrank to about 6 pt on the ~170 px tall axis
    history, snapshot = run_a
    plot = make_plot(JacobianPlot, size=size)
    plot.update(history, snapshot, run_b)                        # compare mode: the legend's two rows
    axis = plot.plot_item.getAxis("left")
    assert axis.label.isVisible()
    assert axis.labelStyle.get("font-size") == f"{LIGHT.font_points}pt", (axis.labelText, axis.height())


def legend_outside_view(plot) -> list[str]:
    """The Jacobian legend's entries (and the legend itself) not wholly inside the plot's view, or set smaller than
    the theme's text (a legend shrunk to 8 pt to fit a narrow dock is cut off for the back row)."""
    view = plot.plot_widget.viewport().rect()
    wanted = f"{plot.theme.font_points}pt"
    problems = []
    legend = plot.legend.sceneBoundingRect()
    if legend.left() < 0 or legend.top() < 0 or legend.right() > view.width() or legend.bottom() > view.height():
        problems.append(f"legend {legend.getRect()} outside {view.width()} x {view.height()}")
    for _sample, label in plot.legend.items:
        text = label.item.sceneBoundingRect()  # the text as drawn, not the cell the layout gave it
        if text.left() < 0 or text.right() > view.width() or text.bottom() > view.height():
            problems.append(f"{label.text!r} {text.getRect()} outside {view.width()} x {view.height()}")
        if label.opts.get("size") != wanted:
            problems.append(f"{label.text!r} at {label.opts.get('size')}, not {wanted}")
    return problems


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("lesson", [None, "residual"])  # the residual lesson: compare mode's four entries
def test_jacobian_legend_fits_its_dock_in_the_default_layout_at_1280x720(qtbot, qapp, make_window, language,
                                                                          lesson):
    from PySide6.QtCore import QRect

    from bpviz.ui import appearance
    from bpviz.ui.dock_layout import fitted_geometry
    from bpviz.ui.i18n import uninstall_language

    screen = QRect(0, 0, 1280, 720)
    geometry = fitted_geometry(screen)
    win = make_window(size=(geometry.width(), geometry.height()))
    try:
        if language != "en":
            win.set_language(language)
        if lesson:
            win.load_lesson(lesson)
        win.dock_layout.arrange_default(screen)
        win.docks["jacobianPlot"].raise_()
        plot = win.plots["jacobianPlot"]
        entries = 4 if lesson else 2
        qtbot.waitUntil(lambda: len(plot.legend.items) == entries and plot.plot_widget.width() > 0, timeout=10_000)
        qtbot.wait(50)  # the delayed resize of the docks (no timing is measured)
        assert plot.plot_widget.width() < 420  # the narrow dock beside gradient flow
        assert legend_outside_view(plot) == []
        win.set_presentation(True)  # the focus view: the plot alone, presentation mode's larger texts
        while win.focused_plot != "jacobianPlot":
            win.focus_step(1)
        qtbot.waitUntil(lambda: plot.theme.font_points > LIGHT.font_points and plot.isVisible(), timeout=10_000)
        qtbot.wait(50)
        assert legend_outside_view(plot) == []
    finally:
        win.set_presentation(False)
        uninstall_language(qapp)
        appearance.apply_application_look(qapp, "light", False)
        set_current_theme(LIGHT)


def test_jacobian_keeps_the_last_one_and_explains_when_there_is_none(make_plot, run_a, run_b):
    history, snapshot = run_a
    plot = make_plot(JacobianPlot)
    without = dataclasses.replace(snapshot, jacobians=None)
    plot.update(history, without)
    assert plot.empty_text.isVisible() and "No layer Jacobians" in plot.empty_text.toPlainText()
    assert len(plot.series_a.bars.opts["x"]) == 0
    plot.update(history, snapshot)
    assert not plot.empty_text.isVisible()
    later = dataclasses.replace(with_stats(snapshot, step=snapshot.step + 5), jacobians=None)
    plot.update(history, later)
    _x, y = plot.series_a.product.getData()
    np.testing.assert_allclose(y, np.log10(snapshot.jacobians.running_product))
    assert f"from step {snapshot.step}" in plot.status.toPlainText()
    reset = dataclasses.replace(with_stats(snapshot, step=0), jacobians=None)
    plot.update(history, reset)                                # a reset: the old picture would mislead
    assert plot.empty_text.isVisible()
    plot.update(history, snapshot, run_b)
    assert plot.series_b.bars.isVisible()
    np.testing.assert_allclose(plot.series_b.product.getData()[1], np.log10(run_b[1].jacobians.running_product))
    assert "B: residual on" in plot.status.toPlainText()


def test_jacobian_legend_draws_b_before_its_jacobians_come(make_plot, run_a, run_b):
    # a lesson in compare mode whose first frames carry no Jacobians for B: the legend showed a crossed-out eye
    # (pyqtgraph's sample of a hidden item) for "B: factor" and "B: product" instead of B's hatched bar and dashed line
    history, snapshot = run_a
    history_b, snapshot_b = run_b
    plot = make_plot(JacobianPlot)
    plot.update(history, snapshot, (history_b, dataclasses.replace(snapshot_b, jacobians=None)))
    assert not plot.series_b.bars.isVisible() and not plot.series_b.product.isVisible()
    samples = {label.text: sample.item for sample, label in plot.legend.items}
    assert sorted(samples) == ["A: factor", "A: product", "B: factor", "B: product"]
    for name, drawn in (("A: factor", plot.series_a.bars), ("B: factor", plot.series_b.bars),
                        ("A: product", plot.series_a.product), ("B: product", plot.series_b.product)):
        assert samples[name].isVisible(), name  # ItemSample.paint draws the eye icon for a hidden item
        assert samples[name].opts["pen"].style() == drawn.opts["pen"].style(), name
        assert QColor(samples[name].opts["pen"].color()) == QColor(drawn.opts["pen"].color()), name
    assert samples["B: factor"].opts["brush"].style() == plot.series_b.bars.opts["brush"].style()


@pytest.mark.parametrize("depth, size, scale", [(30, (380, 330), 1.0), (30, (400, 330), 1.0), (30, (900, 500), 1.0),
                                                (30, (600, 420), 1.5), (20, (350, 330), 1.0), (20, (300, 330), 1.0),
                                                (100, (400, 330), 1.0)])
def test_jacobian_labels_the_last_layer_s_tick(qtbot, make_plot, run_a, depth, size, scale):
    # the orthogonal-init lesson (30 layers) at 1366 x 768: the ticks read 1, 5, ..., 25 and the last one, 30, had
    # no label (pyqtgraph hides a label that reaches past the axis' end); in Chinese at 1280 x 720, the dock is
    # narrower and the 20-layer lessons' ticks ended at 18
    from PySide6.QtGui import QPainter

    history, snapshot = run_a
    sv = np.full(depth, 0.9)
    deep = dataclasses.replace(snapshot, depth=depth, jacobians=Jacobians(sv, np.cumprod(sv[::-1])[::-1]))
    big = LIGHT.scaled(scale)                                    # 1.5: presentation mode's fonts
    set_current_theme(big)
    plot = make_plot(JacobianPlot, size=size)
    plot.apply_theme(big)
    plot.update(history, deep)
    axis = plot.plot_item.getAxis("bottom")
    qtbot.waitUntil(lambda: axis.width() > 0)
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        _axis_spec, _tick_specs, text_specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    drawn = {text: rect for rect, _flags, text in text_specs}
    assert str(depth) in drawn and "1" in drawn, sorted(drawn)
    right = axis.mapRectToScene(drawn[str(depth)]).right()
    assert right <= plot.plot_widget.viewport().width()  # inside the widget, not cut at its edge


def test_jacobian_caption_holds_when_a_factor_is_above_1(make_plot, run_a):
    # the orthogonal-init lesson: one factor of 30 is above 1, and the caption said "Below 1 at every layer"
    plot = make_plot(JacobianPlot)
    assert "every layer" not in plot.caption_text()
    assert "above 1" in plot.caption_text() and "below 1" in plot.caption_text().lower()


def test_jacobian_nan_draws_nothing(make_plot, run_a):
    history, snapshot = run_a
    plot = make_plot(JacobianPlot)
    plot.update(history, diverged_snapshot(snapshot))
    assert np.all(np.asarray(plot.series_a.bars.opts["height"]) == 0)
    y = plot.series_a.product.getData()[1]
    assert y is None or len(y) == 0 or np.all(np.isnan(y))


# ---------------------------------------------------------------- all four: theme, presentation, pixels

def theme_probe(plot) -> tuple[float, float]:
    """(a font size, a pen width) that the theme must scale."""
    if isinstance(plot, GradientFlowPlot):
        return plot.axis.style["tickFont"].pointSizeF(), plot.series_a.signal.opts["pen"].widthF()
    if isinstance(plot, GradientHeatmapPlot):
        return plot.colorbar.axis.style["tickFont"].pointSizeF(), plot.events._lines[0].pen.widthF()
    if isinstance(plot, NetworkDiagramPlot):
        return plot.column_labels[0].textItem.font().pointSizeF(), plot.diagram_a.nodes.opts["size"]
    return plot.axis.style["tickFont"].pointSizeF(), plot.series_a.product.opts["pen"].widthF()


@pytest.mark.parametrize("name", sorted(PLOTS))
def test_presentation_and_dark_theme(make_plot, run_a, run_b, name):
    history, snapshot = run_a
    plot = make_plot(PLOTS[name])
    plot.update(history, snapshot, run_b)
    font_before, pen_before = theme_probe(plot)
    big = LIGHT.scaled(1.6)
    set_current_theme(big)
    plot.apply_theme(big)
    font_after, pen_after = theme_probe(plot)
    assert font_after > font_before and pen_after > pen_before
    plot.apply_theme(DARK)
    assert plot.plot_widget.backgroundBrush().color().name() == DARK.background
    plot.update(history, snapshot)
    assert not is_blank(plot)


@pytest.mark.parametrize("name", sorted(PLOTS))
def test_grab_shows_drawn_data(make_plot, run_a, name):
    history, snapshot = run_a
    plot = make_plot(PLOTS[name])
    plot.update(history, snapshot)
    assert not is_blank(plot)
    plot.update()  # QWidget.update(): a repaint request still works


@pytest.mark.parametrize("name", sorted(PLOTS))
def test_plot_and_legend_fit_a_narrow_dock(narrow_dock, run_a, run_b, name):
    """At 420 x 320 (a dock beside the builder) the legend wraps into rows instead of widening the plot."""
    narrow_dock(PLOTS[name], run_a, run_b)


def test_gradient_flow_axis_grows_for_an_exploding_bar_and_labels_it(make_plot, run_a):
    history, snapshot = run_a
    grad = np.array(snapshot.stats.grad_norm, dtype=np.float64)
    grad[-1] = 3e35
    plot = make_plot(GradientFlowPlot, size=(700, 450))
    plot.update(history, with_stats(snapshot, grad_norm=grad))
    assert plot.top == 37.0                                       # the axis reaches it: no bar is cut off
    heights = plot.series_a.bars.opts["height"]
    y0 = plot.series_a.bars.opts["y0"]
    assert y0 + heights[-1] == pytest.approx(math.log10(3e35))
    assert "3e+35" in plot.value_texts
    symbols = plot.series_a.health_marks.data["symbol"]
    assert list(symbols).count("t1") == 1                          # ▲ on the exploding bar
    # the first/last text sits in a band above the axis top: no bar reaches into it
    view = plot.plot_item.vb
    text_bottom = view.mapSceneToView(plot.ratio_label.mapToScene(plot.ratio_label.boundingRect().bottomLeft())).y()
    assert text_bottom >= plot.top - 1e-6
