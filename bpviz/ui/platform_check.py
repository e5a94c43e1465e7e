"""Can Qt open a window on this machine? Asked before PySide6 is imported, so ``bpviz`` says in one line what is
missing and how to install it, instead of Qt's "Could not load the Qt platform plugin "xcb"" and an abort.

On a bare Debian/Ubuntu, PySide6's own libraries need a few system libraries (GLib, OpenGL/EGL, X11, D-Bus,
fontconfig, FreeType, xkbcommon: without them even ``import PySide6.QtCore`` fails), and its xcb platform plugin
(the X11 window system) needs about fifteen more (libxcb-cursor, -icccm, -keysyms, ...). This module reads the
ELF dependencies of the PySide6 modules bpviz imports and of the platform plugin Qt will load, follows those that
PySide6 bundles, and asks the dynamic loader (``ctypes.CDLL``) for every system library. It imports no Qt, so it
also works when Qt could not be imported at all.

    problem = window_problem()    # None: Qt can open a window (as far as libraries and display go)
    if problem is not None:
        print(f"bpviz: error: {problem}", file=sys.stderr)   # one line, e.g.
        # bpviz: error: cannot open a window: Qt's xcb platform plugin needs libxcb-cursor.so.0, which is not
        # installed; install it with: sudo apt-get install libxcb-cursor0

Linux only. The check stays silent whenever it cannot be sure (PySide6 not found, a platform plugin it does not
know, a file that is not ELF): it may only ever stop a start that would fail. ``BPVIZ_NO_PLATFORM_CHECK=1``
skips it. The platforms are the ones Qt tries: ``QT_QPA_PLATFORM`` (a ``;``-separated list) if set, else
``wayland;xcb`` in a Wayland session (``XDG_SESSION_TYPE=wayland``) and ``xcb`` otherwise; the start can work if
one of them can.
"""

from __future__ import annotations

import importlib.util
import mmap
import os
import re
import struct
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Mapping

#: Set to 1 to skip the check (if it ever stops a start that would have worked, please report it).
SKIP_ENV = "BPVIZ_NO_PLATFORM_CHECK"

#: The PySide6 modules bpviz loads (pyqtgraph loads QtOpenGL, QtOpenGLWidgets, QtSvg and QtTest).
QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtSvg", "QtOpenGL", "QtOpenGLWidgets", "QtTest")

#: Platform -> the plugin files (under PySide6/Qt/plugins/platforms) whose metadata has that key, newest layout
#: first: PySide6 6.11's libqwayland.so (keys wayland, wayland-egl, wayland-brcm); 6.8's libqwayland-generic.so
#: (key wayland; libqwayland-egl.so there is only "wayland-egl").
PLATFORM_PLUGINS = {"xcb": ("libqxcb.so",), "wayland": ("libqwayland.so", "libqwayland-generic.so")}

#: The system library (soname) -> the Debian/Ubuntu package that provides it, for every library that PySide6 6.8-6.11
#: and its xcb and wayland platform plugins load from the system (checked with ldd on a bare Debian 12 chroot).
DEBIAN_PACKAGES: dict[str, str] = {
    # PySide6 itself (QtCore, QtGui, QtWidgets, QtDBus)
    "libglib-2.0.so.0": "libglib2.0-0", "libgthread-2.0.so.0": "libglib2.0-0", "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1", "libX11.so.6": "libx11-6", "libdbus-1.so.3": "libdbus-1-3",
    "libfontconfig.so.1": "libfontconfig1", "libfreetype.so.6": "libfreetype6", "libxkbcommon.so.0": "libxkbcommon0",
    "libz.so.1": "zlib1g", "libzstd.so.1": "libzstd1", "libstdc++.so.6": "libstdc++6", "libgcc_s.so.1": "libgcc-s1",
    # the xcb platform plugin (X11)
    "libX11-xcb.so.1": "libx11-xcb1", "libxcb.so.1": "libxcb1", "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4", "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1", "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0", "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0", "libxcb-shm.so.0": "libxcb-shm0", "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1", "libxcb-xfixes.so.0": "libxcb-xfixes0", "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    # the wayland platform plugin
    "libwayland-client.so.0": "libwayland-client0", "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
}

_CANNOT_OPEN = re.compile(r"^(?P<name>[^\s:]+\.so[^\s:]*): cannot open shared object file")


@dataclass(frozen=True)
class WindowProblem:
    """Why Qt cannot open a window: ``missing`` system libraries (sonames) of ``platform``, or no display."""

    platform: str                    # "xcb", "wayland", or "" when only PySide6's own libraries were checked
    missing: tuple[str, ...] = ()    # sonames, of PySide6 and of the platform plugin together
    no_display: bool = False
    qt_itself: bool = False          # some of them are needed by PySide6 itself (import PySide6.QtCore fails)

    @property
    def packages(self) -> tuple[str, ...]:
        """The Debian/Ubuntu packages that provide the missing libraries (those this module knows), sorted."""
        return tuple(sorted({DEBIAN_PACKAGES[name] for name in self.missing if name in DEBIAN_PACKAGES}))

    def install_command(self, as_root: bool | None = None) -> str:
        """``sudo apt-get install ...`` for :attr:`packages` (without sudo for root); "" if none is known."""
        if not self.packages:
            return ""
        if as_root is None:
            as_root = hasattr(os, "geteuid") and os.geteuid() == 0
        return ("" if as_root else "sudo ") + "apt-get install " + " ".join(self.packages)

    def message(self, has_apt: bool | None = None, as_root: bool | None = None) -> str:
        """One line for the terminal: what is missing and the exact command that installs it."""
        if self.no_display:
            variable = "WAYLAND_DISPLAY" if self.platform == "wayland" else "DISPLAY"
            return (f"cannot open a window: there is no display ({variable} is not set); start bpviz from a desktop "
                    f"session, or use 'bpviz run' to train and save the plots without a window")
        if not self.platform:
            who = "Qt (PySide6)"
        elif self.qt_itself:
            who = f"Qt (PySide6) with its {self.platform} platform plugin"
        else:
            who = f"Qt's {self.platform} platform plugin"
        names = ", ".join(self.missing)
        verb, pronoun = ("is", "it") if len(self.missing) == 1 else ("are", "them")
        text = f"cannot open a window: {who} needs {names}, which {verb} not installed"
        command = self.install_command(as_root)
        if not command:
            return f"{text}; install the packages that provide {pronoun}"
        if has_apt is None:
            has_apt = _on_path("apt-get")
        if has_apt:
            return f"{text}; install {pronoun} with: {command}"
        return f"{text}; install the packages that provide {pronoun} (on Debian/Ubuntu: {command})"

    def __str__(self) -> str:
        return self.message()


def window_problem(environ: Mapping[str, str] | None = None, pyside6_dir: Path | None = None,
                   load: Callable[[str], object] | None = None) -> WindowProblem | None:
    """Why Qt could not open a window here, or None if it can (or if this check cannot tell).

    ``environ`` defaults to ``os.environ``, ``pyside6_dir`` to the installed PySide6 package (found without
    importing it) and ``load`` to ``ctypes.CDLL``: tests replace them.
    """
    environ = os.environ if environ is None else environ
    if not sys.platform.startswith("linux") or environ.get(SKIP_ENV, "") not in ("", "0"):
        return None
    pyside6_dir = pyside6_dir if pyside6_dir is not None else _installed_pyside6()
    if pyside6_dir is None:
        return None
    load = load if load is not None else _load_with_ctypes
    try:
        modules = [path for name in QT_MODULES for path in sorted(pyside6_dir.glob(f"{name}.*so"))]
        if not modules:
            return None
        memo: dict = {}
        qt_missing = missing_libraries(modules, load, _frozen_dirs(), memo)
        platforms = qt_platforms(environ)
        if not platforms or not all(name in PLATFORM_PLUGINS for name in platforms):
            # offscreen, minimal, vnc, eglfs, ...: PySide6's own libraries are all this check knows of
            return WindowProblem("", tuple(qt_missing), qt_itself=True) if qt_missing else None
        problems = []
        for name in platforms:
            problem = _platform_problem(name, pyside6_dir, environ, load, memo, qt_missing)
            if problem is None:
                return None
            problems.append(problem)
    except (OSError, ValueError, struct.error):  # an unreadable or unusual file: this check cannot tell
        return None
    # Name what would fix it, all at once: missing libraries (a display is there) before "no display", and the
    # xcb plugin's (README's list) before wayland's.
    return min(problems, key=lambda p: (p.no_display, p.platform != "xcb"))


def qt_platforms(environ: Mapping[str, str]) -> list[str]:
    """The platform plugins Qt will try, in order (see QGuiApplicationPrivate::createPlatformIntegration).

    Some Qt releases ignore a Wayland session on GNOME and try xcb only; counting wayland in then can only make
    the check more lenient (it reports a problem only when every platform on the list has one), never wrong.
    """
    chosen = environ.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return [entry.split(":", 1)[0].strip() for entry in chosen.split(";") if entry.strip()]
    if environ.get("XDG_SESSION_TYPE", "") == "wayland":
        return ["wayland", "xcb"]
    return ["xcb"]


def _platform_problem(name: str, pyside6_dir: Path, environ: Mapping[str, str], load: Callable[[str], object],
                      memo: dict, qt_missing: list[str]) -> WindowProblem | None:
    folder = pyside6_dir / "Qt" / "plugins" / "platforms"
    plugin = next((folder / file for file in PLATFORM_PLUGINS[name] if (folder / file).is_file()), None)
    if plugin is None:
        raise OSError(f"no {name} plugin in {folder}")  # a layout this check does not know: it stays silent
    missing = sorted({*qt_missing, *missing_libraries([plugin], load, _frozen_dirs(), memo)})
    if missing:
        return WindowProblem(name, tuple(missing), qt_itself=bool(qt_missing))
    if not _has_display(name, environ):
        return WindowProblem(name, no_display=True)
    return None


def _has_display(platform: str, environ: Mapping[str, str]) -> bool:
    if platform == "xcb":
        return bool(environ.get("DISPLAY"))
    if environ.get("WAYLAND_DISPLAY"):
        return True
    runtime = environ.get("XDG_RUNTIME_DIR")
    return bool(runtime) and (Path(runtime) / "wayland-0").exists()


# ---------------------------------------------------------------- libraries

def missing_libraries(roots: Iterable[Path], load: Callable[[str], object], extra_dirs: Iterable[Path] = (),
                      memo: dict | None = None) -> list[str]:
    """The system libraries (sonames) that the ELF files ``roots`` need, directly or through the libraries they
    bring along (found through their RUNPATH/RPATH, or in ``extra_dirs``), and that ``load`` cannot open.

    A library that loads brings its own dependencies (the loader opens them too), so only those are followed that
    ship with PySide6. When a system library fails because one of its dependencies is missing, the dependency is
    named (from the loader's message), not the library. ``memo`` (any dict) lets several calls share their work.
    """
    memo = {} if memo is None else memo
    walked: dict[str, tuple[list[str], list[str]]] = memo.setdefault("walked", {})
    loaded: dict[str, str | None] = memo.setdefault("loaded", {})
    listings: dict[str, frozenset[str]] = memo.setdefault("listings", {})

    def listing(folder: str) -> frozenset[str]:
        if folder not in listings:
            try:
                listings[folder] = frozenset(os.listdir(folder))
            except OSError:
                listings[folder] = frozenset()
        return listings[folder]

    folders = [str(folder) for folder in extra_dirs]
    system: set[str] = set()
    seen: set[str] = set()
    pending = [os.path.realpath(root) for root in roots]
    while pending:
        path = pending.pop()
        if path in seen:
            continue
        seen.add(path)
        if path not in walked:
            needed, search = elf_dependencies(Path(path))
            walked[path] = (needed, [str(folder) for folder in search])
        needed, search = walked[path]
        for name in needed:
            folder = next((folder for folder in (*search, *folders) if name in listing(folder)), None)
            if folder is not None:
                pending.append(os.path.realpath(os.path.join(folder, name)))
            else:
                system.add(name)
    for name in system - set(loaded):
        try:
            load(name)
            loaded[name] = None
        except OSError as error:
            match = _CANNOT_OPEN.match(str(error))
            loaded[name] = match.group("name") if match else name
    return sorted({loaded[name] for name in system if loaded[name] is not None})


def elf_dependencies(path: Path) -> tuple[list[str], list[Path]]:
    """``(DT_NEEDED sonames, RUNPATH or RPATH folders with $ORIGIN expanded)`` of an ELF shared object.

    Reads the dynamic section only (no code runs). Raises ValueError for a file that is not ELF.
    """
    with open(path, "rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return _dynamic_section(data, Path(path))


def _dynamic_section(data: mmap.mmap, path: Path) -> tuple[list[str], list[Path]]:
    if data[:4] != b"\x7fELF" or data[4] not in (1, 2) or data[5] not in (1, 2):
        raise ValueError(f"{path} is not an ELF file")
    wide = data[4] == 2
    order = "<" if data[5] == 1 else ">"
    if wide:
        phoff, phentsize, phnum = struct.unpack_from(order + "Q", data, 32)[0], *struct.unpack_from(
            order + "HH", data, 54)
        segment = order + "IIQQQQQQ"     # type, flags, offset, vaddr, paddr, filesz, memsz, align
        fields = (0, 2, 3, 5)
        entry = order + "qQ"
    else:
        phoff, phentsize, phnum = struct.unpack_from(order + "I", data, 28)[0], *struct.unpack_from(
            order + "HH", data, 42)
        segment = order + "IIIIIIII"     # type, offset, vaddr, paddr, filesz, memsz, flags, align
        fields = (0, 1, 2, 4)
        entry = order + "iI"
    loads, dynamic = [], None
    for index in range(phnum):
        values = struct.unpack_from(segment, data, phoff + index * phentsize)
        kind, offset, vaddr, size = (values[i] for i in fields)
        if kind == 1:    # PT_LOAD
            loads.append((vaddr, offset, size))
        elif kind == 2:  # PT_DYNAMIC
            dynamic = (offset, size)
    if dynamic is None:
        return [], []
    tags: list[tuple[int, int]] = []
    step = struct.calcsize(entry)
    for position in range(dynamic[0], dynamic[0] + dynamic[1], step):
        tag, value = struct.unpack_from(entry, data, position)
        if tag == 0:     # DT_NULL
            break
        tags.append((tag, value))
    table = next((value for tag, value in tags if tag == 5), None)  # DT_STRTAB (an address)
    if table is None:
        return [], []
    base = next((offset + table - vaddr for vaddr, offset, size in loads if vaddr <= table < vaddr + size), table)

    def string(at: int) -> str:
        start = base + at
        return data[start:data.find(b"\0", start)].decode("utf-8", "replace")

    needed = [string(value) for tag, value in tags if tag == 1]                      # DT_NEEDED
    paths = [string(value) for tag, value in tags if tag == 29] or \
        [string(value) for tag, value in tags if tag == 15]                           # DT_RUNPATH, else DT_RPATH
    origin = str(Path(path).resolve().parent)
    search = [Path(folder.replace("$ORIGIN", origin).replace("${ORIGIN}", origin))
              for entry_paths in paths for folder in entry_paths.split(":") if folder]
    return needed, search


def _on_path(program: str) -> bool:
    """Whether ``program`` is an executable on PATH (shutil.which, without importing shutil's archive modules)."""
    folders = os.environ.get("PATH", os.defpath).split(os.pathsep)
    return any(os.access(os.path.join(folder, program), os.X_OK) for folder in folders if folder)


def _load_with_ctypes(name: str) -> object:
    import ctypes

    return ctypes.CDLL(name)


def _installed_pyside6() -> Path | None:
    """The PySide6 package folder, found without importing PySide6 (whose import may be what fails)."""
    try:
        spec = importlib.util.find_spec("PySide6")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def _frozen_dirs() -> list[Path]:
    """In the PyInstaller bundle, the folder where it puts the libraries it collected (bpviz.spec)."""
    folder = getattr(sys, "_MEIPASS", None)
    return [Path(folder)] if getattr(sys, "frozen", False) and folder else []
