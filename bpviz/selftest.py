"""``bpviz --self-test``: prove that this installation (or the classroom bundle) works, in 10-20 seconds.

It opens the main window (offscreen when there is no display), runs every lesson for a few steps, switches each
remedy once through the builder's own controls, exports the dashboard as a PNG into a temporary folder and checks
that the picture is not blank, checks the bundled resources, and closes the window, joining the training thread.
It prints one line per check::

    ok   resources: 12 lesson files, 2 translations, 8 icon sizes, style sheet in .../bpviz/resources [0.0 s]
    FAIL export: dashboard.png is blank (1 colour, 100% of it one colour)

and returns 0 when every check passed, 1 otherwise (the last line names the failed checks). A watchdog ends the
process with exit code 2 if the whole test takes longer than :data:`WATCHDOG_SECONDS`, so it never hangs a CI job.
Settings go to a temporary folder: the self-test neither reads nor changes the user's saved layout.

With ``BPVIZ_STARTUP_PROBE=1`` it measures start-up instead (``benchmarks/bench_startup.py``): it opens the window
as ``bpviz`` does, prints ``bpviz-startup window-painted=<epoch seconds> plots-painted=<epoch seconds>`` when
the window and then the gradient-flow plot are first painted, and exits.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

WATCHDOG_SECONDS = 120.0
STEPS_PER_LESSON = 3
WAIT_SECONDS = 30.0                # for one thing to happen (a step, a config change reaching the worker)
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
PROBE_ENV = "BPVIZ_STARTUP_PROBE"

# DESIGN.md §6: the names tests and assistive tools rely on
CONTROL_NAMES = ("depthSpin", "widthSpin", "activationCombo", "initCombo", "residualCheck", "batchNormCheck",
                 "clipCheck", "clipSpin", "learningRateSpin", "optimizerCombo", "datasetCombo", "lessonCombo",
                 "trainButton", "stepButton", "resetButton", "exportButton", "speedSlider", "stepLabel")
PLOT_NAMES = ("gradientFlowPlot", "gradientHeatmapPlot", "networkDiagramPlot", "activationPlot",
              "gradientHistogramPlot", "updateRatioPlot", "lossPlot", "decisionBoundaryPlot", "jacobianPlot")


class CheckFailed(Exception):
    """A check found something wrong; the message says what."""


# ---------------------------------------------------------------- reporting

class Report:
    """Runs named checks and prints one line for each."""

    def __init__(self, out: TextIO | None) -> None:
        self.out = out
        self.failed: list[str] = []
        self.passed: list[str] = []
        self.current = "start"

    def line(self, text: str) -> None:
        if self.out is not None:
            print(text, file=self.out, flush=True)

    def check(self, name: str, action: Callable[[], str]) -> bool:
        self.current = name
        started = time.perf_counter()
        try:
            detail = action()
        except CheckFailed as exc:
            self.fail(name, str(exc))
            return False
        except Exception as exc:  # noqa: BLE001 (any error is a failed check, reported with where it happened)
            where = traceback.extract_tb(exc.__traceback__)[-1]
            self.fail(name, f"{type(exc).__name__}: {exc} ({Path(where.filename).name}:{where.lineno})")
            return False
        self.passed.append(name)
        self.line(f"ok   {name}: {detail} [{time.perf_counter() - started:.1f} s]")
        return True

    def fail(self, name: str, message: str) -> None:
        self.failed.append(name)
        self.line(f"FAIL {name}: {message}")

    def skip(self, name: str, reason: str) -> None:
        self.fail(name, f"not run ({reason})")


def _output_stream() -> TextIO | None:
    """stdout; a windowed Windows executable has none, so the report then goes to a file in the temp folder."""
    if sys.stdout is not None:
        return sys.stdout
    try:
        return open(Path(tempfile.gettempdir()) / "bpviz-selftest.txt", "w", encoding="utf-8")  # noqa: SIM115
    except OSError:
        return None


def _start_watchdog(report: Report, seconds: float) -> threading.Timer:
    def expire() -> None:
        report.line(f"FAIL watchdog: the self-test did not finish within {seconds:.0f} s "
                    f"(stuck in check '{report.current}')")
        if report.out is not None:
            report.out.flush()
        os._exit(2)

    timer = threading.Timer(seconds, expire)
    timer.name = "selftest-watchdog"
    timer.daemon = True
    timer.start()
    return timer


# ---------------------------------------------------------------- Qt set-up

def _choose_platform() -> None:
    """Offscreen when there is no display (CI, ssh); otherwise Qt's own choice, so the real plugin is tested."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


# Qt warnings that say nothing about bpviz (the offscreen platform cannot resize a window to its size hints)
HARMLESS_QT_MESSAGES = ("This plugin does not support propagateSizeHints()",)


def _quiet_harmless_qt_messages() -> None:
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_mode: Any, _context: Any, message: str) -> None:
        if message not in HARMLESS_QT_MESSAGES and sys.stderr is not None:
            print(message, file=sys.stderr, flush=True)

    qInstallMessageHandler(handler)


def _isolate_settings(folder: Path) -> None:
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))


def _create_app() -> Any:
    import bpviz.ui  # noqa: F401  (selects PySide6 for pyqtgraph)
    from bpviz.ui.app import create_app

    return create_app()


def _process_events(duration: float = 0.0) -> None:
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.monotonic() + duration
    while True:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        if time.monotonic() >= deadline:
            return
        time.sleep(0.005)


def wait_until(condition: Callable[[], bool], what: str, timeout: float = WAIT_SECONDS) -> None:
    """Process Qt events until ``condition()`` holds; CheckFailed naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise CheckFailed(f"timed out after {timeout:.0f} s waiting for {what}")
        _process_events(0.01)


class PaintWatcher:
    """Remembers when a widget (or one of its children) is first painted."""

    def __init__(self, widget: Any) -> None:
        from PySide6.QtCore import QEvent, QObject

        class _Filter(QObject):
            def __init__(self, owner: PaintWatcher, parent: Any) -> None:
                super().__init__(parent)  # deleted with the widget it watches
                self.owner = owner

            def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 (Qt's name)
                if event.type() == QEvent.Type.Paint and self.owner.painted_at is None:
                    self.owner.painted_at = time.time()
                return False

        self.painted_at: float | None = None
        self._filter = _Filter(self, widget)
        for target in self._targets(widget):
            target.installEventFilter(self._filter)

    @staticmethod
    def _targets(widget: Any) -> list[Any]:
        from PySide6.QtWidgets import QAbstractScrollArea, QWidget

        targets = [widget]
        for child in widget.findChildren(QWidget):
            targets.append(child)
            if isinstance(child, QAbstractScrollArea):  # a PlotWidget paints into its viewport
                targets.append(child.viewport())
        return targets


# ---------------------------------------------------------------- the checks

class SelfTest:
    def __init__(self, report: Report, workdir: Path) -> None:
        self.report = report
        self.workdir = workdir
        self.app: Any = None
        self.window: Any = None

    # ---- resources

    def check_resources(self) -> str:
        from bpviz.paths import resources_root

        root = resources_root()
        lessons = sorted((root / "lessons").glob("*.json"))
        if not lessons:
            raise CheckFailed(f"no lesson files in {root / 'lessons'}")
        translations = sorted((root / "translations").glob("*.qm"))
        missing = [f"icons/bpviz-{size}.png" for size in ICON_SIZES
                   if not (root / "icons" / f"bpviz-{size}.png").is_file()]
        missing += [name for name in ("icons/bpviz.svg", "icons/bpviz.ico", "style.qss")
                    if not (root / name).is_file()]
        if missing:
            raise CheckFailed(f"missing in {root}: {', '.join(missing)}")
        from PySide6.QtGui import QImage

        for size in ICON_SIZES:
            image = QImage(str(root / "icons" / f"bpviz-{size}.png"))
            if image.isNull() or image.width() != size:
                raise CheckFailed(f"icons/bpviz-{size}.png does not load as a {size} px image")
        return (f"{len(lessons)} lesson files, {_plural(len(translations), 'translation')}, "
                f"{len(ICON_SIZES)} icon sizes, style sheet in {root}")

    def check_translations(self) -> str:
        from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

        from bpviz.paths import resources_root

        files = sorted((resources_root() / "translations").glob("*.qm"))
        broken = []
        for path in files:
            translator = QTranslator()
            # English is the source language: its file may rightly hold no translations
            if not translator.load(str(path)) or (translator.isEmpty() and not path.stem.endswith("_en")):
                broken.append(path.name)
        if broken:
            raise CheckFailed(f"cannot load {', '.join(broken)}")
        ours = f"{', '.join(path.stem for path in files)} load" if files else "no compiled translations (English only)"
        if not any(path.stem.endswith("zh_CN") for path in files):
            return ours
        # Chinese needs Qt's own strings too (standard dialogs and buttons); the bundle keeps qtbase_zh_CN.qm
        qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if not QTranslator().load(QLocale("zh_CN"), "qtbase", "_", qt_folder):
            raise CheckFailed(f"{ours}, but Qt's qtbase_zh_CN.qm is missing from {qt_folder}")
        return f"{ours}; Qt's qtbase_zh_CN too"

    # ---- the window

    def check_app(self) -> str:
        from PySide6 import __version__ as pyside_version
        from PySide6.QtGui import QGuiApplication

        self.app = _create_app()
        from bpviz.ui.app import install_translators

        install_translators(self.app, "en")
        return f"Qt platform '{QGuiApplication.platformName()}', PySide6 {pyside_version}"

    def check_window(self) -> str:
        from PySide6.QtWidgets import QWidget

        from bpviz.ui.main_window import MainWindow

        self.window = MainWindow()
        watcher = PaintWatcher(self.window)
        self.window.resize(1400, 900)
        self.window.show()
        wait_until(lambda: watcher.painted_at is not None, "the window's first paint")
        missing = [name for name in CONTROL_NAMES + PLOT_NAMES if self.window.findChild(QWidget, name) is None]
        if missing:
            raise CheckFailed(f"no widget named {', '.join(missing)}")
        unnamed = [name for name in CONTROL_NAMES
                   if not self.window.findChild(QWidget, name).accessibleName()]
        if unnamed:
            raise CheckFailed(f"no accessible name on {', '.join(unnamed)}")
        return f"{len(CONTROL_NAMES)} controls and {len(PLOT_NAMES)} plots found, window painted"

    def check_training(self) -> str:
        from PySide6.QtWidgets import QAbstractButton, QLabel

        window = self.window
        step_button = window.findChild(QAbstractButton, "stepButton")
        step_label = window.findChild(QLabel, "stepLabel")
        start = self._step()
        for _ in range(STEPS_PER_LESSON):
            step_button.click()
        wait_until(lambda: self._step() >= start + STEPS_PER_LESSON, f"{STEPS_PER_LESSON} steps")
        wait_until(lambda: str(self._step()) in step_label.text(), "the step label to show the step")
        if self._step() != start + STEPS_PER_LESSON:
            raise CheckFailed(f"{STEPS_PER_LESSON} clicks on Step made {self._step() - start} steps")
        worker = window.worker
        process = getattr(worker, "process", None)
        if window.training_mode == "process":
            if worker.error is not None or process is None or not process.is_alive():
                raise CheckFailed(f"the training process is not running ({worker.error or 'no process'})")
            where = f"in training process {process.pid}"
        else:
            where = "in a thread"
        return f"Step button made {STEPS_PER_LESSON} steps {where}, label reads '{step_label.text()}'"

    def check_lessons(self) -> str:
        from bpviz.lessons import lesson_names

        from bpviz.paths import resources_root

        names = list(lesson_names())
        files = sorted(path.stem for path in (resources_root() / "lessons").glob("*.json"))
        if not names:
            raise CheckFailed("bpviz.lessons.lesson_names() is empty")
        if sorted(names) != files:
            raise CheckFailed(f"lesson_names() gives {len(names)} lessons for {len(files)} lesson files "
                              f"(not listed: {', '.join(sorted(set(files) - set(names))) or '-'})")
        diverged = []
        for name in names:
            self.window.load_lesson(name)
            wait_until(lambda: self._frame_ok(step=0, compare=True), f"lesson '{name}' to reset to step 0")
            self.window.run_lesson()  # trains until paused: costly plot data is then computed at display rate
            # a network that diverges (NaN/Inf) stops there, which some lessons show on purpose
            wait_until(lambda: self._both_ran(STEPS_PER_LESSON),
                       f"lesson '{name}' to run {STEPS_PER_LESSON} steps on A and B")
            self.window.pause()
            frame = self.window.latest_frame()
            if frame.divergence is not None or frame.compare[1].divergence is not None:
                diverged.append(name)
        self._drain_drawing()
        detail = f"{len(names)} loaded, each trained {STEPS_PER_LESSON}+ steps with its remedy beside it"
        return detail + (f" (diverged early: {', '.join(diverged)})" if diverged else "")

    def check_remedies(self) -> str:
        from PySide6.QtWidgets import QCheckBox, QComboBox

        window = self.window
        window.set_compare(None)
        window.reset(window.config.replace(**{"network.activation": "sigmoid", "network.residual": False,
                                               "network.batchnorm": False, "train.clip_mode": "off"}))
        wait_until(lambda: self._frame_ok(step=0, compare=False), "a reset to step 0 without compare mode")
        combo = window.findChild(QComboBox, "activationCombo")
        index = combo.findData("relu")
        if index < 0:
            raise CheckFailed("activationCombo has no 'relu' entry")
        toggles: list[tuple[str, Callable[[], None], Callable[[Any], bool]]] = [
            ("activationCombo", lambda: combo.setCurrentIndex(index), lambda s: s.activation == "relu"),
            ("residualCheck", window.findChild(QCheckBox, "residualCheck").click, lambda s: s.residual),
            ("batchNormCheck", window.findChild(QCheckBox, "batchNormCheck").click, lambda s: s.batchnorm),
            ("clipCheck", window.findChild(QCheckBox, "clipCheck").click, lambda s: s.clip_mode != "off"),
        ]
        for name, toggle, applied in toggles:
            before = self._step()
            toggle()
            window.step()
            wait_until(lambda: self._step() > before and applied(window.latest_frame().snapshot),
                       f"{name} to reach the training thread")
        events = window.latest_frame().history.events
        if len(events) < len(toggles):
            raise CheckFailed(f"{len(toggles)} live changes left {len(events)} event markers in the history")
        self._drain_drawing()
        return f"ReLU, residual, batch norm and clipping switched on live ({len(events)} event markers)"

    def check_plots(self) -> str:
        errors = list(getattr(self.window, "plot_errors", []))
        if errors:
            raise CheckFailed(f"{len(errors)} plot(s) raised while drawing; first: {errors[0].splitlines()[0]}")
        return f"{len(self.window.plots)} plots drew every frame without an error"

    def check_export(self) -> str:
        from bpviz.ui.export import export_dashboard_png

        path = self.workdir / "dashboard.png"
        export_dashboard_png(self.window.dashboard, path)
        if not path.is_file():
            raise CheckFailed(f"{path.name} was not written")
        width, height, colours, share = _image_variety(path)
        if width < 400 or height < 300:
            raise CheckFailed(f"{path.name} is only {width}x{height} px")
        if colours < 16 or share > 0.97:
            raise CheckFailed(f"{path.name} is blank ({_plural(colours, 'colour')}, {share:.0%} of it one colour)")
        return f"dashboard.png {width}x{height} px, {colours} colours, {path.stat().st_size // 1024} KiB"

    def check_animation(self) -> str:
        """File > Export animation of the loss plot from the recorded run (GIF), read back with Pillow; and the
        writer's own round trip of both formats (bpviz.animation.self_check)."""
        from PIL import Image

        from bpviz.animation import self_check
        from bpviz.ui.animation_export import AnimationOptions

        path = self.workdir / "loss.gif"
        written = self.window.exports.export_animation(path, AnimationOptions("lossPlot", 0.6, 5.0))
        if written is None or not path.is_file():
            raise CheckFailed(f"{path.name} was not written")
        with Image.open(path) as image:
            frames, size = getattr(image, "n_frames", 1), image.size
        if frames != 3 or size[0] < 200 or size[1] < 150:
            raise CheckFailed(f"{path.name} has {frames} frames of {size[0]}x{size[1]} px; expected 3 of a plot")
        return f"{path.name} {frames} frames {size[0]}x{size[1]} px, {path.stat().st_size // 1024} KiB; " \
               f"{self_check(self.workdir)}"

    def check_shutdown(self) -> str:
        window = self.window
        worker_thread = window.worker.thread
        process = getattr(window.worker, "process", None)
        window.close()
        _process_events(0.05)
        worker_thread.join(timeout=10)
        if worker_thread.is_alive():
            raise CheckFailed("the training thread is still running after the window closed")
        if process is not None:
            process.join(timeout=10)
            if process.is_alive():
                raise CheckFailed("the training process is still running after the window closed")
            if process.exitcode != 0:
                raise CheckFailed(f"the training process ended with exit code {process.exitcode}")
        left = [thread.name for thread in threading.enumerate()
                if thread.is_alive() and thread.name.startswith("bpviz")]
        if left:
            raise CheckFailed(f"threads still running: {', '.join(left)}")
        return "window closed, worker thread joined" + (", training process ended (exit code 0)" if process else "")

    # ---- helpers

    def _step(self) -> int:
        frame = self.window.latest_frame()
        return -1 if frame is None else frame.step

    def _frame_ok(self, step: int, compare: bool) -> bool:
        frame = self.window.latest_frame()
        return frame is not None and frame.step == step and (frame.compare is not None) == compare

    def _both_ran(self, steps: int) -> bool:
        """A and B each made ``steps`` steps or stopped at a divergence."""
        frame = self.window.latest_frame()
        if frame is None or frame.compare is None:
            return False
        return all(snapshot.step >= steps or snapshot.divergence is not None
                   for snapshot in (frame.snapshot, frame.compare[1]))

    def _drain_drawing(self) -> None:
        """Let the window draw the newest frame on every plot (the frame timer runs at ~30 Hz)."""
        _process_events(0.2)


def _dispose(window: Any) -> None:
    """Close the window, join its training thread and delete it while the QApplication still exists.

    Left to the interpreter's exit, the window's C++ side may be destroyed after the application's, which can
    crash the process after every check has passed.
    """
    from PySide6.QtCore import QCoreApplication, QEvent

    window.shutdown()
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def _image_variety(path: Path) -> tuple[int, int, int, float]:
    """(width, height, distinct colours, share of the most common colour) of an image file."""
    import numpy as np
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    if image.isNull():
        raise CheckFailed(f"{path.name} is not a readable image")
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    width, height = image.width(), image.height()
    pixels = np.frombuffer(image.constBits(), dtype=np.uint32, count=image.bytesPerLine() * height // 4)
    pixels = pixels.reshape(height, image.bytesPerLine() // 4)[:, :width]
    values, counts = np.unique(pixels, return_counts=True)
    return width, height, int(values.size), float(counts.max() / pixels.size)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


# ---------------------------------------------------------------- entry points

def main() -> int:
    """Run the self-test (or, with BPVIZ_STARTUP_PROBE=1, the start-up probe); returns the exit code."""
    _choose_platform()
    if os.environ.get(PROBE_ENV):
        return startup_probe()
    report = Report(_output_stream())
    watchdog = _start_watchdog(report, WATCHDOG_SECONDS)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bpviz-selftest-") as folder:
        workdir = Path(folder)
        _isolate_settings(workdir / "settings")
        _quiet_harmless_qt_messages()
        test = SelfTest(report, workdir)
        report.check("resources", test.check_resources)
        if report.check("qt", test.check_app):
            report.check("translations", test.check_translations)
            if report.check("window", test.check_window):
                report.check("training", test.check_training)
                report.check("lessons", test.check_lessons)
                report.check("remedies", test.check_remedies)
                report.check("plots", test.check_plots)
                report.check("export", test.check_export)
                report.check("animation", test.check_animation)
                report.check("shutdown", test.check_shutdown)
            else:
                for name in ("training", "lessons", "remedies", "plots", "export", "animation", "shutdown"):
                    report.skip(name, "no window")
        if test.window is not None:
            _dispose(test.window)  # also after a failed check: no training thread may be left behind
            test.window = None
    watchdog.cancel()
    seconds = time.perf_counter() - started
    if report.failed:
        report.line(f"self-test FAILED ({', '.join(report.failed)}) in {seconds:.1f} s")
        return 1
    report.line(f"self-test passed: {len(report.passed)} checks in {seconds:.1f} s")
    return 0


def startup_probe() -> int:
    """Open the window as ``bpviz`` does and print when it, and then its gradient-flow plot, are first painted."""
    with tempfile.TemporaryDirectory(prefix="bpviz-probe-") as folder:
        _isolate_settings(Path(folder))
        app = _create_app()
        from bpviz.ui.app import install_translators
        from bpviz.ui.main_window import MainWindow

        install_translators(app)
        window = MainWindow()
        window_watch = PaintWatcher(window)
        plot_watch = PaintWatcher(window.plots["gradientFlowPlot"])
        window.show()
        try:
            wait_until(lambda: plot_watch.painted_at is not None and window_watch.painted_at is not None,
                       "the first paint", timeout=60)
        finally:
            _dispose(window)
        print(f"bpviz-startup window-painted={window_watch.painted_at:.6f} plots-painted={plot_watch.painted_at:.6f}",
              flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
