"""A data file bpviz cannot use, in the UI language: every reason code of bpviz.engine.tabular has a translated
wording; in Chinese every hostile CSV file gives a Chinese message with its row and column (import, a moved or
changed file, the file given at start-up, a Reset that finds the file gone); in English the text is the engine's,
word for word. The window keeps its experiment and its run."""

from __future__ import annotations

import dataclasses
import importlib.util
import re
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from bpviz.config import ExperimentConfig
from bpviz.engine import tabular
from bpviz.engine.tabular import DataFileError, DataNotice, import_csv
from bpviz.ui import i18n
from bpviz.ui.data_file_messages import NOTICE_WORDINGS, WORDINGS, data_file_message, data_notice_message

CJK = re.compile(r"[\u4e00-\u9fff]")
# Three English words in a row (a file's or a column's name and a quoted value are taken out first)
ENGLISH_SENTENCE = re.compile(r"[A-Za-z]{2,}(?:[ ,;:-]+[A-Za-z]{2,}){2,}")
SMALL = ExperimentConfig().replace(**{"network.depth": 3, "network.width": 8})
GOOD = "height,weight,age,label\n" + "".join(
    f"{150 + i % 37},{50 + (i * 7) % 41},{10 + i % 9},{'tall' if (150 + i % 37) > 168 else 'short'}\n"
    for i in range(120))


def _tabular_tests():
    """tests/engine/test_tabular.py (the hostile CSV files and the errors of every code), loaded by its path."""
    path = Path(__file__).resolve().parent.parent / "engine" / "test_tabular.py"
    spec = importlib.util.spec_from_file_location("bpviz_tabular_tests", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def chinese(qapp, isolated_settings):
    """The UI in Chinese for the test; English again afterwards."""
    i18n.install_language(qapp, "zh_CN")
    yield qapp
    i18n.uninstall_language(qapp)
    qapp.processEvents()


def english_left(text: str, path: str = "") -> list[str]:
    """The English sentences in ``text``, besides the file's ``path`` and name and the quoted names and values."""
    if path:
        text = text.replace(path, " ").replace(Path(path).name, " ")
    text = re.sub(r"'[^']*'|“[^”]*”|\"[^\"]*\"", " ", text)
    return ENGLISH_SENTENCE.findall(text)


def assert_chinese(text: str, path: str = "", row: int | None = None, column: int | None = None) -> None:
    """``text`` is Chinese, with no English sentence, and names ``row`` and ``column`` as Chinese does."""
    assert CJK.search(text), text
    assert not english_left(text, path), (english_left(text, path), text)
    for number in (row, column):
        if number is not None:
            assert re.search(rf"第 {number} [行列]", text), (number, text)


def assert_chinese_error(text: str, error: DataFileError) -> None:
    column = None if error.code == "single_row_classes" else error.column  # that message names no column
    assert_chinese(text, error.path, error.row, column)


# ---------------------------------------------------------------- every code has words

def test_every_code_has_a_wording():
    assert set(WORDINGS) == set(tabular.DATA_FILE_ERROR_CODES)
    assert set(NOTICE_WORDINGS) == set(tabular.DATA_NOTICE_CODES)


def test_every_code_and_file_kind_is_translated(chinese):
    """Each wording differs from its English source in Chinese: none is left untranslated."""
    wordings = {**WORDINGS, **NOTICE_WORDINGS}
    variants = ({}, {"has_header": True, "count": 1})  # the codes with two wordings: both of them
    i18n.uninstall_language(chinese)
    english = {(code, index): wording(params) for code, wording in wordings.items()
               for index, params in enumerate(variants)}
    kinds_english = {kind: tabular._SIGNATURES[i][2] for i, kind in enumerate(tabular.FILE_KINDS)}
    i18n.install_language(chinese, "zh_CN")
    for (code, index), source in english.items():
        wording = wordings[code](variants[index])
        assert wording != source and CJK.search(wording), (code, wording)
    from bpviz.ui.data_file_messages import _file_kind

    for kind in tabular.FILE_KINDS:
        assert CJK.search(_file_kind(kind)) and _file_kind(kind) != kinds_english[kind], kind


def test_every_error_is_the_engines_message_in_english_and_chinese_in_chinese(qapp, isolated_settings, tmp_path,
                                                                             monkeypatch):
    errors = _tabular_tests().data_file_error_of_every_code(tmp_path, monkeypatch)
    assert set(errors) == set(tabular.DATA_FILE_ERROR_CODES)
    i18n.uninstall_language(qapp)
    for raised in errors.values():
        for error in raised:
            assert data_file_message(error) == str(error), error.code
    try:
        i18n.install_language(qapp, "zh_CN")
        for code, raised in errors.items():
            for error in raised:
                text = data_file_message(error)
                assert_chinese_error(text, error)
                assert text.startswith(f"{Path(error.path).name}："), text
                for name in ("path", "name", "value", "count", "limit", "minimum", "byte", "code"):
                    if name in error.params and not (name == "value" and error.params.get("missing") in
                                                     ("empty", "nan")):  # shown as 空 or NaN
                        assert str(error.params[name]) in text, (code, name, text)
    finally:
        i18n.uninstall_language(qapp)


def test_a_cell_error_in_chinese_reads_naturally(chinese):
    error = _tabular_tests().error_of(b"a,b,label\n1,2,x\n3,abc,y\n5,6,x\n7,8,y\n")
    assert data_file_message(error) == "f.csv：第 3 行第 2 列（“b”）：'abc' 不是数值；特征列只能包含数值"
    error = _tabular_tests().error_of(b"a,b,label\n1,2,x\n3,,y\n5,6,x\n7,8,y\n")
    assert data_file_message(error) == "f.csv：第 3 行第 2 列（“b”）：缺少数值（空）；请填上或删除该行"
    error = _tabular_tests().error_of(b"1\t2\tx\n3\t4\ty\n5\t6\n7\t8\ty\n")
    assert "请检查第 3 行是否少了或多了“制表符”" in data_file_message(error)


def test_an_error_without_a_known_code_is_its_english_text(chinese):
    error = DataFileError("something new", "f.csv", code="not_yet_worded")
    assert data_file_message(error) == "f.csv: something new"
    assert data_file_message(ValueError("plain")) == "plain"


def test_notices_in_chinese_and_as_they_were_in_english(chinese):
    table = tabular.parse_table(b"h,w,kind\n1,5,x\n2,5,y\n3,5,x\n4,5,y\n", "f.csv")
    texts = [data_notice_message(notice) for notice in table.notices]
    assert texts == ["没有名为“label”的列，因此把最后一列（“kind”）作为标签。",
                     "第 2 列（“w”）在所有行中的值都相同（5）：它不含任何信息（保留该列，按 0 处理）。"]
    i18n.uninstall_language(chinese)
    assert [data_notice_message(notice) for notice in table.notices] == list(table.notices)
    assert data_notice_message("a plain notice") == "a plain notice"
    assert isinstance(table.notices[0], DataNotice)


# ---------------------------------------------------------------- in the window

def frame_step(window) -> int:
    frame = window.latest_frame()
    return -1 if frame is None else frame.snapshot.step


def test_every_hostile_csv_file_is_one_chinese_message_and_the_run_goes_on(chinese, make_window, qtbot, tmp_path):
    """File -> Import data in Chinese: each hostile file one warning in Chinese that names its row and column;
    the experiment and its run are what they were."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    expected = _tabular_tests().make_hostile_csv_folder(folder)
    window = make_window(SMALL, training="thread")
    window.step()
    qtbot.waitUntil(lambda: frame_step(window) == 1, timeout=10000)
    before = window.config
    title = QCoreApplication.translate("ExperimentFiles", "Cannot import data")
    assert CJK.search(title)
    for name, (code, row, column) in expected.items():
        assert not window.files.import_data(folder / name), name
        box = window.files.message
        assert box.isVisible() and box.icon() == QMessageBox.Icon.Warning and box.windowTitle() == title
        column = None if code == "single_row_classes" else column
        assert_chinese(box.text(), str((folder / name).absolute()), row, column)
        assert window.config is before, name
    window.step()
    qtbot.waitUntil(lambda: frame_step(window) == 2, timeout=10000)  # the current run goes on
    assert window.worker.mailbox.latest().snapshot.n_inputs == 2
    window.files.message.close()


def test_import_notices_are_chinese(chinese, make_window, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("height,weight,age,kind\n" + "".join(
        f"{150 + i % 37},{50 + (i * 7) % 41},7,{'tall' if (150 + i % 37) > 168 else 'short'}\n" for i in range(120)),
        encoding="utf-8")
    window = make_window(SMALL, training="thread")
    assert window.files.import_data(path)
    box = window.files.message
    assert box.windowTitle() == QCoreApplication.translate("ExperimentFiles", "Data imported")
    assert "没有名为“label”的列，因此把最后一列（“kind”）作为标签。" in box.text()
    assert "第 3 列（“age”）在所有行中的值都相同（7）" in box.text()
    assert not english_left(box.text()), box.text()
    box.close()


def test_a_moved_or_changed_file_is_reported_in_chinese(chinese, make_window, qtbot, tmp_path):
    data_path = tmp_path / "people.csv"
    data_path.write_text(GOOD, encoding="utf-8")
    window = make_window(SMALL, training="thread")
    assert window.files.import_data(data_path)
    experiment = tmp_path / "people.json"
    assert window.save_experiment(experiment)
    window.reset(SMALL)
    moved = tmp_path / "elsewhere" / "people.csv"
    moved.parent.mkdir()
    shutil.move(data_path, moved)

    assert not window.open_experiment(experiment)
    box = window.files.message
    assert box.windowTitle() == QCoreApplication.translate("ExperimentFiles", "Data file not found")
    assert "实验的数据文件已不在原处" in box.text() and str(data_path) in box.text()
    assert_chinese(box.text(), str(data_path))
    other = tmp_path / "other.csv"
    other.write_text(GOOD.replace("tall", "giant"), encoding="utf-8")
    assert not window.files.locate_data_file(ExperimentConfig.load(experiment), experiment, other)
    assert "实验保存后，其数据文件已被修改" in window.files.message.text()
    assert_chinese(window.files.message.text(), str(other))

    shutil.move(moved, data_path)
    data_path.write_text(GOOD.replace("tall", "giant"), encoding="utf-8")
    assert not window.open_experiment(experiment)
    box = window.files.message
    assert box.windowTitle() == QCoreApplication.translate("ExperimentFiles", "Data file changed")
    assert "实验保存后，其数据文件已被修改" in box.text()
    assert_chinese(box.text(), str(data_path))
    assert window.config.data.dataset == SMALL.data.dataset
    box.close()


def test_the_file_given_at_start_up_is_reported_in_chinese(chinese, tmp_path, monkeypatch):
    from bpviz.ui.app import load_experiment_or_default

    data_path = tmp_path / "people.csv"
    data_path.write_text(GOOD, encoding="utf-8")
    data, _ = import_csv(data_path)
    experiment = tmp_path / "people.json"
    dataclasses.replace(ExperimentConfig(), data=data).save(experiment)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    data_path.unlink()
    assert load_experiment_or_default(experiment) == ExperimentConfig()
    assert len(shown) == 1 and "实验的数据文件已不在原处" in shown[0]
    assert_chinese(shown[0], str(data_path))


def _reset_after_the_file_went(make_window, qtbot, tmp_path, training):
    """A window trained on an imported file, the file deleted, then a new seed (a rebuild that reads the file)."""
    data_path = tmp_path / "people.csv"
    data_path.write_text(GOOD, encoding="utf-8")
    window = make_window(SMALL, training=training)
    assert window.files.import_data(data_path)
    qtbot.waitUntil(lambda: window.latest_frame() is not None and window.latest_frame().snapshot.n_inputs == 3,
                    timeout=20000)
    data_path.unlink()
    window.set_config(window.config.replace(**{"train.seed": 5}))
    return window, data_path


@pytest.mark.parametrize("training", ["thread", "process"])
def test_a_reset_that_finds_the_file_gone_says_so_in_the_ui_language(chinese, make_window, qtbot, tmp_path,
                                                                     training):
    """The training (in a thread, or in a process that sends the error over its pipe) finds the experiment's file
    gone when a new seed rebuilds the network: the status bar says so in Chinese; in English as before."""
    window, data_path = _reset_after_the_file_went(make_window, qtbot, tmp_path, training)
    qtbot.waitUntil(lambda: "已不在原处" in window.statusBar().currentMessage(), timeout=20000)
    message = window.statusBar().currentMessage()
    assert message.startswith("训练已停止：people.csv：实验的数据文件已不在原处"), message
    assert_chinese(message, str(data_path))
    assert window.latest_frame().snapshot.n_inputs == 3  # the run on the file's data is kept


def test_a_reset_that_finds_the_file_gone_is_as_before_in_english(make_window, qtbot, tmp_path):
    window, data_path = _reset_after_the_file_went(make_window, qtbot, tmp_path, "thread")
    qtbot.waitUntil(lambda: "Training stopped" in window.statusBar().currentMessage(), timeout=20000)
    assert window.statusBar().currentMessage() == (
        f"Training stopped: DataFileMissing: people.csv: the experiment's data file is not there any more "
        f"({data_path}): it was moved, renamed or deleted. Put it back, or locate it (bpviz checks that it is the "
        "same file), or import another file")
