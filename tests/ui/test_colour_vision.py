"""Colour-vision deficiency: the simulation reproduces Machado et al. (2009), and every theme keeps vanishing,
healthy and exploding (and network B) apart for viewers with protanopia, deuteranopia and tritanopia."""

from __future__ import annotations

import itertools
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from bpviz.ui.plots.colour_vision import (DEFICIENCIES, MIN_DELTA_E, VISIONS, delta_e, hex_to_rgb, simulate,
                                          simulate_image, smallest_delta_e, srgb_to_lab)
from bpviz.ui.plots.theme import THEMES

THEME_IDS = [theme.name for theme in THEMES]
MODULE = Path(__file__).resolve().parents[2] / "bpviz" / "ui" / "plots" / "colour_vision.py"


def test_the_helper_needs_no_qt():
    """Loaded on its own (the bpviz.ui.plots package imports the plots), it imports NumPy only."""
    code = textwrap.dedent(f"""
        import importlib.util, sys
        spec = importlib.util.spec_from_file_location("colour_vision", {str(MODULE)!r})
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        assert module.simulate("#2ca02c", "deuteranopia") == "#968838"
        sys.exit(any(name.split(".")[0] in ("PySide6", "pyqtgraph", "shiboken6") for name in sys.modules))
    """)
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_simulation_reproduces_the_colours_the_teacher_saw():
    """The issue: under deuteranopia the old healthy green and exploding red became #968838 and #8b7c1f."""
    assert simulate("#2ca02c", "deuteranopia") == "#968838"
    assert simulate("#d62728", "deuteranopia") == "#8b7c1f"
    assert delta_e("#2ca02c", "#d62728", "deuteranopia") == pytest.approx(7.3, abs=0.1)
    assert delta_e("#2ca02c", "#d62728") > 60                         # far apart for normal vision


def test_simulation_keeps_greys_and_white_and_lab_is_cie():
    for vision in VISIONS:
        for grey in ("#000000", "#808080", "#ffffff"):
            assert delta_e(grey, simulate(grey, vision)) < 1.0        # each matrix row sums to ~1
    assert srgb_to_lab(hex_to_rgb("#ffffff")) == pytest.approx([100.0, 0.0, 0.0], abs=0.01)
    assert srgb_to_lab(hex_to_rgb("#ff0000")) == pytest.approx([53.24, 80.09, 67.20], abs=0.05)


def test_simulate_image_changes_only_the_colour():
    pixels = np.array([[[44, 160, 44, 255], [214, 39, 40, 128]]], dtype=np.uint8)
    seen = simulate_image(pixels, "deuteranopia")
    assert seen.dtype == np.uint8 and seen.shape == pixels.shape
    assert "#{:02x}{:02x}{:02x}".format(*seen[0, 0, :3]) == "#968838"
    assert seen[0, 1, 3] == 128


@pytest.mark.parametrize("theme", THEMES, ids=THEME_IDS)
def test_health_colours_stay_apart_in_every_vision(theme):
    distance, vision, first, second = smallest_delta_e(theme.health_colors)
    assert distance >= MIN_DELTA_E, f"{theme.name}: {first} and {second} are ΔE {distance:.1f} apart in {vision}"


@pytest.mark.parametrize("theme", THEMES, ids=THEME_IDS)
def test_network_b_is_no_health_colour_in_any_vision(theme):
    for health, vision in itertools.product(theme.health_colors, VISIONS):
        distance = delta_e(theme.series_b, health, vision)
        assert distance >= MIN_DELTA_E, f"{theme.name}: B {theme.series_b} vs {health} ΔE {distance:.1f} ({vision})"


@pytest.mark.parametrize("theme", THEMES, ids=THEME_IDS)
def test_networks_a_and_b_stay_apart_in_every_vision(theme):
    distance, vision, _a, _b = smallest_delta_e((theme.series_a, theme.series_b))
    assert distance >= MIN_DELTA_E, f"{theme.name}: A and B are ΔE {distance:.1f} apart in {vision}"


@pytest.mark.parametrize("theme", THEMES, ids=THEME_IDS)
def test_the_dl_dh_line_stands_out_from_every_bar(theme):
    """The signal line is drawn over bars of all three health colours."""
    for health, vision in itertools.product(theme.health_colors, VISIONS):
        assert delta_e(theme.signal, health, vision) >= MIN_DELTA_E


def test_presentation_themes_keep_their_colours_when_scaled():
    for theme in THEMES:
        assert theme.scaled(1.5).health_colors == theme.health_colors


@pytest.mark.parametrize("vision", DEFICIENCIES)
def test_heatmap_colours_grow_lighter_with_the_gradient_in_every_vision(qapp, vision):
    """The heatmap's map is ordered by lightness for every viewer, so "darker = smaller" holds for all."""
    from bpviz.ui.plots.gradient_heatmap import heatmap_colormap

    for theme in THEMES:
        colours = heatmap_colormap(theme).map(np.linspace(0.0, 1.0, 32), mode="qcolor")
        lightness = [srgb_to_lab(hex_to_rgb(simulate(colour.name(), vision)))[0] for colour in colours]
        assert np.all(np.diff(lightness) > 0), f"{theme.name}: not monotonic under {vision}"
