"""The window's training worker: which kind it is, keeping one running, and what its notices tell the user.

The worker is a :class:`~bpviz.ui.training_process.ProcessWorker` (training in a child process: the default) or a
:class:`~bpviz.ui.worker.TrainingWorker` (training in a thread of this process: ``training="thread"`` or
``BPVIZ_TRAINING=thread``). A training process that cannot start or dies is replaced, from step 0 with the current
settings: by a new process once (MAX_PROCESS_RESTARTS), then by a thread inside this process. The window never
builds a network itself: a new worker starts from :func:`~bpviz.ui.worker.initial_frame`. A training process that
stalls is said in the status bar, with a non-modal box that offers to restart it (:meth:`offer_restart`).
"""

from __future__ import annotations

import dataclasses
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from bpviz.config import ExperimentConfig
from bpviz.ui.data_file_messages import data_file_message
from bpviz.ui.frame_scheduler import PART_PLOTS, frame_interval_ms
from bpviz.ui.training_process import ProcessWorker, training_mode
from bpviz.ui.worker import Notice, TrainingSession, TrainingWorker, initial_frame

MAX_PROCESS_RESTARTS = 1        # a training process that fails again after a restart gives way to a thread
JOIN_SECONDS = 5.0              # closing waits this long for the worker to stop


class WorkerController(QObject):
    """Creates the worker for ``config`` and keeps one running.

    ``configs()`` gives the current (config A, config B or None) for a restart after a failure; ``field_label(path)``
    names a setting as the builder shows it (for the "rebuilt" notice). After a replacement :attr:`workerReplaced`
    is emitted (in the UI thread): everything drawn so far belongs to the old worker.
    """

    workerReplaced = Signal()

    def __init__(self, config: ExperimentConfig, training: str | None,
                 configs: Callable[[], tuple[ExperimentConfig, ExperimentConfig | None]],
                 field_label: Callable[[str], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.training_mode = training_mode(training)
        self._configs = configs
        self._field_label = field_label
        self.closed = False
        self.restarts = 0
        self._wanted_parts: dict[str, bool] = dict.fromkeys(PART_PLOTS, True)
        self.stall_box: QMessageBox | None = None  # the offer to restart a stalled training process, while shown
        # The window never builds the network itself (at 200 x 1024 that took minutes, at start-up and again after
        # the training process died): it draws initial_frame (the untrained network when small, else a
        # placeholder), and the worker, in its thread or its process, builds the network.
        self.worker: TrainingWorker | ProcessWorker = self._new_worker(config)

    @property
    def session(self) -> TrainingSession | None:
        """The TrainingSession when training runs in a thread of this process (None in a process, or while the
        thread is still building it)."""
        return None if isinstance(self.worker, ProcessWorker) else self.worker.session

    @property
    def in_process(self) -> bool:
        """Training runs in a child process (not sharing this process' GIL)."""
        return isinstance(self.worker, ProcessWorker)

    def frame_interval(self) -> int:
        """Milliseconds between two looks into the mailbox for this kind of worker."""
        return frame_interval_ms(self.training_mode)

    def _new_worker(self, config: ExperimentConfig) -> TrainingWorker | ProcessWorker:
        """A worker for ``config`` (in a child process or in a thread) whose mailbox holds a cheap first frame."""
        # serial 0: the worker's own first frame (serial 1) is then always drawn, even when it is the same network
        first = dataclasses.replace(initial_frame(config), serial=0)
        if self.training_mode == "process":
            return ProcessWorker(config, initial=first)
        return TrainingWorker(config=config, initial=first)

    def want_parts(self, wanted: dict[str, bool]) -> None:
        """Ask the worker for the costly frame parts the visible plots need (only when that changes)."""
        if wanted != self._wanted_parts:
            self._wanted_parts = wanted
            self.worker.set_parts(wanted)

    def hold_until_painted(self) -> None:
        """The worker waits while we draw and until Qt has painted (the zero timer runs after the paint events the
        plots' updates post), so drawing does not trade the GIL with training every 5 ms."""
        self.worker.hold()
        QTimer.singleShot(0, self.worker.release)

    def notice_message(self, notice: Notice) -> tuple[str, int] | None:
        """What the status bar says about ``notice`` (text, milliseconds), or None. A notice that the training
        process itself failed replaces the worker first (and says where training starts again)."""
        if notice.kind == "rebuilt":
            fields = ", ".join(self._field_label(path) for path in notice.fields) or self.tr("A setting")
            return self.tr("{fields} changed: the network was rebuilt (new weights, step 0).").format(
                fields=fields), 8000
        if notice.kind == "diverged" and notice.divergence is not None and notice.detail == "alone":
            other = "B" if notice.network == "A" else "A"
            return self.tr("Network {name} diverged at step {step} and stopped; {other} trains on.").format(
                name=notice.network, step=notice.divergence.step, other=other), 10000
        if notice.kind == "lesson":
            return self.tr("The lesson has finished: its verdict is in the lesson panel. Train goes on beyond it; "
                           "Run lesson starts it again."), 15000
        if notice.kind == "diverged" and notice.divergence is not None:
            return self.tr("Network {name} diverged at step {step}: training paused.").format(
                name=notice.network, step=notice.divergence.step), 10000
        if notice.kind == "compare":
            if notice.detail == "on":
                return self.tr("Compare mode on: A and B restart at step 0 and train in lockstep."), 8000
            return self.tr("Compare mode off."), 5000
        if notice.kind == "stalled":
            self.offer_restart(notice)
            return self.tr("The training process has not answered for {seconds} s.").format(
                seconds=f"{notice.seconds:.0f}"), 0
        if notice.kind == "resumed":
            self.close_stall_box()
            return self.tr("The training process answers again (it was silent for {seconds} s).").format(
                seconds=f"{notice.seconds:.0f}"), 8000
        if notice.kind == "restarted":
            return self.tr("A new training process has started: step 0, paused."), 8000
        if notice.kind == "error":
            if isinstance(self.worker, ProcessWorker) and self.worker.error is not None and not self.closed:
                # the process itself failed (not the engine): keep the window useful
                self.replace_failed_worker()
                where = (self.tr("in a new training process") if self.training_mode == "process"
                         else self.tr("inside the window (drawing may be slower)"))
                return self.tr("Training stopped: {error}. It starts again from step 0 {where}.").format(
                    error=notice.detail, where=where), 15000
            return self.tr("Training stopped: {error}").format(error=self._error_text(notice)), 15000
        return None

    @staticmethod
    def _error_text(notice: Notice) -> str:
        """What failed: a data file's problem in the UI language (the English detail, with the error's type, when
        there is no translation), anything else as the engine said it."""
        if notice.data_error is None:
            return notice.detail
        message = data_file_message(notice.data_error)
        return notice.detail if message == str(notice.data_error) else message

    def offer_restart(self, notice: Notice) -> QMessageBox:
        """A non-modal box (the window stays usable) that says the training process has stalled and offers to
        restart it; a ``resumed`` notice closes it (:meth:`close_stall_box`)."""
        self.close_stall_box()
        parent = self.parent() if isinstance(self.parent(), QWidget) else None
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Training is not responding"),
                          self.tr("The training process has not answered for {seconds} s while it had work to do."
                                  ).format(seconds=f"{notice.seconds:.0f}"),
                          QMessageBox.StandardButton.NoButton, parent)
        box.setObjectName("stallBox")
        box.setInformativeText(self.tr("You can keep waiting, or restart it: training starts again from step 0 "
                                       "with the current settings, paused."))
        box.setDetailedText(notice.detail)
        restart = box.addButton(self.tr("Restart training"), QMessageBox.ButtonRole.AcceptRole)
        restart.setObjectName("stallRestartButton")
        wait = box.addButton(self.tr("Keep waiting"), QMessageBox.ButtonRole.RejectRole)
        wait.setObjectName("stallWaitButton")
        box.setDefaultButton(wait)
        box.setModal(False)
        restart.clicked.connect(lambda _checked=False: self.restart_training())
        box.finished.connect(lambda _result, shown=box: self._forget_stall_box(shown))
        self.stall_box = box
        box.show()
        return box

    def close_stall_box(self) -> None:
        box, self.stall_box = self.stall_box, None
        if box is not None:
            box.close()
            box.deleteLater()

    def _forget_stall_box(self, box: QMessageBox) -> None:
        if self.stall_box is box:
            self.stall_box = None
            box.deleteLater()

    def restart_training(self) -> None:
        """Replace a stalled training process by a new one (step 0, paused, the current settings); everything
        drawn so far belongs to the old one (:attr:`workerReplaced`)."""
        if self.closed or not isinstance(self.worker, ProcessWorker):
            return
        config, config_b = self._configs()
        last = self.worker.mailbox.latest()
        self.worker.restart(config, config_b)
        if last is not None:
            # The stalled process's last frame said "running": shown again after the replacement it would press the
            # Train button back in until the new process's first frame. Training is paused now.
            self.worker.mailbox.publish(dataclasses.replace(last, running=False,
                                                            commands_handled=self.worker.commands_sent))
        self.workerReplaced.emit()

    def replace_failed_worker(self) -> None:
        """The training process could not start or has died: start again from step 0 with the current settings,
        in a new process once more, then in a thread inside this process."""
        failed = self.worker
        failed.join(timeout=1.0)
        self.restarts += 1
        if self.restarts > MAX_PROCESS_RESTARTS:
            self.training_mode = "thread"
        config, config_b = self._configs()
        self.worker = self._new_worker(config)
        self._wanted_parts = {}
        self.worker.start_thread()
        if config_b is not None:
            self.worker.set_compare(config_b)
        self.workerReplaced.emit()

    def shutdown(self) -> None:
        """Stop and join the worker (before any widget goes away). Idempotent."""
        if self.closed:
            return
        self.closed = True
        self.close_stall_box()
        self.worker.release()
        self.worker.stop()
        if not self.worker.join(timeout=JOIN_SECONDS):
            print("bpviz: the training thread did not stop within 5 s", flush=True)
