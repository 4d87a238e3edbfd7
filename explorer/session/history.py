"""Past iterations: keyframes under a memory budget, and compact curves kept whole.

A training run is deterministic given its seeds, so the history does not keep what an
iteration showed; it keeps *keyframes*, the state right after some iterations (weights,
optimizer state, the generators of the batches and of randomized truncation). Any
iteration is recomputed on demand by replaying from the nearest keyframe before it
(``replay.py``), bitwise the same numbers as when it first ran; the state before the
first iteration needs no keyframe, it follows from the configuration.

The budget fixes how many keyframes fit. When it is full, the keyframe whose removal
leaves the smallest gap goes: the spacing stays even over the whole run, which keeps the
widest gap, and so the slowest jump, as short as keyframes that can only be dropped allow
(about 1.4 times the mean gap; a replay's cached states keep neighbouring iterations cheap
wherever one scrubs). Every iteration stays reachable. The curves (a few float32 per
iteration) are counted in the same budget.
"""

from __future__ import annotations

import bisect
import math
import threading
from dataclasses import dataclass, field

import numpy as np

from explorer.session.snapshot import CURVE_SERIES, Curves

# The share of the budget kept for states and records cached around the scrubbed iteration.
CACHE_SHARE = 0.1
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
    """Keyframes in iteration order, held under ``budget_bytes`` together with the curves.

    Thread-safe: training adds keyframes while a scrub may read them in another thread.
    ``external_bytes`` (the curves) is set by the session; ``CACHE_SHARE`` of the budget
    is left for the replay cache.
    """

    def __init__(self, budget_bytes: int) -> None:
        if budget_bytes <= 0:
            raise ValueError(f"history budget must be positive, got {budget_bytes}")
        self.budget_bytes = int(budget_bytes)
        self.completed = 0
        self.external_bytes = 0
        self.keyframe_bytes = 0
        self._frames: dict[int, Keyframe] = {}
        self._order: list[int] = []
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
        """The iterations after which a keyframe is held, ascending."""
        with self._lock:
            return list(self._order)

    def keyframes(self) -> list[Keyframe]:
        """The keyframes held, in iteration order."""
        with self._lock:
            return [self._frames[i] for i in self._order]

    def at_or_before(self, iteration: int) -> Keyframe | None:
        """The latest keyframe after an iteration ≤ ``iteration`` (else the genesis)."""
        with self._lock:
            index = bisect.bisect_right(self._order, iteration)
            return self._frames[self._order[index - 1]] if index else self.genesis

    @property
    def cache_bytes(self) -> int:
        """The share of the budget left to the replay cache."""
        return int(self.budget_bytes * CACHE_SHARE)

    @property
    def total_bytes(self) -> int:
        """Keyframes plus curves (the replay cache has its own fixed share)."""
        return self.keyframe_bytes + self.external_bytes

    def capacity_bytes(self) -> int:
        """Bytes the keyframes may use now."""
        return max(0, self.budget_bytes - self.cache_bytes - self.external_bytes)

    def mean_gap(self) -> float:
        """The average distance between keyframes the budget allows at this length of run."""
        with self._lock:
            frames = len(self._order) + (self.genesis is not None)
            if not frames:
                return 1.0
            per_frame = self.keyframe_bytes / frames
        fit = max(1.0, self.capacity_bytes() / max(per_frame, 1.0))
        return max(1.0, self.completed / fit)

    def wants(self, iteration: int, min_gap: int = 1) -> bool:
        """Whether a keyframe after ``iteration`` is worth copying: new ones come at half the
        mean gap (so thinning has a choice), and at least ``min_gap`` apart."""
        with self._lock:
            last = self._order[-1] if self._order else 0
        return iteration - last >= max(1, min_gap, int(self.mean_gap() / 2))

    # ------------------------------------------------------------------------ writing
    def add(self, frame: Keyframe) -> None:
        """Hold ``frame`` (replacing one at the same iteration) and thin to the budget."""
        with self._lock:
            old = self._frames.pop(frame.iteration, None)
            if old is not None:
                self.keyframe_bytes -= old.nbytes()
            else:
                bisect.insort(self._order, frame.iteration)
            self._frames[frame.iteration] = frame
            self.keyframe_bytes += frame.nbytes()
            self.thin()

    def offer(self, frame: Keyframe) -> bool:
        """Hold ``frame`` if the budget's spacing keeps it; True if it is held now."""
        with self._lock:
            if frame.iteration in self._frames:
                return True
            self.add(frame)
            return frame.iteration in self._frames

    def thin(self) -> None:
        """Drop keyframes until the budget holds (the newest one always stays)."""
        with self._lock:
            while self.keyframe_bytes > self.capacity_bytes() and len(self._order) > 1:
                self._remove(self._order[self._victim()])

    def truncate_after(self, iteration: int) -> None:
        """Forget keyframes after ``iteration`` (resuming from a past point)."""
        with self._lock:
            for i in [i for i in self._order if i > iteration]:
                self._remove(i)
            self.completed = min(self.completed, iteration)

    def clear(self) -> None:
        """Forget every keyframe but the genesis."""
        with self._lock:
            self._frames.clear()
            self._order.clear()
            self.keyframe_bytes = self.genesis.nbytes() if self.genesis is not None else 0

    def _remove(self, iteration: int) -> None:
        frame = self._frames.pop(iteration)
        self._order.remove(iteration)
        self.keyframe_bytes -= frame.nbytes()

    def _victim(self) -> int:
        """Index of the keyframe whose removal costs least: the one that leaves the smallest
        merged gap (the oldest of equals). The newest keyframe is never chosen."""
        its = np.asarray([0, *self._order], dtype=np.int64)
        if len(its) <= 2:
            return 0
        return int(np.argmin(its[2:] - its[:-2]))


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
