"""See a screenshot as a viewer with a colour-vision deficiency does (Machado et al. 2009, severity 1.0).

    python tools/simulate_cvd.py docs/screenshot-lesson.png                 # -> <name>-deuteranopia.png, ...
    python tools/simulate_cvd.py shot.png --vision deuteranopia --out sim/  # one of them, into sim/
    python tools/simulate_cvd.py shot.png --grid                            # one image: normal + the three, 2 x 2

The simulation is bpviz.ui.plots.colour_vision's (NumPy, linear RGB), the one the palette tests use.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent


def colour_vision():
    """bpviz/ui/plots/colour_vision.py loaded on its own (the bpviz.ui.plots package would import Qt)."""
    path = ROOT / "bpviz" / "ui" / "plots" / "colour_vision.py"
    spec = importlib.util.spec_from_file_location("colour_vision", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    cv = colour_vision()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("image", type=Path)
    parser.add_argument("--vision", choices=cv.DEFICIENCIES, action="append",
                        help="a deficiency to simulate (default: all three)")
    parser.add_argument("--out", type=Path, help="folder for the results (default: next to the image)")
    parser.add_argument("--grid", action="store_true", help="one image: normal vision and each deficiency, 2 x 2")
    args = parser.parse_args(argv)
    visions = args.vision or list(cv.DEFICIENCIES)
    pixels = np.asarray(Image.open(args.image).convert("RGB"))
    out = args.out or args.image.parent
    out.mkdir(parents=True, exist_ok=True)
    seen = {vision: cv.simulate_image(pixels, vision) for vision in visions}
    if args.grid:
        tiles = [pixels, *seen.values()]
        while len(tiles) < 4:
            tiles.append(np.full_like(pixels, 255))
        grid = np.concatenate([np.concatenate(tiles[:2], axis=1), np.concatenate(tiles[2:4], axis=1)], axis=0)
        path = out / f"{args.image.stem}-cvd.png"
        Image.fromarray(grid).save(path)
        print(path)
        return 0
    for vision, image in seen.items():
        path = out / f"{args.image.stem}-{vision}.png"
        Image.fromarray(image).save(path)
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
