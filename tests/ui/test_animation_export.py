"""File -> Export -> Animation (issue 13): the dialog's choices, the whole dashboard or one plot drawn from the
recorded run as GIF or APNG, a progress bar with a Cancel that leaves no file, and training that goes on."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageSequence
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QDialogButtonBox

from bpviz.config import ExperimentConfig
from bpviz.engine.trainer import Trainer
from bpviz.ui.animation_dialog import AnimationDialog
from bpviz.ui.animation_export import AnimationOptions, MomentRenderer


def frame_step(window) -> int:
    frame = window.latest_frame()
    return -1 if frame is None else frame.snapshot.step


@pytest.fixture
def trained_window(make_window, qtbot):
    window = make_window(ExperimentConfig().replace(**{"network.depth": 4, "network.width": 8}), training="thread",
                         size=(1200, 800))
    window.start()
    qtbot.waitUntil(lambda: frame_step(window) >= 40, timeout=20000)
    window.pause()
    qtbot.waitUntil(lambda: not window.latest_frame().running, timeout=10000)
    return window


def frames_of(path):
    with Image.open(path) as image:
        return [np.asarray(frame.convert("RGB")).copy() for frame in ImageSequence.Iterator(image)], image.size


def test_the_dialog_offers_dashboard_or_one_plot_and_returns_the_choice(qtbot):
    dialog = AnimationDialog(None, {"lossPlot": "Loss", "gradientFlowPlot": "Gradient flow"})
    qtbot.addWidget(dialog)
    assert [dialog.target_combo.itemData(i) for i in range(dialog.target_combo.count())] == \
        ["dashboard", "lossPlot", "gradientFlowPlot"]
    assert dialog.options() == AnimationOptions()
    dialog.target_combo.setCurrentIndex(2)
    dialog.duration_spin.setValue(20)
    dialog.fps_spin.setValue(12)
    dialog.scale_combo.setCurrentIndex(1)
    dialog.format_combo.setCurrentIndex(1)
    assert dialog.options() == AnimationOptions("gradientFlowPlot", 20.0, 12.0, 2, "apng")
    assert dialog.frames_label.text().startswith("240 frames")
    dialog.duration_spin.setValue(600)
    dialog.fps_spin.setValue(50)
    assert "too many" in dialog.frames_label.text()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_one_plot_as_gif_and_apng_from_the_recorded_run(trained_window, tmp_path):
    window = trained_window
    assert window.exports.animation_action in window.exports.export_menu.actions()
    step_before = frame_step(window)
    gif = window.exports.export_animation(tmp_path / "loss.gif", AnimationOptions("lossPlot", 1.0, 6.0))
    frames, size = frames_of(gif)
    panel = window.plots["lossPlot"]
    assert len(frames) == 6 and size in ((panel.width(), panel.height()), (1000, 560))
    assert any(not np.array_equal(frames[0], f) for f in frames[1:])  # the curve grows
    png = window.exports.export_animation(tmp_path / "loss.png", AnimationOptions("lossPlot", 1.0, 4.0, 2, "apng"))
    frames, size = frames_of(png)
    assert len(frames) == 4 and size[0] % 2 == 0 and size[0] >= 2 * 260
    assert "4 frames" in window.statusBar().currentMessage()
    assert frame_step(window) == step_before  # nothing was trained again (and the run is untouched)


def test_the_dashboard_animation_shows_the_plots_on_screen(trained_window, tmp_path):
    window = trained_window
    path = window.exports.export_animation(tmp_path / "dash.gif", AnimationOptions("dashboard", 0.4, 5.0))
    frames, size = frames_of(path)
    assert len(frames) == 2 and size == (window.dashboard.width(), window.dashboard.height())
    assert len(np.unique(frames[-1].reshape(-1, 3), axis=0)) > 20


def test_cancel_stops_the_export_and_leaves_no_file(trained_window, tmp_path):
    window = trained_window
    seen = []

    def cancel_after_two(done, total):
        seen.append((done, total))
        if done == 2:
            window.exports.progress_dialog.cancel()

    window.exports.animationProgress.connect(cancel_after_two)
    path = tmp_path / "cancelled.gif"
    assert window.exports.export_animation(path, AnimationOptions("lossPlot", 3.0, 10.0)) is None
    assert not path.exists() and not list(tmp_path.iterdir())
    assert max(done for done, _ in seen) <= 3 and seen[-1][1] == 30
    assert "cancelled" in window.statusBar().currentMessage()


def test_training_goes_on_while_an_animation_is_drawn(trained_window, tmp_path, qtbot):
    window = trained_window
    start = frame_step(window)
    window.start()
    window.exports.export_animation(tmp_path / "live.gif", AnimationOptions("lossPlot", 2.0, 10.0))
    qtbot.waitUntil(lambda: frame_step(window) > start + 5, timeout=20000)
    window.pause()


def test_the_moments_are_drawn_by_fresh_plots(qapp):
    trainer = Trainer(ExperimentConfig().replace(**{"network.depth": 3, "network.width": 8}))
    trainer.run(30)
    run = (trainer.history.view(), trainer.snapshot(grid=True))
    renderer = MomentRenderer([("lossPlot", QRect(0, 0, 400, 300)), ("decisionBoundaryPlot", QRect(400, 0, 300, 300))],
                              (700, 300), run, None, 1.0, 5.0)
    try:
        first, last = renderer(0), renderer(len(renderer) - 1)
        assert first.shape == (300, 700, 3) and not np.array_equal(first, last)
        assert [m.step for m in renderer.moments][-1] == 30
    finally:
        renderer.close()
    with pytest.raises(ValueError, match="no such plot"):
        MomentRenderer([("nonsense", QRect(0, 0, 10, 10))], (10, 10), run, None, 1.0, 5.0)
