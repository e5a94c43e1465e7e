"""How long an animation export takes and how large the file is (issue 13: a 20-second animation of one plot at 1x
must export in under 30 s and be under 10 MB).

A run is trained headless (the default experiment: deep sigmoid on spirals, or ``--config``), recorded in its
History; then, for each plot named, the moments of a ``--seconds`` animation at ``--fps`` are planned
(:func:`bpviz.animation.plan_moments`), each moment is drawn by the real plot offscreen at ``--size`` and grabbed
as RGB pixels, and the frames are written as GIF and as APNG, exactly as File > Export animation and
``bpviz run --animate`` do it (bpviz.ui.animation_export, with the GIF tolerance): the whole export is timed, the
median of ``--rounds`` runs. ``--writer-only`` times drawing and the exact writer (tolerance 0) apart instead.

Run: ``QT_QPA_PLATFORM=offscreen python benchmarks/bench_animation.py`` (``--plots lossPlot gradientFlowPlot``,
``--steps 1000``, ``--seconds 20 --fps 10 --size 600 450 --rounds 3 --out /tmp/anim``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

import bpviz.ui  # noqa: E402,F401  (PySide6 before pyqtgraph)
from PySide6.QtCore import QCoreApplication, Qt  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from bpviz.animation import history_until, moment_snapshot, plan_moments, write_frames  # noqa: E402
from bpviz.config import ExperimentConfig  # noqa: E402
from bpviz.engine.trainer import Trainer  # noqa: E402


def grab_rgb(widget) -> np.ndarray:
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    width, height = image.width(), image.height()
    rows = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(height, image.bytesPerLine())
    return rows[:, :width * 3].reshape(height, width, 3).copy()


def render_frames(plot_name: str, trainer: Trainer, seconds: float, fps: float, size: tuple[int, int]):
    from bpviz.ui.plots import PLOT_CLASSES

    cls = next(cls for cls in PLOT_CLASSES if cls.object_name == plot_name)
    history = trainer.history.view()
    final = trainer.snapshot(histograms=True, grid=True, jacobians=True)
    panel = cls()
    panel.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    panel.resize(*size)
    panel.show()
    QCoreApplication.processEvents()
    frames = []
    try:
        for moment in plan_moments(history, seconds, fps, last_step=trainer.step_count):
            panel.update(history_until(history, moment.step), moment_snapshot(final, history, moment.step), None)
            QCoreApplication.processEvents()
            frames.append(grab_rgb(panel))
    finally:
        panel.close()
        panel.deleteLater()
        QCoreApplication.processEvents()
    return frames


def export_times(plot_name: str, trainer: Trainer, seconds: float, fps: float, size: tuple[int, int], out: Path,
                 rounds: int) -> dict:
    """What File > Export animation and `bpviz run --animate` do for one plot, timed end to end (drawing the
    moments and writing the file): the median of ``rounds`` exports per format."""
    from PySide6.QtCore import QRect

    from bpviz.ui.animation_export import AnimationOptions, export_animation

    run = (trainer.history.view(), trainer.snapshot(histograms=True, grid=True, jacobians=True))
    row = {"plot": plot_name, "width": size[0], "height": size[1]}
    for fmt, suffix in (("gif", "gif"), ("apng", "png")):
        times, result = [], None
        for _ in range(rounds):
            result = export_animation(out / f"{plot_name}.{suffix}", [(plot_name, QRect(0, 0, *size))], size, run,
                                      None, AnimationOptions(plot_name, seconds, fps, 1, fmt))
            times.append(result.seconds)
        row["frames"] = result.frames
        row[f"{suffix}_export_s"] = statistics.median(times)
        row[f"{suffix}_mb"] = result.size_bytes / 1e6
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plots", nargs="+", default=["lossPlot", "gradientFlowPlot", "gradientHeatmapPlot"])
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--fps", type=float, default=10.0)
    parser.add_argument("--size", type=int, nargs=2, default=(600, 450))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--config", type=Path, help="an experiment JSON (default: the default experiment)")
    parser.add_argument("--out", type=Path, help="keep the animations in this folder")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--writer-only", action="store_true",
                        help="time drawing and writing apart, with the writer's exact GIF (tolerance 0)")
    args = parser.parse_args(argv)

    QApplication.instance() or QApplication(["bench"])
    config = ExperimentConfig.load(args.config) if args.config else ExperimentConfig()
    trainer = Trainer(config)
    trainer.run(args.steps)
    out = args.out or Path(tempfile.mkdtemp(prefix="bpviz-anim-"))
    out.mkdir(parents=True, exist_ok=True)
    results = []
    for plot in args.plots:
        if not args.writer_only:
            row = export_times(plot, trainer, args.seconds, args.fps, tuple(args.size), out, args.rounds)
            results.append(row)
            print(f"{plot:22s} {row['frames']} frames {row['width']}x{row['height']}: "
                  f"GIF export {row['gif_export_s']:.1f} s, {row['gif_mb']:.2f} MB; "
                  f"APNG export {row['png_export_s']:.1f} s, {row['png_mb']:.2f} MB", flush=True)
            continue
        render_times, frames = [], None
        for _ in range(args.rounds):
            started = time.perf_counter()
            frames = render_frames(plot, trainer, args.seconds, args.fps, tuple(args.size))
            render_times.append(time.perf_counter() - started)
        row = {"plot": plot, "frames": len(frames), "width": frames[0].shape[1], "height": frames[0].shape[0],
               "render_s": statistics.median(render_times)}
        for suffix in ("gif", "png"):
            write_times, result = [], None
            for _ in range(args.rounds):
                result = write_frames(out / f"{plot}.{suffix}", frames, fps=args.fps)
                write_times.append(result.seconds)
            row[f"{suffix}_write_s"] = statistics.median(write_times)
            row[f"{suffix}_mb"] = result.size_bytes / 1e6
        results.append(row)
        print(f"{plot:22s} {row['frames']} frames {row['width']}x{row['height']}: render {row['render_s']:.1f} s; "
              f"GIF write {row['gif_write_s']:.1f} s, {row['gif_mb']:.2f} MB; "
              f"APNG write {row['png_write_s']:.1f} s, {row['png_mb']:.2f} MB", flush=True)
    print(f"animations in {out}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
