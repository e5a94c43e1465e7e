"""The teacher's own data: a CSV table of numeric feature columns and one label column, read into a Dataset.

What a file may look like (docs/data.md says the same for teachers):

* **Columns**: any number of numeric feature columns and one label column: the column named ``label`` (any case),
  else the last column. Labels may be numbers or texts; the K distinct labels become classes 0..K-1 in sorted
  order (numerically if every label is a number, else alphabetically), and their texts are kept as class names.
* **Header**: optional. The first row is taken as column names when it has text in a column that holds numbers
  in the rows below it, or when none of its cells is a number.
* **Delimiter**: comma, semicolon or tab, detected from the first lines. With semicolons or tabs a decimal comma
  (``1,5``) is read as 1.5, as spreadsheets in many countries write it.
* **Encoding**: UTF-8, with or without a byte-order mark (a UTF-16 file with its byte-order mark, as some
  spreadsheets save "Unicode text", is read too).
* **Blank lines** are skipped; a delimiter at the end of every line (an empty last column) is ignored, and so are
  empty cells past the end of a row.

Limits, and what happens beyond them:

* more than :data:`MAX_FILE_BYTES` bytes: refused (reading it would stall the window; nobody teaches with it);
* more than :data:`MAX_ROWS` data rows: a random :data:`MAX_ROWS` of them are used, drawn with the experiment's
  seed (every class keeps at least one row), and a notice says so;
* more than :data:`MAX_CLASSES` distinct labels: refused (the label column is then most likely a measurement,
  not a class);
* more than :data:`MAX_FEATURES` feature columns: refused;
* fewer than :data:`MIN_ROWS` data rows, a single class, or no class with two rows (nothing to test on): refused.

Every problem raises one :class:`DataFileError` (a :class:`~bpviz.config.ConfigError`) whose message names the
file and, for a bad cell, the row (the line number in the file) and the column (number and name), e.g.
``grades.csv: row 7, column 3 ('height'): 'abc' is not a number``. Nothing else escapes :func:`read_table`.
The message is English (the CLI prints it); the error's ``code`` (one of :data:`DATA_FILE_ERROR_CODES`) and
``params`` (the row, column, value, limit, ...) say the same for the window, which words it in its own language
(bpviz/ui/data_file_messages.py). The notices about a file bpviz can use are :class:`DataNotice` texts, with a code
and parameters too.

A column with the same value in every row carries no information: it is kept (it becomes 0 after standardizing)
and a notice names it; a table whose every feature column is constant is refused.

Features are standardized with the training rows' mean and standard deviation, per column. The split is
stratified and seeded (:func:`bpviz.engine.datasets.stratified_split`).

An experiment remembers the file by path and by the SHA-256 of its bytes (``DataConfig.path``/``sha256``);
:func:`load_csv_dataset` raises :class:`DataFileMissing` or :class:`DataFileChanged` when the file moved or
changed, and never reads another file in its place.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import hashlib
import io
import math
import os
import re
import stat
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from bpviz.config import DATA_PATH_MAX_LENGTH, IMPORTED_DATASET, ConfigError, DataConfig
from bpviz.engine.datasets import Dataset, _extent, _read_only, check_split_arguments, stratified_split

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_ROWS = 10_000
MAX_CLASSES = 100
MAX_FEATURES = 1_000
MIN_ROWS = 4
DELIMITERS = (",", ";", "\t")
SNIFF_LINES = 64           # lines looked at to pick the delimiter
HEADER_LOOKAHEAD = 5       # data rows looked at to tell a header from data
LABEL_COLUMN = "label"
# Cells that mean "no value" in the files people export (compared lowercased).
MISSING_MARKERS = frozenset({"", "na", "n/a", "nan", "null", "none", "?", "-", "--", "#n/a", "missing", "."})
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+(?:[eE][+-]?\d+)?")
_SIGNATURES = (  # what a file that is not text often is (its kind, for the UI's words), to say so in the message
    (b"PK\x03\x04", "zip", "a zip archive (an Excel .xlsx or LibreOffice .ods workbook?)"),
    (b"\xd0\xcf\x11\xe0", "office", "an old Office file (an Excel .xls workbook?)"),
    (b"%PDF", "pdf", "a PDF document"),
    (b"\x89PNG", "png", "a PNG image"),
    (b"\xff\xd8\xff", "jpeg", "a JPEG image"),
    (b"\x1f\x8b", "gzip", "a gzip archive"),
    (b"GIF8", "gif", "a GIF image"),
)
FILE_KINDS = tuple(kind for _, kind, _ in _SIGNATURES)
SAVE_AS_CSV = "save it from the spreadsheet as \"CSV UTF-8 (comma delimited)\""


# ---------------------------------------------------------------- errors

# The reasons a DataFileError gives (``error.code``), each with the parameters its ``error.params`` holds. The
# English message is for the CLI and the engine; the window words each reason in its own language from the code
# and the parameters (bpviz/ui/data_file_messages.py; a test checks that it words every code listed here).
DATA_FILE_ERROR_CODES: dict[str, tuple[str, ...]] = {
    "no_such_file": ("path",),
    "is_folder": ("path",),
    "cannot_open": ("reason", "errno"),
    "not_regular": ("path",),
    "too_large": ("size_mb", "limit_mb", "rows"),
    "cannot_read": ("reason", "errno"),
    "empty": (),
    "not_text": ("kind",),
    "bad_utf16": ("byte",),
    "binary": (),
    "not_utf8": ("row", "byte"),
    "control_character": ("row", "code"),
    "bad_quotes": ("row", "reason"),
    "single_column_file": (),
    "blank_only": (),
    "header_only": ("row",),
    "single_column": ("row",),
    "column_count": ("row", "count", "first_row", "width", "has_header", "delimiter"),
    "too_few_rows": ("count", "minimum"),
    "duplicate_label_columns": ("columns", "name"),
    "too_many_features": ("count", "limit"),
    "missing_value": ("row", "column", "name", "missing", "value"),
    "not_finite": ("row", "column", "name", "value"),
    "thousands_separator": ("row", "column", "name", "value"),
    "not_a_number": ("row", "column", "name", "value"),
    "missing_label": ("row", "column", "name", "missing", "value"),
    "single_class": ("label", "column", "name"),
    "single_row_classes": ("count",),
    "constant_features": (),
    "too_many_classes": ("count", "column", "name", "limit", "label"),
    "moved": ("path",),
    "changed": ("actual", "expected"),
    "path_too_long": ("length", "limit"),
    "path_control_character": ("value",),
}
# The notices a table that bpviz can use may carry (``notice.code`` of a :class:`DataNotice`), with their parameters.
DATA_NOTICE_CODES: dict[str, tuple[str, ...]] = {
    "label_is_last_column": ("label", "name"),
    "constant_column": ("column", "name", "value"),
}
# What ``params["missing"]`` says a missing cell held: nothing, NaN, or another marker (``params["value"]``).
MISSING_KINDS = ("empty", "nan", "marker")


class DataFileError(ConfigError):
    """A data file bpviz cannot use. ``str(error)`` is the one message to show in English; ``row`` (the line number
    in the file) and ``column`` (1-based) say where, when the problem is one cell or row. ``code`` (one of
    :data:`DATA_FILE_ERROR_CODES`) and ``params`` (its parameters, texts and numbers) say the same for a program,
    so that the window can say it in the user's language; ``path`` is the file."""

    def __init__(self, message: str, path: str | os.PathLike | None = None, row: int | None = None,
                 column: int | None = None, *, code: str, params: dict | None = None) -> None:
        name = Path(path).name if path else ""
        super().__init__(f"{name}: {message}" if name else message)
        self.path = str(path) if path else ""
        self.row = row
        self.column = column
        self.code = code
        self.params = dict(params or {})

    def __reduce__(self):
        # A training process sends it to the window. ``args`` holds only the message, so the default pickling
        # would call the constructor with it alone: restore the instance as it is instead.
        return _restored, (type(self), self.args, self.__dict__)


def _restored(cls: type, args: tuple, state: dict) -> DataFileError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class DataFileMissing(DataFileError):
    """The experiment's data file is not where the experiment says (moved, renamed or deleted)."""


class DataFileChanged(DataFileError):
    """The experiment's data file is there, but its content is not what the experiment recorded."""

    def __init__(self, message: str, path: str | os.PathLike, expected_sha256: str, actual_sha256: str) -> None:
        super().__init__(message, path, code="changed",
                         params={"actual": actual_sha256[:12], "expected": expected_sha256[:12]})
        self.expected_sha256 = expected_sha256
        self.actual_sha256 = actual_sha256


class DataNotice(str):
    """Something to tell the user about a file bpviz can use: the English text (it is a ``str``), with ``code``
    (one of :data:`DATA_NOTICE_CODES`) and ``params`` for the window to say it in the user's language."""

    def __new__(cls, text: str, code: str, params: dict) -> "DataNotice":
        notice = super().__new__(cls, text)
        notice.code = code
        notice.params = dict(params)
        return notice

    def __reduce__(self):
        return DataNotice, (str(self), self.code, self.params)


# ---------------------------------------------------------------- the parsed table

@dataclass(frozen=True)
class Table:
    """A CSV file read and checked, before any split: every data row's features and label."""

    features: np.ndarray              # (rows, features) float64, as in the file
    labels: np.ndarray                # (rows,) int64 in 0..len(class_names)-1
    feature_names: tuple[str, ...]    # the header's names, or "column 1", "column 2", ...
    class_names: tuple[str, ...]      # the label texts, in class order (sorted)
    label_name: str                   # the label column's name
    delimiter: str
    has_header: bool
    sha256: str                       # of the file's bytes
    notices: tuple[str, ...] = ()

    @property
    def n_rows(self) -> int:
        return int(self.features.shape[0])

    @property
    def n_classes(self) -> int:
        return len(self.class_names)

    def class_counts(self) -> np.ndarray:
        return np.bincount(self.labels, minlength=self.n_classes)


# ---------------------------------------------------------------- reading the bytes

def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_file_bytes(path: str | os.PathLike) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES; DataFileMissing / DataFileError otherwise.

    Opened without blocking and checked on the open descriptor, so a named pipe or a device never hangs the caller
    and a file swapped between a check and the read is still caught.
    """
    path = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise DataFileMissing(f"no such file ({path})", path, code="no_such_file", params={"path": str(path)}) from None
    except IsADirectoryError:
        raise DataFileError(f"{path} is a folder, not a file", path, code="is_folder",
                            params={"path": str(path)}) from None
    except OSError as exc:
        raise DataFileError(f"cannot open it ({exc.strerror or exc})", path, code="cannot_open",
                            params=_os_reason(exc)) from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise DataFileError(f"{path} is a folder, not a file", path, code="is_folder", params={"path": str(path)})
        if not stat.S_ISREG(info.st_mode):
            raise DataFileError(f"{path} is not a regular file (a device, a pipe or a socket)", path,
                                code="not_regular", params={"path": str(path)})
        if info.st_size > MAX_FILE_BYTES:
            raise _too_large(info.st_size, path)
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise DataFileError(f"cannot read it ({exc.strerror or exc})", path, code="cannot_read",
                            params=_os_reason(exc)) from None
    finally:
        os.close(descriptor)
    if len(data) > MAX_FILE_BYTES:  # it grew while we read
        raise _too_large(len(data), path)
    return data


def _os_reason(exc: OSError) -> dict:
    return {"reason": str(exc.strerror or exc), "errno": exc.errno}


def _too_large(size: int, path) -> DataFileError:
    params = {"size_mb": f"{size / 2**20:.1f}", "limit_mb": MAX_FILE_BYTES // 2**20, "rows": f"{MAX_ROWS:,}"}
    return DataFileError(f"the file is {params['size_mb']} MB; bpviz reads CSV files of at most {params['limit_mb']} "
                         f"MB (about {params['rows']} rows are used in any case): save a smaller sample of the rows",
                         path, code="too_large", params=params)


def decode_text(data: bytes, path: str | os.PathLike | None = None) -> str:
    """The file's text: UTF-8 (a byte-order mark is dropped) or UTF-16 with its byte-order mark."""
    if not data:
        raise DataFileError("the file is empty", path, code="empty")
    for signature, kind, what in _SIGNATURES:
        if data.startswith(signature):
            raise DataFileError(f"this is {what}, not a CSV text file; {SAVE_AS_CSV}", path, code="not_text",
                                params={"kind": kind})
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DataFileError(f"it starts like UTF-16 text but byte {exc.start} is not valid UTF-16; "
                                f"{SAVE_AS_CSV}", path, code="bad_utf16", params={"byte": exc.start}) from None
    else:
        if b"\x00" in data:
            raise DataFileError(f"this looks like a binary file (it holds zero bytes), not a CSV text; "
                                f"{SAVE_AS_CSV}", path, code="binary")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[:exc.start].count(b"\n") + 1
            byte = f"0x{data[exc.start]:02x}"
            raise DataFileError(
                f"row {line}: byte {byte} is not UTF-8 text (the file was saved in another "
                f"encoding, e.g. Windows-1252); {SAVE_AS_CSV}", path, row=line, code="not_utf8",
                params={"row": line, "byte": byte}) from None
    control = re.search(r"[\x00-\x08\x0b\x0e-\x1f\x7f]", text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        code = f"{ord(control.group()):#04x}"
        raise DataFileError(f"row {line}: the file holds control characters (code {code}), so "
                            f"it is not a CSV text; {SAVE_AS_CSV}", path, row=line, code="control_character",
                            params={"row": line, "code": code})
    return text


# ---------------------------------------------------------------- cells

def _is_missing(cell: str) -> bool:
    return cell.strip().lower() in MISSING_MARKERS


def _number(cell: str, decimal_comma: bool) -> float | None:
    """The finite number a cell holds, or None (not a number, or NaN/inf)."""
    text = cell.strip()
    try:
        value = float(text)
    except ValueError:
        if not (decimal_comma and _DECIMAL_COMMA.fullmatch(text)):
            return None
        value = float(text.replace(",", "."))
    return value if math.isfinite(value) else None


def _column_numbers(cells: Sequence[str], decimal_comma: bool) -> tuple[np.ndarray | None, int | None]:
    """(values, None) if every cell holds a finite number, else (None, index of the first that does not)."""
    try:
        values = np.array([float(cell) for cell in cells], dtype=np.float64)
        if np.isfinite(values).all():
            return values, None
    except ValueError:
        pass
    out = np.empty(len(cells), dtype=np.float64)
    for index, cell in enumerate(cells):
        value = _number(cell, decimal_comma)
        if value is None:
            return None, index
        out[index] = value
    return out, None


def _quote(cell: str, limit: int = 40) -> str:
    cell = cell.strip()
    return repr(cell if len(cell) <= limit else cell[:limit] + "…")


# ---------------------------------------------------------------- rows

def _rows(text: str, delimiter: str, path, limit: int | None = None) -> list[tuple[int, list[str]]]:
    """(line number, cells) of every non-blank record (at most ``limit``); csv errors become DataFileError."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out: list[tuple[int, list[str]]] = []
    line = 0
    try:
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            out.append((line, record))
            if limit is not None and len(out) >= limit:
                break
    except csv.Error as exc:
        row = reader.line_num or line + 1
        raise DataFileError(f"row {row}: the CSV cannot be read there ({exc}); check the quotes (\") in that row",
                            path, row=row, code="bad_quotes", params={"row": row, "reason": str(exc)}) from None
    return out


def detect_delimiter(text: str, path=None) -> str:
    """Comma, semicolon or tab: the one whose first rows split into the same number (>= 2) of columns most
    consistently, and then into the most numbers (so ``1,5;2,3`` is two decimal-comma numbers, not three cells)."""
    sample = "\n".join(text.splitlines()[:SNIFF_LINES])
    best, best_key, error = None, None, None
    for delimiter in DELIMITERS:
        try:
            rows = _rows(sample, delimiter, path)
        except DataFileError as exc:
            error = error or exc
            continue
        widths = [len(cells) for _, cells in rows]
        if not widths or max(widths) < 2:
            continue
        mode = max(set(widths), key=widths.count)
        consistency = widths.count(mode) / len(widths)
        numbers = sum(_number(cell, delimiter != ",") is not None for _, cells in rows for cell in cells)
        key = (mode >= 2, round(consistency, 2), numbers, mode)
        if best_key is None or key > best_key:
            best, best_key = delimiter, key
    if best is None and error is not None:
        raise error
    if best is None or not best_key[0]:
        raise DataFileError("every row has a single column: bpviz needs numeric feature columns and a label column, "
                            "separated by commas, semicolons or tabs", path, code="single_column_file")
    return best


def _looks_like_header(first: list[str], following: list[list[str]], decimal_comma: bool) -> bool:
    """Text where the rows below hold numbers, or no number at all: column names, not data."""
    def is_text(cell: str) -> bool:
        return not _is_missing(cell) and _number(cell, decimal_comma) is None

    if all(_is_missing(cell) or is_text(cell) for cell in first) and any(is_text(cell) for cell in first):
        return True
    for column, cell in enumerate(first):
        below = [row[column] for row in following if column < len(row)]
        if is_text(cell) and below and all(_number(value, decimal_comma) is not None for value in below):
            return True
    return False


# ---------------------------------------------------------------- labels

def _classes(cells: list[str], rows: list[int], column: int, name: str, path) -> tuple[np.ndarray, tuple[str, ...]]:
    """Labels 0..K-1 in sorted order of the label texts (numeric order if every label is a number)."""
    texts = [cell.strip() for cell in cells]
    for index, text in enumerate(texts):
        if text.lower() in MISSING_MARKERS:
            what = _missing_what(text)
            raise DataFileError(f"row {rows[index]}, column {column} ('{name}'): the label is missing ({what}); "
                                "every row needs a label", path, row=rows[index], column=column, code="missing_label",
                                params={"row": rows[index], "column": column, "name": name,
                                        **_missing_params(text)})
    numbers = [_number(text, decimal_comma=False) for text in texts]
    if all(value is not None for value in numbers):
        first_text: dict[float, str] = {}
        for value, text in zip(numbers, texts):
            first_text.setdefault(value, text)
        ordered = sorted(first_text)
        if len(ordered) > MAX_CLASSES:
            raise _too_many_classes(len(ordered), name, column, path)
        index = {value: i for i, value in enumerate(ordered)}
        labels = np.array([index[value] for value in numbers], dtype=np.int64)
        return labels, tuple(_number_name(value, first_text[value]) for value in ordered)
    ordered_texts = sorted(set(texts))
    if len(ordered_texts) > MAX_CLASSES:
        raise _too_many_classes(len(ordered_texts), name, column, path)
    index_of = {text: i for i, text in enumerate(ordered_texts)}
    return np.array([index_of[text] for text in texts], dtype=np.int64), tuple(ordered_texts)


def _number_name(value: float, text: str) -> str:
    """A numeric class's name: ``3`` for 3, 3.0 or 3.00; otherwise the text as first written."""
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else text


def _too_many_classes(count: int, name: str, column: int, path) -> DataFileError:
    return DataFileError(
        f"column {column} ('{name}'), the label column, has {count} different values; bpviz handles at most "
        f"{MAX_CLASSES} classes. If it is a measurement rather than a class, it cannot be the label: put the class "
        f"in a column named '{LABEL_COLUMN}' or in the last column", path, column=column, code="too_many_classes",
        params={"count": count, "column": column, "name": name, "limit": MAX_CLASSES, "label": LABEL_COLUMN})


# ---------------------------------------------------------------- the table

def parse_table(data: bytes, path: str | os.PathLike | None = None) -> Table:
    """Read and check a CSV file's bytes (``path`` only names it in messages). Raises DataFileError."""
    text = decode_text(data, path)
    if not text.strip():
        raise DataFileError("the file holds no data (only blank lines)", path, code="blank_only")
    delimiter = detect_delimiter(text, path)
    decimal_comma = delimiter != ","
    records = _rows(text, delimiter, path)
    notices: list[str] = []

    # An empty last column in every row is a delimiter at the end of each line, not a column.
    while records and all(len(cells) > 1 and not cells[-1].strip() for _, cells in records):
        records = [(line, cells[:-1]) for line, cells in records]

    first_line, first = records[0]
    has_header = _looks_like_header(first, [cells for _, cells in records[1:1 + HEADER_LOOKAHEAD]], decimal_comma)
    width = len(first)
    if has_header:
        names = [cell.strip() or f"column {i + 1}" for i, cell in enumerate(first)]
        data_records = records[1:]
        if not data_records:
            raise DataFileError(f"row {first_line} holds column names, but no data rows follow", path, row=first_line,
                                code="header_only", params={"row": first_line})
    else:
        names = [f"column {i + 1}" for i in range(width)]
        data_records = records
    if width < 2:
        raise DataFileError(f"row {first_line} has a single column: bpviz needs at least one numeric feature column "
                            "and a label column", path, row=first_line, code="single_column",
                            params={"row": first_line})

    rows: list[list[str]] = []
    line_numbers: list[int] = []
    for line, cells in data_records:
        if len(cells) > width and not any(cell.strip() for cell in cells[width:]):
            cells = cells[:width]  # empty cells past the end of the row (some spreadsheets pad rows)
        if len(cells) != width:
            where = "the header" if has_header else "the first row"
            raise DataFileError(
                f"row {line} has {len(cells)} columns, but {where} (row {first_line}) has {width}; check for a "
                f"missing or extra '{_delimiter_name(delimiter)}' in row {line}", path, row=line, code="column_count",
                params={"row": line, "count": len(cells), "first_row": first_line, "width": width,
                        "has_header": has_header, "delimiter": delimiter})
        rows.append(cells)
        line_numbers.append(line)
    if len(rows) < MIN_ROWS:
        raise DataFileError(f"the file has {len(rows)} data row{'s' if len(rows) != 1 else ''}; bpviz needs at "
                            f"least {MIN_ROWS} (some to train on, some to test on)", path, code="too_few_rows",
                            params={"count": len(rows), "minimum": MIN_ROWS})

    lowered = [name.lower() for name in names]
    if has_header and lowered.count(LABEL_COLUMN) > 1:
        columns = [str(i + 1) for i, name in enumerate(lowered) if name == LABEL_COLUMN]
        raise DataFileError(f"columns {', '.join(columns)} are all named '{LABEL_COLUMN}'; only one column can be "
                            "the label: rename the others", path, code="duplicate_label_columns",
                            params={"columns": ", ".join(columns), "name": LABEL_COLUMN})
    if has_header and LABEL_COLUMN in lowered:
        label_index = lowered.index(LABEL_COLUMN)
    else:
        label_index = width - 1
        if has_header:
            notices.append(DataNotice(f"No column is named '{LABEL_COLUMN}', so the last column ('{names[-1]}') is "
                                      "the label.", "label_is_last_column", {"label": LABEL_COLUMN, "name": names[-1]}))
    feature_indices = [i for i in range(width) if i != label_index]
    if len(feature_indices) > MAX_FEATURES:
        raise DataFileError(f"the file has {len(feature_indices)} feature columns; bpviz handles at most "
                            f"{MAX_FEATURES}", path, code="too_many_features",
                            params={"count": len(feature_indices), "limit": MAX_FEATURES})

    columns = list(zip(*rows))
    features = np.empty((len(rows), len(feature_indices)), dtype=np.float64)
    first_bad: tuple[int, int] | None = None  # (row index, column index) of the first bad cell in reading order
    for out_index, column_index in enumerate(feature_indices):
        values, bad = _column_numbers(columns[column_index], decimal_comma)
        if bad is not None:
            if first_bad is None or (bad, column_index) < first_bad:
                first_bad = (bad, column_index)
            continue
        features[:, out_index] = values
    if first_bad is not None:
        raise _bad_cell(rows, line_numbers, names, first_bad, path)

    labels, class_names = _classes(list(columns[label_index]), line_numbers, label_index + 1, names[label_index],
                                   path)
    if len(class_names) < 2:
        raise DataFileError(f"every row has the same label ({class_names[0]!r} in column {label_index + 1}, "
                            f"'{names[label_index]}'): a classifier needs at least two classes", path,
                            column=label_index + 1, code="single_class",
                            params={"label": repr(class_names[0]), "column": label_index + 1,
                                    "name": names[label_index]})
    counts = np.bincount(labels, minlength=len(class_names))
    if counts.max() < 2:
        raise DataFileError(f"every class has a single row ({len(class_names)} rows, {len(class_names)} labels): "
                            "no row of any class is left to test on; the label column may be an identifier", path,
                            column=label_index + 1, code="single_row_classes", params={"count": len(class_names)})

    feature_names = tuple(names[i] for i in feature_indices)
    constant = [j for j in range(features.shape[1]) if np.all(features[:, j] == features[0, j])]
    if len(constant) == features.shape[1]:
        raise DataFileError("every feature column has the same value in every row: there is nothing to learn from",
                            path, code="constant_features")
    for j in constant:
        params = {"column": feature_indices[j] + 1, "name": feature_names[j], "value": f"{features[0, j]:g}"}
        notices.append(DataNotice(f"Column {params['column']} ('{params['name']}') has the same value "
                                  f"({params['value']}) in every row: it carries no information (it is kept, as 0).",
                                  "constant_column", params))
    return Table(features=features, labels=labels, feature_names=feature_names, class_names=class_names,
                 label_name=names[label_index], delimiter=delimiter, has_header=has_header, sha256=sha256_of(data),
                 notices=tuple(notices))


def _delimiter_name(delimiter: str) -> str:
    return {"\t": "tab"}.get(delimiter, delimiter)


def _bad_cell(rows, line_numbers, names, where: tuple[int, int], path) -> DataFileError:
    row_index, column_index = where
    cell = rows[row_index][column_index]
    line, column, name = line_numbers[row_index], column_index + 1, names[column_index]
    prefix = f"row {line}, column {column} ('{name}'): "
    text = cell.strip()
    params = {"row": line, "column": column, "name": name, "value": _quote(cell)}
    if _is_missing(cell):
        params.update(_missing_params(text))
        code, problem = "missing_value", f"the value is missing ({_missing_what(text)}); fill it in or delete the row"
    else:
        try:
            infinite = math.isinf(float(text))
        except ValueError:
            infinite = False
        if infinite:
            code, problem = "not_finite", f"{_quote(cell)} is not a finite number"
        elif "," in text and re.fullmatch(r"[+-]?[\d,]+(\.\d+)?", text):
            code = "thousands_separator"
            problem = f"{_quote(cell)} is not a number (write it without thousands separators)"
        else:
            code, problem = "not_a_number", f"{_quote(cell)} is not a number; feature columns must hold numbers only"
    return DataFileError(prefix + problem, path, row=line, column=column, code=code, params=params)


def _missing_what(text: str) -> str:
    """How a message names a missing cell's content (``text``, stripped): NaN, empty, or the marker quoted."""
    return "NaN" if text.lower() == "nan" else "empty" if not text else _quote(text)


def _missing_params(text: str) -> dict:
    kind = "nan" if text.lower() == "nan" else "empty" if not text else "marker"
    return {"missing": kind, "value": _quote(text)}


# ---------------------------------------------------------------- files, with a small cache

_CACHE_SIZE = 4
_cache: "OrderedDict[str, Table]" = OrderedDict()
_cache_lock = threading.Lock()


def read_table(path: str | os.PathLike) -> Table:
    """Read and check the CSV file ``path`` (see the module docstring). Raises DataFileError (or
    DataFileMissing). A file whose bytes were read before is not parsed again."""
    data = read_file_bytes(path)
    return _table_of(data, path)


def _table_of(data: bytes, path) -> Table:
    digest = sha256_of(data)
    with _cache_lock:
        table = _cache.get(digest)
        if table is not None:
            _cache.move_to_end(digest)
            return table
    table = parse_table(data, path)
    with _cache_lock:
        _cache[digest] = table
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return table


# ---------------------------------------------------------------- from a table to a Dataset

def _subsample(labels: np.ndarray, limit: int, rng: np.random.Generator) -> np.ndarray:
    """``limit`` row indices (in file order) drawn at random, every class keeping at least one row: a class the
    draw missed gets its first row back in place of a row of the class with the most rows kept."""
    kept = np.zeros(len(labels), dtype=bool)
    kept[rng.permutation(len(labels))[:limit]] = True
    n_classes = int(labels.max()) + 1
    for label in np.unique(labels):
        if kept[labels == label].any():
            continue
        largest = int(np.argmax(np.bincount(labels[kept], minlength=n_classes)))
        kept[np.flatnonzero(kept & (labels == largest))[0]] = False
        kept[np.flatnonzero(labels == label)[0]] = True
    return np.flatnonzero(kept)


def dataset_from_table(table: Table, seed: int, train_fraction: float, name: str = IMPORTED_DATASET) -> Dataset:
    """Sub-sample (above MAX_ROWS), split (stratified, seeded) and standardize (training rows' mean and std per
    column; a column constant in the training rows is only centred)."""
    check_split_arguments(seed, train_fraction)
    rng = np.random.default_rng([int(seed), 29])
    features, labels = table.features, table.labels
    notices = list(table.notices)
    if table.n_rows > MAX_ROWS:
        keep = _subsample(labels, MAX_ROWS, rng)
        features, labels = features[keep], labels[keep]
        notices.append(f"The file has {table.n_rows:,} rows; bpviz uses {MAX_ROWS:,} of them, chosen at random "
                       "with the experiment's seed (the same seed picks the same rows).")
    train, test = stratified_split(labels, float(train_fraction), rng)
    mean = features[train].mean(axis=0)
    std = features[train].std(axis=0)
    std[std == 0] = 1.0
    X = (features - mean) / std
    extent = _extent(X) if X.shape[1] == 2 else None
    arrays = [_read_only(np.ascontiguousarray(a)) for a in (X[train], labels[train], X[test], labels[test])]
    return Dataset(name, *arrays, n_classes=table.n_classes, extent=extent, class_names=table.class_names,
                   feature_names=table.feature_names, notices=tuple(notices))


# ---------------------------------------------------------------- the experiment's file

def load_csv_dataset(path: str | os.PathLike, seed: int, train_fraction: float,
                     expected_sha256: str | None = None) -> Dataset:
    """The Dataset of the CSV file ``path``. With ``expected_sha256`` (what the experiment recorded) a missing
    file raises DataFileMissing and other content DataFileChanged; nothing else is read in its place."""
    data = _experiment_file_bytes(path, expected_sha256)
    return dataset_from_table(_table_of(data, path), seed, train_fraction, name=Path(path).name)


def _experiment_file_bytes(path: str | os.PathLike, expected_sha256: str | None) -> bytes:
    try:
        data = read_file_bytes(path)
    except DataFileMissing:
        if expected_sha256 is None:
            raise
        raise DataFileMissing(
            f"the experiment's data file is not there any more ({path}): it was moved, renamed or deleted. "
            "Put it back, or locate it (bpviz checks that it is the same file), or import another file", path,
            code="moved", params={"path": str(path)}) from None
    if expected_sha256 is not None:
        actual = sha256_of(data)
        if actual != expected_sha256:
            raise DataFileChanged(
                f"the experiment's data file has changed since the experiment was saved (its content's SHA-256 is "
                f"{actual[:12]}…, the experiment recorded {expected_sha256[:12]}…). bpviz does not train on other "
                "data than the experiment's: restore the file, or import it again to use the new content", path,
                expected_sha256, actual)
    return data


def import_csv(path: str | os.PathLike, base: DataConfig | None = None) -> tuple[DataConfig, Table]:
    """File > Import data and ``bpviz run --data``: read and check ``path``; return ``base`` (default settings if
    None) switched to this file (dataset ``csv``, the absolute path and the content's SHA-256) and the table
    (whose ``notices`` the caller shows). Raises DataFileError; ``base`` is never changed."""
    absolute = Path(os.path.abspath(os.fspath(path)))
    data = read_file_bytes(absolute)
    table = _table_of(data, absolute)
    try:
        config = dataclasses.replace(base if base is not None else DataConfig(), dataset=IMPORTED_DATASET,
                                     path=str(absolute), sha256=table.sha256)
    except ConfigError as exc:  # a path too long for an experiment file, or with a control character in it
        if len(str(absolute)) > DATA_PATH_MAX_LENGTH:
            raise DataFileError(str(exc), absolute, code="path_too_long",
                                params={"length": len(str(absolute)), "limit": DATA_PATH_MAX_LENGTH}) from None
        raise DataFileError(str(exc), absolute, code="path_control_character",
                            params={"value": repr(str(absolute))}) from None
    return config, table


def verify_data_file(data: DataConfig) -> None:
    """For an experiment just opened: raise DataFileMissing / DataFileChanged unless its CSV file (if it uses one)
    is still there with the recorded content. Datasets that are not files always pass."""
    if data.uses_file:
        _experiment_file_bytes(data.path, data.sha256)


def relocate(data: DataConfig, new_path: str | os.PathLike) -> DataConfig:
    """The experiment's DataConfig pointing at ``new_path``, if that file has exactly the recorded content (the
    user found the moved file); DataFileChanged if it is another file."""
    absolute = Path(os.path.abspath(os.fspath(new_path)))
    _experiment_file_bytes(absolute, data.sha256 or None)
    return dataclasses.replace(data, dataset=IMPORTED_DATASET, path=str(absolute))
