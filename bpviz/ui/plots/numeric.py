"""Numbers for the plots, without Qt: log10 values that never warn, the floors of log axes, tick texts,
layer subsets and axis ranges that only grow. Tested on their own (tests/ui/test_plot_numeric.py)."""

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


#: Lowest decade a log axis shows by default, and the coarser floors it steps down to when the data go deeper,
#: so 1e-94 is drawn as 1e-94 (not clamped to 1e-45) while the axis still does not jitter from frame to frame.
LOG_FLOORS = (-45.0, -100.0, -200.0, -330.0)


def log_floor(min_log: float, floors: tuple[float, ...] = LOG_FLOORS) -> float:
    """The highest floor in ``floors`` at least half a decade below ``min_log`` (NaN: the first floor)."""
    if not math.isfinite(min_log):
        return floors[0]
    for floor in floors:
        if min_log >= floor + 0.5:
            return floor
    return floors[-1]


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
