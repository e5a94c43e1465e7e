"""The draw scheduler (bpviz.ui.frame_scheduler), without Qt and with a fake clock: which plots a tick draws, in
which order, within which budget and share of the time, and what it learns about each plot's cost."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from bpviz.ui.frame_scheduler import (
    DEFAULT_COST_SECONDS, DRAW_BUDGET_SECONDS, DRAW_CREDIT_CAP_SECONDS, FRAME_INTERVAL_MS, PRIMARY_PLOT,
    PROCESS_DRAW_SHARE, SLOW_MOTION_MAX, THREAD_FRAME_INTERVAL_MS, TRAINING_DRAW_SHARE, FrameScheduler, draw_share,
    frame_interval_ms, is_racing,
)

PLOTS = ("gradientFlowPlot", "lossPlot", "activationPlot", "jacobianPlot")


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += seconds


def everything_shows(_name: str) -> bool:
    return True


def run_tick(scheduler: FrameScheduler, clock: FakeClock, serial: int, costs: dict[str, float],
             share: float = 1.0, budget: float | None = DRAW_BUDGET_SECONDS,
             shows=everything_shows, names=PLOTS) -> list[str]:
    """One tick: draw what the plan says, each draw taking ``costs[name]`` seconds of the fake clock."""
    drawn = []
    for name in scheduler.plan(serial, names, shows, share, budget):
        started = clock()
        clock.tick(costs.get(name, 0.001))
        scheduler.record(name, serial, started)
        drawn.append(name)
    return drawn


@pytest.fixture
def clock():
    return FakeClock()


def test_the_module_imports_no_qt():
    code = textwrap.dedent("""
        import sys
        import bpviz.ui.frame_scheduler
        print(sorted(name for name in sys.modules if name.split(".")[0] in ("PySide6", "pyqtgraph", "shiboken6")))
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_intervals_racing_and_shares():
    assert frame_interval_ms("process") == FRAME_INTERVAL_MS == 16
    assert frame_interval_ms("thread") == THREAD_FRAME_INTERVAL_MS == 25
    assert is_racing(True, None) and is_racing(True, SLOW_MOTION_MAX + 1)
    assert not is_racing(True, SLOW_MOTION_MAX) and not is_racing(False, None)
    assert draw_share(False, False) == draw_share(False, True) == 1.0
    assert draw_share(True, True) == PROCESS_DRAW_SHARE and draw_share(True, False) == TRAINING_DRAW_SHARE
    assert TRAINING_DRAW_SHARE < PROCESS_DRAW_SHARE < 1.0


def test_without_a_budget_every_visible_plot_draws_and_a_drawn_frame_is_not_drawn_again(clock):
    scheduler = FrameScheduler(clock)
    hidden = {"jacobianPlot"}
    drawn = run_tick(scheduler, clock, 1, {name: 0.05 for name in PLOTS}, budget=None,
                     shows=lambda name: name not in hidden)
    assert sorted(drawn) == sorted(set(PLOTS) - hidden)           # a hidden plot costs nothing
    assert run_tick(scheduler, clock, 1, {}, budget=None) == ["jacobianPlot"]  # it draws once it shows
    assert run_tick(scheduler, clock, 1, {}, budget=None) == []   # frame 1 is on every plot
    assert sorted(run_tick(scheduler, clock, 2, {}, budget=None)) == sorted(PLOTS)
    assert scheduler.draw_counts == {name: 2 for name in PLOTS}
    assert scheduler.drawn_serial == {name: 2 for name in PLOTS}
    scheduler.forget_drawn()                                      # a new theme: the same frame draws again
    assert sorted(run_tick(scheduler, clock, 2, {}, budget=None)) == sorted(PLOTS)


def test_a_tick_stops_at_its_budget_and_leaves_the_rest_for_right_after_the_paint(clock):
    paint = {name: 0.8 * DRAW_BUDGET_SECONDS for name in PLOTS}   # each plot: most of a tick's budget
    scheduler = FrameScheduler(clock, paint_cost=paint)
    drawn = run_tick(scheduler, clock, 1, {name: 0.0 for name in PLOTS})
    assert len(drawn) == 1 and scheduler.left_over
    for _ in range(len(PLOTS) - 1):
        clock.tick(0.002)
        drawn += run_tick(scheduler, clock, 1, {name: 0.0 for name in PLOTS})
    assert sorted(drawn) == sorted(PLOTS) and not scheduler.left_over


def test_cheap_plots_share_one_tick_once_their_cost_is_known(clock):
    scheduler = FrameScheduler(clock, paint_cost={name: 0.001 for name in PLOTS})
    costs = {name: 0.0005 for name in PLOTS}
    assert len(run_tick(scheduler, clock, 1, costs)) == 1       # unmeasured, each is assumed to cost 5 ms
    run_tick(scheduler, clock, 1, costs, budget=None)
    clock.tick(0.016)
    drawn = run_tick(scheduler, clock, 2, costs)
    assert sorted(drawn) == sorted(PLOTS) and not scheduler.left_over


def test_the_longest_waiting_plot_goes_first_and_the_gradient_flow_plot_counts_four_times(clock):
    scheduler = FrameScheduler(clock)
    run_tick(scheduler, clock, 1, {}, budget=None, names=["lossPlot"])
    clock.tick(1.0)
    run_tick(scheduler, clock, 1, {}, budget=None, names=["activationPlot"])
    clock.tick(1.0)
    run_tick(scheduler, clock, 1, {}, budget=None, names=[PRIMARY_PLOT])
    clock.tick(0.6)
    # waits: loss 2.6 s, activation 1.6 s, gradient flow 0.6 s x 4 = 2.4 s, jacobian never drawn
    assert scheduler.due(2, PLOTS, everything_shows, clock()) == ["jacobianPlot", "lossPlot", PRIMARY_PLOT,
                                                                  "activationPlot"]


def test_while_training_races_drawing_uses_only_its_share_of_the_time(clock):
    costs = {name: 0.004 for name in PLOTS}
    scheduler = FrameScheduler(clock)
    serial = 0
    drawing = 0.0
    for _ in range(400):                                         # 10 s of 25 ms ticks, a new frame each
        serial += 1
        before = clock()
        run_tick(scheduler, clock, serial, costs, share=TRAINING_DRAW_SHARE)
        drawing += clock() - before
        assert scheduler.credit >= -max(costs.values())          # never far in debt
        clock.tick(0.025)
    elapsed = 400 * 0.025 + drawing
    assert drawing / elapsed == pytest.approx(TRAINING_DRAW_SHARE, rel=0.25)
    assert all(scheduler.draw_counts.get(name, 0) > 10 for name in PLOTS)  # every plot still gets its turn


def test_the_credit_is_capped_so_a_pause_does_not_buy_a_burst(clock):
    scheduler = FrameScheduler(clock, paint_cost={name: 0.009 for name in PLOTS})
    costs = {name: 0.0 for name in PLOTS}
    run_tick(scheduler, clock, 1, costs, budget=None)            # measured: 9 ms each
    clock.tick(60.0)                                             # a minute without drawing
    drawn = run_tick(scheduler, clock, 2, costs, share=TRAINING_DRAW_SHARE, budget=1.0)
    assert scheduler.credit <= DRAW_CREDIT_CAP_SECONDS
    assert len(drawn) == 3                                       # 0.03 s of credit: three plots of 9 ms ...
    assert run_tick(scheduler, clock, 2, costs, share=TRAINING_DRAW_SHARE, budget=1.0) == []  # ... then none


def test_costs_are_measured_smoothed_and_used_at_once(clock):
    paint = {"lossPlot": 0.002}
    scheduler = FrameScheduler(clock, paint_cost=paint)
    assert scheduler.plot_cost("lossPlot") == pytest.approx(DEFAULT_COST_SECONDS + 0.002)
    run_tick(scheduler, clock, 1, {"lossPlot": 0.010}, budget=None, names=["lossPlot"])
    assert scheduler.plot_cost("lossPlot") == pytest.approx(0.012)
    run_tick(scheduler, clock, 2, {"lossPlot": 0.020}, budget=None, names=["lossPlot"])
    assert scheduler.update_cost["lossPlot"] == pytest.approx(0.010 + 0.3 * (0.020 - 0.010))
    paint["lossPlot"] = 0.004                                    # the paint meter's latest measurement counts
    assert scheduler.plot_cost("lossPlot") == pytest.approx(0.013 + 0.004)
    # the credit pays for what the draw really cost, not for the estimate made before it
    scheduler = FrameScheduler(clock)
    clock.tick(1.0)
    before = DRAW_CREDIT_CAP_SECONDS
    run_tick(scheduler, clock, 1, {"lossPlot": 0.020}, budget=DRAW_BUDGET_SECONDS, names=["lossPlot"])
    assert scheduler.credit == pytest.approx(before - 0.020)


def test_a_plot_far_slower_than_its_estimate_ends_the_tick(clock):
    """Costs learnt on cheap frames (a placeholder, a shallow network), then the first frame of a 200-layer network:
    the tick stops after the first plot that takes far longer than estimated, instead of drawing three more on the
    stale estimate (a 0.5 s stall at 100 x 1024, docs/benchmarks.md)."""
    scheduler = FrameScheduler(clock, paint_cost={name: 0.0005 for name in PLOTS})
    cheap = {name: 0.0005 for name in PLOTS}
    run_tick(scheduler, clock, 1, cheap, budget=None)
    clock.tick(0.016)
    assert len(run_tick(scheduler, clock, 2, cheap)) == len(PLOTS)    # cheap: one tick draws them all
    clock.tick(0.016)
    drawn = run_tick(scheduler, clock, 3, {name: 0.04 for name in PLOTS})   # 80 times the estimate
    assert len(drawn) == 1 and scheduler.left_over
