"""What the window says about a data file bpviz cannot use, in the UI language.

:mod:`bpviz.engine.tabular` raises a :class:`~bpviz.engine.tabular.DataFileError` whose English message serves the
CLI, and whose ``code`` and ``params`` say the same for a program (the row, the column, the value, the limit).
This module words each code (and each code of a :class:`~bpviz.engine.tabular.DataNotice`, what the window says
about a table it can use) through Qt's translation system and fills the numbers and names in after translating;
in English the result is the engine's message, word for word. An error without a code this module knows (or any
other ConfigError) is shown as its English message.

Strings go through ``translate("DataFileMessages", "text")`` with a literal context, which Qt's lupdate extracts.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QCoreApplication

from bpviz.engine.tabular import DataFileError, DataNotice

translate = QCoreApplication.translate


def _file_kind(kind: str) -> str:
    """What a file that is not text is (``params["kind"]`` of ``not_text``)."""
    kinds = {
        "zip": translate("DataFileMessages", "a zip archive (an Excel .xlsx or LibreOffice .ods workbook?)"),
        "office": translate("DataFileMessages", "an old Office file (an Excel .xls workbook?)"),
        "pdf": translate("DataFileMessages", "a PDF document"),
        "png": translate("DataFileMessages", "a PNG image"),
        "jpeg": translate("DataFileMessages", "a JPEG image"),
        "gzip": translate("DataFileMessages", "a gzip archive"),
        "gif": translate("DataFileMessages", "a GIF image"),
    }
    return kinds.get(kind, kind)


def _missing(params: dict) -> str:
    """What a missing cell held: empty, NaN, or the marker (quoted) that stands for no value."""
    kind = params.get("missing")
    if kind == "empty":
        return translate("DataFileMessages", "empty")
    if kind == "nan":
        return "NaN"
    return str(params.get("value", ""))


def _translated_or_as_is(translated: str, source: str, as_is: str) -> str:
    """``translated`` if the language has its own words for ``source``; else ``as_is`` (the system's or Python's
    own text, which English shows unchanged)."""
    return as_is if translated == source else translated


def _os_reason(params: dict) -> str:
    """Why the system refused the file: the usual reasons in the UI language, any other in the system's words."""
    reason = str(params.get("reason", ""))
    number = params.get("errno")
    sources = {
        errno.EACCES: ("Permission denied", translate("DataFileMessages", "Permission denied")),
        errno.EPERM: ("Operation not permitted", translate("DataFileMessages", "Operation not permitted")),
        errno.ELOOP: ("Too many levels of symbolic links",
                      translate("DataFileMessages", "Too many levels of symbolic links")),
        errno.EIO: ("Input/output error", translate("DataFileMessages", "Input/output error")),
        errno.ENAMETOOLONG: ("File name too long", translate("DataFileMessages", "File name too long")),
        errno.ENOTDIR: ("Not a directory", translate("DataFileMessages", "Not a directory")),
    }
    if number not in sources:
        return reason
    source, translated = sources[number]
    return _translated_or_as_is(translated, source, reason)


def _csv_reason(params: dict) -> str:
    """Why Python's csv reader stopped (its English words, or the UI language's for the usual ones)."""
    reason = str(params.get("reason", ""))
    if reason == "unexpected end of data":
        return _translated_or_as_is(translate("DataFileMessages", "unexpected end of data"),
                                    "unexpected end of data", reason)
    limit = re.fullmatch(r"field larger than field limit \((\d+)\)", reason)
    if limit:
        source = "field larger than field limit ({limit})"
        translated = translate("DataFileMessages", "field larger than field limit ({limit})")
        return _translated_or_as_is(translated, source, reason).format(limit=limit.group(1))
    return reason


def _delimiter(params: dict) -> str:
    delimiter = str(params.get("delimiter", ""))
    return translate("DataFileMessages", "tab") if delimiter == "\t" else delimiter


def _column_count(params: dict) -> str:
    if params.get("has_header"):
        return translate("DataFileMessages", "row {row} has {count} columns, but the header (row {first_row}) has "
                                             "{width}; check for a missing or extra '{delimiter}' in row {row}")
    return translate("DataFileMessages", "row {row} has {count} columns, but the first row (row {first_row}) has "
                                         "{width}; check for a missing or extra '{delimiter}' in row {row}")


def _too_few_rows(params: dict) -> str:
    if params.get("count") == 1:
        return translate("DataFileMessages", "the file has {count} data row; bpviz needs at least {minimum} "
                                             "(some to train on, some to test on)")
    return translate("DataFileMessages", "the file has {count} data rows; bpviz needs at least {minimum} "
                                         "(some to train on, some to test on)")


# code -> the message with placeholders (given the parameters, for the codes whose wording depends on them)
WORDINGS: dict[str, Callable[[dict], str]] = {
    "no_such_file": lambda p: translate("DataFileMessages", "no such file ({path})"),
    "is_folder": lambda p: translate("DataFileMessages", "{path} is a folder, not a file"),
    "cannot_open": lambda p: translate("DataFileMessages", "cannot open it ({reason})"),
    "not_regular": lambda p: translate("DataFileMessages",
                                       "{path} is not a regular file (a device, a pipe or a socket)"),
    "too_large": lambda p: translate(
        "DataFileMessages", "the file is {size_mb} MB; bpviz reads CSV files of at most {limit_mb} MB (about {rows} "
                            "rows are used in any case): save a smaller sample of the rows"),
    "cannot_read": lambda p: translate("DataFileMessages", "cannot read it ({reason})"),
    "empty": lambda p: translate("DataFileMessages", "the file is empty"),
    "not_text": lambda p: translate(
        "DataFileMessages", "this is {what}, not a CSV text file; save it from the spreadsheet as "
                            "\"CSV UTF-8 (comma delimited)\""),
    "bad_utf16": lambda p: translate(
        "DataFileMessages", "it starts like UTF-16 text but byte {byte} is not valid UTF-16; save it from the "
                            "spreadsheet as \"CSV UTF-8 (comma delimited)\""),
    "binary": lambda p: translate(
        "DataFileMessages", "this looks like a binary file (it holds zero bytes), not a CSV text; save it from the "
                            "spreadsheet as \"CSV UTF-8 (comma delimited)\""),
    "not_utf8": lambda p: translate(
        "DataFileMessages", "row {row}: byte {byte} is not UTF-8 text (the file was saved in another encoding, "
                            "e.g. Windows-1252); save it from the spreadsheet as \"CSV UTF-8 (comma delimited)\""),
    "control_character": lambda p: translate(
        "DataFileMessages", "row {row}: the file holds control characters (code {code}), so it is not a CSV text; "
                            "save it from the spreadsheet as \"CSV UTF-8 (comma delimited)\""),
    "bad_quotes": lambda p: translate(
        "DataFileMessages", "row {row}: the CSV cannot be read there ({reason}); check the quotes (\") in that row"),
    "single_column_file": lambda p: translate(
        "DataFileMessages", "every row has a single column: bpviz needs numeric feature columns and a label "
                            "column, separated by commas, semicolons or tabs"),
    "blank_only": lambda p: translate("DataFileMessages", "the file holds no data (only blank lines)"),
    "header_only": lambda p: translate("DataFileMessages",
                                       "row {row} holds column names, but no data rows follow"),
    "single_column": lambda p: translate(
        "DataFileMessages", "row {row} has a single column: bpviz needs at least one numeric feature column and a "
                            "label column"),
    "column_count": _column_count,
    "too_few_rows": _too_few_rows,
    "duplicate_label_columns": lambda p: translate(
        "DataFileMessages", "columns {columns} are all named '{name}'; only one column can be the label: rename "
                            "the others"),
    "too_many_features": lambda p: translate(
        "DataFileMessages", "the file has {count} feature columns; bpviz handles at most {limit}"),
    "missing_value": lambda p: translate(
        "DataFileMessages", "row {row}, column {column} ('{name}'): the value is missing ({what}); fill it in or "
                            "delete the row"),
    "not_finite": lambda p: translate("DataFileMessages",
                                      "row {row}, column {column} ('{name}'): {value} is not a finite number"),
    "thousands_separator": lambda p: translate(
        "DataFileMessages", "row {row}, column {column} ('{name}'): {value} is not a number (write it without "
                            "thousands separators)"),
    "not_a_number": lambda p: translate(
        "DataFileMessages", "row {row}, column {column} ('{name}'): {value} is not a number; feature columns must "
                            "hold numbers only"),
    "missing_label": lambda p: translate(
        "DataFileMessages", "row {row}, column {column} ('{name}'): the label is missing ({what}); every row needs "
                            "a label"),
    "single_class": lambda p: translate(
        "DataFileMessages", "every row has the same label ({label} in column {column}, '{name}'): a classifier "
                            "needs at least two classes"),
    "single_row_classes": lambda p: translate(
        "DataFileMessages", "every class has a single row ({count} rows, {count} labels): no row of any class is "
                            "left to test on; the label column may be an identifier"),
    "constant_features": lambda p: translate(
        "DataFileMessages", "every feature column has the same value in every row: there is nothing to learn from"),
    "too_many_classes": lambda p: translate(
        "DataFileMessages", "column {column} ('{name}'), the label column, has {count} different values; bpviz "
                            "handles at most {limit} classes. If it is a measurement rather than a class, it cannot "
                            "be the label: put the class in a column named '{label}' or in the last column"),
    "moved": lambda p: translate(
        "DataFileMessages", "the experiment's data file is not there any more ({path}): it was moved, renamed or "
                            "deleted. Put it back, or locate it (bpviz checks that it is the same file), or import "
                            "another file"),
    "changed": lambda p: translate(
        "DataFileMessages", "the experiment's data file has changed since the experiment was saved (its content's "
                            "SHA-256 is {actual}…, the experiment recorded {expected}…). bpviz does not train on "
                            "other data than the experiment's: restore the file, or import it again to use the new "
                            "content"),
    "path_too_long": lambda p: translate("DataFileMessages",
                                         "data.path is {length} characters long; at most {limit} are allowed"),
    "path_control_character": lambda p: translate(
        "DataFileMessages", "data.path = {value} holds a control character; a file path cannot"),
}


# notice code -> the notice with placeholders
NOTICE_WORDINGS: dict[str, Callable[[dict], str]] = {
    "label_is_last_column": lambda p: translate(
        "DataFileMessages", "No column is named '{label}', so the last column ('{name}') is the label."),
    "constant_column": lambda p: translate(
        "DataFileMessages", "Column {column} ('{name}') has the same value ({value}) in every row: it carries no "
                            "information (it is kept, as 0)."),
}


def _fields(params: dict) -> dict:
    """The parameters as the wordings use them: the derived ones (in the UI language) added."""
    fields = dict(params)
    if "kind" in params:
        fields["what"] = _file_kind(str(params["kind"]))
    if "missing" in params:
        fields["what"] = _missing(params)
    if "errno" in params:
        fields["reason"] = _os_reason(params)
    elif "reason" in params:
        fields["reason"] = _csv_reason(params)
    if "delimiter" in params:
        fields["delimiter"] = _delimiter(params)
    return fields


def data_file_message(error: Exception) -> str:
    """The message the window shows for ``error``: a DataFileError in the UI language (its file's name first, as
    the English message has it), anything else as its own text."""
    wording = WORDINGS.get(getattr(error, "code", None)) if isinstance(error, DataFileError) else None
    if wording is None:
        return str(error)
    message = wording(error.params).format(**_fields(error.params))
    if not error.path:
        return message
    return translate("DataFileMessages", "{file}: {message}").format(file=Path(error.path).name, message=message)


def data_notice_message(notice: str) -> str:
    """A notice about an imported table (:class:`~bpviz.engine.tabular.DataNotice`) in the UI language; any other
    text as it is."""
    wording = NOTICE_WORDINGS.get(getattr(notice, "code", None)) if isinstance(notice, DataNotice) else None
    return str(notice) if wording is None else wording(notice.params).format(**notice.params)
