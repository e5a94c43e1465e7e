"""bpviz's Qt user interface. Reads Snapshots; never computes gradients."""

import os

# pyqtgraph picks the first Qt binding it finds: make it PySide6 before anything imports pyqtgraph.
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
