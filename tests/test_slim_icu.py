"""tools/slim_icu_data.py (the classroom bundle's ICU data without what Qt never reads): the package it writes is
a valid ICU common-data package holding exactly the kept items, byte for byte."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from slim_icu_data import DROPPED, slim_package  # noqa: E402


def package(items: dict[str, bytes]) -> bytes:
    header = bytearray(32)
    struct.pack_into("<H", header, 0, 32)
    header[2:4] = b"\xda\x27"
    header[12:16] = b"CmnD"
    names = sorted(items)
    toc_size = 4 + 8 * len(names)
    name_block = b"".join(name.encode() + b"\0" for name in names)
    data_start = toc_size + len(name_block)
    data_start += -data_start % 16
    toc, data, position = [struct.pack("<I", len(names))], bytearray(), toc_size
    for name in names:
        data += b"\0" * (-len(data) % 16)
        toc.append(struct.pack("<II", position, data_start + len(data)))
        position += len(name) + 1
        data += items[name]
    body = b"".join(toc) + name_block
    return bytes(header) + body + b"\0" * (data_start - len(body)) + bytes(data)


def read(blob: bytes) -> dict[str, bytes]:
    header_size, = struct.unpack_from("<H", blob, 0)
    count, = struct.unpack_from("<I", blob, header_size)
    entries = [struct.unpack_from("<II", blob, header_size + 4 + 8 * i) for i in range(count)]
    out = {}
    for index, (name_offset, data_offset) in enumerate(entries):
        start = header_size + name_offset
        name = blob[start:blob.index(b"\0", start)].decode()
        assert (header_size + data_offset) % 16 == 0
        out[name] = blob[header_size + data_offset:header_size + entries[index + 1][1]] if index + 1 < count \
            else blob[header_size + data_offset:]
    return out


def test_the_dropped_categories_go_and_everything_else_stays_byte_for_byte():
    items = {"icudt73l/root.res": b"root" * 5, "icudt73l/coll/zh.res": b"collation",
             "icudt73l/lang/en.res": b"English", "icudt73l/zone/root.res": b"zones", "icudt73l/gb18030.cnv": b"gbk",
             "icudt73l/brkitr/cjdict.dict": b"dict", "icudt73l/brkitr/line.brk": b"breaks",
             "icudt73l/translit/root.res": b"translit"}
    slim, kept, dropped = slim_package(package(items))
    assert sorted(dropped) == ["icudt73l/brkitr/cjdict.dict", "icudt73l/lang/en.res", "icudt73l/translit/root.res",
                               "icudt73l/zone/root.res"]
    back = read(slim)
    assert sorted(back) == sorted(kept) == sorted(set(items) - set(dropped))
    for name, data in back.items():
        assert data.rstrip(b"\0") == items[name]
    assert slim[:32] == package(items)[:32]


def test_the_real_qt_icu_data_keeps_collation_and_converters():
    pyside = pytest.importorskip("PySide6")
    libraries = sorted((Path(pyside.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not libraries:
        pytest.skip("this PySide6 has no bundled ICU data library")
    from slim_icu_data import _symbol

    library = libraries[0].read_bytes()
    _name, offset, size = _symbol(library)
    slim, kept, dropped = slim_package(library[offset:offset + size])
    assert len(slim) < 0.6 * size and all(DROPPED.search(name) for name in dropped)
    assert any(name.endswith("coll/ucadata.icu") for name in kept)
    assert any(name.endswith("cnvalias.icu") for name in kept)
    assert any(name.endswith("/zh.res") for name in kept)
