"""Headless checks that a lesson's stated outcome really happens with its settings."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from explorer.lessons.model import (
    CURVE_METRICS,
    OPS,
    Expectation,
    Lesson,
    LessonError,
    format_number,
)
from explorer.session.config import merge_changes


@dataclass(frozen=True)
class CheckResult:
    """One evaluated expectation: the statement, whether it held, and the measured value."""

    expectation: Expectation
    passed: bool
    measured: float

    def line(self) -> str:
        """e.g. ``"lstm mse = 0.0041 < 0.01 ✓"``."""
        e = self.expectation
        stat = "" if e.stat == "last" else f"{e.stat} "
        variant = ", ".join(f"{k}={v}" for k, v in e.config.items())
        suffix = f" [{variant}]" if variant else ""
        mark = "✓" if self.passed else "✗"
        return (
            f"{e.cell} {stat}{e.metric} = {format_number(self.measured)} {e.op} {format_number(e.value)}"
            f"{suffix} {mark}"
        )


def check_lesson(
    lesson: Lesson, progress: Callable[[str], None] | None = None, seed: int | None = None
) -> list[tuple[str, bool, float]]:
    """Run the lesson's config headlessly and evaluate each expectation of its check.

    Returns ``(line, passed, measured)`` per expectation, in file order; ``line`` reads like
    ``"lstm mse = 0.0041 < 0.01 ✓"``. A lesson without a check returns an empty list.
    Expectations with the same config changes and iteration count share one run. ``seed``
    replaces the lesson's seed (weights and batches), so an outcome can be checked over seeds.
    """
    return [(r.line(), r.passed, r.measured) for r in check_results(lesson, progress, seed)]


def check_results(
    lesson: Lesson,
    progress: Callable[[str], None] | None = None,
    seed: int | None = None,
) -> list[CheckResult]:
    """``check_lesson`` with the full ``CheckResult`` objects."""
    from explorer.session import Session, SessionConfig

    if lesson.check is None:
        return []
    runs: dict[tuple[str, int], Any] = {}
    results = []
    for e in lesson.check.expect:
        n = e.iterations or lesson.check.iterations
        run_key = (json.dumps(e.config, sort_keys=True), n)
        if run_key not in runs:
            changes = {**e.config, **({} if seed is None else {"seed": seed})}
            config = lesson.config
            if changes:
                config = SessionConfig.from_dict(merge_changes(config.to_dict(), changes))
            session = Session(config)
            session.run(n)
            runs[run_key] = session
            if progress is not None:
                variant = f" with {e.config}" if e.config else ""
                progress(f"{lesson.key}: ran {session.completed} of {n} iterations{variant}")
        measured = measure(runs[run_key], e.cell, e.metric, e.stat)
        passed = bool(not math.isnan(measured) and OPS[e.op](measured, e.value))
        results.append(CheckResult(e, passed, measured))
    return results


def measure(session: Any, cell: str, metric: str, stat: str = "last") -> float:
    """One number of ``cell`` in a ``Session`` after a run (see the module docstring).

    NaN when there is nothing to measure (e.g. a diverged cell has no last iteration).
    """
    view = session.view()
    if metric == "diverged":
        return 1.0 if view.status[cell].diverged else 0.0
    if metric == "diverged_at":
        at = view.status[cell].diverged_at
        return math.inf if at is None else float(at)
    if metric == "grad_ratio":
        record = view.records.get(cell)
        if record is None or len(record.grad_hidden_norm) == 0:
            return math.nan
        norms = record.grad_hidden_norm
        return float(norms[0] / norms[-1]) if norms[-1] > 0 else math.nan
    if metric == "layer_grad_ratio":
        from explorer.session.depth import layer_grad_ratio

        record = view.records.get(cell)
        return math.nan if record is None else layer_grad_ratio(record)
    curves = view.curves[cell]
    if metric == "solved_at":
        names = list(curves.metrics)
        for i, iteration in enumerate(curves.metric_iterations):
            if session.task.solved({k: float(curves.metrics[k][i]) for k in names}):
                return float(iteration)
        return math.inf
    if metric in CURVE_METRICS:
        series = [float(v) for v in getattr(curves, metric)]
    else:
        series = [float(v) for v in curves.metrics.get(metric, ())]
    return reduce_series(series, stat)


def reduce_series(series: Iterable[float], stat: str) -> float:
    """One number from a curve or metric series by ``stat`` (one of ``STATS``), ignoring
    NaNs; NaN when nothing is left."""
    values = [v for v in series if not math.isnan(v)]
    if not values:
        return math.nan
    if stat == "last":
        return values[-1]
    if stat == "first":
        return values[0]
    if stat == "min":
        return min(values)
    if stat == "max":
        return max(values)
    if stat == "mean":
        return sum(values) / len(values)
    raise LessonError(f"unknown stat {stat!r}")
