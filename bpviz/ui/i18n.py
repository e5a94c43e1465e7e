"""The UI language: which ones exist, which one the system asks for, and switching at run time.

English is the source language of every string in the code. ``resources/translations/bpviz_<lang>.qm`` holds
the compiled translations (``bpviz_en.qm`` maps every English string onto itself, so English wording can be
polished in ``bpviz_en.ts`` without touching code; ``bpviz_zh_CN.qm`` is Simplified Chinese). Qt's own
``qtbase_<lang>.qm`` translates the standard dialogs (file dialogs, message-box buttons), and
``pyqtgraph_<lang>.qm`` pyqtgraph's plot context menu and export dialog. pyqtgraph builds those menus once, when
a plot is created, so they follow a language chosen before the window opens (start-up, ``--lang``), while
everything of bpviz's own also follows a switch at run time.

Installing a translator makes Qt send ``QEvent.LanguageChange`` to every widget, whose ``changeEvent`` re-runs
its ``retranslate_ui()``: the whole window switches language without a restart.

The calls the application makes::

    lang = install_language(app, cli_lang or saved_language() or system_language())   # at start-up
    install_language(QApplication.instance(), "zh_CN", remember=True)                  # View -> Language

``tools/update_translations.py`` extracts the strings and compiles the ``.qm`` files (see its docstring).
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

#: Language code -> its name in that language (what the View -> Language menu shows, untranslated on purpose).
LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文"}
DEFAULT_LANGUAGE = "en"
SETTINGS_KEY = "language"
#: Attribute of the QApplication that keeps bpviz's installed translators (app.py's older helper uses it too).
_TRANSLATORS_ATTRIBUTE = "_bpviz_translators"
_LANGUAGE_PROPERTY = "bpvizLanguage"


def available_languages() -> dict[str, str]:
    """Code -> native name of every language bpviz ships, e.g. ``{"en": "English", "zh_CN": "简体中文"}``."""
    return dict(LANGUAGES)


def normalize_language(lang: str | None) -> str | None:
    """The shipped language ``lang`` stands for ("zh", "zh-CN", "zh_Hans_CN" -> "zh_CN"; "en_US" -> "en"), or None."""
    if not lang:
        return None
    code = str(lang).strip().replace("-", "_")
    if code in LANGUAGES:
        return code
    lowered = code.lower()
    for known in LANGUAGES:
        if lowered == known.lower():
            return known
    if lowered == "zh" or lowered.startswith(("zh_cn", "zh_hans", "zh_sg")):
        return "zh_CN"
    if lowered == "en" or lowered.startswith("en_"):
        return "en"
    return None


def system_language(locale: QLocale | None = None) -> str:
    """The shipped language closest to the system's (or ``locale``'s): Chinese -> "zh_CN", anything else -> "en"."""
    locale = locale if locale is not None else QLocale.system()
    if locale.language() == QLocale.Language.Chinese:
        return "zh_CN"
    for name in locale.uiLanguages():  # e.g. an English system whose preferred UI language list starts with zh
        code = normalize_language(name)
        if code is not None:
            return code
    return DEFAULT_LANGUAGE


def saved_language() -> str | None:
    """The language chosen last in View -> Language (QSettings "language"), or None if none was chosen."""
    value = QSettings().value(SETTINGS_KEY)
    return normalize_language(value) if isinstance(value, str) else None


def remember_language(lang: str) -> None:
    """Store ``lang`` in QSettings so the next start uses it."""
    settings = QSettings()
    settings.setValue(SETTINGS_KEY, lang)
    settings.sync()


def current_language() -> str:
    """The language installed last by :func:`install_language` ("en" before any)."""
    app = QCoreApplication.instance()
    value = app.property(_LANGUAGE_PROPERTY) if app is not None else None
    return value if isinstance(value, str) and value in LANGUAGES else DEFAULT_LANGUAGE


def install_language(app: QCoreApplication | None, lang: str | None, remember: bool = False) -> str:
    """Switch the UI to ``lang`` ("en" or "zh_CN"); returns the language now in effect.

    Removes bpviz's previous translators, loads ``bpviz_<lang>.qm`` and Qt's ``qtbase_<lang>.qm`` (when Qt ships
    it) and installs them; every widget then receives ``QEvent.LanguageChange``. ``QLocale``'s default follows,
    so code that asks ``QLocale().name()`` (e.g. which language a lesson's text is in) agrees with the UI.
    An unknown or missing language falls back to English with a one-line warning on stderr, never an exception.
    ``remember=True`` also stores the choice in QSettings (View -> Language does; ``--lang`` does not).
    """
    app = app if app is not None else QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_language needs a QApplication: create it first")
    code = normalize_language(lang)
    if code is None:
        _warn(f"bpviz: unknown language {lang!r}; using English (available: {', '.join(LANGUAGES)})")
        code = DEFAULT_LANGUAGE
    for old in getattr(app, _TRANSLATORS_ATTRIBUTE, []) or []:
        app.removeTranslator(old)
    translators = []
    ours = _load_bpviz_translator(app, code)
    if ours is None and code != DEFAULT_LANGUAGE:
        _warn(f"bpviz: the {LANGUAGES[code]} translation (bpviz_{code}.qm) is missing or broken; using English")
        code = DEFAULT_LANGUAGE
        ours = _load_bpviz_translator(app, code)
    if ours is not None:
        translators.append(ours)
    if code != DEFAULT_LANGUAGE:
        plots = _load_bpviz_translator(app, code, catalogue="pyqtgraph")  # plot menus and export dialog
        if plots is not None:
            translators.append(plots)
        qt = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(QLocale(code), "qtbase", "_", folder):
            translators.append(qt)
    for translator in translators:
        app.installTranslator(translator)
    setattr(app, _TRANSLATORS_ATTRIBUTE, translators)
    app.setProperty(_LANGUAGE_PROPERTY, code)
    QLocale.setDefault(QLocale(code))
    if remember:
        remember_language(code)
    return code


def uninstall_language(app: QCoreApplication | None = None) -> None:
    """Remove bpviz's translators: every string shows its English source text again (tests restore with it)."""
    app = app if app is not None else QCoreApplication.instance()
    if app is None:
        return
    for old in getattr(app, _TRANSLATORS_ATTRIBUTE, []) or []:
        app.removeTranslator(old)
    setattr(app, _TRANSLATORS_ATTRIBUTE, [])
    app.setProperty(_LANGUAGE_PROPERTY, DEFAULT_LANGUAGE)


def _load_bpviz_translator(app: QCoreApplication, code: str, catalogue: str = "bpviz") -> QTranslator | None:
    from bpviz.paths import resource_path

    try:
        path = resource_path("translations", f"{catalogue}_{code}.qm")
    except FileNotFoundError:
        return None
    translator = QTranslator(app)
    return translator if translator.load(str(path)) else None


def _warn(message: str) -> None:
    print(message, file=sys.stderr)
