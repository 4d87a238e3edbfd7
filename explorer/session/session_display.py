"""What a ``Session`` hands the window: the displayed iteration's records and the frame.

Mixed into ``Session``. While training runs, the last finished iteration's display data is
built only when the display share of the time allows (``DISPLAY_SHARE`` in ``session.py``),
and only with the costly parts that the window shows (``shown_parts``); the newest one
built is shown again meanwhile.
"""

from __future__ import annotations

from typing import Any

from explorer.session.snapshot import (
    COSTLY_PARTS,
    ModelSnapshot,
    Phase,
    SessionView,
    missing_parts,
)


class SessionDisplay:
    """The displayed records, the immutable ``SessionView`` frame and the task panel."""

    def displayed_records(self, running: bool = False) -> tuple[int, dict[str, ModelSnapshot]]:
        """The iteration on display and its snapshots (built or recomputed if needed).

        While ``running``, the last finished iteration is built only when the display share
        of the time allows; otherwise the newest one built is shown again.
        """
        if self._scrub is not None:
            return self._scrub, dict(self._replayer.record(self._scrub))
        if self._pending is not None:
            return self._pending.iteration, dict(self._pending.snapshots)
        if self.engine_running:
            iteration, records = self.engine_display() or self._shown
            return iteration, dict(records)
        latest = self._latest
        if latest is None:
            if self.completed == 0:
                return 0, {}
            return self.completed, dict(self._replayer.record(self.completed))
        # A running frame builds only the costly parts the window shows. Past the display
        # share, it shows the newest built iteration again (the first frame is always
        # built, and so is one that must show a part the shown one left out).
        costly = self.shown_parts if running else COSTLY_PARTS
        rationed = running and latest.snapshots is None and not self._display_time.affords()
        if rationed and self._shown[0] and not missing_parts(self._shown[1]) & costly:
            return self._shown[0], dict(self._shown[1])
        records = self._latest_built(costly)
        self._shown = (latest.iteration, latest.snapshots)
        return latest.iteration, records

    def view(self, running: bool = False) -> SessionView:
        """An immutable frame of everything the window draws."""
        iteration, records = self.displayed_records(running)
        scrubbing = self._scrub is not None
        phase = Phase.IDLE if scrubbing else self.phase
        return SessionView(
            iteration=iteration,
            completed=self.completed,
            phase=phase,
            cursor=0 if phase is Phase.IDLE else self.cursor,
            T=self._T,
            cells=self.cells,
            records=records,
            status=dict(self.status),
            curves={cell: log.freeze() for cell, log in self.curves.items()},
            running=running,
            scrubbing=scrubbing,
            baseline=self.task.baseline,
            metric_name=self.task.metric_name,
            solved_threshold=float(self.task.solved_threshold),
            task_title=self.task.title,
            run=self.run_number,
        )

    def panel(self, cell: str, example: int | None = None) -> Any:
        """The task panel of ``cell`` with the weights of the displayed iteration."""
        _, records = self.displayed_records()
        model = self.models[cell].copy()
        if cell in records:
            for name, value in records[cell].weights.items():
                model.params[name][...] = value
        b = self.config.display_example if example is None else example
        return self.task.panel(model, example=b)
