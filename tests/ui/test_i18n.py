"""Languages: the zh_CN translation is complete and faithful (placeholders, numbers, line breaks kept), the .ts
files match the code and the committed .qm files match the .ts, every plot and the main window switch to Chinese
and back at run time, and bpviz.ui.i18n picks, installs, remembers and falls back as documented.

Every test that installs Chinese restores English (the ``language`` fixture), so other tests see English.
"""

from __future__ import annotations

import html
import importlib.util
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from collections import Counter
from pathlib import Path

import pytest

import bpviz.ui  # noqa: F401  (PySide6 before pyqtgraph)
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractSpinBox, QComboBox, QDockWidget, QDoubleSpinBox, QGroupBox, QLabel, QMenu, QSlider,
    QSpinBox, QTextEdit, QWidget,
)

from bpviz.ui import i18n
from bpviz.ui.plots import PLOT_CLASSES

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"
ZH_TS = TRANSLATIONS / "bpviz_zh_CN.ts"
EN_TS = TRANSLATIONS / "bpviz_en.ts"
PG_TS = TRANSLATIONS / "pyqtgraph_zh_CN.ts"  # pyqtgraph's plot menus and export dialog
CJK = re.compile(r"[\u4e00-\u9fff]")
PLACEHOLDER = re.compile(r"%L?\d+|\{[A-Za-z_][A-Za-z0-9_]*(?:[:!][^{}]*)?\}|%[sdfgr]|%\([a-z_]+\)[sdfg]")
NUMBER = re.compile(r"\d+(?:\.\d+)?(?:e[+-]?\d+)?")
#: Words that stay as they are in Chinese: names of functions, methods, people, formats and keys.
IDENTIFIERS = re.compile(
    r"\b(?:sigmoid|tanh|relu|ReLU|leaky_relu|PReLU|prelu|ELU|elu|GELU|gelu|Xavier|xavier|Glorot|Bengio|Karpathy|"
    r"He|Kaiming|Leaky|TensorFlow|Playground|Adam|adam|SGD|sgd|momentum|std|NaN|Inf|nats?|ln|lr|bpviz|"
    r"PNG|SVG|CSV|JSON|MIT|Ctrl|Shift|Alt|Space|Esc|"
    r"PySide6|Qt|NumPy|pyqtgraph|PyQtGraph|circle|xor|gauss|spiral|moons|float32|float64|norm|value|off|alpha|"
    r"update|dh_l|dh|dW|dL|LSTM|GRU|RNN|PyTorch|log10|Tab|F\d+|Home|Del|Enter|Return|Backspace)\b")


def _load_translation_tool():
    """tools/update_translations.py (a script, not a package): the one parser of .ts files, shared with it."""
    spec = importlib.util.spec_from_file_location("update_translations", ROOT / "tools" / "update_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


update_translations = _load_translation_tool()
ts_messages = update_translations.messages  # context, source, translations (one, or each plural form), type


ZH_MESSAGES = ts_messages(ZH_TS) if ZH_TS.is_file() else []
PG_MESSAGES = ts_messages(PG_TS) if PG_TS.is_file() else []
ALL_ZH = ZH_MESSAGES + PG_MESSAGES
ALL_ZH_IDS = [f"{m['context']}:{m['source'][:40]}" for m in ALL_ZH]


def has_english_words(text: str) -> bool:
    """True if ``text`` has an English word (3+ letters) besides the identifiers that stay untranslated."""
    return re.search(r"[A-Za-z]{3,}", IDENTIFIERS.sub("", PLACEHOLDER.sub("", text))) is not None


# ---------------------------------------------------------------- the .ts files


@pytest.mark.parametrize(("path", "minimum"), [(ZH_TS, 300), (PG_TS, 80)], ids=["bpviz", "pyqtgraph"])
def test_zh_cn_ts_is_complete(path, minimum):
    root = ElementTree.parse(path).getroot()
    assert root.get("language") == "zh_CN" and root.get("sourcelanguage") == "en"
    messages = ts_messages(path)
    assert len(messages) >= minimum, len(messages)  # the whole UI, not a sample
    bad = [(m["context"], m["source"], m["type"]) for m in messages
           if m["type"] or not all(text.strip() for text in m["translations"])]
    assert not bad, f"{len(bad)} entries unfinished, vanished, obsolete or empty: {bad[:10]}"
    keys = Counter((m["context"], m["source"]) for m in messages)
    assert [key for key, count in keys.items() if count > 1] == []


@pytest.mark.parametrize("message", ALL_ZH, ids=ALL_ZH_IDS)
def test_zh_cn_translation_keeps_placeholders_numbers_and_lines(message):
    source = message["source"]
    assert message["translations"]
    for translation in message["translations"]:
        assert Counter(PLACEHOLDER.findall(translation)) == Counter(PLACEHOLDER.findall(source))
        assert Counter(NUMBER.findall(source)) - Counter(NUMBER.findall(translation)) == Counter(), \
            "a number (value, threshold, formula) of the source is missing in the translation"
        assert translation.count("\n") == source.count("\n")
        assert re.findall(r"</?[a-z0-9]+>", translation) == re.findall(r"</?[a-z0-9]+>", source), "rich-text tags"
        # a mnemonic "&File" stays a mnemonic ("文件(&F)")
        assert len(re.findall(r"&(?!&)\w", translation)) == len(re.findall(r"&(?!&)\w", source))
        assert not has_english_words(source) or CJK.search(translation), "an English sentence left in English"


def test_en_ts_maps_every_string_onto_itself():
    messages = ts_messages(EN_TS)
    assert {(m["context"], m["source"]) for m in messages} == {(m["context"], m["source"]) for m in ZH_MESSAGES}
    assert all(m["type"] == "" and m["translations"] == [m["source"]] for m in messages)


def test_ts_files_match_the_code_and_qm_files_match_the_ts():
    """lupdate finds no new or vanished string in the code, and lrelease of each .ts gives the committed .qm."""
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "update_translations.py"), "--check"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "complete and up to date" in done.stdout


def _translate_calls_lupdate_cannot_read(path: Path) -> list[str]:
    """Calls that translate at run time but that lupdate does not extract, so they never reach the .ts:
    a tr()/translate() inside an f-string, a helper called as ``tr("Context", "text")`` (read as source "Context"),
    and a context or text that is not a string literal."""
    import ast

    def translating(node) -> bool:
        func = node.func
        if isinstance(func, ast.Attribute):
            return func.attr == "tr" or (func.attr == "translate" and isinstance(func.value, ast.Name)
                                         and func.value.id == "QCoreApplication")
        return isinstance(func, ast.Name) and func.id in ("tr", "translate")

    def literal(node) -> bool:
        return isinstance(node, ast.Constant) and isinstance(node.value, str)

    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    in_fstring = {id(sub) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for sub in ast.walk(node)}
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and translating(node)):
            continue
        where = f"{path.relative_to(ROOT)}:{node.lineno}"
        func = node.func
        method_tr = isinstance(func, ast.Attribute) and func.attr == "tr"
        texts = node.args[:1] if method_tr else node.args[:2]
        if id(node) in in_fstring:
            found.append(f"{where}: inside an f-string")
        elif isinstance(func, ast.Name) and func.id == "tr":
            found.append(f"{where}: tr(context, text) helper; use translate(\"Context\", \"text\")")
        elif not all(literal(arg) for arg in texts) or len(texts) < (1 if method_tr else 2):
            found.append(f"{where}: context or text is not a string literal")
    return found


def test_lupdate_can_read_every_translated_string():
    found = [problem for path in sorted((ROOT / "bpviz").rglob("*.py"))
             for problem in _translate_calls_lupdate_cannot_read(path)]
    assert not found, "strings that never reach the .ts files:\n" + "\n".join(found)


def test_lrelease_is_deterministic(tmp_path):
    update_translations.lrelease(ZH_TS, tmp_path / "a.qm")
    update_translations.lrelease(ZH_TS, tmp_path / "b.qm")
    assert (tmp_path / "a.qm").read_bytes() == (tmp_path / "b.qm").read_bytes()
    assert (tmp_path / "a.qm").stat().st_size > 10_000


# ---------------------------------------------------------------- bpviz.ui.i18n


@pytest.fixture
def language(qapp, isolated_settings):
    """Install languages freely; English (no translator) and the old QLocale default come back afterwards."""
    locale = QLocale()
    yield qapp
    i18n.uninstall_language(qapp)
    QLocale.setDefault(locale)
    qapp.processEvents()


def test_available_and_system_languages():
    assert i18n.available_languages() == {"en": "English", "zh_CN": "简体中文"}
    assert i18n.system_language(QLocale("zh_CN")) == "zh_CN"
    assert i18n.system_language(QLocale("zh_TW")) == "zh_CN"
    assert i18n.system_language(QLocale("en_GB")) == "en"
    assert i18n.system_language(QLocale("de_DE")) == "en"
    assert i18n.system_language() in ("en", "zh_CN")
    assert [i18n.normalize_language(code) for code in ("zh", "zh-CN", "ZH_cn", "zh_Hans_CN", "en_US", "fr", "")] \
        == ["zh_CN", "zh_CN", "zh_CN", "zh_CN", "en", None, None]


def test_install_switches_and_returns_the_language(language):
    assert i18n.install_language(language, "zh_CN") == "zh_CN"
    assert QCoreApplication.translate("GradientFlowPlot", "Gradient flow per layer") == "逐层梯度流"
    assert QCoreApplication.translate("GradientFlowPlot", "first/last = %1") == "首层/末层 = %1"
    assert i18n.current_language() == "zh_CN" and QLocale().name() == "zh_CN"
    # Qt's own strings (standard dialogs and buttons) come from qtbase_zh_CN.qm
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert i18n.install_language(language, "en") == "en"
    assert QCoreApplication.translate("GradientFlowPlot", "Gradient flow per layer") == "Gradient flow per layer"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    assert len(language._bpviz_translators) == 1  # the previous ones were removed, not stacked


def test_plot_context_menu_and_export_dialog_are_chinese(language, qtbot):
    """pyqtgraph's own menu (built when a plot is created) comes from pyqtgraph_zh_CN.qm."""
    from bpviz.ui.plots.loss import LossPlot

    i18n.install_language(language, "zh_CN")
    plot = LossPlot()
    qtbot.addWidget(plot)
    menu = plot.plot_item.vb.menu
    assert menu.viewAll.text() == "显示全部"
    assert plot.plot_item.ctrlMenu.title() == "绘图选项"
    assert [action.text() for action in plot.plot_widget.scene().contextMenu] == ["导出…"]
    assert {m.title() for m in menu.findChildren(QMenu)} >= {"X 轴", "Y 轴", "鼠标模式"}


def test_unknown_language_falls_back_to_english_with_a_warning(language, capsys):
    i18n.install_language(language, "zh_CN")
    assert i18n.install_language(language, "klingon") == "en"
    err = capsys.readouterr().err
    assert "unknown language 'klingon'" in err and "Traceback" not in err
    assert QCoreApplication.translate("LossPlot", "Loss and accuracy") == "Loss and accuracy"


def test_missing_translation_file_falls_back_to_english(language, monkeypatch, capsys):
    def no_file(*parts):
        raise FileNotFoundError("/".join(parts))

    monkeypatch.setattr("bpviz.paths.resource_path", no_file)
    assert i18n.install_language(language, "zh_CN") == "en"
    assert "bpviz_zh_CN.qm" in capsys.readouterr().err


def test_chosen_language_is_remembered_only_when_asked(language):
    assert i18n.saved_language() is None
    i18n.install_language(language, "zh_CN")
    assert i18n.saved_language() is None  # --lang is a one-off
    i18n.install_language(language, "zh_CN", remember=True)
    assert i18n.saved_language() == "zh_CN"
    i18n.install_language(language, "en", remember=True)
    assert i18n.saved_language() == "en"


# ---------------------------------------------------------------- the plots


def plot_texts(plot) -> dict[str, str]:
    item = plot.plot_item
    texts = {"title": item.titleLabel.text, "caption": plot.caption.text()}
    for name in ("bottom", "left"):
        axis = item.getAxis(name)
        if axis.isVisible() and axis.labelText:
            texts[name] = axis.labelText
    return texts


@pytest.mark.parametrize("plot_class", PLOT_CLASSES, ids=[cls.object_name for cls in PLOT_CLASSES])
def test_every_plot_switches_to_chinese_and_back(plot_class, language, qtbot):
    plot = plot_class()
    qtbot.addWidget(plot)
    english = plot_texts(plot)
    assert all(not CJK.search(text) for text in english.values()), english
    i18n.install_language(language, "zh_CN")
    qtbot.waitUntil(lambda: CJK.search(plot_texts(plot)["title"]) is not None, timeout=2000)
    chinese = plot_texts(plot)
    assert chinese.keys() == english.keys()
    for key, text in chinese.items():
        assert CJK.search(text) and text != english[key], (key, text)
        assert plot.title_text() == chinese["title"] and plot.accessibleName() == chinese["title"]
    built_in_chinese = plot_class()  # a plot created after the switch starts in Chinese
    qtbot.addWidget(built_in_chinese)
    assert plot_texts(built_in_chinese) == chinese
    i18n.install_language(language, "en")
    qtbot.waitUntil(lambda: plot_texts(plot) == english, timeout=2000)


def test_compare_names_event_markers_and_divergence_are_translated(language):
    from bpviz.engine.telemetry import Event
    from bpviz.ui.plots.texts import event_text, layer_text, quantity_text

    events = [Event(3, "residual on", "network.residual"), Event(4, "lr 0.3", "train.learning_rate"),
              Event(5, "clip by norm (1)", "train.clip_mode"), Event(6, "diverged", "", kind="diverged"),
              Event(7, "activation relu", "network.activation")]
    assert [event_text(e) for e in events] == ["residual on", "lr 0.3", "clip by norm (1)", "diverged",
                                               "activation ReLU"]
    assert layer_text("hidden 0") == "hidden layer 1" and layer_text("output") == "output layer"
    i18n.install_language(language, "zh_CN")
    assert [event_text(e) for e in events] == ["残差连接 开", "学习率 0.3", "按范数裁剪 (1)", "发散", "激活函数 ReLU"]
    assert layer_text("hidden 9") == "隐藏层 10" and layer_text("loss") == "损失"
    assert quantity_text("weight gradient") == "权重梯度" and quantity_text("activation") == "激活值"


# ---------------------------------------------------------------- the main window


QT_INTERNAL = {"ScrollLeftButton", "ScrollRightButton"}


def visible_texts(window: QWidget) -> list[tuple[str, str]]:
    """(objectName or class, text) of every control, label, group, dock and menu entry a user can read."""
    texts = []
    for widget in window.findChildren(QWidget):
        name = widget.objectName() or type(widget).__name__
        if name.startswith("qt_") or name in QT_INTERNAL:
            continue  # Qt's own sub-widgets: qtbase_zh_CN.qm names them when they are created
        if isinstance(widget, (QAbstractButton, QLabel)) and widget.text():
            texts.append((name, widget.text()))
        elif isinstance(widget, QGroupBox) and widget.title():
            texts.append((name, widget.title()))
        elif isinstance(widget, QDockWidget) and widget.windowTitle():
            texts.append((name, widget.windowTitle()))
        if isinstance(widget, QComboBox):
            texts += [(f"{name}[{index}]", widget.itemText(index)) for index in range(widget.count())]
        if isinstance(widget, (QAbstractSpinBox, QSlider, QComboBox, QAbstractButton, QLabel)):
            texts += [(f"{name}.{kind}", text) for kind, text in (("toolTip", widget.toolTip()),
                                                                   ("accessibleName", widget.accessibleName()))
                      if text]
        if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
            texts += [(f"{name}.suffix", text) for text in (widget.prefix(), widget.suffix()) if text.strip()]
    # the experiment's name is the user's text (the default experiment's name is checked separately)
    for widget in window.findChildren(QTextEdit):  # rich text: each paragraph and bold run on its own
        body = re.sub(r"(?s).*?<body[^>]*>", "", widget.toHtml(), count=1)
        fragments = (html.unescape(part).strip() for part in re.split(r"<[^>]+>", body))
        texts += [(widget.objectName() or type(widget).__name__, part) for part in fragments if part]
    texts.append(("windowTitle", window.windowTitle()))  # the default experiment's name is translated too
    native_names = set(i18n.available_languages().values())  # View -> Language: each in its own language
    for menu in window.findChildren(QMenu):
        texts += [(f"menu {menu.title()}", action.text()) for action in menu.actions()
                  if action.text() and action.text() not in native_names]
    return texts


def english_left(texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Texts that are English sentences or words (numbers, formulas and identifiers may stay)."""
    plain = [(name, re.sub(r"<[^>]+>", " ", text)) for name, text in texts]  # rich-text tags are not words
    return [(name, text) for name, text in plain if has_english_words(CJK.sub(" ", text)) and not CJK.search(text)]


@pytest.fixture
def zh_window(language, make_window):
    i18n.install_language(language, "zh_CN")
    return make_window()


def test_main_window_starts_in_chinese_and_switches_back(zh_window, language, qtbot):
    train = zh_window.findChild(QAbstractButton, "trainButton")
    chinese = train.text()
    assert CJK.search(chinese), chinese
    assert CJK.search(zh_window.findChild(QAbstractButton, "resetButton").text())
    assert CJK.search(zh_window.findChild(QWidget, "gradientFlowPlot").plot_item.titleLabel.text)
    assert "深层 sigmoid" in zh_window.windowTitle()  # the built-in default experiment's name
    i18n.install_language(language, "en")
    qtbot.waitUntil(lambda: not CJK.search(train.text()), timeout=2000)
    assert train.text() != chinese
    qtbot.waitUntil(lambda: not any(CJK.search(text) for _name, text in visible_texts(zh_window)), timeout=2000)
    i18n.install_language(language, "zh_CN")
    qtbot.waitUntil(lambda: train.text() == chinese, timeout=2000)


def test_main_window_in_chinese_has_no_english_left(zh_window, qtbot):
    left = english_left(visible_texts(zh_window))
    assert not left, f"{len(left)} texts still in English: {left[:15]}"
    zh_window.load_lesson("relu")  # the lesson panel: its labels and the lesson's own Chinese text
    left = english_left(visible_texts(zh_window))
    assert not left, f"{len(left)} texts still in English with a lesson loaded: {left[:15]}"


def test_language_menu_offers_both_languages(zh_window):
    actions = [action for menu in zh_window.findChildren(QMenu) for action in menu.actions()]
    names = {action.text() for action in actions}
    assert {"English", "简体中文"} <= names, sorted(names)


def test_view_language_switches_the_running_window_and_remembers(zh_window, language, qtbot):
    english = next(action for menu in zh_window.findChildren(QMenu) for action in menu.actions()
                   if action.text() == "English")
    english.trigger()
    train = zh_window.findChild(QAbstractButton, "trainButton")
    qtbot.waitUntil(lambda: not CJK.search(train.text()), timeout=2000)
    assert i18n.current_language() == "en" and i18n.saved_language() == "en" and english.isChecked()
    flow = zh_window.findChild(QWidget, "gradientFlowPlot")
    qtbot.waitUntil(lambda: flow.plot_item.titleLabel.text == "Gradient flow per layer", timeout=2000)


def test_app_start_uses_lang_then_saved_then_system_language(language):
    """bpviz.ui.app's start-up: --lang wins, else the language chosen last in View -> Language, else the system's."""
    from bpviz.ui.app import install_translators

    assert install_translators(language, None) == i18n.system_language()
    i18n.remember_language("zh_CN")
    assert install_translators(language, None) == "zh_CN"
    assert QCoreApplication.translate("LossPlot", "Loss and accuracy") == "损失与准确率"
    assert install_translators(language, "en") == "en"
    assert i18n.saved_language() == "zh_CN"  # --lang en did not overwrite the saved choice


def test_a_closed_window_ignores_a_language_change(language, qtbot, monkeypatch):
    """A window that was shut down may be half destroyed (PySide6 6.8 to 6.11.0 delete its menus first, and crash
    on the error its retranslation then raises): it must not retranslate."""
    from bpviz.ui.main_window import MainWindow

    window = MainWindow(training="thread")
    qtbot.addWidget(window)
    retranslated: list[str] = []
    monkeypatch.setattr(window, "retranslate_ui", lambda: retranslated.append(i18n.current_language()))
    i18n.install_language(language, "zh_CN")
    qtbot.waitUntil(lambda: retranslated == ["zh_CN"], timeout=3000)  # an open window does
    window.close()
    i18n.install_language(language, "en")
    language.processEvents()
    assert retranslated == ["zh_CN"]
