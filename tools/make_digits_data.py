"""Rebuild resources/data/digits.npz from the copy of the UCI digits that scikit-learn's wheel ships.

bpviz never downloads anything at run time and does not depend on scikit-learn; this script only documents (and
reproduces, byte for byte) where the shipped file comes from:

    pip download scikit-learn --no-deps -d /tmp/sk
    python tools/make_digits_data.py /tmp/sk/scikit_learn-*.whl      # or the path of digits.csv.gz itself

The source is ``sklearn/datasets/data/digits.csv.gz``: 1,797 rows of 64 pixel counts (0..16) and the digit, the
test part (optdigits.tes) of E. Alpaydin and C. Kaynak's "Optical Recognition of Handwritten Digits", UCI Machine
Learning Repository, 1998, CC BY 4.0 (see resources/data/README.md).

The output is an ``.npz`` (NumPy's zip of ``.npy`` files, deflated) holding
``images`` (1797, 8, 8) uint8 and ``labels`` (1797,) uint8, in the source's row order. Zip timestamps are fixed,
so the same input always gives the same bytes (tests/engine/test_digits.py pins the file's SHA-256).
"""

from __future__ import annotations

import gzip
import io
import sys
import zipfile
from pathlib import Path

import numpy as np

MEMBER = "sklearn/datasets/data/digits.csv.gz"
OUT = Path(__file__).resolve().parent.parent / "resources" / "data" / "digits.npz"
FIXED_TIME = (1998, 7, 1, 0, 0, 0)  # the data set's date, so the zip does not record when it was built


def read_source(path: Path) -> bytes:
    """The gzip'd CSV, from the wheel or given directly."""
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as wheel:
            return wheel.read(MEMBER)
    return path.read_bytes()


def parse(gzipped_csv: bytes) -> tuple[np.ndarray, np.ndarray]:
    table = np.loadtxt(io.BytesIO(gzip.decompress(gzipped_csv)), delimiter=",")
    if table.shape != (1797, 65) or not np.array_equal(table, np.round(table)) or table.min() < 0 \
            or table[:, :64].max() > 16 or set(np.unique(table[:, 64])) != set(range(10)):
        raise SystemExit(f"unexpected digits table: shape {table.shape}")
    pixels = table.astype(np.uint8)
    return pixels[:, :64].reshape(-1, 8, 8).copy(), pixels[:, 64].copy()


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """np.savez_compressed, but with fixed member timestamps (reproducible bytes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, buffer.getvalue(), compresslevel=9)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    images, labels = parse(read_source(Path(argv[0])))
    write_npz(OUT, {"images": images, "labels": labels})
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes): images {images.shape}, labels {labels.shape}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
