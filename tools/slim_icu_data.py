"""Rebuild Qt's ICU data library (libicudata.so.NN, 32 MB in PySide6's wheel) without the ICU data that Qt never
reads, for the classroom bundle (bpviz.spec calls :func:`slim_icu_library` on Linux).

ICU keeps all its data in one "common data" package that libicudata exports as the symbol ``icudtNN_dat``: a
table of contents (item names, sorted, with offsets) followed by the items. ICU's own Data Build Tool can filter
that package by category when ICU is built; PySide6 ships the full package. This script does the same filtering
afterwards: it copies the package with the items of :data:`DROPPED` left out (same order, same 16-byte alignment,
a new table of contents) and compiles it with the system C compiler into a library of the same name (soname) that
exports the same symbol.

What Qt 6 uses ICU for, and what stays: collation (QCollator, e.g. sorting in a file dialog: ``coll/`` stays),
character set converters (QStringConverter: the ``.cnv`` files stay), case mapping and normalization (in the code
and ``.nrm``/``.icu`` items: they stay), the locale tree (top-level ``.res``: stays). What goes is read only by ICU
APIs that Qt does not call: display names of languages, regions, currencies and units, time-zone display names
(Qt on Linux reads time zones from the system's tz files), transliteration, spelled-out numbers (rbnf) and the
word-break dictionaries of Chinese/Japanese, Khmer, Burmese, Lao and Thai (Qt breaks lines with its own Unicode
tables). Run ``python tools/slim_icu_data.py LIB OUT`` to see what it keeps.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

DROPPED = re.compile(r"^icudt\d+[lb]/(curr|lang|region|unit|zone|translit|rbnf)/"
                     r"|^icudt\d+[lb]/brkitr/[a-z]+dict\.dict$")
ALIGN = 16


def _symbol(library: bytes) -> tuple[str, int, int]:
    """(name, file offset, size) of the exported icudtNN_dat symbol, read from the ELF tables (64-bit little
    endian only: the Linux x86_64/arm64 wheels)."""
    if library[:4] != b"\x7fELF" or library[4] != 2 or library[5] != 1:
        raise ValueError("not a 64-bit little-endian ELF library")
    shoff, = struct.unpack_from("<Q", library, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", library, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", library, shoff + i * shentsize) for i in range(shnum)]
    for _name, kind, _flags, _addr, offset, size, link, _info, _align, entsize in sections:
        if kind != 11:  # SHT_DYNSYM
            continue
        strtab = sections[link]
        for index in range(size // entsize):
            st_name, _st_info, _st_other, st_shndx, st_value, st_size = struct.unpack_from(
                "<IBBHQQ", library, offset + index * entsize)
            end = library.index(b"\0", strtab[4] + st_name)
            name = library[strtab[4] + st_name:end].decode()
            if re.fullmatch(r"icudt\d+_dat", name) and st_shndx:
                section = sections[st_shndx]
                return name, section[4] + (st_value - section[3]), st_size
    raise ValueError("no icudtNN_dat symbol: not an ICU data library")


def slim_package(package: bytes) -> tuple[bytes, list[str], list[str]]:
    """(the package without the DROPPED items, names kept, names dropped)."""
    header_size, = struct.unpack_from("<H", package, 0)
    if package[2:4] != b"\xda\x27" or package[12:16] != b"CmnD":
        raise ValueError("not an ICU common data package")
    count, = struct.unpack_from("<I", package, header_size)
    entries = [struct.unpack_from("<II", package, header_size + 4 + 8 * i) for i in range(count)]
    names, items = [], []
    for index, (name_offset, data_offset) in enumerate(entries):
        start = header_size + name_offset
        names.append(package[start:package.index(b"\0", start)].decode("ascii"))
        end = header_size + entries[index + 1][1] if index + 1 < count else len(package)
        items.append(package[header_size + data_offset:end])
    kept = [i for i, name in enumerate(names) if not DROPPED.search(name)]
    dropped = [names[i] for i in range(count) if i not in set(kept)]
    toc_size = 4 + 8 * len(kept)
    name_block = b"".join(names[i].encode("ascii") + b"\0" for i in kept)
    data_start = toc_size + len(name_block)
    data_start += -data_start % ALIGN
    toc, data, name_position = [struct.pack("<I", len(kept))], bytearray(), toc_size
    for i in kept:
        data += b"\0" * (-len(data) % ALIGN)
        toc.append(struct.pack("<II", name_position, data_start + len(data)))
        name_position += len(names[i]) + 1
        data += items[i]
    body = b"".join(toc) + name_block
    body += b"\0" * (data_start - len(body))
    return package[:header_size] + body + bytes(data), [names[i] for i in kept], dropped


def slim_icu_library(library_path: str | Path, out_path: str | Path, compiler: str | None = None) -> Path:
    """Write the slim copy of the ICU data library ``library_path`` to ``out_path`` (same soname and symbol).
    Raises RuntimeError if no C compiler is found or it fails."""
    library = Path(library_path).read_bytes()
    symbol, offset, size = _symbol(library)
    package, _kept, _dropped = slim_package(library[offset:offset + size])
    compiler = compiler or shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        raise RuntimeError("no C compiler (cc/gcc) to build the slim ICU data library")
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        blob = Path(folder) / "icudata.bin"
        blob.write_bytes(package)
        source = Path(folder) / "icudata.c"
        source.write_text(
            f'__asm__(".section .rodata\\n.global {symbol}\\n.type {symbol}, @object\\n.balign 16\\n{symbol}:\\n'
            f'.incbin \\"{blob}\\"\\n.size {symbol}, .-{symbol}\\n.previous\\n");\n', encoding="ascii")
        command = [compiler, "-shared", "-nostdlib", "-o", str(out_path), f"-Wl,-soname,{Path(library_path).name}",
                   "-Wl,-z,noexecstack", "-s", str(source)]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"building the slim ICU data library failed: {done.stderr.strip()}")
    return out_path


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.split("\n\n")[0], file=sys.stderr)
        print("usage: python tools/slim_icu_data.py LIBICUDATA OUT", file=sys.stderr)
        return 2
    library = Path(argv[0]).read_bytes()
    _symbol_name, offset, size = _symbol(library)
    package, kept, dropped = slim_package(library[offset:offset + size])
    out = slim_icu_library(argv[0], argv[1])
    print(f"kept {len(kept)} items ({len(package) / 1e6:.1f} MB), dropped {len(dropped)} "
          f"({(size - len(package)) / 1e6:.1f} MB); wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
