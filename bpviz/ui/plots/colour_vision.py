"""Colour-vision deficiency, simulated: how a colour looks to a viewer with protanopia, deuteranopia or tritanopia
(Machado, Oliveira & Fernandes 2009, severity 1.0), and how far apart two colours look (CIE76 ΔE in CIE L*a*b*).

NumPy only (no Qt), so the palette tests and tools can use it anywhere. The simulation works on linear RGB: a
colour ``#rrggbb`` is decoded from sRGB, multiplied by the Machado matrix, clipped to the displayable range and
encoded again. ΔE compares the two colours in L*a*b* under the D65 white point; about 2 is a just-noticeable
difference, and bpviz asks for at least 20 between colours that must not be confused (:data:`MIN_DELTA_E`).
"""

from __future__ import annotations

from itertools import combinations
from typing import Iterable

import numpy as np

#: Machado et al. (2009), table 1, severity 1.0: linear RGB -> linear RGB as the dichromat sees it
MACHADO_2009 = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
DEFICIENCIES = tuple(MACHADO_2009)
#: the views a palette is checked in: normal vision and the three dichromacies
VISIONS = ("normal", *DEFICIENCIES)
#: colours that carry different meanings must stay at least this far apart (CIE76) in every vision
MIN_DELTA_E = 20.0

# linear sRGB -> CIE XYZ (D65), IEC 61966-2-1
_RGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                        [0.2126729, 0.7151522, 0.0721750],
                        [0.0193339, 0.1191920, 0.9503041]])
_WHITE_D65 = _RGB_TO_XYZ @ np.ones(3)


def hex_to_rgb(color: str) -> np.ndarray:
    """``#rrggbb`` (or ``rrggbb``) as sRGB in 0..1."""
    text = color.lstrip("#")
    if len(text) != 6:
        raise ValueError(f"{color!r} is not a #rrggbb colour")
    return np.array([int(text[i:i + 2], 16) for i in (0, 2, 4)], dtype=np.float64) / 255.0


def rgb_to_hex(rgb: np.ndarray) -> str:
    values = np.clip(np.round(np.asarray(rgb, dtype=np.float64) * 255.0), 0, 255).astype(int)
    return "#{:02x}{:02x}{:02x}".format(*values)


def srgb_to_linear(srgb: np.ndarray) -> np.ndarray:
    srgb = np.asarray(srgb, dtype=np.float64)
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(linear: np.ndarray) -> np.ndarray:
    linear = np.clip(np.asarray(linear, dtype=np.float64), 0.0, 1.0)
    return np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * linear ** (1.0 / 2.4) - 0.055)


def simulate_rgb(srgb: np.ndarray, vision: str) -> np.ndarray:
    """sRGB values (..., 3) in 0..1 as seen with ``vision`` ("normal" or one of :data:`DEFICIENCIES`)."""
    srgb = np.asarray(srgb, dtype=np.float64)
    if vision == "normal":
        return srgb.copy()
    matrix = MACHADO_2009[vision]
    return linear_to_srgb(srgb_to_linear(srgb) @ matrix.T)


def simulate(color: str, vision: str) -> str:
    """``color`` (#rrggbb) as a viewer with ``vision`` sees it, e.g. deuteranopia: #2ca02c -> #968838."""
    return rgb_to_hex(simulate_rgb(hex_to_rgb(color), vision))


def simulate_image(pixels: np.ndarray, vision: str) -> np.ndarray:
    """An 8-bit RGB(A) image (height, width, 3 or 4) as seen with ``vision``; alpha is kept."""
    pixels = np.asarray(pixels)
    rgb = simulate_rgb(pixels[..., :3].astype(np.float64) / 255.0, vision)
    out = pixels.copy()
    out[..., :3] = np.clip(np.round(rgb * 255.0), 0, 255).astype(pixels.dtype)
    return out


def srgb_to_lab(srgb: np.ndarray) -> np.ndarray:
    """sRGB (..., 3) in 0..1 -> CIE L*a*b* (D65)."""
    xyz = srgb_to_linear(srgb) @ _RGB_TO_XYZ.T / _WHITE_D65
    epsilon, kappa = 216.0 / 24389.0, 24389.0 / 27.0
    f = np.where(xyz > epsilon, np.cbrt(xyz), (kappa * xyz + 16.0) / 116.0)
    return np.stack([116.0 * f[..., 1] - 16.0, 500.0 * (f[..., 0] - f[..., 1]), 200.0 * (f[..., 1] - f[..., 2])],
                    axis=-1)


def delta_e(color_1: str, color_2: str, vision: str = "normal") -> float:
    """CIE76 colour difference between two #rrggbb colours as a viewer with ``vision`` sees them."""
    lab_1 = srgb_to_lab(simulate_rgb(hex_to_rgb(color_1), vision))
    lab_2 = srgb_to_lab(simulate_rgb(hex_to_rgb(color_2), vision))
    return float(np.linalg.norm(lab_1 - lab_2))


def smallest_delta_e(colors: Iterable[str], visions: Iterable[str] = VISIONS) -> tuple[float, str, str, str]:
    """The closest pair of ``colors`` over every vision: (ΔE, vision, colour 1, colour 2)."""
    colors = list(colors)
    worst = (float("inf"), "", "", "")
    for vision in visions:
        for first, second in combinations(colors, 2):
            distance = delta_e(first, second, vision)
            if distance < worst[0]:
                worst = (distance, vision, first, second)
    return worst
