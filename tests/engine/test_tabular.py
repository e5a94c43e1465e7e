"""The CSV importer: the files it reads, one clear message (row and column) for every bad file, the experiment's
file remembered by path and content hash, and property tests: any bytes give a table or a DataFileError."""

from __future__ import annotations

import codecs
import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bpviz.config import ConfigError, DataConfig, ExperimentConfig
from bpviz.engine import tabular
from bpviz.engine.datasets import load_dataset
from bpviz.engine.tabular import (
    DataFileChanged, DataFileError, DataFileMissing, Table, dataset_from_table, import_csv, load_csv_dataset,
    parse_table, read_table, relocate, sha256_of, verify_data_file,
)
from bpviz.engine.trainer import Trainer

IRIS_LIKE = b"""sepal_length,sepal_width,petal_length,species
5.1,3.5,1.4,setosa
4.9,3.0,1.4,setosa
7.0,3.2,4.7,versicolor
6.4,3.2,4.5,versicolor
6.3,3.3,6.0,virginica
5.8,2.7,5.1,virginica
"""


@pytest.fixture
def iris(tmp_path):
    path = tmp_path / "iris.csv"
    path.write_bytes(IRIS_LIKE)
    return path


def error_of(data: bytes) -> DataFileError:
    with pytest.raises(DataFileError) as info:
        parse_table(data, "f.csv")
    assert isinstance(info.value, ConfigError)
    assert str(info.value).startswith("f.csv: ")
    return info.value


# ---------------------------------------------------------------- files it reads

def test_header_text_labels_sorted_and_the_last_column_as_label():
    table = parse_table(IRIS_LIKE, "iris.csv")
    assert table.has_header and table.delimiter == ","
    assert table.feature_names == ("sepal_length", "sepal_width", "petal_length")
    assert table.class_names == ("setosa", "versicolor", "virginica")
    assert table.labels.tolist() == [0, 0, 1, 1, 2, 2]
    assert table.features.shape == (6, 3) and table.features[0].tolist() == [5.1, 3.5, 1.4]
    assert table.label_name == "species"
    assert any("last column ('species')" in notice for notice in table.notices)
    assert table.sha256 == sha256_of(IRIS_LIKE)


def test_a_column_named_label_is_the_label_wherever_it_is():
    table = parse_table(b"x,Label,y\n1,b,2\n3,a,4\n5,b,6\n7,a,8\n", "f.csv")
    assert table.feature_names == ("x", "y") and table.label_name == "Label"
    assert table.class_names == ("a", "b") and table.labels.tolist() == [1, 0, 1, 0]
    assert table.features.tolist() == [[1, 2], [3, 4], [5, 6], [7, 8]]
    assert table.notices == ()


def test_numeric_labels_are_sorted_as_numbers_and_1_equals_1_point_0():
    table = parse_table(b"1,10\n2,9\n3,1.0\n4,1\n5,9.0\n6,-2\n", "f.csv")
    assert not table.has_header
    assert table.class_names == ("-2", "1", "9", "10")
    assert table.labels.tolist() == [3, 2, 1, 1, 2, 0]
    assert table.feature_names == ("column 1",)


def test_data_without_header_and_text_labels():
    table = parse_table(IRIS_LIKE.split(b"\n", 1)[1], "f.csv")
    assert not table.has_header and table.n_rows == 6 and table.n_classes == 3


def test_semicolons_with_decimal_commas_tabs_bom_utf16_crlf_quotes_and_blank_lines():
    expected = [[1.5, 2.0], [3.25, -4.0], [0.5, 1e3], [2.0, 2.0]]
    semicolon = b"a;b;label\n1,5;2;x\n3,25;-4;y\n0,5;1e3;x\n2;2;y\n"
    tab = b"a\tb\tlabel\n1.5\t2\tx\n3.25\t-4\ty\n0.5\t1e3\tx\n2\t2\ty\n"
    comma = b'"a","b","label"\r\n1.5,2,x\r\n\r\n3.25,-4,"y"\r\n  0.5 , 1e3 ,x\r\n2,2,y\r\n\r\n'
    for data in (semicolon, tab, comma, codecs.BOM_UTF8 + comma, "a\tb\tlabel\n1.5\t2\tx\n3.25\t-4\ty\n0.5\t1e3\tx\n"
                 "2\t2\ty\n".encode("utf-16")):
        table = parse_table(data, "f.csv")
        assert table.features.tolist() == expected, data
        assert table.class_names == ("x", "y") and table.feature_names == ("a", "b")


def test_a_delimiter_ending_every_line_and_padded_rows_are_ignored():
    table = parse_table(b"a,b,label,\n1,2,x,\n3,4,y,\n5,6,x,,,\n7,8,y,\n", "f.csv")
    assert table.feature_names == ("a", "b") and table.features.shape == (4, 2)


def test_a_header_with_numeric_names_as_pandas_writes_it():
    table = parse_table(b"0,1,2,target\n1,2,3,0\n4,5,6,1\n7,8,9,0\n1,1,1,1\n", "f.csv")
    assert table.has_header and table.feature_names == ("0", "1", "2") and table.n_rows == 4


def test_a_constant_column_is_kept_with_a_notice():
    table = parse_table(b"a,b,label\n1,7,x\n2,7,y\n3,7,x\n4,7,y\n", "f.csv")
    assert any("Column 2 ('b')" in notice and "same value (7)" in notice for notice in table.notices)
    data = dataset_from_table(table, seed=0, train_fraction=0.5)
    assert np.all(data.X_train[:, 1] == 0.0) and np.all(np.isfinite(data.X_test))


# ---------------------------------------------------------------- every bad file: one message, row and column

@pytest.mark.parametrize("data, expected", [
    (b"", "the file is empty"),
    (b"\n\n  \n", "no data (only blank lines)"),
    (codecs.BOM_UTF8, "no data"),
    (b"a,b,label\n", "row 1 holds column names, but no data rows follow"),
    (b"a,b,label\n\n\n", "no data rows follow"),
    (b"1,2,x\n", "1 data row;"),
    (b"a,b,label\n1,2,x\n3,4,y\n", "2 data rows; bpviz needs at least 4"),
    (b"1\n2\n3\n4\n", "single column"),
    (b"\x00\x01\x02\x03binary\x00", "binary file"),
    (b"1,2,a\n3,\x00,b\n", "binary file"),
    (b"PK\x03\x04\x14\x00\x06\x00", "Excel .xlsx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Excel .xls"),
    (b"%PDF-1.7\n", "PDF"),
    (b"a,b,label\n1,2,x\n3,4,caf\xe9\n", "row 3: byte 0xe9 is not UTF-8"),
    (b"a,b,label\n1,2,x\n3,4\x07,y\n", "row 3: the file holds control characters"),
])
def test_unreadable_files(data, expected):
    assert expected in str(error_of(data))


@pytest.mark.parametrize("data, expected, row, column", [
    (b"a,b,label\n1,2,x\n3,abc,y\n5,6,x\n7,8,y\n", "row 3, column 2 ('b'): 'abc' is not a number", 3, 2),
    (b"a,b,label\n1,2,x\n3,,y\n5,6,x\n7,8,y\n", "row 3, column 2 ('b'): the value is missing (empty)", 3, 2),
    (b"a,b,label\n1,2,x\n3,NA,y\n5,6,x\n7,8,y\n", "row 3, column 2 ('b'): the value is missing ('NA')", 3, 2),
    (b"a,b,label\n1,2,x\n3,nan,y\n5,6,x\n7,8,y\n", "row 3, column 2 ('b'): the value is missing (NaN)", 3, 2),
    (b"a,b,label\n1,2,x\n3,inf,y\n5,6,x\n7,8,y\n", "'inf' is not a finite number", 3, 2),
    (b"a,b,label\n1,2,x\n3,1e999,y\n5,6,x\n7,8,y\n", "'1e999' is not a finite number", 3, 2),
    (b"a,b,label\n1,\"1,234\",x\n3,4,y\n5,6,x\n7,8,y\n", "without thousands separators", 2, 2),
    # the first bad cell in reading order, not the first bad column
    (b"a,b,label\n1,2,x\n3,4,y\nbad,6,x\n7,oops,y\n", "row 4, column 1 ('a')", 4, 1),
    (b"a,b,label\n1,2,x\n3,4,y\n5,6,x\n7,8,\n", "row 5, column 3 ('label'): the label is missing (empty)", 5, 3),
    (b"a,b,label\n1,2,x\n3,4,NaN\n5,6,x\n7,8,y\n", "row 3, column 3 ('label'): the label is missing (NaN)", 3, 3),
    (b"a,b,label\n1,2,x\n3,4\n5,6,x\n7,8,y\n", "row 3 has 2 columns, but the header (row 1) has 3", 3, None),
    (b"a,b,label\n1,2,x\n3,4,y,9\n5,6,x\n7,8,y\n", "row 3 has 4 columns", 3, None),
    (b"1;2;x\n3;4;y\n5;6\n7;8;y\n", "row 3 has 2 columns, but the first row (row 1) has 3; check for a missing or "
                                   "extra ';' in row 3", 3, None),
    (b"a,b,label\n1,2,x\n3,4,x\n5,6,x\n7,8,x\n", "every row has the same label ('x' in column 3, 'label')", None, 3),
    (b"a,label\n1,p\n2,q\n3,r\n4,s\n", "every class has a single row", None, 2),
    (b"a,b,label\n1,2,x\n1,2,y\n1,2,x\n1,2,y\n", "every feature column has the same value in every row", None, None),
    (b"a,label,b,LABEL\n1,x,2,y\n3,y,4,x\n1,x,2,y\n3,y,4,x\n", "columns 2, 4 are all named 'label'", None, None),
])
def test_bad_cells_and_rows_are_named(data, expected, row, column):
    error = error_of(data)
    assert expected in str(error)
    assert (error.row, error.column) == (row, column)


def test_unbalanced_quotes_are_one_clear_message():
    error = error_of(b'a,b,label\n1,2,x\n3,"4,y\n5,6,x\n7,8,y\n')
    assert "row" in str(error)


def test_more_than_100_classes_is_refused_naming_the_label_column():
    rows = "\n".join(f"{i},{i * 0.5}" for i in range(101)) + "\n"
    error = error_of(b"height,weight\n" + rows.encode())
    assert "column 2 ('weight'), the label column, has 101 different values" in str(error)
    assert "at most 100 classes" in str(error) and error.column == 2
    assert parse_table(b"height,weight\n" + "\n".join(f"{i},{i % 100}" for i in range(200)).encode(),
                       "f.csv").n_classes == 100


def test_too_many_feature_columns_is_refused(monkeypatch):
    monkeypatch.setattr(tabular, "MAX_FEATURES", 3)
    assert parse_table(b"1,2,3,x\n4,5,6,y\n1,2,3,x\n4,5,6,y\n", "f.csv").features.shape == (4, 3)
    assert "4 feature columns; bpviz handles at most 3" in str(error_of(b"1,2,3,4,x\n4,5,6,7,y\n1,2,3,4,x\n"
                                                                         b"4,5,6,7,y\n"))


def test_files_that_are_too_large_missing_or_not_regular(tmp_path, monkeypatch):
    monkeypatch.setattr(tabular, "MAX_FILE_BYTES", 100)
    big = tmp_path / "big.csv"
    big.write_bytes(b"1,2,x\n" * 40)
    with pytest.raises(DataFileError, match="big.csv: the file is 0.0 MB; bpviz reads CSV files of at most"):
        read_table(big)
    with pytest.raises(DataFileMissing, match="no such file"):
        read_table(tmp_path / "nowhere.csv")
    with pytest.raises(DataFileError, match="is a folder, not a file"):
        read_table(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_is_refused_without_blocking(tmp_path):
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    with pytest.raises(DataFileError, match="not a regular file"):
        read_table(pipe)


def test_an_unreadable_file_is_one_message(iris, monkeypatch):
    """As root every file is readable, so the refusal is simulated where it happens: opening the file."""
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tabular.os, "open", refuse)
    with pytest.raises(DataFileError, match=r"iris.csv: cannot open it \(Permission denied\)"):
        read_table(iris)


# ---------------------------------------------------------------- from a table to a dataset

def test_standardized_with_training_statistics_and_split_seeded():
    rows = "\n".join(f"{i},{(i * 7) % 13},{'abc'[i % 3]}" for i in range(60))
    table = parse_table(("x,y,label\n" + rows + "\n").encode(), "f.csv")
    data = dataset_from_table(table, seed=4, train_fraction=0.75)
    assert data.n_inputs == 2 and data.is_planar and data.extent is not None  # two features: a plane to draw
    assert np.allclose(data.X_train.mean(axis=0), 0.0) and np.allclose(data.X_train.std(axis=0), 1.0)
    assert len(data.y_train) == 45 and len(data.y_test) == 15
    assert np.array_equal(np.bincount(data.y_test), [5, 5, 5])  # stratified
    again = dataset_from_table(table, seed=4, train_fraction=0.75)
    other = dataset_from_table(table, seed=5, train_fraction=0.75)
    assert np.array_equal(data.X_train, again.X_train) and not np.array_equal(data.X_train, other.X_train)
    assert data.class_names == ("a", "b", "c") and data.feature_names == ("x", "y")


def test_more_rows_than_the_limit_are_subsampled_with_a_notice_keeping_every_class(monkeypatch):
    monkeypatch.setattr(tabular, "MAX_ROWS", 50)
    rows = [f"{i},{i % 5},{'rare' if i == 123 else 'common' + str(i % 2)}" for i in range(400)]
    table = parse_table(("a,b,label\n" + "\n".join(rows)).encode(), "f.csv")
    assert table.n_rows == 400
    data = dataset_from_table(table, seed=1, train_fraction=0.8)
    assert len(data.y_train) + len(data.y_test) == 50
    assert set(np.concatenate((data.y_train, data.y_test)).tolist()) == {0, 1, 2}  # 'rare' kept
    assert any("400 rows; bpviz uses 50 of them" in notice for notice in data.notices)
    again = dataset_from_table(table, seed=1, train_fraction=0.8)
    assert np.array_equal(data.X_train, again.X_train)


# ---------------------------------------------------------------- the experiment's file

def test_import_gives_a_data_config_that_remembers_the_file(iris, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config, table = import_csv("iris.csv", DataConfig(train_fraction=0.5))
    assert config.dataset == "csv" and config.path == str(iris) and os.path.isabs(config.path)
    assert config.sha256 == sha256_of(IRIS_LIKE) and config.train_fraction == 0.5
    assert table.n_classes == 3
    experiment = ExperimentConfig(data=config)
    assert ExperimentConfig.from_json(experiment.to_json()) == experiment
    data = load_dataset(config, seed=0)
    assert data.name == "iris.csv" and data.n_inputs == 3 and data.n_classes == 3 and not data.is_planar
    verify_data_file(config)


def test_a_moved_file_is_reported_and_can_be_located_again(iris, tmp_path):
    config, _ = import_csv(iris)
    moved = tmp_path / "elsewhere.csv"
    iris.rename(moved)
    with pytest.raises(DataFileMissing) as info:
        verify_data_file(config)
    assert "not there any more" in str(info.value) and info.value.path == str(iris)
    with pytest.raises(DataFileMissing):
        Trainer(ExperimentConfig(data=config))
    found = relocate(config, moved)
    assert found.path == str(moved) and found.sha256 == config.sha256
    assert Trainer(ExperimentConfig(data=found)).dataset.n_classes == 3


def test_a_changed_file_is_reported_never_silently_used(iris):
    config, _ = import_csv(iris)
    iris.write_bytes(IRIS_LIKE.replace(b"5.1", b"9.9"))
    with pytest.raises(DataFileChanged) as info:
        verify_data_file(config)
    assert info.value.expected_sha256 == config.sha256 and info.value.actual_sha256 == sha256_of(iris.read_bytes())
    assert "has changed since the experiment was saved" in str(info.value)
    with pytest.raises(DataFileChanged):
        load_csv_dataset(iris, seed=0, train_fraction=0.8, expected_sha256=config.sha256)
    with pytest.raises(DataFileChanged):
        Trainer(ExperimentConfig(data=config))
    with pytest.raises(DataFileChanged):
        relocate(config, iris)  # "locating" another file is refused too


def test_an_experiment_file_naming_a_csv_round_trips_and_old_files_still_load(iris, tmp_path):
    config, _ = import_csv(iris)
    saved = tmp_path / "experiment.json"
    ExperimentConfig(data=config).save(saved)
    assert ExperimentConfig.load(saved).data == config
    old = tmp_path / "old.json"
    old.write_text('{"schema_version": 1, "data": {"dataset": "moons", "samples": 200, "noise": 0.2, '
                   '"train_fraction": 0.8}}', encoding="utf-8")
    assert ExperimentConfig.load(old).data == DataConfig(dataset="moons", samples=200, noise=0.2)


def test_a_csv_trains_and_shows_examples_and_confusion(iris):
    config, _ = import_csv(iris)
    trainer = Trainer(ExperimentConfig(data=config).replace(**{"network.depth": 2, "network.activation": "relu"}))
    trainer.run(5)
    snapshot = trainer.snapshot(grid=True)
    assert snapshot.n_inputs == 3 and snapshot.n_classes == 3
    assert snapshot.class_names == ("setosa", "versicolor", "virginica")
    assert snapshot.example_grid.images is None and len(snapshot.example_grid.indices) == len(trainer.dataset.y_test)
    assert snapshot.confusion.counts.shape == (3, 3)


def test_the_table_is_parsed_once_per_content(iris, monkeypatch):
    calls = []
    real = tabular.parse_table
    monkeypatch.setattr(tabular, "parse_table", lambda data, path=None: calls.append(1) or real(data, path))
    tabular._cache.clear()
    read_table(iris)
    read_table(iris)
    assert len(calls) == 1


# ---------------------------------------------------------------- the config fields

def test_data_config_checks_path_and_hash():
    digest = "0" * 64
    assert DataConfig(dataset="csv", path="/x.csv", sha256=digest).uses_file
    with pytest.raises(ConfigError, match="needs data.path"):
        DataConfig(dataset="csv")
    with pytest.raises(ConfigError, match="needs data.path"):
        DataConfig(dataset="csv", path="/x.csv")
    with pytest.raises(ConfigError, match="data.sha256"):
        DataConfig(dataset="csv", path="/x.csv", sha256="ABC")
    with pytest.raises(ConfigError, match="data.sha256"):
        DataConfig(sha256="0" * 63 + "G")
    with pytest.raises(ConfigError, match="data.path"):
        DataConfig(path=5)
    with pytest.raises(ConfigError, match="control character"):
        DataConfig(path="a\nb.csv")
    with pytest.raises(ConfigError, match="at most 4096"):
        DataConfig(path="x" * 5000)
    kept = DataConfig(dataset="spiral", path="/x.csv", sha256=digest)  # kept for switching back, ignored
    assert not kept.uses_file
    assert load_dataset(kept, seed=0).n_inputs == 2


# ---------------------------------------------------------------- properties

def table_or_error(data: bytes) -> Table | None:
    try:
        table = parse_table(data, "f.csv")
    except DataFileError as error:
        assert str(error).startswith("f.csv: ") and len(str(error)) < 600
        return None
    assert table.features.dtype == np.float64 and np.isfinite(table.features).all()
    assert table.features.shape == (len(table.labels), len(table.feature_names))
    assert 2 <= table.n_classes <= tabular.MAX_CLASSES and table.labels.min() == 0
    assert table.labels.max() == table.n_classes - 1 and table.n_rows >= tabular.MIN_ROWS
    data_set = dataset_from_table(table, seed=0, train_fraction=0.8)
    assert len(data_set.y_test) >= 1 and np.isfinite(data_set.X_train).all() and np.isfinite(data_set.X_test).all()
    return table


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=400))
def test_any_bytes_give_a_table_or_a_data_file_error(data):
    table_or_error(data)


CSVISH = st.text(alphabet=st.sampled_from(list("0123456789.,;\t\n\r\"-+eE abcNA\ufeff\u00e9")), max_size=300)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=CSVISH, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]))
def test_any_csv_like_text_gives_a_table_or_a_data_file_error(text, encoding):
    table_or_error(text.encode(encoding, errors="replace"))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=2, max_size=2), min_size=4,
                       max_size=30),
       labels=st.lists(st.sampled_from(["cat", "dog", "7", "bird"]), min_size=30, max_size=30),
       delimiter=st.sampled_from([",", ";", "\t"]), header=st.booleans())
def test_valid_tables_read_back_exactly(values, labels, delimiter, header):
    labels = labels[:len(values)]
    labels[0], labels[1] = "cat", "dog"  # at least two classes, one of them with two rows
    labels[2] = "cat"
    values[0][0] = values[1][0] + 1.0  # not every column constant (that file is refused, see above)
    lines = [delimiter.join([repr(a), repr(b), label]) for (a, b), label in zip(values, labels)]
    if header:
        lines.insert(0, delimiter.join(["first", "second", "label"]))
    table = parse_table(("\n".join(lines) + "\n").encode(), "f.csv")
    assert table.has_header == header
    assert table.features.tolist() == values
    assert table.class_names == tuple(sorted(set(labels)))
    assert [table.class_names[i] for i in table.labels] == labels


def test_a_reset_to_a_missing_file_changes_nothing_of_the_current_run(iris):
    config, _ = import_csv(iris)
    trainer = Trainer(ExperimentConfig().replace(**{"network.depth": 2}))
    trainer.run(3)
    before = (trainer.config, trainer.dataset, trainer.network, trainer.step_count)
    iris.unlink()
    with pytest.raises(DataFileMissing):
        trainer.reset(ExperimentConfig(data=config))
    assert (trainer.config, trainer.dataset, trainer.network, trainer.step_count) == before
    assert trainer.step() is not None and trainer.step_count == 4


# ---------------------------------------------------------------- reason codes (the window words them itself)

def hostile_csv_files() -> dict[str, tuple[bytes, str, int | None, int | None]]:
    """name -> (bytes, the error's code, the row and the column it names): one CSV file for every problem its
    content alone can have (the window's test, tests/ui/test_data_file_messages.py, imports each one too)."""
    header = b"a,b,label\n"
    return {
        "empty.csv": (b"", "empty", None, None),
        "blank-lines.csv": (b"\n\n  \n", "blank_only", None, None),
        "zip.csv": (b"PK\x03\x04\x14\x00\x06\x00", "not_text", None, None),
        "xls.csv": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "not_text", None, None),
        "pdf.csv": (b"%PDF-1.7\n", "not_text", None, None),
        "png.csv": (b"\x89PNG\r\n\x1a\n", "not_text", None, None),
        "jpeg.csv": (b"\xff\xd8\xff\xe0", "not_text", None, None),
        "gzip.csv": (b"\x1f\x8b\x08\x00", "not_text", None, None),
        "gif.csv": (b"GIF89a", "not_text", None, None),
        "utf16-broken.csv": (b"\xff\xfea\x00\x00\xd8b\x00", "bad_utf16", None, None),
        "nul-bytes.csv": (b"1,2,a\n3,\x00,b\n", "binary", None, None),
        "latin1.csv": (header + b"1,2,x\n3,4,caf\xe9\n", "not_utf8", 3, None),
        "bell.csv": (header + b"1,2,x\n3,4\x07,y\n", "control_character", 3, None),
        "field-200kB.csv": (header + b'1,2,x\n3,"' + b"9" * 200_000 + b'",y\n', "bad_quotes", 3, None),
        "one-column.csv": (b"1\n2\n3\n4\n", "single_column_file", None, None),
        "header-only.csv": (header + b"\n\n", "header_only", 1, None),
        "one-column-header.csv": (b"a\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n", "single_column", 1, None),
        "1001-features.csv": (b"".join(b",".join([str(row).encode()] * 1001) + b",%d\n" % (row % 2)
                                       for row in range(4)), "too_many_features", None, None),
        "short-row.csv": (header + b"1,2,x\n3,4\n5,6,x\n7,8,y\n", "column_count", 3, None),
        "semicolon-row.csv": (b"1;2;x\n3;4;y\n5;6\n7;8;y\n", "column_count", 3, None),
        "tab-row.csv": (b"1\t2\tx\n3\t4\ty\n5\t6\n7\t8\ty\n", "column_count", 3, None),
        "one-row.csv": (b"1,2,x\n", "too_few_rows", None, None),
        "two-rows.csv": (header + b"1,2,x\n3,4,y\n", "too_few_rows", None, None),
        "two-labels.csv": (b"a,label,b,LABEL\n1,x,2,y\n3,y,4,x\n1,x,2,y\n3,y,4,x\n", "duplicate_label_columns",
                           None, None),
        "empty-cell.csv": (header + b"1,2,x\n3,,y\n5,6,x\n7,8,y\n", "missing_value", 3, 2),
        "na-cell.csv": (header + b"1,2,x\n3,NA,y\n5,6,x\n7,8,y\n", "missing_value", 3, 2),
        "nan-cell.csv": (header + b"1,2,x\n3,nan,y\n5,6,x\n7,8,y\n", "missing_value", 3, 2),
        "inf-cell.csv": (header + b"1,2,x\n3,inf,y\n5,6,x\n7,8,y\n", "not_finite", 3, 2),
        "thousands.csv": (header + b'1,"1,234",x\n3,4,y\n5,6,x\n7,8,y\n', "thousands_separator", 2, 2),
        "text-cell.csv": (header + b"1,2,x\n3,abc,y\n5,6,x\n7,8,y\n", "not_a_number", 3, 2),
        "no-label.csv": (header + b"1,2,x\n3,4,y\n5,6,x\n7,8,\n", "missing_label", 5, 3),
        "nan-label.csv": (header + b"1,2,x\n3,4,NaN\n5,6,x\n7,8,y\n", "missing_label", 3, 3),
        "one-class.csv": (header + b"1,2,x\n3,4,x\n5,6,x\n7,8,x\n", "single_class", None, 3),
        "identifier-label.csv": (b"a,label\n1,p\n2,q\n3,r\n4,s\n", "single_row_classes", None, 2),
        "constant.csv": (header + b"1,2,x\n1,2,y\n1,2,x\n1,2,y\n", "constant_features", None, None),
        "101-classes.csv": (b"height,weight\n" + "".join(f"{i},{i * 0.5}\n" for i in range(101)).encode(),
                            "too_many_classes", None, 2),
    }


def make_hostile_csv_folder(folder) -> dict[str, tuple[str, int | None, int | None]]:
    """Every file of :func:`hostile_csv_files` in ``folder``, plus the files that are not files (a folder, a sparse
    17 MB file and, on POSIX, a named pipe, a symbolic link loop, a dangling link, /dev/zero, /dev/null and a
    name with a line break in it). Returns name -> (code, row, column); ``missing.csv`` is not there."""
    expected = {}
    for name, (data, code, row, column) in hostile_csv_files().items():
        (folder / name).write_bytes(data)
        expected[name] = (code, row, column)
    (folder / "a-folder.csv").mkdir()
    with open(folder / "sparse-17-MB.csv", "wb") as handle:
        handle.truncate(17 * 1024 * 1024)
    expected.update({"a-folder.csv": ("is_folder", None, None), "sparse-17-MB.csv": ("too_large", None, None),
                     "missing.csv": ("no_such_file", None, None)})
    if os.name == "posix":
        os.mkfifo(folder / "fifo.csv")
        (folder / "loop.csv").symlink_to(folder / "loop.csv")
        (folder / "dangling.csv").symlink_to(folder / "nowhere.csv")
        (folder / "dev-zero.csv").symlink_to("/dev/zero")
        (folder / "dev-null.csv").symlink_to("/dev/null")
        (folder / "line\nbreak.csv").write_bytes(IRIS_LIKE)
        expected.update({"fifo.csv": ("not_regular", None, None), "loop.csv": ("cannot_open", None, None),
                         "dangling.csv": ("no_such_file", None, None), "dev-zero.csv": ("not_regular", None, None),
                         "dev-null.csv": ("not_regular", None, None),
                         "line\nbreak.csv": ("path_control_character", None, None)})
    return expected


def data_file_error_of_every_code(folder, monkeypatch) -> dict[str, list[DataFileError]]:
    """code -> the errors bpviz raises for it: every hostile file imported, and the problems that are not in a
    file's content (refused permission, a read that fails, a path too long, a moved or changed file)."""
    errors: dict[str, list[DataFileError]] = {}

    def collect(action, *args) -> DataFileError:
        with pytest.raises(DataFileError) as info:
            action(*args)
        errors.setdefault(info.value.code, []).append(info.value)
        return info.value

    for name in make_hostile_csv_folder(folder):
        collect(import_csv, folder / name)
    iris = folder / "iris.csv"
    iris.write_bytes(IRIS_LIKE)
    config, _ = import_csv(iris)
    with monkeypatch.context() as patch:
        patch.setattr(tabular.os, "open", lambda *args, **kwargs: (_ for _ in ()).throw(
            PermissionError(13, "Permission denied")))
        collect(import_csv, iris)
    with monkeypatch.context() as patch:
        patch.setattr(tabular.os, "fdopen", lambda *args, **kwargs: (_ for _ in ()).throw(
            OSError(5, "Input/output error")))
        collect(import_csv, iris)
    with monkeypatch.context() as patch:
        import bpviz.config

        patch.setattr(bpviz.config, "DATA_PATH_MAX_LENGTH", 10)
        patch.setattr(tabular, "DATA_PATH_MAX_LENGTH", 10)
        collect(import_csv, iris)
    iris.write_bytes(IRIS_LIKE.replace(b"5.1", b"9.9"))
    collect(verify_data_file, config)
    iris.unlink()
    collect(verify_data_file, config)
    return errors


def test_every_reason_code_is_raised_with_its_parameters_and_the_english_message_names_them(tmp_path, monkeypatch):
    errors = data_file_error_of_every_code(tmp_path, monkeypatch)
    assert set(errors) == set(tabular.DATA_FILE_ERROR_CODES), "a code no file reaches, or an unlisted code"
    for code, raised in errors.items():
        for error in raised:
            assert set(error.params) == set(tabular.DATA_FILE_ERROR_CODES[code]), (code, error.params)
            if error.row is not None:
                assert error.params["row"] == error.row and f"row {error.row}" in str(error)
            if error.column is not None and code != "single_row_classes":  # that message names no column
                assert error.params["column"] == error.column
    kinds = {error.params["kind"] for error in errors["not_text"]}
    assert kinds == set(tabular.FILE_KINDS)
    assert {error.params["missing"] for code in ("missing_value", "missing_label")
            for error in errors[code]} == set(tabular.MISSING_KINDS)


@pytest.mark.skipif(os.name != "posix", reason="links, pipes and devices as POSIX has them")
def test_each_hostile_csv_file_names_its_row_and_column(tmp_path):
    for name, (code, row, column) in make_hostile_csv_folder(tmp_path).items():
        with pytest.raises(DataFileError) as info:
            import_csv(tmp_path / name)
        error = info.value
        assert (error.code, error.row, error.column) == (code, row, column), name
        assert str(error).startswith(f"{name}: ") and error.path == str((tmp_path / name).absolute()), name


def test_a_data_file_error_pickles_with_its_code_and_parameters(iris):
    """A training process sends the error to the window, which words it."""
    import pickle

    config, _ = import_csv(iris)
    iris.write_bytes(b"")
    errors = [error_of(b"a,b,label\n1,2,x\n3,abc,y\n5,6,x\n7,8,y\n")]
    for action in (verify_data_file, lambda c: iris.unlink() or verify_data_file(c)):
        with pytest.raises(DataFileError) as info:
            action(config)
        errors.append(info.value)
    assert [type(error) for error in errors] == [DataFileError, DataFileChanged, DataFileMissing]
    for error in errors:
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error) and str(copy) == str(error)
        assert copy.__dict__ == error.__dict__


def test_notices_carry_codes_and_are_their_english_text():
    import pickle

    table = parse_table(b"h,w,kind\n1,5,x\n2,5,y\n3,5,x\n4,5,y\n", "f.csv")
    assert [(notice.code, notice.params) for notice in table.notices] == [
        ("label_is_last_column", {"label": "label", "name": "kind"}),
        ("constant_column", {"column": 2, "name": "w", "value": "5"})]
    assert table.notices[0] == "No column is named 'label', so the last column ('kind') is the label."
    assert table.notices[1].startswith("Column 2 ('w') has the same value (5) in every row")
    for notice in table.notices:
        assert set(notice.params) == set(tabular.DATA_NOTICE_CODES[notice.code])
        copy = pickle.loads(pickle.dumps(notice))
        assert copy == notice and (copy.code, copy.params) == (notice.code, notice.params)
