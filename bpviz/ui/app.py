"""Starting the GUI: the QApplication (names, icon, translation) and the main window.

``create_app()`` is shared by ``run_gui``, the tests and the self-test, so they all run the same application setup.

Ctrl+C and SIGTERM (:class:`SignalCloser`): while Qt's event loop runs, Python only sees a signal when it next runs
Python code, which may be never while the window is idle. A wake-up socket (``signal.set_wakeup_fd``) watched by a
``QSocketNotifier`` wakes the event loop at once; the window then closes the ordinary way (the training process is
stopped, the layout saved) and ``run_gui`` returns 128 + the signal's number: 130 for SIGINT, 143 for SIGTERM, as a
shell reports a program that a signal ended. No KeyboardInterrupt, no traceback. A second signal while closing
ends the program at once (after killing the training process). The training process itself ignores SIGINT, so a
Ctrl+C in the terminal, which reaches the whole process group, never kills it first.
"""

from __future__ import annotations

import gc
import os
import signal
import socket
import sys
from collections.abc import Callable
from pathlib import Path

import PySide6  # noqa: F401  (before pyqtgraph)
from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from bpviz.config import ConfigError, ExperimentConfig
from bpviz.engine.tabular import verify_data_file
from bpviz.paths import resource_path
from bpviz.ui import appearance
from bpviz.ui.data_file_messages import data_file_message
from bpviz.ui.i18n import install_language, saved_language, system_language

APP_NAME = "bpviz"
DISPLAY_NAME = "bpviz — backprop gradient lab"
CLOSING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


def create_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created once; an existing one is reused and configured the same way)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv) if argv is not None else [sys.argv[0] if sys.argv else APP_NAME])
    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(_version())
    app.setApplicationDisplayName(DISPLAY_NAME)
    icon = app_icon()
    if icon is not None:
        app.setWindowIcon(icon)
    # Style, stylesheet and font as chosen last (the window keeps them in step with View -> Theme/Presentation).
    appearance.apply_application_look(app, *appearance.saved_appearance())
    return app


def app_icon() -> QIcon | None:
    """bpviz's icon in every size the resources hold (bpviz-16.png ... bpviz-512.png; else bpviz.png)."""
    try:
        folder = resource_path("icons")
    except FileNotFoundError:
        return None
    sized = [file for file in folder.glob("bpviz-*.png") if file.stem.split("-", 1)[1].isdigit()]
    files = sorted(sized, key=lambda file: int(file.stem.split("-", 1)[1]))
    if not files:
        files = sorted(folder.glob("bpviz.png"))  # no sized files: the one large picture, scaled by Qt
    if not files:
        return None
    icon = QIcon()
    for file in files:
        icon.addFile(str(file))
    return None if icon.isNull() else icon


def install_translators(app: QApplication, lang: str | None = None) -> str:
    """Install the UI language: ``lang`` if given (``--lang``), else the one chosen last in View -> Language,
    else the system's. Returns the language in effect ("en" or "zh_CN"); see :mod:`bpviz.ui.i18n`."""
    return install_language(app, lang or saved_language() or system_language())


def load_experiment_or_default(path: str | Path | None, parent=None) -> ExperimentConfig:
    """The experiment in ``path``; if it cannot be used (also: its CSV data file moved or changed), say why in a
    message box and use the default one."""
    if path is None:
        return ExperimentConfig()
    try:
        config = ExperimentConfig.load(path)
        verify_data_file(config.data)  # its CSV file moved or changed: say so, never train on other data
        return config
    except ConfigError as exc:
        QMessageBox.critical(parent, QCoreApplication.translate("App", "Cannot open experiment"),
                             QCoreApplication.translate(
                                 "App", "{error}\n\nbpviz opens the default experiment instead.").format(
                                 error=data_file_message(exc)))
        return ExperimentConfig()


def settle_memory() -> None:
    """Once the window is built: move everything alive now out of the cyclic garbage collector's sight.

    The window is tens of thousands of long-lived objects (widgets, plot items); each full collection walked them
    all, ~20 ms in which the event loop stood still. Frozen, they are never walked again; new garbage still is.
    """
    gc.collect()
    gc.freeze()


def signal_exit_code(signum: int) -> int:
    """The exit status for a program ended by signal ``signum``, as shells report it: 128 + its number."""
    return 128 + int(signum)


class SignalCloser(QObject):
    """Turns SIGINT, SIGTERM and SIGHUP into ``on_signal(signum)``, called from Qt's event loop (so at a safe moment,
    never in the middle of other Python code), promptly even while the loop is idle in C++.

    ``received`` is the first signal's number (None until one comes). A second signal before ``on_signal`` has
    returned (a close that hangs) calls ``on_second_signal(signum)``, which by default ends the process at once with
    status 128 + signum after killing the training process. Main thread only; :meth:`uninstall` restores the
    previous handlers.
    """

    def __init__(self, on_signal: Callable[[int], None], signals: tuple[int, ...] = CLOSING_SIGNALS,
                 on_second_signal: Callable[[int], None] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else QCoreApplication.instance())
        self.received: int | None = None
        self._on_signal = on_signal
        self._on_second_signal = on_second_signal or _exit_now
        self._handling = False
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._previous_wakeup = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous = {signum: signal.signal(signum, self._python_handler) for signum in signals}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._wake)

    def _python_handler(self, signum: int, _frame) -> None:
        """Runs in the main thread between two bytecodes: only records the signal (the notifier acts on it)."""
        if self.received is None:
            self.received = signum
        elif self._handling:
            self._on_second_signal(signum)

    def _wake(self) -> None:
        try:
            data = self._reader.recv(512)
        except (BlockingIOError, InterruptedError):
            data = b""
        if self.received is None and data:  # the Python-level handler has not run yet: the byte says which
            self.received = data[-1]
        if self.received is None or self._handling:
            return
        self._handling = True
        self._on_signal(self.received)

    def uninstall(self) -> None:
        """Put the previous signal handlers and wake-up fd back; stop watching."""
        self._notifier.setEnabled(False)
        self._restore_handlers()

    def _restore_handlers(self) -> None:
        if self._previous is None:
            return
        for signum, handler in self._previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        signal.set_wakeup_fd(self._previous_wakeup)
        self._previous = None
        self._reader.close()
        self._writer.close()


def _exit_now(signum: int) -> None:
    """A second Ctrl+C while closing: kill the training process and end at once."""
    from bpviz.ui.training_process import kill_training_processes

    kill_training_processes()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
    os._exit(signal_exit_code(signum))


def quit_on_signal(app: QApplication) -> SignalCloser:
    """Close every window (the main window stops training and saves its layout) and leave every event loop, also a
    dialog's, when SIGINT/SIGTERM/SIGHUP arrives; ``received`` then holds the signal."""

    def close(_signum: int) -> None:
        app.closeAllWindows()
        app.exit(0)  # leaves every running event loop, also a modal dialog's

    return SignalCloser(close)


def run_gui(experiment_path: str | Path | None = None, lang: str | None = None) -> int:
    """Open the window (with the experiment in ``experiment_path``, if given) and run until it closes.

    Returns the event loop's status, or 128 + the signal's number when SIGINT/SIGTERM/SIGHUP closed the window.
    """
    app = create_app()
    closer = quit_on_signal(app)
    try:
        install_translators(app, lang)
        config = load_experiment_or_default(experiment_path)
        if closer.received is not None:  # while the message box about a bad file was open
            return signal_exit_code(closer.received)
        from bpviz.ui.main_window import MainWindow  # after the translators, so the window starts translated

        window = MainWindow(config)
        window.show()
        settle_memory()
        code = app.exec() if closer.received is None else 0
        window.shutdown()
        if closer.received is not None:
            return signal_exit_code(closer.received)
        return int(code)
    finally:
        closer.uninstall()


def _version() -> str:
    from bpviz import __version__

    return __version__
