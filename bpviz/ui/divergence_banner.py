"""The bar above the plots that says what went wrong and what to do (hidden while training is healthy): red where
training diverged (with the mechanism, when the engine names one), orange where a live change made training worse
or left layers dead (:mod:`bpviz.ui.explanations` words the engine's findings)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from bpviz.ui.appearance import scaled_font
from bpviz.ui.explanations import banner_finding, explanation, offers_reset
from bpviz.ui.plots.texts import quantity_text
from bpviz.ui.worker import Frame


class DivergenceBanner(QWidget):
    """objectName ``divergenceBanner``: the text (``divergenceText``) and a Reset button (``bannerResetButton``,
    connected by the window). ``severity`` is "diverged" (red), "worse" (orange) or "" (hidden)."""

    # the text on the banner's colour: the dark theme's "QWidget { background-color }" would otherwise give the
    # label a near-black box inside the red banner
    STYLES = {
        "diverged": "#divergenceBanner { background: #c62828; border-radius: 4px; }"
                    "#divergenceBanner QLabel { color: white; background: transparent; }",
        "worse": "#divergenceBanner { background: #a84300; border-radius: 4px; }"
                 "#divergenceBanner QLabel { color: white; background: transparent; }",
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("divergenceBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # a plain QWidget paints no CSS otherwise
        self.severity = ""
        self.setStyleSheet(self.STYLES["diverged"])
        self.label = QLabel()
        self.label.setObjectName("divergenceText")
        self.label.setWordWrap(True)
        self.reset_button = QPushButton()
        self.reset_button.setObjectName("bannerResetButton")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.label, stretch=1)
        layout.addWidget(self.reset_button)
        self.hide()

    def retranslate_ui(self) -> None:
        self.reset_button.setText(self.tr("Reset"))
        self.reset_button.setToolTip(self.tr("New weights from the seed, back to step 0."))
        self.reset_button.setAccessibleName(self.tr("Reset after divergence"))

    def apply_fonts(self, scale: float) -> None:
        """Text and button 3 pt larger than the application font, bold, times ``scale``."""
        self.label.setFont(scaled_font(3, scale, bold=True))
        self.reset_button.setFont(scaled_font(3, scale, bold=True))

    def show_frame(self, frame: Frame) -> None:
        """Shown with one line per network of ``frame`` (A, and B in compare mode) that diverged (where, and why
        when the engine knows) or that a change made worse (:func:`~bpviz.ui.explanations.banner_finding`); hidden
        if none. The Reset button shows where Reset is what helps."""
        lines = []
        networks = [("A", frame.snapshot)]
        if frame.compare is not None:
            networks.append(("B", frame.compare[1]))
        severity = ""
        reset = False
        for network, snapshot in networks:
            divergence = snapshot.divergence
            finding = banner_finding(snapshot)
            why = explanation(finding) if finding is not None else ""
            if divergence is not None:
                text = self.tr("Training diverged at step {step} in {layer} ({quantity} became NaN/Inf) — lower the "
                               "learning rate, turn on clipping, or Reset.").format(
                    step=divergence.step, layer=self._layer_text(divergence.layer),
                    quantity=quantity_text(divergence.quantity))
                if why:
                    text = f"{text}\n{why}"
                severity = "diverged"
                reset = True
            elif why:
                text = why
                severity = severity or "worse"
                reset = reset or offers_reset(finding)
            else:
                continue
            if frame.compare is not None:
                text = self.tr("Network {name}: {text}").format(name=network, text=text)
            lines.append(text)
        if severity != self.severity and severity:
            self.setStyleSheet(self.STYLES[severity])
        self.severity = severity
        if lines:
            self.label.setText("\n".join(lines))
            self.reset_button.setVisible(reset)
            self.show()
        else:
            self.hide()

    def _layer_text(self, layer: str) -> str:
        index = layer.split(" ", 1)[1] if layer.startswith("hidden ") else ""
        if index.isdigit():  # the engine counts hidden layers from 0; the plots (and students) from 1
            return self.tr("layer {number}").format(number=int(index) + 1)
        if layer == "output":
            return self.tr("the output layer")
        if layer == "loss":
            return self.tr("the loss")
        return layer
