"""bpviz: see why gradients vanish or explode in backpropagation, and what fixes it."""

__version__ = "0.1.0"
