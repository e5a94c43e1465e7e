"""The resource helper finds every resource, in a source checkout and in the installed (wheel) layout.

Every file under resources/ is checked by name, so a new lesson, translation or icon is covered as soon as it is
added. The installed layout is what pyproject's force-include produces (resources/ -> bpviz/resources inside the
package, which is also where bpviz.spec puts it in the bundle); it is rebuilt in a temporary folder and checked in
a fresh interpreter, so the test does not depend on how bpviz happens to be installed here.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from bpviz.paths import resource_path, resources_root

REPO = Path(__file__).resolve().parent.parent
RESOURCES = REPO / "resources"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def resource_files(*patterns: str) -> list[str]:
    """Paths (relative to resources/, with "/") of the files present that match any pattern."""
    found = {path.relative_to(RESOURCES).as_posix() for pattern in patterns for path in RESOURCES.glob(pattern)
             if path.is_file() and "__pycache__" not in path.parts}
    return sorted(found)


ALL_FILES = resource_files("**/*")
LESSONS = resource_files("lessons/*.json")
TRANSLATIONS = resource_files("translations/*.ts", "translations/*.qm")
ICONS = resource_files("icons/*")


def test_resources_folder_is_complete():
    assert LESSONS, "resources/lessons holds no lesson (*.json)"
    assert {f"icons/bpviz-{size}.png" for size in ICON_SIZES} | {"icons/bpviz.svg", "icons/bpviz.ico",
                                                                 "icons/bpviz.icns"} <= set(ICONS)
    assert "style.qss" in ALL_FILES


@pytest.mark.parametrize("relative", ALL_FILES)
def test_resource_path_finds_every_file(relative):
    found = resource_path(*relative.split("/"))
    assert found.is_file()
    assert found.read_bytes() == (RESOURCES / relative).read_bytes()


@pytest.mark.parametrize("relative", LESSONS)
def test_every_lesson_file_is_found_and_is_json(relative):
    import json

    data = json.loads(resource_path(*relative.split("/")).read_text(encoding="utf-8"))
    assert isinstance(data, dict) and data, relative


@pytest.mark.parametrize("relative", TRANSLATIONS)
def test_every_translation_file_is_found_and_loads(relative):
    path = resource_path(*relative.split("/"))
    if path.suffix == ".ts":
        root = ElementTree.parse(path).getroot()
        assert root.tag == "TS" and root.get("language"), relative
    else:
        from PySide6.QtCore import QTranslator

        translator = QTranslator()
        assert translator.load(str(path)), relative
        assert not translator.isEmpty() or path.stem.endswith("_en"), f"{relative} holds no translation"


@pytest.mark.parametrize("size", ICON_SIZES)
def test_icon_png_has_its_size(size, qapp):
    from PySide6.QtGui import QImage

    image = QImage(str(resource_path("icons", f"bpviz-{size}.png")))
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel()
    # the corners are transparent (rounded square), the centre is not
    assert image.pixelColor(0, 0).alpha() == 0
    assert image.pixelColor(size // 2, size // 2).alpha() == 255


def test_ico_holds_the_windows_sizes():
    data = resource_path("icons", "bpviz.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    assert (reserved, kind) == (0, 1)
    sizes = []
    for index in range(count):
        width, height, _colors, _res, _planes, _bpp, length, offset = struct.unpack_from("<BBBBHHII", data,
                                                                                         6 + 16 * index)
        assert data[offset:offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + length <= len(data)
        sizes.append(width or 256)
    assert sizes == [16, 24, 32, 48, 64, 128, 256]


def test_icns_holds_png_entries():
    data = resource_path("icons", "bpviz.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    position, kinds = 8, []
    while position < len(data):
        kind, length = data[position:position + 4], struct.unpack(">I", data[position + 4:position + 8])[0]
        assert data[position + 8:position + 16] == b"\x89PNG\r\n\x1a\n"
        kinds.append(kind)
        position += length
    assert kinds == [b"icp4", b"icp5", b"icp6", b"ic07", b"ic08", b"ic09"]


def test_svg_icon_is_the_source_of_the_pngs(tmp_path):
    """tools/make_icon.py regenerates exactly the committed SVG (so the PNGs and the SVG cannot drift)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    subprocess.run([sys.executable, str(REPO / "tools" / "make_icon.py"), str(tmp_path)], check=True, env=env,
                   capture_output=True, timeout=60)
    generated = tmp_path / "resources" / "icons"
    assert (generated / "bpviz.svg").read_text(encoding="utf-8") == \
        resource_path("icons", "bpviz.svg").read_text(encoding="utf-8")
    assert sorted(path.name for path in generated.iterdir()) == sorted(Path(name).name for name in ICONS)
    root = ElementTree.parse(generated / "bpviz.svg").getroot()
    assert root.get("viewBox") == "0 0 512 512"


@pytest.mark.parametrize("sheet", ["style.qss", "style-dark.qss"])
def test_style_sheets_parse(sheet, qapp):
    """Qt reports a style sheet it cannot parse only as a warning; none may appear for ours."""
    if not (RESOURCES / sheet).is_file():
        pytest.skip(f"{sheet} is optional and not present")
    from PySide6.QtCore import Qt, qInstallMessageHandler
    from PySide6.QtWidgets import (QCheckBox, QComboBox, QDockWidget, QGroupBox, QLabel, QMainWindow,
                                   QPushButton, QSlider, QSpinBox, QVBoxLayout)

    messages: list[str] = []
    previous = qInstallMessageHandler(lambda _mode, _context, message: messages.append(message))
    try:
        window = QMainWindow()
        window.setStyleSheet(resource_path(sheet).read_text(encoding="utf-8"))
        central = QGroupBox("Network")
        layout = QVBoxLayout(central)
        train = QPushButton("Train")
        train.setObjectName("trainButton")
        step_label = QLabel("Step 1")
        step_label.setObjectName("stepLabel")
        for widget in (train, step_label, QSpinBox(), QComboBox(), QCheckBox("Residual"), QSlider()):
            layout.addWidget(widget)
        window.setCentralWidget(central)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, QDockWidget("Gradient flow"))
        window.show()
        qapp.processEvents()
        window.close()
        del window
        qapp.processEvents()
    finally:
        qInstallMessageHandler(previous)
    assert not [m for m in messages if "parse" in m.lower() and "style" in m.lower()], messages


def test_style_sheets_leave_fonts_to_the_application():
    """A font-size in a style sheet would override the plots' captions and presentation mode (see style.qss)."""
    sheets = resource_files("*.qss")
    assert sheets, "no style sheet found"
    for sheet in sheets:
        text = re.sub(r"/\*.*?\*/", "", (RESOURCES / sheet).read_text(encoding="utf-8"), flags=re.S)
        rules = re.findall(r"([^{}]+)\{([^}]*)\}", text)
        sized = [selector.strip() for selector, body in rules if "font-size" in body or "font:" in body]
        assert sized == ["QToolTip"], f"{sheet}: font sizes set for {sized}"


# ---------------------------------------------------------------- the installed layout


def _force_include() -> dict[str, str]:
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    try:
        import tomllib
    except ImportError:  # Python 3.10
        section = text.split("[tool.hatch.build.targets.wheel.force-include]", 1)[1].split("\n[", 1)[0]
        return dict(re.findall(r'^"([^"]+)"\s*=\s*"([^"]+)"', section, re.M))
    return tomllib.loads(text)["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]


def test_wheel_maps_resources_into_the_package():
    assert _force_include().get("resources") == "bpviz/resources"


def test_installed_layout_finds_every_resource(tmp_path):
    """A wheel puts bpviz/ and resources/ -> bpviz/resources side by side in site-packages; nothing else."""
    site = tmp_path / "site-packages"
    shutil.copytree(REPO / "bpviz", site / "bpviz", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(RESOURCES, site / _force_include()["resources"])
    script = (
        "import json, sys\n"
        "from bpviz.paths import resources_root, resource_path\n"
        "names = json.loads(sys.argv[1])\n"
        "print(resources_root())\n"
        "print(sum(resource_path(*name.split('/')).is_file() for name in names))\n"
    )
    import json

    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["PYTHONPATH"] = str(site)
    result = subprocess.run([sys.executable, "-c", script, json.dumps(ALL_FILES)], cwd=tmp_path,
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    root, count = result.stdout.split()
    assert Path(root) == site / "bpviz" / "resources"
    assert int(count) == len(ALL_FILES)


def test_resources_root_is_the_checkout_or_the_package_folder():
    import bpviz

    assert resources_root() in (RESOURCES, Path(bpviz.__file__).parent / "resources")
