"""Fixtures the plot tests share: a plot shown on screen, and the light theme around each test."""

from __future__ import annotations

import pytest


@pytest.fixture
def make_plot(qtbot):
    """``make_plot(PlotClass, size=(900, 500))``: a plot panel, shown and exposed, closed after the test."""

    def make(cls, size=(900, 500)):
        plot = cls()
        qtbot.addWidget(plot)
        plot.resize(*size)
        plot.show()
        qtbot.waitExposed(plot)
        return plot

    return make


@pytest.fixture
def light_theme():
    """Plots are made in the light theme, and a test that switches theme leaves it light again."""
    from bpviz.ui.plots.theme import LIGHT, set_current_theme

    set_current_theme(LIGHT)
    yield LIGHT
    set_current_theme(LIGHT)
