"""Animations for slides: animated GIF and APNG from RGB frames, and the moments of a recorded run to render.

No Qt here. Two halves:

**The moments** (:func:`plan_moments`): from a recorded :class:`~bpviz.engine.telemetry.HistoryView`, which
(step, history prefix) each frame of an animation of ``duration_s`` seconds at ``fps`` frames a second shows,
spaced evenly over the run's steps. :func:`history_until` cuts the history at a moment's step and
:func:`moment_snapshot` turns the run's final Snapshot into that moment's (its step's statistics and events). The
window and the CLI draw each moment with the real plots and hand the pixels to the writer, so an export never
repeats or slows the training.

**The writer** (:func:`write_animation`): ``frame_count`` frames, each an RGB ``uint8`` array (H, W, 3) that
``render(i)`` returns when asked (so a long animation of a big dashboard never sits in memory: only two frames
do), written as

* **GIF** (``.gif``): one palette of 255 colours shared by every frame, taken from a few frames spread over the
  animation (so a colour does not flicker between frames), no dithering (flat plot colours stay flat); each frame
  stores only the rectangle that changed, with unchanged pixels inside it transparent (they compress to almost
  nothing). GIF delays are whole centiseconds: each frame's delay is rounded so the total stays exact.
* **APNG** (``.png``/``.apng``): full 24-bit colour; each frame stores only the rectangle that changed, with an
  exact frame delay (a fraction of a second). Browsers, PowerPoint 365 and LibreOffice play it; a viewer that
  knows only PNG shows the first frame.

Both loop forever by default (``loop=0``). The file is written to a temporary name in the same folder and renamed
at the end, so a failed or cancelled export leaves no half file and never damages an existing one.
``progress(done, total)`` is called after each frame; returning ``False`` cancels (:class:`AnimationCancelled`).
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import struct
import tempfile
import time
import zlib
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from bpviz.engine.telemetry import HistoryView, Snapshot, StepStats

FORMATS = ("gif", "apng")
SUFFIX_FORMATS = {".gif": "gif", ".png": "apng", ".apng": "apng"}
FPS_RANGE = (1.0, 50.0)          # GIF cannot show frames shorter than 2 centiseconds
DURATION_RANGE = (0.1, 600.0)    # seconds
MAX_FRAMES = 10_000
PALETTE_SAMPLES = 8              # frames the GIF palette is taken from
GIF_COLORS = 255                 # + 1 index for "unchanged" (transparent)
GIF_TRANSPARENT = 255
# What the window and `bpviz run --animate` pass as write_animation's ``size_budget`` for a GIF: a GIF that would
# grow past it is written with a colour tolerance from then on (see write_animation), raised step by step
# (GIF_TOLERANCE_STEPS) as long as the file would still grow past it. Line plots stay far below it and stay exact;
# the 20-second gradient-heatmap GIF at 1000x560 (25 MB exact) ends near 6 MB (docs/benchmarks.md).
GIF_SIZE_BUDGET = 8_000_000
GIF_TOLERANCE_STEPS = (16, 24, 32, 40, 48, 64)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

ProgressCallback = Callable[[int, int], "bool | None"]


class AnimationCancelled(Exception):
    """The progress callback returned False: nothing was written."""


@dataclass(frozen=True)
class AnimationResult:
    path: Path
    format: str          # "gif" or "apng"
    frames: int
    duration_s: float    # total play time of one loop
    size_bytes: int
    width: int
    height: int
    seconds: float       # wall time the export took (rendering included)
    tolerance_used: int = 0  # GIF: the largest colour tolerance any frame was written with (0: exact)


# ---------------------------------------------------------------- the moments of a recorded run

@dataclass(frozen=True)
class Moment:
    """One frame of an animation: the run as it was after training step ``step``; ``row`` is the last history row
    recorded at or before it (a long run's history is decimated, so not every step has a row)."""

    index: int       # frame number, 0-based
    step: int        # the training step this frame shows
    row: int         # the last history row with step <= ``step``
    time_s: float    # when the frame appears in the animation


def frame_count_for(duration_s: float, fps: float) -> int:
    """round(duration x fps), at least 1; ValueError outside DURATION_RANGE / FPS_RANGE or above MAX_FRAMES."""
    _check_number("duration_s", duration_s, DURATION_RANGE)
    _check_number("fps", fps, FPS_RANGE)
    count = max(1, round(duration_s * fps))
    if count > MAX_FRAMES:
        raise ValueError(f"{duration_s:g} s at {fps:g} frames per second is {count} frames; at most {MAX_FRAMES}")
    return count


def plan_moments(history: HistoryView, duration_s: float, fps: float, last_step: int | None = None) -> list[Moment]:
    """The moments of an animation of ``duration_s`` seconds at ``fps`` frames a second, spaced evenly over the
    run's steps: frame k of n shows step floor(first + (last - first) * k / (n - 1)), from the first recorded step
    to ``last_step`` (the run's current step, i.e. the final Snapshot's; default: the last recorded step, which in
    a decimated history can be a few steps earlier). A single frame shows the last step. A run shorter than the
    animation repeats steps on consecutive frames (the writers store a repeated frame in a few bytes)."""
    count = frame_count_for(duration_s, fps)
    steps = np.asarray(history.steps)
    if len(steps) == 0:
        raise ValueError("the run has no recorded step yet: train first")
    first = int(steps[0])
    last = int(steps[-1]) if last_step is None else max(int(last_step), first)
    if count == 1:
        targets = np.array([last], dtype=np.int64)
    else:
        targets = np.floor(first + (last - first) * np.arange(count) / (count - 1) + 1e-9).astype(np.int64)
    rows = np.searchsorted(steps, targets, side="right") - 1
    return [Moment(index=k, step=int(step), row=int(row), time_s=k / fps)
            for k, (step, row) in enumerate(zip(targets, rows))]


def history_until(history: HistoryView, step: int) -> HistoryView:
    """The history as it was after ``step``: its rows with step <= ``step`` and the events up to it (read-only
    views, no copies). Works for network B of compare mode too (same steps, its own history)."""
    end = int(np.searchsorted(np.asarray(history.steps), step, side="right"))
    return HistoryView(
        steps=history.steps[:end],
        scalars={name: values[:end] for name, values in history.scalars.items()},
        layers={name: values[:end] for name, values in history.layers.items()},
        events=tuple(event for event in history.events if event.step <= step),
        stride=history.stride,
    )


def stats_at(history: HistoryView, step: int) -> StepStats:
    """The StepStats of the last recorded row at or before ``step`` (``output_grad_norm`` is not recorded in the
    history: it is NaN)."""
    steps = np.asarray(history.steps)
    row = int(np.searchsorted(steps, step, side="right")) - 1
    if row < 0:
        raise ValueError(f"no step at or before {step} is recorded")
    return StepStats(
        step=int(steps[row]),
        **{name: float(values[row]) for name, values in history.scalars.items()},
        **{name: np.array(values[row], dtype=np.float64) for name, values in history.layers.items()},
        output_grad_norm=math.nan,
    )


# The Snapshot fields that only hold for the moment the snapshot was taken (computed at display time, not recorded).
FRAME_ONLY_FIELDS = ("activation_histograms", "activation_edges", "signal_grad_histograms", "signal_grad_edges",
                     "decision_grid", "jacobians", "example_grid", "confusion")


def moment_snapshot(final: Snapshot, history: HistoryView, step: int) -> Snapshot:
    """What the plots draw for ``step`` of a finished recording: ``final`` (the run's last Snapshot) with that
    step's statistics, the events and divergence up to it. The fields computed only at display time
    (FRAME_ONLY_FIELDS: histograms, decision grid, Jacobians, example grid, confusion matrix) were not recorded for
    earlier steps: they are kept only for the final step and are None before it, so no plot shows the end of the
    run at its beginning."""
    if step >= final.step:
        return final
    changes = {name: None for name in FRAME_ONLY_FIELDS}
    divergence = final.divergence if final.divergence is not None and final.divergence.step <= step else None
    return replace(final, stats=stats_at(history, step), events=tuple(e for e in final.events if e.step <= step),
                   divergence=divergence, **changes)


# ---------------------------------------------------------------- checks

def _check_number(name: str, value, bounds: tuple[float, float]) -> float:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) or not math.isfinite(value) \
            or not low <= value <= high:
        raise ValueError(f"{name} = {value!r} must be a number from {low:g} to {high:g}")
    return float(value)


def animation_format(path: str | os.PathLike, format: str | None = None) -> str:
    """``gif`` or ``apng``: ``format`` if given, else from the file's suffix (.gif, .png, .apng)."""
    if format is not None:
        if format not in FORMATS:
            raise ValueError(f"format = {format!r}; choose one of: {', '.join(FORMATS)}")
        return format
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIX_FORMATS:
        raise ValueError(f"{Path(path).name}: an animation is saved as .gif or .png (APNG), "
                         f"not {suffix or 'no suffix'}")
    return SUFFIX_FORMATS[suffix]


def _frame(render: Callable[[int], np.ndarray], index: int, size: tuple[int, int] | None) -> np.ndarray:
    """Frame ``index`` as a contiguous (H, W, 3) uint8 array (an alpha channel is dropped); same size as frame 0."""
    frame = np.asarray(render(index))
    if frame.dtype != np.uint8 or frame.ndim != 3 or frame.shape[2] not in (3, 4) or 0 in frame.shape:
        raise ValueError(f"frame {index} must be an (H, W, 3) uint8 RGB array, got {frame.dtype} {frame.shape}")
    if frame.shape[2] == 4:
        frame = frame[:, :, :3]
    if size is not None and frame.shape[:2] != size:
        raise ValueError(f"frame {index} is {frame.shape[1]}x{frame.shape[0]}, but frame 0 is {size[1]}x{size[0]}; "
                         "every frame must have the same size")
    if frame.shape[0] > 65535 or frame.shape[1] > 65535:
        raise ValueError(f"frame {index} is {frame.shape[1]}x{frame.shape[0]}; GIF and APNG allow at most 65535")
    return np.ascontiguousarray(frame)


def _changed_box(previous: np.ndarray, current: np.ndarray) -> tuple[int, int, int, int] | None:
    """(top, bottom, left, right) of the pixels that differ (exclusive ends), or None if none does."""
    differs = previous != current
    if differs.ndim == 3:
        differs = differs.any(axis=2)
    rows = np.flatnonzero(differs.any(axis=1))
    if not len(rows):
        return None
    columns = np.flatnonzero(differs.any(axis=0))
    return int(rows[0]), int(rows[-1]) + 1, int(columns[0]), int(columns[-1]) + 1


def centisecond_delays(count: int, fps: float) -> list[int]:
    """Whole-centisecond GIF delays whose running sum stays within half a centisecond of k / fps."""
    ends = np.round(np.arange(1, count + 1) * 100.0 / fps).astype(np.int64)
    return np.diff(np.concatenate(([0], ends))).tolist()


# ---------------------------------------------------------------- the writer

def write_animation(path: str | os.PathLike, frame_count: int, render: Callable[[int], np.ndarray],
                    fps: float = 10.0, *, format: str | None = None, loop: int = 0,
                    progress: ProgressCallback | None = None, tolerance: int = 0,
                    size_budget: int | None = None) -> AnimationResult:
    """Write ``frame_count`` frames (``render(i)`` -> (H, W, 3) uint8 RGB) as an animated GIF or APNG.

    ``fps`` frames a second (1..50), ``loop`` 0 = forever (else that many plays), ``format`` ``gif``/``apng``
    (default: from the suffix). ``progress(done, total)`` after each frame (and during the GIF's palette
    sampling, with done = 0); returning False stops: AnimationCancelled, and no file is left behind.
    ``tolerance`` (GIF only; 0 = exact): a 4x4 square of pixels whose new colours all differ from the colours
    already on screen by at most this much in every channel (0..255) keeps what is on screen; a square with any
    larger change is redrawn whole. The error a viewer sees never exceeds it (it is measured against what is
    shown, so it cannot build up), and a plot whose picture shifts a little every frame (a heatmap whose columns
    are resampled as the run grows) compresses several times better.
    ``size_budget`` (GIF only; bytes, None = none): after each frame, if the file would end above 85 % of the
    budget at the size its frames after the first take so far, the tolerance is raised to the next of GIF_TOLERANCE_STEPS for the
    frames that follow. A GIF that stays below it is exact (with ``tolerance`` 0); ``tolerance_used`` in the
    result says the largest tolerance any frame was written with.
    """
    started = time.perf_counter()
    kind = animation_format(path, format)
    fps = _check_number("fps", fps, FPS_RANGE)
    if isinstance(frame_count, bool) or not isinstance(frame_count, (int, np.integer)) \
            or not 1 <= frame_count <= MAX_FRAMES:
        raise ValueError(f"frame_count = {frame_count!r} must be a whole number from 1 to {MAX_FRAMES}")
    if isinstance(loop, bool) or not isinstance(loop, (int, np.integer)) or not 0 <= loop <= 65535:
        raise ValueError(f"loop = {loop!r} must be 0 (forever) or a number of plays up to 65535")
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, np.integer)) or not 0 <= tolerance <= 255:
        raise ValueError(f"tolerance = {tolerance!r} must be a whole number from 0 to 255")
    if size_budget is not None and (isinstance(size_budget, bool) or not isinstance(size_budget, (int, np.integer))
                                    or size_budget <= 0):
        raise ValueError(f"size_budget = {size_budget!r} must be a positive number of bytes (or None)")
    frame_count, loop = int(frame_count), int(loop)
    path = Path(path)
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp's file is private (0600); a saved picture is not
        with os.fdopen(descriptor, "wb") as handle:
            if kind == "gif":
                width, height, used = _write_gif(handle, frame_count, render, fps, loop, progress, int(tolerance),
                                                 size_budget)
            else:
                width, height = _write_apng(handle, frame_count, render, fps, loop, progress)
                used = 0
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    duration = sum(centisecond_delays(frame_count, fps)) / 100.0 if kind == "gif" else frame_count / fps
    return AnimationResult(path=path, format=kind, frames=frame_count, duration_s=duration,
                           size_bytes=path.stat().st_size, width=width, height=height,
                           seconds=time.perf_counter() - started, tolerance_used=used)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_frames(path: str | os.PathLike, frames: Sequence[np.ndarray], fps: float = 10.0,
                 **options) -> AnimationResult:
    """:func:`write_animation` for frames already in memory."""
    return write_animation(path, len(frames), frames.__getitem__, fps, **options)


def _report(progress: ProgressCallback | None, done: int, total: int) -> None:
    if progress is not None and progress(done, total) is False:
        raise AnimationCancelled(f"cancelled after {done} of {total} frames")


# ---------------------------------------------------------------- GIF

def _gif_palette(samples: list[np.ndarray]):
    """A 'P' image whose palette of exactly GIF_COLORS (255) entries suits every sampled frame.

    The palette is set explicitly to 255 entries: a palette padded to 256 (as older Pillow returns) would let the
    quantizer pick index 255, the "unchanged" (transparent) index.
    """
    from PIL import Image

    stacked = Image.fromarray(np.concatenate(samples, axis=0))
    quantized = stacked.quantize(colors=GIF_COLORS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    colors = bytes(quantized.getpalette()[:3 * GIF_COLORS])
    colors += colors[-3:] * (GIF_COLORS - len(colors) // 3)  # fewer colours found: repeat the last one
    palette_image = Image.new("P", (1, 1))
    palette_image.putpalette(colors)
    return palette_image


def _gif_indices(rgb: np.ndarray, palette_image, colors: np.ndarray) -> np.ndarray:
    """Palette indices (0..254) of an RGB frame, without dithering."""
    from PIL import Image

    indexed = np.asarray(Image.fromarray(rgb).quantize(palette=palette_image, dither=Image.Dither.NONE))
    stray = indexed >= GIF_COLORS
    if stray.any():  # a Pillow that pads the palette anyway: nearest of the 255 colours, by hand
        indexed = indexed.copy()
        distance = ((rgb[stray][:, None, :].astype(np.int32) - colors[None, :, :]) ** 2).sum(axis=2)
        indexed[stray] = np.argmin(distance, axis=1)
    return indexed


def close_colours(colors: np.ndarray, tolerance: int) -> np.ndarray:
    """(n, n) bool: palette colours i and j differ by at most ``tolerance`` in every channel."""
    return (np.abs(colors[:, None, :] - colors[None, :, :]).max(axis=2) <= tolerance)


TOLERANCE_BLOCK = 4  # pixels: a block with any change beyond the tolerance is redrawn whole


def _keep_close_colours(previous: np.ndarray, indexed: np.ndarray, close: np.ndarray) -> np.ndarray:
    """``indexed`` where it matters, ``previous`` elsewhere: the frame is cut into TOLERANCE_BLOCK-pixel squares;
    a square in which some pixel changed beyond the tolerance (``close[previous, new]`` is False) takes the new
    frame's pixels, all of them (so text that changes never leaves faint anti-aliased ghosts behind); a square in
    which every change is within the tolerance keeps what is on screen."""
    visible = ~close[previous, indexed]
    height, width = indexed.shape
    block = TOLERANCE_BLOCK
    rows, columns = -(-height // block), -(-width // block)
    padded = np.zeros((rows * block, columns * block), dtype=bool)
    padded[:height, :width] = visible
    redraw = padded.reshape(rows, block, columns, block).any(axis=(1, 3))
    redraw = np.repeat(np.repeat(redraw, block, axis=0), block, axis=1)[:height, :width]
    return np.where(redraw, indexed, previous)


def _write_gif(handle, count: int, render, fps: float, loop: int, progress, tolerance: int = 0,
               size_budget: int | None = None) -> tuple[int, int, int]:
    from PIL import GifImagePlugin, Image

    sample_indices = sorted({round(i * (count - 1) / max(1, PALETTE_SAMPLES - 1)) for i in range(PALETTE_SAMPLES)})
    cached: dict[int, np.ndarray] = {}
    size = None
    for index in sample_indices:
        cached[index] = _frame(render, index, size)
        size = cached[index].shape[:2]
        _report(progress, 0, count)
    palette_image = _gif_palette([cached[i] for i in sample_indices])
    palette = bytes(palette_image.getpalette()[:3 * GIF_COLORS])
    colors = np.frombuffer(palette, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
    palette += bytes(3 * 256 - len(palette))  # index 255 (transparent) is black, never shown
    height, width = size
    close = close_colours(colors, tolerance) if tolerance else None
    used, first_end = 0, 0

    handle.write(b"GIF89a" + struct.pack("<HHBBB", width, height, 0xF7, 0, 0) + palette)
    handle.write(b"!\xff\x0bNETSCAPE2.0\x03\x01" + struct.pack("<H", loop) + b"\x00")
    delays = centisecond_delays(count, fps)
    previous = None
    for index in range(count):
        rgb = cached.pop(index) if index in cached else _frame(render, index, size)
        indexed = _gif_indices(rgb, palette_image, colors)
        if close is not None and previous is not None:
            indexed = _keep_close_colours(previous, indexed, close)
        params = {"duration": delays[index] * 10, "disposal": 1}
        if previous is None:
            top, left, region = 0, 0, indexed
        else:
            box = _changed_box(previous, indexed)
            if box is None:  # nothing changed: one transparent pixel carries the delay
                top, left, region = 0, 0, np.full((1, 1), GIF_TRANSPARENT, dtype=np.uint8)
            else:
                top, bottom, left, right = box
                region = indexed[top:bottom, left:right].copy()
                region[previous[top:bottom, left:right] == region] = GIF_TRANSPARENT
            params["transparency"] = GIF_TRANSPARENT
        image = Image.fromarray(region)  # 2-D uint8: an 'L' image of palette indices (the GIF has no local palette)
        for chunk in GifImagePlugin.getdata(image, offset=(left, top), **params):
            handle.write(chunk)
        previous = indexed
        if close is not None:
            used = max(used, tolerance)
        if index == 0:
            first_end = handle.tell()  # the header and the whole first frame; the others store what changed
        elif size_budget is not None and index + 1 < count:
            projected = first_end + (handle.tell() - first_end) / index * (count - 1)
            higher = [step for step in GIF_TOLERANCE_STEPS if step > tolerance]
            if projected > 0.85 * size_budget and higher:
                tolerance = higher[0]
                close = close_colours(colors, tolerance)
        _report(progress, index + 1, count)
    handle.write(b";")
    return width, height, used


# ---------------------------------------------------------------- APNG

def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _png_parts(rgb: np.ndarray) -> tuple[bytes, list[bytes]]:
    """(IHDR data, [IDAT data, ...]) of ``rgb`` encoded as a PNG by Pillow."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, format="PNG", compress_level=6)
    data = buffer.getvalue()
    position, header, idat = len(PNG_SIGNATURE), b"", []
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat.append(body)
        position += 12 + length
    return header, idat


def _apng_delay(fps: float) -> tuple[int, int]:
    delay = Fraction(1) / Fraction(fps).limit_denominator(1000)
    delay = delay.limit_denominator(65535)
    while delay.numerator > 65535:  # cannot happen for fps >= 1, kept for safety
        delay = Fraction(delay.numerator // 2, max(1, delay.denominator // 2))
    return delay.numerator, delay.denominator


def _write_apng(handle, count: int, render, fps: float, loop: int, progress) -> tuple[int, int]:
    delay_num, delay_den = _apng_delay(fps)
    sequence = 0
    previous = None
    size = None
    for index in range(count):
        rgb = _frame(render, index, size)
        if previous is None:
            size = rgb.shape[:2]
            box = (0, size[0], 0, size[1])
        else:
            box = _changed_box(previous, rgb) or (0, 1, 0, 1)  # unchanged: a 1-pixel frame carries the delay
        top, bottom, left, right = box
        header, idat = _png_parts(np.ascontiguousarray(rgb[top:bottom, left:right]))
        if previous is None:
            handle.write(PNG_SIGNATURE + _png_chunk(b"IHDR", header))
            handle.write(_png_chunk(b"acTL", struct.pack(">II", count, loop)))
        handle.write(_png_chunk(b"fcTL", struct.pack(">IIIIIHHBB", sequence, right - left, bottom - top, left, top,
                                                     delay_num, delay_den, 0, 0)))
        sequence += 1
        for data in idat:
            if previous is None:
                handle.write(_png_chunk(b"IDAT", data))
            else:
                handle.write(_png_chunk(b"fdAT", struct.pack(">I", sequence) + data))
                sequence += 1
        previous = rgb
        _report(progress, index + 1, count)
    handle.write(_png_chunk(b"IEND", b""))
    return size[1], size[0]


# ---------------------------------------------------------------- self-test

def self_check(folder: str | os.PathLike) -> str:
    """For ``bpviz --self-test`` (the classroom bundle): write a 3-frame GIF and APNG into ``folder``, read them
    back with Pillow and compare every pixel; return a one-line summary, raise RuntimeError on any difference."""
    import PIL
    from PIL import Image, ImageSequence

    frames = []
    for k in range(3):
        frame = np.full((24, 32, 3), 255, dtype=np.uint8)
        frame[4:12, 4 + 8 * k:12 + 8 * k] = (200, 40, 40)
        frames.append(frame)
    summary = []
    for name in ("self-check.gif", "self-check.png"):
        result = write_frames(Path(folder) / name, frames, fps=10)
        with Image.open(result.path) as image:
            back = [np.asarray(frame.convert("RGB")) for frame in ImageSequence.Iterator(image)]
        if len(back) != 3 or any(not np.array_equal(a, b) for a, b in zip(frames, back)):
            raise RuntimeError(f"{name}: the frames read back differ from those written")
        summary.append(f"{result.format.upper()} {result.frames} frames {result.size_bytes} B")
    return f"{', '.join(summary)} (Pillow {PIL.__version__})"
