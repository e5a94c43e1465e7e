"""PyInstaller runtime hook (bpviz.spec): stand in for PySide6.QtOpenGL, which the bundle leaves out.

pyqtgraph imports PySide6.QtOpenGL when its curve module loads, but uses it only when OpenGL drawing is switched
on (``pg.setConfigOptions(useOpenGL=True/enableExperimental=True)``), which bpviz never does. The real binding
is a 9 MB library (6 % of the bundle), so the bundle ships this stand-in instead: importing it works, and using
anything from it fails with a clear message.
"""

import sys
import types


class _QtOpenGLLeftOut(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise AttributeError(
            f"PySide6.QtOpenGL.{name}: OpenGL drawing is not included in the bpviz bundle "
            "(see tools/pyi_rth_bpviz_qtopengl.py)"
        )


sys.modules.setdefault("PySide6.QtOpenGL", _QtOpenGLLeftOut("PySide6.QtOpenGL"))
