"""One module per plot; each plot is a PlotPanel whose update(history, snapshot, compare) draws a Snapshot.

PLOT_CLASSES is the dashboard's order: the gradient-flow plot, the one a student reads first, leads.
"""

from bpviz.ui.plots.activation import ActivationPlot
from bpviz.ui.plots.decision_boundary import DecisionBoundaryPlot
from bpviz.ui.plots.gradient_flow import GradientFlowPlot
from bpviz.ui.plots.gradient_heatmap import GradientHeatmapPlot
from bpviz.ui.plots.gradient_histogram import GradientHistogramPlot
from bpviz.ui.plots.jacobian import JacobianPlot
from bpviz.ui.plots.loss import LossPlot
from bpviz.ui.plots.network_diagram import NetworkDiagramPlot
from bpviz.ui.plots.phase_diagram import PhaseDiagramPlot
from bpviz.ui.plots.update_ratio import UpdateRatioPlot

PLOT_CLASSES = (
    GradientFlowPlot,
    GradientHeatmapPlot,
    NetworkDiagramPlot,
    LossPlot,
    ActivationPlot,
    GradientHistogramPlot,
    UpdateRatioPlot,
    DecisionBoundaryPlot,
    JacobianPlot,
    PhaseDiagramPlot,
)

__all__ = [cls.__name__ for cls in PLOT_CLASSES] + ["PLOT_CLASSES"]
