"""Animated GIF and APNG: frame count, timing, looping, size, exact pixels, cancel and progress; and the moments
of a recorded run that an animation shows."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PIL import Image, ImageSequence

from bpviz.animation import (
    AnimationCancelled, animation_format, centisecond_delays, frame_count_for, history_until, moment_snapshot,
    plan_moments, stats_at, write_animation, write_frames,
)
from bpviz.config import ExperimentConfig
from bpviz.engine.trainer import Trainer

WIDTH, HEIGHT = 96, 72


def plot_like_frames(count: int) -> list[np.ndarray]:
    """A white 'plot' with a growing red curve, a moving blue bar and a grey axis; frame 3 repeats frame 2."""
    frames = []
    for k in range(count):
        frame = np.full((HEIGHT, WIDTH, 3), 255, dtype=np.uint8)
        frame[HEIGHT - 8, :, :] = 120
        for x in range(min(WIDTH, 4 * k + 1)):
            frame[int(30 + 20 * math.sin(x / 9)), x] = (220, 40, 40)
        frame[10:20, (5 * k) % (WIDTH - 8):(5 * k) % (WIDTH - 8) + 8] = (30, 60, 200)
        frames.append(frame)
    if count > 3:
        frames[3] = frames[2].copy()
    return frames


def decoded(path) -> tuple[Image.Image, list[np.ndarray], list[float]]:
    image = Image.open(path)
    frames, durations = [], []
    for frame in ImageSequence.Iterator(image):
        frames.append(np.asarray(frame.convert("RGB")).copy())
        durations.append(frame.info.get("duration"))
    return image, frames, durations


@pytest.mark.parametrize("suffix, kind", [(".gif", "gif"), (".png", "apng"), (".apng", "apng")])
def test_frames_come_back_exactly_with_their_timing_and_looping_forever(tmp_path, suffix, kind):
    frames = plot_like_frames(12)
    result = write_frames(tmp_path / f"anim{suffix}", frames, fps=10)
    assert result.format == kind and result.frames == 12 and (result.width, result.height) == (WIDTH, HEIGHT)
    assert result.duration_s == pytest.approx(1.2) and result.size_bytes == result.path.stat().st_size
    image, back, durations = decoded(result.path)
    assert image.format == ("GIF" if kind == "gif" else "PNG")
    assert getattr(image, "n_frames", 1) == 12 and image.info.get("loop") == 0
    assert len(back) == 12
    for index, (want, got) in enumerate(zip(frames, back)):
        assert np.array_equal(want, got), f"frame {index}"  # few colours: the GIF palette holds them exactly
    assert durations == pytest.approx([100] * 12)


def test_apng_holds_an_exact_frame_delay_and_gif_keeps_the_total_exact(tmp_path):
    frames = plot_like_frames(9)
    _, _, durations = decoded(write_frames(tmp_path / "a.png", frames, fps=30).path)
    assert durations == pytest.approx([1000 / 30] * 9)
    gif = write_frames(tmp_path / "a.gif", frames, fps=30)
    _, _, durations = decoded(gif.path)
    assert set(durations) <= {30, 40} and sum(durations) == 300 and gif.duration_s == pytest.approx(0.3)
    assert centisecond_delays(3, 30) == [3, 4, 3]
    assert sum(centisecond_delays(200, 10)) == 2000


def test_a_number_of_plays_is_written(tmp_path):
    frames = plot_like_frames(3)
    assert Image.open(write_frames(tmp_path / "a.gif", frames, loop=2).path).info["loop"] == 2
    assert Image.open(write_frames(tmp_path / "a.png", frames, loop=2).path).info["loop"] == 2


def test_many_colours_keep_one_shared_palette_so_nothing_flickers(tmp_path):
    """A smooth colour ramp (more colours than a GIF holds) under a moving marker: the ramp's pixels, which never
    change, decode to the same colour in every frame."""
    ramp = np.zeros((HEIGHT, WIDTH, 3), dtype=np.uint8)
    ramp[:, :, 0] = np.linspace(0, 255, WIDTH, dtype=np.uint8)[None, :]
    ramp[:, :, 1] = np.linspace(0, 255, HEIGHT, dtype=np.uint8)[:, None]
    frames = []
    for k in range(10):
        frame = ramp.copy()
        frame[0:6, 6 * k:6 * k + 6] = 255
        frames.append(frame)
    _, back, _ = decoded(write_frames(tmp_path / "ramp.gif", frames).path)
    still = np.ones((HEIGHT, WIDTH), dtype=bool)
    still[0:6, :] = False
    for frame in back[1:]:
        assert np.array_equal(frame[still], back[0][still])
    error = np.abs(back[5].astype(int) - frames[5].astype(int)).max()
    assert error <= 24  # 255 colours for a 2-D ramp of 96 x 72 colours


def test_an_animation_of_unchanging_frames_is_tiny(tmp_path):
    still = plot_like_frames(1) * 50
    gif = write_frames(tmp_path / "still.gif", still)
    png = write_frames(tmp_path / "still.png", still)
    one = write_frames(tmp_path / "one.gif", still[:1])
    assert gif.size_bytes < one.size_bytes + 50 * 40 and png.size_bytes < 4000
    assert getattr(Image.open(gif.path), "n_frames", 1) == 50


def test_frames_are_rendered_on_demand_and_progress_is_reported(tmp_path):
    frames = plot_like_frames(20)
    asked, reported = [], []

    def render(index):
        asked.append(index)
        return frames[index]

    write_animation(tmp_path / "a.png", 20, render, progress=lambda done, total: reported.append((done, total)))
    assert asked == list(range(20))
    assert reported == [(done, 20) for done in range(1, 21)]
    asked.clear()
    reported.clear()
    write_animation(tmp_path / "a.gif", 20, render, progress=lambda done, total: reported.append((done, total)))
    assert sorted(set(asked)) == list(range(20)) and len(asked) == 20  # the palette's sample frames are kept
    assert reported[-20:] == [(done, 20) for done in range(1, 21)] and all(done == 0 for done, _ in reported[:-20])


@pytest.mark.parametrize("name", ["a.gif", "a.png"])
def test_cancel_stops_and_leaves_no_file_and_keeps_an_existing_one(tmp_path, name):
    frames = plot_like_frames(30)
    target = tmp_path / name
    with pytest.raises(AnimationCancelled):
        write_frames(target, frames, progress=lambda done, total: done < 5)
    assert list(tmp_path.iterdir()) == []
    target.write_bytes(b"the previous export")
    with pytest.raises(AnimationCancelled):
        write_frames(target, frames, progress=lambda done, total: False)
    assert target.read_bytes() == b"the previous export" and list(tmp_path.iterdir()) == [target]


def test_a_failing_render_leaves_no_file(tmp_path):
    def render(index):
        if index == 4:
            raise RuntimeError("the plot went away")
        return plot_like_frames(1)[0]

    with pytest.raises(RuntimeError, match="went away"):
        write_animation(tmp_path / "a.png", 10, render)
    assert list(tmp_path.iterdir()) == []


def test_bad_frames_and_settings_are_refused(tmp_path):
    good = plot_like_frames(2)
    with pytest.raises(ValueError, match="frame 1 is 10x8, but frame 0 is 96x72"):
        write_frames(tmp_path / "a.png", [good[0], np.zeros((8, 10, 3), np.uint8)])
    with pytest.raises(ValueError, match="uint8 RGB"):
        write_frames(tmp_path / "a.gif", [good[0].astype(np.float64)])
    with pytest.raises(ValueError, match="uint8 RGB"):
        write_frames(tmp_path / "a.gif", [good[0][:, :, 0]])
    with pytest.raises(ValueError, match=r"\.gif or \.png"):
        write_frames(tmp_path / "a.mp4", good)
    with pytest.raises(ValueError, match="fps"):
        write_frames(tmp_path / "a.gif", good, fps=0)
    with pytest.raises(ValueError, match="fps"):
        write_frames(tmp_path / "a.gif", good, fps=100)
    with pytest.raises(ValueError, match="frame_count"):
        write_frames(tmp_path / "a.gif", [])
    with pytest.raises(ValueError, match="loop"):
        write_frames(tmp_path / "a.gif", good, loop=-1)
    assert list(tmp_path.iterdir()) == []
    rgba = np.dstack([good[0], np.full((HEIGHT, WIDTH), 255, np.uint8)])
    _, back, _ = decoded(write_frames(tmp_path / "rgba.png", [rgba]).path)
    assert np.array_equal(back[0], good[0])  # an alpha channel is dropped
    assert animation_format("x.GIF") == "gif" and animation_format("x.png") == "apng"
    assert animation_format("x.anything", "gif") == "gif"


# ---------------------------------------------------------------- the moments of a recorded run

@pytest.fixture(scope="module")
def recorded():
    trainer = Trainer(ExperimentConfig().replace(**{"network.depth": 3}), history_capacity=64)
    trainer.run(40)
    trainer.apply_config(trainer.config.replace(**{"network.activation": "relu"}))
    trainer.run(160)  # 200 steps in at most 64 rows: the history is decimated
    return trainer


def test_moments_are_spaced_evenly_over_the_steps(recorded):
    history = recorded.history.view()
    assert history.stride > 1 and history.steps[-1] < 200  # decimated: the last step has no row of its own
    moments = plan_moments(history, duration_s=2.0, fps=10, last_step=recorded.step_count)
    assert len(moments) == 20 == frame_count_for(2.0, 10)
    assert [m.index for m in moments] == list(range(20))
    assert [m.time_s for m in moments] == pytest.approx([k / 10 for k in range(20)])
    first = int(history.steps[0])
    assert moments[0].step == first and moments[-1].step == 200
    for k, moment in enumerate(moments):
        assert moment.step == math.floor(first + k * (200 - first) / 19 + 1e-9)
        assert history.steps[moment.row] <= moment.step
        assert moment.row == len(history.steps) - 1 or history.steps[moment.row + 1] > moment.step
    default = plan_moments(history, 2.0, 10)
    assert default[-1].step == history.steps[-1]
    assert [m.step for m in plan_moments(history, 0.1, 10, last_step=200)] == [200]  # one frame: the finished run
    short = plan_moments(history_until(history, 5), 2.0, 10)  # fewer steps than frames: steps repeat
    assert len(short) == 20 and [m.step for m in short] == sorted(m.step for m in short)
    assert {m.step for m in short} == set(range(1, 6))


def test_moments_need_a_recorded_run_and_sane_settings(recorded):
    empty = Trainer(ExperimentConfig()).history.view()
    with pytest.raises(ValueError, match="no recorded step"):
        plan_moments(empty, 1.0, 10)
    with pytest.raises(ValueError, match="duration_s"):
        plan_moments(recorded.history.view(), 0.0, 10)
    with pytest.raises(ValueError, match="frames; at most"):
        frame_count_for(600.0, 50.0)


def test_history_until_and_stats_at_give_the_run_as_it_was(recorded):
    history = recorded.history.view()
    cut = history_until(history, 100)
    assert cut.steps[-1] <= 100 and len(cut) == int(np.sum(history.steps <= 100))
    assert all(len(values) == len(cut) for values in cut.scalars.values())
    assert all(values.shape == (len(cut), 3) for values in cut.layers.values())
    assert [e.step for e in cut.events] == [40] and len(history_until(history, 39).events) == 0
    stats = stats_at(history, 100)
    row = len(cut) - 1
    assert stats.step == cut.steps[row] and stats.loss == history.scalars["loss"][row]
    assert np.array_equal(stats.grad_norm, history.layers["grad_norm"][row]) and math.isnan(stats.output_grad_norm)
    with pytest.raises(ValueError, match="no step at or before 0"):
        stats_at(history, 0)


def test_moment_snapshot_shows_that_step_and_nothing_from_later(recorded):
    history = recorded.history.view()
    final = recorded.snapshot(histograms=True, grid=True, jacobians=True)
    assert final.decision_grid is not None and final.activation_histograms is not None
    early = moment_snapshot(final, history, 30)
    assert early.step <= 30 and early.events == () and early.divergence is None
    assert early.decision_grid is None and early.activation_histograms is None and early.jacobians is None
    assert early.depth == final.depth and early.train_points is final.train_points
    assert moment_snapshot(final, history, 200) is final
    later = moment_snapshot(final, history, 120)
    assert [e.step for e in later.events] == [40]


def test_a_diverged_run_shows_its_divergence_only_from_then_on():
    trainer = Trainer(ExperimentConfig().replace(**{"network.depth": 2, "network.activation": "tanh"}))
    trainer.run(10)
    trainer.network.parameters()["hidden.1.weight"][0, 0] = 1e200  # the next step diverges
    assert trainer.step() is None and trainer.divergence.step == 11
    history = trainer.history.view()
    final = trainer.snapshot()
    assert final.divergence is not None
    before = moment_snapshot(final, history, 5)
    assert before.divergence is None and all(event.kind != "diverged" for event in before.events)
    at = moment_snapshot(final, history, 11)
    assert at.divergence == trainer.divergence and [e.kind for e in at.events] == ["diverged"]


def test_a_palette_padded_to_256_colours_never_yields_the_transparent_index():
    """Older Pillow pads a quantized palette to 256 entries, and black (the padding) then wins index 255, which the
    GIF writer reserves for "unchanged". Such pixels get the nearest of the 255 real colours instead."""
    from PIL import Image

    from bpviz.animation import GIF_TRANSPARENT, _gif_indices

    colors = np.array([[255, 255, 255], [200, 30, 30]] + [[250, 250, 250]] * 253, dtype=np.uint8)
    padded = Image.new("P", (1, 1))
    padded.putpalette(bytes(colors.reshape(-1)) + bytes(3))  # 256 entries, the last one black
    rgb = np.zeros((4, 4, 3), dtype=np.uint8)  # black: nearest real colour is the red one
    rgb[0, 0] = (255, 255, 255)
    indexed = _gif_indices(rgb, padded, colors.astype(np.int32))
    assert indexed.max() < GIF_TRANSPARENT
    assert indexed[0, 0] != 1 and np.all(indexed.reshape(-1)[1:] == 1)  # white: a near-white entry


def test_the_bundle_self_check_writes_and_reads_back_both_formats(tmp_path):
    from bpviz.animation import self_check

    summary = self_check(tmp_path)
    assert summary.startswith("GIF 3 frames") and "APNG 3 frames" in summary and "Pillow" in summary
    assert sorted(path.name for path in tmp_path.iterdir()) == ["self-check.gif", "self-check.png"]


def noisy_stripes(count: int, seed: int = 0) -> list[np.ndarray]:
    """A heatmap-like picture whose columns flicker a little every frame (as a resampled heatmap does), with a
    black bar that moves by more than any tolerance."""
    rng = np.random.default_rng(seed)
    base = np.linspace(40, 200, WIDTH).astype(np.int16)
    frames = []
    for k in range(count):
        row = np.clip(base + rng.integers(-10, 11, WIDTH), 0, 255)
        frame = np.repeat(np.repeat(row[None, :, None], HEIGHT, axis=0), 3, axis=2).astype(np.uint8)
        frame[30:40, 4 * k:4 * k + 6] = 0
        frames.append(frame)
    return frames


def test_a_gif_tolerance_keeps_close_colours_and_bounds_the_error(tmp_path):
    frames = noisy_stripes(12)
    exact = write_frames(tmp_path / "exact.gif", frames, tolerance=0)
    lossy = write_frames(tmp_path / "lossy.gif", frames, tolerance=24)
    assert lossy.size_bytes < 0.6 * exact.size_bytes
    _, exact_back, _ = decoded(exact.path)
    _, lossy_back, _ = decoded(lossy.path)
    assert len(lossy_back) == len(frames)
    for shown, wanted in zip(lossy_back, exact_back):
        # never further from the exact GIF's picture than the tolerance, so an error cannot build up
        assert np.abs(shown.astype(int) - wanted.astype(int)).max() <= 24
    for k, shown in enumerate(lossy_back):  # what moves by more than the tolerance is always drawn
        assert (shown[30:40, 4 * k:4 * k + 6] == 0).all()
    with pytest.raises(ValueError, match="tolerance"):
        write_frames(tmp_path / "bad.gif", frames, tolerance=300)


def test_a_size_budget_raises_the_tolerance_only_when_the_gif_would_grow_past_it(tmp_path):
    frames = noisy_stripes(24)
    exact = write_frames(tmp_path / "exact.gif", frames)
    roomy = write_frames(tmp_path / "roomy.gif", frames, size_budget=100 * exact.size_bytes)
    assert roomy.tolerance_used == 0 and roomy.size_bytes == exact.size_bytes  # below the budget: exact
    _, back, _ = decoded(roomy.path)
    assert all(np.array_equal(a, b) for a, b in zip(back, decoded(exact.path)[1]))
    tight = write_frames(tmp_path / "tight.gif", frames, size_budget=exact.size_bytes // 2)
    assert tight.tolerance_used > 0 and tight.size_bytes < 0.75 * exact.size_bytes
    png = write_frames(tmp_path / "tight.png", frames, size_budget=10)  # APNG is always exact
    assert png.tolerance_used == 0
    with pytest.raises(ValueError, match="size_budget"):
        write_frames(tmp_path / "bad.gif", frames, size_budget=0)
