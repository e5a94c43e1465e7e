"""The one place that finds bpviz's bundled resources (lessons, translations, icons, stylesheet).

An installed wheel and the PyInstaller bundle carry them inside the package as ``bpviz/resources``;
a source checkout keeps them at the top level as ``resources/``. Both are found here, nowhere else.
"""

from __future__ import annotations

from importlib import resources as _importlib_resources
from pathlib import Path


def resources_root() -> Path:
    """The folder that holds lessons/, translations/, icons/ and the stylesheet."""
    packaged = Path(str(_importlib_resources.files("bpviz"))) / "resources"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "resources"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(
        "bpviz cannot find its resources folder (looked in "
        f"{packaged} and {checkout}); reinstall bpviz"
    )


def resource_path(*parts: str) -> Path:
    """Path of one resource, e.g. ``resource_path("lessons", "relu.json")``."""
    path = resources_root().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"bpviz resource not found: {'/'.join(parts)} (looked in {path})")
    return path
