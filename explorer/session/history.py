"""Past iterations: heavy snapshots under a memory budget, light curves kept whole.

The budget thins the *oldest* snapshots first (every other one of the older part, again and
again), so the recent past stays dense for scrubbing while the whole run stays reachable at a
coarser grain. Curves (a few floats per iteration) are never thinned.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from explorer.session.snapshot import CURVE_SERIES, Curves, ModelSnapshot

# Never thin the most recent iterations: they are what a user scrubs back to most.
KEEP_RECENT = 16


@dataclass(frozen=True)
class ResumePoint:
    """What continuing training after an iteration needs, copied (no live arrays).

    ``models``: cell → the engine model's ``state_dict()``; ``optimizers``: cell → the
    optimizer's ``state_dict()``; ``data_rng``: the batch generator's bit-generator state;
    ``diverged``: cell → (iteration, message, gradient norm or None) of models that had
    stopped by then.
    """

    models: dict[str, dict[str, np.ndarray]]
    optimizers: dict[str, dict[str, object]]
    data_rng: dict[str, object]
    diverged: dict[str, tuple[int, str, float | None]]

    def nbytes(self) -> int:
        """Memory held by the copied arrays."""
        total = 0
        for group in (*self.models.values(), *self.optimizers.values()):
            total += sum(_value_nbytes(v) for v in group.values())
        return total


def _value_nbytes(value: object) -> int:
    if isinstance(value, np.ndarray):
        return value.nbytes
    if isinstance(value, dict):
        return sum(_value_nbytes(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return sum(_value_nbytes(v) for v in value)
    return 0


@dataclass(frozen=True)
class IterationRecord:
    """One finished iteration: each model's snapshot, and the state right after it."""

    iteration: int
    snapshots: dict[str, ModelSnapshot]
    resume: ResumePoint

    def nbytes(self) -> int:
        """Memory held by this record."""
        return sum(s.nbytes() for s in self.snapshots.values()) + self.resume.nbytes()


class History:
    """Iteration records in order, held under ``budget_bytes``."""

    def __init__(self, budget_bytes: int) -> None:
        if budget_bytes <= 0:
            raise ValueError(f"history budget must be positive, got {budget_bytes}")
        self.budget_bytes = int(budget_bytes)
        self._records: list[IterationRecord] = []
        self._sizes: list[int] = []
        self.total_bytes = 0

    def __len__(self) -> int:
        return len(self._records)

    def iterations(self) -> list[int]:
        """The iteration numbers still held, ascending."""
        return [r.iteration for r in self._records]

    def get(self, iteration: int) -> IterationRecord | None:
        """The record of ``iteration``, or None if it was thinned out or never existed."""
        index = self._index(iteration)
        return self._records[index] if index is not None else None

    def nearest(self, iteration: int) -> IterationRecord | None:
        """The held record closest to ``iteration`` (earlier wins a tie)."""
        if not self._records:
            return None
        iters = np.asarray(self.iterations())
        return self._records[int(np.argmin(np.abs(iters - iteration)))]

    def latest(self) -> IterationRecord | None:
        """The newest record."""
        return self._records[-1] if self._records else None

    def add(self, record: IterationRecord) -> None:
        """Append ``record`` (its iteration must be newer than the last) and enforce the budget."""
        if self._records and record.iteration <= self._records[-1].iteration:
            raise ValueError(
                f"history: iteration {record.iteration} is not after {self._records[-1].iteration}"
            )
        size = record.nbytes()
        self._records.append(record)
        self._sizes.append(size)
        self.total_bytes += size
        self._enforce_budget()

    def truncate_after(self, iteration: int) -> None:
        """Forget every record after ``iteration`` (resuming from a past point)."""
        keep = sum(1 for r in self._records if r.iteration <= iteration)
        self.total_bytes -= sum(self._sizes[keep:])
        del self._records[keep:]
        del self._sizes[keep:]

    def _index(self, iteration: int) -> int | None:
        for i, record in enumerate(self._records):
            if record.iteration == iteration:
                return i
        return None

    def _enforce_budget(self) -> None:
        while self.total_bytes > self.budget_bytes and len(self._records) > 1:
            old = len(self._records) - KEEP_RECENT
            # Drop every other record of the older part, keeping the very first; when only
            # recent records are left, the oldest goes.
            drop = set(range(1, old, 2)) if old >= 2 else {0}
            self._records = [r for i, r in enumerate(self._records) if i not in drop]
            self._sizes = [s for i, s in enumerate(self._sizes) if i not in drop]
            self.total_bytes = sum(self._sizes)


@dataclass
class CurveLog:
    """The growing per-iteration scalars of one model (see ``Curves``)."""

    iterations: list[int] = field(default_factory=list)
    loss: list[float] = field(default_factory=list)
    grad_norm: list[float] = field(default_factory=list)
    grad_norm_clipped: list[float] = field(default_factory=list)
    clipped: list[bool] = field(default_factory=list)
    spectral_radius: list[float] = field(default_factory=list)
    truncation_cosine: list[float] = field(default_factory=list)
    truncation_rel_norm: list[float] = field(default_factory=list)
    metric_iterations: list[int] = field(default_factory=list)
    metrics: dict[str, list[float]] = field(default_factory=dict)

    def append(self, snapshot: ModelSnapshot) -> None:
        """Record one iteration's scalars (and its metrics, when it has any)."""
        self.iterations.append(snapshot.iteration)
        self.loss.append(snapshot.loss)
        self.grad_norm.append(snapshot.grad_norm)
        self.grad_norm_clipped.append(snapshot.grad_norm_clipped)
        self.clipped.append(snapshot.clipped)
        self.spectral_radius.append(snapshot.spectral_radius)
        self.truncation_cosine.append(_nan_if_none(snapshot.truncation_cosine))
        self.truncation_rel_norm.append(_nan_if_none(snapshot.truncation_rel_norm))
        if snapshot.metrics:
            self.add_metrics(snapshot.iteration, snapshot.metrics)

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

    def truncate_after(self, iteration: int) -> None:
        """Forget everything after ``iteration``."""
        keep = sum(1 for i in self.iterations if i <= iteration)
        for name in ("iterations", *CURVE_SERIES):
            del getattr(self, name)[keep:]
        keep_m = sum(1 for i in self.metric_iterations if i <= iteration)
        del self.metric_iterations[keep_m:]
        for column in self.metrics.values():
            del column[keep_m:]

    def freeze(self) -> Curves:
        """An immutable copy for the views."""
        return Curves(
            iterations=np.asarray(self.iterations, dtype=np.int64),
            loss=np.asarray(self.loss, dtype=np.float64),
            grad_norm=np.asarray(self.grad_norm, dtype=np.float64),
            grad_norm_clipped=np.asarray(self.grad_norm_clipped, dtype=np.float64),
            clipped=np.asarray(self.clipped, dtype=bool),
            spectral_radius=np.asarray(self.spectral_radius, dtype=np.float64),
            truncation_cosine=np.asarray(self.truncation_cosine, dtype=np.float64),
            truncation_rel_norm=np.asarray(self.truncation_rel_norm, dtype=np.float64),
            metric_iterations=np.asarray(self.metric_iterations, dtype=np.int64),
            metrics={k: np.asarray(v, dtype=np.float64) for k, v in self.metrics.items()},
        )


def _nan_if_none(value: float | None) -> float:
    return math.nan if value is None else float(value)
