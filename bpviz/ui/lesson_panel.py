"""The lesson panel: the lesson picker, Run lesson, and the chosen lesson's explanation (rich text, large font).

Which lesson is loaded is the window's business (``MainWindow.load_lesson``); this panel lists the lessons, keeps
the loaded one (:attr:`LessonPanel.lesson`) and shows its texts in the UI language.
"""

from __future__ import annotations

import html
from typing import Any, Callable

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from bpviz.lessons import lesson_names as _lesson_names
from bpviz.lessons import load_lesson as _load_lesson
from bpviz.ui.appearance import scaled_font
from bpviz.ui.plots.theme import Theme


class LessonPanel(QWidget):
    """objectName ``lessonPanel``: the picker (``lessonCombo``, DESIGN.md §6), ``runLessonButton`` and
    ``lessonText``."""

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
        row = QHBoxLayout()
        row.addWidget(self.combo, stretch=1)
        row.addWidget(self.run_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.text, stretch=1)

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

    def apply_fonts(self, scale: float) -> None:
        """The explanation 2 pt larger than the application font, times ``scale``."""
        self.text.setFont(scaled_font(2, scale))

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
            self.text.setHtml(intro)
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
        self.text.setHtml(
            f"<h2>{html.escape(str(lesson.title))}</h2>"
            f"{paragraphs(lesson.explanation)}"
            f"<p><b>{html.escape(watch_label)}</b> {html.escape(str(watch_title))}</p>"
            f"<p><b>{html.escape(try_label)}</b> {html.escape(str(lesson.try_this))}</p>"
            f"<p><span style='color:{theme.series_a}'><b>A</b></span> = "
            f"{html.escape(str(lesson.config.name))}<br/>"
            f"<span style='color:{theme.series_b}'><b>B</b></span> = "
            f"{html.escape(str(getattr(lesson, 'remedy_label', lesson.remedy.name)))}</p>")
