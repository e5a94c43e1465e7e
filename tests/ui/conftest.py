"""Fixtures the UI tests share: a plot shown on screen, the light theme around each test, the narrow-dock check,
and a shown main window that is closed (its worker stopped) after the test."""

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


@pytest.fixture
def narrow_dock(qtbot, make_plot):
    """``narrow_dock(PlotClass, run_a, run_b, whole_plot=True)`` shows the plot at 420 x 320 (a dock beside the
    builder) in compare mode and checks that its legend names A and B in rows that fit the plot's width instead
    of widening it, and (``whole_plot``) that the whole plot fits too. Returns the plot."""

    def check(cls, run_a, run_b, whole_plot=True):
        plot = make_plot(cls, size=(420, 320))
        plot.update(*run_a, compare=run_b)
        qtbot.wait(1)  # let the layout settle
        width = plot.plot_widget.width()
        if whole_plot:
            assert plot.plot_item.sceneBoundingRect().width() <= width
        legend = getattr(plot, "legend", None)
        if legend is not None:
            assert legend.items, "in compare mode the legend has entries"
            rect = legend.sceneBoundingRect()
            assert rect.width() <= width and rect.left() >= 0 and rect.right() <= width
        return plot

    return check


@pytest.fixture
def make_window(qtbot, isolated_settings):
    """``make_window(config=None, training=None, size=(1400, 900))``: a MainWindow, shown and exposed, with its
    settings in a temporary folder. Every window made is closed after the test, and its worker thread must have
    stopped by then (a test may close a window earlier, e.g. to open another on the same settings)."""
    from bpviz.ui.main_window import MainWindow

    made = []

    def make(config=None, training=None, size=(1400, 900)):
        window = MainWindow(config, training=training)
        qtbot.addWidget(window)
        if size is not None:
            window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        made.append((window, window.worker.thread))
        return window

    yield make
    for window, thread in made:
        replaced = window.worker.thread  # a failed training process is replaced by a new worker
        window.close()
        assert not thread.is_alive() and not replaced.is_alive()


@pytest.hookimpl(hookwrapper=True, trylast=True)
def pytest_runtest_teardown(item):
    """After pytest-qt has closed the test's widgets: free them here, between tests, instead of whenever Python's
    cyclic garbage collector next runs, which may be inside a later test's paint event (a plot's scene deleted
    while another is being painted: a rare segfault in pyqtgraph's ImageItem.paint in full runs)."""
    yield
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent

    gc.collect()
    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
