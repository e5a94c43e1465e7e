"""The messages between the window's process and the training process (:mod:`bpviz.ui.training_process`), and
their encoding: shared by both ends, no Qt.

Both ends use one duplex :func:`multiprocessing.Pipe` (pickled objects):

* window -> child: :class:`~bpviz.ui.messages.Command` objects, coalesced (:func:`~bpviz.ui.messages.coalesce`)
  before they go into the pipe; a ``stop`` command is the last one the child reads;
* child -> window: ``(kind, payload)`` tuples: ``("ready", None)`` (the child runs; it then builds the network),
  ``("failed", reason)`` (it gave up, e.g. the network could not be built), ``("heartbeat", Heartbeat)`` (every
  HEARTBEAT_SECONDS), ``("frame", WireFrame)``, ``("notice", Notice)`` and ``("stopped", None)`` (its last message
  after a ``stop``).

A frame crosses the pipe as a :class:`WireFrame`: the snapshot plus only the *history rows added since the last
frame* (a depth-100 history is 8.6 MB; its new rows per frame are a few kB). :class:`HistorySender` (the child's
side) decides which rows to send; :class:`HistoryMirror` (the window's side) rebuilds the history from them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bpviz.engine.telemetry import History, HistoryView, Snapshot
from bpviz.ui.messages import Frame

HEARTBEAT_SECONDS = 0.5        # how often the child says what it is doing


# ---------------------------------------------------------------- history, sent in pieces

@dataclass(frozen=True)
class HistoryDelta:
    """The rows of one network's history that the receiving side does not have yet.

    ``token`` names the History object (a new one after every reset/rebuild); ``start`` is the first row sent.
    ``start == 0`` replaces everything the receiver had (a new history, or one that has just been decimated:
    decimation rewrites every row). Events are few and always sent whole.
    """

    token: int
    start: int
    stride: int
    steps: np.ndarray
    scalars: dict[str, np.ndarray]
    layers: dict[str, np.ndarray]
    events: tuple


class HistorySender:
    """The child's side: what it has sent of one network's history, and what to send next."""

    def __init__(self) -> None:
        self._history: History | None = None
        self._token = 0
        self._sent_rows = 0
        self._sent_stride = 0

    def delta(self, history: History, view: HistoryView) -> HistoryDelta:
        if history is not self._history or view.stride != self._sent_stride or len(view) < self._sent_rows:
            if history is not self._history:
                self._history = history
                self._token += 1
            start = 0
        else:
            start = self._sent_rows
        self._sent_rows = len(view)
        self._sent_stride = view.stride
        return HistoryDelta(
            token=self._token, start=start, stride=view.stride, steps=np.array(view.steps[start:]),
            scalars={name: np.array(array[start:]) for name, array in view.scalars.items()},
            layers={name: np.array(array[start:]) for name, array in view.layers.items()},
            events=view.events,
        )


class HistoryMirror:
    """The window's side: one network's history rebuilt from deltas. Views handed out never change afterwards
    (rows are only appended beyond them, and a replacement gets new arrays), as with :class:`History`."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.token = -1
        self.rows = 0
        self.stride = 1
        self.events: tuple = ()
        self._steps = np.zeros(0, dtype=np.int64)
        self._scalars: dict[str, np.ndarray] = {}
        self._layers: dict[str, np.ndarray] = {}

    def apply(self, delta: HistoryDelta) -> HistoryView:
        if delta.start == 0 or delta.token != self.token:
            if delta.start != 0:
                raise ValueError("history delta continues a history this side never had")
            size = max(self.capacity, len(delta.steps))
            self._steps = np.zeros(size, dtype=np.int64)
            self._scalars = {name: np.zeros(size, dtype=array.dtype) for name, array in delta.scalars.items()}
            self._layers = {name: np.zeros((size, array.shape[1]), dtype=array.dtype)
                            for name, array in delta.layers.items()}
            self.rows = 0
            self.token = delta.token
        elif delta.start != self.rows:
            raise ValueError(f"history delta starts at row {delta.start}, this side has {self.rows}")
        end = self.rows + len(delta.steps)
        if end > len(self._steps):  # cannot happen with the sender's capacity; grow rather than fail
            self._grow(max(end, 2 * len(self._steps)))
        self._steps[self.rows:end] = delta.steps
        for name, array in delta.scalars.items():
            self._scalars[name][self.rows:end] = array
        for name, array in delta.layers.items():
            self._layers[name][self.rows:end] = array
        self.rows = end
        self.stride = delta.stride
        self.events = delta.events
        return self.view()

    def _grow(self, size: int) -> None:
        def grown(array: np.ndarray) -> np.ndarray:
            fresh = np.zeros((size, *array.shape[1:]), dtype=array.dtype)
            fresh[:self.rows] = array[:self.rows]
            return fresh

        self._steps = grown(self._steps)
        self._scalars = {name: grown(array) for name, array in self._scalars.items()}
        self._layers = {name: grown(array) for name, array in self._layers.items()}

    def view(self) -> HistoryView:
        n = self.rows

        def read_only(array: np.ndarray) -> np.ndarray:
            part = array[:n]
            part.flags.writeable = False
            return part

        return HistoryView(steps=read_only(self._steps), scalars={k: read_only(v) for k, v in self._scalars.items()},
                           layers={k: read_only(v) for k, v in self._layers.items()}, events=self.events,
                           stride=self.stride)


@dataclass(frozen=True)
class WireFrame:
    """A Frame as it crosses the pipe: histories as deltas (``compare`` holds B's delta and snapshot)."""

    frame: Frame                       # with empty histories
    history: HistoryDelta
    compare: tuple[HistoryDelta, Snapshot] | None


# ---------------------------------------------------------------- what the child is doing

@dataclass(frozen=True)
class Heartbeat:
    """What the child's loop is doing, sent every HEARTBEAT_SECONDS by a thread beside it.

    ``activity``: "build" (making the first network), "idle" (waiting for a command or for slow motion's next step),
    "command" (handling commands: a rebuild may take seconds), "step" (a training step), "part" (the costly frame
    part named by ``detail``). ``elapsed``: seconds in it so far; ``expected``: how long the same activity (the same
    part) took the last time on this network (None: unknown).
    """

    activity: str
    elapsed: float
    expected: float | None
    step: int
    running: bool
    detail: str = ""
