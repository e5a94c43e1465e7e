"""A costly part's plot says when what it shows is approximate or still being computed (issue 15, item 1)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from bpviz.config import ExperimentConfig
from bpviz.engine.telemetry import DecisionGrid, Jacobians
from bpviz.ui.frame_scheduler import COMING_NOTE_SECONDS, PART_PLOTS, FrameScheduler, part_condition
from bpviz.ui.worker import TrainingSession, placeholder_frame

SMALL = ExperimentConfig(name="small").replace(**{"network.depth": 4, "network.width": 8, "data.samples": 100})


def first_frame():
    session = TrainingSession(SMALL)
    session.publish(force=True)
    return session.mailbox.latest()


def with_parts(frame, status="fresh", grid=None, jacobians=None):
    parts = {}
    if grid is not None:
        parts["decision_grid"] = grid
    if jacobians is not None:
        parts["jacobians"] = jacobians
    snapshot = frame.snapshot.with_frame(**parts) if parts else frame.snapshot
    return dataclasses.replace(frame, snapshot=snapshot, part_status=dict.fromkeys(PART_PLOTS, status))


def rough_grid(progress=0.3):
    xs = np.linspace(-1, 1, 8)
    return DecisionGrid(xs, xs, np.full((8, 8), 0.5), exact=False, progress=progress)


def estimated_jacobians():
    return Jacobians(mean_singular_value=np.full(4, 0.5), running_product=0.5 ** np.arange(4, 0, -1),
                     rms_singular_value=np.full(4, 0.5), method="frobenius", estimated=True, samples=2,
                     rows_sampled=4)


def test_a_part_coming_is_said_only_once_it_takes_a_while():
    frame = with_parts(first_frame(), "coming")
    memory: dict = {}
    assert part_condition(frame, "jacobians", 10.0, memory) is None               # it usually comes in ms
    assert part_condition(frame, "jacobians", 10.0 + COMING_NOTE_SECONDS + 0.25, memory) == \
        ("coming", pytest.approx(COMING_NOTE_SECONDS + 0.25))
    fresh = with_parts(first_frame(), "fresh")
    assert part_condition(fresh, "jacobians", 11.0, memory) is None and memory == {}
    assert part_condition(frame, "jacobians", 12.0, memory) is None               # a new wait starts afresh


def test_a_placeholder_says_coming_at_once_and_approximations_are_named():
    placeholder = placeholder_frame(SMALL.replace(**{"network.depth": 200, "network.width": 1024}))
    assert part_condition(placeholder, "histograms", 0.0, {}) == ("coming", 0.0)
    assert part_condition(with_parts(first_frame(), grid=rough_grid(0.25)), "grid", 0.0, {}) == ("refining", 0.25)
    complete = with_parts(first_frame(), grid=rough_grid(1.0))
    assert part_condition(complete, "grid", 0.0, {}) is None                       # paused: all from this step
    assert part_condition(dataclasses.replace(complete, running=True), "grid", 0.0, {}) == ("refreshing", 1.0)
    assert part_condition(with_parts(first_frame(), jacobians=estimated_jacobians()), "jacobians", 0.0, {}) == \
        ("estimated", 1.0)
    exact = with_parts(first_frame())
    assert part_condition(exact, "grid", 0.0, {}) is None and part_condition(exact, "jacobians", 0.0, {}) is None


@pytest.fixture
def drawer(qtbot):
    """A FrameDrawer over the three costly parts' plots, shown, with a clock the test moves."""
    from PySide6.QtWidgets import QHBoxLayout, QWidget

    from bpviz.ui.frame_drawer import FrameDrawer
    from bpviz.ui.plots import PLOT_CLASSES

    classes = {cls.object_name: cls for cls in PLOT_CLASSES}
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QHBoxLayout(holder)
    plots = {}
    for name in PART_PLOTS.values():
        plots[name] = classes[name]()
        layout.addWidget(plots[name])
    holder.resize(1500, 400)
    holder.show()
    qtbot.waitExposed(holder)
    now = [100.0]
    drawer = FrameDrawer(plots, tick=lambda: None, scheduler=FrameScheduler(clock=lambda: now[0]), parent=holder)
    drawer.holder = holder  # keeps the plots alive as long as the drawer
    return drawer, now


def note(drawer, part):
    label = getattr(drawer.plots[PART_PLOTS[part]], "part_note", None)
    return label.text() if label is not None and not label.isHidden() else ""


def test_the_plots_say_computing_approximate_and_estimated(drawer):
    drawer, now = drawer
    coming = with_parts(first_frame(), "coming")
    drawer.draw(coming, None, 1.0)
    assert note(drawer, "jacobians") == ""                                  # not yet: it may come in ms
    now[0] += 1.0
    drawer.draw(coming, None, 1.0)                                          # the same frame, a later tick
    assert all(note(drawer, part).startswith("Computing") for part in PART_PLOTS)
    now[0] += 10.0
    drawer.draw(coming, None, 1.0)
    assert "may take a while" in note(drawer, "grid")
    rough = with_parts(first_frame(), "fresh", grid=rough_grid(0.3), jacobians=estimated_jacobians())
    rough = dataclasses.replace(rough, serial=rough.serial + 1)
    drawer.draw(rough, None, 1.0)
    assert note(drawer, "grid") == "Approximate: refining, 30 % of the points computed"
    assert note(drawer, "jacobians").startswith("Estimated: RMS singular values")
    assert note(drawer, "histograms") == ""
    exact = dataclasses.replace(with_parts(first_frame(), "fresh"), serial=rough.serial + 1)
    drawer.draw(exact, None, 1.0)
    assert all(note(drawer, part) == "" for part in PART_PLOTS)


def test_a_paused_session_goes_on_refining_a_partial_decision_grid(monkeypatch):
    """A network too large for its whole grid in one frame gets it coarse to fine: paused, the session keeps
    computing pieces until the picture is complete (it used to stop after the first piece, ~10 %), and the plot's
    note says how far it is meanwhile."""
    from bpviz.engine import telemetry
    from bpviz.ui.worker import Command

    monkeypatch.setattr(telemetry, "GRID_BUDGET", 2e6)     # a small network, refined as a 200 x 1024 one is
    session = TrainingSession(SMALL.replace(**{"network.depth": 3, "network.width": 64}))
    session.handle(Command("set_parts", {"histograms": False, "grid": True, "jacobians": False}))
    session.handle(Command("step"))
    progress = []
    for _ in range(200):
        if session.refresh_parts() is None:
            break
        frame = session.mailbox.latest()
        progress.append(frame.snapshot.decision_grid.progress)
        if progress[-1] < 1.0:
            assert part_condition(frame, "grid", 0.0, {}) == ("refining", progress[-1])
    assert len(progress) > 3 and progress[0] < 0.5 and progress[-1] == 1.0, progress
    assert progress == sorted(progress) and session.pending_parts() == []
    assert session.mailbox.latest().part_status["grid"] == "fresh"
