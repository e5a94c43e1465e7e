"""Draw bpviz's app icon: a rounded square with four bars that shrink and fade towards the input side.

The motif is the gradient-flow plot itself (input layer on the left): the gradient vanishes as it travels back
through the layers. One geometry feeds both outputs, so the SVG source and the PNGs agree:

* ``resources/icons/bpviz.svg``          the scalable source (512 x 512 user units)
* ``resources/icons/bpviz-<N>.png``      N = 16, 24, 32, 48, 64, 128, 256, 512 (drawn with QPainter; bar edges
                                         snap to whole pixels so the 16 px icon stays crisp)
* ``resources/icons/bpviz.png``          the 256 px PNG again, for code that wants one file (prefer adding every
                                         size to a QIcon: the 16 px one is drawn for 16 px, not scaled down)
* ``resources/icons/bpviz.ico``          Windows: the PNGs up to 256 px, PNG-compressed ICO entries
* ``resources/icons/bpviz.icns``         macOS: PNG-compressed ICNS entries 16..512

Run from the repository root:  ``QT_QPA_PLATFORM=offscreen python tools/make_icon.py``
"""

from __future__ import annotations

import os
import struct
import sys
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QImage, QLinearGradient, QPainter, QPainterPath  # noqa: E402

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS type codes that hold PNG data, by pixel size
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}

BACKGROUND_TOP = "#2d5aa6"
BACKGROUND_BOTTOM = "#142a57"
BAR_COLOR = "#ffffff"
ARROW_COLOR = "#ffb347"  # the back-propagated signal's colour in the plots


@dataclass(frozen=True)
class Bar:
    """One bar in unit coordinates (0..1 across the icon, y grows downwards)."""

    left: float
    right: float
    top: float
    bottom: float
    opacity: float


# The geometry is drawn on a 16 x 16 grid so every edge lands on a whole pixel at 16, 32, 48, 64 ... px.
# Input side (left) to output side (right): the gradient is largest next to the loss and fades towards the input.
GRID = 16
CORNER_RADIUS = 3.4 / GRID
BARS = (
    Bar(3 / GRID, 5 / GRID, 12 / GRID, 14 / GRID, 0.40),
    Bar(6 / GRID, 8 / GRID, 10 / GRID, 14 / GRID, 0.60),
    Bar(9 / GRID, 11 / GRID, 7 / GRID, 14 / GRID, 0.80),
    Bar(12 / GRID, 14 / GRID, 2 / GRID, 14 / GRID, 1.00),
)

# The backward pass: an arrow over the short bars, pointing from the output side to the input side.
ARROW_Y = 4 / GRID
ARROW_TIP_X = 2 / GRID
ARROW_TAIL_X = 10 / GRID
ARROW_HEAD = 2.5 / GRID  # head length along the shaft (and half-height across it)
ARROW_WIDTH = 2 / GRID


def _snap(value: float, size: int) -> float:
    """Whole pixels for small icons whose size is not a multiple of the grid (24 px)."""
    scaled = value * size
    return float(round(scaled)) if size <= 48 else scaled


def render_png(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    gradient = QLinearGradient(0, 0, 0, size)
    gradient.setColorAt(0.0, QColor(BACKGROUND_TOP))
    gradient.setColorAt(1.0, QColor(BACKGROUND_BOTTOM))
    background = QPainterPath()
    radius = CORNER_RADIUS * size
    background.addRoundedRect(QRectF(0, 0, size, size), radius, radius)
    painter.fillPath(background, gradient)
    for bar in BARS:
        left, right = _snap(bar.left, size), _snap(bar.right, size)
        top, bottom = _snap(bar.top, size), _snap(bar.bottom, size)
        color = QColor(BAR_COLOR)
        color.setAlphaF(bar.opacity)
        rect = QRectF(left, top, max(right - left, 1.0), max(bottom - top, 1.0))
        if size >= 64:
            bar_radius = 0.18 * rect.width()
            path = QPainterPath()
            path.addRoundedRect(rect, bar_radius, bar_radius)
            painter.fillPath(path, color)
        else:
            painter.fillRect(rect, color)
    _draw_arrow(painter, size)
    painter.end()
    return image


def _arrow_points(size: int, snap: bool = False) -> list[tuple[float, float]]:
    """Closed outline of the arrow (shaft + head), unit geometry scaled to ``size``."""
    def scale(value: float) -> float:
        return _snap(value, size) if snap else value * size

    y = scale(ARROW_Y)
    half = (scale(ARROW_Y + ARROW_WIDTH / 2) - scale(ARROW_Y - ARROW_WIDTH / 2)) / 2
    tip, tail, head = scale(ARROW_TIP_X), scale(ARROW_TAIL_X), ARROW_HEAD * size
    return [(tip, y), (tip + head, y - head), (tip + head, y - half), (tail, y - half),
            (tail, y + half), (tip + head, y + half), (tip + head, y + head)]


def _draw_arrow(painter: QPainter, size: int) -> None:
    path = QPainterPath()
    points = _arrow_points(size, snap=True)
    path.moveTo(*points[0])
    for point in points[1:]:
        path.lineTo(*point)
    path.closeSubpath()
    painter.fillPath(path, QColor(ARROW_COLOR))


def svg_source() -> str:
    unit = 512

    def n(value: float) -> str:
        return f"{value * unit:.1f}".rstrip("0").rstrip(".")

    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<!-- bpviz app icon, generated by tools/make_icon.py: bars shrink and fade towards the input side,',
        '     as the gradient vanishes on its way back through a deep network. -->',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{unit}" height="{unit}" viewBox="0 0 {unit} {unit}">',
        "  <title>bpviz</title>",
        "  <defs>",
        '    <linearGradient id="background" x1="0" y1="0" x2="0" y2="1">',
        f'      <stop offset="0" stop-color="{BACKGROUND_TOP}"/>',
        f'      <stop offset="1" stop-color="{BACKGROUND_BOTTOM}"/>',
        "    </linearGradient>",
        "  </defs>",
        f'  <rect width="{unit}" height="{unit}" rx="{n(CORNER_RADIUS)}" fill="url(#background)"/>',
    ]
    for bar in BARS:
        width = bar.right - bar.left
        lines.append(
            f'  <rect x="{n(bar.left)}" y="{n(bar.top)}" width="{n(width)}" height="{n(bar.bottom - bar.top)}" '
            f'rx="{n(0.18 * width)}" fill="{BAR_COLOR}" fill-opacity="{bar.opacity:g}"/>'
        )
    outline = " ".join(f"{x:.1f},{y:.1f}" for x, y in _arrow_points(unit))
    lines.append(f'  <polygon points="{outline}" fill="{ARROW_COLOR}"/>')
    lines.append("</svg>")
    return "\n".join(lines) + "\n"


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("could not encode PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico whose entries are PNG-compressed (supported since Windows Vista)."""
    sizes = [s for s in ICO_SIZES if s in pngs]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    directory, blobs = b"", b""
    for size in sizes:
        blob = pngs[size]
        dimension = 0 if size >= 256 else size  # 0 means 256 in the ICO directory
        directory += struct.pack("<BBBBHHII", dimension, dimension, 0, 0, 1, 32, len(blob), offset)
        blobs += blob
        offset += len(blob)
    return header + directory + blobs


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns holding PNG entries (accepted by macOS 10.7 and later)."""
    body = b""
    for size, code in ICNS_TYPES.items():
        blob = pngs[size]
        body += code + struct.pack(">I", len(blob) + 8) + blob
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else Path(__file__).resolve().parent.parent
    out = root / "resources" / "icons"
    out.mkdir(parents=True, exist_ok=True)
    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (QPainter on QImage needs fonts/app)
    (out / "bpviz.svg").write_text(svg_source(), encoding="utf-8")
    pngs = {}
    for size in PNG_SIZES:
        pngs[size] = png_bytes(render_png(size))
        (out / f"bpviz-{size}.png").write_bytes(pngs[size])
    (out / "bpviz.png").write_bytes(pngs[256])
    (out / "bpviz.ico").write_bytes(ico_bytes(pngs))
    (out / "bpviz.icns").write_bytes(icns_bytes(pngs))
    for path in sorted(out.iterdir()):
        print(f"{path.relative_to(root)}  {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
