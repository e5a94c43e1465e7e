"""Reading and writing files safely: nothing half-written, nothing that blocks, nothing unbounded.

Standard library only (the engine, the config and the CLI use it; no Qt).

Writing: :func:`atomic_write_bytes`, :func:`atomic_write_text` and the :func:`atomic_open` context manager write a
temporary file in the target's folder, flush and ``fsync`` it, then ``os.replace`` it over the target (and, on
POSIX, ``fsync`` the folder). A reader sees the old file or the new one, never a part; a failure (a full disk, an
exception while writing, a killed process) leaves the old file as it was and no temporary file behind (except after
a kill: then a hidden ``.NAME.XXXX.tmp`` may remain, never the target half-written). A new file gets the usual
permissions (``0o666`` less the umask); an existing file keeps its mode. A target that is a symbolic link is written
through: the link stays and the file it points to is replaced.

Reading: :func:`read_bytes` and :func:`read_text` open only regular files (checked with ``os.stat`` before opening,
and again on the open descriptor; opened with ``O_NONBLOCK`` so that a named pipe swapped in between cannot block),
read at most ``max_bytes`` (a file that is larger, or that grows while it is read, is refused) and decode UTF-8 (a
byte-order mark is accepted and removed; UTF-16/32 text and undecodable bytes are refused with the position of the
first bad byte). Every refusal is an :class:`UnreadableFile` whose message is one line that says what is wrong,
without the path (callers add it), e.g. ``"is a named pipe (FIFO), not a regular file"``.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO

DEFAULT_MAX_BYTES = 1 << 20  # 1 MiB: an experiment file is about 1 kB
_CHUNK = 1 << 16
_UTF8_BOM = b"\xef\xbb\xbf"
_OTHER_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"),
)


class UnreadableFile(ValueError):
    """A file that bpviz will not read; the message is one line saying why (without the path)."""


# ---------------------------------------------------------------- reading

def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _not_regular(mode: int) -> UnreadableFile:
    kind = _kind_of(mode)
    return UnreadableFile(f"is {kind}, not a regular file" if kind != "not a regular file" else "is not a regular file")


def _os_error(exc: OSError) -> UnreadableFile:
    if exc.errno == errno.ENOENT:
        return UnreadableFile("no such file")
    if exc.errno == errno.ELOOP:
        return UnreadableFile("too many levels of symbolic links (a symbolic link loop?)")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return UnreadableFile("permission denied")
    if exc.errno == errno.ENAMETOOLONG:
        return UnreadableFile("the file name is too long")
    if exc.errno == errno.ENOTDIR:
        return UnreadableFile("a part of the path is not a folder")
    return UnreadableFile(f"cannot read it: {exc.strerror or exc}")


def _too_large(max_bytes: int, size: int | None = None) -> UnreadableFile:
    what = f"{_size_text(size)}" if size is not None else f"more than {_size_text(max_bytes)}"
    return UnreadableFile(f"is too large ({what}; at most {_size_text(max_bytes)} is read)")


def _size_text(size: int) -> str:
    if size < 10_000:
        return f"{size} bytes"
    for unit, factor in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if size >= factor:
            return f"{size / factor:.3g} {unit}"
    return f"{size} bytes"  # pragma: no cover (unreachable)


def read_bytes(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of the regular file ``path``, at most ``max_bytes`` of them (else :class:`UnreadableFile`).

    Never blocks on a named pipe or a device and never reads more than ``max_bytes + 1`` bytes (a ``/dev/zero``,
    a 200 MB sparse file or a file that keeps growing is refused quickly).
    """
    try:
        before = os.stat(path)
    except OSError as exc:
        raise _os_error(exc) from None
    except ValueError as exc:  # e.g. a NUL character in the path
        raise UnreadableFile(f"cannot read it: {exc}") from None
    if not stat.S_ISREG(before.st_mode):
        raise _not_regular(before.st_mode)
    if before.st_size > max_bytes:
        raise _too_large(max_bytes, before.st_size)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0) \
        | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _os_error(exc) from None
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):  # replaced between stat and open
            raise _not_regular(opened.st_mode)
        chunks = []
        total = 0
        while total <= max_bytes:
            try:
                chunk = os.read(fd, min(_CHUNK, max_bytes + 1 - total))
            except OSError as exc:
                raise _os_error(exc) from None
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise _too_large(max_bytes)
        return b"".join(chunks)
    finally:
        os.close(fd)


def decode_text(data: bytes) -> str:
    """UTF-8 text from ``data`` (a leading byte-order mark removed); anything else is :class:`UnreadableFile`."""
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM):]
    else:
        for bom, encoding in _OTHER_BOMS:
            if data.startswith(bom):
                raise UnreadableFile(f"is {encoding} text; save it as UTF-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise UnreadableFile(
            f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}, line {line})") from None


def read_text(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """:func:`read_bytes` then :func:`decode_text`: a regular file of at most ``max_bytes`` bytes of UTF-8."""
    return decode_text(read_bytes(path, max_bytes))


# ---------------------------------------------------------------- writing

def _target(path: str | os.PathLike[str]) -> Path:
    """Where to write: a symbolic link is written through (the link stays, its target is replaced)."""
    target = Path(path)
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    return target


def _new_temporary(target: Path) -> tuple[int, Path]:
    """An exclusive new file next to ``target``: created with mode 0o666, so the umask applies as to any new file."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        temporary = target.with_name(f".{target.name[:100]}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(target.parent))  # pragma: no cover


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no folder descriptors)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the data itself is synced
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "w", *, encoding: str | None = "utf-8",
                newline: str | None = None, fsync: bool = True) -> Iterator[IO]:
    """Open ``path`` for writing so that it is replaced all at once when the ``with`` block ends without error.

    ``mode`` is ``"w"`` (text; ``encoding``/``newline`` as for :func:`open`) or ``"wb"``. If the block raises,
    the target is untouched and the temporary file is removed. Raises ``OSError`` when the folder is not writable.
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_open writes whole files: mode must be 'w' or 'wb', not {mode!r}")
    target = _target(path)
    try:
        existing_mode: int | None = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        existing_mode = None
    fd, temporary = _new_temporary(target)
    replaced = False
    try:
        with os.fdopen(fd, "wb") as raw:
            if mode == "wb":
                yield raw
            else:
                text = io.TextIOWrapper(raw, encoding=encoding, newline=newline)
                try:
                    yield text
                    text.flush()
                finally:
                    text.detach()  # ``raw`` is closed by its own ``with``, once
            raw.flush()
            if fsync:
                os.fsync(raw.fileno())
        if existing_mode is not None and hasattr(os, "chmod"):
            os.chmod(temporary, existing_mode)
        os.replace(temporary, target)
        replaced = True
        if fsync:
            _sync_folder(target.parent)
    finally:
        if not replaced:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, *, fsync: bool = True) -> None:
    """Replace ``path`` with ``data`` all at once (see the module docstring)."""
    with atomic_open(path, "wb", fsync=fsync) as handle:
        handle.write(data)


def atomic_write_text(path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8",
                      fsync: bool = True) -> None:
    """Replace ``path`` with ``text`` (exactly: no newline translation) all at once. The text is encoded before
    anything is written, so text that cannot be encoded (e.g. a lone surrogate) raises ``UnicodeEncodeError`` and
    leaves ``path`` untouched (and no temporary file)."""
    atomic_write_bytes(path, text.encode(encoding), fsync=fsync)
