"""Gradient heatmap: log10 ||dL/dW_i|| of every layer (y) at every recorded step (x): the flow over time.

The image is drawn in step units (``ImageItem.setRect``), so event markers and the x axis show real step numbers
even after the History has decimated. log10 of rows already seen is cached, so a frame costs one new row.

Colours: cividis (dark blue for small, yellow for large), ordered by lightness for every viewer, also with a
colour-vision deficiency. Its range fits the run in whole decades and changes with hysteresis
(:class:`~bpviz.ui.plots.numeric.DecadeRange`), so a run whose gradients all lie within a few decades shows its
contrast instead of one flat colour; the colour bar marks the vanishing (▼ 1e-5) and exploding (▲ 1e+2)
thresholds when they fall inside the range. A gradient of exactly 0 is drawn in the darkest colour, NaN/Inf not
at all.
"""

from __future__ import annotations

import math
import time

import numpy as np
from PySide6.QtCore import QCoreApplication, QRectF
from PySide6.QtGui import QColor

import pyqtgraph as pg

from bpviz.engine.telemetry import EXPLODING_ABOVE, VANISHING_BELOW, HistoryView, Snapshot
from bpviz.ui.plots.items import CornerText, EventMarkers
from bpviz.ui.plots.numeric import DecadeRange, exponent_label, layer_ticks
from bpviz.ui.plots.panel import PlotPanel
from bpviz.ui.plots.texts import stopped_text, watch_extra_axis
from bpviz.ui.plots.theme import Theme, font

# Qt's lupdate extracts translate("Context", "text") calls with a literal context
translate = QCoreApplication.translate
DEFAULT_LEVELS = (-12.0, 2.0)  # the colour range before any step: 1e-12 .. 1e+2
ZERO_LEVEL = -400.0            # where a gradient of exactly 0 goes: below every range, so the darkest colour
GAP = 1.5                      # empty rows between A (above) and B (below) in compare mode
LOG_VANISHING = math.log10(VANISHING_BELOW)
LOG_EXPLODING = math.log10(EXPLODING_ABOVE)
SHRINK_AFTER_FRAMES = 45
LEVELS_INTERVAL = 0.25  # seconds between two computations of the colour range (robust_extent)


def heatmap_colormap(theme: Theme) -> pg.ColorMap:
    """cividis: dark blue (small gradients) to yellow (large), monotonic in lightness for normal vision and every
    colour-vision deficiency (tests/ui/test_colour_vision.py), on light and dark backgrounds alike."""
    return pg.colormap.get("cividis")


def colorbar_ticks(low: float, high: float, max_labels: int = 8, clearance: float = 0.0) -> list[tuple[float, str]]:
    """Colour-bar ticks: whole decades from ``low`` to ``high`` at a round spacing (at most ``max_labels``), with the
    thresholds marked "▼ 1e-5" and "▲ 1e+2" when they are inside (the marks the gradient-flow plot uses); a decade
    label closer to a threshold than ``clearance`` decades (or half the spacing) gives way to it."""
    span = max(high - low, 1.0)

    def count(step: float) -> int:
        return math.floor(high / step + 1e-9) - math.ceil(low / step - 1e-9) + 1

    spacing = next((s for s in (1, 2, 5, 10, 20, 50, 100) if count(s) <= max_labels), 100)
    ticks = {float(v): exponent_label(v) for v in np.arange(math.ceil(low / spacing) * spacing, high + 1e-9, spacing)}
    near = max(clearance, 0.45 * spacing if spacing <= 2 else 0.0)
    for value, mark in ((LOG_VANISHING, "▼ "), (LOG_EXPLODING, "▲ ")):
        if low <= value <= high:
            for other in [v for v in ticks if abs(v - value) < max(near, 0.5) and v != value]:
                del ticks[other]
            ticks[value] = mark + exponent_label(value)
    return sorted(ticks.items())


def robust_extent(blocks: list[np.ndarray], sample_rows: int = 256, recent_rows: int = 16,
                  spread: float = 5.0) -> tuple[float, float]:
    """The range the heatmap's colours cover: the non-zero, finite log10 gradients in ``blocks`` (rows x layers)
    from their lowest to their highest, but no further than ``spread`` median absolute deviations (at least a
    decade each) from their median. A network that exploded to 1e+60 in the few steps before it diverged then
    leaves the other's whole run its contrast, while a run whose gradients spread evenly over 40 decades keeps
    them all. Of each block an even sample of at most ``sample_rows`` rows is used, plus its last
    ``recent_rows`` (what is happening now). NaNs if there are no values."""
    samples = []
    for logs in blocks:
        rows = len(logs)
        if rows == 0:
            continue
        stride = max(1, rows // sample_rows)
        samples += [logs[::stride].reshape(-1), logs[max(0, rows - recent_rows):].reshape(-1)]
    values = np.concatenate(samples) if samples else np.zeros(0)
    values = values[np.isfinite(values) & (values > ZERO_LEVEL)]
    if values.size == 0:
        return float("nan"), float("nan")
    median = float(np.median(values))
    deviation = max(1.0, float(np.median(np.abs(values - median))))
    low = max(float(values.min()), median - spread * deviation)
    high = min(float(values.max()), median + spread * deviation)
    return low, high


class LogRowCache:
    """log10 of a History layer metric, computed once per row.

    History rows are never changed in place (decimation builds new arrays), so while the view's rows come from
    the same base array, only the rows added since the last frame need a log10. Holding the base array keeps its
    identity meaningful (its memory cannot be reused by another History while we hold it).
    """

    def __init__(self) -> None:
        self._base: np.ndarray | None = None
        self._logs = np.zeros((0, 0))
        self.rows = 0
        self.full_recomputes = 0
        self.low = math.inf     # lowest and highest finite log10 of a non-zero gradient in the rows so far
        self.high = -math.inf

    def update(self, values: np.ndarray) -> np.ndarray:
        """(rows, depth) log10 magnitudes; 0 -> the lowest level, NaN/Inf -> NaN (drawn transparent)."""
        base = values.base if values.base is not None else values
        rows = values.shape[0]
        same = (base is self._base and rows >= self.rows and self._logs.shape[1:] == values.shape[1:]
                and self._logs.shape[0] >= rows)
        if not same:
            self._base = base
            capacity = max(rows, base.shape[0] if base.ndim == 2 else rows)
            self._logs = np.empty((capacity, values.shape[1]))
            self.rows = 0
            self.full_recomputes += 1
            self.low, self.high = math.inf, -math.inf
        if rows > self.rows:
            new = log10_levels(values[self.rows:rows])
            self._logs[self.rows:rows] = new
            drawn = new[np.isfinite(new) & (new > ZERO_LEVEL)]
            if drawn.size:
                self.low = min(self.low, float(drawn.min()))
                self.high = max(self.high, float(drawn.max()))
            self.rows = rows
        return self._logs[:rows]

    @property
    def logs(self) -> np.ndarray:
        """The rows cached so far (rows, depth)."""
        return self._logs[:self.rows]

    @property
    def extent(self) -> tuple[float, float]:
        """(lowest, highest) log10 of the non-zero, finite gradients cached; NaNs if none."""
        if self.low > self.high:
            return float("nan"), float("nan")
        return self.low, self.high


def log10_levels(values: np.ndarray) -> np.ndarray:
    """log10 |values| for the image: zeros below every level (ZERO_LEVEL), non-finite as NaN (transparent)."""
    array = np.abs(np.asarray(values, dtype=np.float64))
    with np.errstate(all="ignore"):
        logs = np.log10(array)
    logs[np.isneginf(logs)] = ZERO_LEVEL
    logs[~np.isfinite(logs)] = np.nan
    return logs


def step_rect(steps: np.ndarray, y0: float, depth: int) -> QRectF:
    """The image's rectangle in (step, layer) units: each row centred on its step, each layer on its number."""
    n = len(steps)
    spacing = float(steps[-1] - steps[0]) / (n - 1) if n > 1 else 1.0
    spacing = spacing if spacing > 0 else 1.0
    return QRectF(float(steps[0]) - 0.5 * spacing, y0, n * spacing, float(depth))


class GradientHeatmapPlot(PlotPanel):
    """Layer x step heatmap of log10 ||dL/dW||, with a colour bar and the live-change markers."""

    object_name = "gradientHeatmapPlot"

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.plot_item.setMouseEnabled(x=True, y=False)
        self.plot_item.hideButtons()
        self.image_a = pg.ImageItem(axisOrder="col-major")
        self.image_b = pg.ImageItem(axisOrder="col-major")
        for image in (self.image_a, self.image_b):
            image.setZValue(-10)
            self.plot_item.addItem(image)
        self.image_b.hide()
        self.cache_a = LogRowCache()
        self.cache_b = LogRowCache()
        self.fitted = DecadeRange(headroom=0.0, margin=0.0, slack=2.0, patience=SHRINK_AFTER_FRAMES,
                                  minimum_span=3.0, default=DEFAULT_LEVELS)
        self.levels = DEFAULT_LEVELS
        self._extent = (math.inf, -math.inf)   # the run's lowest and highest log10 gradient (not zero, finite)
        self._band: tuple[float, float] | None = None  # ... and the part of it the colours cover (robust_extent)
        self._band_at = -math.inf
        self.colorbar = pg.ColorBarItem(values=self.levels, colorMap=heatmap_colormap(self.theme), interactive=False,
                                        width=18, label="")
        self.colorbar.setImageItem([self.image_a, self.image_b], insert_in=self.plot_item)
        self.colorbar.axis.setTicks([colorbar_ticks(*self.levels)])
        watch_extra_axis(self.plot_item, self.colorbar.axis)  # its label fits its height, never cut off
        self.label_a = pg.TextItem(anchor=(0, 0))
        self.label_b = pg.TextItem(anchor=(0, 0))
        for label in (self.label_a, self.label_b):
            label.setZValue(60)
            self.plot_item.addItem(label, ignoreBounds=True)
        self.label_b.hide()
        self.empty_text = CornerText(self.plot_item, corner=(0, 0))
        self.events = EventMarkers(self.plot_item, obstacles=lambda: (self.label_a, self.label_b))
        self._layout_key: tuple = ()
        self._x_range: tuple[float, float] | None = None
        self._names = ("A", "B")
        self.plot_item.vb.sigResized.connect(self._fit_network_labels)
        self.plot_item.vb.sigResized.connect(self._relayout)
        self.apply_theme(self.theme)

    # ---- texts

    def title_text(self) -> str:
        return translate("GradientHeatmapPlot", "Gradient flow over time")

    def tab_text(self) -> str:
        return translate("GradientHeatmapPlot", "Flow over time")

    def caption_text(self) -> str:
        return translate("GradientHeatmapPlot", "Dark spreading from the input layers (bottom) = vanishing "
                                                "gradients; the colour bar marks ▼ 1e-5 and ▲ 1e+2; lines mark "
                                                "your changes.")

    def axis_texts(self) -> tuple[str, str]:
        return (translate("GradientHeatmapPlot", "training step"),
                translate("GradientHeatmapPlot", "layer (1 = input side, bottom)"))

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.colorbar.axis.setLabel(translate("GradientHeatmapPlot", "||dL/dW|| (log colour scale)"),
                                    color=self.theme.foreground, **{"font-size": f"{self.theme.font_points}pt"})
        self._set_network_labels()
        self.events.retranslate()
        self._set_empty_text()

    def _set_network_labels(self) -> None:
        """"A" and "B", and the step a diverged network stopped at (the other goes on)."""
        texts = [translate("GradientHeatmapPlot", "A"), translate("GradientHeatmapPlot", "B")]
        last = self._last
        if last is not None and last[2] is not None:
            notes = (stopped_text(last[1]), stopped_text(last[2][1]))
            texts = [translate("GradientHeatmapPlot", "%1: %2").replace("%1", text).replace("%2", note) if note
                     else text for text, note in zip(texts, notes)]
        for label, text in zip((self.label_a, self.label_b), texts):
            if label.toPlainText() != text:
                label.setText(text)
        self._names = tuple(texts)
        self._fit_network_labels()

    def _fit_network_labels(self, *_args) -> None:
        """"A: stopped at step 2 (diverged)" wraps inside the view instead of running under the colour bar."""
        available = max(60.0, self.plot_item.vb.width() - 12.0)
        for label in (self.label_a, self.label_b):
            label.setTextWidth(-1)
            if label.boundingRect().width() > available:
                label.setTextWidth(available)

    def _set_empty_text(self) -> None:
        empty = self._last is None or len(self._last[0]) == 0
        text = translate("GradientHeatmapPlot", "No steps recorded yet: press Train or Step.")
        lines = [(self.theme.foreground, text)] if empty else []
        self.empty_text.set_lines(lines, self.theme.font_points + 1)
        self.empty_text.setVisible(empty)

    # ---- theme

    def apply_theme(self, theme: Theme) -> None:
        super().apply_theme(theme)
        self.plot_item.showGrid(x=False, y=False)
        self.colorbar.setColorMap(heatmap_colormap(theme))
        axis = self.colorbar.axis
        axis.setPen(pg.mkPen(theme.foreground))
        axis.setTextPen(pg.mkPen(theme.foreground))
        axis.setTickFont(font(theme.font_points))
        axis.setWidth(None)
        axis.setStyle(autoExpandTextSpace=True)
        label_font = font(theme.title_points, bold=True)
        for label, color in ((self.label_a, theme.series_a), (self.label_b, theme.series_b)):
            label.setFont(label_font)
            label.setColor(QColor(color))
            label.fill = pg.mkBrush(QColor(theme.background))
            label.update()
        self.empty_text.set_box(theme)
        self.events.restyle()  # restyle the markers at the next update
        if not self.render_last():
            self._set_empty_text()

    # ---- data

    def new_run(self) -> None:
        """A new run: the colour range and the step axis start over (not the previous run's)."""
        self.fitted.reset()
        self._band = None
        self._extent = (math.inf, -math.inf)
        self._x_range = None

    def _render(self, history: HistoryView, snapshot: Snapshot,
                compare: tuple[HistoryView, Snapshot] | None) -> None:
        history_b = compare[0] if compare is not None else None
        depth_a = _depth(history, snapshot)
        depth_b = _depth(history_b, compare[1]) if compare is not None else 0
        y0_a = depth_b + GAP if compare is not None else 0.5
        logs_a = self._cached(self.cache_a, history)
        logs_b = self._cached(self.cache_b, history_b) if history_b is not None else None
        self._fit_levels([cache for cache, logs in ((self.cache_a, logs_a), (self.cache_b, logs_b))
                          if logs is not None])
        self._draw_image(self.image_a, logs_a, history, y0_a, depth_a)
        if history_b is not None:
            self._draw_image(self.image_b, logs_b, history_b, 0.5, depth_b)
        else:
            self.image_b.hide()
        self._set_layout(depth_a, depth_b, compare is not None)
        self._set_x_range(history, history_b)
        x_left = self._x_range[0] if self._x_range else 0.0
        self.label_a.setPos(x_left, y0_a + depth_a)
        self.label_b.setPos(x_left, 0.5 + depth_b)
        self._set_network_labels()
        self.events.update(history.events, history_b.events if history_b is not None else None)
        self._set_empty_text()

    @staticmethod
    def _cached(cache: LogRowCache, history: HistoryView) -> np.ndarray | None:
        values = history.layers.get("grad_norm")
        if values is None or len(history) == 0 or values.shape[1] == 0:
            return None
        return cache.update(values)

    def _fit_levels(self, caches: list[LogRowCache]) -> None:
        """The colour range: the run's gradients (both networks) as :func:`robust_extent` finds them, in whole
        decades, with hysteresis. Not simply the extremes: the few steps of a network that exploded to 1e+60
        before it diverged would otherwise squeeze the other one's whole run into one colour. What lies beyond
        the range takes its end colour, and the colour bar's end label says so ("≥ 1e+6")."""
        live = [cache for cache in caches if cache.rows]
        if not live:
            return
        extents = [cache.extent for cache in live]
        lows = [low for low, _high in extents if math.isfinite(low)]
        highs = [high for _low, high in extents if math.isfinite(high)]
        if not lows:
            return
        self._extent = (min(lows), max(highs))
        now = time.monotonic()
        # medians cost ~1 ms for a deep network's history: a few times a second is enough (hysteresis)
        if self._band is None or now - self._band_at >= LEVELS_INTERVAL or self.fitted.low is None:
            self._band = robust_extent([cache.logs for cache in live])
            self._band_at = now
        low, high = self._band if all(math.isfinite(v) for v in self._band) else self._extent
        levels = self.fitted.fit(low, high)
        if levels != self.levels:
            self.levels = levels
            self.colorbar.setLevels(levels)
        self._set_colorbar_ticks()

    def _draw_image(self, image: pg.ImageItem, logs: np.ndarray | None, history: HistoryView, y0: float,
                    depth: int) -> None:
        if logs is None:
            image.hide()
            return
        image.setImage(logs, levels=self.levels, autoLevels=False, autoDownsample=True)
        image.setRect(step_rect(history.steps, y0, depth))
        image.show()

    def _set_layout(self, depth_a: int, depth_b: int, compare: bool) -> None:
        fitting = self._tick_room()
        key = (depth_a, depth_b, compare, fitting)
        if key == self._layout_key:
            return
        self._layout_key = key
        self.label_b.setVisible(compare)
        self.label_a.setVisible(compare)
        if compare:
            # each network's share of the layer labels that fit the axis' height without touching
            rows = depth_a + depth_b + GAP
            ticks_b = max(2, min(5, int(fitting * depth_b / rows)))
            ticks_a = max(2, min(5, int(fitting * depth_a / rows)))
            below = layer_ticks(max(depth_b, 1), ticks_b)
            above = layer_ticks(max(depth_a, 1), ticks_a, offset=depth_b + GAP - 0.5)
            if (GAP + 1.0) * fitting < 1.5 * rows:  # B's top label and A's "1" would touch: A's "1" goes
                above = above[1:]
            ticks = below + above
            top = depth_b + GAP + depth_a
        else:
            ticks = layer_ticks(max(depth_a, 1), max(2, min(12, fitting)))
            top = depth_a + 0.5
        self.plot_item.getAxis("left").setTicks([ticks])
        self.plot_item.setYRange(0.5, max(top, 1.5), padding=0)

    def _tick_room(self) -> int:
        """How many layer labels fit the left axis' height, each a line and a half of its font apart."""
        from PySide6.QtGui import QFontMetricsF

        height = self.plot_item.vb.height()
        if height <= 0:
            return 12
        return max(2, int(height / (1.5 * QFontMetricsF(font(self.theme.font_points)).height())))

    def _relayout(self, *_args) -> None:
        """The view's height changed: as many layer labels (and colour-bar labels) as fit it now."""
        if self._last is not None and self._tick_room() != (self._layout_key[3] if self._layout_key else None):
            self._set_layout(*self._layout_key[:3])
        self._set_colorbar_ticks()

    def _set_colorbar_ticks(self) -> None:
        """Whole decades on the colour bar, as many as fit its height a line and a half apart; its ends say "≥"
        or "≤" when gradients lie beyond them (drawn in the end colour)."""
        from PySide6.QtGui import QFontMetricsF

        low, high = self.levels
        height = self.plot_item.vb.height()
        line = QFontMetricsF(font(self.theme.font_points)).height()
        clearance = 1.2 * line * (high - low) / height if height > 0 else 0.0
        ticks = colorbar_ticks(low, high, max_labels=max(2, self._tick_room()), clearance=clearance)
        beyond_low, beyond_high = self._extent[0] < low - 1e-9, self._extent[1] > high + 1e-9
        if ticks and (beyond_low or beyond_high):
            marked = dict(ticks)
            if beyond_high:
                marked[high] = "≥ " + exponent_label(high)
            if beyond_low:
                marked[low] = "≤ " + exponent_label(low)
            ticks = sorted(marked.items())
        if ticks != getattr(self, "_colorbar_ticks", None):
            self._colorbar_ticks = ticks
            self.colorbar.axis.setTicks([ticks])

    def _set_x_range(self, history: HistoryView, history_b: HistoryView | None) -> None:
        """Every recorded step of A and B (each network's own: a diverged one stops early); an empty run shows
        steps 0 .. 10, not the range of the run before it."""
        spans = [step_rect(h.steps, 0, 1) for h in (history, history_b) if h is not None and len(h)]
        if spans:
            x_range = (min(rect.left() for rect in spans), max(rect.right() for rect in spans))
        else:
            x_range = (0.0, 10.0)
        if self._x_range != x_range:
            self._x_range = x_range
            self.plot_item.setXRange(*x_range, padding=0)


def _depth(history: HistoryView | None, snapshot: Snapshot) -> int:
    if history is not None and "grad_norm" in history.layers and history.layers["grad_norm"].shape[1]:
        return int(history.layers["grad_norm"].shape[1])
    return int(snapshot.depth)
