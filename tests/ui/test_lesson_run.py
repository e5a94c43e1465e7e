"""Lessons that end with a verdict (issue 9 item 5) and compare mode where one network diverges alone (item 4):
the session driven synchronously, then the real window."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt

from bpviz.lessons import check_expectation, load_lesson
from bpviz.ui.worker import LESSON_CHANGED, Command, LessonPlan, TrainingSession

SLOW_STEPS, SLOW_SPEED = 30, 10.0


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def plan_of(lesson) -> LessonPlan:
    return LessonPlan(lesson.name, lesson.steps, lesson.expectation, lesson.config, lesson.remedy)


def lesson_session(name: str, clock=None) -> tuple[TrainingSession, object]:
    """A session with the lesson loaded as the window loads it: reset to A, compare with B, the plan."""
    lesson = load_lesson(name)
    session = TrainingSession(lesson.config, clock=clock) if clock else TrainingSession(lesson.config)
    session.handle_all([Command("reset", lesson.config), Command("set_compare", lesson.remedy),
                        Command("set_lesson", plan_of(lesson))])
    session.speed = None
    session._slow_until = 0  # these tests do not wait for the slow start (test_lesson_starts_slowly does)
    return session, lesson


def run_until_paused(session: TrainingSession, limit: int = 5000) -> None:
    session.handle(Command("start"))
    for _ in range(limit):
        if not session.running:
            return
        session.advance()
    raise AssertionError("the session never paused")


def test_a_diverged_network_stops_alone_and_the_lesson_ends_with_the_clis_verdict():
    session, lesson = lesson_session("exploding-init")
    run_until_paused(session)
    frame = session.mailbox.latest()
    history_b, snapshot_b = frame.compare
    # A diverged at step ~2 and stopped there; B trained on to the lesson's end, then the session paused.
    assert frame.divergence is not None and frame.step <= 3
    assert snapshot_b.divergence is None and snapshot_b.step == lesson.steps == 300
    assert not frame.running
    progress = frame.lesson
    assert progress.finished and progress.step == 300 and progress.unchecked == ""
    cli = check_expectation(lesson)
    assert progress.result.detail == cli.detail and progress.result.met and cli.met
    notices = session.mailbox.take_notices()
    diverged = [n for n in notices if n.kind == "diverged"]
    assert [(n.network, n.detail) for n in diverged] == [("A", "alone")]
    assert notices[-1].kind == "lesson"
    # Train again: the healthy network goes on beyond the lesson, the diverged one stays where it stopped.
    session.handle(Command("start"))
    assert session.running
    for _ in range(5):
        session.advance()
    assert session.trainer_b.step_count == 305 and session.trainer.step_count == frame.step


def test_a_lesson_without_divergence_ends_at_its_steps_with_the_same_numbers_as_the_cli():
    session, lesson = lesson_session("leaky-prelu")
    run_until_paused(session)
    frame = session.mailbox.latest()
    assert frame.step == frame.compare[1].step == lesson.steps
    assert frame.lesson.finished and frame.lesson.result.detail == check_expectation(lesson).detail


def test_a_live_change_during_the_lesson_leaves_its_verdict_unchecked():
    session, lesson = lesson_session("depth")
    session.handle(Command("start"))
    for _ in range(5):
        session.advance()
    changed = session.config.replace(**{"train.learning_rate": session.config.train.learning_rate * 2})
    session.handle(Command("apply_config", changed))
    run_until_paused(session)
    progress = session.mailbox.latest().lesson
    assert progress.finished and progress.result is None and progress.unchecked == LESSON_CHANGED
    # Reset with the lesson's own settings: a fresh, checkable run.
    session.handle(Command("reset", lesson.config))
    session._slow_until = 0
    run_until_paused(session)
    progress = session.mailbox.latest().lesson
    assert progress.finished and progress.result is not None


def test_lesson_starts_slowly_then_runs_at_full_speed():
    clock = FakeClock()
    lesson = load_lesson("depth")
    session = TrainingSession(lesson.config, clock=clock)
    session.handle_all([Command("reset", lesson.config), Command("set_compare", lesson.remedy),
                        Command("set_lesson", plan_of(lesson)), Command("start")])
    assert session.effective_speed() == SLOW_SPEED and session.mailbox.latest().speed == SLOW_SPEED
    steps = 0
    while session.lesson_step() < SLOW_STEPS:
        wait = session.seconds_until_next_step()
        assert wait is not None
        clock.now += wait
        session.advance()
        steps += 1
    assert steps == SLOW_STEPS
    assert clock.now - 100.0 == pytest.approx((SLOW_STEPS - 1) / SLOW_SPEED, rel=0.01)  # ~10 steps/s
    assert session.effective_speed() is None and session.seconds_until_next_step() == 0.0
    # The user's own speed wins over the slow start (and a slower one is kept during it).
    session.handle(Command("reset", lesson.config))
    assert session.effective_speed() == SLOW_SPEED
    session.handle(Command("set_speed", 2.0))
    assert session.effective_speed() == 2.0
    session.handle(Command("set_speed", None))
    assert session.effective_speed() is None


# ---------------------------------------------------------------- the real window

def step_numbers(window) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", window.step_label.text())]


def test_window_runs_a_lesson_to_its_verdict_while_a_stops_alone(make_window, qtbot):
    window = make_window()
    window.load_lesson("exploding-init")
    qtbot.mouseClick(window.lesson_panel.run_button, Qt.MouseButton.LeftButton)
    assert window.train_button.isChecked()
    # The first steps run slowly so the class sees them, and the speed label says why.
    qtbot.waitUntil(lambda: window.speed_label.text() == "10 steps/s (lesson start)", timeout=10_000)

    def finished() -> bool:
        frame = window.latest_frame()
        return frame.lesson is not None and frame.lesson.finished and window.lesson_panel.verdict.isVisible()

    qtbot.waitUntil(finished, timeout=120_000)
    frame = window.latest_frame()
    a_step = frame.step
    assert frame.divergence is not None and frame.compare[1].step == 300
    qtbot.waitUntil(lambda: not window.train_button.isChecked(), timeout=10_000)
    # The counter shows each network's own step, and which one stopped.
    assert window.step_label.text() == f"A {a_step} · B 300"
    assert window.toolbar.loss_label.text().startswith("Loss A diverged · B ")
    assert "✓ Verdict after 300 steps: the lesson's claim holds." in window.lesson_panel.verdict.text()
    details = window.lesson_panel.text.toPlainText()  # each check with its numbers, above the explanation
    assert details.startswith("The checks behind the verdict:") and "Verdict after" not in details
    assert re.search(r"✓ test accuracy after 300 steps: B 0\.9\d+ \(needs > 0\.9\) ✓", details)
    assert "gradient norm of layer 1 at the start: A 1.7e+05 (needs > 1000) ✓; B" in details
    assert "lesson has finished" in window.statusBar().currentMessage()
    assert window.speed_label.text() == "full speed"
    # Train continues the healthy network only.
    qtbot.mouseClick(window.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.latest_frame().compare[1].step > 310, timeout=30_000)
    assert window.latest_frame().step == a_step
    assert step_numbers(window)[0] == a_step
    window.pause()


def test_lesson_panel_words_each_state_in_english_and_chinese(qtbot, qapp, isolated_settings):
    from bpviz.lessons.expectation import evaluate
    from bpviz.ui import i18n
    from bpviz.ui.lesson_panel import LessonPanel
    from bpviz.ui.worker import LESSON_DIVERGED, LessonProgress

    lesson = load_lesson("exploding-init")
    check = lesson.expectation.checks[2]  # test_accuracy after 300 steps: remedy > 0.9
    result = evaluate(type(lesson.expectation)((check,)),
                      {("problem", 300): {"test_accuracy": 0.5}, ("remedy", 300): {"test_accuracy": 0.85}})
    panel = LessonPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.show_progress(LessonProgress("exploding-init", 300, 120))
    assert panel.verdict.isVisible() and "Lesson: step 120 of 300, then the verdict." in panel.verdict.text()
    panel.show_progress(LessonProgress("exploding-init", 300, 300, True, result))
    assert "✗ Verdict after 300 steps: the lesson's claim does NOT hold." in panel.verdict.text()
    assert "✗ test accuracy after 300 steps: B 0.85 (needs > 0.9) ✗" in panel.text.toPlainText()
    panel.show_progress(LessonProgress("exploding-init", 300, 40, True, None, LESSON_CHANGED))
    assert "Not checked: the settings were changed during the run" in panel.verdict.text()
    assert "Verdict" not in panel.text.toPlainText()
    panel.show_progress(LessonProgress("exploding-init", 300, 4, True, None, LESSON_DIVERGED))
    assert "both networks diverged at step 4" in panel.verdict.text()
    panel.show_progress(LessonProgress("exploding-init", 300, 300, True, result))
    try:
        i18n.install_language(qapp, "zh_CN")
        panel.retranslate_ui()
        assert "300 步后的结论：本课的结论不成立。" in panel.verdict.text()
        assert "300 步后的测试准确率：B 0.85（要求 > 0.9）✗" in panel.text.toPlainText()
    finally:
        i18n.uninstall_language(qapp)
        qapp.processEvents()
    panel.show_progress(None)
    assert not panel.verdict.isVisible()


def visible_text(panel) -> str:
    """What the lesson panel shows: its explanation (with the checks at its top) and the label under it."""
    return panel.text.toPlainText() + "\n" + panel.verdict.text()


@pytest.mark.parametrize("met", [True, False])
def test_the_verdict_headline_is_shown_once_in_both_modes_and_languages(qtbot, qapp, isolated_settings, met):
    """Presentation mode's panel read the headline twice (over the checks and under the explanation): once only.
    The panel alone, as the window shows it: its explanation, then the verdict; presentation mode's look and fonts."""
    from bpviz.lessons.expectation import evaluate
    from bpviz.ui import appearance, i18n
    from bpviz.ui.lesson_panel import LessonPanel
    from bpviz.ui.plots.theme import LIGHT, set_current_theme
    from bpviz.ui.worker import LessonProgress

    lesson = load_lesson("exploding-init")
    check = lesson.expectation.checks[2]  # test_accuracy after 300 steps: remedy > 0.9
    accuracy = 0.95 if met else 0.85
    result = evaluate(type(lesson.expectation)((check,)),
                      {("problem", 300): {"test_accuracy": 0.5}, ("remedy", 300): {"test_accuracy": accuracy}})
    assert result.met == met
    panel = LessonPanel()
    qtbot.addWidget(panel)
    panel.resize(420, 600)
    panel.show()
    panel.lesson = lesson
    panel.show_text(LIGHT, lambda name: name)
    panel.show_progress(LessonProgress("exploding-init", 300, 300, True, result))
    try:
        for language, headline, check_line in (
                ("en", "Verdict after 300 steps", f"test accuracy after 300 steps: B {accuracy:g}"),
                ("zh_CN", "300 步后的结论", f"300 步后的测试准确率：B {accuracy:g}")):
            if language != "en":
                i18n.install_language(qapp, language)
                panel.retranslate_ui()
            for presentation in (False, True):
                appearance.apply_application_look(qapp, "light", presentation)
                panel.apply_fonts(appearance.PRESENTATION_SCALE if presentation else 1.0)
                panel.retranslate_ui()
                shown = visible_text(panel)
                assert shown.count(headline) == 1, (language, presentation, shown)
                assert panel.verdict.isVisible() and headline in panel.verdict.text()
                assert check_line in panel.text.toPlainText()  # each check with its numbers is still there
    finally:
        i18n.uninstall_language(qapp)
        appearance.apply_application_look(qapp, "light", False)
        set_current_theme(LIGHT)
        qapp.processEvents()


def test_every_metric_a_feed_forward_lesson_can_check_has_a_name_in_the_verdict(qtbot):
    from bpviz.lessons.expectation import METRICS, RECURRENT_METRICS
    from bpviz.ui.lesson_panel import LessonPanel

    panel = LessonPanel()
    qtbot.addWidget(panel)
    recurrent_only = set(RECURRENT_METRICS) - {"max_grad_norm", "train_loss", "test_accuracy", "test_accuracy_recent",
                                               "train_accuracy", "diverged", "saturation", "weight_norm",
                                               "signal_ratio_first_last"}
    for metric in set(METRICS) - recurrent_only:
        assert panel.metric_text(metric) != metric, metric
