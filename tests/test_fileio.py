"""bpviz.fileio: atomic writes (nothing half-written) and a reader that opens only small regular files."""

from __future__ import annotations

import os
import stat
import sys
import threading
import time

import pytest

from bpviz import fileio
from bpviz.fileio import UnreadableFile, atomic_open, atomic_write_bytes, atomic_write_text, read_bytes, read_text

posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs, devices and modes are POSIX")


def leftovers(folder) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


# ---------------------------------------------------------------- writing

def test_atomic_write_replaces_the_whole_file(tmp_path):
    target = tmp_path / "config.json"
    target.write_text("old contents that are longer than the new ones")
    atomic_write_text(target, "new\n")
    assert target.read_bytes() == b"new\n"
    assert leftovers(tmp_path) == []


def test_a_failure_while_writing_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "history.csv"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_open(target, "w") as handle:
            handle.write("half of the new ")
            raise RuntimeError("disk full, say")
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == []


def test_text_that_cannot_be_encoded_writes_nothing(tmp_path):
    target = tmp_path / "summary.json"
    with pytest.raises(UnicodeEncodeError):
        atomic_write_text(target, '{"name": "lone \udc80 surrogate"}')
    assert not target.exists() and leftovers(tmp_path) == []


def test_readers_see_the_old_or_the_new_file_never_a_part(tmp_path):
    target = tmp_path / "data.bin"
    old, new = b"a" * 300_000, b"b" * 600_000
    atomic_write_bytes(target, old, fsync=False)
    seen = set()
    done = threading.Event()

    def read_all():
        while not done.is_set():
            seen.add(target.read_bytes())

    reader = threading.Thread(target=read_all, name="bpviz-test-reader")
    reader.start()
    try:
        for i in range(40):
            atomic_write_bytes(target, new if i % 2 == 0 else old, fsync=False)
    finally:
        done.set()
        reader.join()
    assert seen <= {old, new}


@posix_only
def test_a_new_file_gets_the_usual_permissions_and_an_existing_one_keeps_its_mode(tmp_path):
    umask = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.json"
        atomic_write_text(fresh, "{}")
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644   # not mkstemp's 0o600
        kept = tmp_path / "kept.json"
        kept.write_text("{}")
        kept.chmod(0o640)
        atomic_write_text(kept, "[]")
        assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    finally:
        os.umask(umask)


@posix_only
def test_a_symbolic_link_is_written_through(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    atomic_write_text(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


def test_atomic_open_refuses_append_mode(tmp_path):
    with pytest.raises(ValueError, match="whole files"):
        with atomic_open(tmp_path / "x", "a"):
            pass


def test_an_unwritable_folder_is_an_os_error(tmp_path):
    with pytest.raises(OSError):
        atomic_write_text(tmp_path / "no such folder" / "x.json", "{}")


# ---------------------------------------------------------------- reading

def test_reads_utf8_with_or_without_a_byte_order_mark(tmp_path):
    plain, marked = tmp_path / "plain.json", tmp_path / "marked.json"
    plain.write_bytes("{\"name\": \"梯度\"}".encode())
    marked.write_bytes(b"\xef\xbb\xbf" + "{\"name\": \"梯度\"}".encode())
    assert read_text(plain) == read_text(marked) == "{\"name\": \"梯度\"}"


@pytest.mark.parametrize("data, message", [
    (b"\xff\xfe{\x00}\x00", "UTF-16"),
    (b"\xfe\xff\x00{\x00}", "UTF-16"),
    (b"\xff\xfe\x00\x00{\x00\x00\x00", "UTF-32"),
    (b'{"name": "caf\xe9"}', r"not UTF-8 text \(byte 0xe9 at offset 13, line 1\)"),
])
def test_text_that_is_not_utf8_is_refused_with_where(tmp_path, data, message):
    path = tmp_path / "bad.json"
    path.write_bytes(data)
    with pytest.raises(UnreadableFile, match=message):
        read_text(path)


def test_size_limit_refuses_large_and_sparse_files_quickly(tmp_path):
    sparse = tmp_path / "sparse.json"
    with open(sparse, "wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    started = time.perf_counter()
    with pytest.raises(UnreadableFile, match=r"too large \(210 MB; at most"):
        read_bytes(sparse)
    assert time.perf_counter() - started < 0.5
    exact = tmp_path / "exact.json"
    exact.write_bytes(b"x" * 100)
    assert read_bytes(exact, max_bytes=100) == b"x" * 100
    with pytest.raises(UnreadableFile, match="too large"):
        read_bytes(exact, max_bytes=99)


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs /proc")
def test_a_file_larger_than_its_size_says_is_cut_off_at_the_limit():
    # /proc files say their size is 0 and have contents: the limit is enforced on what is read
    assert os.stat("/proc/self/status").st_size == 0
    with pytest.raises(UnreadableFile, match="more than 10 bytes"):
        read_bytes("/proc/self/status", max_bytes=10)


@posix_only
def test_a_named_pipe_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "experiment.json"
    os.mkfifo(fifo)
    started = time.perf_counter()
    with pytest.raises(UnreadableFile, match="named pipe"):
        read_text(fifo)
    assert time.perf_counter() - started < 0.5


@posix_only
def test_a_fifo_swapped_in_after_the_check_does_not_block(tmp_path, monkeypatch):
    """The race the O_NONBLOCK open closes: stat sees a regular file, open finds a FIFO."""
    fifo = tmp_path / "swapped.json"
    os.mkfifo(fifo)
    regular = tmp_path / "regular.json"
    regular.write_text("{}")
    real_stat = os.stat
    monkeypatch.setattr(fileio.os, "stat", lambda path, *a, **k: real_stat(regular if path == fifo else path))
    started = time.perf_counter()
    with pytest.raises(UnreadableFile, match="named pipe"):
        read_bytes(fifo)
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize("make, message", [
    (lambda tmp: tmp, "is a folder"),
    (lambda tmp: tmp / "missing.json", "no such file"),
])
def test_folders_and_missing_files(tmp_path, make, message):
    with pytest.raises(UnreadableFile, match=message):
        read_text(make(tmp_path))


@posix_only
def test_devices_and_symlink_loops(tmp_path):
    with pytest.raises(UnreadableFile, match="character device"):
        read_bytes("/dev/zero")
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    with pytest.raises(UnreadableFile, match="symbolic link loop"):
        read_bytes(loop)


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads anything")
def test_an_unreadable_file_says_permission_denied(tmp_path):
    locked = tmp_path / "locked.json"
    locked.write_text("{}")
    locked.chmod(0)
    try:
        with pytest.raises(UnreadableFile, match="permission denied"):
            read_bytes(locked)
    finally:
        locked.chmod(0o600)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_is_never_opened(tmp_path):
    """A writer waiting on the pipe would be let through by any open for reading (even a non-blocking one): it
    must still be waiting after the refusal (issue 15, item 7)."""
    from bpviz.config import ConfigError, ExperimentConfig

    fifo = tmp_path / "experiment.json"
    os.mkfifo(fifo)
    opened = threading.Event()

    def writer() -> None:
        with open(fifo, "wb"):   # blocks until someone opens the pipe for reading
            opened.set()

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    with pytest.raises(fileio.UnreadableFile, match="named pipe"):
        fileio.read_bytes(fifo)
    with pytest.raises(ConfigError, match="named pipe"):
        ExperimentConfig.load(fifo)
    assert not opened.wait(0.5), "the pipe was opened"
    release = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)   # let the writer go
    try:
        assert opened.wait(10)
    finally:
        os.close(release)
    thread.join(10)
