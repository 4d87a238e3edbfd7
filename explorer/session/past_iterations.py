"""Past iterations of a ``Session``: scrubbing to one, recomputing it, resuming from it.

Mixed into ``Session``. A past iteration is recomputed from the nearest keyframe of the
history (``replay.py``), bitwise as it first ran; the last one keeps its trace, so showing
it costs no recompute.
"""

from __future__ import annotations

import time

from explorer.session.carry import stream_of
from explorer.session.config import CELL_NAMES
from explorer.session.history import Keyframe
from explorer.session.replay import Cancelled, Progress, restore
from explorer.session.snapshot import (
    COSTLY_PARTS,
    ModelSnapshot,
    ModelStatus,
    Phase,
    SessionEvent,
    missing_parts,
)


class PastIterations:
    """Scrub, record and resume of ``Session`` (uses its ``_replayer``, ``_latest``,
    ``_scrub``, history and curves)."""

    def scrub(self, iteration: int | None) -> None:
        """Show a past iteration (any of 1 … completed), or ``None`` for the live run.

        The iteration is recomputed when it is shown (``view``); call ``prepare_scrub``
        first, e.g. in a worker thread, when ``scrub_seconds`` says that takes a while.
        """
        if iteration is None or self.completed == 0:
            self._scrub = None
            return
        self._scrub = min(max(1, int(iteration)), self.completed)

    @property
    def scrubbed_iteration(self) -> int | None:
        """The past iteration on display, or None when showing the live run."""
        return self._scrub

    def scrub_cost(self, iteration: int) -> int:
        """How many iterations showing ``iteration`` recomputes (0: ready at once)."""
        if self._latest is not None and iteration == self._latest.iteration:
            return 0
        return self._replayer.cost(iteration)

    def scrub_seconds(self, iteration: int) -> float:
        """Estimated seconds to show ``iteration`` (from the measured iteration time)."""
        return self.scrub_cost(iteration) * self.iteration_seconds

    def prepare_scrub(
        self,
        iteration: int,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> None:
        """Recompute ``iteration`` so that showing it is instant.

        Safe to call from a worker thread while the GUI thread calls ``view`` or ``scrub``
        (it works on private copies of the models), but not while training or resuming.
        ``cancelled()`` returning true stops it with ``ReplayCancelled``; nothing visible
        changes either way. ``progress(fraction)`` reports as it goes.
        """
        if self._latest is not None and iteration == self._latest.iteration:
            return
        if 1 <= iteration <= self.completed:
            self._replayer.record(iteration, progress, cancelled)

    def record(
        self,
        iteration: int,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> dict[str, ModelSnapshot]:
        """Each model's full snapshot of finished ``iteration`` (1 … completed), recomputed
        from the nearest keyframe when it is not at hand. Thread-safety as ``prepare_scrub``."""
        if not 1 <= iteration <= self.completed:
            raise ValueError(f"iteration {iteration} is not in the history (1 … {self.completed})")
        latest = self._latest
        if latest is not None and iteration == latest.iteration:
            return self._latest_built()
        return dict(self._replayer.record(iteration, progress, cancelled))

    def prepare_view(self) -> None:
        """Build the display data of the iteration ``view`` will show, e.g. in the worker
        thread before it finishes, so that the next ``view`` on the GUI thread is instant."""
        if self._scrub is not None:
            self._replayer.record(self._scrub)
        elif self._pending is None and self._latest is not None:
            self._latest_built()
        elif self._pending is None and self.completed:
            self._replayer.record(self.completed)

    def _latest_built(self, costly: frozenset[str] = COSTLY_PARTS) -> dict[str, ModelSnapshot]:
        """The last finished iteration's snapshots, with at least the ``costly`` parts."""
        latest = self._latest
        assert latest is not None
        built = latest.snapshots
        if built is not None and not missing_parts(built) & costly:
            return dict(built)
        if any(step.result is None for step in latest.steps.values()):
            # Its trace is gone (no model finished the next batch): replayed in full.
            latest.snapshots = dict(self._replayer.record(latest.iteration))
            return dict(latest.snapshots)
        if built is not None:  # what it has stays: the trace keeps the parts it computed
            costly = costly | (COSTLY_PARTS - missing_parts(built))
        started = time.perf_counter()
        latest.snapshots = self._build(
            latest.iteration, latest.steps, latest.Y, latest.metrics, costly
        )
        # Every build of the live run's display data counts in its share of the time,
        # the one that shows the last iteration after Stop included.
        self._display_time.spend(time.perf_counter() - started)
        return dict(latest.snapshots)

    def _leave_scrub(self) -> None:
        self._scrub = None

    def resume_from(self, iteration: int) -> None:
        """Continue training from right after ``iteration``: later history is forgotten."""
        if isinstance(iteration, bool) or not 0 <= int(iteration) <= self.completed:
            raise ValueError(
                f"iteration {iteration} is not in the history (held: 1 … {self.completed})"
            )
        iteration = int(iteration)
        self._rewind(iteration)
        self._emit(SessionEvent("resumed", iteration))

    def _rewind(self, iteration: int) -> None:
        """Go back to right after ``iteration``: later curves, divergences and keyframes
        are forgotten."""
        frame = self._replayer.state_after(iteration)
        for cell, status in self.status.items():
            if status.diverged_at is not None and status.diverged_at > iteration:
                self.status[cell] = ModelStatus(cell, CELL_NAMES[cell])
        for log in self.curves.values():
            log.truncate_after(iteration)
        self.history.truncate_after(iteration)
        self._replayer.forget_after(iteration)
        self.take_state(frame)
        self._account(iteration)
        self._shown = (0, {})

    def take_state(self, frame: Keyframe) -> None:
        """Make ``frame`` the live state: training continues right after its iteration."""
        self.carried = restore(
            frame, self.models, self.optimizers, self.data_rng, stream_of(self.task)
        )
        self.completed = frame.iteration
        self.history.completed = max(self.history.completed, frame.iteration)
        self._latest = None
        self._pending = None
        self._scrub = None
        self.phase, self.cursor = Phase.IDLE, 0

    def resume_from_here(self) -> None:
        """Continue training from the scrubbed iteration."""
        if self._scrub is not None:
            self.resume_from(self._scrub)

    def rebuild_keyframes(
        self, progress: Progress | None = None, cancelled: Cancelled | None = None
    ) -> None:
        """Replay the whole run once so the history holds as many keyframes as the budget
        allows (after opening a file, which stores fewer). Thread-safety as ``prepare_scrub``."""
        self._replayer.replay_all(progress, cancelled)
