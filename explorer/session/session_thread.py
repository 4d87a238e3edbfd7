"""The worker thread of the session controller: training or one job, off the GUI thread.

The thread never touches a widget: it publishes frozen ``SessionView`` frames, at most
``PUBLISH_HZ`` times a second and only when the window has drawn the last one, and it checks
"stop requested" between iterations. ``controller.py`` starts, queues and ends these threads.
"""

from __future__ import annotations

import itertools
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from explorer.session.engine_link import (
    ENGINES,
    EngineLost,
    EngineProcess,
    EngineRun,
    engine_fits,
)
from explorer.session.session import Session
from explorer.session.snapshot import Phase

PUBLISH_HZ = 30
# The share of the time the window may spend drawing frames while training: frames that take
# longer to draw are published less often, so the worker (which steps aside while a frame is
# drawn, both need the interpreter lock) keeps most of the time for training.
GUI_SHARE = 0.5
# While the engine process trains (``engine_link.py``), drawing takes nothing from training:
# the window may then draw most of the time (the rest is for showing new iterations).
ENGINE_GUI_SHARE = 0.8
# How often the worker looks whether the window has drawn the last frame, while the engine
# process trains and nothing else wakes it.
FRAME_POLL_S = 0.004
# ... but never fewer frames than this per second, so a projected run always looks alive.
MIN_PUBLISH_HZ = 5
# The longest the worker waits for the window to take and paint a frame before training on:
# longer than the costliest frames (50-60 ms when a plot's range moves), which a worker
# coming back in the middle of the paint would stretch past 80 ms; a window that takes
# longer is busy with something else, and training goes on.
FRAME_WAIT_S = 0.15
# While a worker runs, the interpreter lock changes hands at least this often (seconds;
# Python's default is 5 ms). Each time the window's event loop calls into Python (a slot,
# a paint() of a plot item) it waits for the lock; a frame makes dozens of such calls, and
# at 5 ms each a 20 ms frame stretched past 100 ms while the worker computed.
WORKER_SWITCH_INTERVAL_S = 0.0005

Done = Callable[[Any, BaseException | None], None]
_tokens = itertools.count(1)


class SwitchInterval:
    """Python's thread switch interval, lowered while any worker of any controller runs
    (``WORKER_SWITCH_INTERVAL_S``) and put back when the last one has ended."""

    def __init__(self) -> None:
        self._workers = 0
        self._saved = sys.getswitchinterval()

    def enter(self) -> None:
        if self._workers == 0:
            self._saved = sys.getswitchinterval()
            sys.setswitchinterval(min(self._saved, WORKER_SWITCH_INTERVAL_S))
        self._workers += 1

    def leave(self) -> None:
        self._workers -= 1
        if self._workers == 0:
            sys.setswitchinterval(self._saved)

    @property
    def active(self) -> bool:
        """Whether any worker runs now (training, a replay, a save …)."""
        return self._workers > 0


# Workers start and end in the GUI thread only, so the count needs no lock.
worker_switching = SwitchInterval()


class SessionThread(QThread):
    """One piece of work on the session: training (``n`` iterations or until stopped) or a job.

    ``job`` is a callable run once in the thread; its result or exception is kept in
    ``result`` / ``error`` for the controller to hand on in the GUI thread.
    """

    sigFrame = Signal(int, object)  # token, SessionView
    sigEvent = Signal(object)  # SessionEvent
    sigEnded = Signal(int)  # token

    def __init__(
        self,
        session: Session,
        n: int | None = None,
        job: Callable[[], Any] | None = None,
        on_done: Done | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.token = next(_tokens)
        self.session = session
        self._n = n
        self.job = job
        self.on_done = on_done
        self.result: Any = None
        self.error: BaseException | None = None
        # Whether the session may have changed (a save does not): publish when idle again.
        self.changes_session = True
        self._stop = threading.Event()
        # Set while a published frame has not been drawn yet: the worker then skips
        # publishing, so frames never queue up faster than the window can draw them.
        self.frame_in_flight = threading.Event()
        self._frame_drawn = threading.Event()
        self._emitted_at = 0.0
        self.frame_cost = 0.0  # seconds the window took to take and paint the last frames
        self.iterations_done = 0
        self._started_at = 0
        # The run in the engine process, while there is one (``engine_link.py``).
        self._engine_run: EngineRun | None = None

    @property
    def training(self) -> bool:
        """Whether this thread trains (rather than running one job)."""
        return self.job is None

    def request_stop(self) -> None:
        """Ask the training loop to end after the current iteration."""
        self._stop.set()
        self._frame_drawn.set()
        run = self._engine_run
        if run is not None:
            run.request_stop()

    def stop_requested(self) -> bool:
        """Whether a stop was requested (jobs may poll it to cancel)."""
        return self._stop.is_set()

    def frame_done(self) -> None:
        """The window has drawn the last frame: publishing and training go on."""
        cost = time.monotonic() - self._emitted_at
        self.frame_cost = cost if self.frame_cost == 0.0 else 0.7 * self.frame_cost + 0.3 * cost
        self.frame_in_flight.clear()
        self._frame_drawn.set()

    def run(self) -> None:
        """In the worker thread: the job, or the training loop; then report the end."""
        try:
            if self.job is not None:
                self.result = self.job()
            else:
                self._train()
        except Exception as exc:  # handed to the GUI thread, which reports it
            self.error = exc
        finally:
            self.sigEnded.emit(self.token)

    def _train(self) -> None:
        session = self.session
        # Training in the window keeps evaluations to their share of the time (EVAL_SHARE).
        session.budget_evaluations = True
        try:
            self._train_loop(session)
        finally:
            session.budget_evaluations = False

    def _train_loop(self, session: Session) -> None:
        self._started_at = session.completed
        several = self._n is None or self._n > 1
        engine = ENGINES.acquire() if several and engine_fits(session.config) else None
        try:
            while not self._stop.is_set() and (self._n is None or self.iterations_done < self._n):
                # An iteration being stepped through is finished here first (it counts).
                if engine is not None and session.phase is Phase.IDLE and engine.ready():
                    if self._train_in_engine(session, engine):
                        break
                    engine = None  # it went away: train on here, from the state held
                    continue
                if not session.one_iteration():
                    break
                self.iterations_done += 1
                if self._stop.is_set():
                    break
                self._publish(session)
                self._step_aside()
                # Otherwise no yield per iteration: the short switch interval already hands
                # the lock to the GUI thread when it asks, and a sleep(0) gave the core away
                # to other programs every iteration (16 µs of CPU, ~75 µs of wall time on a
                # busy machine).
        finally:
            if engine is not None:
                ENGINES.release(engine)
        # The window shows the last iteration next: build its display data here, not in
        # the GUI thread.
        session.prepare_view()

    def _train_in_engine(self, session: Session, engine: EngineProcess) -> bool:
        """Train the rest of the run in the engine process; False if it went away (the
        session is then back at its newest held state)."""
        done = self.iterations_done
        run = EngineRun(
            session, engine, None if self._n is None else self._n - done, budget_evaluations=True
        )
        try:
            run.start()
            self._engine_run = run
            if self._stop.is_set():
                run.request_stop()
            news = False  # whether anything came in since the last frame went out
            while True:
                # Reading the engine's messages takes the lock many times over; the pipe
                # holds what the engine sends meanwhile.
                self._step_aside()
                # A frame goes out when it is due, not only when the engine reports.
                wait = self._frame_due_in() if news else FRAME_POLL_S * 25
                if run.waiting(wait):
                    if not run.step():
                        break
                    news = True
                self.iterations_done = done + run.iterations
                if news and self._publish(session):
                    news = False
        except EngineLost:
            self.iterations_done = max(0, session.completed - self._started_at)
            return False
        finally:
            self._engine_run = None
        self.iterations_done = done + run.iterations
        return True

    def _step_aside(self) -> None:
        """While the window draws a frame, wait for it (at most ``FRAME_WAIT_S``): both
        threads need the interpreter lock, and a frame drawn in a tug-of-war takes several
        times longer."""
        if self.frame_in_flight.is_set():
            self._frame_drawn.wait(FRAME_WAIT_S)

    def _frame_interval(self) -> float:
        share = GUI_SHARE if self._engine_run is None else ENGINE_GUI_SHARE
        return min(max(1.0 / PUBLISH_HZ, self.frame_cost / share), 1.0 / MIN_PUBLISH_HZ)

    def _frame_due_in(self) -> float:
        """Seconds until the next frame may go out (a short poll while one is drawn)."""
        if self.frame_in_flight.is_set():
            return FRAME_POLL_S
        return max(0.0, self._emitted_at + self._frame_interval() - time.monotonic())

    def _publish(self, session: Session) -> bool:
        """Publish the newest state when a frame is due and the last one has been drawn;
        whether it did."""
        now = time.monotonic()
        due = now - self._emitted_at >= self._frame_interval()
        if due and not self.frame_in_flight.is_set():
            # Only the latest state is published; iterations in between are dropped.
            view = session.view(running=True)
            # The frame's cost is the window's: it starts once the frame is built.
            self._emitted_at = time.monotonic()
            self._frame_drawn.clear()
            self.frame_in_flight.set()
            self.sigFrame.emit(self.token, view)
            return True
        return False
