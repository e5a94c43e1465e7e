"""The banner says which mechanism made training worse (issue 9 item 3, issue 10 item 5): the engine's findings in
one sentence, English and Chinese, with a Reset button where that helps; tested on the findings themselves and in
the real window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from bpviz.config import ExperimentConfig
from bpviz.engine.diagnosis import DeadLayers, Diverged, LossJump, ResidualGrowth, UpdateTooLarge
from bpviz.engine.telemetry import Event
from bpviz.ui import i18n
from bpviz.ui.explanations import explanation, offers_reset

DEAD = DeadLayers(step=230, layers=(6, 7, 8, 9), dead_fraction=(1.0,) * 4, gradient_blocked=True,
                  previous_activation="sigmoid", remedy="reset", event=Event(200, "activation relu",
                                                                            "network.activation"))
JUMP = LossJump(step=60, event=Event(50, "lr 5", "train.learning_rate"), loss_before=0.31, loss_after=7.9,
                ratio=25.5, steps_after=9, remedy="lower_lr",
                cause=UpdateTooLarge(step=55, layers=(2, 3), update_ratio=(0.8, 1.2), remedy="lower_lr"))
GROWS = Diverged(step=56, where="hidden 5", quantity="activation", remedy="scale_residual",
                 event=Event(50, "residual scale 1", "network.residual_scale"),
                 cause=ResidualGrowth(step=55, layers=tuple(range(10)), growth=102.0, per_block=1.6,
                                      exponential=True, remedy="scale_residual"))


@pytest.fixture
def chinese(qapp, isolated_settings):
    i18n.install_language(qapp, "zh_CN")
    yield
    i18n.uninstall_language(qapp)
    qapp.processEvents()


def test_each_mechanism_is_one_plain_sentence_with_what_to_do():
    assert explanation(DEAD) == ("In layers 7-10 every ReLU unit is dead: after training with sigmoid, their inputs "
                                 "are all negative, so no gradient passes. Press Reset to start from fresh weights.")
    assert explanation(JUMP) == ("The loss rose 25.5× (0.31 → 7.9) within 9 steps of “lr 5”: the learning rate is "
                                 "too large for these weights: one update is 120% of the weights' size in layers "
                                 "3-4 (healthy: about 0.1%). Lower the learning rate.")
    assert explanation(GROWS) == ("Why: after “residual scale 1” at step 50, the residual sum grows: each block adds "
                                  "variance, so the stream is 102× larger at block 10 than at block 1. Try scaling "
                                  "the branch (ReZero or 1/√depth).")
    assert offers_reset(DEAD) and offers_reset(GROWS) and not offers_reset(JUMP)
    for finding in (DEAD, JUMP, GROWS):
        assert "NaN" not in explanation(finding) and "_" not in explanation(finding)


def test_explanations_are_chinese(chinese):
    dead = explanation(DEAD)
    assert dead == "第 7-10 层的 ReLU 单元全部死亡：用 sigmoid 训练之后，它们的输入全是负数，梯度无法通过。按“重置”从新的权重重新开始。"
    jump = explanation(JUMP)
    assert "损失上升了 25.5×" in jump and "学习率太大" in jump and "请降低学习率" in jump
    assert "残差和不断增大" in explanation(GROWS)
    for text in (dead, jump, explanation(GROWS)):
        assert not any(word in text for word in ("the ", "layer", "Reset", "Why"))


def test_banner_explains_a_loss_jump_of_network_b_in_orange_without_reset(qtbot):
    import dataclasses

    from bpviz.ui.divergence_banner import DivergenceBanner
    from bpviz.ui.worker import Command, TrainingSession

    config = ExperimentConfig().replace(**{"network.depth": 4, "network.width": 8, "data.samples": 100})
    session = TrainingSession(config)
    session.handle(Command("set_compare", config.replace(**{"network.activation": "relu"})))
    frame = session.mailbox.latest()
    banner = DivergenceBanner()
    qtbot.addWidget(banner)
    banner.retranslate_ui()
    banner.show()
    banner.show_frame(frame)
    assert not banner.isVisible()  # healthy: no banner
    history_b, snapshot_b = frame.compare
    worse = dataclasses.replace(frame, compare=(history_b, dataclasses.replace(snapshot_b, findings=(JUMP,))))
    banner.show_frame(worse)
    assert banner.isVisible() and banner.severity == "worse" and not banner.reset_button.isVisible()
    assert banner.label.text() == f"Network B: {explanation(JUMP)}"
    dead = dataclasses.replace(frame, snapshot=dataclasses.replace(frame.snapshot, findings=(DEAD,)))
    banner.show_frame(dead)
    assert banner.label.text().startswith("Network A: In layers 7-10 every ReLU unit is dead")
    assert banner.reset_button.isVisible()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_banner_text_sits_on_the_banner_colour_in_either_theme(qtbot, theme):
    # in the dark theme the text had a near-black box of its own inside the red banner
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QApplication

    from bpviz.ui.appearance import stylesheet
    from bpviz.ui.divergence_banner import DivergenceBanner

    app = QApplication.instance()
    before = app.styleSheet()
    app.setStyleSheet(stylesheet(theme))
    try:
        banner = DivergenceBanner()
        qtbot.addWidget(banner)
        banner.label.setText("Network A: Training diverged at step 3 in layer 8")
        banner.resize(700, 80)
        banner.show()
        qtbot.waitExposed(banner)
        image = banner.grab().toImage()
        corner = banner.label.geometry().topLeft()  # inside the label, left of and above its text
        assert QColor(image.pixel(corner.x() + 1, corner.y() + 1)).name() == "#c62828"
    finally:
        app.setStyleSheet(before)


# ---------------------------------------------------------------- the real window

def train_to(qtbot, window, step: int) -> None:
    window.start()
    qtbot.waitUntil(lambda: window.latest_frame().step >= step, timeout=60_000)
    window.pause()
    qtbot.waitUntil(lambda: window.latest_frame().commands_handled >= window.worker.commands_sent
                    and not window.latest_frame().running, timeout=10_000)


def test_relu_after_sigmoid_explains_the_dead_layers_and_offers_reset(make_window, qtbot):
    window = make_window(ExperimentConfig().replace(**{"train.learning_rate": 1.0}))
    train_to(qtbot, window, 200)
    assert not window.banner.isVisible()
    window.set_config(window.config.replace(**{"network.activation": "relu"}))  # a live change, weights kept
    window.start()
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=60_000)
    window.pause()
    text = window.banner.label.text()
    assert "every ReLU unit is dead: after training with sigmoid, their inputs are all negative" in text
    assert "Press Reset to start from fresh weights." in text and "NaN" not in text
    assert window.banner.severity == "worse" and window.banner.reset_button.isVisible()
    qtbot.mouseClick(window.banner.reset_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=10_000)
    assert window.latest_frame().step == 0


def test_unscaled_residual_switched_on_live_explains_why_it_diverged(make_window, qtbot):
    config = ExperimentConfig().replace(**{"network.activation": "relu", "network.init": "he"})
    window = make_window(config)
    train_to(qtbot, window, 40)
    window.set_config(window.config.replace(**{"network.residual": True, "network.residual_scale": "none"}))
    window.start()
    qtbot.waitUntil(lambda: window.banner.isVisible() and window.banner.severity == "diverged", timeout=60_000)
    text = window.banner.label.text()
    assert "Training diverged at step" in text
    assert "the residual sum grows: each block adds variance" in text
    assert "Try scaling the branch (ReZero or 1/√depth)." in text


def test_banner_keeps_to_a_quarter_of_the_plots_height_and_keeps_the_full_text_in_its_tooltip(qtbot):
    # presentation mode at 1280 x 720: the full text (7 lines at the large font) squeezed the plot into a strip
    import dataclasses

    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from bpviz.engine.telemetry import Divergence
    from bpviz.ui.divergence_banner import MAX_SHARE, DivergenceBanner
    from bpviz.ui.worker import Command, TrainingSession

    config = ExperimentConfig().replace(**{"network.depth": 4, "network.width": 8, "data.samples": 100})
    session = TrainingSession(config)
    session.handle(Command("set_compare", None))  # a frame of network A alone
    frame = session.mailbox.latest()
    diverged = dataclasses.replace(frame, snapshot=dataclasses.replace(
        frame.snapshot, divergence=Divergence(56, "hidden 5", "activation"), findings=(GROWS,)))
    area = QWidget()
    qtbot.addWidget(area)
    layout = QVBoxLayout(area)
    layout.setContentsMargins(0, 0, 0, 0)
    banner = DivergenceBanner()
    layout.addWidget(banner)
    layout.addStretch(1)
    banner.retranslate_ui()
    banner.apply_fonts(1.6)  # presentation mode's large fonts
    area.resize(800, 600)
    area.show()
    qtbot.waitExposed(area)
    banner.show_frame(diverged)
    full, what_and_why, what = banner.texts
    assert "lower the learning rate" in full and explanation(GROWS) in full
    margins = banner.layout().contentsMargins()
    width = 800 - margins.left() - margins.right() - banner.reset_button.sizeHint().width() - banner.layout().spacing()

    def needs(text):  # the banner's height for a text, at this width and font
        probe = type(banner.label)(text)
        probe.setFont(banner.label.font())
        probe.setWordWrap(True)
        return probe.heightForWidth(width) + margins.top() + margins.bottom()

    assert needs(what) < needs(what_and_why) < needs(full)
    for room, shown in ((needs(full) + 4, full), (needs(full) - 4, what_and_why), (needs(what_and_why) - 4, what),
                        (needs(full) + 4, full)):  # and back: room again, the whole text
        height = int(room / MAX_SHARE) + 1
        area.resize(800, height)
        qtbot.waitUntil(lambda: banner.label.text() == shown, timeout=3000)
        assert banner.label.toolTip() == ("" if shown == full else full)
        assert banner.height() <= MAX_SHARE * height + 1
    assert what.startswith("Training diverged at step 56 in layer 6 (activation became NaN/Inf).")
    assert "lower the learning rate" not in what_and_why and explanation(GROWS) in what_and_why
    assert explanation(GROWS) not in what
