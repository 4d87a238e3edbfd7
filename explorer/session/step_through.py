"""Step-through: an iteration revealed piece by piece (forward t = 1 … T, the loss,
backward t = T … 1, the update), mixed into ``Session``.

The iteration is computed once, in full, when the user starts stepping into it; stepping
then only moves a cursor over the precomputed arrays, and the update is applied on the last
step (``Session._finish``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explorer.session.iteration import StepResult
from explorer.session.snapshot import ModelSnapshot, Phase


@dataclass
class PendingIteration:
    """The iteration being revealed: its steps, batch targets and snapshots."""

    iteration: int
    steps: dict[str, StepResult]
    Y: np.ndarray
    snapshots: dict[str, ModelSnapshot]
    T: int


class StepThrough:
    """Step-through of ``Session``: a cursor over the iteration being revealed.

    Uses the session's ``phase``, ``cursor``, ``_T``, ``_pending`` and its iteration
    methods (``_compute_iteration``, ``_build``, ``_finish``, ``_leave_scrub``).
    """

    def step_forward(self) -> None:
        """Reveal one more piece: a timestep, the loss, a backward timestep, or the update."""
        self._leave_scrub()
        if self.phase is Phase.IDLE:
            if not self._start_iteration():
                return
            self.phase, self.cursor = Phase.FORWARD, 1
        elif self.phase is Phase.FORWARD:
            if self.cursor < self._T:
                self.cursor += 1
            else:
                self.phase, self.cursor = Phase.LOSS, self._T
        elif self.phase is Phase.LOSS:
            self.phase, self.cursor = Phase.BACKWARD, self._T
        elif self.phase is Phase.BACKWARD:
            if self.cursor > 1:
                self.cursor -= 1
            else:
                self.phase, self.cursor = Phase.UPDATE, 1
        else:
            self._commit()

    def step_back(self) -> None:
        """Undo one ``step_forward`` within the iteration being revealed (never an update)."""
        self._leave_scrub()
        if self.phase is Phase.FORWARD:
            if self.cursor > 1:
                self.cursor -= 1
        elif self.phase is Phase.LOSS:
            self.phase, self.cursor = Phase.FORWARD, self._T
        elif self.phase is Phase.BACKWARD:
            if self.cursor < self._T:
                self.cursor += 1
            else:
                self.phase, self.cursor = Phase.LOSS, self._T
        elif self.phase is Phase.UPDATE:
            self.phase, self.cursor = Phase.BACKWARD, 1

    def finish_pass(self) -> None:
        """Jump to the end of the current pass: forward → loss, backward → update."""
        self._leave_scrub()
        if self.phase is Phase.IDLE:
            if not self._start_iteration():
                return
            self.phase, self.cursor = Phase.LOSS, self._T
        elif self.phase is Phase.FORWARD:
            self.phase, self.cursor = Phase.LOSS, self._T
        elif self.phase in (Phase.LOSS, Phase.BACKWARD):
            self.phase, self.cursor = Phase.UPDATE, 1
        else:
            self._commit()

    def _start_iteration(self) -> bool:
        computed = self._compute_iteration()
        if computed is None:
            return False
        iteration, steps, Y = computed
        snapshots = self._build(iteration, steps, Y, {})
        self._pending = PendingIteration(iteration, steps, Y, snapshots, self._T)
        return True

    def _commit(self) -> None:
        """Apply the pending updates, evaluate, and file the iteration in the history."""
        pending = self._pending
        if pending is None:
            return
        self._pending = None
        self.phase, self.cursor = Phase.IDLE, 0
        self._finish(pending.iteration, pending.steps, pending.Y, pending.snapshots)
