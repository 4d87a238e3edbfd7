"""Iterations trained in the engine process, taken into a ``Session``.

Mixed into ``Session``. While the window trains, the engine process (``engine_process.py``)
runs the iterations on its own core; this side records what each one reports (the curves'
scalars, metrics, divergences) and the keyframes it sends, exactly as ``_finish`` would have,
and takes over the engine's state when the run ends. The models here stand still meanwhile:
what the window shows of an iteration is replayed from a keyframe the engine sent just
before it (``replay.py``), bitwise as the engine computed it.
"""

from __future__ import annotations

import math
import time
from typing import Any

from explorer.engine.buffers import pools_of
from explorer.session.config import CELL_NAMES
from explorer.session.history import CurveLog, Keyframe
from explorer.session.snapshot import ModelStatus, missing_parts


class EngineResults:
    """Start, record and end of a run trained in the engine process (uses ``Session``'s
    models, curves, history and status)."""

    @property
    def batch_length(self) -> int:
        """Time steps of the last batch drawn (what a frame's ``T`` is)."""
        return self._T

    def keyframes_cheap(self) -> bool:
        """Whether copying the state costs a negligible share of an iteration (large
        models: a keyframe could follow every iteration)."""
        return self._keyframe_stride() == 1 and self.iteration_seconds > 0

    def forget_curves(self) -> None:
        """Start the curves afresh (the engine process's copy of a run keeps none: the
        window's process records them)."""
        self.curves = {cell: CurveLog() for cell in self.cells}

    def release_traces(self) -> None:
        """Let go of the last iteration's trace and the memory the models keep for the
        next one (an idle engine process holds no more than its models)."""
        self._release_latest_trace()
        self._latest = None
        for model in self.models.values():
            for pool in pools_of(model):
                pool.clear()

    def status_fields(self) -> dict[str, list[Any]]:
        """Each diverged model's status as JSON-ready fields (see ``set_status_fields``)."""
        return {
            cell: [status.diverged_at, status.message, status.grad_norm]
            for cell, status in self.status.items()
            if status.diverged
        }

    def set_status_fields(self, fields: dict[str, list[Any]]) -> None:
        """Mark the models in ``fields`` diverged as ``status_fields`` gave them; the
        others train."""
        self.status = {cell: ModelStatus(cell, CELL_NAMES[cell]) for cell in self.cells}
        for cell, (at, message, norm) in fields.items():
            self.status[cell] = ModelStatus(cell, CELL_NAMES[cell], int(at), str(message), norm)

    def begin_engine_run(self) -> Keyframe:
        """The state the engine process starts from; what is on display stays on display
        until the engine sends the state before an iteration to show."""
        self._leave_scrub()
        if self._pending is not None:
            self._commit()
        iteration, records = self.displayed_records()
        self._shown = (iteration, records)
        self._display_from = None
        self.engine_running = True
        return self.current_keyframe()

    def absorb(self, record: dict[str, Any]) -> None:
        """Record one iteration the engine process finished (or only its divergences, when
        ``record["iteration"]`` is None: every model diverged on that batch)."""
        for cell, iteration, norm in record["diverged"]:
            after_update = norm is None
            self._diverge(cell, int(iteration), math.nan if after_update else norm, after_update)
        iteration = record["iteration"]
        if iteration is None:
            return
        for cell, values in record["values"].items():
            self.curves[cell].append(iteration, values, record["metrics"].get(cell, {}))
        self._T = int(record["T"])
        self.iteration_seconds = float(record["seconds"])  # before _account: the jump gap
        self._latest = None
        self._account(iteration, int(record["working"]))
        self.history.thin()

    def take_keyframe(self, frame: Keyframe, shows_next: bool = False) -> None:
        """Hold a keyframe the engine process sent (``shows_next``: it was asked for so that
        the iteration after it can be shown)."""
        self.history.add(frame)
        if shows_next:
            self._display_from = frame.iteration

    def end_engine_run(self, frame: Keyframe) -> None:
        """The engine process stopped after ``frame.iteration``: continue from its state."""
        self.engine_running = False
        self.take_state(frame)
        self.history.add(frame)

    def drop_engine_run(self) -> int:
        """The engine process went away mid-run: go back to the newest state held (the
        iterations after it are forgotten); returns that iteration."""
        self.engine_running = False
        iteration = self.history.held_at_or_before(self.completed)
        self._rewind(iteration)
        return iteration

    def engine_display(self) -> tuple[int, dict[str, Any]] | None:
        """While the engine process trains: the newest iteration whose state before it was
        sent for showing, replayed (None when none is new since the last frame)."""
        start = self._display_from
        if start is None or start + 1 > self.completed:
            # The shown iteration lacks a part a view now asks for: replayed with it.
            shown, records = self._shown
            if shown and missing_parts(records) & self.shown_parts:
                records = dict(self._replayer.record(shown, costly=self.shown_parts))
                self._shown = (shown, records)
                return shown, records
            return None
        self._display_from = None
        iteration = start + 1
        started = time.perf_counter()
        records = dict(self._replayer.record(iteration, costly=self.shown_parts))
        self.engine_display_seconds = time.perf_counter() - started
        self._shown = (iteration, records)
        return iteration, records
