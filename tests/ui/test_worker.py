"""The training worker: the session driven synchronously, then the real thread (DESIGN.md §4)."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from bpviz.config import ExperimentConfig
from bpviz.engine.trainer import Trainer
from bpviz.ui.worker import (
    FRAME_RATE, WORKER_THREAD_NAME, Command, Mailbox, TrainingSession, TrainingWorker,
)

SMALL = ExperimentConfig(name="small").replace(**{"network.depth": 4, "network.width": 8, "data.samples": 100})


class FakeClock:
    """Time that moves only when the test says so."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += seconds


def make_session(config: ExperimentConfig = SMALL) -> tuple[TrainingSession, FakeClock]:
    clock = FakeClock()
    return TrainingSession(config, clock=clock), clock


def test_step_is_exactly_one_step_also_when_paused():
    session, _ = make_session()
    assert not session.running
    session.handle(Command("step"))
    assert session.step_count == 1
    frame = session.mailbox.latest()
    assert frame.step == 1 and not frame.running
    session.handle(Command("step"))
    assert session.mailbox.latest().step == 2
    assert len(session.trainer.history.view()) == 2


def test_step_while_running_pauses_then_steps_once():
    session, _ = make_session()
    session.handle(Command("start"))
    session.advance()
    session.handle(Command("step"))
    assert session.step_count == 2 and not session.running


def test_start_pause_and_when_a_step_is_due():
    session, clock = make_session()
    assert session.seconds_until_next_step() is None  # paused: wait for a command
    session.handle(Command("start"))
    assert session.running and session.mailbox.latest().running
    assert session.seconds_until_next_step() == 0.0   # full speed: step now
    for _ in range(5):
        session.advance()
    session.handle(Command("pause"))
    assert session.seconds_until_next_step() is None
    frame = session.mailbox.latest()
    assert not frame.running and frame.step == 5


def test_slow_motion_paces_steps():
    session, clock = make_session()
    session.handle(Command("set_speed", 2.0))
    assert session.speed == 2.0
    session.handle(Command("start"))
    assert session.seconds_until_next_step() == 0.0
    session.advance()
    assert session.seconds_until_next_step() == pytest.approx(0.5)
    clock.tick(0.2)
    assert session.seconds_until_next_step() == pytest.approx(0.3)
    clock.tick(0.3)
    assert session.seconds_until_next_step() == 0.0
    session.handle(Command("set_speed", 0.01))  # below the slowest: clamped to 1 step/s
    assert session.speed == 1.0
    session.handle(Command("set_speed", None))
    assert session.speed is None and session.seconds_until_next_step() == 0.0


def test_frames_are_throttled_but_commands_always_publish():
    session, clock = make_session()
    session.handle(Command("start"))
    serial = session.mailbox.latest().serial
    for _ in range(10):
        session.advance()           # no time passes: at most one more frame
    assert session.mailbox.latest().serial <= serial + 1
    clock.tick(1.0 / FRAME_RATE)
    session.advance()
    assert session.mailbox.latest().serial >= serial + 1
    assert session.mailbox.latest().step == 11
    before = session.mailbox.latest().serial
    session.handle(Command("step"))
    assert session.mailbox.latest().serial == before + 1


def test_costly_parts_are_carried_forward_between_their_refreshes():
    session, clock = make_session()
    session.handle(Command("step"))            # forced frame: every part fresh
    first = session.mailbox.latest().snapshot
    assert first.decision_grid is not None and first.jacobians is not None
    assert first.activation_histograms is not None
    session.handle(Command("start"))
    clock.tick(0.1)                             # histograms (30 Hz) are due, the grid (5 Hz) and jacobians not
    session.advance()
    later = session.mailbox.latest().snapshot
    assert later.step == 2
    assert later.decision_grid is first.decision_grid
    assert later.jacobians is first.jacobians
    assert later.activation_histograms is not first.activation_histograms


def test_apply_config_keeps_weights_and_records_an_event():
    session, _ = make_session()
    session.handle(Command("step"))
    weights = session.trainer.network.hidden_weights()[0]
    session.handle(Command("apply_config", session.config.replace(**{"network.residual": True})))
    assert session.trainer.network.hidden_weights()[0] is weights
    assert session.step_count == 1
    frame = session.mailbox.latest()
    assert frame.config.network.residual and frame.snapshot.residual
    assert [e.label for e in frame.history.events] == ["residual on"]
    assert session.mailbox.take_notices() == []


def test_a_change_that_needs_a_new_network_rebuilds_and_says_so():
    session, _ = make_session()
    session.handle(Command("start"))
    for _ in range(3):
        session.advance()
    generation = session.generation
    session.handle(Command("apply_config", session.config.replace(**{"network.depth": 6})))
    frame = session.mailbox.latest()
    assert frame.rebuilt and frame.generation == generation + 1
    assert frame.step == 0 and frame.snapshot.depth == 6
    assert session.running  # a rebuild keeps the run going with the new network
    notices = session.mailbox.take_notices()
    assert [(n.kind, n.fields) for n in notices] == [("rebuilt", ("network.depth",))]


def test_reset_gives_step_zero_and_fresh_weights():
    session, _ = make_session()
    initial = Trainer(SMALL).initial_stats().grad_norm
    session.handle(Command("start"))
    for _ in range(20):
        session.advance()
    session.handle(Command("reset", None))
    frame = session.mailbox.latest()
    assert frame.step == 0 and not frame.running
    np.testing.assert_allclose(frame.snapshot.stats.grad_norm, initial)
    assert len(frame.history) == 0


def test_compare_mode_trains_both_in_lockstep_and_mirrors_live_changes():
    session, _ = make_session()
    session.handle(Command("step"))
    remedy = SMALL.replace(**{"network.activation": "relu", "network.init": "he"})
    session.handle(Command("set_compare", remedy))
    assert session.step_count == 0  # both restart from step 0
    assert [n.kind for n in session.mailbox.take_notices()] == ["compare"]
    session.handle(Command("start"))
    for _ in range(7):
        session.advance()
    frame = session.mailbox.latest()
    assert session.trainer.step_count == session.trainer_b.step_count == 7
    session.handle(Command("pause"))
    frame = session.mailbox.latest()
    history_b, snapshot_b = frame.compare
    assert snapshot_b.step == frame.step == 7 and len(history_b) == 7
    assert snapshot_b.activation == "relu" and frame.snapshot.activation == "sigmoid"
    # A's live change is mirrored into B; B's pinned activation stays.
    session.handle(Command("apply_config", session.config.replace(**{"network.residual": True,
                                                                     "network.activation": "tanh"})))
    assert session.config_b.network.residual and session.config_b.network.activation == "relu"
    assert session.trainer_b.network.residual
    # A rebuild of A rebuilds B with it (same depth, same seed).
    session.handle(Command("apply_config", session.config.replace(**{"network.depth": 5})))
    assert session.trainer_b.network.depth == 5 and session.trainer_b.step_count == 0
    session.handle(Command("set_compare", None))
    assert session.trainer_b is None and session.mailbox.latest().compare is None


def test_divergence_pauses_and_the_frame_carries_it():
    session, _ = make_session(ExperimentConfig().replace(**{"network.activation": "relu",
                                                           "train.learning_rate": 100.0}))
    session.handle(Command("start"))
    for _ in range(200):
        if not session.running:
            break
        session.advance()
    assert not session.running
    frame = session.mailbox.latest()
    assert frame.divergence is not None and frame.divergence.step >= 1
    assert not frame.running
    notices = session.mailbox.take_notices()
    assert [n.kind for n in notices] == ["diverged"]
    session.handle(Command("start"))  # nothing left to train: stays paused
    assert not session.running


def test_unknown_command_is_an_error():
    session, _ = make_session()
    with pytest.raises(ValueError, match="unknown worker command"):
        session.handle(Command("jump"))


def test_mailbox_hands_out_notices_once():
    mailbox = Mailbox()
    assert mailbox.latest() is None and mailbox.take_notices() == []


# ---------------------------------------------------------------- the real thread

def _frame_step(worker: TrainingWorker) -> int:
    frame = worker.mailbox.latest()
    return -1 if frame is None else frame.step


def test_thread_trains_pauses_and_stops_promptly(qtbot):
    worker = TrainingWorker(TrainingSession(SMALL))
    worker.start_thread()
    try:
        assert worker.thread.name == WORKER_THREAD_NAME and not worker.thread.daemon
        worker.start()
        qtbot.waitUntil(lambda: _frame_step(worker) > 10, timeout=5000)
        worker.pause()
        qtbot.waitUntil(lambda: not worker.mailbox.latest().running, timeout=2000)
        paused_at = worker.mailbox.latest().serial, _frame_step(worker)
        worker.step()
        qtbot.waitUntil(lambda: worker.mailbox.latest().serial > paused_at[0], timeout=2000)
        assert _frame_step(worker) == paused_at[1] + 1  # the counter stopped; step adds exactly one
        worker.step()
        qtbot.waitUntil(lambda: _frame_step(worker) == paused_at[1] + 2, timeout=2000)
        worker.start()
        qtbot.waitUntil(lambda: _frame_step(worker) > paused_at[1] + 5, timeout=2000)
    finally:
        started = time.perf_counter()
        worker.stop()
        assert worker.join(timeout=2.0)
        assert time.perf_counter() - started < 0.5
    assert not any(t.name == WORKER_THREAD_NAME for t in threading.enumerate())


def test_thread_survives_an_engine_error_and_reports_it(qtbot):
    worker = TrainingWorker(TrainingSession(SMALL))
    worker.start_thread()
    try:
        worker.send("apply_config", "not a config")
        qtbot.waitUntil(lambda: worker.error is not None, timeout=2000)
        notices = worker.mailbox.take_notices()
        assert [n.kind for n in notices] == ["error"]
        worker.step()
        qtbot.waitUntil(lambda: _frame_step(worker) == 1, timeout=2000)
    finally:
        worker.stop()
        assert worker.join(timeout=2.0)


def test_parts_no_visible_plot_draws_are_not_computed_between_commands():
    session, clock = make_session()
    session.handle(Command("set_parts", {"histograms": False, "grid": True, "jacobians": False}))
    session.handle(Command("step"))  # a command's frame still has every part
    first = session.mailbox.latest().snapshot
    assert first.jacobians is not None and first.activation_histograms is not None
    session.handle(Command("start"))
    clock.tick(1.0)
    session.advance()
    later = session.mailbox.latest().snapshot
    assert later.step == 2
    assert later.decision_grid is not first.decision_grid           # wanted and due: fresh
    assert later.jacobians is first.jacobians                       # not wanted: carried
    assert later.signal_grad_histograms is first.signal_grad_histograms
    serial = session.mailbox.latest().serial
    session.handle(Command("set_parts", {"histograms": True, "grid": True, "jacobians": True}))
    frame = session.mailbox.latest()
    assert frame.serial == serial + 1 and frame.snapshot.jacobians is not first.jacobians


def test_a_held_worker_never_waits_for_the_ui_forever(qtbot):
    worker = TrainingWorker(TrainingSession(SMALL))
    worker.start_thread()
    try:
        worker.start()
        qtbot.waitUntil(lambda: _frame_step(worker) > 2, timeout=5000)
        worker.hold()  # a UI that forgot to release: the worker still trains, MAX_HOLD_SECONDS at a time
        held_at = _frame_step(worker)
        qtbot.waitUntil(lambda: _frame_step(worker) > held_at + 3, timeout=5000)
        worker.release()
    finally:
        worker.stop()
        assert worker.join(timeout=2.0)
