"""The window's menu bar: File (open, save, recent, import data, export, quit), View (show/hide each dock, reset
layout; the appearance entries follow ``view_settings_separator``) and Help (keyboard shortcuts, about)."""

from __future__ import annotations

from typing import Callable, Iterable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu

from bpviz.ui.experiment_files import ExperimentFiles
from bpviz.ui.export_actions import ExportActions


class WindowMenus(QObject):
    """Builds ``window``'s menu bar from the entries of ``files`` and ``exports``; View lists ``side_docks`` and
    then ``plot_docks``. :attr:`menus` maps "file", "view", "help" to the menus; the actions call
    ``reset_layout``, ``show_shortcuts``, ``show_about`` and ``window.close``."""

    def __init__(self, window: QMainWindow, files: ExperimentFiles, exports: ExportActions,
                 side_docks: Iterable[QDockWidget], plot_docks: Iterable[QDockWidget],
                 reset_layout: Callable[[], None], show_shortcuts: Callable[[], object],
                 show_about: Callable[[], object]) -> None:
        super().__init__(window)
        menu_bar = window.menuBar()
        self.menus: dict[str, QMenu] = {}
        file_menu = menu_bar.addMenu("")
        file_menu.setObjectName("fileMenu")
        self.menus["file"] = file_menu
        self.quit_action = QAction(window)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(window.close)
        file_menu.addAction(files.open_action)
        file_menu.addAction(files.save_action)
        file_menu.addMenu(files.recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(files.import_action)
        file_menu.addMenu(exports.export_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        view_menu = menu_bar.addMenu("")
        view_menu.setObjectName("viewMenu")
        self.menus["view"] = view_menu
        for dock in side_docks:
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addSeparator()
        for dock in plot_docks:
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addSeparator()
        self.reset_layout_action = QAction(window)
        self.reset_layout_action.triggered.connect(reset_layout)
        view_menu.addAction(self.reset_layout_action)
        # Presentation mode, theme and language go after this separator (added by their own modules).
        self.view_settings_separator = view_menu.addSeparator()

        help_menu = menu_bar.addMenu("")
        help_menu.setObjectName("helpMenu")
        self.menus["help"] = help_menu
        self.shortcuts_action = QAction(window)
        self.shortcuts_action.setShortcut(QKeySequence("F1"))
        self.shortcuts_action.triggered.connect(show_shortcuts)
        self.about_action = QAction(window)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(show_about)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)

    def retranslate_ui(self) -> None:
        self.menus["file"].setTitle(self.tr("&File"))
        self.quit_action.setText(self.tr("&Quit"))
        self.menus["view"].setTitle(self.tr("&View"))
        self.reset_layout_action.setText(self.tr("Reset layout"))
        self.menus["help"].setTitle(self.tr("&Help"))
        self.shortcuts_action.setText(self.tr("Keyboard shortcuts"))
        self.about_action.setText(self.tr("About bpviz"))
