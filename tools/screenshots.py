"""Regenerate the window screenshots in docs/ from the real window while it trains.

Each screenshot is taken at a projector's size: 1280 x 720 (the default) or 1920 x 1080 (names with "-1080"),
normal and presentation mode, light and dark. Run under a virtual X server as large as the screenshots, from the
repository root:

    xvfb-run -a -s "-screen 0 1920x1080x24" python tools/screenshots.py            # all of them
    xvfb-run -a -s "-screen 0 1280x720x24" python tools/screenshots.py --size 1280x720   # those at 1280 x 720
    xvfb-run -a -s "-screen 0 1920x1080x24" python tools/screenshots.py screenshot-dark

Each screenshot is taken in a fresh process (the language is chosen at start-up), with settings in a temporary
folder so the saved layout of whoever runs it plays no part: the window filling a screen of its size (as a
maximized window on a projector: the default layout for that screen), training at full speed for TRAIN_SECONDS,
then ``QWidget.grab()``.
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
HD, FULL_HD = (1280, 720), (1920, 1080)
VARIANTS: dict[str, dict] = {
    "screenshot": {},                                   # the default experiment: deep sigmoid on spirals
    "screenshot-dark": {"theme": "dark"},
    # View -> Presentation mode (F11): the focus view, one plot at a time, a lesson in compare mode
    "screenshot-presentation": {"presentation": True, "lesson": "saturating-sigmoid"},
    "screenshot-presentation-dark": {"presentation": True, "theme": "dark", "lesson": "saturating-sigmoid"},
    "screenshot-1080": {"size": FULL_HD},
    "screenshot-1080-dark": {"size": FULL_HD, "theme": "dark"},
    "screenshot-presentation-1080": {"size": FULL_HD, "presentation": True, "lesson": "residual"},
    "screenshot-presentation-1080-dark": {"size": FULL_HD, "presentation": True, "theme": "dark",
                                          "lesson": "residual"},
    "screenshot-lesson": {"size": FULL_HD, "lesson": "residual"},  # compare mode, its "watch" plot raised
    "screenshot-zh_CN": {"lang": "zh_CN"},
    # the theory view before any training: the predictions over the measurements, the phase diagram, a hover
    "screenshot-theory": {"size": FULL_HD, "lesson": "edge-of-chaos", "train": False, "raise": "phaseDiagramPlot",
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

    from PySide6.QtCore import QRect

    window = MainWindow()
    screen = QRect(0, 0, *options.get("size", HD))
    window.setGeometry(screen)
    window.show()
    window.dock_layout.arrange_default(screen)  # the default layout for a screen of this size
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
    parser.add_argument("--size", choices=["1280x720", "1920x1080"],
                        help="only the screenshots of this size (the X server must be at least as large)")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: take one screenshot in this process
    args = parser.parse_args(argv)
    if args.one:
        take(args.one, VARIANTS[args.one], DOCS / f"{args.one}.png")
        return 0
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "xcb"))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    failed = 0
    names = args.names or list(VARIANTS)
    if args.size:
        names = [name for name in names if "x".join(map(str, VARIANTS[name].get("size", HD))) == args.size]
    for name in names:
        result = subprocess.run([sys.executable, __file__, "--one", name], env=env, cwd=ROOT)
        failed += result.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
