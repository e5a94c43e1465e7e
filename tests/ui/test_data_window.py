"""The teacher's own data in the window (issue 13): File -> Import data, the experiment remembering its CSV file
(a moved or changed file is reported, never silently replaced), and the About box's credit for the digits."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtWidgets import QComboBox, QMessageBox, QPushButton

from bpviz.config import ExperimentConfig
from bpviz.engine.tabular import sha256_of

GOOD = "height,weight,age,label\n" + "".join(
    f"{150 + i % 37},{50 + (i * 7) % 41},{10 + i % 9},{'tall' if (150 + i % 37) > 168 else 'short'}\n"
    for i in range(120))

BAD_FILES = {  # file content -> what the one message must say
    "non-numeric": ("a,b,label\n1,2,x\n3,abc,y\n5,6,x\n7,8,y\n", ("row 3", "column 2", "'b'", "abc")),
    "missing": ("a,b,label\n1,2,x\n3,,y\n5,6,x\n7,8,y\n", ("row 3", "column 2")),
    "single class": ("a,b,label\n1,2,x\n3,4,x\n5,6,x\n7,8,x\n", ("same label", "two classes")),
    "empty": ("", ("empty",)),
    "binary": (b"PK\x03\x04\x14\x00\x00\x00binary", ("zip",)),
    "columns": ("a,b,label\n1,2,x\n3,4,5,y\n5,6,x\n7,8,y\n", ("row 3",)),
}


def frame_step(window) -> int:
    frame = window.latest_frame()
    return -1 if frame is None else frame.snapshot.step


@pytest.fixture
def window(make_window):
    return make_window(ExperimentConfig().replace(**{"network.depth": 3, "network.width": 8}), training="thread")


def test_the_file_menu_offers_import_data(window):
    actions = window.menus["file"].actions()
    assert window.files.import_action in actions
    assert window.files.import_action.text() == "&Import data (CSV)…"


def test_import_a_table_trains_on_it(window, qtbot, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(GOOD, encoding="utf-8")
    assert window.files.import_data(path)
    data = window.config.data
    assert data.dataset == "csv" and data.path == str(path.resolve()) and data.sha256 == sha256_of(path.read_bytes())
    qtbot.waitUntil(lambda: window.latest_frame() is not None and window.latest_frame().snapshot.n_inputs == 3,
                    timeout=10000)
    assert window.latest_frame().snapshot.class_names == ("short", "tall")
    assert "people.csv: 120 rows, 3 features, 2 classes" in window.statusBar().currentMessage()
    assert window.findChild(QComboBox, "datasetCombo").currentText() == "people.csv"  # the builder names the file
    window.step()
    qtbot.waitUntil(lambda: frame_step(window) == 1, timeout=10000)
    window.draw_all_plots()
    plot = window.plots["decisionBoundaryPlot"]
    qtbot.waitUntil(lambda: plot.mode == "confusion", timeout=10000)


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_bad_file_is_one_clear_message_and_changes_nothing(window, qtbot, tmp_path, kind):
    content, words = BAD_FILES[kind]
    path = tmp_path / f"{kind}.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    window.step()
    qtbot.waitUntil(lambda: frame_step(window) == 1, timeout=10000)
    before = window.config
    assert not window.files.import_data(path)
    box = window.files.message
    assert box is not None and box.isVisible() and box.icon() == QMessageBox.Icon.Warning
    assert box.windowTitle() == "Cannot import data"
    for word in words:
        assert word in box.text(), (word, box.text())
    assert window.config is before
    assert frame_step(window) == 1 and window.worker.mailbox.latest().snapshot.n_inputs == 2
    box.close()


def test_the_experiment_remembers_its_file_and_reports_a_moved_or_changed_one(window, qtbot, tmp_path):
    data_path = tmp_path / "people.csv"
    data_path.write_text(GOOD, encoding="utf-8")
    assert window.files.import_data(data_path)
    experiment = tmp_path / "people.json"
    assert window.save_experiment(experiment)
    window.reset(ExperimentConfig())

    moved = tmp_path / "elsewhere" / "people.csv"
    moved.parent.mkdir()
    shutil.move(data_path, moved)
    assert not window.open_experiment(experiment)
    box = window.files.message
    assert box.windowTitle() == "Data file not found" and "not there any more" in box.text()
    assert window.config.data.dataset == ExperimentConfig().data.dataset  # nothing opened, nothing replaced
    # another file in the moved one's place is refused ...
    other = tmp_path / "other.csv"
    other.write_text(GOOD.replace("tall", "giant"), encoding="utf-8")
    config = ExperimentConfig.load(experiment)
    assert not window.files.locate_data_file(config, experiment, other)
    assert window.files.message.windowTitle() == "Not the experiment's data file"
    assert window.config.data.dataset == ExperimentConfig().data.dataset
    # ... the moved file itself is accepted (the dialog's button leads there)
    box = window.files.message
    window.files.open_experiment(experiment)
    locate = window.files.message.findChild(QPushButton, "locateDataButton")
    assert locate is not None
    assert window.files.locate_data_file(config, experiment, moved)
    assert window.config.data.path == str(moved.resolve())
    qtbot.waitUntil(lambda: window.latest_frame().snapshot.n_inputs == 3, timeout=10000)

    # a changed file is reported, and the experiment is not opened
    window.reset(ExperimentConfig())
    shutil.move(moved, data_path)
    data_path.write_text(GOOD.replace("tall", "giant"), encoding="utf-8")
    assert not window.open_experiment(experiment)
    box = window.files.message
    assert box.windowTitle() == "Data file changed" and "has changed" in box.text()
    assert window.config.data.dataset == ExperimentConfig().data.dataset
    box.close()


def test_about_credits_the_digits(qtbot):
    from bpviz.ui.dialogs import AboutDialog

    about = AboutDialog()
    qtbot.addWidget(about)
    text = about.text()
    assert "Optical Recognition of Handwritten Digits" in text and "CC BY 4.0" in text and "UCI" in text


def test_starting_with_an_experiment_whose_file_moved_says_so_and_opens_the_default(qapp, tmp_path, monkeypatch):
    import dataclasses

    from bpviz.engine.tabular import import_csv
    from bpviz.ui.app import load_experiment_or_default

    data_path = tmp_path / "people.csv"
    data_path.write_text(GOOD, encoding="utf-8")
    data, _ = import_csv(data_path)
    experiment = tmp_path / "people.json"
    dataclasses.replace(ExperimentConfig(), data=data).save(experiment)
    assert load_experiment_or_default(experiment).data.path == str(data_path.resolve())
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    data_path.unlink()
    assert load_experiment_or_default(experiment) == ExperimentConfig()
    assert shown and "not there any more" in shown[0]
