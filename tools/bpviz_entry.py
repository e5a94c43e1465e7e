"""Entry point of the frozen bundle (bpviz.spec): the same ``main`` as the ``bpviz`` console script.

An absolute import on purpose: PyInstaller runs this file as ``__main__`` outside any package, so
``bpviz/__main__.py``'s import would also work, but this keeps the bundle independent of how that file evolves.
"""

import sys

from bpviz.cli import main

if __name__ == "__main__":
    sys.exit(main())
