"""Cheap static checks of bpviz.spec (the classroom bundle); CI's .ci/run builds it and runs its self-test.

The spec's settings part (everything before ``Analysis(...)``) is executed without PyInstaller, so its filters can
be tried on file names; the build calls (Analysis, EXE, COLLECT) are read from the syntax tree.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO / "bpviz.spec"
SPEC_TREE = ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))


def _settings() -> dict:
    """Run the spec's top part (imports, constants, helper functions) as PyInstaller would, minus PyInstaller."""
    body = []
    for node in SPEC_TREE.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) \
                and getattr(node.value.func, "id", "") == "Analysis":
            break
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("PyInstaller"):
            continue
        body.append(node)
    namespace = {"SPECPATH": str(REPO), "__name__": "bpviz_spec"}
    exec(compile(ast.Module(body=body, type_ignores=[]), str(SPEC), "exec"), namespace)  # noqa: S102
    return namespace


SETTINGS = _settings()


def _call(name: str) -> ast.Call:
    calls = [node for node in ast.walk(SPEC_TREE)
             if isinstance(node, ast.Call) and getattr(node.func, "id", "") == name]
    assert len(calls) == 1, f"bpviz.spec should call {name} once"
    return calls[0]


def _keyword(call: ast.Call, name: str) -> ast.expr:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    raise AssertionError(f"{getattr(call.func, 'id', '?')}() has no {name}=")


def _evaluate(node: ast.expr) -> object:
    return eval(compile(ast.Expression(node), str(SPEC), "eval"), dict(SETTINGS))  # noqa: S307


def test_version_comes_from_the_package():
    import bpviz

    assert SETTINGS["read_version"]() == bpviz.__version__


def test_one_folder_windowed_build_named_bpviz():
    exe, collect = _call("EXE"), _call("COLLECT")
    assert _evaluate(_keyword(exe, "name")) == "bpviz"
    assert _evaluate(_keyword(collect, "name")) == "bpviz"
    assert _evaluate(_keyword(exe, "exclude_binaries")) is True  # one folder: binaries go to COLLECT
    assert isinstance(_keyword(exe, "console"), ast.Constant) and _keyword(exe, "console").value is False


def test_entry_script_runs_the_cli():
    analysis = _call("Analysis")
    scripts = _evaluate(analysis.args[0])
    assert len(scripts) == 1
    entry = Path(scripts[0])
    assert entry == REPO / "tools" / "bpviz_entry.py"
    tree = ast.parse(entry.read_text(encoding="utf-8"))
    imports = [(node.module, alias.name) for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
               for alias in node.names]
    assert ("bpviz.cli", "main") in imports


def test_resources_go_inside_the_package():
    datas = _evaluate(_keyword(_call("Analysis"), "datas"))
    assert (str(REPO / "resources"), "bpviz/resources") in datas


def test_icons_for_windows_and_macos_exist():
    text = SPEC.read_text(encoding="utf-8")
    for name in ("bpviz.ico", "bpviz.icns"):
        assert f'"{name}"' in text
        assert (REPO / "resources" / "icons" / name).is_file()


def test_runtime_hook_files_exist():
    hooks = _evaluate(_keyword(_call("Analysis"), "runtime_hooks"))
    assert hooks and all(Path(hook).is_file() for hook in hooks)


EXCLUDES = set(SETTINGS["EXCLUDES"])


@pytest.mark.parametrize("module", ["tkinter", "PyQt5", "PyQt6", "PySide2", "pytest", "hypothesis", "torch",
                                    "matplotlib", "scipy", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtNetwork",
                                    "PySide6.QtWebEngineCore", "PySide6.QtTest"])
def test_unneeded_modules_are_excluded(module):
    assert module in EXCLUDES


@pytest.mark.parametrize("module", ["PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtSvg",
                                    "PySide6.QtOpenGLWidgets", "numpy", "pyqtgraph", "bpviz"])
def test_needed_modules_are_not_excluded(module):
    assert module not in EXCLUDES


def _bpviz_imports() -> set[str]:
    names = set()
    for path in (REPO / "bpviz").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_bpviz_imports_nothing_the_bundle_leaves_out():
    def excluded(name: str) -> bool:
        parts = name.split(".")
        return any(".".join(parts[:length]) in EXCLUDES for length in range(1, len(parts) + 1))

    assert sorted(name for name in _bpviz_imports() if excluded(name)) == []


@pytest.mark.parametrize(("path", "kept"), [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
    ("PySide6/Qt/plugins/platforms/libqminimal.so", True),
    ("PySide6/Qt/plugins/platforms/qwindows.dll", True),
    ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
    ("PySide6/Qt/plugins/imageformats/qico.dll", True),
    ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", True),
    ("PySide6/Qt/translations/qtbase_zh_CN.qm", True),
    ("PySide6/Qt/translations/qtbase_en.qm", True),
    ("bpviz/resources/translations/bpviz_zh_CN.qm", True),
    ("bpviz/resources/lessons/relu.json", True),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
    ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
    ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", False),
    ("PySide6/Qt/plugins/imageformats/libqtiff.so", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ("PySide6\\Qt\\plugins\\imageformats\\qpdf.dll", False),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("PySide6/Qt/translations/qtdeclarative_zh_CN.qm", False),
    ("pyqtgraph/icons/peegee/peegee_512px.png", False),
])
def test_plugin_and_translation_filter(path, kept):
    assert SETTINGS["wanted"](path) is kept


@pytest.mark.parametrize(("name", "from_host"), [
    ("libX11.so.6", True), ("libfontconfig.so.1", True), ("libdbus-1.so.3", True), ("libxcb.so.1", True),
    ("libxcb-cursor.so.0", False), ("libxkbcommon.so.0", False), ("libQt6Core.so.6", False),
    ("libicudata.so.73", False), ("libpython3.11.so.1.0", False), ("libglib-2.0.so.0", False),
])
def test_host_libraries(name, from_host):
    assert bool(SETTINGS["HOST_LIBRARIES"].match(name)) is from_host


def test_qtopengl_stand_in_lets_pyqtgraph_import():
    """pyqtgraph imports PySide6.QtOpenGL at import time; the bundle's stand-in must satisfy it and say why it
    cannot do more."""
    hook = _evaluate(_keyword(_call("Analysis"), "runtime_hooks"))[0]
    script = (
        "import runpy, sys, importlib\n"
        f"runpy.run_path({str(hook)!r})\n"
        "import PySide6\n"
        "import pyqtgraph\n"
        "module = importlib.import_module('PySide6.QtOpenGL')\n"
        "try:\n"
        "    module.QOpenGLBuffer\n"
        "except AttributeError as exc:\n"
        "    print(exc)\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYQTGRAPH_QT_LIB="PySide6")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "not included in the bpviz bundle" in result.stdout
