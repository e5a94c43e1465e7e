"""bpviz's own NumPy backprop. Pure NumPy and the standard library: never Qt, never pyqtgraph."""

from bpviz.engine.network import Network

__all__ = ["Network"]
