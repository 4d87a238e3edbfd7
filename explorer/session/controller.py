"""The Qt adapter of the session: signals for the window and a worker thread for "run".

The only module of ``explorer.session`` that imports Qt (QtCore only, no widgets). The GUI
thread never computes a training iteration while the worker runs: it only receives frozen
``SessionView`` frames, at most ``PUBLISH_HZ`` times a second.
"""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QObject, QThread, QTimer, Signal

from explorer.session.config import SessionConfig
from explorer.session.session import Session
from explorer.session.snapshot import SessionEvent, SessionView

PUBLISH_HZ = 30
# Stop waits this long for the worker to notice; one iteration at lecture sizes takes a few ms.
STOP_TIMEOUT_MS = 5000
# The longest the worker waits for the window to draw a frame before training on.
FRAME_WAIT_S = 0.04
# Runs replaced by a reset, a new config or an opened file that Undo can bring back. Each
# keeps its history (up to its memory budget), so the stack is short.
UNDO_DEPTH = 5


class TrainingThread(QThread):
    """Runs iterations of a session until ``n`` are done or a stop is requested."""

    sigFrame = Signal(object)  # SessionView
    sigEvent = Signal(object)  # SessionEvent

    def __init__(self, session: Session, n: int | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._n = n
        self._stop = threading.Event()
        # Set while a published frame has not been drawn yet: the worker then skips
        # publishing, so frames never queue up faster than the window can draw them.
        self.frame_in_flight = threading.Event()
        self._frame_drawn = threading.Event()
        self.iterations_done = 0

    def request_stop(self) -> None:
        """Ask the loop to end after the current iteration."""
        self._stop.set()
        self._frame_drawn.set()

    def frame_done(self) -> None:
        """The window has drawn the last frame: publishing and training go on."""
        self.frame_in_flight.clear()
        self._frame_drawn.set()

    def run(self) -> None:
        """The worker loop (in the worker thread): train, publish throttled copies."""
        interval = 1.0 / PUBLISH_HZ
        last = 0.0
        session = self._session
        while not self._stop.is_set() and (self._n is None or self.iterations_done < self._n):
            if not session.one_iteration():
                break
            self.iterations_done += 1
            now = time.monotonic()
            if now - last >= interval and not self.frame_in_flight.is_set():
                last = now
                self._frame_drawn.clear()
                self.frame_in_flight.set()
                self.sigFrame.emit(session.view(running=True))
            if self.frame_in_flight.is_set():
                # While the window draws a frame, step aside: both threads need the
                # interpreter lock, and a frame drawn in a tug-of-war takes several times longer.
                self._frame_drawn.wait(FRAME_WAIT_S)
            else:
                time.sleep(0)


class SessionController(QObject):
    """What the window talks to: step-through, run/stop, reset, scrub, resume."""

    sigViewChanged = Signal(object)  # SessionView
    sigEvent = Signal(object)  # SessionEvent
    sigRunningChanged = Signal(bool)
    sigRunReplaced = Signal()  # another run took the current one's place (reset, undo, open)
    sigUndoChanged = Signal()  # can_undo / can_redo may have changed

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        # Replaced runs, most recent last: kept whole (weights, optimizer state, history,
        # the step-through position), so Undo returns to exactly where one was.
        self._undo: list[Session] = []
        self._redo: list[Session] = []
        self._thread: TrainingThread | None = None
        self._shut_down = False
        self._last_view = session.view()
        session.add_listener(self._on_session_event)

    # ------------------------------------------------------------------------ state
    @property
    def session(self) -> Session:
        """The session (do not touch it while ``running``)."""
        return self._session

    @property
    def config(self) -> SessionConfig:
        """The configuration of the current run."""
        return self._session.config

    @property
    def running(self) -> bool:
        """Whether the worker is training."""
        return self._thread is not None

    def view(self) -> SessionView:
        """The latest frame."""
        return self._last_view

    def history_iterations(self) -> list[int]:
        """Iterations that can be scrubbed to."""
        self._ensure_stopped()
        return self._session.history.iterations()

    # ------------------------------------------------------------------------ stepping
    def step_forward(self) -> None:
        """Reveal one more timestep (or the loss, or the update)."""
        self._do(self._session.step_forward)

    def step_back(self) -> None:
        """Go back one timestep within the current iteration."""
        self._do(self._session.step_back)

    def finish_pass(self) -> None:
        """Jump to the end of the current forward or backward pass."""
        self._do(self._session.finish_pass)

    def one_iteration(self) -> None:
        """Finish the current iteration, or run one whole new one."""
        self._do(self._session.one_iteration)

    def reset(self, config: SessionConfig | None = None) -> None:
        """Start a new run, optionally with a new config (bad config: ValueError, no change).

        The replaced run is kept for ``undo``.
        """
        self._ensure_stopped()
        self.replace_session(Session(config or self._session.config))

    def replace_session(self, session: Session) -> None:
        """Continue with ``session`` (a new run, or one loaded from a file) instead of the
        current one, which ``undo`` can bring back."""
        self._ensure_stopped()
        self._undo.append(self._session)
        del self._undo[:-UNDO_DEPTH]
        self._redo.clear()
        self._switch_to(session)

    @property
    def can_undo(self) -> bool:
        """Whether a replaced run can be brought back."""
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        """Whether an undone replacement can be made again."""
        return bool(self._redo)

    def undo(self) -> None:
        """Bring back the run that the last reset, config change or opened file replaced,
        exactly as it was (config, weights, history, step-through position)."""
        if not self._undo:
            return
        self._ensure_stopped()
        self._redo.append(self._session)
        self._switch_to(self._undo.pop())

    def redo(self) -> None:
        """Make the last undone replacement again."""
        if not self._redo:
            return
        self._ensure_stopped()
        self._undo.append(self._session)
        self._switch_to(self._redo.pop())

    def _switch_to(self, session: Session) -> None:
        self._session.remove_listener(self._on_session_event)
        self._session = session
        session.add_listener(self._on_session_event)
        self.sigRunReplaced.emit()
        self.sigUndoChanged.emit()
        self._publish()

    def scrub(self, iteration: int | None) -> None:
        """Show a past iteration, or the live run with ``None``."""
        self._do(lambda: self._session.scrub(iteration))

    def resume_from_here(self) -> None:
        """Continue training from the scrubbed iteration."""
        self._do(self._session.resume_from_here)

    def panel(self, cell: str):
        """The task panel of ``cell`` at the displayed iteration."""
        self._ensure_stopped()
        return self._session.panel(cell)

    def gradcheck(self, cell: str) -> float:
        """Largest relative error of the engine's gradient against finite differences."""
        self._ensure_stopped()
        return self._session.gradcheck(cell)

    def _do(self, action) -> None:
        self._ensure_stopped()
        action()
        self._publish()

    def _publish(self) -> None:
        self._last_view = self._session.view(running=self.running)
        self.sigViewChanged.emit(self._last_view)

    # ------------------------------------------------------------------------ running
    def run(self, n: int | None = None) -> None:
        """Train ``n`` iterations (None: until stopped) in the worker thread."""
        if self._thread is not None or self._shut_down:
            return  # already training, or the window is gone
        thread = TrainingThread(self._session, n, self)
        thread.sigFrame.connect(self._on_frame)
        thread.sigEvent.connect(self.sigEvent)
        thread.finished.connect(self._on_finished)
        self._thread = thread
        thread.start()
        self.sigRunningChanged.emit(True)

    def stop(self) -> None:
        """Stop training; returns once the worker has ended."""
        thread = self._thread
        if thread is None:
            return
        thread.request_stop()
        thread.wait(STOP_TIMEOUT_MS)
        self._on_finished()

    def shutdown(self) -> None:
        """Stop the worker and wait for it (call when the window closes); no run starts after."""
        self._shut_down = True
        self.stop()

    def _ensure_stopped(self) -> None:
        if self._thread is not None:
            self.stop()

    def _on_frame(self, view: SessionView) -> None:
        if self._thread is None:
            return  # a late frame from a worker already stopped
        self._last_view = view
        self.sigViewChanged.emit(view)
        # Accept the next frame only after the event loop has also painted this one.
        thread = self._thread
        QTimer.singleShot(0, thread.frame_done)

    def _on_finished(self) -> None:
        thread = self._thread
        if thread is None:
            return
        thread.wait()
        self._thread = None
        thread.deleteLater()
        self.sigRunningChanged.emit(False)
        self._publish()

    def _on_session_event(self, event: SessionEvent) -> None:
        # May be called from the worker thread: deliver through the thread's queued signal.
        thread = self._thread
        if thread is not None and QThread.currentThread() is thread:
            thread.sigEvent.emit(event)
        else:
            self.sigEvent.emit(event)
