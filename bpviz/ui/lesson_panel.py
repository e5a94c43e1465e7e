"""The lesson panel: the lesson picker, Run lesson, the chosen lesson's explanation (rich text, large font), and
the lesson's progress and verdict.

Which lesson is loaded is the window's business (``MainWindow.load_lesson``); this panel lists the lessons, keeps
the loaded one (:attr:`LessonPanel.lesson`) and shows its texts in the UI language. A lesson runs to its step count
and pauses; :meth:`LessonPanel.show_progress` then shows the verdict of its machine-checked expectation (the same
check as ``bpviz run --lesson``), met or not, with the numbers measured.
"""

from __future__ import annotations

import html
import math
from typing import Any, Callable

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from bpviz.lessons import lesson_names as _lesson_names
from bpviz.lessons import load_lesson as _load_lesson
from bpviz.ui.appearance import scaled_font
from bpviz.ui.plots.numeric import format_sci
from bpviz.ui.plots.theme import Theme
from bpviz.ui.worker import LESSON_CHANGED, LessonProgress

MET_MARK, NOT_MET_MARK = "✓", "✗"   # beside the words, never instead of them


class LessonPanel(QWidget):
    """objectName ``lessonPanel``: the picker (``lessonCombo``, DESIGN.md §6), ``runLessonButton``, ``lessonText``
    and ``lessonVerdict`` (the lesson's progress, then its verdict; hidden without a lesson run)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessonPanel")
        self.lesson: Any = None  # the loaded lesson (bpviz.lessons.Lesson), None before one is chosen
        self.combo = QComboBox()
        self.combo.setObjectName("lessonCombo")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(12)
        self.run_button = QPushButton()
        self.run_button.setObjectName("runLessonButton")
        self.run_button.setEnabled(False)
        self.text = QTextBrowser()
        self.text.setObjectName("lessonText")
        self.text.setOpenExternalLinks(True)
        self.verdict = QLabel()
        self.verdict.setObjectName("lessonVerdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verdict.hide()
        self.progress: LessonProgress | None = None
        self._text_html = ""   # the lesson's explanation, under the checks of its verdict (show_text)
        row = QHBoxLayout()
        row.addWidget(self.combo, stretch=1)
        row.addWidget(self.run_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.text, stretch=1)
        layout.addWidget(self.verdict)

    def fill_lessons(self, language: str) -> str | None:
        """List every lesson by its title in ``language`` after a "choose a lesson" entry. Returns the error of a
        lesson folder that cannot be read (the list is then empty), else None."""
        combo = self.combo
        combo.clear()
        combo.addItem("", None)  # "choose a lesson" (text set in retranslate_ui)
        error = None
        try:
            names = list(_lesson_names())
        except Exception as exc:  # noqa: BLE001 (a broken lesson folder must not stop the window)
            error = str(exc)
            names = []
        for name in names:
            title = name
            try:
                title = _load_lesson(name, language=language).title
            except Exception:  # noqa: BLE001 (the name still lets the user try, and see the error then)
                pass
            combo.addItem(title, name)
        combo.setEnabled(bool(names))
        return error

    def retranslate_lessons(self, language: str) -> None:
        """Lesson titles and the loaded lesson's texts in ``language`` (the experiment itself is unchanged)."""
        current = self.combo.currentData()
        with QSignalBlocker(self.combo):
            self.fill_lessons(language)
            index = self.combo.findData(current) if current else 0
            self.combo.setCurrentIndex(max(index, 0))
        if self.lesson is not None:
            try:
                self.lesson = _load_lesson(self.lesson.name, language=language)
            except Exception:  # noqa: BLE001 (keep the texts already shown)
                pass

    def select(self, name: str) -> None:
        """Show ``name`` as the chosen lesson in the picker (without emitting ``activated``)."""
        with QSignalBlocker(self.combo):
            index = self.combo.findData(name)
            if index >= 0:
                self.combo.setCurrentIndex(index)

    def retranslate_ui(self) -> None:
        self.combo.setItemText(0, self.tr("Choose a lesson…"))
        self.combo.setToolTip(self.tr("Each lesson is one claim of the article as an experiment: network A "
                                      "shows the problem, network B the remedy."))
        self.combo.setAccessibleName(self.tr("Lesson"))
        self.run_button.setText(self.tr("Run lesson"))
        self.run_button.setToolTip(self.tr("Train networks A and B side by side."))
        self.run_button.setAccessibleName(self.tr("Run lesson"))
        self.verdict.setAccessibleName(self.tr("Lesson verdict"))
        if self.progress is not None:
            self.show_progress(self.progress, force=True)

    def apply_fonts(self, scale: float) -> None:
        """The explanation and the verdict 2 pt larger than the application font, times ``scale``."""
        self.text.setFont(scaled_font(2, scale))
        self.verdict.setFont(scaled_font(2, scale))

    # ---- progress and verdict

    def show_progress(self, progress: LessonProgress | None, force: bool = False) -> None:
        """The lesson's step while it runs, its verdict once it has finished (the headline here, under the
        explanation, and only here; each check with its numbers at the top of the explanation); hidden without a
        lesson run."""
        if progress == self.progress and not force:
            return
        # the explanation is redrawn only when a verdict comes, changes or goes (not at every step of the run)
        finished_changed = (progress is not None and progress.finished) or (
            self.progress is not None and self.progress.finished)
        self.progress = progress
        if progress is None:
            self.verdict.hide()
        else:
            self.verdict.setText(f"<b>{_escape(self.headline(progress))}</b>")
            self.verdict.show()
        if finished_changed or force:
            self._render_text()

    def headline(self, progress: LessonProgress) -> str:
        """One line: the step while the lesson runs, then the verdict (or why there is none)."""
        if not progress.finished:
            return self.tr("Lesson: step {step} of {steps}, then the verdict.").format(
                step=progress.step, steps=progress.steps)
        result = progress.result
        if result is None:
            if progress.unchecked == LESSON_CHANGED:
                return self.tr("Not checked: the settings were changed during the run, so the numbers are not the "
                               "lesson's. Run lesson starts it again with its own settings.")
            return self.tr("Not checked: both networks diverged at step {step}, before the lesson's {steps} "
                           "steps.").format(step=progress.step, steps=progress.steps)
        if result.met:
            return self.tr("{mark} Verdict after {steps} steps: the lesson's claim holds.").format(
                mark=MET_MARK, steps=progress.steps)
        return self.tr("{mark} Verdict after {steps} steps: the lesson's claim does NOT hold.").format(
            mark=NOT_MET_MARK, steps=progress.steps)

    def verdict_html(self) -> str:
        """The finished lesson's checks, each with its numbers ("" before it has finished). Not the headline: the
        verdict label under the explanation says it, and a projected panel that said it twice read as two verdicts."""
        progress = self.progress
        if progress is None or not progress.finished or progress.result is None:
            return ""
        lines = "".join(f"<li>{_escape(self.check_text(check))}</li>" for check in progress.result.checks)
        title = self.tr("The checks behind the verdict:")
        return f"<p><b>{_escape(title)}</b></p><ul>{lines}</ul><hr/>"

    def _render_text(self) -> None:
        self.text.setHtml(self.verdict_html() + self._text_html)

    def check_text(self, check_result: Any) -> str:
        """One check with its numbers, e.g. "✓ test accuracy after 300 steps: B 0.973 (> 0.9)"."""
        check = check_result.check
        a, b = check_result.problem, check_result.remedy
        derived = {"problem": a, "remedy": b, "remedy_minus_problem": b - a,
                   "remedy_over_problem": b / a if a not in (0.0,) and not math.isnan(a) else math.nan}
        sides = {"problem": "A", "remedy": "B", "remedy_minus_problem": "B − A", "remedy_over_problem": "B / A"}
        parts = []
        for target, side in sides.items():
            for comparison in getattr(check, target):
                holds = comparison.holds(derived[target])
                parts.append(self.tr("{side} {value} (needs {op} {bound}) {mark}").format(
                    side=side, value=_number(derived[target]), op=comparison.op, bound=f"{comparison.value:g}",
                    mark=MET_MARK if holds else NOT_MET_MARK))
        when = (self.tr("at the start") if check.at == 0 else
                self.tr("after {steps} steps").format(steps=check.at))
        mark = MET_MARK if check_result.met else NOT_MET_MARK
        return self.tr("{mark} {metric} {when}: {parts}").format(
            mark=mark, metric=self.metric_text(check.metric), when=when, parts="; ".join(parts))

    def metric_text(self, metric: str) -> str:
        names = {
            "grad_ratio_first_last": self.tr("gradient ratio first/last layer"),
            "signal_ratio_first_last": self.tr("signal-gradient ratio first/last layer"),
            "first_layer_grad_norm": self.tr("gradient norm of layer 1"),
            "last_layer_grad_norm": self.tr("gradient norm of the last layer"),
            "max_grad_norm": self.tr("largest gradient norm"),
            "train_loss": self.tr("training loss"),
            "test_accuracy": self.tr("test accuracy"),
            "test_accuracy_recent": self.tr("test accuracy (mean of the last 100 steps)"),
            "train_accuracy": self.tr("training accuracy"),
            "diverged": self.tr("diverged (1 = yes)"),
            "dead_fraction": self.tr("fraction of dead ReLU units"),
            "inactive_fraction": self.tr("fraction of units with negative input"),
            "saturation": self.tr("fraction of saturated units"),
            "weight_norm": self.tr("weight norm"),
            "jacobian_product": self.tr("Jacobian product at layer 1"),
            "jacobian_mean_singular_value": self.tr("Jacobian factor per layer"),
            "jacobian_spread": self.tr("Jacobian spread (largest / smallest singular value)"),
            "predicted_signal_ratio": self.tr("predicted signal-gradient ratio"),
            "signal_ratio_over_prediction": self.tr("measured / predicted signal-gradient ratio"),
        }
        return names.get(metric, metric)

    def show_text(self, theme: Theme, plot_title: Callable[[str], str | None]) -> None:
        """The loaded lesson's explanation (A and B in the theme's colours), or the introduction before one is
        chosen. ``plot_title(objectName)`` names the plot the lesson says to watch (None: unknown plot)."""
        lesson = self.lesson
        if lesson is None:
            intro = self.tr(
                "<h3>Why do gradients vanish?</h3><p>Backprop multiplies one factor per layer. With sigmoid each "
                "factor is at most sigmoid'(z) = a(1−a) ≤ 0.25, so in a deep sigmoid network (the default has 10 "
                "layers) the layers near the input get almost no gradient: the short blue bars on the left of "
                "<b>Gradient flow</b>.</p><p>Press <b>Train</b>, then switch on a remedy on the left (ReLU, "
                "residual connections, batch normalization) and watch the bars rise. Or pick a lesson above.</p>")
            self._text_html = intro
            self._render_text()
            return
        watch = getattr(lesson, "watch", "")
        watch_title = plot_title(watch)
        if watch_title is None:
            watch_title = watch
        watch_text = getattr(lesson, "watch_text", "")
        if watch_text:
            watch_title = f"{watch_title}: {watch_text}"

        def paragraphs(text: str) -> str:
            return "".join(f"<p>{html.escape(part.strip())}</p>" for part in str(text).split("\n\n") if part.strip())

        watch_label = self.tr("What to watch:")
        try_label = self.tr("Try this:")
        self._text_html = (
            f"<p style='font-size:large'><b>{html.escape(str(lesson.title))}</b></p>"  # not <h2>: huge when projected
            f"{paragraphs(lesson.explanation)}"
            f"<p><b>{html.escape(watch_label)}</b> {html.escape(str(watch_title))}</p>"
            f"<p><b>{html.escape(try_label)}</b> {html.escape(str(lesson.try_this))}</p>"
            f"<p><span style='color:{theme.series_a}'><b>A</b></span> = "
            f"{html.escape(str(lesson.config.name))}<br/>"
            f"<span style='color:{theme.series_b}'><b>B</b></span> = "
            f"{html.escape(str(getattr(lesson, 'remedy_label', lesson.remedy.name)))}</p>")
        self._render_text()


def _number(value: float) -> str:
    """A measured number as the plots write it (3 significant digits; NaN as "NaN")."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "NaN"
    if value == 0 or 1e-3 <= abs(value) < 1e4:
        return f"{value:.3g}"
    return format_sci(value)


def _escape(text: str) -> str:
    return html.escape(text, quote=False)
