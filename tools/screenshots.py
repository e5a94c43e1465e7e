"""Regenerate the window screenshots in docs/ from the real window while it trains.

Run under a virtual X server, from the repository root:

    xvfb-run -a -s "-screen 0 1600x1000x24" python tools/screenshots.py            # all of them
    xvfb-run -a -s "-screen 0 1600x1000x24" python tools/screenshots.py screenshot-dark

Each screenshot is taken in a fresh process (the language is chosen at start-up), with settings in a temporary
folder so the saved layout of whoever runs it plays no part: the window at 1600 x 1000, training at full speed for
TRAIN_SECONDS, then ``QWidget.grab()``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
TRAIN_SECONDS = 9.0
VARIANTS: dict[str, dict] = {
    "screenshot": {},                                   # the default experiment: deep sigmoid on spirals
    "screenshot-lesson": {"lesson": "residual"},        # a lesson in compare mode, its "watch" plot raised
    "screenshot-presentation": {"presentation": True},  # View -> Presentation mode (F11)
    "screenshot-dark": {"theme": "dark"},
    "screenshot-zh_CN": {"lang": "zh_CN"},
    # the theory view before any training: the predictions over the measurements, the phase diagram, a hover
    "screenshot-theory": {"lesson": "edge-of-chaos", "train": False, "raise": "phaseDiagramPlot",
                          "hover": (1.6, 0.12), "seconds": 3.0},
}


def take(name: str, options: dict, out: Path) -> None:
    """In this process: open the window as ``options`` say, train, grab it into ``out``."""
    from PySide6.QtCore import QSettings, QTimer

    settings = tempfile.mkdtemp(prefix="bpviz-shots-")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings)
    from bpviz.ui.app import create_app, install_translators

    app = create_app()
    install_translators(app, options.get("lang", "en"))
    from bpviz.ui.main_window import MainWindow

    window = MainWindow()
    window.resize(1600, 1000)
    window.show()
    if options.get("theme"):
        window.set_theme(options["theme"])
    if options.get("presentation"):
        window.set_presentation(True)
    if options.get("lesson"):
        window.load_lesson(options["lesson"])
    if options.get("raise"):
        window.docks[options["raise"]].show()
        window.docks[options["raise"]].raise_()
    if options.get("train", True):
        QTimer.singleShot(800, window.start)
    if options.get("hover"):
        QTimer.singleShot(int(options.get("seconds", TRAIN_SECONDS) * 1000) - 600, lambda: hover(options["hover"]))

    def hover(point: tuple[float, float]) -> None:
        """The pointer over the raised plot at a data point (the phase diagram's hover box shows)."""
        from PySide6.QtCore import QPointF
        from PySide6.QtTest import QTest

        plot = window.plots[options["raise"]]
        scene = plot.plot_item.vb.mapViewToScene(QPointF(*point))
        QTest.mouseMove(plot.plot_widget.viewport(), plot.plot_widget.mapFromScene(scene))

    def shoot() -> None:
        window.grab().save(str(out))
        print(f"{name}: {out.relative_to(ROOT)} at step {window.latest_frame().step}", flush=True)
        window.close()
        app.quit()

    QTimer.singleShot(int(options.get("seconds", TRAIN_SECONDS) * 1000), shoot)
    app.exec()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", choices=[[], *VARIANTS], default=[], metavar="NAME",
                        help=f"which screenshots (default: all): {', '.join(VARIANTS)}")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: take one screenshot in this process
    args = parser.parse_args(argv)
    if args.one:
        take(args.one, VARIANTS[args.one], DOCS / f"{args.one}.png")
        return 0
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "xcb"))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    failed = 0
    for name in args.names or list(VARIANTS):
        result = subprocess.run([sys.executable, __file__, "--one", name], env=env, cwd=ROOT)
        failed += result.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
