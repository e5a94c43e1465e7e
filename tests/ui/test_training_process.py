"""Training in a child process (bpviz/ui/training_process.py): history deltas, the real process, failures."""

from __future__ import annotations

import contextlib
import os
import signal
import time

import numpy as np
import pytest

from bpviz.config import ExperimentConfig
from bpviz.engine.telemetry import History, StepStats
from bpviz.engine.trainer import Trainer
from bpviz.ui.training_process import HistoryDelta, HistoryMirror, HistorySender, ProcessWorker, describe_exit
from bpviz.ui.worker import WORKER_THREAD_NAME, TrainingSession

SMALL = ExperimentConfig(name="small").replace(**{"network.depth": 4, "network.width": 8, "data.samples": 100})


def wait_for(condition, timeout: float = 30.0, what: str = "condition") -> None:
    """Poll without Qt (these tests need no event loop): the worker publishes from its own thread."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.005)


def assert_same_view(mirror_view, view) -> None:
    np.testing.assert_array_equal(mirror_view.steps, view.steps)
    assert mirror_view.stride == view.stride and mirror_view.events == view.events
    assert mirror_view.scalars.keys() == view.scalars.keys() and mirror_view.layers.keys() == view.layers.keys()
    for name in view.scalars:
        np.testing.assert_array_equal(mirror_view.scalars[name], view.scalars[name])
    for name in view.layers:
        np.testing.assert_array_equal(mirror_view.layers[name], view.layers[name])


# ---------------------------------------------------------------- history deltas (no process)

def _stats(step: int, depth: int, rng: np.random.Generator) -> StepStats:
    trainer_stats = Trainer(SMALL).snapshot().stats  # a real StepStats, then its numbers replaced
    fields = {}
    for name, value in vars(trainer_stats).items():
        if isinstance(value, np.ndarray):
            fields[name] = rng.random(depth)
        elif isinstance(value, float):
            fields[name] = float(rng.random())
        else:
            fields[name] = value
    fields["step"] = step
    return type(trainer_stats)(**fields)


def test_a_mirror_fed_deltas_equals_the_history_through_decimations_and_resets():
    rng = np.random.default_rng(0)
    depth = SMALL.network.depth
    template = [_stats(0, depth, rng) for _ in range(3)]
    sender, mirror = HistorySender(), HistoryMirror(capacity=8)
    sizes = []
    for generation in range(3):                  # a reset makes a new History object
        history = History(depth, capacity=8)
        for step in range(1, 70 + 13 * generation):
            stats = template[step % 3]
            history.append(type(stats)(**{**vars(stats), "step": step}))
            if step % (1 + generation) == 0:     # frames come after one step or several
                view = history.view()
                delta = sender.delta(history, view)
                sizes.append(len(delta.steps))
                assert_same_view(mirror.apply(delta), view)
        assert history.stride > 4                # it did decimate, several times
    assert min(sizes) <= 1 < max(sizes)          # mostly new rows only; whole histories after a decimation


def test_views_from_the_mirror_never_change_afterwards():
    rng = np.random.default_rng(1)
    history = History(SMALL.network.depth, capacity=8)
    sender, mirror = HistorySender(), HistoryMirror(capacity=8)
    history.append(_stats(1, SMALL.network.depth, rng))
    first = mirror.apply(sender.delta(history, history.view()))
    kept = first.scalars["loss"].copy()
    for step in range(2, 40):
        history.append(_stats(step, SMALL.network.depth, rng))
        mirror.apply(sender.delta(history, history.view()))
    np.testing.assert_array_equal(first.scalars["loss"], kept)
    with pytest.raises(ValueError):
        first.scalars["loss"][0] = 1.0           # read-only, like History's views


def test_a_delta_that_does_not_continue_the_mirror_is_refused():
    mirror = HistoryMirror(capacity=8)
    orphan = HistoryDelta(token=5, start=3, stride=1, steps=np.zeros(1, dtype=np.int64), scalars={}, layers={},
                          events=())
    with pytest.raises(ValueError, match="never had"):
        mirror.apply(orphan)


# ---------------------------------------------------------------- the real process

@pytest.fixture
def worker():
    session = TrainingSession(SMALL)
    session.publish(force=True)
    process_worker = ProcessWorker(SMALL, session.history_capacity, initial=session.mailbox.latest())
    process_worker.start_thread()
    yield process_worker
    process_worker.stop()
    assert process_worker.join(timeout=10)
    assert process_worker.process is None or process_worker.process.exitcode == 0


def test_the_process_trains_exactly_what_a_local_trainer_trains(worker):
    assert worker.thread.name == WORKER_THREAD_NAME
    assert worker.mailbox.latest().step == 0             # the initial frame, before the child has started
    for _ in range(25):
        worker.step()
    wait_for(lambda: worker.mailbox.latest().commands_handled == worker.commands_sent, what="25 steps")
    frame = worker.mailbox.latest()
    assert frame.step == 25 and not frame.running
    assert worker.process.is_alive() and worker.process.pid != os.getpid()
    local = Trainer(SMALL)
    local.run(25)
    assert_same_view(frame.history, local.history.view())
    np.testing.assert_array_equal(frame.snapshot.stats.grad_norm, local.snapshot().stats.grad_norm)


def test_the_process_runs_pauses_and_takes_live_changes(worker):
    worker.start()
    wait_for(lambda: worker.mailbox.latest().step > 50, what="50 steps")
    worker.apply_config(SMALL.replace(**{"network.activation": "relu"}))
    worker.pause()
    wait_for(lambda: worker.mailbox.latest().commands_handled == worker.commands_sent, what="pause")
    frame = worker.mailbox.latest()
    assert not frame.running and frame.config.network.activation == "relu"
    assert [(event.setting, event.kind) for event in frame.history.events] == [("network.activation", "change")]
    stopped_at = frame.step
    worker.step()
    wait_for(lambda: worker.mailbox.latest().step == stopped_at + 1, what="one more step")


def test_a_new_frame_has_a_new_serial(worker):
    serials = {worker.mailbox.latest().serial}
    for _ in range(3):
        worker.step()
        wait_for(lambda: worker.mailbox.latest().serial not in serials, what="a new frame")
        serials.add(worker.mailbox.latest().serial)
    assert len(serials) == 4


def test_a_dead_training_process_is_reported_not_hung_on():
    worker = ProcessWorker(SMALL)
    worker.start_thread()
    wait_for(lambda: worker.started.is_set(), what="the child to start")
    worker.process.kill()
    wait_for(lambda: worker.error is not None, what="the worker to notice")
    notices = worker.mailbox.take_notices()
    assert [notice.kind for notice in notices] == ["error"]
    assert "ended unexpectedly" in notices[0].detail
    assert "killed by signal 9 (SIGKILL)" in notices[0].detail   # not "exit code None"
    worker.step()                                        # commands to a dead child are dropped, not raised
    worker.stop()
    assert worker.join(timeout=10)


def test_exit_codes_and_signals_in_words():
    assert describe_exit(0) == "exit code 0" and describe_exit(3) == "exit code 3"
    assert describe_exit(-9) == "killed by signal 9 (SIGKILL)"
    assert describe_exit(-15) == "killed by signal 15 (SIGTERM)"
    assert describe_exit(None) == "still running"
    assert describe_exit(-200) == "killed by signal 200"


# ---------------------------------------------------------------- faults of the real child (issue 15)

posix_only = pytest.mark.skipif(os.name != "posix", reason="SIGSTOP/SIGCONT/SIGINT are POSIX")


def notices_of(worker, kinds: set[str], seen: list) -> list:
    seen.extend(worker.mailbox.take_notices())
    return [notice for notice in seen if notice.kind in kinds]


def ready_worker(config=SMALL) -> ProcessWorker:
    worker = ProcessWorker(config)
    worker.start_thread()
    wait_for(lambda: worker.started.is_set() and worker.mailbox.latest() is not None, what="the first frame")
    return worker


@posix_only
def test_closing_while_the_child_is_stopped_finishes_within_seconds():
    worker = ready_worker()
    worker.start()
    wait_for(lambda: worker.mailbox.latest().step > 5, what="training")
    pid = worker.process.pid
    os.kill(pid, signal.SIGSTOP)
    try:
        for depth in range(5, 40):                       # the window keeps sending while the child is stopped
            worker.apply_config(SMALL.replace(**{"network.depth": depth}))
            worker.step()
        started = time.monotonic()
        worker.stop()
        assert worker.join(timeout=5.0)
        elapsed = time.monotonic() - started
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGCONT)
    assert elapsed < 4.0, f"closing took {elapsed:.1f} s"
    assert not worker.is_alive() and not worker.process.is_alive()
    assert worker.process.exitcode == -signal.SIGKILL


@posix_only
def test_a_stalled_child_is_reported_then_resumes_or_is_restarted(monkeypatch):
    import bpviz.ui.training_process as training_process

    monkeypatch.setattr(training_process, "STALL_SILENCE_SECONDS", 1.0)
    worker = ready_worker()
    seen: list = []
    try:
        worker.start()
        wait_for(lambda: worker.mailbox.latest().step > 5, what="training")
        os.kill(worker.process.pid, signal.SIGSTOP)
        stopped_at = time.monotonic()
        wait_for(lambda: notices_of(worker, {"stalled"}, seen), timeout=10, what="a stalled notice")
        stall = notices_of(worker, {"stalled"}, seen)[0]
        assert time.monotonic() - stopped_at < 4.0
        assert "stopped" in stall.detail and stall.seconds >= 1.0 and worker.stalled
        os.kill(worker.process.pid, signal.SIGCONT)
        wait_for(lambda: notices_of(worker, {"resumed"}, seen), timeout=10, what="a resumed notice")
        assert not worker.stalled
        # Stalled again: the window offers a restart, and the user takes it.
        os.kill(worker.process.pid, signal.SIGSTOP)
        old = worker.process
        wait_for(lambda: len(notices_of(worker, {"stalled"}, seen)) == 2, timeout=10, what="a second stall")
        for _ in range(5):
            worker.step()                                   # sent to the stalled child: dropped by the restart
        worker.restart(SMALL.replace(**{"network.depth": 3}), SMALL.replace(**{"network.depth": 3,
                                                                               "network.activation": "relu"}))
        worker.step()                                       # sent after the restart: the new child makes it
        wait_for(lambda: notices_of(worker, {"restarted"}, seen), timeout=30, what="the new child")
        wait_for(lambda: worker.mailbox.latest().commands_handled == worker.commands_sent, what="the step")
        frame = worker.mailbox.latest()
        assert worker.process is not old and worker.process.is_alive() and not old.is_alive()
        assert frame.step == 1 and frame.snapshot.depth == 3 and frame.compare is not None
        assert frame.compare[1].activation == "relu" and not worker.stalled and worker.error is None
        assert [n.kind for n in seen if n.kind == "error"] == []   # a restart we asked for is not a crash
    finally:
        worker.stop()
        assert worker.join(timeout=5.0)


@posix_only
def test_the_child_ignores_ctrl_c_the_window_decides():
    """Ctrl+C in a terminal reaches the whole process group; the child must not die of it (and be restarted)."""
    worker = ready_worker()
    try:
        os.kill(worker.process.pid, signal.SIGINT)
        worker.step()
        wait_for(lambda: worker.mailbox.latest().commands_handled == worker.commands_sent, what="a step")
        assert worker.process.is_alive() and worker.error is None
        assert [n.kind for n in worker.mailbox.take_notices()] == []
    finally:
        worker.stop()
        assert worker.join(timeout=5.0)
    assert worker.process.exitcode == 0


@posix_only
def test_commands_piled_up_in_the_childs_pipe_are_coalesced_there():
    """The child drains its pipe before handling: 60 rebuilds that waited are one rebuild."""
    worker = ready_worker()
    seen: list = []
    try:
        os.kill(worker.process.pid, signal.SIGSTOP)
        try:
            for depth in range(5, 65):
                worker.apply_config(SMALL.replace(**{"network.depth": depth}))
                time.sleep(0.002)  # one command per batch: each goes into the pipe on its own
        finally:
            os.kill(worker.process.pid, signal.SIGCONT)
        worker.step()
        wait_for(lambda: worker.mailbox.latest().commands_handled == worker.commands_sent, what="every command")
        frame = worker.mailbox.latest()
        assert frame.snapshot.depth == 64 and frame.step == 1
        assert frame.generation <= 3          # one rebuild per batch the child found waiting, not 60
        assert len(notices_of(worker, {"rebuilt"}, seen)) == frame.generation
    finally:
        worker.stop()
        assert worker.join(timeout=5.0)


def test_the_childs_activity_remembers_what_each_step_and_part_took():
    from bpviz.ui.training_process import _Activity

    activity = _Activity()
    assert activity.heartbeat().activity == "build"
    activity.begin("step", "", generation=1)
    assert activity.heartbeat().expected is None            # the first step on this network
    activity.begin("part", "grid", generation=1)            # the step has ended
    activity.idle()
    activity.begin("step", "", generation=1)
    beat = activity.heartbeat()
    assert beat.activity == "step" and beat.expected is not None and beat.expected >= 0
    activity.begin("part", "jacobians", generation=1)       # another part: its own history (none yet)
    assert activity.heartbeat().expected is None and activity.heartbeat().detail == "jacobians"
    activity.begin("part", "grid", generation=2)            # a new network: nothing known
    assert activity.heartbeat().expected is None


def test_a_busy_child_with_heartbeats_is_a_stall_only_when_far_slower_than_usual():
    from bpviz.ui.training_process import STALL_BUSY_MIN_SECONDS, Heartbeat, _Link

    class Quiet:
        pid = None

    worker = ProcessWorker(SMALL)
    link = _Link(process=Quiet(), conn=None, handled_base=0, ready=True, last_message=time.monotonic())
    link.heartbeat = Heartbeat("step", elapsed=20.0, expected=2.5, step=7, running=True)
    worker._check_stall(link, time.monotonic())
    assert worker.mailbox.take_notices() == []     # 20 s for a step that took 2.5 s: slow, but heartbeats come
    link.heartbeat = Heartbeat("step", elapsed=STALL_BUSY_MIN_SECONDS + 1, expected=2.5, step=7, running=True)
    worker._check_stall(link, time.monotonic())
    [notice] = worker.mailbox.take_notices()
    assert notice.kind == "stalled" and "one training step" in notice.detail and "2.5 s" in notice.detail
    link.heartbeat = Heartbeat("idle", elapsed=100.0, expected=None, step=7, running=False)
    fresh = ProcessWorker(SMALL)
    link.last_message = time.monotonic() - 60
    fresh._check_stall(link, time.monotonic())     # paused, idle, nothing asked of it: silence is no stall
    assert fresh.mailbox.take_notices() == []


def test_what_the_child_process_imports_loads_no_qt():
    """The child imports bpviz.ui.training_process (its target) and what its arguments need: never Qt."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    probe = ("import json, sys; import bpviz.ui.training_process, bpviz.ui.worker, bpviz.config; "
             "print(json.dumps(sorted(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(root)})
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert "bpviz.ui.training_process" in loaded
    assert not [name for name in loaded if name.split(".")[0] in ("PySide6", "pyqtgraph", "shiboken6")]
