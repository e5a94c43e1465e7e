"""Regenerate docs/plots/: each plot on its own, 900 x 500, as README's plot table shows them.

    python tools/plot_images.py            # offscreen (QT_QPA_PLATFORM=offscreen is set unless a display is wanted)

The default experiment (10 sigmoid layers on spirals) trains STEPS steps; the gradient histograms, the decision
boundary and the Jacobians are computed for the last step. Every plot is drawn by bpviz.ui.export.render_all_plots,
the renderer of ``bpviz run``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "plots"
SIZE = (900, 500)
STEPS = 400


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from bpviz.config import ExperimentConfig
    from bpviz.engine.trainer import Trainer
    from bpviz.ui.export import render_all_plots

    trainer = Trainer(ExperimentConfig())
    trainer.run(STEPS)
    snapshot = trainer.snapshot(grid=True, jacobians=True)
    for path in render_all_plots(trainer.history.view(), snapshot, OUT, size=SIZE):
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
