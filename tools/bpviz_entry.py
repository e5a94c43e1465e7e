"""Entry point of the frozen bundle (bpviz.spec): the same ``main`` as the ``bpviz`` console script.

An absolute import on purpose: PyInstaller runs this file as ``__main__`` outside any package, so
``bpviz/__main__.py``'s import would also work, but this keeps the bundle independent of how that file evolves.

The window trains in a child process (bpviz/ui/training_process.py, multiprocessing "spawn"): in the bundle that
child is this same executable, and ``freeze_support()`` turns it into the child before anything else runs.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from bpviz.cli import main

    sys.exit(main())
