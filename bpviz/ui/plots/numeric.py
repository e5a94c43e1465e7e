"""Numbers for the plots, without Qt: log10 values that never warn, tick texts, layer subsets, axis ranges that
only grow or that fit the data with hysteresis, and where labels go without overlapping. Tested on their own
(tests/ui/test_plot_numeric.py)."""

from __future__ import annotations

import math

import numpy as np


def finite_or_nan(values) -> np.ndarray:
    """A float64 copy with +-Inf turned into NaN, so a diverged value leaves a gap instead of a wild line."""
    array = np.array(values, dtype=np.float64, copy=True)
    array[~np.isfinite(array)] = np.nan
    return array


def log10_or_nan(values) -> np.ndarray:
    """log10 of each value; NaN where the value is 0, negative or not finite (nothing to draw there)."""
    array = finite_or_nan(values)
    out = np.full(array.shape, np.nan)
    positive = array > 0
    out[positive] = np.log10(array[positive])
    return out


def exponent_label(exponent: float) -> str:
    """Tick text for a log10 value: -40 -> "1e-40", 0 -> "1", 5 -> "1e+5"."""
    power = int(round(exponent))
    return "1" if power == 0 else f"1e{power:+d}"


def safe_log10(values, floor: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """log10 of magnitudes for drawing: ``(logs, clamped, not_finite)``.

    Zeros (a dead ReLU layer) and values below ``10**floor`` are clamped to ``floor`` and flagged ``clamped``;
    NaN/Inf (a diverged run) give NaN and are flagged ``not_finite``. Never warns or raises.
    """
    array = np.abs(np.asarray(values, dtype=np.float64).reshape(-1))
    not_finite = ~np.isfinite(array)
    with np.errstate(all="ignore"):
        logs = np.log10(np.where(not_finite | (array <= 0), 1.0, array))
    clamped = ~not_finite & ((array <= 0) | (logs < floor))
    logs = np.where(clamped, floor, logs)
    logs[not_finite] = np.nan
    return logs, clamped, not_finite


def format_sci(value: float, digits: int = 1) -> str:
    """A number as a student reads it on a log plot: ``3.2e-08``; NaN/Inf as ``NaN``/``Inf``."""
    if value != value:
        return "NaN"
    if math.isinf(value):
        return "Inf" if value > 0 else "-Inf"
    if value == 0:
        return "0"
    return f"{value:.{digits}e}"


def layer_subset(depth: int, limit: int, shown: int | None = None) -> np.ndarray:
    """All 0-based layer indices if depth <= limit, else ``shown`` (default: limit) evenly spaced ones,
    always including the first and the last layer."""
    if depth <= limit:
        return np.arange(depth)
    return np.unique(np.round(np.linspace(0, depth - 1, shown or limit)).astype(int))


def layer_ticks(depth: int, max_ticks: int = 14, offset: float = 0.0) -> list[tuple[float, str]]:
    """Ticks for 1-based layer numbers 1..depth (drawn at ``offset + layer``): every layer for shallow nets,
    otherwise a round step, always with the first and the last layer."""
    step = next((s for s in (1, 2, 5, 10, 20, 25, 50, 100) if depth / s <= max_ticks), 100)
    values = sorted({1, depth, *range(step, depth + 1, step)})
    if step > 1 and len(values) > 2 and values[-1] - values[-2] < step * 0.5:
        values.pop(-2)  # keep "depth" readable next to the last round tick
    return [(offset + v, str(v)) for v in values]


class WidenOnlyRange:
    """An axis range that only grows (so a plot does not jump every frame) until :meth:`reset`."""

    def __init__(self, minimum_span: float = 1.0) -> None:
        self.minimum_span = minimum_span
        self.low: float | None = None
        self.high: float | None = None

    def reset(self) -> None:
        self.low = self.high = None

    def include(self, low: float, high: float) -> bool:
        """Widen to cover [low, high] (non-finite bounds are ignored); returns whether the range changed."""
        if not (np.isfinite(low) and np.isfinite(high)):
            return False
        if self.low is None or self.high is None:
            if high - low < self.minimum_span:  # the first range is at least minimum_span wide
                middle = 0.5 * (low + high)
                low, high = middle - 0.5 * self.minimum_span, middle + 0.5 * self.minimum_span
        elif low >= self.low and high <= self.high:
            return False
        self.low = low if self.low is None else min(self.low, low)
        self.high = high if self.high is None else max(self.high, high)
        return True


def grown_extent(extent: tuple[float, float] | None, first: float, last: float,
                 growth: float = 0.25) -> tuple[float, float] | None:
    """The x extent a time axis should cover for steps ``first`` .. ``last``, or None while ``extent`` still fits.

    A new extent reaches ``growth`` (a fraction of the run) beyond the last step, so the axis moves a few times per
    doubling of the run instead of on every frame; it is replaced when the run starts elsewhere, outgrows it, or
    is much shorter than it (after a reset). Non-finite steps change nothing.
    """
    if not (math.isfinite(first) and math.isfinite(last)):
        return None
    span = max(last - first, 1.0)
    if (extent is None or first != extent[0] or last > extent[1]
            or span * (1.0 + growth) ** 2 < extent[1] - extent[0]):
        return (first, first + span * (1.0 + growth))
    return None


class DecadeRange:
    """A log10 axis range in whole decades that fits the data, with headroom, and does not jitter.

    :meth:`fit` takes the lowest and highest log10 value drawn this frame and returns the range to show. The range
    grows at once when a value comes within ``margin`` decades of its edge (or leaves it), to ``headroom`` whole
    decades beyond the data; it shrinks back to that fit only after the data have stayed at least ``slack`` decades
    inside both edges for ``patience`` frames in a row (hysteresis: a network whose gradient wobbles by a decade
    from step to step keeps its axis). ``always`` are values kept in view whatever the data (e.g. the vanishing and
    exploding thresholds); ``limits`` bound the range (float64 reaches 1e-324 and 1e+308). :meth:`reset` starts
    over (a new network).
    """

    def __init__(self, headroom: float = 1.0, margin: float = 0.25, slack: float = 2.0, patience: int = 45,
                 always: tuple[float, ...] = (), minimum_span: float = 2.0,
                 limits: tuple[float, float] = (-330.0, 310.0), default: tuple[float, float] = (-6.0, 3.0)) -> None:
        self.headroom = headroom
        self.margin = margin
        self.slack = slack
        self.patience = patience
        self.always = tuple(always)
        self.minimum_span = minimum_span
        self.limits = limits
        self.default = default
        self.low: float | None = None
        self.high: float | None = None
        self.inside_for = 0   # frames in a row the data have stayed well inside

    @property
    def range(self) -> tuple[float, float]:
        if self.low is None or self.high is None:
            return self.default
        return self.low, self.high

    def reset(self) -> None:
        self.low = self.high = None
        self.inside_for = 0

    def wanted(self, low: float, high: float) -> tuple[float, float]:
        """The snug range for data from ``low`` to ``high`` (log10): whole decades, ``headroom`` beyond them."""
        low = min([low, *self.always])
        high = max([high, *self.always])
        bottom = math.floor(low + 1e-9) - self.headroom
        top = math.ceil(high - 1e-9) + self.headroom
        if top - bottom < self.minimum_span:
            top = bottom + math.ceil(self.minimum_span)
        return float(max(self.limits[0], bottom)), float(min(self.limits[1], top))

    def fit(self, low: float, high: float) -> tuple[float, float]:
        """The range to show for this frame's data (non-finite bounds: no data, the range stays)."""
        if not (math.isfinite(low) and math.isfinite(high)):
            if self.low is None and self.always:
                self.low, self.high = self.wanted(min(self.always), max(self.always))
            return self.range
        low, high = min(low, high), max(low, high)
        want_low, want_high = self.wanted(low, high)
        if self.low is None or self.high is None:
            self.low, self.high = want_low, want_high
            self.inside_for = 0
            return self.range
        if low < self.low + self.margin or high > self.high - self.margin:
            # data at or past an edge: grow that side at once (never shrink the other on the same frame)
            self.low = min(self.low, want_low)
            self.high = max(self.high, want_high)
            self.inside_for = 0
            return self.range
        if want_low - self.low >= self.slack or self.high - want_high >= self.slack:
            self.inside_for += 1
            if self.inside_for >= self.patience:
                self.low, self.high = want_low, want_high
                self.inside_for = 0
        else:
            self.inside_for = 0
        return self.range


def finite_log_extent(*arrays) -> tuple[float, float]:
    """(lowest, highest) log10 of the finite, positive values in ``arrays``; (NaN, NaN) if there are none."""
    lowest, highest = math.inf, -math.inf
    for values in arrays:
        if values is None:
            continue
        array = np.asarray(values, dtype=np.float64).reshape(-1)
        positive = array[np.isfinite(array) & (array > 0)]
        if positive.size:
            lowest = min(lowest, float(positive.min()))
            highest = max(highest, float(positive.max()))
    if not math.isfinite(lowest):
        return float("nan"), float("nan")
    return math.log10(lowest), math.log10(highest)


def short_sci(value: float) -> str:
    """A bar's value in as few characters as a student reads it: 3.2e-08 -> "3e-8", 250 -> "3e+2", 0 -> "0"."""
    if value != value:
        return "NaN"
    if math.isinf(value):
        return "Inf" if value > 0 else "-Inf"
    if value == 0:
        return "0"
    mantissa, exponent = f"{value:.0e}".split("e")
    return f"{mantissa}e{int(exponent):+d}"


def place_labels(candidates, blocked=(), bounds=None, gap: float = 2.0,
                 bars: tuple | None = None, exempt: int | None = None) -> list[tuple[float, float] | None]:
    """Where to draw labels so that none overlaps another, a blocked area, a bar, or runs past ``bounds`` (never
    cut).

    ``candidates``: in priority order (the first is placed first), each ``(width, height, positions)`` where
    ``positions`` lists the (left, top) pixel positions the label may take, preferred first. ``blocked``: (left,
    top, right, bottom) rectangles no label may touch (e.g. a text box). ``bars``: (lefts, width, tops[, groups]) of
    bars standing on the bottom of the area (lefts sorted): a label may sit above a bar but not over its body,
    except the bars whose group (e.g. layer) is ``exempt`` (a word written inside its own empty column).
    ``bounds``: the (left, top, right, bottom) every label must stay inside. Returns, per candidate, the position
    chosen or None (left out: it would overlap or be cut). Pixels: y grows downwards. Greedy, so labels placed
    earlier always win; the bars are looked up by bisection, so a deep network's hundreds of bars cost little.
    """
    boxes = [tuple(map(float, rect)) for rect in blocked]
    taken: list[tuple[float, float, float, float]] = []
    if bars is not None:
        bar_lefts, bar_width, bar_tops = np.asarray(bars[0], dtype=np.float64), float(bars[1]), np.asarray(
            bars[2], dtype=np.float64)
        bar_groups = np.asarray(bars[3]) if len(bars) > 3 else None

    def touches(rect: tuple[float, float, float, float], other: tuple[float, float, float, float]) -> bool:
        return (rect[0] < other[2] + gap and other[0] < rect[2] + gap and rect[1] < other[3] + gap
                and other[1] < rect[3] + gap)

    chosen: list[tuple[float, float] | None] = []
    for width, height, positions in candidates:
        spot = None
        for left, top in positions:
            rect = (float(left), float(top), float(left) + width, float(top) + height)
            if bounds is not None and (rect[0] < bounds[0] or rect[1] < bounds[1] or rect[2] > bounds[2]
                                       or rect[3] > bounds[3]):
                continue
            if any(touches(rect, other) for other in boxes) or any(touches(rect, other) for other in taken):
                continue
            if bars is not None and len(bar_lefts):
                first = int(np.searchsorted(bar_lefts, rect[0] - gap - bar_width, side="right"))
                last = int(np.searchsorted(bar_lefts, rect[2] + gap, side="left"))
                hit = bar_tops[first:last] < rect[3] + gap
                if exempt is not None and bar_groups is not None:
                    hit &= bar_groups[first:last] != exempt
                if last > first and np.any(hit):
                    continue
            spot = (rect[0], rect[1])
            taken.append(rect)
            break
        chosen.append(spot)
    return chosen


def spread_order(count: int) -> list[int]:
    """Indices 0..count-1 in the order labels are given room when not all fit: the two ends first, then the
    middle, then the middles of the halves, ... so whatever is left out, the labels kept are spread evenly."""
    if count <= 0:
        return []
    order = [0] + ([count - 1] if count > 1 else [])
    seen = set(order)
    intervals = [(0, count - 1)]
    while intervals:
        next_intervals = []
        for low, high in intervals:
            if high - low < 2:
                continue
            middle = (low + high) // 2
            if middle not in seen:
                order.append(middle)
                seen.add(middle)
            next_intervals += [(low, middle), (middle, high)]
        intervals = next_intervals
    order += [i for i in range(count) if i not in seen]
    return order
