"""Starting the GUI: the QApplication (names, icon, translation) and the main window.

``create_app()`` is shared by ``run_gui``, the tests and the self-test, so they all run the same application setup.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import PySide6  # noqa: F401  (before pyqtgraph)
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from bpviz.config import ConfigError, ExperimentConfig
from bpviz.paths import resource_path
from bpviz.ui import appearance
from bpviz.ui.i18n import install_language, saved_language, system_language

APP_NAME = "bpviz"
DISPLAY_NAME = "bpviz — backprop gradient lab"


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
    """The experiment in ``path``; if it cannot be used, say why in a message box and use the default one."""
    if path is None:
        return ExperimentConfig()
    try:
        return ExperimentConfig.load(path)
    except ConfigError as exc:
        QMessageBox.critical(parent, QCoreApplication.translate("App", "Cannot open experiment"),
                             QCoreApplication.translate(
                                 "App", "{error}\n\nbpviz opens the default experiment instead.").format(error=exc))
        return ExperimentConfig()


def settle_memory() -> None:
    """Once the window is built: move everything alive now out of the cyclic garbage collector's sight.

    The window is tens of thousands of long-lived objects (widgets, plot items); each full collection walked them
    all, ~20 ms in which the event loop stood still. Frozen, they are never walked again; new garbage still is.
    """
    gc.collect()
    gc.freeze()


def run_gui(experiment_path: str | Path | None = None, lang: str | None = None) -> int:
    """Open the window (with the experiment in ``experiment_path``, if given) and run until it closes."""
    app = create_app()
    install_translators(app, lang)
    config = load_experiment_or_default(experiment_path)
    from bpviz.ui.main_window import MainWindow  # after the translators, so the window starts translated

    window = MainWindow(config)
    window.show()
    settle_memory()
    code = app.exec()
    window.shutdown()
    return int(code)


def _version() -> str:
    from bpviz import __version__

    return __version__
