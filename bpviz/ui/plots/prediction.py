"""The mean-field prediction drawn over the gradient-flow plot: ||dL/dh|| per layer as theory expects it at
initialization, before any training (:mod:`bpviz.engine.theory`).

The predicted norms come from the experiment's configuration (init scheme, gain, bias std, activation, depth,
width), which a Snapshot does not hold: the plot receives it through :meth:`PlotPanel.set_experiment`. The line is
anchored at the last hidden layer's ||dL/dh|| measured at initialization (the step-0 snapshot, or else the first
recorded step, whose gradient is also taken at the initial weights, unless a live change of the network came since),
so it shows the *shape* theory predicts over the measured line. It is drawn in log10 units throughout, so a depth-200 prediction of 1e-400 does not underflow.

Where the plain mean-field recursion does not hold (batch norm, layer norm, residual connections;
:func:`bpviz.engine.theory.not_applicable_reasons`) no line is drawn and the plot says why instead.

The line describes the untrained network: after training starts it stays where it was, as the reference the
measured line departs from. A checkable :attr:`PredictionOverlay.action` switches it on and off (the plot's
right-click menu and View; the window remembers the choice).
"""

from __future__ import annotations

import math
from collections import OrderedDict
from typing import Any

import numpy as np
import PySide6  # noqa: F401  (pyqtgraph must find PySide6 first)
from PySide6.QtCore import QCoreApplication, QObject, QSettings, Qt
from PySide6.QtGui import QAction

import pyqtgraph as pg

from bpviz.engine import theory
from bpviz.engine.telemetry import HistoryView, Snapshot
from bpviz.ui.plots.items import CornerText, lines_html
from bpviz.ui.plots.theme import Theme

# Qt's lupdate extracts translate("Context", "text") calls with a literal context
translate = QCoreApplication.translate

#: QSettings key under which the window remembers whether the prediction is shown
SETTINGS_KEY = "plots/showPrediction"
#: dash patterns (in pen widths): A's prediction in long dashes, B's in dash-dot, both unlike the measured lines
DASHES = {"A": [5.0, 3.0], "B": [5.0, 2.5, 1.0, 2.5]}
_CACHE_SIZE = 16


def reason_text(code: str) -> str:
    """A reason of :data:`bpviz.engine.theory.REASONS` in the UI language (English for an unknown code)."""
    texts = {
        "batchnorm": translate("PredictionOverlay", "batch normalization rescales every layer to unit variance, "
                                                    "which replaces the variance recursion"),
        "layernorm": translate("PredictionOverlay", "layer normalization rescales every example to unit variance, "
                                                    "which replaces the variance recursion"),
        "residual": translate("PredictionOverlay", "residual connections add an identity path, so the gradient is "
                                                   "not a product of plain layer factors"),
    }
    return texts.get(code, theory.REASONS.get(code, code))


def short_reason_text(code: str) -> str:
    """A reason of :data:`bpviz.engine.theory.REASONS` in two or three words, for a note in a small plot."""
    texts = {
        "batchnorm": translate("PredictionOverlay", "batch norm"),
        "layernorm": translate("PredictionOverlay", "layer norm"),
        "residual": translate("PredictionOverlay", "residual connections"),
    }
    return texts.get(code, code)


def input_second_moment(snapshot: Snapshot) -> float:
    """mean(X_train**2), the input's mean square that sets the first layer's q_0.

    For 2-D data the Snapshot holds the training points. Data that are not 2-D (digits, an imported table) are
    standardized by bpviz to mean 0 and variance 1, so their mean square is 1 (a constant column of a table,
    which standardizing leaves at 0, lowers it a little).
    """
    points = snapshot.train_points
    if points is not None and len(points[0]):
        value = float(np.mean(np.square(np.asarray(points[0], dtype=np.float64))))
        if math.isfinite(value):
            return value
    return 1.0


def _init_key(config: Any, snapshot: Snapshot) -> tuple:
    """What decides the network at initialization and the batch its step-0 gradient is measured on."""
    train = config.train
    return (config.network, config.data, train.seed, train.batch_size, train.dtype, snapshot.n_inputs)


class _BoundedCache(OrderedDict):
    """A small least-recently-used dict."""

    def put(self, key: Any, value: Any) -> None:
        self[key] = value
        self.move_to_end(key)
        while len(self) > _CACHE_SIZE:
            self.popitem(last=False)


class NoteText(CornerText):
    """A corner text that keeps to a share of the view's width (the other corner holds the first/last ratio).

    With ``keep_clear`` it also keeps off the other corner texts along the same edge of the view (the gradient-flow
    plot's first/last ratio, whose width the note cannot know in advance), and with a short text given
    (:meth:`set_lines_or_short`) it says that instead wherever the full one would take more than ``max_lines``
    lines: at a projector's size the full reasons ran over the bars and off the bottom of the plot.
    """

    share = 0.55
    keep_clear = False
    max_lines = 3
    min_room = 90.0  # pixels beside the other corner texts below which a kept-clear note is not shown at all

    def __init__(self, *args, **kwargs) -> None:
        self._full_html: str | None = None
        self._short_html: str | None = None
        self._clear_of: tuple | None = None
        super().__init__(*args, **kwargs)

    def set_html(self, html: str) -> None:
        self._full_html = self._short_html = None  # one text only
        super().set_html(html)

    def set_lines_or_short(self, lines: list[tuple], short_lines: list[tuple], points: int) -> None:
        """:meth:`set_lines` (not bold), or ``short_lines`` where ``lines`` would need more than ``max_lines``."""
        self._full_html, self._short_html = lines_html(lines, points, bold=False), lines_html(short_lines, points,
                                                                                             bold=False)
        self._fit_width()

    def available_width(self) -> float:
        """Pixels the note may take: its share of the view, less what the other corner texts on its edge take."""
        return max(80.0, self._room())

    def _room(self) -> float:
        width = self.view.rect().width()
        available = self.share * width - 2 * self.margin
        if self.keep_clear:
            taken = sum(other.boundingRect().width() + self.margin for other in self._others())
            available = min(available, width - taken - 2 * self.margin)
        return available

    @property
    def crowded(self) -> bool:
        """A kept-clear note with no room beside the other corner texts: hidden rather than drawn under them."""
        return self.keep_clear and self._room() < self.min_room

    def _others(self) -> list[CornerText]:
        """The visible corner texts at the other end of the same edge (top or bottom) of the view."""
        return [item for item in self.view.childItems()
                if isinstance(item, CornerText) and item is not self and item.isVisible()
                and item.toPlainText().strip() and item.corner[1] == self.corner[1]
                and item.corner[0] != self.corner[0]]

    def keep_clear_of_others(self) -> None:
        """Fit again when a corner text along the edge has changed its width (call it once a frame: cheap)."""
        clear_of = tuple(round(other.boundingRect().width()) for other in self._others())
        if clear_of != self._clear_of:
            self._fit_width()

    def lines_shown(self) -> int:
        """Lines of text the note takes, wrapped as it is."""
        document = self.textItem.document()
        return sum(max(1, document.findBlockByNumber(i).layout().lineCount()) for i in range(document.blockCount()))

    def _wrap(self, available: float) -> None:
        if self.textItem.textWidth() > 0:
            self.textItem.setTextWidth(-1)
        if self.textItem.boundingRect().width() > available:
            self.textItem.setTextWidth(available)

    def _fit_width(self) -> None:
        if self.keep_clear:
            self._clear_of = tuple(round(other.boundingRect().width()) for other in self._others())
        available = self.available_width()
        if self._short_html is not None and self._full_html is not None:
            for html in (self._full_html, self._short_html):
                if html != self._html:
                    self._html = html
                    self.setHtml(html)
                self._wrap(available)
                if self.lines_shown() <= self.max_lines:
                    break
        else:
            self._wrap(available)
        self.updateTextPos()
        if self.keep_clear and self._full_html is not None:
            self.setVisible(not self.crowded)


class PredictionOverlay(QObject):
    """The predicted ||dL/dh|| of network A (and B in compare mode) as dashed lines, or a note saying why not.

    Owned by the gradient-flow plot, which calls :meth:`set_experiment` before a frame, :meth:`draw` with the
    x positions of its series, :meth:`legend_names`, :meth:`style` and :meth:`retranslate`. The last drawn
    values are in :attr:`drawn` (network -> log10 norms, input side first), the note's lines in :attr:`notes`.
    """

    def __init__(self, plot_item: pg.PlotItem, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.plot_item = plot_item
        self.curves: dict[str, pg.PlotDataItem] = {}
        for network in ("A", "B"):
            curve = pg.PlotDataItem([], [], connect="finite")
            curve.setZValue(22)  # over the measured ||dL/dh|| line (20): the dashes stay visible on it
            curve.hide()
            plot_item.addItem(curve, ignoreBounds=True)
            self.curves[network] = curve
        # top left: the top right holds the first/last ratio
        self.note = NoteText(plot_item, corner=(0, 0))
        self.note.keep_clear = True
        self.note.hide()
        self.short_notes: list[str] = []
        self.action = QAction(self)
        self.action.setObjectName("showPredictionAction")
        self.action.setCheckable(True)
        self.action.setChecked(True)  # the plot redraws when it is toggled
        self.config: Any = None
        self.config_b: Any = None
        self.drawn: dict[str, np.ndarray] = {}
        self.notes: list[str] = []
        self._anchors = _BoundedCache()
        self._shapes = _BoundedCache()
        self._theme: Theme | None = None
        self._note_shown: tuple | None = None
        self.retranslate()

    # ---- switching and texts

    @property
    def enabled(self) -> bool:
        return self.action.isChecked()

    def retranslate(self) -> None:
        self.action.setText(translate("PredictionOverlay", "Show mean-field prediction"))
        self.action.setToolTip(translate(
            "PredictionOverlay", "Draw the ||dL/dh|| per layer that mean-field theory predicts for the untrained "
                                 "network, over the measured line."))
        self._note_shown = None  # the plot draws the notes again in the new language

    def legend_names(self, compare: bool) -> dict[str, str]:
        if compare:
            return {"A": translate("PredictionOverlay", "A: ||dL/dh|| predicted"),
                    "B": translate("PredictionOverlay", "B: ||dL/dh|| predicted")}
        return {"A": translate("PredictionOverlay", "||dL/dh|| predicted at init")}

    # ---- theme

    def style(self, theme: Theme) -> None:
        self._theme = theme
        for network, curve in self.curves.items():
            pen = pg.mkPen(theme.foreground, width=max(1.5, 0.75 * theme.line_width))  # the measured line shows
            pen.setStyle(Qt.PenStyle.CustomDashLine)
            pen.setDashPattern(DASHES[network])
            curve.setPen(pen)
        self.note.set_box(theme)
        self._note_shown = None
        self._set_note(theme)

    # ---- data

    def set_experiment(self, config: Any, config_b: Any = None) -> None:
        """The experiment (A) and compare mode's B the next frames come from (None: unknown, nothing drawn)."""
        self.config = config
        self.config_b = config_b

    def draw(self, history: HistoryView, snapshot: Snapshot, compare: tuple[HistoryView, Snapshot] | None,
             x_a: np.ndarray, x_b: np.ndarray | None, theme: Theme) -> None:
        """Draw A's prediction at ``x_a`` (and B's at ``x_b`` in compare mode), or the note saying why not."""
        self._theme = theme
        self.drawn = {}
        not_drawn: dict[str, tuple[str, ...]] = {}  # network -> why there is no prediction for it
        if self.enabled:
            runs = [("A", self.config, history, snapshot, x_a)]
            if compare is not None and x_b is not None:
                runs.append(("B", self.config_b, compare[0], compare[1], x_b))
            for network, config, run_history, run_snapshot, x in runs:
                reasons = self._draw_network(network, config, run_history, run_snapshot, x)
                if reasons:
                    not_drawn[network] = reasons
        for network, curve in self.curves.items():
            if network not in self.drawn and curve.isVisible():
                curve.setData([], [])
                curve.hide()
        self.notes, self.short_notes = note_lines(not_drawn, compare is not None)
        self._set_note(theme)
        if self.notes:
            self.note.keep_clear_of_others()

    def _draw_network(self, network: str, config: Any, history: HistoryView, snapshot: Snapshot,
                      x: np.ndarray) -> tuple[str, ...]:
        """Draw ``network``'s prediction, or return why there is none (codes of theory.REASONS)."""
        if config is None:
            return ()
        reasons = theory.not_applicable_reasons(config)
        if reasons:
            return tuple(reasons)
        logs = self.predicted_log10_norms(config, history, snapshot)
        if logs is None or len(logs) != len(x):
            return ()
        curve = self.curves[network]
        curve.setData(np.asarray(x, dtype=np.float64), logs)
        curve.show()
        self.drawn[network] = logs
        return ()

    def predicted_log10_norms(self, config: Any, history: HistoryView, snapshot: Snapshot) -> np.ndarray | None:
        """log10 of the predicted ||dL/dh|| per layer (input side first), anchored at the last hidden layer's
        measured value at initialization; None if no anchor is known (or the prediction does not apply)."""
        depth = int(config.network.depth)
        if len(snapshot.stats.signal_grad_norm) != depth:
            return None  # a frame from before a rebuild: its network is not this config's
        anchor = self._anchor(config, history, snapshot)
        if anchor is None:
            return None
        m = input_second_moment(snapshot)
        key = (config.network, int(snapshot.n_inputs), m)
        shape = self._shapes.get(key)
        if shape is None:
            try:
                shape = theory.predicted_log10_signal_norms(config.network, n_inputs=int(snapshot.n_inputs),
                                                            input_second_moment=m)
            except ValueError:  # PredictionNotApplicable included
                return None
            shape.flags.writeable = False
            self._shapes.put(key, shape)
        return shape + math.log10(anchor)

    def _anchor(self, config: Any, history: HistoryView, snapshot: Snapshot) -> float | None:
        """||dL/dh|| of the last hidden layer at initialization: the step-0 value (remembered for this network),
        else the first recorded step's (its gradient is taken at the initial weights too) unless a live change
        of the network (activation, residual, normalization, ...) came since: the untrained network with the
        settings of now was then never measured, and no line is drawn."""
        key = _init_key(config, snapshot)
        if snapshot.step == 0:
            value = float(snapshot.stats.signal_grad_norm[-1])
            if math.isfinite(value) and value > 0.0:
                self._anchors.put(key, value)
                return value
            return None
        value = self._anchors.get(key)
        if value is not None:
            return value
        if any(event.setting.startswith("network.") for event in history.events):
            return None
        signal = history.layers.get("signal_grad_norm")
        if len(history) and int(history.steps[0]) == 1 and signal is not None and signal.shape[1] == \
                len(snapshot.stats.signal_grad_norm):
            value = float(signal[0, -1])
            if math.isfinite(value) and value > 0.0:
                return value
        return None

    def _set_note(self, theme: Theme) -> None:
        shown = (tuple(self.notes), tuple(self.short_notes), theme)
        if shown == self._note_shown:
            return  # an unchanged text is not set again (that would relayout the item every frame)
        self._note_shown = shown
        if not self.notes:
            self.note.set_lines([], theme.font_points)
            self.note.hide()
            return
        points = max(8, theme.font_points - 1)  # as the axis note under the ratio: a side remark, not a number
        self.note.show()
        self.note.set_lines_or_short([(theme.foreground, line) for line in self.notes],
                                     [(theme.foreground, line) for line in self.short_notes], points)


def note_lines(not_drawn: dict[str, tuple[str, ...]], compare: bool) -> tuple[list[str], list[str]]:
    """The note's lines, full and short, for the networks without a prediction (network -> reason codes): one
    line per network, or one for both when A and B have the same reasons ("A, B: ...")."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for network, reasons in not_drawn.items():
        groups.setdefault(reasons, []).append(network)
    full = []
    short = [translate("PredictionOverlay", "no prediction:")] if groups else []  # then one short line a group
    for reasons, networks in groups.items():
        prefix = f"{', '.join(networks)}: " if compare else ""
        full.append(prefix + translate("PredictionOverlay", "no mean-field prediction: %1").replace(
            "%1", "; ".join(reason_text(code) for code in reasons)))
        short.append(prefix + ", ".join(short_reason_text(code) for code in reasons))
    return full, short


def set_legend_entries(legend: pg.LegendItem, entries: list[tuple[Any, str]]) -> None:
    """The legend shows exactly ``entries`` ((item, name) in this order); rebuilt only when they change."""
    shown = [(sample.item, label.text) for sample, label in legend.items]
    if len(shown) == len(entries) and all(item is want and text == name
                                          for (item, text), (want, name) in zip(shown, entries)):
        return
    legend.clear()
    for item, name in entries:
        legend.addItem(item, name)


def remember_choice(action: QAction, key: str = SETTINGS_KEY) -> None:
    """Check ``action`` as the user left it last time (QSettings ``key``; checked by default) and remember every
    change. The window calls this; a plot rendered by ``bpviz run`` keeps the default."""
    action.setChecked(QSettings().value(key, True, type=bool))
    action.toggled.connect(lambda checked: QSettings().setValue(key, bool(checked)))
