"""Past iterations: keyframes under a memory budget, and compact curves kept whole.

A training run is deterministic given its seeds, so the history does not keep what an
iteration showed; it keeps *keyframes*, the state right after some iterations (weights,
optimizer state, the generators of the batches and of randomized truncation). Any
iteration is recomputed on demand by replaying from the nearest keyframe before it
(``replay.py``), bitwise the same numbers as when it first ran; the state before the
first iteration needs no keyframe, it follows from the configuration.

The budget fixes how many keyframes fit in memory. When it is full, the keyframe whose
removal leaves the smallest gap goes: the spacing stays even over the whole run, which
keeps the widest gap, and so the slowest jump, as short as keyframes that can only be
dropped allow (about 1.4 times the mean gap; a replay's cached states keep neighbouring
iterations cheap wherever one scrubs). Every iteration stays reachable. The curves (a few
float32 per iteration) are counted in the same budget, and so is the memory the engine
works in (the traces of the last iteration and the buffers its pools keep) beyond
``ENGINE_ALLOWANCE``: a large model leaves fewer keyframes in memory, so that the run as a
whole stays within the budget the user set plus what the program itself needs.

When a keyframe leaving memory would open a gap wider than ``max_gap`` (the iterations
a jump may replay, which the session sets from the measured iteration time), it goes to
disk instead (``spill.py``), up to the spill's limit; past the limit the spilled ones thin
out the same way. A spilled keyframe that cannot be read back is forgotten, and replay
starts from the nearest earlier one.
"""

from __future__ import annotations

import bisect
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from explorer.session.snapshot import CURVE_SERIES, Curves
from explorer.session.spill import SpilledKeyframe, SpillError, SpillStore

# The share of the budget kept for states and records cached around the scrubbed iteration.
CACHE_SHARE = 0.1
# The engine's working memory (``History.working_bytes``) up to this much is part of what
# the program needs besides its budget (the interpreter and libraries, ≈ 45 MB without the
# window, and the passing peaks of building an iteration's display data); beyond it, it
# comes out of the keyframes' share.
ENGINE_ALLOWANCE = 48 * 1024 * 1024
# Python objects around a keyframe's arrays (dicts, generator states), counted per model.
OVERHEAD_PER_MODEL = 2048


@dataclass(frozen=True)
class Keyframe:
    """The state right after iteration ``iteration``: what continuing from there needs.

    ``models``: cell → the engine model's ``state_dict()`` (parameters and the generator of
    randomized truncation); ``optimizers``: cell → the optimizer's ``state_dict()``;
    ``data_rng``: the batch generator's bit-generator state. Every array is a private copy.
    Under sequential sampling (``carry.py``) also ``stream``, the position of the task's
    batch stream (``{"seed", "position"}``), and ``carried``: cell → the flat state that
    cell carries into the next batch (absent before the first iteration).
    """

    iteration: int
    models: dict[str, dict[str, np.ndarray]]
    optimizers: dict[str, dict[str, object]]
    data_rng: dict[str, object]
    stream: dict[str, int] | None = None
    carried: dict[str, tuple[np.ndarray, ...]] = field(default_factory=dict)

    def nbytes(self) -> int:
        """Memory held by this keyframe (arrays plus a fixed allowance per model)."""
        total = OVERHEAD_PER_MODEL * len(self.models)
        for group in (*self.models.values(), *self.optimizers.values()):
            total += sum(v.nbytes for v in group.values() if isinstance(v, np.ndarray))
        for state in self.carried.values():
            total += sum(a.nbytes for a in state)
        return total


class History:
    """Keyframes in iteration order, held under ``budget_bytes`` together with the curves,
    and beyond it on disk when the jump target asks for more.

    Thread-safe: training adds keyframes while a scrub may read them in another thread.
    ``external_bytes`` (the curves) and ``working_bytes`` (the engine's working memory,
    counted beyond ``ENGINE_ALLOWANCE``) are set by the session; ``CACHE_SHARE`` of the
    budget is left for the replay cache. ``max_gap`` (None: no spilling) is the widest gap a
    jump may replay; ``spill_factory`` makes the ``SpillStore`` when the first keyframe
    spills. Call ``close`` when the run is done with (its spill folder goes).
    """

    def __init__(
        self,
        budget_bytes: int,
        spill_factory: Callable[[], SpillStore] | None = SpillStore,
    ) -> None:
        if budget_bytes <= 0:
            raise ValueError(f"history budget must be positive, got {budget_bytes}")
        self.budget_bytes = int(budget_bytes)
        self.completed = 0
        self.external_bytes = 0
        self.working_bytes = 0
        self.keyframe_bytes = 0  # keyframes in memory, the genesis included
        self.index_bytes = 0  # what the spilled keyframes keep in memory
        self.max_gap: int | None = None
        self._spill_factory = spill_factory
        self.spill: SpillStore | None = None
        # Why spilling stopped or a spilled keyframe was lost (None: all is well).
        self.spill_error: str | None = None
        self._frames: dict[int, Keyframe] = {}
        self._memory: list[int] = []  # iterations of the keyframes in memory
        self._spilled: dict[int, SpilledKeyframe] = {}
        self._order: list[int] = []  # every held iteration, in memory or on disk
        self._lock = threading.RLock()
        # The state before the first iteration: never thinned (it is where replay starts
        # when nothing later is held), counted like any keyframe.
        self.genesis: Keyframe | None = None

    def set_genesis(self, frame: Keyframe) -> None:
        """Hold the state before the first iteration (``frame.iteration == 0``)."""
        with self._lock:
            if self.genesis is not None:
                self.keyframe_bytes -= self.genesis.nbytes()
            self.genesis = frame
            self.keyframe_bytes += frame.nbytes()

    # ------------------------------------------------------------------------ reading
    def __len__(self) -> int:
        return self.completed

    def iterations(self) -> list[int]:
        """Every iteration that can be shown: all of them, 1 … completed."""
        return list(range(1, self.completed + 1))

    def keyframe_iterations(self) -> list[int]:
        """The iterations after which a keyframe is held (in memory or spilled), ascending."""
        with self._lock:
            return list(self._order)

    def memory_iterations(self) -> list[int]:
        """The iterations whose keyframes are held in memory, ascending."""
        with self._lock:
            return list(self._memory)

    def spilled_iterations(self) -> list[int]:
        """The iterations whose keyframes are on disk, ascending."""
        with self._lock:
            return sorted(self._spilled)

    def keyframes(self) -> list[Keyframe]:
        """The keyframes held in memory, in iteration order (spread over the whole run;
        the spilled ones in between are read with ``frame_at``)."""
        with self._lock:
            return [self._frames[i] for i in self._memory]

    def held_at_or_before(self, iteration: int) -> int:
        """The latest held keyframe's iteration ≤ ``iteration`` (0: the genesis); no disk
        access."""
        with self._lock:
            index = bisect.bisect_right(self._order, iteration)
            return self._order[index - 1] if index else 0

    def at_or_before(self, iteration: int) -> Keyframe | None:
        """The latest keyframe after an iteration ≤ ``iteration`` (else the genesis); a
        spilled one is read from disk, and one that cannot be read is forgotten in favour
        of the one before."""
        with self._lock:
            while True:
                held = self.held_at_or_before(iteration)
                if held == 0:
                    return self.genesis
                frame = self.frame_at(held)
                if frame is not None:
                    return frame

    def frame_at(self, iteration: int) -> Keyframe | None:
        """The keyframe held after exactly ``iteration`` (None if none, or if its spill
        cannot be read back: it is then forgotten)."""
        with self._lock:
            if iteration == 0:
                return self.genesis
            frame = self._frames.get(iteration)
            if frame is not None:
                return frame
            entry = self._spilled.get(iteration)
            if entry is None or self.spill is None:
                return None
            try:
                models, optimizers, carried = self.spill.read(entry)
                return Keyframe(
                    iteration, models, optimizers, entry.data_rng, entry.stream, carried
                )
            except SpillError as exc:
                self.spill_error = str(exc)
                self._remove(iteration)
                return None

    def holds(self, iteration: int) -> bool:
        """Whether a keyframe after ``iteration`` is held (in memory or spilled)."""
        with self._lock:
            return iteration in self._frames or iteration in self._spilled

    @property
    def spill_bytes(self) -> int:
        """Bytes of keyframes on disk."""
        return 0 if self.spill is None else self.spill.used_bytes

    @property
    def cache_bytes(self) -> int:
        """The share of the budget left to the replay cache."""
        return int(self.budget_bytes * CACHE_SHARE)

    @property
    def total_bytes(self) -> int:
        """Memory of keyframes, the spill's index and curves (the replay cache has its own
        fixed share)."""
        return self.keyframe_bytes + self.index_bytes + self.external_bytes

    @property
    def engine_bytes(self) -> int:
        """The part of the engine's working memory the budget pays for."""
        return max(0, self.working_bytes - ENGINE_ALLOWANCE)

    def capacity_bytes(self) -> int:
        """Bytes the keyframes in memory may use now."""
        others = self.cache_bytes + self.external_bytes + self.index_bytes + self.engine_bytes
        return max(0, self.budget_bytes - others)

    def mean_gap(self) -> float:
        """The average distance between keyframes the budget allows at this length of run."""
        with self._lock:
            frames = len(self._memory) + (self.genesis is not None)
            if not frames:
                return 1.0
            per_frame = self.keyframe_bytes / frames
        fit = max(1.0, self.capacity_bytes() / max(per_frame, 1.0))
        return max(1.0, self.completed / fit)

    def wants(self, iteration: int, min_gap: int = 1) -> bool:
        """Whether a keyframe after ``iteration`` is worth copying: new ones come at half the
        mean gap (so thinning has a choice), no further apart than ``max_gap`` while the
        spill takes keyframes, and at least ``min_gap`` apart."""
        with self._lock:
            last = self._order[-1] if self._order else 0
            return iteration - last >= max(min_gap, self.keyframe_gap())

    def keyframe_gap(self) -> int:
        """Iterations between new keyframes at this length of run (see ``wants``)."""
        with self._lock:
            step = int(self.mean_gap() / 2)
            if self._may_spill():
                step = min(step, int(self.max_gap or step))
        return max(1, step)

    def _may_spill(self) -> bool:
        if self.max_gap is None or self._spill_factory is None:
            return False
        return self.spill is None or self.spill.error is None

    # ------------------------------------------------------------------------ writing
    def add(self, frame: Keyframe) -> None:
        """Hold ``frame`` in memory (replacing one at the same iteration) and thin to the
        budget."""
        with self._lock:
            if frame.iteration in self._spilled:
                self._remove(frame.iteration)
            old = self._frames.pop(frame.iteration, None)
            if old is not None:
                self.keyframe_bytes -= old.nbytes()
            else:
                bisect.insort(self._memory, frame.iteration)
                bisect.insort(self._order, frame.iteration)
            self._frames[frame.iteration] = frame
            self.keyframe_bytes += frame.nbytes()
            self.thin()

    def offer(self, frame: Keyframe) -> bool:
        """Hold ``frame`` if the budget's spacing keeps it; True if it is held now."""
        with self._lock:
            if self.holds(frame.iteration):
                return True
            self.add(frame)
            return self.holds(frame.iteration)

    def thin(self) -> None:
        """Move keyframes out of memory until the budget holds (the newest one always
        stays): to disk when their gap is needed, else they are dropped."""
        with self._lock:
            while self.keyframe_bytes > self.capacity_bytes() and len(self._memory) > 1:
                victim = self._memory[self._victim()]
                if self._needed(victim) and self._spill_out(victim):
                    continue
                self._remove(victim)

    def truncate_after(self, iteration: int) -> None:
        """Forget keyframes after ``iteration`` (resuming from a past point)."""
        with self._lock:
            for i in [i for i in self._order if i > iteration]:
                self._remove(i)
            self.completed = min(self.completed, iteration)

    def clear(self) -> None:
        """Forget every keyframe but the genesis."""
        with self._lock:
            for i in list(self._order):
                self._remove(i)

    def close(self) -> None:
        """Forget the spilled keyframes and remove the spill folder (the run is done)."""
        with self._lock:
            for i in list(self._spilled):
                self._remove(i)
            if self.spill is not None:
                self.spill.close()

    def _remove(self, iteration: int) -> None:
        frame = self._frames.pop(iteration, None)
        if frame is not None:
            self._memory.remove(iteration)
            self.keyframe_bytes -= frame.nbytes()
        else:
            entry = self._spilled.pop(iteration)
            self.index_bytes -= entry.nbytes()
            if self.spill is not None:
                self.spill.discard(entry)
        self._order.remove(iteration)

    def _victim(self) -> int:
        """Index (in memory order) of the keyframe whose removal from memory costs least:
        the one that leaves the smallest merged gap (the oldest of equals). The newest
        keyframe is never chosen."""
        its = np.asarray([0, *self._memory], dtype=np.int64)
        if len(its) <= 2:
            return 0
        return int(np.argmin(its[2:] - its[:-2]))

    # ------------------------------------------------------------------------ spilling
    def _merged_gap(self, iteration: int) -> int:
        """The gap left among all held keyframes if ``iteration``'s went."""
        index = bisect.bisect_left(self._order, iteration)
        before = self._order[index - 1] if index else 0
        after = self._order[index + 1] if index + 1 < len(self._order) else self.completed
        return max(after, iteration) - before

    def _needed(self, iteration: int) -> bool:
        return self._may_spill() and self._merged_gap(iteration) > (self.max_gap or 0)

    def _spill_out(self, iteration: int) -> bool:
        """Move the keyframe after ``iteration`` from memory to disk, making room there by
        dropping the spilled keyframe that leaves the smallest gap (which may be this one).
        True if it is on disk now."""
        frame = self._frames[iteration]
        if self.spill is None:
            assert self._spill_factory is not None
            self.spill = self._spill_factory()
        size = frame.nbytes()
        while not self.spill.room_for(size):
            if self.spill.error is not None or not self._spilled:
                return False
            candidates = [*self._spilled, iteration]
            drop = min(candidates, key=lambda i: (self._merged_gap(i), i))
            if drop == iteration:
                return False
            self._remove(drop)
        try:
            entry = self.spill.write(frame)
        except SpillError as exc:
            self.spill_error = str(exc)
            return False
        del self._frames[iteration]
        self._memory.remove(iteration)
        self.keyframe_bytes -= frame.nbytes()
        self._spilled[iteration] = entry
        self.index_bytes += entry.nbytes()
        return True


# ---------------------------------------------------------------------------- curves
_FLOAT32_MAX = float(np.finfo(np.float32).max)


def _as_float32(value: float) -> float:
    # Saturate instead of overflowing to inf: an exploding loss stays a finite point.
    if math.isnan(value):
        return value
    return min(max(value, -_FLOAT32_MAX), _FLOAT32_MAX)


@dataclass
class CurveLog:
    """The growing per-iteration scalars of one model (see ``Curves``), stored compactly.

    Series are float32 (saturated at its range), ``clipped`` bool, ``iterations`` int32, in
    arrays that grow by doubling; metrics (one row per evaluation) stay float64.
    ``freeze`` hands out read-only views that later appends never change.
    """

    size: int = 0
    diverged_at: int | None = None
    arrays: dict[str, np.ndarray] = field(default_factory=dict)
    metric_iterations: list[int] = field(default_factory=list)
    metrics: dict[str, list[float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.arrays:
            self.arrays = _empty_series(64)

    def nbytes(self) -> int:
        """Memory held (allocated capacity, metrics included)."""
        floats = len(self.metric_iterations) * (1 + len(self.metrics))
        return sum(a.nbytes for a in self.arrays.values()) + 8 * floats

    @property
    def iterations(self) -> np.ndarray:
        """The iterations recorded so far (read-only view)."""
        return self._view("iterations")

    def series(self, name: str) -> np.ndarray:
        """One recorded series (read-only view)."""
        return self._view(name)

    def _view(self, name: str) -> np.ndarray:
        view = self.arrays[name][: self.size]
        view.flags.writeable = False
        return view

    def append(self, iteration: int, values: dict[str, float], metrics: dict[str, float]) -> None:
        """Record one iteration's scalars (``CURVE_SERIES`` → value) and its metrics, if any."""
        if self.size == len(self.arrays["iterations"]):
            self.arrays = {k: _grown(v, 2 * self.size) for k, v in self.arrays.items()}
        n = self.size
        self.arrays["iterations"][n] = iteration
        for name in CURVE_SERIES:
            value = values[name]
            self.arrays[name][n] = value if name == "clipped" else _as_float32(value)
        self.size = n + 1
        if metrics:
            self.add_metrics(iteration, metrics)

    def add_metrics(self, iteration: int, metrics: dict[str, float]) -> None:
        """Record an evaluation; a metric first seen late is NaN-padded before it."""
        self.metric_iterations.append(iteration)
        n = len(self.metric_iterations)
        for name, value in metrics.items():
            column = self.metrics.setdefault(name, [math.nan] * (n - 1))
            column.append(float(value))
        for column in self.metrics.values():
            if len(column) < n:
                column.append(math.nan)

    def metrics_at(self, iteration: int) -> dict[str, float]:
        """The metrics evaluated right after ``iteration`` (empty if it was not evaluated)."""
        index = bisect.bisect_left(self.metric_iterations, iteration)
        if index < len(self.metric_iterations) and self.metric_iterations[index] == iteration:
            return {k: v[index] for k, v in self.metrics.items()}
        return {}

    def truncate_after(self, iteration: int) -> None:
        """Forget everything after ``iteration`` (into fresh arrays: frozen views stay valid)."""
        keep = int(np.searchsorted(self.iterations, iteration, side="right"))
        self.arrays = {k: _grown(v[:keep], max(64, 2 * keep)) for k, v in self.arrays.items()}
        self.size = keep
        keep_m = bisect.bisect_right(self.metric_iterations, iteration)
        del self.metric_iterations[keep_m:]
        for column in self.metrics.values():
            del column[keep_m:]
        if self.diverged_at is not None and self.diverged_at > iteration:
            self.diverged_at = None

    def freeze(self) -> Curves:
        """An immutable picture for the views (no copy of the long series)."""
        return Curves(
            iterations=self._view("iterations"),
            **{name: self._view(name) for name in CURVE_SERIES},
            metric_iterations=np.asarray(self.metric_iterations, dtype=np.int64),
            metrics={k: np.asarray(v, dtype=np.float64) for k, v in self.metrics.items()},
            diverged_at=self.diverged_at,
        )

    @classmethod
    def from_arrays(
        cls,
        iterations: np.ndarray,
        series: dict[str, np.ndarray],
        metric_iterations: np.ndarray,
        metrics: dict[str, np.ndarray],
        diverged_at: int | None,
    ) -> CurveLog:
        """A log holding already recorded (checked) arrays, e.g. read from a file."""
        n = len(iterations)
        log = cls(size=n, diverged_at=diverged_at, arrays=_empty_series(max(64, n)))
        log.arrays["iterations"][:n] = iterations
        for name in CURVE_SERIES:
            log.arrays[name][:n] = series[name]
        log.metric_iterations = [int(i) for i in metric_iterations]
        log.metrics = {k: [float(x) for x in v] for k, v in metrics.items()}
        return log


def _empty_series(capacity: int) -> dict[str, np.ndarray]:
    out = {"iterations": np.zeros(capacity, dtype=np.int32)}
    for name in CURVE_SERIES:
        out[name] = np.zeros(capacity, dtype=bool if name == "clipped" else np.float32)
    return out


def _grown(array: np.ndarray, capacity: int) -> np.ndarray:
    out = np.zeros(capacity, dtype=array.dtype)
    out[: len(array)] = array
    return out
