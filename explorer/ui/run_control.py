"""The window's commands on the run: the step-through, play and train actions, reset, new
settings, undo and redo, and the gradient check, with what the window says about them.

``RunControl`` binds the shared actions to the ``SessionController`` and subscribes itself
to the window's ``SessionEvents``: the actions, the settings panel and the status bar
follow the running and busy states and the run replacements.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QMainWindow

from explorer.session.config import SessionConfig
from explorer.session.cost import estimate_iteration, slow_warning
from explorer.session.snapshot import SessionEvent
from explorer.ui.actions import Actions
from explorer.ui.controls import ControlPanel
from explorer.ui.i18n import tr, tr_error, tr_noop
from explorer.ui.inspector import Inspector
from explorer.ui.phrases import event_text, shown_iteration_text
from explorer.ui.session_events import SessionEvents
from explorer.ui.theme import cell_label
from explorer.ui.transport import TransportBar

COMPUTING = tr_noop("Computing…")


class RunControl(QObject):
    """What the run's actions do in ``window`` (its status bar shows the messages).

    Emits ``sigVerdict(html)`` with each gradient-check verdict ("" when a new run makes
    the last one stale), for panels that show it besides the inspector.
    """

    sigVerdict = Signal(str)

    def __init__(
        self,
        window: QMainWindow,
        actions: Actions,
        events: SessionEvents,
        controls: ControlPanel,
        transport: TransportBar,
        inspector: Inspector,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.actions = actions
        self.events = events
        self.ctrl = events.controller
        self.controls = controls
        self.transport = transport
        self.inspector = inspector
        a, ctrl = actions, self.ctrl
        a.reset.triggered.connect(self.reset)
        a.undo.triggered.connect(self.undo)
        a.redo.triggered.connect(self.redo)
        a.verify_gradients.triggered.connect(self.verifyGradients)
        a.step_forward.triggered.connect(ctrl.step_forward)
        a.step_back.triggered.connect(ctrl.step_back)
        a.finish_pass.triggered.connect(ctrl.finish_pass)
        a.one_iteration.triggered.connect(ctrl.one_iteration)
        a.play.toggled.connect(self._play)
        a.fast_forward.toggled.connect(self._fast_forward)
        a.live.triggered.connect(lambda: ctrl.scrub(None))
        a.resume.triggered.connect(ctrl.resume_from_here)
        transport.sigTick.connect(self._tick)
        transport.sigScrub.connect(ctrl.scrub)
        controls.sigConfigChosen.connect(self.applyConfig)
        events.sigEvent.connect(self._event)
        events.sigRunningChanged.connect(self._running_changed)
        events.sigBusyChanged.connect(self._busy_changed)
        events.sigRunReplaced.connect(self._run_replaced)
        events.sigUndoChanged.connect(self._undo_changed)
        # A window that takes over a running controller starts in step with it.
        self._running_changed(ctrl.running)
        self._undo_changed()

    # ------------------------------------------------------------------------- commands
    def reset(self) -> None:
        """File → Reset: the run starts again with the same settings (Undo brings it back)."""
        self.actions.play.setChecked(False)
        had_work = self.ctrl.view().completed > 0
        self.ctrl.reset()
        if had_work:
            self._say(tr("The run starts again. Edit → Undo brings back the previous one."), 8000)

    def applyConfig(self, config: SessionConfig) -> None:
        """A new run with ``config`` (the settings panel's Apply); a refused config is
        explained in the panel, which goes back to the current settings."""
        self.actions.play.setChecked(False)
        try:
            self.ctrl.reset(config)
        except ValueError as exc:
            self.controls.showError(tr_error(exc))
            self.controls.setConfig(self.ctrl.config)
            return
        self.controls.setConfig(self.ctrl.config)
        warning = slow_warning(estimate_iteration(config))
        if warning is not None:
            self.controls.message.setText(tr_error(warning))
        self._say(
            tr("New run: {models}. Edit → Undo brings back the previous run.").format(
                models=tr(", ").join(tr(cell_label(c)) for c in config.cells)
            ),
            8000,
        )

    def undo(self) -> None:
        """Edit → Undo: bring back the run the last change replaced, exactly as it was."""
        if not self.ctrl.can_undo:
            return
        self.actions.play.setChecked(False)
        self.ctrl.undo()
        self._say(
            tr("Back to the previous run ({where}).").format(
                where=shown_iteration_text(self.ctrl.view())
            ),
            8000,
        )

    def redo(self) -> None:
        """Edit → Redo: make the undone change again."""
        if not self.ctrl.can_redo:
            return
        self.actions.play.setChecked(False)
        self.ctrl.redo()

    def verifyGradients(self) -> None:
        """View → Verify gradients: check the selected model's gradient against finite
        differences and say the verdict where it can be seen."""
        self.inspector.setView(self.ctrl.view())
        self.inspector.runGradcheck()
        verdict = self.inspector.verify_result.text()
        self._say(QTextDocumentFragment.fromHtml(verdict).toPlainText(), 15000)
        self.sigVerdict.emit(verdict)

    # ------------------------------------------------------------------------- reactions
    def _tick(self) -> None:
        if self.actions.animate.isChecked():
            self.ctrl.step_forward()
        else:
            self.ctrl.one_iteration()

    def _play(self, on: bool) -> None:
        if on and self.ctrl.running:
            self.actions.fast_forward.setChecked(False)
        self.transport.setPlaying(on)

    def _fast_forward(self, on: bool) -> None:
        if on:
            self.actions.play.setChecked(False)
            if not self.ctrl.running:
                self.ctrl.run()
        elif self.ctrl.running:
            self.ctrl.stop()

    def _running_changed(self, running: bool) -> None:
        self.controls.setRunning(running)
        self.actions.fast_forward.blockSignals(True)
        self.actions.fast_forward.setChecked(running)
        self.actions.fast_forward.blockSignals(False)
        self.transport.relabel()  # after the action changed: its button takes its text

    def _busy_changed(self, busy: bool) -> None:
        # A slow step or a file job computes in a worker: say so, the window stays usable.
        bar = self.window.statusBar()
        if busy and not self.ctrl.running:
            self.window.setCursor(Qt.CursorShape.BusyCursor)
            bar.showMessage(tr(COMPUTING))
        else:
            self.window.unsetCursor()
            if bar.currentMessage() == tr(COMPUTING):
                bar.clearMessage()

    def _run_replaced(self) -> None:
        # Undo, redo, reset, a lesson or an opened file: the panel shows the run's settings,
        # and a gradient check of the previous run is no longer the current one's.
        self.controls.setConfig(self.ctrl.config)
        self.inspector.verify_result.setText("")
        self.sigVerdict.emit("")

    def _undo_changed(self) -> None:
        self.actions.undo.setEnabled(self.ctrl.can_undo)
        self.actions.redo.setEnabled(self.ctrl.can_redo)

    def _event(self, event: SessionEvent) -> None:
        self._say(event_text(event), 15000)

    def _say(self, text: str, msecs: int) -> None:
        self.window.statusBar().showMessage(text, msecs)
