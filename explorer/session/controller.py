"""The Qt adapter of the session: signals for the window and worker threads for heavy work.

With its worker, ``session_thread.py``, the only part of ``explorer.session`` that imports
Qt (QtCore only, no widgets). The GUI
thread never computes a training iteration while a worker runs: it only receives frozen
``SessionView`` frames, at most ``PUBLISH_HZ`` times a second, the latest one only.

One rule keeps the session consistent: at most one worker touches it at a time. Work that
arrives while a worker is still busy (a new run right after Stop, a step after Stop, a save)
waits in a queue and starts when that worker has ended; the GUI thread never blocks on it.
Stop is a request: the window shows "stopped" at once, and the worker ends after the
iteration it is inside, whose result is kept and published then.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal

from explorer.session.config import SessionConfig
from explorer.session.cost import check_fits, estimate_iteration
from explorer.session.engine_link import ENGINES
from explorer.session.replay import ReplayCancelled
from explorer.session.session import Session
from explorer.session.session_thread import (
    PUBLISH_HZ,
    WORKER_SWITCH_INTERVAL_S,
    Done,
    SessionThread,
    worker_switching,
)
from explorer.session.snapshot import Phase, SessionEvent, SessionView

# How long after the controller is made the engine process starts (``engine_link.py``).
ENGINE_WARM_DELAY_MS = 1500
# The longest a blocking call (a getter, reset, closing the window) waits for the worker.
STOP_TIMEOUT_MS = 30000
# Step-through iterations estimated to take longer than this run in a worker, so the window
# stays responsive; shorter ones run at once, which keeps stepping snappy and synchronous.
STEP_IN_WORKER_S = 0.05
# Runs replaced by a reset, a new config or an opened file that Undo can bring back. Each
# keeps its history (up to its memory budget), so the stack is short.
UNDO_DEPTH = 5

# Worker names kept importable from here, where they lived first.
__all__ = [
    "PUBLISH_HZ",
    "STEP_IN_WORKER_S",
    "STOP_TIMEOUT_MS",
    "UNDO_DEPTH",
    "WORKER_SWITCH_INTERVAL_S",
    "SessionController",
    "SessionThread",
]


FrameDrawn = Callable[[Callable[[], None]], None]


def _next_turn(done: Callable[[], None]) -> None:
    QTimer.singleShot(0, done)


@dataclass(frozen=True)
class _Queued:
    """Work for the GUI thread that waits for the worker: a step, an iteration, a reset."""

    action: Callable[[], None]
    kind: str


class SessionController(QObject):
    """What the window talks to: step-through, run/stop, reset, scrub, resume, file jobs."""

    sigViewChanged = Signal(object)  # SessionView
    sigEvent = Signal(object)  # SessionEvent
    sigRunningChanged = Signal(bool)
    sigBusyChanged = Signal(bool)  # a worker is computing (training, a big step, a save)
    sigRunReplaced = Signal()  # another run took the current one's place (reset, undo, open)
    sigUndoChanged = Signal()  # can_undo / can_redo may have changed
    # The share (0 … 1) of a scrub's replay done so far, while a worker recomputes a past
    # iteration; 0.0 first (the window shows it once the replay takes a while).
    sigProgress = Signal(float)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._training: SessionThread | None = None  # the run the window shows as running
        self._live: list[SessionThread] = []  # started, not yet ended (at most one)
        self._queue: deque[SessionThread | _Queued] = deque()
        self._pending_config: SessionConfig | None = None  # a reset waiting for the worker
        self._busy = False
        self._stale = False  # a worker changed the session since the last published frame
        # Replaced runs, most recent last: kept whole (weights, optimizer state, history,
        # the step-through position), so Undo returns to exactly where one was.
        self._undo: list[Session] = []
        self._redo: list[Session] = []
        self._shut_down = False
        # Counts scrub requests: a replay still computing for an older one gives up.
        self._scrub_serial = 0
        self._progress_step = -1
        self._last_view = session.view()
        self._frame_drawn: FrameDrawn = _next_turn
        self._shown_parts = session.shown_parts  # every run this controller shows gets it
        session.add_listener(self._on_session_event)
        # The first Train then finds the engine process ready (it takes ~1 s to start);
        # started once the window is up, so that the two do not start at once.
        QTimer.singleShot(ENGINE_WARM_DELAY_MS, ENGINES.warm)

    def setFrameDrawn(self, frame_drawn: FrameDrawn | None) -> None:
        """How the window says it has drawn a training frame: ``frame_drawn(done)`` calls
        ``done`` then, and the worker publishes and trains on (while a frame is drawn it
        steps aside). A window passes one that waits for its paint; None: the next turn
        of the event loop, when the frame's signal has been handled."""
        self._frame_drawn = frame_drawn or _next_turn

    def frameDrawn(self) -> FrameDrawn:
        """The ``frame_drawn`` in use (see ``setFrameDrawn``)."""
        return self._frame_drawn

    def setShownParts(self, parts: frozenset[str]) -> None:
        """The costly display data (``COSTLY_PARTS``) that the window's visible views draw:
        training frames build only these (``Session.shown_parts``). Safe while training
        runs: the worker reads it when it builds a frame."""
        self._shown_parts = frozenset(parts)
        self._session.shown_parts = self._shown_parts

    # ------------------------------------------------------------------------ state
    @property
    def session(self) -> Session:
        """The session (do not touch it while ``busy``; ``wait_idle`` first)."""
        return self._session

    @property
    def config(self) -> SessionConfig:
        """The configuration of the current run (or of the reset waiting for the worker)."""
        return self._pending_config or self._session.config

    @property
    def running(self) -> bool:
        """Whether training is on (from the window's point of view)."""
        return self._training is not None

    @property
    def busy(self) -> bool:
        """Whether a worker is computing or work is waiting for one."""
        return bool(self._live or self._queue)

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
        self._step(self._session_call("step_forward"), slow=self._slow_new_iteration)

    def step_back(self) -> None:
        """Go back one timestep within the current iteration."""
        self._step(self._session_call("step_back"))

    def finish_pass(self) -> None:
        """Jump to the end of the current forward or backward pass."""
        self._step(self._session_call("finish_pass"), slow=self._slow_new_iteration)

    def one_iteration(self) -> None:
        """Finish the current iteration, or run one whole new one."""
        self._step(
            self._session_call("one_iteration"), slow=self._slow_new_iteration, kind="iteration"
        )

    def reset(self, config: SessionConfig | None = None) -> None:
        """Start a new run, optionally with a new config (bad config: ValueError, no change).

        The replaced run is kept for ``undo``. A config whose iteration will not fit this
        machine's memory is refused with ``TooBigError`` (a ValueError) that gives the
        estimate and the fields to lower. While a worker finishes an iteration the reset
        waits for it (``config`` already answers the new configuration); the window is never
        blocked.
        """
        if config is not None:
            check_fits(config)  # builds the task too: a bad one is refused here, at once
        if self._training is not None:
            self.stop()
        if self.busy:
            self._pending_config = config or self.config
            self._queue.append(_Queued(lambda: self._apply_reset(config), "reset"))
            self._update_busy()
            return
        self._apply_reset(config)

    def _apply_reset(self, config: SessionConfig | None) -> None:
        try:
            self._replace(Session(config or self._session.config))
        finally:
            if not any(isinstance(i, _Queued) and i.kind == "reset" for i in self._queue):
                self._pending_config = None

    def replace_session(self, session: Session) -> None:
        """Continue with ``session`` (a new run, or one loaded from a file) instead of the
        current one, which ``undo`` can bring back; after the worker, if one is busy."""
        self.when_idle(lambda: self._replace(session))

    def _replace(self, session: Session) -> None:
        self._undo.append(self._session)
        # Runs no undo can bring back let go of their spilled keyframes at once.
        for gone in [*self._undo[:-UNDO_DEPTH], *self._redo]:
            gone.close()
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
        self.when_idle(lambda: self._swap(self._undo, self._redo))

    def redo(self) -> None:
        """Make the last undone replacement again."""
        self.when_idle(lambda: self._swap(self._redo, self._undo))

    def _swap(self, take: list[Session], keep: list[Session]) -> None:
        if take:
            keep.append(self._session)
            self._switch_to(take.pop())

    def _switch_to(self, session: Session) -> None:
        self._session.remove_listener(self._on_session_event)
        self._session = session
        session.shown_parts = self._shown_parts
        session.add_listener(self._on_session_event)
        self.sigRunReplaced.emit()
        self.sigUndoChanged.emit()
        self._publish()

    def scrub(self, iteration: int | None) -> None:
        """Show a past iteration, or the live run with ``None``.

        A past iteration is recomputed from the nearest keyframe; when that is estimated to
        be slow it happens in a worker, which reports through ``sigProgress``. Only the
        newest scrub counts: dragging the history slider does not pile up replays, and a
        replay still computing for an older one stops after its current iteration.
        """
        self._scrub_serial += 1
        serial = self._scrub_serial

        def show() -> None:
            if iteration is not None:
                self._report_progress(0.0)
                try:  # the slow part, safe in a worker
                    self._session.prepare_scrub(
                        iteration, self._report_progress, lambda: self._scrub_serial != serial
                    )
                except ReplayCancelled:
                    return  # a newer scrub (or the live run) takes its place
            self._session.scrub(iteration)

        def slow() -> bool:
            seconds = 0.0 if iteration is None else self._session.scrub_seconds(iteration)
            return seconds > STEP_IN_WORKER_S

        self._step(show, slow=slow, kind="scrub")

    def _report_progress(self, fraction: float) -> None:
        """Hand a replay's progress to the window (from the worker), in steps of 1 %."""
        step = int(fraction * 100)
        if step != self._progress_step or fraction == 0.0:
            self._progress_step = step
            self.sigProgress.emit(fraction)

    def resume_from_here(self) -> None:
        """Continue training from the scrubbed iteration."""
        self._step(self._session_call("resume_from_here"))

    def panel(self, cell: str):
        """The task panel of ``cell`` at the displayed iteration."""
        self._ensure_stopped()
        return self._session.panel(cell)

    def gradcheck(self, cell: str) -> float:
        """Largest relative error of the engine's gradient against finite differences."""
        self._ensure_stopped()
        return self._session.gradcheck(cell)

    def _session_call(self, name: str) -> Callable[[], Any]:
        # Looked up when it runs: a queued step acts on the session current by then.
        return lambda: getattr(self._session, name)()

    def _slow_new_iteration(self) -> bool:
        session = self._session
        starts = session.phase is Phase.IDLE or session.scrubbed_iteration is not None
        return starts and self._slow_iteration()

    def _step(
        self,
        action: Callable[[], Any],
        slow: Callable[[], bool] | None = None,
        kind: str = "step",
    ) -> None:
        """Do a step now when nothing is computing, else once the worker is done (in order).

        At most one whole iteration waits: a held Enter key does not pile up slow work; a
        newer scrub replaces one still waiting.
        """
        if self._training is not None:
            self.stop()
        if self.busy:
            if kind == "scrub":
                self._queue = deque(
                    i for i in self._queue if not (isinstance(i, _Queued) and i.kind == kind)
                )
            waiting = any(isinstance(i, _Queued) and i.kind == kind for i in self._queue)
            if kind != "iteration" or not waiting:
                self._queue.append(_Queued(lambda: self._step_now(action, slow), kind))
                self._update_busy()
            return
        self._step_now(action, slow)

    def _step_now(self, action: Callable[[], Any], slow: Callable[[], bool] | None) -> None:
        """A step estimated to be slow (a new big iteration, a far scrub) runs in a worker."""
        if slow is not None and slow():
            self._launch(self._connect(SessionThread(self._session, job=action, parent=self)))
            return
        action()
        self._publish()

    def _slow_iteration(self) -> bool:
        try:
            return estimate_iteration(self._session.config).seconds > STEP_IN_WORKER_S
        except ValueError:  # the running task was built, so this is not expected; be safe
            return False

    def _publish(self) -> None:
        self._stale = False
        self._last_view = self._session.view(running=self.running)
        self.sigViewChanged.emit(self._last_view)

    # ------------------------------------------------------------------------ running
    def run(self, n: int | None = None) -> None:
        """Train ``n`` iterations (None: until stopped) in a worker thread.

        Returns at once; if a worker is still finishing, the run starts after it.
        """
        if self._training is not None or self._shut_down:
            return  # already training, or the window is gone
        thread = SessionThread(self._session, n, parent=self)
        self._training = thread
        self._start(thread)
        self.sigRunningChanged.emit(True)

    def stop(self) -> None:
        """Stop training; returns at once (the worker ends after its current iteration)."""
        thread = self._training
        if thread is None:
            return
        self._training = None
        if thread in self._queue:
            self._queue.remove(thread)  # never started
        else:
            thread.request_stop()
        self.sigRunningChanged.emit(False)
        self._update_busy()
        if not self.busy:
            self._publish()

    def submit(self, job: Callable[[], Any], on_done: Done) -> None:
        """Run ``job()`` in a worker once the session is free; training is stopped first.

        ``on_done(result, error)`` is called in the GUI thread. ``cancel_jobs`` asks a
        running job to stop (it polls ``job_cancelled``).
        """
        self.stop()
        thread = SessionThread(self._session, job=job, on_done=on_done, parent=self)
        thread.changes_session = False
        self._start(thread)

    def when_idle(self, action: Callable[[], None]) -> None:
        """Call ``action()`` in the GUI thread now if no worker is busy, else once it is done
        (training is stopped first)."""
        self.stop()
        if self.busy:
            self._queue.append(_Queued(action, "other"))
            self._update_busy()
        else:
            action()

    def job_cancelled(self) -> bool:
        """In a job: whether ``cancel_jobs`` was called for it."""
        current = QThread.currentThread()
        return any(t is current and t.stop_requested() for t in self._live)

    def cancel_jobs(self) -> None:
        """Ask running jobs to stop (they end early if they poll ``job_cancelled``)."""
        for thread in self._live:
            if not thread.training:
                thread.request_stop()

    def wait_idle(self, timeout_ms: int = STOP_TIMEOUT_MS) -> bool:
        """Stop training and block until every worker and queued step is done.

        For callers that need the session right now; returns False on timeout.
        """
        self.stop()
        deadline = time.monotonic() + timeout_ms / 1000
        while self.busy:
            remaining = int((deadline - time.monotonic()) * 1000)
            if remaining <= 0:
                return False
            if self._live:
                thread = self._live[0]
                if not thread.wait(remaining):
                    return False
                self._ended(thread)
            else:
                self._pump()
        return True

    def shutdown(self) -> None:
        """Stop the worker and wait for it (call when the window closes); no run starts after."""
        self._shut_down = True
        self.cancel_jobs()
        self._queue = deque(item for item in self._queue if not isinstance(item, QThread))
        self.wait_idle()

    def _ensure_stopped(self) -> None:
        if self._training is not None or self.busy:
            self.wait_idle()

    def _connect(self, thread: SessionThread) -> SessionThread:
        thread.sigFrame.connect(self._on_frame)
        thread.sigEvent.connect(self.sigEvent)
        thread.sigEnded.connect(self._on_ended)
        return thread

    def _launch(self, thread: SessionThread) -> None:
        worker_switching.enter()
        self._live.append(thread)
        thread.start()
        self._update_busy()

    def _start(self, thread: SessionThread) -> None:
        self._queue.append(self._connect(thread))
        self._pump()

    def _pump(self) -> None:
        """Run what waits, in order, until a worker is live again or nothing is left."""
        while not self._live and self._queue:
            item = self._queue.popleft()
            if isinstance(item, SessionThread):
                if not self._shut_down:
                    self._launch(item)
            else:
                item.action()
        self._update_busy()

    def _update_busy(self) -> None:
        if self.busy != self._busy:
            self._busy = self.busy
            self.sigBusyChanged.emit(self._busy)

    def _on_frame(self, token: int, view: SessionView) -> None:
        thread = self._training
        if thread is None or thread.token != token:
            return  # a late frame from a worker already stopped
        self._last_view = view
        self.sigViewChanged.emit(view)
        # Accept the next frame only after the window has also drawn this one.
        self._frame_drawn(thread.frame_done)

    def _on_ended(self, token: int) -> None:
        thread = next((t for t in self._live if t.token == token), None)
        if thread is not None:
            # run() has returned: this wait only lets the thread leave Qt's bookkeeping.
            thread.wait(1000)
            self._ended(thread)

    def _ended(self, thread: SessionThread) -> None:
        self._live.remove(thread)
        worker_switching.leave()
        thread.deleteLater()
        if thread is self._training:
            self._training = None
            self.sigRunningChanged.emit(False)
        self._stale = self._stale or thread.changes_session
        self._pump()
        if not self.busy and self._stale:
            self._publish()
        if thread.on_done is not None:
            thread.on_done(thread.result, thread.error)
        elif thread.error is not None:
            raise thread.error  # reaches the application's error dialog

    def _on_session_event(self, event: SessionEvent) -> None:
        # May be called from a worker thread: deliver through that thread's queued signal.
        current = QThread.currentThread()
        thread = next((t for t in self._live if t is current), None)
        if thread is not None:
            thread.sigEvent.emit(event)
        else:
            self.sigEvent.emit(event)
