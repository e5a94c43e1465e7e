"""Which plot is drawn next, and how much drawing one tick may do: the window's draw scheduler, without Qt.

The window looks into the worker's mailbox every :func:`frame_interval_ms` (the worker publishes <= 30 Hz). A tick
draws the newest frame on the visible plots that have not drawn it yet, longest-waiting first (the gradient-flow
plot's wait counts PRIMARY_WEIGHT times, so it redraws most often), until it has used DRAW_BUDGET_SECONDS; the
rest follow right after Qt has painted those (:class:`bpviz.ui.frame_drawer.FrameDrawer` asks again
CONTINUE_AFTER_MS later), so the event loop never waits for every plot at once. While training runs at full speed,
drawing may use only a share of the time (:func:`draw_share`): a credit that refills with the clock, capped at
DRAW_CREDIT_CAP_SECONDS. A plot's cost is its measured update time plus its measured paint time.

Usage (what FrameDrawer does each tick)::

    for name in scheduler.plan(frame.serial, plot_names, shows_on_screen, share, budget):
        started = scheduler.clock()
        panel.update(...)                          # draw it
        scheduler.record(name, frame.serial, started)
    if scheduler.left_over: ...                    # plots still due: ask again right after the paint

Tested with a fake clock in tests/ui/test_frame_scheduler.py.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Mapping, MutableMapping

if TYPE_CHECKING:
    from bpviz.ui.worker import Frame

FRAME_INTERVAL_MS = 16          # ~60 Hz: how often the UI looks into the mailbox (the worker publishes <= 30 Hz;
#                                 polling faster keeps a frame from waiting long, and spreads a frame's plots over
#                                 two ticks)
THREAD_FRAME_INTERVAL_MS = 25   # 40 Hz when training shares this process (fewer wake-ups of the GIL)
DRAW_BUDGET_SECONDS = 0.008     # per tick (update + paint); plots left over are drawn on a later tick...
CONTINUE_AFTER_MS = 2           # ... this soon after this tick's plots have been painted
# Training in a thread (training="thread") shares the GIL with the plots: drawing may then use at most this share
# of the time (a credit that refills with the clock, capped), so a slow machine draws less often instead of
# training slower.
TRAINING_DRAW_SHARE = 0.12
# Training in its own process does not wait for our GIL; drawing still leaves a part of this core to the worker
# thread that receives frames, and to the rest of the desktop.
PROCESS_DRAW_SHARE = 0.75
DRAW_CREDIT_CAP_SECONDS = 0.03
SLOW_MOTION_MAX = 50            # steps/s: at this speed or slower, drawing is not rationed
PRIMARY_WEIGHT = 4.0            # the gradient-flow plot redraws about this many times as often as the others
PRIMARY_PLOT = "gradientFlowPlot"
DEFAULT_COST_SECONDS = 0.005    # a plot's assumed cost until it has been measured
COST_SMOOTHING = 0.3            # exponential average of measured update times
# The costly frame parts and the plot that draws each: the worker computes a part only while its plot shows.
PART_PLOTS = {"histograms": "gradientHistogramPlot", "grid": "decisionBoundaryPlot", "jacobians": "jacobianPlot"}
# A part "coming" for less than this is not announced: at ordinary sizes it arrives a few ms after the command's
# frame, and a "computing…" flashing at every Step would be noise.
COMING_NOTE_SECONDS = 0.4


def part_condition(frame: "Frame", part: str, now: float,
                   coming_since: MutableMapping[str, float]) -> tuple[str, float] | None:
    """What a costly part's plot should say about what it shows, or None (exact and current, or nothing to say).

    ``("coming", seconds)``: a fresh value has been on its way for ``seconds`` (at least COMING_NOTE_SECONDS; also
    a placeholder frame, before the network exists); ``("refining", progress)``: the decision grid is still being
    filled in, coarse to fine; ``("refreshing", 1.0)``: the grid is complete but, while training runs, refreshed a
    few points a frame; ``("estimated", 1.0)``: the Jacobians' factors are estimates (RMS singular values from sampled rows).
    ``coming_since`` (part -> time first seen coming) is the caller's memory between calls.
    """
    snapshots = [frame.snapshot] + ([frame.compare[1]] if frame.compare is not None else [])
    approximate = None
    if part == "grid":
        grids = [s.decision_grid for s in snapshots if s.decision_grid is not None and not s.decision_grid.exact]
        if grids:
            progress = min(grid.progress for grid in grids)
            if progress < 1.0:
                approximate = ("refining", progress)
            elif frame.running:  # complete, but its pieces come from the last few steps (paused: all from this one)
                approximate = ("refreshing", 1.0)
    if part == "jacobians":
        if any(s.jacobians is not None and s.jacobians.estimated for s in snapshots):
            approximate = ("estimated", 1.0)
    coming = frame.placeholder or frame.part_status.get(part) == "coming"
    if not coming:
        coming_since.pop(part, None)
    elif approximate is None or approximate[0] != "refining":  # refining says more than "computing"
        since = coming_since.setdefault(part, now)
        if now - since >= COMING_NOTE_SECONDS or frame.placeholder:
            return "coming", now - since
    return approximate


def frame_interval_ms(training_mode: str) -> int:
    """How often the window looks into the mailbox: ``"process"`` or ``"thread"`` training."""
    return FRAME_INTERVAL_MS if training_mode == "process" else THREAD_FRAME_INTERVAL_MS


def is_racing(running: bool, speed: float | None) -> bool:
    """Training fast enough to ration drawing. Paused or in slow motion the worker hardly needs the CPU (or our
    GIL): then every plot redraws every frame."""
    return running and (speed is None or speed > SLOW_MOTION_MAX)


def draw_share(racing: bool, in_process: bool) -> float:
    """The share of the time drawing may use: all of it unless training races, less if training shares our GIL."""
    if not racing:
        return 1.0
    return PROCESS_DRAW_SHARE if in_process else TRAINING_DRAW_SHARE


class FrameScheduler:
    """Decides which plots a tick draws, in which order, and remembers what each plot has drawn and what it cost.

    ``clock`` (seconds, monotonic) is ``time.perf_counter`` unless a test gives a fake one. ``paint_cost`` maps a
    plot's name to its measured paint time (the window's PaintMeter fills it); update times are measured here
    (:meth:`record`).
    """

    def __init__(self, clock: Callable[[], float] = time.perf_counter,
                 paint_cost: Mapping[str, float] | None = None) -> None:
        self.clock = clock
        self.paint_cost: Mapping[str, float] = paint_cost if paint_cost is not None else {}
        self.update_cost: dict[str, float] = {}
        self.drawn_serial: dict[str, int] = {}   # plot -> serial of the frame it shows
        self.drawn_at: dict[str, float] = {}     # plot -> clock() when it was drawn last
        self.draw_counts: dict[str, int] = {}    # plot -> redraws (the benchmark's per-plot rate)
        self.last_update: dict[str, float] = {}  # plot -> seconds its last update took (not smoothed)
        self.credit = DRAW_CREDIT_CAP_SECONDS    # seconds of drawing this tick may still use
        self.left_over = False                   # the last plan stopped at the budget with plots still due
        self._last_tick = clock()

    def plot_cost(self, name: str) -> float:
        """Seconds one redraw of a plot takes (update + paint), as measured lately."""
        return self.update_cost.get(name, DEFAULT_COST_SECONDS) + self.paint_cost.get(name, 0.0)

    def due(self, serial: int, names: Iterable[str], shows: Callable[[str], bool], now: float) -> list[str]:
        """The plots that show on screen and have not drawn frame ``serial``, longest-waiting first (the
        primary plot's wait weighted PRIMARY_WEIGHT times)."""
        due = [name for name in names if self.drawn_serial.get(name) != serial and shows(name)]
        due.sort(key=lambda name: -(now - self.drawn_at.get(name, 0.0)) * (PRIMARY_WEIGHT if name == PRIMARY_PLOT
                                                                            else 1.0))
        return due

    def plan(self, serial: int, names: Iterable[str], shows: Callable[[str], bool], share: float,
             budget: float | None) -> Iterator[str]:
        """The plots to draw now for frame ``serial``, one at a time: draw each (and :meth:`record` it) before
        asking for the next. ``budget`` None draws every due plot (an export, the first frame); otherwise the
        plan stops when the credit is used up (the rest wait for a later tick) or when the next plot would exceed
        ``budget`` seconds this tick (then :attr:`left_over` is set: the rest should follow right after the paint).
        """
        now = self.clock()
        self.credit = min(DRAW_CREDIT_CAP_SECONDS, self.credit + (now - self._last_tick) * share)
        self._last_tick = now
        self.left_over = False
        spent = 0.0
        for name in self.due(serial, names, shows, now):
            cost = self.plot_cost(name)
            if budget is not None and self.credit < min(cost, DRAW_CREDIT_CAP_SECONDS):
                return  # this tick's share of the time is used up: the rest wait for a later tick
            if budget is not None and spent > 0 and spent + cost > budget:
                self.left_over = True
                return
            yield name
            # What this draw really took counts when it exceeds the estimate: a plot measured on cheap frames (a
            # placeholder, a shallow network) may take 100x as long on the first frame of a 200-layer network,
            # and a tick must then stop after it instead of drawing the next ones on a stale estimate.
            spent += max(cost, self.last_update.get(name, 0.0) + self.paint_cost.get(name, 0.0))
            self.credit -= self.plot_cost(name)  # as measured by this very draw

    def record(self, name: str, serial: int, started: float) -> None:
        """Plot ``name`` has drawn frame ``serial``; its update began at ``started`` (a :attr:`clock` time)."""
        now = self.clock()
        elapsed = now - started
        self.last_update[name] = elapsed
        previous = self.update_cost.get(name)
        self.update_cost[name] = elapsed if previous is None else previous + COST_SMOOTHING * (elapsed - previous)
        self.drawn_serial[name] = serial
        self.drawn_at[name] = now
        self.draw_counts[name] = self.draw_counts.get(name, 0) + 1

    def forget_drawn(self) -> None:
        """Every plot draws the next frame again, also one it has drawn (a new theme, a new worker)."""
        self.drawn_serial.clear()
