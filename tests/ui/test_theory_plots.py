"""The theory view in the window: the mean-field prediction over the gradient-flow plot and the phase diagram.

The prediction is drawn at step 0 with exactly theory's numbers, anchored at the measured last layer, and is not
drawn (but explained) where it does not apply; the phase diagram puts the network where theory says, colours the
map by chi1, says what hovering points at, and a click gives network A that point through the builder.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

import bpviz.ui  # noqa: F401  (PySide6 before pyqtgraph)
from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from bpviz.config import ExperimentConfig
from bpviz.engine import theory
from bpviz.engine.trainer import Trainer
from bpviz.ui.plots.gradient_flow import GradientFlowPlot
from bpviz.ui.plots.phase_diagram import (
    LEVELS, SIGMA_B2_GRID, SIGMA_W2_GRID, PhaseDiagramPlot, chi1_at, measured_chi, phase_colormap, point_changes,
    snap_point,
)
from bpviz.ui.plots.prediction import SETTINGS_KEY, input_second_moment, reason_text
from bpviz.ui.plots.theme import DARK, LIGHT

pytestmark = pytest.mark.usefixtures("light_theme")


def tanh_config(gain: float = 0.7071, **changes) -> ExperimentConfig:
    base = {"network.activation": "tanh", "network.depth": 20, "network.width": 64, "network.init": "xavier",
            "network.init_gain": gain, "data.dataset": "moons", "data.samples": 200}
    base.update(changes)
    return ExperimentConfig().replace(**base)


def frame_of(config: ExperimentConfig, steps: int = 0):
    trainer = Trainer(config)
    trainer.run(steps)
    return trainer, trainer.history.view(), trainer.snapshot()


def expected_logs(trainer: Trainer, snapshot) -> np.ndarray:
    return theory.predicted_log10_signal_norms(
        trainer.config, n_inputs=trainer.dataset.n_inputs,
        input_second_moment=float(np.mean(trainer.dataset.X_train ** 2)),
        anchor=float(snapshot.stats.signal_grad_norm[-1]))


# ---------------------------------------------------------------- the prediction overlay

def test_prediction_is_drawn_at_step_0_with_theorys_numbers(make_plot):
    config = tanh_config()
    trainer, history, snapshot = frame_of(config)
    plot = make_plot(GradientFlowPlot)
    plot.set_experiment(config)
    plot.update(history, snapshot)
    expected = expected_logs(trainer, snapshot)
    assert set(plot.prediction.drawn) == {"A"}
    np.testing.assert_allclose(plot.prediction.drawn["A"], expected, rtol=0, atol=1e-12)
    curve = plot.prediction.curves["A"]
    x, y = curve.getData()
    assert curve.isVisible() and np.array_equal(x, np.arange(1, 21)) and np.allclose(y, expected)
    # anchored at the measured last layer, and (sigma_w2 = 0.5) about 0.5^(19/2) below it at the input side
    assert y[-1] == pytest.approx(math.log10(snapshot.stats.signal_grad_norm[-1]))
    assert y[0] - y[-1] == pytest.approx(9.5 * math.log10(0.5), abs=0.05)
    measured = np.log10(snapshot.stats.signal_grad_norm)
    assert abs((y[0] - y[-1]) - (measured[0] - measured[-1])) < 1.0  # theory and measurement agree
    assert "||dL/dh|| predicted at init" in [label.text for _sample, label in plot.legend.items]
    assert not plot.prediction.note.isVisible()


def test_prediction_stays_at_its_step_0_anchor_while_training(make_plot):
    config = tanh_config(gain=1.0)
    trainer, history, snapshot = frame_of(config)
    plot = make_plot(GradientFlowPlot)
    plot.set_experiment(config)
    plot.update(history, snapshot)
    at_init = plot.prediction.drawn["A"].copy()
    trainer.run(5)
    plot.update(trainer.history.view(), trainer.snapshot())
    np.testing.assert_array_equal(plot.prediction.drawn["A"], at_init)  # a prediction for the untrained network
    # a plot that first sees the run later anchors at the first recorded step (taken at the initial weights)
    late = GradientFlowPlot()
    late.set_experiment(config)
    late.update(trainer.history.view(), trainer.snapshot())
    first_step = trainer.history.view().layer("signal_grad_norm")[0, -1]
    assert late.prediction.drawn["A"][-1] == pytest.approx(math.log10(first_step))
    late.deleteLater()


def test_prediction_of_a_and_b_in_compare_mode_sit_on_their_series(make_plot):
    config_a, config_b = tanh_config(), tanh_config(gain=1.0)
    trainer_a, history_a, snapshot_a = frame_of(config_a)
    trainer_b, history_b, snapshot_b = frame_of(config_b)
    plot = make_plot(GradientFlowPlot)
    plot.set_experiment(config_a, config_b)
    plot.update(history_a, snapshot_a, (history_b, snapshot_b))
    x_a, y_a = plot.prediction.curves["A"].getData()
    x_b, y_b = plot.prediction.curves["B"].getData()
    assert np.allclose(x_a, np.arange(1, 21) - 0.21) and np.allclose(x_b, np.arange(1, 21) + 0.21)
    assert np.allclose(y_a, expected_logs(trainer_a, snapshot_a)) and np.allclose(y_b, expected_logs(trainer_b,
                                                                                                     snapshot_b))
    texts = [label.text for _sample, label in plot.legend.items]
    assert texts == ["A: ||dL/dW||", "A: ||dL/dh||", "A: ||dL/dh|| predicted", "B: ||dL/dW||", "B: ||dL/dh||",
                     "B: ||dL/dh|| predicted"]  # one row per network


def layer_norm_config(config: ExperimentConfig) -> ExperimentConfig:
    """The config with layer normalization (NetworkConfig.normalization = "layer")."""
    return config.replace(**{"network.normalization": "layer"})


@pytest.mark.parametrize("remedy", ["batchnorm", "residual", "layernorm"])
def test_no_prediction_where_it_does_not_apply_and_the_plot_says_why(make_plot, remedy):
    config = tanh_config()
    if remedy == "layernorm":
        shown = layer_norm_config(config)
    else:
        shown = config.replace(**{f"network.{remedy}": True})
    _trainer, history, snapshot = frame_of(shown)
    plot = make_plot(GradientFlowPlot)
    plot.set_experiment(shown)
    plot.update(history, snapshot)
    assert plot.prediction.drawn == {} and not plot.prediction.curves["A"].isVisible()
    assert plot.prediction.note.isVisible()
    assert plot.prediction.notes == [f"no mean-field prediction: {theory.REASONS[remedy]}"]
    assert theory.REASONS[remedy] in plot.prediction.note.toPlainText().replace("\n", " ")
    assert all("predicted" not in label.text for _sample, label in plot.legend.items)


@pytest.mark.parametrize("width", [450, 380])  # the views at 1366 x 768 and 1280 x 720: ~375 and ~305 px wide
@pytest.mark.parametrize("lesson", ["batchnorm-batch", "residual-scale", "residual"])
def test_the_note_why_there_is_no_prediction_stays_clear_of_the_ratio_and_inside_the_plot(make_plot, lesson, width):
    # at 1366 x 768 the gradient-flow view is ~375 px wide: the note sat in the ratio's corner, over the first/last
    # numbers, and two notes of six lines each (A and B) ran over the bars and off the bottom of the plot
    from bpviz.lessons import load_lesson

    plan = load_lesson(lesson)
    config_a = plan.config.replace(**{"data.samples": 200})
    config_b = plan.remedy.replace(**{"data.samples": 200})
    # two steps: at step 1 a ReZero network's branches are still off (alpha = 0) and the ratio's place says so in a
    # sentence of its own (test_plots_flow); from step 2 on it is the first/last ratio this note has to keep clear of
    _trainer_a, history_a, snapshot_a = frame_of(config_a, steps=2)
    _trainer_b, history_b, snapshot_b = frame_of(config_b, steps=2)
    plot = make_plot(GradientFlowPlot, size=(width, 560))
    plot.set_experiment(config_a, config_b)
    for _frame in range(2):  # the ratio's width is known after the first frame
        plot.update(history_a, snapshot_a, (history_b, snapshot_b))
    note, ratio = plot.prediction.note, plot.ratio_label
    assert plot.prediction.notes
    if not note.isVisible():  # no room beside the ratio (1280 x 720): no note rather than one cut under the ratio
        assert width < 450 and ratio.isVisible() and note.crowded
        return
    view = plot.plot_item.vb.sceneBoundingRect()
    note_rect = note.mapRectToScene(note.boundingRect())
    assert view.contains(note_rect), (view, note_rect)
    if ratio.isVisible() and ratio.toPlainText():
        ratio_rect = ratio.mapRectToScene(ratio.boundingRect())
        assert not note_rect.intersects(ratio_rect)
        assert note_rect.bottom() <= ratio_rect.bottom() + 4  # in the band over the bars kept for the ratio
    else:
        assert note.lines_shown() <= note.max_lines
    if theory.not_applicable_reasons(config_a) == theory.not_applicable_reasons(config_b):
        assert len(plot.prediction.notes) == 1 and plot.prediction.notes[0].startswith("A, B: ")


def test_every_reason_the_engine_gives_has_a_translatable_text():
    for code, english in theory.REASONS.items():
        assert reason_text(code) == english, code  # the same words, through translate() (so lupdate sees them)


def test_prediction_can_be_switched_off_and_on(make_plot):
    config = tanh_config()
    _trainer, history, snapshot = frame_of(config)
    plot = make_plot(GradientFlowPlot)
    plot.set_experiment(config)
    plot.update(history, snapshot)
    action = plot.prediction.action
    assert action.isCheckable() and action in plot.plot_item.vb.menu.actions()  # the plot's right-click menu
    action.setChecked(False)
    assert plot.prediction.drawn == {} and not plot.prediction.curves["A"].isVisible()
    assert all("predicted" not in label.text for _sample, label in plot.legend.items)
    action.setChecked(True)
    assert "A" in plot.prediction.drawn and plot.prediction.curves["A"].isVisible()


def test_no_prediction_without_the_configuration_or_an_anchor(make_plot):
    config = tanh_config()
    _trainer, history, snapshot = frame_of(config)
    plot = make_plot(GradientFlowPlot)
    plot.update(history, snapshot)  # no set_experiment: init scheme and gain are unknown
    assert plot.prediction.drawn == {}
    nan = dataclasses.replace(snapshot, stats=dataclasses.replace(
        snapshot.stats, signal_grad_norm=np.full(20, np.nan)))
    plot.set_experiment(config)
    plot.update(history, nan)  # a placeholder frame: nothing to anchor at
    assert plot.prediction.drawn == {} and not plot.prediction.note.isVisible()


def test_input_second_moment_is_the_training_points_mean_square():
    _trainer, _history, snapshot = frame_of(tanh_config())
    X = snapshot.train_points[0]
    assert input_second_moment(snapshot) == pytest.approx(float(np.mean(X ** 2)))
    assert input_second_moment(dataclasses.replace(snapshot, train_points=None)) == 1.0  # standardized data


# ---------------------------------------------------------------- the phase diagram

def shown_diagram(make_plot, config, config_b=None, size=(900, 560)):
    trainer, history, snapshot = frame_of(config)
    plot = make_plot(PhaseDiagramPlot, size)
    plot.set_experiment(config, config_b)
    compare = None
    if config_b is not None:
        _trainer_b, history_b, snapshot_b = frame_of(config_b)
        compare = (history_b, snapshot_b)
    plot.update(history, snapshot, compare)
    QApplication.processEvents()
    return plot, snapshot


def pixel_colour(plot, sigma_w2: float, sigma_b2: float) -> QColor:
    image = plot.plot_widget.grab().toImage()
    point = plot.plot_widget.mapFromScene(plot.plot_item.vb.mapViewToScene(QPointF(sigma_w2, sigma_b2)))
    return QColor(image.pixel(int(point.x() * image.devicePixelRatio()), int(point.y() * image.devicePixelRatio())))


def test_map_is_log_chi1_of_the_activation_blue_where_it_vanishes_orange_where_it_explodes(make_plot):
    plot, _snapshot = shown_diagram(make_plot, tanh_config(gain=1.0, **{"data.samples": 100}))
    expected = theory.phase_diagram("tanh", SIGMA_W2_GRID, SIGMA_B2_GRID)
    np.testing.assert_allclose(plot.image.image, np.clip(expected.log10_chi1, *LEVELS))
    assert plot.diagram.activation == "tanh"
    x, y = plot.edge.getData()
    assert np.allclose(y, SIGMA_B2_GRID) and x[0] == pytest.approx(1.0, abs=1e-3)  # tanh's edge at (1, 0)
    vanishing = pixel_colour(plot, 0.3, 0.25)
    exploding = pixel_colour(plot, 3.8, 0.05)
    assert vanishing.blue() > vanishing.red() + 60       # blue: chi1 << 1
    assert exploding.red() > exploding.blue() + 60       # orange: chi1 > 1
    assert plot.vanishing_label.isVisible() and plot.exploding_label.isVisible()
    assert "tanh" in plot.colorbar.axis.labelText


def test_activation_change_redraws_from_the_cache(make_plot):
    plot, snapshot = shown_diagram(make_plot, tanh_config())
    relu = tanh_config(**{"network.activation": "relu"})
    plot.set_experiment(relu)
    plot.update(*frame_of(relu)[1:])
    assert plot.map_key == ("relu", 0.01)
    np.testing.assert_allclose(plot.image.image, np.clip(np.log10(SIGMA_W2_GRID[:, None] / 2.0)
                                                         * np.ones((1, len(SIGMA_B2_GRID))), *LEVELS))
    assert np.allclose(plot.edge.getData()[0], 2.0)  # He: sigma_w2 = 2 for every bias


def test_sigmoid_map_says_its_edge_lies_far_right(make_plot):
    plot, _snapshot = shown_diagram(make_plot, ExperimentConfig())
    assert not plot.exploding_label.isVisible() and plot.vanishing_label.isVisible()
    assert len(plot.notes) == 1 and "σ_w² ≈ 103" in plot.notes[0] and "ordered" in plot.notes[0]
    assert plot.note.isVisible()


def test_marker_sits_at_the_networks_sigmas_with_theorys_chi1(make_plot):
    config = tanh_config(gain=0.7071, **{"network.bias_init_std": 0.3})
    plot, snapshot = shown_diagram(make_plot, config)
    marker = plot.marker_a
    assert marker.position == pytest.approx((0.7071 ** 2, 0.09))
    x, y = marker.scatter.getData()
    assert (x[0], y[0]) == pytest.approx((0.7071 ** 2, 0.09))
    chi = theory.chi1("tanh", 0.7071 ** 2, 0.09)
    assert marker.text == f"A: χ₁ = {chi:.3g}, measured {measured_chi(snapshot):.2g}"
    # the marker reads as the map does under it
    assert chi1_at(plot.diagram, 0.7071 ** 2, 0.09) == pytest.approx(chi, rel=1e-3)


def test_a_network_off_the_map_is_an_arrow_at_its_edge(make_plot):
    config = ExperimentConfig().replace(**{"network.activation": "relu", "network.init": "large",
                                           "network.width": 32})
    plot, _snapshot = shown_diagram(make_plot, config)
    marker = plot.marker_a
    x, y = marker.scatter.getData()
    assert (x[0], y[0]) == (4.0, 0.0) and marker.scatter.opts["symbol"] == "t2"  # pointing right, off the map
    assert marker.position == (32.0, 0.0) and "off the map: σ_w² = 32" in marker.text
    assert marker.label.isVisible()


def test_compare_mode_marks_b_on_the_same_map_or_says_where_it_is(make_plot):
    plot, _snapshot = shown_diagram(make_plot, tanh_config(), tanh_config(gain=1.0))
    assert plot.marker_b.position == pytest.approx((1.0, 0.0)) and plot.marker_b.text.startswith("B: χ₁ = 1,")
    for _ in range(3):
        QApplication.processEvents()
    assert not plot.marker_a.label.sceneBoundingRect().intersects(plot.marker_b.label.sceneBoundingRect())
    other, _snapshot = shown_diagram(make_plot, tanh_config(), tanh_config(**{"network.activation": "relu"}))
    assert other.marker_b.position is None and "B uses ReLU" in " ".join(other.notes)


def test_the_map_says_it_does_not_describe_batch_norm_or_residual_networks(make_plot):
    plot, _snapshot = shown_diagram(make_plot, tanh_config(**{"network.residual": True}))
    assert "A has residual connections" in " ".join(plot.notes)
    assert "predicted" not in plot.marker_a.text and "measured" in plot.marker_a.text


def test_hover_shows_chi1_depth_scale_and_the_ratio_at_the_current_depth(make_plot, qtbot):
    plot, _snapshot = shown_diagram(make_plot, tanh_config())
    viewport = plot.plot_widget.viewport()
    point = plot.plot_widget.mapFromScene(plot.plot_item.vb.mapViewToScene(QPointF(1.6, 0.12)))
    qtbot.mouseMove(viewport, point)
    qtbot.waitUntil(lambda: plot.hover.isVisible(), timeout=2000)
    w, b = plot._hover_point
    assert (w, b) == pytest.approx((1.6, 0.12), abs=0.02)
    chi = theory.chi1("tanh", w, b)
    xi = theory.depth_scale_from_chi1(chi)
    lines = plot.hover_text.splitlines()
    assert lines[1] == f"χ₁ = {chi:.3g} per layer, depth scale ξ = {xi:.3g} layers"
    assert lines[2].startswith("a depth-20 network keeps a first/last gradient ratio of about χ₁^(20/2) ≈ ")
    assert float(lines[2].rsplit("≈ ", 1)[1]) == pytest.approx(chi ** 10, rel=0.02)
    for _ in range(3):
        QApplication.processEvents()  # a TextItem's place in the scene follows at the next paint
    box = plot.hover.sceneBoundingRect()
    assert plot.plot_item.vb.sceneBoundingRect().adjusted(-1, -1, 1, 1).contains(box)  # inside the view
    # the edge of chaos: an infinite depth scale
    plot._show_hover(1.0, 0.0)
    assert "ξ = ∞ layers" in plot.hover_text
    outside = plot.plot_widget.mapFromScene(plot.plot_item.vb.mapViewToScene(QPointF(-2.0, 0.2)))
    qtbot.mouseMove(viewport, outside)
    qtbot.waitUntil(lambda: not plot.hover.isVisible(), timeout=2000)


def test_a_click_asks_for_its_snapped_point(make_plot, qtbot):
    plot, _snapshot = shown_diagram(make_plot, tanh_config())
    chosen = []
    plot.pointChosen.connect(lambda w, b: chosen.append((w, b)))
    point = plot.plot_widget.mapFromScene(plot.plot_item.vb.mapViewToScene(QPointF(2.02, 0.0405)))
    qtbot.mouseClick(plot.plot_widget.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert chosen == [pytest.approx((2.0, 0.04))]
    qtbot.mouseClick(plot.plot_widget.viewport(), Qt.MouseButton.RightButton, pos=point)  # the menu, not a point
    outside = plot.plot_widget.mapFromScene(plot.plot_item.vb.mapViewToScene(QPointF(-1.0, 0.2)))
    qtbot.mouseClick(plot.plot_widget.viewport(), Qt.MouseButton.LeftButton, pos=outside)
    assert len(chosen) == 1


def test_point_changes_keep_the_init_scheme_and_fit_the_builder():
    for init, width, base in (("xavier", 64, 1.0), ("he", 32, 2.0), ("standard", 16, 1 / 3),
                              ("small", 32, 32e-4), ("large", 8, 8.0)):
        config = ExperimentConfig().replace(**{"network.init": init, "network.width": width})
        changes = point_changes(config, 1.5, 0.09)
        gain = changes["network.init_gain"]
        assert gain == float(f"{gain:.4g}") and base * gain ** 2 == pytest.approx(1.5, rel=1e-3), init
        assert changes["network.bias_init_std"] == 0.3
        assert theory.network_sigmas(config.replace(**changes).network).sigma_w2 == pytest.approx(1.5, rel=1e-3)
    # the builder's range bounds the gain (small init on one unit: sigma_w2 = 1e-4 * gain^2)
    tiny = ExperimentConfig().replace(**{"network.init": "small", "network.width": 1})
    assert point_changes(tiny, 4.0, 0.0)["network.init_gain"] == 100.0
    assert snap_point(0.987, 0.0) == (1.0, 0.0) and snap_point(3.99, 0.26)[1] == pytest.approx(0.51 ** 2)


def test_measured_chi_is_the_mean_per_layer_factor_of_the_squared_norm():
    _trainer, _history, snapshot = frame_of(tanh_config())
    signal = snapshot.stats.signal_grad_norm
    assert measured_chi(snapshot) == pytest.approx((signal[0] / signal[-1]) ** (2 / 19))
    one = dataclasses.replace(snapshot, stats=dataclasses.replace(snapshot.stats, signal_grad_norm=signal[:1]))
    assert math.isnan(measured_chi(one))


class PaintCounter(QObject):
    def __init__(self, widget) -> None:
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, _watched, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_a_frame_that_changes_nothing_is_not_painted_and_a_change_once(make_plot):
    config = tanh_config()
    trainer, history, snapshot = frame_of(config)
    plot = make_plot(PhaseDiagramPlot, (800, 480))
    plot.set_experiment(config)
    plot.update(history, snapshot)
    for _ in range(5):
        QApplication.processEvents()
    counter = PaintCounter(plot.plot_widget.viewport())
    plot.update(history, snapshot)
    for _ in range(5):
        QApplication.processEvents()
    assert counter.count == 0
    relu = tanh_config(**{"network.activation": "relu"})
    plot.set_experiment(relu)
    plot.update(*frame_of(relu)[1:])
    for _ in range(5):
        QApplication.processEvents()
    assert counter.count == 1


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_colour_map_is_centred_on_the_background_so_the_edge_curve_shows(theme):
    cmap = phase_colormap(theme)
    centre = cmap.map(0.5, mode="qcolor")
    background, foreground = QColor(theme.background), QColor(theme.foreground)

    def distance(a, b):
        return sum(abs(x - y) for x, y in zip(a.getRgb()[:3], b.getRgb()[:3]))

    assert distance(centre, background) < distance(centre, foreground) / 3
    low, high = cmap.map(0.0, mode="qcolor"), cmap.map(1.0, mode="qcolor")
    assert low.blue() > low.red() and high.red() > high.blue()


# ---------------------------------------------------------------- in the window

def test_window_has_the_phase_diagram_tabbed_and_the_prediction_switch_in_view(make_window):
    window = make_window()
    assert "phaseDiagramPlot" in window.plots and window.findChild(PhaseDiagramPlot, "phaseDiagramPlot")
    dock = window.docks["phaseDiagramPlot"]
    view_actions = window.menus["view"].actions()
    assert dock.toggleViewAction() in view_actions and window.prediction_action in view_actions
    assert window.plots["phaseDiagramPlot"].visibleRegion().isEmpty()  # behind a tab: the default stays calm
    assert window.dashboard.tabifiedDockWidgets(window.docks["gradientFlowPlot"]).count(dock) == 1


def test_window_draws_the_prediction_at_step_0_and_remembers_the_switch(make_window, qtbot):
    window = make_window()
    plot = window.plots["gradientFlowPlot"]
    qtbot.waitUntil(lambda: "A" in plot.prediction.drawn, timeout=5000)
    frame = window.latest_frame()
    assert frame.step == 0
    expected = theory.predicted_log10_signal_norms(
        frame.config, n_inputs=2, input_second_moment=input_second_moment(frame.snapshot),
        anchor=float(frame.snapshot.stats.signal_grad_norm[-1]))
    np.testing.assert_allclose(plot.prediction.drawn["A"], expected, atol=1e-12)
    window.prediction_action.setChecked(False)
    assert plot.prediction.drawn == {}
    window.close()
    again = make_window()
    assert not again.prediction_action.isChecked()  # remembered
    from PySide6.QtCore import QSettings

    assert QSettings().value(SETTINGS_KEY, type=bool) is False


def test_clicking_the_phase_diagram_sets_gain_and_bias_std_in_the_builder(make_window, qtbot):
    window = make_window(tanh_config(gain=1.0))
    dock = window.docks["phaseDiagramPlot"]
    dock.show()
    dock.raise_()
    plot = window.plots["phaseDiagramPlot"]
    qtbot.waitUntil(lambda: plot.marker_a.position is not None, timeout=5000)
    assert plot.marker_a.position == pytest.approx((1.0, 0.0))
    point = plot.plot_widget.mapFromScene(plot.plot_item.vb.mapViewToScene(QPointF(4.0, 0.25)))
    qtbot.mouseClick(plot.plot_widget.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.config.network.init_gain == 2.0 and window.config.network.bias_init_std == 0.5
    builder = window.builder
    assert builder.control("network.init_gain").value() == 2.0
    assert builder.control("network.bias_init_std").value() == 0.5
    assert builder.read_config() == window.config  # the fields hold exactly what the experiment holds
    # the network is rebuilt with them, and the marker follows the new frame
    qtbot.waitUntil(lambda: window.latest_frame().config.network.init_gain == 2.0, timeout=5000)
    assert window.latest_frame().step == 0
    qtbot.waitUntil(lambda: plot.marker_a.position == pytest.approx((4.0, 0.25)), timeout=5000)


def test_edge_of_chaos_lesson_in_the_window_draws_both_predictions(make_window, qtbot):
    window = make_window()
    window.load_lesson("edge-of-chaos")
    plot = window.plots["gradientFlowPlot"]
    qtbot.waitUntil(lambda: set(plot.prediction.drawn) == {"A", "B"}, timeout=8000)
    drawn = plot.prediction.drawn
    assert drawn["A"][0] - drawn["A"][-1] < -6.5          # A: sigma_w2 = 0.5, about 7 decades toward the input
    assert abs(drawn["B"][0] - drawn["B"][-1]) < 0.5       # B: the edge of chaos, level


@pytest.mark.parametrize("cls", [GradientFlowPlot, PhaseDiagramPlot], ids=lambda cls: cls.object_name)
def test_a_dropped_plot_is_freed(qtbot, cls):
    """No reference cycle through a connected lambda keeps a plot (and its scene) alive after it is dropped."""
    import gc
    import weakref

    plot = cls()
    ref = weakref.ref(plot)
    del plot
    gc.collect()
    assert ref() is None


def test_window_exports_the_phase_diagram_behind_its_tab_with_the_experiments_point(make_window, tmp_path):
    from PySide6.QtGui import QImage

    from bpviz.ui.export import is_blank

    window = make_window(tanh_config(gain=1.0))
    plot = window.plots["phaseDiagramPlot"]
    assert plot.visibleRegion().isEmpty()  # behind its tab: not drawn by the frame timer
    path = window.export_plot("phaseDiagramPlot", tmp_path / "phase.png", scale=2)
    assert path is not None and not is_blank(path) and QImage(str(path)).width() > 600
    assert plot.marker_a.position == pytest.approx((1.0, 0.0)) and plot.map_key == ("tanh", 0.01)


def test_after_a_live_change_of_the_network_only_a_measured_initialization_is_predicted(make_plot):
    config = tanh_config(gain=1.0)
    trainer, history, snapshot = frame_of(config, steps=3)
    relu = config.replace(**{"network.activation": "relu"})
    trainer.apply_config(relu)  # live: same weights, another activation, at step 3
    trainer.run(2)
    plot = make_plot(GradientFlowPlot)
    plot.set_experiment(relu)
    plot.update(trainer.history.view(), trainer.snapshot())
    assert plot.prediction.drawn == {}  # ReLU's untrained network was never measured: nothing to anchor at
    plot.set_experiment(config)  # the settings it was built with: their step-1 measurement anchors them
    plot.update(*frame_of(config, steps=3)[1:])
    assert "A" in plot.prediction.drawn


# Machado, Oliveira & Fernandes (2009), severity 1, applied to linear RGB
CVD = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}


def simulated_lab(color: QColor, matrix) -> np.ndarray:
    """CIE L*a*b* (D65) of ``color`` as a viewer with the colour-vision deficiency ``matrix`` sees it."""
    srgb = np.array(color.getRgb()[:3]) / 255.0
    linear = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    linear = np.clip(np.asarray(matrix) @ linear, 0.0, 1.0)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ linear
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
@pytest.mark.parametrize("deficiency", sorted(CVD))
def test_vanishing_critical_and_exploding_stay_apart_for_colour_blind_viewers(theme, deficiency):
    """chi1 = 0.7 (vanishing), 1 and 1.4 (exploding): CIE76 Delta E >= 20 between each pair under simulated
    protanopia, deuteranopia and tritanopia, and between the two ends."""
    cmap = phase_colormap(theme)

    def seen(chi):
        position = (math.log10(chi) - LEVELS[0]) / (LEVELS[1] - LEVELS[0])
        return simulated_lab(cmap.map(position, mode="qcolor"), CVD[deficiency])

    low, centre, high = seen(0.7), seen(1.0), seen(1.4)
    for a, b in ((low, centre), (centre, high), (low, high), (seen(0.5), seen(2.0))):
        assert np.linalg.norm(a - b) >= 20
