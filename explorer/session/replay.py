"""Recompute any past iteration from the nearest keyframe, bitwise as it first ran.

A ``Replayer`` owns private copies of the models, optimizers and batch generator: a
replay never touches the live run, so it may run in another thread while the window
shows the live run (one replay at a time; ``record`` and ``state_after`` take a lock).
The private models draw their scratch and trace arrays from the live models' buffer pools
(``share_pools``): the memory a replay needs is what training already holds, not as much
again. A replayed iteration keeps one model's trace at a time (the shown one's is turned
into its snapshot at once), so a replay needs no more memory than one training iteration.
States passed on the way are cached (with the last few records, within the history's
cache share of the budget), so moving to a neighbouring iteration costs about one
iteration's compute, and the states are offered to the history, which keeps those
that improve its spacing (after opening a file, the dense keyframes come back this way).
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from explorer.engine.buffers import held_bytes, share_pools
from explorer.session.carry import CarriedState, as_h0, draw_batch, stream_of
from explorer.session.config import SessionConfig
from explorer.session.history import History, Keyframe
from explorer.session.iteration import StepResult, build_snapshot, compute_step
from explorer.session.model_setup import build_model, make_optimizer
from explorer.session.snapshot import COSTLY_PARTS, ModelSnapshot

if TYPE_CHECKING:
    from explorer.tasks.sampling import SequentialStream

Progress = Callable[[float], None]
Cancelled = Callable[[], bool]
# Records (full display data) kept around the scrubbed iteration: at most this many, in
# at most this share of the history's cache share (the rest holds states).
RECORD_CACHE = 4
RECORD_SHARE = 0.5


class ReplayCancelled(Exception):
    """A replay was cancelled before it finished; nothing visible changed."""


def capture(
    iteration: int,
    models: dict[str, Any],
    optimizers: dict[str, Any],
    data_rng: Any,
    stream: SequentialStream | None = None,
    carried: dict[str, CarriedState] | None = None,
) -> Keyframe:
    """A private copy of the state right after ``iteration`` (carried states are never
    written once made, so the keyframe shares them)."""
    return Keyframe(
        iteration=iteration,
        models={c: m.state_dict() for c, m in models.items()},
        optimizers={c: o.state_dict() for c, o in optimizers.items()},
        data_rng=data_rng.bit_generator.state,
        stream=None if stream is None else stream.state(),
        carried=dict(carried or {}),
    )


def restore(
    frame: Keyframe,
    models: dict[str, Any],
    optimizers: dict[str, Any],
    data_rng: Any,
    stream: SequentialStream | None = None,
) -> dict[str, CarriedState]:
    """Copy ``frame`` into live objects (parameters in place, so optimizers stay bound);
    returns the states carried into the next batch."""
    for cell, model in models.items():
        model.load_state_dict(frame.models[cell])
        optimizers[cell].load_state_dict(frame.optimizers[cell])
    data_rng.bit_generator.state = frame.data_rng
    if stream is not None:
        stream.restore(frame.stream or {"seed": stream.seed, "position": 0})
        stream.last_continues = False
    return dict(frame.carried)


class ReplayedRun(Protocol):
    """What a ``Replayer`` reads of the run it replays (a ``Session``)."""

    config: SessionConfig
    task: Any
    models: dict[str, Any]
    history: History
    status: dict[str, Any]
    curves: dict[str, Any]


class Replayer:
    """Past iterations of one session, recomputed on private models."""

    def __init__(self, session: ReplayedRun) -> None:
        self._session = session
        config, task = session.config, session.task
        self._models = {cell: build_model(config, task, cell) for cell in config.cells}
        for cell, model in self._models.items():
            share_pools(model, session.models[cell])
        self._optimizers = {c: make_optimizer(config, m.params) for c, m in self._models.items()}
        self._data_rng = np.random.default_rng()
        live_stream = stream_of(task)
        # A private cursor over the same tokens: replaying never moves the live stream.
        self._stream = None if live_stream is None else copy.copy(live_stream)
        self._carried: dict[str, CarriedState] = {}
        self._lock = threading.Lock()
        self._states: OrderedDict[int, Keyframe] = OrderedDict()
        self._state_bytes = 0
        self._records: OrderedDict[int, dict[str, ModelSnapshot]] = OrderedDict()
        self._record_bytes: dict[int, int] = {}
        self._at: int | None = None  # the iteration after which the private models stand

    # ------------------------------------------------------------------------ queries
    def cached(self, iteration: int) -> dict[str, ModelSnapshot] | None:
        """The record of ``iteration`` if it is ready (no computing)."""
        records = self._records
        return records.get(iteration)

    def cache_bytes(self) -> int:
        """Memory of the cached states and records."""
        return self._state_bytes + sum(self._record_bytes.values())

    def cost(self, iteration: int) -> int:
        """How many iterations showing ``iteration`` would compute (0: ready)."""
        if iteration in self._records:
            return 0
        return iteration - self._start_before(iteration)

    # ------------------------------------------------------------------------ replay
    def record(
        self,
        iteration: int,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        costly: frozenset[str] = COSTLY_PARTS,
    ) -> dict[str, ModelSnapshot]:
        """Each model's snapshot of ``iteration`` (1 … completed), replayed if needed: in
        full, or with only the ``costly`` parts (such a record is not kept)."""
        with self._lock:
            ready = self._records.get(iteration)
            if ready is not None:
                self._records.move_to_end(iteration)
                return ready
            snapshots = self._replay_to(iteration, True, progress, cancelled, costly=costly)
            if costly != COSTLY_PARTS:
                return snapshots
            self._records[iteration] = snapshots
            self._record_bytes[iteration] = held_bytes(snapshots)
            limit = RECORD_SHARE * self._session.history.cache_bytes
            while len(self._records) > 1 and (
                len(self._records) > RECORD_CACHE or sum(self._record_bytes.values()) > limit
            ):
                self._drop_record(next(iter(self._records)))
            self._evict_states(iteration)
            return snapshots

    def state_after(
        self, iteration: int, progress: Progress | None = None, cancelled: Cancelled | None = None
    ) -> Keyframe:
        """The state right after ``iteration`` (0: before the first one)."""
        with self._lock:
            held = self._states.get(iteration) or self._session.history.frame_at(iteration)
            if held is not None:
                return held
            self._replay_to(iteration, False, progress, cancelled)
            return self._capture(iteration)

    def replay_all(
        self, progress: Progress | None = None, cancelled: Cancelled | None = None
    ) -> None:
        """Replay the whole run from its start, offering every state to the history."""
        with self._lock:
            completed = self._session.history.completed
            if completed:
                self._replay_to(completed, False, progress, cancelled, start=0)

    def forget_after(self, iteration: int) -> None:
        """Drop cached states and records after ``iteration`` (the run resumed there)."""
        with self._lock:
            for i in [i for i in self._states if i > iteration]:
                self._state_bytes -= self._states.pop(i).nbytes()
            for i in [i for i in self._records if i > iteration]:
                self._drop_record(i)
            self._at = None

    def _start_before(self, iteration: int) -> int:
        start = self._session.history.held_at_or_before(iteration - 1)
        near = [i for i in self._states if start < i < iteration]
        if self._at is not None and start <= self._at < iteration:
            near.append(self._at)
        return max(near, default=start)

    def _replay_to(
        self,
        iteration: int,
        keep: bool,
        progress: Progress | None,
        cancelled: Cancelled | None,
        start: int | None = None,
        costly: frozenset[str] = COSTLY_PARTS,
    ) -> dict[str, ModelSnapshot]:
        session = self._session
        if start is None:
            start = self._start_before(iteration)
        if start != self._at:
            frame = self._states.get(start) or session.history.at_or_before(start)
            if frame is None:
                raise RuntimeError(f"no state after iteration {start} to replay from")
            start = frame.iteration  # earlier when a spilled keyframe could not be read
            self._carried = restore(
                frame, self._models, self._optimizers, self._data_rng, self._stream
            )
            self._at = start
        snapshots: dict[str, ModelSnapshot] = {}
        total = iteration - start
        for j in range(start + 1, iteration + 1):
            if cancelled is not None and cancelled():
                self._at = None  # the private models may stand anywhere: restore next time
                raise ReplayCancelled
            self._at = None
            steps, shown = self._compute(j, keep and j == iteration, costly)
            if shown is not None:
                snapshots = shown
            for cell, step in steps.items():
                self._optimizers[cell].step(step.grads)
            self._carried = {c: s.final_state for c, s in steps.items() if s.final_state}
            self._at = j
            self._keep_state(j)
            if progress is not None:
                progress((j - start) / total)
        return snapshots

    def _compute(
        self, iteration: int, shown: bool, costly: frozenset[str] = COSTLY_PARTS
    ) -> tuple[dict[str, StepResult], dict[str, ModelSnapshot] | None]:
        """Every active model's step of ``iteration`` (traces released) and, when ``shown``,
        their snapshots, each built right after its model's pass."""
        session = self._session
        config, task = session.config, session.task
        (X, Y, mask), continues = draw_batch(task, config.batch_size, self._data_rng, self._stream)
        steps = {}
        snapshots: dict[str, ModelSnapshot] | None = {} if shown else None
        for cell in config.cells:
            at = session.status[cell].diverged_at
            if at is not None and iteration >= at:
                continue
            model = self._models[cell]
            carried = self._carried.get(cell) if continues else None
            step = compute_step(
                model,
                config,
                task.loss,
                X,
                Y,
                mask,
                compare=shown,
                h0=None if carried is None else as_h0(model, carried),
                carry=self._stream is not None,
            )
            if not step.finite:
                continue
            if snapshots is not None:
                snapshots[cell] = self._snapshot(cell, iteration, step, Y, costly)
            # The next model's pass reuses this trace's memory (the pools take it back).
            step.result = None
            steps[cell] = step
        return steps, snapshots

    def _snapshot(
        self,
        cell: str,
        iteration: int,
        step: StepResult,
        Y: np.ndarray,
        costly: frozenset[str] = COSTLY_PARTS,
    ) -> ModelSnapshot:
        session = self._session
        return build_snapshot(
            cell,
            iteration,
            step,
            Y,
            self._models[cell],
            session.config.display_example,
            session.curves[cell].metrics_at(iteration),
            costly=costly,
        )

    def _capture(self, iteration: int) -> Keyframe:
        return capture(
            iteration, self._models, self._optimizers, self._data_rng, self._stream, self._carried
        )

    def _keep_state(self, iteration: int) -> None:
        frame = self._capture(iteration)
        history = self._session.history
        if iteration <= history.completed and history.offer(frame):
            return
        old = self._states.pop(iteration, None)
        if old is not None:
            self._state_bytes -= old.nbytes()
        self._states[iteration] = frame
        self._state_bytes += frame.nbytes()
        self._evict_states(iteration)

    def _evict_states(self, iteration: int) -> None:
        """Keep states and records within the history's cache share, evicting the states
        farthest from ``iteration``, where the replay stands."""
        limit = self._session.history.cache_bytes - sum(self._record_bytes.values())
        while self._state_bytes > limit and len(self._states) > 1:
            far = max(self._states, key=lambda i: abs(i - iteration))
            self._state_bytes -= self._states.pop(far).nbytes()

    def _drop_record(self, iteration: int) -> None:
        del self._records[iteration]
        del self._record_bytes[iteration]
