"""The bar above the plots that says what went wrong and what to do (hidden while training is healthy): red where
training diverged (with the mechanism, when the engine names one), orange where a live change made training worse
or left layers dead (:mod:`bpviz.ui.explanations` words the engine's findings).

The banner takes at most MAX_SHARE of the height of the area it sits in (the plots under it must stay readable: in
presentation mode at 1280 x 720 the full text, 7 lines at the large font, squeezed the plot into a strip). Where the
full text would need more, it leaves out the advice (what happened and why), then the mechanism too (what happened),
and keeps the full text in its tooltip; it fits again whenever the area it sits in is resized.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from bpviz.ui.appearance import scaled_font
from bpviz.ui.explanations import banner_finding, explanation, offers_reset
from bpviz.ui.plots.texts import quantity_text
from bpviz.ui.worker import Frame


MAX_SHARE = 0.25  # of the parent's height, at most


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
        # the same lines from the most to the least complete: with the advice and the mechanism, without the
        # advice, what happened alone (fit_text shows the first that fits)
        self.texts: tuple[str, ...] = ()
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
        if self.isVisible():
            self.fit_text()

    def show_frame(self, frame: Frame) -> None:
        """Shown with one line per network of ``frame`` (A, and B in compare mode) that diverged (where, and why
        when the engine knows) or that a change made worse (:func:`~bpviz.ui.explanations.banner_finding`); hidden
        if none. The Reset button shows where Reset is what helps."""
        lines: list[tuple[str, str, str]] = []  # (full, without the advice, what happened alone) per network
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
                where = dict(step=divergence.step, layer=self._layer_text(divergence.layer),
                             quantity=quantity_text(divergence.quantity))
                text = self.tr("Training diverged at step {step} in {layer} ({quantity} became NaN/Inf) — lower the "
                               "learning rate, turn on clipping, or Reset.").format(**where)
                short = self.tr("Training diverged at step {step} in {layer} ({quantity} became NaN/Inf).").format(
                    **where)
                texts = (f"{text}\n{why}", f"{short}\n{why}", short) if why else (text, short, short)
                severity = "diverged"
                reset = True
            elif why:
                texts = (why, why, why)
                severity = severity or "worse"
                reset = reset or offers_reset(finding)
            else:
                continue
            if frame.compare is not None:
                texts = tuple(self.tr("Network {name}: {text}").format(name=network, text=t) for t in texts)
            lines.append(texts)
        if severity != self.severity and severity:
            self.setStyleSheet(self.STYLES[severity])
        self.severity = severity
        self.texts = tuple("\n".join(network[level] for network in lines) for level in range(3)) if lines else ()
        if lines:
            self.reset_button.setVisible(reset)
            self.show()
            self.fit_text()
        else:
            self.hide()

    def fit_text(self) -> None:
        """The most complete of :attr:`texts` that takes at most MAX_SHARE of the parent's height (the least
        complete if none does); the full text in the tooltip whenever less is shown."""
        if not self.texts:
            return
        full = self.texts[0]
        text = full
        parent = self.parentWidget()
        if parent is not None and parent.height() > 0:
            margins = self.layout().contentsMargins()
            button = (self.reset_button.sizeHint().width() + self.layout().spacing()
                      if self.reset_button.isVisible() else 0)
            width = max(parent.width() - margins.left() - margins.right() - button, 100)
            room = MAX_SHARE * parent.height() - margins.top() - margins.bottom()
            for text in dict.fromkeys(self.texts):  # each distinct text once, most complete first
                self.label.setText(text)
                if self.label.heightForWidth(width) <= room:
                    break
        self.label.setText(text)
        self.label.setToolTip(full if text != full else "")

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ParentChange and self.parentWidget() is not None:
            self.parentWidget().installEventFilter(self)  # the room is the parent's: fit again when it resizes
        return super().event(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize and self.isVisible():
            self.fit_text()
        return False

    def _layer_text(self, layer: str) -> str:
        index = layer.split(" ", 1)[1] if layer.startswith("hidden ") else ""
        if index.isdigit():  # the engine counts hidden layers from 0; the plots (and students) from 1
            return self.tr("layer {number}").format(number=int(index) + 1)
        if layer == "output":
            return self.tr("the output layer")
        if layer == "loss":
            return self.tr("the loss")
        return layer
