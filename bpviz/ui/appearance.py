"""How the window looks: light or dark theme, presentation mode, and the QSettings that remember them.

One call, :func:`apply_appearance`, sets everything that belongs together: the application style (Fusion, so the
dark palette and the stylesheets look the same on every system), the palette, the stylesheet
(``resources/style.qss`` or ``style-dark.qss``), the application font (12 pt; 1.5x in presentation mode) and the
plots' :class:`~bpviz.ui.plots.theme.Theme` (colours, font sizes, line widths). Presentation mode is the chosen
theme with high-contrast colours, scaled by :data:`PRESENTATION_SCALE`; switching it off re-applies the plain
theme, so every size and colour returns to what it was.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from bpviz.paths import resource_path
from bpviz.ui.plots.theme import DARK, HIGH_CONTRAST, HIGH_CONTRAST_DARK, LIGHT, Theme

THEMES = ("light", "dark")
DEFAULT_THEME = "light"
PRESENTATION_SCALE = 1.5
BASE_FONT_POINTS = 12.0          # readable from the back of a classroom (the stylesheets assume it)
THEME_KEY = "appearance/theme"
PRESENTATION_KEY = "appearance/presentation"
STYLESHEETS = {"light": "style.qss", "dark": "style-dark.qss"}

_ORIGINAL_FONT_PROPERTY = "_bpviz_original_font"


def plot_theme(theme: str, presentation: bool) -> Theme:
    """The plots' Theme for a theme name ("light"/"dark") with or without presentation mode."""
    dark = theme == "dark"
    if presentation:
        return (HIGH_CONTRAST_DARK if dark else HIGH_CONTRAST).scaled(PRESENTATION_SCALE)
    return DARK if dark else LIGHT


def base_font_points(app: QApplication) -> float:
    """The normal application font size: the system's, but at least BASE_FONT_POINTS."""
    original = getattr(app, _ORIGINAL_FONT_PROPERTY, None)
    if original is None:
        original = QFont(app.font())
        setattr(app, _ORIGINAL_FONT_PROPERTY, original)
    points = original.pointSizeF()
    return max(BASE_FONT_POINTS, points if points > 0 else BASE_FONT_POINTS)


def app_font_points(app: QApplication, presentation: bool) -> float:
    return base_font_points(app) * (PRESENTATION_SCALE if presentation else 1.0)


def stylesheet(theme: str) -> str:
    """The text of the theme's stylesheet ("" if the file is missing: Qt's default look is still usable)."""
    try:
        return resource_path(STYLESHEETS.get(theme, STYLESHEETS[DEFAULT_THEME])).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return ""


def dark_palette() -> QPalette:
    """Fusion's palette in the colours of style-dark.qss (for what a stylesheet does not reach)."""
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, color in ((roles.Window, "#1e1e1e"), (roles.WindowText, "#e8e8e8"), (roles.Base, "#252525"),
                        (roles.AlternateBase, "#2c2c2c"), (roles.ToolTipBase, "#2e2e2e"),
                        (roles.ToolTipText, "#e8e8e8"), (roles.Text, "#e8e8e8"), (roles.Button, "#2c2c2c"),
                        (roles.ButtonText, "#e8e8e8"), (roles.BrightText, "#ff5050"), (roles.Link, "#5fa8ff"),
                        (roles.Highlight, "#3d6fb4"), (roles.HighlightedText, "#ffffff"),
                        (roles.PlaceholderText, "#9a9a9a")):
        palette.setColor(role, QColor(color))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(disabled, role, QColor("#7a7a7a"))
    return palette


def normalize_theme(value: object) -> str:
    return value if isinstance(value, str) and value in THEMES else DEFAULT_THEME


def saved_appearance() -> tuple[str, bool]:
    """(theme, presentation) as chosen last (QSettings), or ("light", False)."""
    settings = QSettings()
    theme = normalize_theme(settings.value(THEME_KEY, DEFAULT_THEME))
    presentation = settings.value(PRESENTATION_KEY, False)
    if isinstance(presentation, str):  # INI files store booleans as text
        presentation = presentation.strip().lower() in ("true", "1", "yes")
    return theme, bool(presentation)


def save_appearance(theme: str, presentation: bool) -> None:
    settings = QSettings()
    settings.setValue(THEME_KEY, normalize_theme(theme))
    settings.setValue(PRESENTATION_KEY, bool(presentation))
    settings.sync()


def apply_application_look(app: QApplication, theme: str, presentation: bool) -> None:
    """Style, palette, stylesheet and font of the whole application."""
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    app.setPalette(dark_palette() if theme == "dark" else app.style().standardPalette())
    sheet = stylesheet(theme)
    if app.styleSheet() != sheet:
        app.setStyleSheet(sheet)
    font = QFont(app.font())
    font.setPointSizeF(app_font_points(app, presentation))
    app.setFont(font)


def scaled_font(extra: int, scale: float, bold: bool = False) -> QFont:
    """The application font, ``extra`` points larger (at least 9 pt), times ``scale``."""
    base = QApplication.font()
    font = QFont(base)
    points = base.pointSizeF() if base.pointSizeF() > 0 else 10.0  # a pixel-sized font has no points
    font.setPointSizeF(max(9.0, points + extra) * scale)
    font.setBold(bold)
    return font
