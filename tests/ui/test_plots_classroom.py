"""Issue 9, the plot side: what a teacher saw in the real window, each checked with real runs.

1. every event marker names its own event after resets, lesson loads and compare toggles;
2. the gradient-flow axis and the heatmap's colours fit the data (whole decades, hysteresis), and a new run does
   not keep the previous run's ranges;
3. the first/last ratio is never NaN, and dead layers are marked on the plot;
4. value labels never run into each other or off the plot, at any depth, font and in compare mode; each network
   shows its own step (a diverged B stops while A goes on);
5. the second, non-colour cue for vanishing and exploding bars (the palette itself: test_colour_vision.py);
6. short tab titles, human names in legends, "Update-to-data ratio", PNG export at 1x/2x/4x from File -> Export.
"""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest

import bpviz.ui  # noqa: F401  (PySide6 before pyqtgraph)
from PySide6.QtWidgets import QCheckBox, QTabBar

import pyqtgraph as pg

from bpviz.config import ExperimentConfig
from bpviz.engine.telemetry import Event
from bpviz.engine.trainer import Trainer
from bpviz.ui.plots import PLOT_CLASSES
from bpviz.ui.plots.activation import ActivationPlot
from bpviz.ui.plots.gradient_flow import GradientFlowPlot
from bpviz.ui.plots.gradient_heatmap import GradientHeatmapPlot
from bpviz.ui.plots.loss import LossPlot
from bpviz.ui.plots.network_diagram import NetworkDiagramPlot
from bpviz.ui.plots.theme import LIGHT, set_current_theme
from bpviz.ui.plots.update_ratio import UpdateRatioPlot

pytestmark = pytest.mark.usefixtures("light_theme")
TIME_PLOTS = (LossPlot, GradientHeatmapPlot, UpdateRatioPlot)


def small(**changes) -> ExperimentConfig:
    base = {"network.depth": 6, "network.width": 16}
    base.update(changes)
    return ExperimentConfig().replace(**base)


def frame(trainer: Trainer):
    return trainer.history.view(), trainer.snapshot()


def markers(plot):
    """The label of every marker line shown on a time-axis plot, as drawn, in step order."""
    events = plot.events if isinstance(plot, GradientHeatmapPlot) else plot.event_markers
    lines = [line for line in events._lines if line.isVisible()]
    return [line.label.toPlainText() for line in sorted(lines, key=lambda line: line.value())]


def change(trainer: Trainer, **changes) -> None:
    trainer.apply_config(trainer.config.replace(**changes))


# ---------------------------------------------------------------- 1. event markers

@pytest.mark.parametrize("cls", TIME_PLOTS, ids=lambda cls: cls.object_name)
def test_a_marker_names_its_own_event_after_a_reset(make_plot, cls):
    """The teacher's sequence: train, tick Residual, pause, Reset, train, tick Batch norm."""
    plot = make_plot(cls)
    trainer = Trainer(small())
    trainer.run(4)
    change(trainer, **{"network.residual": True})
    trainer.run(4)
    plot.update(*frame(trainer))
    assert markers(plot) == ["residual on"]
    trainer.reset(small())                       # Reset: step 0, no events (the marker line is hidden)
    plot.update(*frame(trainer))
    assert markers(plot) == []
    trainer.run(3)
    plot.update(*frame(trainer))
    change(trainer, **{"network.batchnorm": True})
    trainer.run(3)
    plot.update(*frame(trainer))
    assert markers(plot) == ["batch norm on"]     # not the hidden line's old "residual on"


@pytest.mark.parametrize("cls", TIME_PLOTS, ids=lambda cls: cls.object_name)
def test_markers_follow_any_sequence_of_runs(make_plot, cls):
    """Several runs, each with other events (a divergence, clipping, an activation), one after the other."""
    plot = make_plot(cls)
    runs = [
        [("network.residual", True), ("train.clip_mode", "norm")],
        [("network.activation", "relu")],
        [],
        [("train.clip_mode", "norm"), ("train.learning_rate", 0.3), ("network.activation", "tanh")],
        [("network.batchnorm", True)],
    ]
    for changes in runs:
        trainer = Trainer(small())
        plot.update(*frame(trainer))             # a new run starts with no events
        for path, value in changes:
            trainer.run(2)
            change(trainer, **{path: value})
            plot.update(*frame(trainer))
        trainer.run(2)
        plot.update(*frame(trainer))
        expected = [event_text for event_text in (plot_text(e) for e in trainer.history.events)]
        assert markers(plot) == expected
    diverging = Trainer(small(**{"train.learning_rate": 100.0, "network.init": "large", "network.activation": "relu"}))
    diverging.run(200)
    assert diverging.divergence is not None
    plot.update(*frame(diverging))
    assert markers(plot) == ["diverged"]


def plot_text(event: Event) -> str:
    from bpviz.ui.plots.texts import event_text

    return event_text(event)


def test_marker_labels_use_human_names():
    assert plot_text(Event(3, "activation leaky_relu", "network.activation")) == "activation Leaky ReLU"
    assert plot_text(Event(3, "optimizer adam", "train.optimizer")) == "optimizer Adam"
    assert plot_text(Event(3, "layer norm on", "network.normalization")) == "layer norm on"


@pytest.mark.parametrize("cls", TIME_PLOTS, ids=lambda cls: cls.object_name)
def test_compare_mode_marks_b_own_events_once_and_shared_events_once(make_plot, cls):
    plot = make_plot(cls)
    a = Trainer(small())
    b = Trainer(small(**{"train.learning_rate": 100.0, "network.init": "large", "network.activation": "relu"}))
    for trainer in (a, b):
        trainer.run(1)
        change(trainer, **{"train.clip_threshold": 2.0})  # a live change both networks see
    a.run(30)
    b.run(30)
    assert b.divergence is not None and a.divergence is None
    plot.update(*frame(a), compare=frame(b))
    texts = markers(plot)
    assert texts.count("clip threshold 2") == 1
    assert "B: diverged" in texts and "diverged" not in texts
    plot.update(*frame(a))                                 # compare off: B's markers go
    assert markers(plot) == ["clip threshold 2"]


def test_markers_in_the_real_window_after_reset_and_lesson(make_window, qtbot):
    """Train, tick Residual, pause, Reset, train, tick Batch norm; then load a lesson: every marker of every
    time-axis plot names its own event."""
    window = make_window(training="thread", size=(1400, 900))

    def train_until(step: int) -> None:
        window.start()
        qtbot.waitUntil(lambda: window.latest_frame() is not None and window.latest_frame().step >= step,
                        timeout=10000)

    def all_markers() -> list[list[str]]:
        window.draw_all_plots()
        return [markers(window.plots[cls.object_name]) for cls in TIME_PLOTS]

    train_until(3)
    window.findChild(QCheckBox, "residualCheck").click()
    qtbot.waitUntil(lambda: bool(window.latest_frame().history.events), timeout=5000)
    window.pause()
    qtbot.waitUntil(lambda: all_markers() == [["residual on"]] * 3, timeout=5000)
    window.reset()
    qtbot.waitUntil(lambda: window.latest_frame().step == 0 and all_markers() == [[]] * 3, timeout=5000)
    train_until(3)
    window.findChild(QCheckBox, "batchNormCheck").click()
    qtbot.waitUntil(lambda: any(e.label == "batch norm on" for e in window.latest_frame().history.events),
                    timeout=5000)
    window.pause()
    qtbot.waitUntil(lambda: all_markers() == [["batch norm on"]] * 3, timeout=5000)
    window.load_lesson("exploding-init")
    qtbot.waitUntil(lambda: window.latest_frame().step == 0 and window.latest_frame().compare is not None,
                    timeout=5000)
    qtbot.waitUntil(lambda: all_markers() == [[]] * 3, timeout=5000)


# ---------------------------------------------------------------- 2. axes and colours fit the data

@pytest.fixture(scope="module")
def default_run():
    """The default experiment (10 sigmoid layers on spirals), each of its first 120 frames."""
    trainer = Trainer(ExperimentConfig())
    frames = [frame(trainer)]
    for _ in range(120):
        trainer.run(1)
        frames.append(frame(trainer))
    return frames


def test_gradient_flow_axis_fits_the_default_network(make_plot, default_run):
    plot = make_plot(GradientFlowPlot)
    plot.update(*default_run[-1])
    low, high = plot.plot_item.vb.viewRange()[1]
    logs = np.log10(default_run[-1][1].stats.grad_norm)
    assert plot.floor == np.floor(logs.min()) - 1 and plot.top >= 3.0    # whole decades, headroom, 1e+2 in view
    assert plot.top - plot.floor <= 16                                  # not 1e-45 ... 1e+10 (55 decades)
    heights = np.asarray(plot.series_a.bars.opts["height"])
    assert (heights.max() - heights.min()) / (high - low) > 0.3         # first and last bar visibly differ
    assert low <= np.log10(1e-5) and high >= np.log10(1e2)              # both thresholds in view
    assert "axis 1e-9 … 1e+3, fitted to the data" in plot.ratio_text or "fitted to the data" in plot.ratio_text


def test_gradient_flow_axis_does_not_jitter_while_training(make_plot, default_run):
    plot = make_plot(GradientFlowPlot)
    ranges = []
    for history, snapshot in default_run:
        plot.update(history, snapshot)
        ranges.append((plot.floor, plot.top))
    changes = sum(1 for before, after in zip(ranges, ranges[1:]) if before != after)
    assert changes <= 2, ranges


def test_gradient_flow_axis_grows_at_once_and_shrinks_only_after_a_while(make_plot, default_run):
    history, snapshot = default_run[-1]
    plot = make_plot(GradientFlowPlot)
    plot.update(history, snapshot)
    snug = (plot.floor, plot.top)
    grad = np.array(snapshot.stats.grad_norm)
    deep = dataclasses.replace(snapshot, stats=dataclasses.replace(snapshot.stats, grad_norm=grad * 1e-20))
    plot.update(history, deep)
    assert plot.floor == snug[0] - 20                                   # one frame
    frames = 0
    while (plot.floor, plot.top) != snug:
        plot.update(history, snapshot)
        frames += 1
        assert frames < 200
    assert frames >= 30                                                 # shrinks only after a while


def test_heatmap_colours_fit_the_run_and_a_new_run_starts_over(make_plot, default_run):
    plot = make_plot(GradientHeatmapPlot)
    history, snapshot = default_run[-1]
    plot.update(history, snapshot)
    logs = np.log10(history.layer("grad_norm"))
    low, high = plot.levels
    assert low == np.floor(logs.min()) and high == np.ceil(logs.max())   # every decade of colour is used
    assert high - low < 14                                               # the fixed 1e-12 .. 1e+2 hid the contrast
    assert plot.plot_item.vb.viewRange()[0][1] > 100
    fresh = Trainer(ExperimentConfig().replace(**{"network.depth": 4, "network.init": "he",
                                                  "network.activation": "relu"}))
    plot.update(*frame(fresh))                                           # a lesson loaded: step 0, no rows
    assert plot.plot_item.vb.viewRange()[0] == pytest.approx([0.0, 10.0])
    fresh.run(5)
    plot.update(*frame(fresh))
    new_logs = np.log10(fresh.history.view().layer("grad_norm"))
    low, high = plot.levels                                              # not the previous run's range:
    assert low == np.floor(new_logs.min()) and high == max(np.ceil(new_logs.max()), low + 3)  # (3 decades at least)


def test_a_network_that_exploded_does_not_squeeze_the_other_into_one_colour(make_plot):
    """The clipping lesson: A's gradients reach 1e+60 in 3 steps and it diverges; B learns for 300 steps between
    1e-4 and 1e+1. The colours spread over B's range, A's strip takes the top colour, and the bar says "≥"."""
    from bpviz.ui.plots.gradient_heatmap import robust_extent

    a = Trainer(small(**{"train.learning_rate": 100.0, "network.init": "large", "network.activation": "relu"}))
    a.run(300)
    b = Trainer(small(**{"train.clip_mode": "norm", "train.clip_threshold": 1.0}))
    b.run(300)
    assert a.divergence is not None and len(a.history.view()) < 10
    plot = make_plot(GradientHeatmapPlot)
    plot.update(*frame(a), compare=frame(b))
    b_logs = np.log10(b.history.view().layer("grad_norm"))
    low, high = plot.levels
    assert high <= np.ceil(b_logs.max()) + 6                                 # not stretched to A's 1e+60
    assert low == np.floor(b_logs.min())
    assert np.nanmax(np.log10(a.history.view().layer("grad_norm"))) > high + 5
    top_label = max(plot.colorbar.axis._tickLevels[0])[1]
    assert top_label.startswith("≥")
    assert all(np.isnan(robust_extent([])))                                  # no data: no range


@pytest.mark.parametrize("cls", (LossPlot, UpdateRatioPlot), ids=lambda cls: cls.object_name)
def test_time_axes_start_over_when_a_new_run_begins(qtbot, make_plot, default_run, cls):
    plot = make_plot(cls)
    plot.update(*default_run[-1])
    qtbot.waitUntil(lambda: plot.plot_item.vb.viewRange()[0][1] > 100)
    plot.update(*frame(Trainer(small())))                            # same step 0 as a lesson just loaded
    plot.grab()
    assert plot.plot_item.vb.viewRange()[0][1] <= 12


def test_a_new_generation_at_the_same_step_is_a_new_run(make_plot, default_run):
    """Two lessons loaded one after the other are both at step 0: the worker's generation tells them apart."""
    plot = make_plot(GradientFlowPlot)
    history, snapshot = default_run[0]
    huge = dataclasses.replace(snapshot, stats=dataclasses.replace(snapshot.stats,
                                                                   grad_norm=np.full(10, 1e-60)))
    plot.update(history, huge, generation=1)
    assert plot.floor <= -61
    plot.update(history, snapshot, generation=2)
    assert plot.floor > -20


# ---------------------------------------------------------------- 3. never NaN; dead layers on the plot

@pytest.fixture(scope="module")
def sigmoid_then_relu():
    """The teacher's live change: a sigmoid network trained a while, then switched to ReLU (its last layers die)."""
    trainer = Trainer(ExperimentConfig())
    trainer.run(3000)
    change(trainer, **{"network.activation": "relu"})
    trainer.run(5)
    return frame(trainer)


@pytest.mark.parametrize("size", [(900, 500), (520, 380)])
def test_dead_layers_are_explained_and_marked(make_plot, sigmoid_then_relu, size):
    history, snapshot = sigmoid_then_relu
    stats = snapshot.stats
    dead = np.flatnonzero(stats.dead >= 1.0)
    assert len(dead) and stats.grad_norm[0] == 0.0                      # the phenomenon itself
    plot = make_plot(GradientFlowPlot, size)
    plot.update(history, snapshot)
    text = plot.ratio_text
    assert "NaN" not in text and text.startswith("no gradient reaches layer 1: ")
    assert ("layer 10 is dead" in text) or ("are dead" in text and "10" in text)
    zero = np.flatnonzero(np.asarray(stats.grad_norm) == 0.0)
    np.testing.assert_allclose(plot.series_a.zero_bars.opts["x"], zero + 1.0)   # empty, hatched columns
    assert "dead" in plot.value_texts


def test_the_ratio_is_never_nan_in_compare_mode_either(make_plot, sigmoid_then_relu):
    history, snapshot = sigmoid_then_relu
    plot = make_plot(GradientFlowPlot)
    plot.update(history, snapshot, (history, snapshot))
    assert "nan" not in plot.ratio_text.lower()
    assert plot.ratio_text.count("no gradient reaches layer 1") == 2


# ---------------------------------------------------------------- 4. value labels; each network's own step

def visible_texts(plot) -> list:
    """Every text item shown in the plot's view (value labels, "dead", the first/last box)."""
    return [item for item in plot.plot_item.vb.allChildren()
            if isinstance(item, pg.TextItem) and item.isVisible() and item.toPlainText()]


def assert_no_overlap_and_inside(plot) -> None:
    view_rect = plot.plot_item.vb.sceneBoundingRect()
    rects = [(item.toPlainText(), item.sceneBoundingRect()) for item in visible_texts(plot)]
    box = plot.ratio_label
    rects.append((box.toPlainText(), box.sceneBoundingRect()))   # the first/last text: no label may cover it
    for text, rect in rects:
        assert view_rect.adjusted(-0.5, -0.5, 0.5, 0.5).contains(rect), f"{text!r} is cut off: {rect} {view_rect}"
    for (text_1, rect_1), (text_2, rect_2) in itertools.combinations(rects, 2):
        overlap = rect_1.intersected(rect_2)
        assert overlap.width() < 1 or overlap.height() < 1, f"{text_1!r} runs into {text_2!r}"


def exploding(snapshot, depth: int, factor: float = 1.0):
    """A snapshot of ``depth`` layers whose gradients grow from 1e-3 to 1e+40 (labels like "3e+35")."""
    grad = 3.0 * 10.0 ** np.linspace(-3, 40, depth) * factor
    stats = dataclasses.replace(snapshot.stats, grad_norm=grad, signal_grad_norm=grad / 7,
                                dead=np.zeros(depth), saturation=np.zeros(depth), update_ratio=np.zeros(depth),
                                activation_mean=np.zeros(depth), activation_std=np.ones(depth))
    return dataclasses.replace(snapshot, depth=depth, stats=stats)


@pytest.mark.parametrize("depth", [4, 10, 30, 100])
@pytest.mark.parametrize("scale", [1.0, 1.5])
@pytest.mark.parametrize("compare", [False, True])
@pytest.mark.parametrize("size", [(420, 320), (900, 500)])
def test_value_labels_never_run_into_each_other_or_off_the_plot(qtbot, make_plot, default_run, depth, scale,
                                                                 compare, size):
    theme = LIGHT.scaled(scale)
    set_current_theme(theme)
    plot = make_plot(GradientFlowPlot, size=size)
    plot.apply_theme(theme)
    history, snapshot = default_run[-1]
    a = exploding(snapshot, depth)
    b = exploding(snapshot, depth, factor=40.0)
    plot.update(history, a, (history, b) if compare else None)
    qtbot.waitUntil(lambda: plot.plot_item.vb.height() > 50)
    plot._place_annotations()
    assert_no_overlap_and_inside(plot)
    if depth <= 10 and size[0] >= 900:
        assert len(plot.value_texts) >= (2 if compare else depth) // 2   # not all left out
        assert "3e-3" in plot.value_texts                               # the first layer's is placed first


def test_numbers_follow_the_data_a_few_times_a_second_and_catch_up_after_a_pause(qtbot, make_plot, default_run):
    """At full speed the values change on every step: shown at most 4 times a second they stay readable, and the
    last frame before a pause is shown in full a moment later (no stale number stays)."""
    history, snapshot = default_run[-1]
    plot = make_plot(GradientFlowPlot)
    plot.update(history, snapshot)
    first_text, first_value = plot.ratio_text, plot.value_texts[0]
    grad = np.array(snapshot.stats.grad_norm) * 7.0
    changed = dataclasses.replace(snapshot, stats=dataclasses.replace(snapshot.stats, grad_norm=grad))
    plot.update(history, changed)                       # the very next frame
    assert plot.ratio_text == first_text and plot.value_texts[0] == first_value
    qtbot.waitUntil(lambda: bool(plot.value_texts) and plot.value_texts[0] != first_value, timeout=3000)
    from bpviz.ui.plots.numeric import short_sci

    assert short_sci(grad[0]) in plot.value_texts
    assert plot.ratio_text == first_text  # the ratio itself did not change (every layer x 7)


def test_compare_mode_shows_each_networks_own_step(make_plot):
    """A diverges and stops at its step while B goes on (or the other way round): every plot draws both, each
    with its own history length, depth and step, and the snapshot plots say where the stopped one stopped."""
    a = Trainer(small(**{"train.learning_rate": 100.0, "network.init": "large", "network.activation": "relu"}))
    a.run(200)
    assert a.divergence is not None
    b = Trainer(small(**{"network.depth": 8}))
    b.run(60)
    run_a = (a.history.view(), a.snapshot(grid=True, jacobians=True))
    run_b = (b.history.view(), b.snapshot(grid=True, jacobians=True))
    assert len(run_a[0]) != len(run_b[0]) and run_a[1].step != run_b[1].step
    stopped = f"stopped at step {a.step_count}"
    for cls in PLOT_CLASSES:
        plot = make_plot(cls, (700, 450))
        plot.update(*run_a, compare=run_b)
        plot.update(*run_b, compare=run_a)                     # B the diverged one
        plot.update(*run_a, compare=run_b)
        if isinstance(plot, GradientFlowPlot):
            assert f"A: diverged at step {a.divergence.step}" in plot.ratio_text
        if isinstance(plot, GradientHeatmapPlot):
            assert stopped in plot.label_a.toPlainText() and plot.label_b.toPlainText() == "B"
        if isinstance(plot, NetworkDiagramPlot):
            assert stopped in plot.diagram_a.name.toPlainText()
            assert sum(link.isVisible() for link in plot.diagram_b.links) == 8 + 1   # B's own 8 layers
        if isinstance(plot, ActivationPlot):
            assert any(stopped in label.text for _sample, label in plot.legend.items)
        if isinstance(plot, LossPlot):
            steps_a, _ = plot.curves_a["loss"].getData()
            steps_b, _ = plot.curves_b["loss"].getData()
            assert steps_a[-1] == run_a[0].steps[-1] and steps_b[-1] == run_b[0].steps[-1]
            assert "A: diverged" in markers(plot)


# ---------------------------------------------------------------- 5. a cue that is not colour

def test_vanishing_and_exploding_bars_carry_a_marker_not_only_a_colour(make_plot, default_run):
    history, snapshot = default_run[-1]
    grad = np.array([1e-9, 1e-6, 1e-3, 1.0, 1e3, 1e6, 1e-2, 1e-1, 1e-1, 1.0])
    plot = make_plot(GradientFlowPlot)
    plot.update(history, dataclasses.replace(snapshot, stats=dataclasses.replace(snapshot.stats, grad_norm=grad)))
    x, _y = plot.series_a.health_marks.getData()
    symbols = list(plot.series_a.health_marks.data["symbol"])
    marks = dict(zip(x.tolist(), symbols))
    assert marks == {1.0: "t", 2.0: "t", 5.0: "t1", 6.0: "t1"}       # ▼ vanishing, ▲ exploding, healthy: none
    texts = [text for _value, text, _colour in plot.zone_axis.zones]
    assert any(text.startswith("▼") for text in texts) and any(text.startswith("▲") for text in texts)


# ---------------------------------------------------------------- 6. small things

def test_tab_titles_are_short_and_human(make_plot):
    for cls in PLOT_CLASSES:
        plot = cls()
        assert 0 < len(plot.tab_text()) <= 18, plot.tab_text()
        plot.deleteLater()
    assert " : " not in UpdateRatioPlot().title_text()


def test_tabs_are_not_cut_in_the_window(make_window, qtbot):
    for size in ((1280, 720), (1920, 1080)):
        window = make_window(training="thread", size=size)
        qtbot.waitUntil(lambda: bool(window.dashboard.findChildren(QTabBar)), timeout=3000)
        window.dock_layout.size_default()
        qtbot.wait(50)
        for bar in window.dashboard.findChildren(QTabBar):
            if not bar.isVisible():
                continue
            for index in range(bar.count()):
                assert bar.tabRect(index).width() >= bar.tabSizeHint(index).width(), bar.tabText(index)
        window.close()


def test_legends_use_the_builders_human_names(make_plot):
    a = Trainer(small(**{"network.activation": "sigmoid"}))
    b = Trainer(small(**{"network.activation": "leaky_relu"}))
    a.run(3)
    b.run(3)
    for cls in (ActivationPlot, NetworkDiagramPlot):
        plot = make_plot(cls)
        plot.update(*frame(a), compare=frame(b))
        if isinstance(plot, ActivationPlot):
            names = [label.text for _sample, label in plot.legend.items]
        else:
            names = [plot.diagram_a.name.toPlainText(), plot.diagram_b.name.toPlainText()]
        assert any("Leaky ReLU" in name for name in names), names
        assert not any("leaky_relu" in name for name in names), names


def test_file_export_offers_each_plot_at_1x_2x_4x(make_window, qtbot, tmp_path, monkeypatch):
    from bpviz.ui import export_actions

    window = make_window(training="thread")
    window.step()
    qtbot.waitUntil(lambda: window.latest_frame().step == 1, timeout=5000)
    exports = window.exports
    entries = {action.menu().menuAction().data(): action.menu() for action in exports.export_plot_png_menu.actions()}
    assert set(entries) == set(window.plots)
    sizes = {}
    for scale in (1, 2, 4):
        path = tmp_path / f"flow-{scale}.png"
        monkeypatch.setattr(export_actions, "ask_save_path", lambda *args, p=path: str(p))
        exports.export_plot_png_scales["gradientFlowPlot"][scale].trigger()
        from PySide6.QtGui import QImage

        sizes[scale] = QImage(str(path)).width()
    assert sizes[2] == pytest.approx(2 * sizes[1], abs=2) and sizes[4] == pytest.approx(4 * sizes[1], abs=4)
