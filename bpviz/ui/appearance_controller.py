"""How the window looks, as the user chooses it: View -> Presentation mode (F11), Theme (Light/Dark) and Language,
and the window's own large texts (toolbar, divergence banner, lesson text) at the chosen font scale.

:mod:`bpviz.ui.appearance` holds what this applies (the application's style, palette, stylesheet and font, the
plots' Theme, the QSettings keys); this controller owns the menu entries and the current choice.
"""

from __future__ import annotations

from typing import Callable, Protocol, Sequence

from PySide6.QtCore import QObject, QSignalBlocker, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu

from bpviz.ui import appearance
from bpviz.ui.i18n import available_languages, current_language, install_language
from bpviz.ui.plots.theme import Theme
from bpviz.ui.toolbar import TrainingToolBar


class ScalesFonts(Protocol):
    def apply_fonts(self, scale: float) -> None: ...


class AppearanceController(QObject):
    """Adds its entries to ``view_menu`` (and the presentation keys to ``window``, so F11 works with the menu bar
    hidden).

    ``restyle_plots(theme)`` restyles the plots for a plots' Theme; ``font_parts`` follow the font scale
    (``apply_fonts(scale)``); ``toolbar`` also hides its steps/s rate in presentation mode; ``user_changed()``
    runs after a change by the user (not the restore at start-up): the window resizes the builder and redraws;
    ``presentation_changed(on)`` runs whenever presentation mode is applied (also at start-up): the focus view.
    """

    def __init__(self, window: QMainWindow, view_menu: QMenu, restyle_plots: Callable[[Theme], None],
                 toolbar: TrainingToolBar, font_parts: Sequence[ScalesFonts], user_changed: Callable[[], None],
                 presentation_changed: Callable[[bool], None] | None = None) -> None:
        super().__init__(window)
        self._presentation_changed = presentation_changed
        self._restyle_plots = restyle_plots
        self._toolbar = toolbar
        self._font_parts = tuple(font_parts)
        self._user_changed = user_changed
        self.theme_name = appearance.DEFAULT_THEME
        self.presentation = False
        self.font_scale = 1.0
        self.presentation_action = QAction(window)
        self.presentation_action.setObjectName("presentationAction")
        self.presentation_action.setCheckable(True)
        self.presentation_action.setShortcuts([QKeySequence("F11"), QKeySequence("Ctrl+Shift+P")])
        self.presentation_action.toggled.connect(self.set_presentation)
        self.presentation_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        window.addAction(self.presentation_action)  # its keys work with the menu closed (and the menu bar hidden)
        view_menu.addAction(self.presentation_action)
        self.theme_menu = QMenu(window)
        self.theme_menu.setObjectName("themeMenu")
        self.theme_group = QActionGroup(window)
        self.theme_group.setExclusive(True)
        self.theme_actions: dict[str, QAction] = {}
        for name in appearance.THEMES:
            action = QAction(window)
            action.setObjectName(f"{name}ThemeAction")
            action.setCheckable(True)
            action.setData(name)
            action.setChecked(name == self.theme_name)
            action.triggered.connect(lambda _checked=False, n=name: self.set_theme(n))
            self.theme_group.addAction(action)
            self.theme_menu.addAction(action)
            self.theme_actions[name] = action
        view_menu.addMenu(self.theme_menu)
        self.language_menu = QMenu(window)
        self.language_menu.setObjectName("languageMenu")
        self.language_group = QActionGroup(window)
        self.language_group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        for code, native in available_languages().items():
            action = QAction(native, window)  # each language in its own words, never translated
            action.setObjectName(f"language_{code}_Action")
            action.setCheckable(True)
            action.setData(code)
            action.triggered.connect(lambda _checked=False, c=code: self.set_language(c))
            self.language_group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        view_menu.addMenu(self.language_menu)
        self.sync_language_actions()

    def retranslate_ui(self) -> None:
        self.presentation_action.setText(self.tr("Presentation mode"))
        self.presentation_action.setToolTip(self.tr("Large fonts, thick lines and high-contrast colours for a "
                                                    "projector (F11)."))
        self.theme_menu.setTitle(self.tr("Theme"))
        self.theme_actions["light"].setText(self.tr("Light"))
        self.theme_actions["dark"].setText(self.tr("Dark"))
        self.language_menu.setTitle(self.tr("Language"))

    # ---- the user's choices

    def set_presentation(self, enabled: bool) -> None:
        """Presentation mode on/off: fonts 1.5x, thicker lines, high-contrast colours; remembered in QSettings."""
        if bool(enabled) != self.presentation:
            self.apply(self.theme_name, bool(enabled))

    def set_theme(self, name: str) -> None:
        """Light or dark theme for the window and the plots; remembered in QSettings."""
        name = appearance.normalize_theme(name)
        if name != self.theme_name:
            self.apply(name, self.presentation)

    def set_language(self, code: str) -> str:
        """Switch the UI language now (every text follows through LanguageChange) and remember it."""
        app = QApplication.instance()
        language = install_language(app, code, remember=True)
        self.sync_language_actions()
        return language

    def sync_language_actions(self) -> None:
        """View -> Language checks the language installed now."""
        action = self.language_actions.get(current_language())
        if action is not None and not action.isChecked():
            action.setChecked(True)

    def restore_saved(self) -> None:
        """The theme and presentation mode chosen last (QSettings), applied without saving them again."""
        theme, presentation = appearance.saved_appearance()
        self.apply(theme, presentation, save=False)

    def apply(self, theme: str, presentation: bool, save: bool = True) -> None:
        """Show ``theme`` ("light"/"dark") with or without presentation mode everywhere; ``save``: a switch by the
        user (redraw now and remember it)."""
        self.theme_name = appearance.normalize_theme(theme)
        self.presentation = bool(presentation)
        app = QApplication.instance()
        if app is not None:
            appearance.apply_application_look(app, self.theme_name, self.presentation)
        with QSignalBlocker(self.presentation_action):
            self.presentation_action.setChecked(self.presentation)
        self.theme_actions[self.theme_name].setChecked(True)
        self._restyle_plots(appearance.plot_theme(self.theme_name, self.presentation))
        self.apply_fonts()  # the toolbar's and lesson's own fonts follow the new application font
        self._toolbar.style_train_button(self._toolbar.train_button.isChecked())
        self._toolbar.set_presentation(self.presentation)
        if self._presentation_changed is not None:
            self._presentation_changed(self.presentation)
        if save:
            self._user_changed()
            appearance.save_appearance(self.theme_name, self.presentation)

    # ---- fonts

    def set_font_scale(self, factor: float) -> None:
        """Scale the window's own large texts (toolbar, banner, lesson) by ``factor`` (presentation mode: ~1.5)."""
        self.font_scale = max(0.5, float(factor))
        self.apply_fonts()

    def apply_fonts(self) -> None:
        for part in self._font_parts:
            part.apply_fonts(self.font_scale)
