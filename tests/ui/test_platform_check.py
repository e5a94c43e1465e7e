"""bpviz.ui.platform_check: before Qt is imported, a missing system library or display is one line that names it
and the apt-get command that installs it.

Libraries are hidden in two ways: a loader that refuses some names (the real ELF files are read, as on a bare
machine), and a copy of the real xcb plugin whose dependency is renamed to a library no machine has (the real
loader then fails).
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bpviz.ui import platform_check
from bpviz.ui.platform_check import (
    DEBIAN_PACKAGES, SKIP_ENV, WindowProblem, elf_dependencies, missing_libraries, qt_platforms, window_problem,
)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check is for Linux")

PYSIDE6 = platform_check._installed_pyside6()
XCB_PLUGIN = PYSIDE6 / "Qt" / "plugins" / "platforms" / "libqxcb.so"
ROOT = Path(__file__).resolve().parents[2]
#: libraries the README's apt line installs (the xcb plugin's and PySide6's own, checked on a bare Debian 12)
README_XCB_LIBRARIES = {"libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-image.so.0",
                        "libxcb-render-util.so.0", "libxcb-shape.so.0", "libxcb-randr.so.0", "libxkbcommon-x11.so.0",
                        "libX11-xcb.so.1", "libxcb.so.1", "libglib-2.0.so.0", "libGL.so.1", "libEGL.so.1",
                        "libfontconfig.so.1", "libfreetype.so.6", "libdbus-1.so.3"}


#: The Wayland client libraries: the tests treat them as installed, whether this machine has them or not.
WAYLAND_LIBRARIES = ("libwayland-client.so.0", "libwayland-cursor.so.0", "libwayland-egl.so.1")


def hiding(*names: str):
    """A loader that behaves as if ``names`` were not installed, and the Wayland libraries were; it loads
    everything else for real."""
    def load(name: str):
        if name in names:
            raise OSError(f"{name}: cannot open shared object file: No such file or directory")
        if name in WAYLAND_LIBRARIES:
            return None
        return ctypes.CDLL(name)
    return load


def check(environ: dict, load=None, pyside6_dir: Path = PYSIDE6) -> WindowProblem | None:
    return window_problem(environ, pyside6_dir=pyside6_dir, load=load or hiding())


# ---------------------------------------------------------------- reading the real files

def test_reads_the_xcb_plugins_dependencies_and_where_it_finds_its_own():
    needed, search = elf_dependencies(XCB_PLUGIN)
    assert {"libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libQt6XcbQpa.so.6",
            "libQt6Gui.so.6"} <= set(needed)
    assert [path.resolve() for path in search] == [(PYSIDE6 / "Qt" / "lib").resolve()]  # $ORIGIN/../../lib


def test_follows_the_libraries_pyside6_brings_and_asks_the_loader_for_the_rest():
    asked: list[str] = []

    def load(name):
        asked.append(name)
        return ctypes.CDLL(name)

    assert missing_libraries([XCB_PLUGIN], load) == []
    assert README_XCB_LIBRARIES <= set(asked)  # libglib etc. are only reached through the bundled libQt6Gui
    assert not any(name.startswith("libQt6") or name.startswith("libicu") for name in asked)  # bundled: read
    assert len(asked) == len(set(asked))


def test_every_library_of_the_xcb_plugin_and_of_pyside6_has_its_debian_package():
    asked: list[str] = []
    modules = [path for name in platform_check.QT_MODULES for path in PYSIDE6.glob(f"{name}.*so")]
    missing_libraries([XCB_PLUGIN, *modules], lambda name: asked.append(name))
    unknown = sorted(set(asked) - set(DEBIAN_PACKAGES) - {"libc.so.6", "libm.so.6", "ld-linux-x86-64.so.2",
                                                         "ld-linux-aarch64.so.1", "libdl.so.2", "libpthread.so.0",
                                                         "librt.so.1"})
    assert unknown == []


def test_the_answer_here_agrees_with_loading_the_plugin_for_real():
    try:
        ctypes.CDLL(str(XCB_PLUGIN))
        loads = True
    except OSError:
        loads = False
    assert (check({"DISPLAY": ":0"}) is None) == loads


# ---------------------------------------------------------------- a library is missing

def test_a_hidden_xcb_library_is_named_with_its_package():
    problem = check({"DISPLAY": ":0"}, hiding("libxcb-icccm.so.4"))
    assert problem == WindowProblem("xcb", ("libxcb-icccm.so.4",))
    assert problem.packages == ("libxcb-icccm4",)
    assert problem.message(has_apt=True, as_root=False) == (
        "cannot open a window: Qt's xcb platform plugin needs libxcb-icccm.so.4, which is not installed; "
        "install it with: sudo apt-get install libxcb-icccm4")
    assert problem.message(has_apt=True, as_root=True).endswith("install it with: apt-get install libxcb-icccm4")
    assert problem.message(has_apt=False, as_root=False).endswith(
        "install the packages that provide it (on Debian/Ubuntu: sudo apt-get install libxcb-icccm4)")
    assert "\n" not in problem.message()


def test_a_bare_machine_gets_one_command_for_pyside6_and_the_plugin_together():
    problem = check({"DISPLAY": ":0"}, hiding("libglib-2.0.so.0", "libgthread-2.0.so.0", "libxcb-cursor.so.0"))
    assert problem.platform == "xcb" and problem.qt_itself
    assert problem.missing == ("libglib-2.0.so.0", "libgthread-2.0.so.0", "libxcb-cursor.so.0")
    assert problem.install_command(as_root=False) == "sudo apt-get install libglib2.0-0 libxcb-cursor0"
    assert problem.message(has_apt=True).startswith(
        "cannot open a window: Qt (PySide6) with its xcb platform plugin needs libglib-2.0.so.0, "
        "libgthread-2.0.so.0, libxcb-cursor.so.0, which are not installed; install them with: ")


def test_a_missing_library_of_a_system_library_is_the_one_named():
    def load(name):
        if name == "libxcb-cursor.so.0":  # present, but its own dependency is not
            raise OSError("libxcb-render-util.so.0: cannot open shared object file: No such file or directory")
        return ctypes.CDLL(name)

    assert check({"DISPLAY": ":0"}, load).missing == ("libxcb-render-util.so.0",)


def test_a_dependency_no_machine_has_fails_the_real_loader(tmp_path):
    """A copy of PySide6 whose xcb plugin needs "libxcb-icccq.so.4" (same length as the real name, so the ELF
    string table keeps its layout): the real ctypes loader cannot find it, and there is no package to name."""
    fake = tmp_path / "PySide6"
    fake.mkdir()
    for module in PYSIDE6.glob("Qt*.abi3.so"):
        (fake / module.name).symlink_to(module)
    for library in PYSIDE6.glob("libpyside6*"):
        (fake / library.name).symlink_to(library)
    (tmp_path / "shiboken6").symlink_to(PYSIDE6.parent / "shiboken6")
    (fake / "Qt" / "plugins" / "platforms").mkdir(parents=True)
    (fake / "Qt" / "lib").symlink_to(PYSIDE6 / "Qt" / "lib")
    plugin = fake / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    data = XCB_PLUGIN.read_bytes()
    assert data.count(b"libxcb-icccm.so.4\0") == 1
    plugin.write_bytes(data.replace(b"libxcb-icccm.so.4\0", b"libxcb-icccq.so.4\0"))
    problem = window_problem({"DISPLAY": ":0"}, pyside6_dir=fake)  # the real loader: ctypes.CDLL
    assert problem == WindowProblem("xcb", ("libxcb-icccq.so.4",))
    assert problem.message(has_apt=True).endswith(
        "needs libxcb-icccq.so.4, which is not installed; install the packages that provide it")
    shutil.rmtree(fake / "Qt" / "plugins")  # a layout the check does not know: it stays silent
    assert window_problem({"DISPLAY": ":0"}, pyside6_dir=fake) is None


# ---------------------------------------------------------------- which platform, which display

@pytest.mark.parametrize("environ, platforms", [
    ({}, ["xcb"]),
    ({"XDG_SESSION_TYPE": "x11"}, ["xcb"]),
    ({"XDG_SESSION_TYPE": "wayland"}, ["wayland", "xcb"]),
    ({"QT_QPA_PLATFORM": "offscreen", "XDG_SESSION_TYPE": "wayland"}, ["offscreen"]),
    ({"QT_QPA_PLATFORM": "wayland;xcb"}, ["wayland", "xcb"]),
    ({"QT_QPA_PLATFORM": " xcb:display=:1 "}, ["xcb"]),
])
def test_the_platforms_qt_will_try(environ, platforms):
    assert qt_platforms(environ) == platforms


def test_no_display_is_said_in_one_line():
    problem = check({})
    assert problem == WindowProblem("xcb", no_display=True)
    assert problem.message() == ("cannot open a window: there is no display (DISPLAY is not set); start bpviz from a "
                                 "desktop session, or use 'bpviz run' to train and save the plots without a window")


def test_missing_libraries_are_named_before_a_missing_display():
    assert check({}, hiding("libxcb-shape.so.0")).missing == ("libxcb-shape.so.0",)


@pytest.mark.parametrize("environ", [
    {"QT_QPA_PLATFORM": "offscreen"}, {"QT_QPA_PLATFORM": "minimal"}, {"QT_QPA_PLATFORM": "vnc"},
    {SKIP_ENV: "1"},
])
def test_platforms_without_a_window_system_need_no_display_and_no_xcb_library(environ):
    assert check(environ, hiding("libxcb-icccm.so.4")) is None


def test_offscreen_still_needs_pyside6s_own_libraries():
    problem = check({"QT_QPA_PLATFORM": "offscreen"}, hiding("libfontconfig.so.1"))
    assert problem == WindowProblem("", ("libfontconfig.so.1",), qt_itself=True)
    assert problem.message(has_apt=True, as_root=False) == (
        "cannot open a window: Qt (PySide6) needs libfontconfig.so.1, which is not installed; "
        "install it with: sudo apt-get install libfontconfig1")


def test_a_wayland_session_can_do_without_the_xcb_libraries_and_fall_back_to_xcb():
    wayland = {"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}
    assert check(wayland, hiding("libxcb-icccm.so.4")) is None
    assert check({**wayland, "DISPLAY": ":0"}, hiding("libwayland-client.so.0")) is None  # X11 via XWayland
    problem = check(wayland, hiding("libwayland-client.so.0", "libxcb-icccm.so.4"))
    assert problem == WindowProblem("xcb", ("libxcb-icccm.so.4",))  # the README's packages, xcb first
    assert check({"XDG_SESSION_TYPE": "wayland"}) == WindowProblem("xcb", no_display=True)


def test_pyside6_not_found_means_no_verdict(tmp_path):
    assert check({"DISPLAY": ":0"}, pyside6_dir=tmp_path) is None


# ---------------------------------------------------------------- the command

def _bpviz(tmp_path, environ: dict, script: str = "") -> subprocess.CompletedProcess:
    """``bpviz`` with no arguments (the window) in a fresh interpreter; reports whether PySide6 got imported."""
    code = ("import sys\n" + script +
            "from bpviz.cli import main\n"
            "code = main([])\n"
            "print('PySide6 imported' if 'PySide6' in sys.modules else 'PySide6 not imported')\n"
            "sys.exit(code)\n")
    env = {key: value for key, value in os.environ.items()
           if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XDG_SESSION_TYPE", SKIP_ENV)}
    env.update(environ, PYTHONPATH=str(ROOT), HOME=str(tmp_path))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)


def test_bpviz_without_a_display_says_so_in_one_line_and_exits_1(tmp_path):
    result = _bpviz(tmp_path, {})
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["bpviz: error: " + WindowProblem("xcb", no_display=True).message()]
    assert result.stdout.strip() == "PySide6 not imported"


def test_bpviz_with_a_missing_library_prints_the_install_command(tmp_path):
    hide = ("from bpviz.ui import platform_check\n"
            "real = platform_check._load_with_ctypes\n"
            "def load(name):\n"
            "    if name == 'libxcb-keysyms.so.1':\n"
            "        raise OSError(name + ': cannot open shared object file: No such file or directory')\n"
            "    return real(name)\n"
            "platform_check._load_with_ctypes = load\n")
    result = _bpviz(tmp_path, {"DISPLAY": ":0"}, hide)
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("bpviz: error: cannot open a window: Qt's xcb platform plugin needs libxcb-keysyms.so.1")
    assert line.endswith("apt-get install libxcb-keysyms1") and "\n" not in result.stderr.strip()
    assert result.stdout.strip() == "PySide6 not imported"


# ---------------------------------------------------------------- the README's apt line

#: Debian's "required" packages: on every Debian/Ubuntu, so the README does not list them
ESSENTIAL_PACKAGES = {"libc6", "libstdc++6", "libgcc-s1", "zlib1g", "libzstd1"}
#: packages only some supported PySide6 releases need: 6.11's xcb plugin links libxcb-util.so.1, 6.8's does not
OTHER_RELEASES_ONLY = {"libxcb-util1"}


def test_the_readmes_apt_line_installs_what_pyside6_and_its_xcb_plugin_load():
    """The line installs the package of every system library that the installed PySide6's modules and xcb plugin
    load, and nothing else (but python3-venv, and what another supported release needs). With exactly these, on a
    bare Debian 12 (debootstrap minbase + python3), both README commands work."""
    lines = [line for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
             if line.startswith("sudo apt-get install python3-venv ")]
    assert len(lines) == 1
    listed = lines[0].split()[3:]
    assert len(listed) == len(set(listed))
    asked: set[str] = set()
    modules = [path for name in platform_check.QT_MODULES for path in PYSIDE6.glob(f"{name}.*so")]
    missing_libraries([XCB_PLUGIN, *modules], asked.add)
    needed = {DEBIAN_PACKAGES[name] for name in asked if name in DEBIAN_PACKAGES} - ESSENTIAL_PACKAGES
    assert needed <= set(listed)
    assert set(listed) - needed <= {"python3-venv"} | OTHER_RELEASES_ONLY
