"""The training worker: the session driven synchronously, then the real thread (DESIGN.md §4)."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpviz.config import ExperimentConfig
from bpviz.engine.trainer import Trainer
from bpviz.ui.worker import (
    FRAME_RATE, WORKER_THREAD_NAME, Command, Mailbox, TrainingSession, TrainingWorker, coalesce,
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
    session = TrainingSession(config, clock=clock)
    session.cost_clock = lambda: 0.0  # every part costs nothing: pacing follows the fake clock only
    return session, clock


def settle(session: TrainingSession) -> list[str]:
    """What the worker loop does while paused and idle: compute the parts the session still owes."""
    computed = []
    while (part := session.refresh_parts()) is not None:
        computed.append(part)
    return computed


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
    session.handle(Command("step"))
    assert settle(session) == ["histograms", "grid", "jacobians"]  # paused: every wanted part, one at a time
    first = session.mailbox.latest().snapshot
    assert first.decision_grid is not None and first.jacobians is not None
    assert first.activation_histograms is not None
    session.handle(Command("start"))
    clock.tick(0.1)                             # histograms (30 Hz) are due, the grid (5 Hz) and jacobians not
    session.advance()
    frame = session.mailbox.latest()
    later = frame.snapshot
    assert later.step == 2
    assert later.decision_grid is first.decision_grid
    assert later.jacobians is first.jacobians
    assert later.activation_histograms is not first.activation_histograms
    assert frame.part_status == {"histograms": "fresh", "grid": "stale", "jacobians": "stale"}
    assert frame.part_steps == {"histograms": 2, "grid": 1, "jacobians": 1}


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
        qtbot.waitUntil(lambda: worker.mailbox.latest().commands_handled == worker.commands_sent, timeout=2000)
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
    session.handle(Command("step"))
    settle(session)
    first = session.mailbox.latest().snapshot
    assert first.jacobians is not None and first.activation_histograms is not None
    session.handle(Command("set_parts", {"histograms": False, "grid": True, "jacobians": False}))
    session.handle(Command("start"))
    clock.tick(1.0)
    session.advance()
    later = session.mailbox.latest().snapshot
    assert later.step == 2
    assert later.decision_grid is not first.decision_grid           # wanted and due: fresh
    assert later.jacobians is first.jacobians                       # not wanted: carried
    assert later.signal_grad_histograms is first.signal_grad_histograms
    session.handle(Command("pause"))
    assert settle(session) == []                # the grid (the only wanted part) is fresh from step 2
    serial = session.mailbox.latest().serial
    session.handle(Command("set_parts", {"histograms": True, "grid": True, "jacobians": True}))
    frame = session.mailbox.latest()
    assert frame.serial == serial + 1 and frame.part_status["jacobians"] == "coming"
    assert settle(session) == ["histograms", "jacobians"]
    assert session.mailbox.latest().snapshot.jacobians is not first.jacobians


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


# ---------------------------------------------------------------- costly parts only when shown, never in a command

class PartCounter:
    """Counts the costly parts a Trainer computes (wraps Trainer.snapshot)."""

    def __init__(self, monkeypatch) -> None:
        self.calls: list[str] = []
        original = Trainer.snapshot
        counter = self

        def snapshot(trainer, histograms=True, grid=False, jacobians=False, **kwargs):
            counter.calls += [name for name, on in (("histograms", histograms), ("grid", grid),
                                                    ("jacobians", jacobians)) if on]
            return original(trainer, histograms=histograms, grid=grid, jacobians=jacobians, **kwargs)

        monkeypatch.setattr(Trainer, "snapshot", snapshot)

    def take(self) -> list[str]:
        calls, self.calls = self.calls, []
        return calls


def test_a_commands_frame_computes_no_costly_part(monkeypatch):
    """Step, Reset, a rebuild and a live change publish at once; the parts follow, one at a time, between commands
    (at 200 x 1024 computing them all in the command's frame froze the window for minutes)."""
    session, _ = make_session()
    counter = PartCounter(monkeypatch)
    for command in (Command("step"), Command("reset", None), Command("apply_config", SMALL.replace(
            **{"network.depth": 5})), Command("apply_config", SMALL.replace(**{"network.depth": 5,
                                                                              "network.residual": True})),
                    Command("set_compare", SMALL.replace(**{"network.activation": "relu"})), Command("start"),
                    Command("pause"), Command("set_speed", 5.0)):
        serial = session.mailbox.latest().serial if session.mailbox.latest() else 0
        session.handle(command)
        frame = session.mailbox.latest()
        assert frame.serial == serial + 1, command
        assert counter.take() == [], command
        assert set(frame.part_status.values()) <= {"coming", "stale"}, (command, frame.part_status)
    assert settle(session) == ["histograms", "grid", "jacobians"]
    assert sorted(counter.take()) == sorted(["histograms", "grid", "jacobians"] * 2)  # A and B
    assert set(session.mailbox.latest().part_status.values()) == {"fresh"}


def test_parts_no_plot_shows_are_never_computed(monkeypatch):
    session, clock = make_session()
    counter = PartCounter(monkeypatch)
    session.handle(Command("set_parts", {"histograms": False, "grid": False, "jacobians": False}))
    for command in (Command("step"), Command("reset", None), Command("step"), Command("start")):
        session.handle(command)
        assert settle(session) == []
    for _ in range(5):
        clock.tick(1.0)
        session.advance()
    assert counter.take() == []
    assert session.mailbox.latest().part_status == dict.fromkeys(("histograms", "grid", "jacobians"), "off")


def test_part_status_says_fresh_stale_coming_and_off():
    session, clock = make_session()
    session.handle(Command("step"))
    frame = session.mailbox.latest()
    assert frame.part_status == dict.fromkeys(("histograms", "grid", "jacobians"), "coming")
    assert frame.part_is_coming("grid") and frame.snapshot.decision_grid is None
    settle(session)
    assert set(session.mailbox.latest().part_status.values()) == {"fresh"}
    session.handle(Command("set_parts", {"histograms": True, "grid": True, "jacobians": False}))
    session.handle(Command("step"))  # paused: the wanted ones are coming, the unwanted one is merely stale
    frame = session.mailbox.latest()
    assert frame.part_status == {"histograms": "coming", "grid": "coming", "jacobians": "stale"}
    assert frame.part_steps == {"histograms": 1, "grid": 1, "jacobians": 1} and frame.step == 2
    settle(session)
    assert session.mailbox.latest().part_status == {"histograms": "fresh", "grid": "fresh", "jacobians": "stale"}
    session.handle(Command("apply_config", session.config.replace(**{"network.activation": "tanh"})))
    assert session.mailbox.latest().part_status["grid"] == "coming"  # a live change makes them stale too
    session.handle(Command("apply_config", session.config.replace(**{"network.depth": 3})))
    frame = session.mailbox.latest()
    assert frame.part_status["jacobians"] == "off" and frame.snapshot.jacobians is None  # a new network's: none yet
    assert frame.part_status["grid"] == "coming" and frame.snapshot.decision_grid is None


def test_the_initial_frame_is_cheap_at_every_size():
    from bpviz.ui.worker import INITIAL_FRAME_MAX_WEIGHTS, hidden_weight_count, initial_frame

    small = initial_frame(SMALL)
    assert not small.placeholder and small.step == 0
    np.testing.assert_allclose(small.snapshot.stats.grad_norm, Trainer(SMALL).initial_stats().grad_norm)
    assert small.snapshot.decision_grid is None and small.snapshot.jacobians is None
    assert set(small.part_status.values()) == {"coming"}
    largest = ExperimentConfig().replace(**{"network.depth": 200, "network.width": 1024})
    assert hidden_weight_count(largest) > INITIAL_FRAME_MAX_WEIGHTS
    started = time.perf_counter()
    frame = initial_frame(largest)
    assert time.perf_counter() - started < 0.5          # building the network alone takes seconds
    assert frame.placeholder and frame.snapshot.depth == 200 and frame.snapshot.width == 1024
    assert frame.snapshot.stats.grad_norm.shape == (200,) and np.isnan(frame.snapshot.stats.loss)
    assert frame.snapshot.train_points[0].shape[1] == 2 and len(frame.history) == 0
    assert frame.config == largest and frame.history.layers["grad_norm"].shape == (0, 200)


def test_a_thread_worker_given_a_config_builds_the_network_in_its_thread(qtbot, monkeypatch):
    from bpviz.ui import session as worker_module  # the session builds the trainers

    built_in = []
    real_trainer = worker_module.make_trainer  # the session builds either kind of trainer through it

    def recording_trainer(*args, **kwargs):
        built_in.append(threading.current_thread().name)
        return real_trainer(*args, **kwargs)

    monkeypatch.setattr(worker_module, "make_trainer", recording_trainer)
    placeholder = worker_module.placeholder_frame(SMALL)
    worker = TrainingWorker(config=SMALL, initial=placeholder)
    assert worker.mailbox.latest() is placeholder and built_in == []
    worker.start_thread()
    try:
        worker.step()
        qtbot.waitUntil(lambda: _frame_step(worker) == 1, timeout=5000)
        assert built_in == [WORKER_THREAD_NAME]
        assert not worker.mailbox.latest().placeholder
    finally:
        worker.stop()
        assert worker.join(timeout=2.0)


# ---------------------------------------------------------------- coalescing

def apply(depth: int, **more) -> Command:
    return Command("apply_config", SMALL.replace(**{"network.depth": depth, **more}))


def test_coalesce_keeps_only_the_newest_rebuild_and_counts_them_all():
    held_arrow = [apply(depth) for depth in range(5, 196)]
    survivors = coalesce(held_arrow)
    assert survivors == [Command("apply_config", held_arrow[-1].value, covers=191)]
    speeds = [Command("set_speed", float(s)) for s in range(1, 30)]
    assert coalesce(speeds) == [Command("set_speed", 29.0, covers=29)]


def test_coalesce_keeps_start_pause_and_step_exactly():
    commands = [apply(5), apply(6), Command("step"), apply(7), Command("step"), Command("start"), Command("pause"),
                Command("step"), Command("set_speed", 2.0), Command("set_speed", 3.0), apply(8), apply(9)]
    survivors = coalesce(commands)
    assert [(c.kind, c.value.network.depth if c.kind == "apply_config" else c.value) for c in survivors] == [
        ("apply_config", 6), ("step", None), ("apply_config", 7), ("step", None), ("start", None), ("pause", None),
        ("step", None), ("set_speed", 3.0), ("apply_config", 9)]
    assert sum(c.covers for c in survivors) == len(commands)


def test_coalesce_resets_and_compare_mode():
    five, six = SMALL.replace(**{"network.depth": 5}), SMALL.replace(**{"network.depth": 6})
    assert coalesce([Command("reset", five), Command("reset", None)]) == [Command("reset", five, covers=2)]
    assert coalesce([Command("reset", five), apply(7), Command("reset", None)]) == [
        apply(7), Command("reset", None, covers=2)]                      # reset(None) resets with depth 7
    assert coalesce([Command("reset", None), Command("reset", six)]) == [Command("reset", six, covers=2)]
    # The window's live change in compare mode sends apply_config then set_compare: held, they fold into one each.
    pairs = [c for depth in range(5, 50) for c in (apply(depth), Command("set_compare", SMALL.replace(
        **{"network.depth": depth, "network.activation": "relu"})))]
    survivors = coalesce(pairs)
    assert [c.kind for c in survivors] == ["apply_config", "set_compare"]
    assert survivors[0].value.network.depth == 49 and survivors[1].value.network.depth == 49
    # B's pins are taken against A's config at the set_compare: an apply before it must stay before it.
    mixed = [apply(5), Command("set_compare", SMALL.replace(**{"network.depth": 5, "network.activation": "relu"})),
             apply(6)]
    assert coalesce(mixed) == mixed


COMMAND_SEQUENCES = st.lists(st.one_of(
    st.builds(lambda d, act: Command("apply_config", SMALL.replace(**{"network.depth": d, "network.activation": act})),
              st.integers(3, 5), st.sampled_from(["sigmoid", "relu", "tanh"])),
    st.builds(lambda cfg: Command("reset", cfg), st.none() | st.integers(3, 5).map(
        lambda d: SMALL.replace(**{"network.depth": d}))),
    st.builds(lambda cfg: Command("set_compare", cfg), st.none() | st.sampled_from(["relu", "tanh"]).map(
        lambda act: SMALL.replace(**{"network.activation": act}))),
    st.builds(lambda v: Command("set_speed", v), st.none() | st.sampled_from([2.0, 5.0])),
    st.builds(lambda h: Command("set_parts", {"histograms": h, "grid": True, "jacobians": False}), st.booleans()),
    st.sampled_from([Command("start"), Command("pause"), Command("step")]),
), max_size=14)


@settings(max_examples=60, deadline=None)
@given(COMMAND_SEQUENCES)
def test_coalesced_commands_leave_the_same_state_as_all_of_them(commands):
    one_by_one, _ = make_session()
    for command in commands:
        one_by_one.handle(command)
    batched, _ = make_session()
    batched.handle_all(list(commands))
    for session in (one_by_one, batched):
        assert session.commands_handled == len(commands)
    assert batched.config == one_by_one.config
    assert batched.config_b == one_by_one.config_b
    assert batched.pins == one_by_one.pins
    assert (batched.speed, batched.wanted_parts) == (one_by_one.speed, one_by_one.wanted_parts)
    compares = [c for c in commands if c.kind == "set_compare"]
    if len([c for c in coalesce(list(commands)) if c.kind == "set_compare"]) == len(compares):
        # (a skipped set_compare may skip a restart of both networks, and with it the pause that comes with one)
        assert batched.running == one_by_one.running
    steps = [c for c in commands if c.kind == "step"]
    if steps and not any(c.kind in ("apply_config", "reset", "set_compare") for c in commands):
        assert batched.step_count == one_by_one.step_count == len(steps)


def test_a_step_after_a_live_change_sees_it():
    session, _ = make_session()
    session.handle_all([apply(4, **{"network.activation": "relu"}), Command("step"),
                        apply(4, **{"network.activation": "tanh"}), apply(4, **{"network.activation": "elu"})])
    frame = session.mailbox.latest()
    assert frame.step == 1 and frame.config.network.activation == "elu"
    assert [(e.step, e.label) for e in frame.history.events] == [(0, "activation relu"), (1, "activation elu")]
    assert frame.commands_handled == 4


def test_190_queued_rebuilds_build_one_network_in_the_thread(qtbot, monkeypatch):
    """Holding the depth arrow from 10 to 200: the worker applies the newest only, and says it handled all."""
    worker = TrainingWorker(TrainingSession(SMALL))
    rebuilds = []
    real_reset = Trainer.reset
    monkeypatch.setattr(Trainer, "reset", lambda trainer, config=None: (rebuilds.append(config),
                                                                        real_reset(trainer, config))[1])
    for depth in range(11, 201):
        worker.apply_config(SMALL.replace(**{"network.depth": depth}))
    worker.step()
    assert worker.commands_sent == 191
    worker.start_thread()
    try:
        qtbot.waitUntil(lambda: worker.mailbox.latest() is not None
                        and worker.mailbox.latest().commands_handled == worker.commands_sent, timeout=10000)
        frame = worker.mailbox.latest()
        assert frame.snapshot.depth == 200 and frame.step == 1 and frame.generation == 1
        assert len(rebuilds) == 1
        assert [n.kind for n in worker.mailbox.take_notices()] == ["rebuilt"]
    finally:
        worker.stop()
        assert worker.join(timeout=5.0)


def test_every_plot_draws_a_placeholder_frame(qtbot):
    """The window may draw initial_frame's placeholder (NaN statistics, no parts) before the network exists."""
    import warnings

    from bpviz.ui.plots import PLOT_CLASSES
    from bpviz.ui.worker import placeholder_frame

    for activation in ("sigmoid", "prelu"):
        frame = placeholder_frame(ExperimentConfig().replace(**{"network.depth": 200, "network.width": 1024,
                                                                "network.activation": activation}))
        for cls in PLOT_CLASSES:
            plot = cls()
            qtbot.addWidget(plot)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # NaN statistics: "All-NaN slice encountered"
                plot.update(frame.history, frame.snapshot, None)


def test_a_costly_part_that_fails_is_reported_once_not_recomputed_forever(monkeypatch):
    """A part whose computation raises (a bug, an engine error) is owed no longer at that state: the worker loop
    posts one error instead of retrying it in a busy loop that starves the window."""
    from bpviz.ui.worker import run_guarded

    session, _ = make_session()
    session.handle(Command("step"))
    settle(session)
    real = session.trainer.snapshot

    def failing(*args, grid=False, **kwargs):
        if grid:
            raise ValueError("grid failed")
        return real(*args, grid=grid, **kwargs)

    monkeypatch.setattr(session.trainer, "snapshot", failing)
    session.handle(Command("step"))
    errors = [run_guarded(session, session.refresh_parts) for _ in range(5)]
    assert [type(error).__name__ for error in errors if error is not None] == ["ValueError"]
    assert session.pending_parts() == []
    assert [notice.kind for notice in session.mailbox.take_notices()].count("error") == 1
