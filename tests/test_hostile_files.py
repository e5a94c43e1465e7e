"""Hostile experiment files: each one gives one clear ConfigError line, quickly, or loads where it should.

A folder of bad files (the fault probe's idea: nesting 100,000 deep, huge numbers, NaN, duplicate keys, wrong types,
a FIFO, a folder, a symbolic link loop, /dev/zero, a 200 MB sparse file, bad encodings, ...), then property-based
tests (hypothesis) that feed random JSON documents and random bytes to the loader.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bpviz.config import (
    MAX_NAME_LENGTH, SCHEMA_VERSION, ConfigError, ExperimentConfig, check_name,
)

QUICK_SECONDS = 1.0       # the longest any one file may take to be refused (they take milliseconds)
LONGEST_MESSAGE = 400     # characters: one line a terminal and a message box can show

VALID = ExperimentConfig().to_dict()


def doc(**changes) -> str:
    """The default experiment as JSON with some parts replaced (``network={"depth": ...}`` replaces a field)."""
    raw = json.loads(json.dumps(VALID))
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(raw.get(key), dict):
            raw[key].update(value)
        else:
            raw[key] = value
    return json.dumps(raw)


def text_files() -> dict[str, tuple[bytes, str | None]]:
    """name -> (bytes, a fragment the error must contain; None = it must load)."""
    valid = json.dumps(VALID).encode()
    files: dict[str, tuple[bytes, str | None]] = {
        "nested-100000-arrays.json": (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        "nested-100000-objects.json": (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "nested too deeply"),
        "nested-50-in-name.json": (doc(name=json.loads("[" * 50 + "]" * 50)).encode(), "nested too deeply"),
        "nested-unclosed.json": (b"[" * 500_000, "nested too deeply"),
        "int-5000-digits-depth.json": (
            doc().replace('"depth": 10', '"depth": ' + "9" * 5000).encode(), "network.depth"),
        "int-5000-digits-alone.json": (b"9" * 5000, "JSON object"),
        "int-400-digits-seed.json": (doc(train={"seed": int("7" * 400)}).encode(), "train.seed"),
        "float-5000-digits.json": (
            doc().replace('"learning_rate": 0.1', '"learning_rate": 0.' + "1" * 5000).encode(), "train.learning_rate"),
        "float-1e999.json": (doc().replace('"learning_rate": 0.1', '"learning_rate": 1e999').encode(), "inf"),
        "float-underflow.json": (doc().replace('"learning_rate": 0.1', '"learning_rate": 1e-400').encode(),
                                 "train.learning_rate"),
        "nan-literal.json": (doc().replace('"noise": 0.1', '"noise": NaN').encode(), "data.noise"),
        "infinity-literal.json": (doc().replace('"noise": 0.1', '"noise": Infinity').encode(), "data.noise"),
        "minus-infinity-literal.json": (doc().replace('"l2": 0.0', '"l2": -Infinity').encode(), "train.l2"),
        "duplicate-top-key.json": (b'{"name": "a", "name": "b"}', "appears twice"),
        "duplicate-network-key.json": (b'{"network": {"depth": 3, "depth": 4}}', "appears twice"),
        "depth-as-text.json": (doc(network={"depth": "10"}).encode(), "network.depth"),
        "depth-fraction.json": (doc(network={"depth": 10.5}).encode(), "network.depth"),
        "depth-true.json": (doc(network={"depth": True}).encode(), "network.depth"),
        "batch-null.json": (doc(train={"batch_size": None}).encode(), "train.batch_size"),
        "residual-one.json": (doc(network={"residual": 1}).encode(), "network.residual"),
        "activation-number.json": (doc(network={"activation": 3}).encode(), "network.activation"),
        "activation-50-kb.json": (doc(network={"activation": "x" * 50_000}).encode(), "characters"),
        "name-number.json": (doc(name=5).encode(), "name"),
        "name-array.json": (doc(name=[]).encode(), "name"),
        "network-array.json": (doc(network=[1, 2]).encode(), "network must be a JSON object"),
        "train-text.json": (doc(train="fast").encode(), "train must be a JSON object"),
        "top-array.json": (b"[1, 2, 3]", "JSON object"),
        "top-text.json": (b'"spiral"', "JSON object"),
        "top-null.json": (b"null", "JSON object"),
        "name-lone-surrogate.json": (b'{"name": "bad \\ud800 name"}', "lone surrogate"),
        "name-300-characters.json": (doc(name="n" * 300).encode(), f"at most {MAX_NAME_LENGTH}"),
        "name-17-MB.json": (b'{"name": "' + b"n" * 17_000_000 + b'"}', "too large"),
        "name-900-kB.json": (b'{"name": "' + b"n" * 900_000 + b'"}', "characters"),
        "name-newline.json": (doc(name="two\nlines").encode(), "control character"),
        "name-bell.json": (doc(name="ding\u0007").encode(), "control character"),
        "name-line-separator.json": (doc(name="a\u2028b").encode(), "line break"),
        "name-blank.json": (doc(name="   ").encode(), "non-empty"),
        "key-2000-characters.json": (b'{"' + b"k" * 2000 + b'": 1}', "characters"),
        "keys-10000-unknown.json": (json.dumps({f"key{i}": i for i in range(10_000)}).encode(), "and 9995 more"),
        "schema-99.json": (doc(schema_version=99).encode(), "schema_version"),
        "schema-5000-digits.json": (doc().replace(f'"schema_version": {SCHEMA_VERSION}', '"schema_version": ' + "1" * 5000).encode(),
                                    "schema_version"),
        "trailing-comma.json": (b'{"network": {"depth": 3,}}', "not valid JSON"),
        "truncated.json": (valid[: len(valid) // 2], "not valid JSON"),
        "empty.json": (b"", "not valid JSON"),
        "whitespace.json": (b" \n\t\n ", "not valid JSON"),
        "nul-bytes.json": (b"\x00" * 64, "not valid JSON"),
        "binary.json": (bytes(range(256)) * 4, "not UTF-8"),
        "invalid-utf8.json": (b'{"name": "caf\xe9"}', "not UTF-8"),
        "overlong-utf8.json": (b'{"name": "\xc0\xaf"}', "not UTF-8"),
        "utf16-with-bom.json": (b"\xff\xfe" + json.dumps(VALID).encode("utf-16-le"), "UTF-16"),
        "utf16-without-bom.json": (json.dumps(VALID).encode("utf-16-le"), "not valid JSON"),
        "utf32.json": (b"\xff\xfe\x00\x00" + json.dumps(VALID).encode("utf-32-le"), "UTF-32"),
        "spaces-1.5-MB.json": (b" " * 1_500_000 + b"{}", "too large"),
        # these load
        "valid.json": (valid, None),
        "valid-with-bom.json": (b"\xef\xbb\xbf" + valid, None),
        "valid-partial.json": (b'{"network": {"depth": 3}}', None),
        "valid-chinese-name.json": (doc(name="梯度消失 · 深度 20").encode(), None),
        "valid-name-200.json": (doc(name="n" * MAX_NAME_LENGTH).encode(), None),
        "valid-crlf.json": (json.dumps(VALID, indent=2).replace("\n", "\r\n").encode(), None),
    }
    return files


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory) -> Path:
    return make_hostile_folder(tmp_path_factory.mktemp("hostile"))


def make_hostile_folder(folder: Path) -> Path:
    """Every hostile file in ``folder``: the text files above plus a sparse 200 MB file, a folder, and (POSIX) a
    named pipe, a symlink loop, a dangling link and links to /dev/zero, /dev/null and a valid file. The window's
    test (tests/ui/test_robust_window.py) uses it too."""
    for name, (data, _) in text_files().items():
        (folder / name).write_bytes(data)
    with open(folder / "sparse-200-MB.json", "wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    (folder / "a-folder.json").mkdir()
    if os.name == "posix":
        os.mkfifo(folder / "fifo.json")
        (folder / "loop.json").symlink_to(folder / "loop.json")
        (folder / "dangling.json").symlink_to(folder / "nowhere.json")
        (folder / "dev-zero.json").symlink_to("/dev/zero")
        (folder / "dev-null.json").symlink_to("/dev/null")
        (folder / "link-to-valid.json").symlink_to(folder / "valid.json")
    return folder


SPECIAL = {
    "sparse-200-MB.json": "too large",
    "a-folder.json": "is a folder",
    "fifo.json": "named pipe",
    "loop.json": "symbolic link loop",
    "dangling.json": "no such file",
    "dev-zero.json": "character device",
    "dev-null.json": "character device",
    "link-to-valid.json": None,
    "missing.json": "no such file",
}


def expected(name: str) -> str | None:
    return SPECIAL[name] if name in SPECIAL else text_files()[name][1]


def all_names() -> list[str]:
    names = list(text_files()) + ["sparse-200-MB.json", "a-folder.json", "missing.json"]
    if os.name == "posix":
        names += ["fifo.json", "loop.json", "dangling.json", "dev-zero.json", "dev-null.json", "link-to-valid.json"]
    return names


def test_the_probe_has_at_least_38_files():
    assert len(all_names()) >= 38


@pytest.mark.parametrize("name", all_names())
def test_each_hostile_file_is_one_clear_line_quickly_or_loads(hostile_folder, name):
    path = hostile_folder / name
    fragment = expected(name)
    started = time.perf_counter()
    if fragment is None:
        assert isinstance(ExperimentConfig.load(path), ExperimentConfig)
        return
    with pytest.raises(ConfigError) as info:
        ExperimentConfig.load(path)
    elapsed = time.perf_counter() - started
    message = str(info.value)
    assert elapsed < QUICK_SECONDS, f"{name} took {elapsed:.2f} s"
    assert fragment in message, message
    assert message.startswith(str(path)), message
    assert "\n" not in message and len(message) <= LONGEST_MESSAGE + len(str(path)), message
    error = info.value
    assert error.__cause__ is None and (error.__context__ is None or error.__suppress_context__), \
        "a printed error should not drag another traceback along"


def test_a_bom_file_loads_the_same_as_without(hostile_folder):
    assert ExperimentConfig.load(hostile_folder / "valid-with-bom.json") == ExperimentConfig.load(
        hostile_folder / "valid.json")


@pytest.mark.parametrize("name", [
    "", " ", "a\x00b", "tab\there", "\x7f", "lone \udc80", "\ud83d", "x" * (MAX_NAME_LENGTH + 1), 5, None, b"bytes",
])
def test_bad_names_are_refused_from_python_too(name):
    with pytest.raises(ConfigError) as info:
        ExperimentConfig(name=name)
    assert "\n" not in str(info.value) and len(str(info.value)) < LONGEST_MESSAGE


def test_good_names_pass():
    for name in ("Deep sigmoid", "梯度消失", "x" * MAX_NAME_LENGTH, "emoji 🙂 ok", "Ärger mit ReLU", "a\u200db"):
        check_name(name)


def test_a_huge_value_is_not_printed_whole():
    with pytest.raises(ConfigError) as info:
        ExperimentConfig().replace(**{"network.activation": "r" * 50_000_000})
    assert len(str(info.value)) < LONGEST_MESSAGE


def test_save_writes_atomically_and_keeps_the_old_file_on_failure(tmp_path, monkeypatch):
    path = tmp_path / "experiment.json"
    ExperimentConfig(name="old").save(path)
    import bpviz.fileio as fileio

    def broken_replace(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fileio.os, "replace", broken_replace)
    with pytest.raises(OSError):
        ExperimentConfig(name="new").save(path)
    monkeypatch.undo()
    assert ExperimentConfig.load(path).name == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["experiment.json"]


# ---------------------------------------------------------------- property-based

JSON_SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
                | st.text(max_size=30))
JSON_VALUES = st.recursive(JSON_SCALARS, lambda children: st.lists(children, max_size=5)
                           | st.dictionaries(st.text(max_size=12), children, max_size=5), max_leaves=25)
KEYS = {"network": [f for f in VALID["network"]], "train": [f for f in VALID["train"]],
        "data": [f for f in VALID["data"]]}
# Documents near the real shape: the known keys with random values, so validation (not only parsing) is reached.
NEAR_VALID = st.fixed_dictionaries({}, optional={
    "schema_version": JSON_SCALARS, "name": JSON_SCALARS,
    **{part: st.dictionaries(st.sampled_from(fields), JSON_SCALARS | st.sampled_from(
        ["relu", "sigmoid", "he", "adam", "norm", "spiral", "float32"]), max_size=len(fields))
       for part, fields in KEYS.items()},
})


def loads_or_config_error(text: str) -> None:
    try:
        config = ExperimentConfig.from_json(text)
    except ConfigError as exc:
        assert "\n" not in str(exc) and len(str(exc)) < 2 * LONGEST_MESSAGE, str(exc)
        return
    assert isinstance(config, ExperimentConfig)
    assert ExperimentConfig.from_json(config.to_json()) == config  # what loads also saves and loads again


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JSON_VALUES | NEAR_VALID)
def test_random_json_documents_load_or_give_config_error(value):
    loads_or_config_error(json.dumps(value, allow_nan=True))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_random_text_loads_or_gives_config_error(text):
    loads_or_config_error(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300) | NEAR_VALID.map(lambda value: json.dumps(value).encode()))
def test_random_bytes_from_a_file_load_or_give_config_error(tmp_path, data):
    path = tmp_path / "random.json"
    path.write_bytes(data)
    try:
        config = ExperimentConfig.load(path)
    except ConfigError as exc:
        assert str(exc).startswith(str(path)) and "\n" not in str(exc)
        return
    assert isinstance(config, ExperimentConfig)


def test_a_suffixed_name_stays_within_the_limit():
    from bpviz.config import name_with_suffix

    assert name_with_suffix("Deep sigmoid", " + B") == "Deep sigmoid + B"
    longest = "n" * MAX_NAME_LENGTH
    derived = name_with_suffix(longest, " + B")
    assert len(derived) == MAX_NAME_LENGTH and derived.endswith("… + B")
    ExperimentConfig(name=derived)  # valid
