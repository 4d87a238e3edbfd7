"""The gradient check behind "Verify gradients": the engine against finite differences."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np

from explorer.engine import gradcheck
from explorer.session.carry import DATA_STREAM, draw_batch, stream_of
from explorer.session.config import SessionConfig

# Central differences at 1e-5 keep round-off near 1e-7 in float64; at 1e-6 it nears 1e-6.
GRADCHECK_EPS = 1e-5


def check_gradients(
    model: Any, task: Any, config: SessionConfig, completed: int, max_checks: int = 20
) -> float:
    """Largest relative error of ``model``'s gradient against finite differences, on a
    batch of ``task`` drawn for a run of ``config`` after ``completed`` iterations.

    Runs on a small batch of the task (float64), with the run's truncation, so the
    button answers in well under a second. It draws nothing the run will draw: under
    sequential sampling it reads a copy of the batch stream, which stays where it is.
    """
    model = model.copy()
    rng = np.random.default_rng([config.seed, DATA_STREAM, completed])
    stream = stream_of(task)
    peek = None if stream is None else copy.copy(stream)
    (X, Y, mask), _ = draw_batch(task, min(4, config.batch_size), rng, peek)
    if hasattr(model, "gradcheck"):  # an encoder–decoder checks itself
        return float(model.gradcheck(X, Y, mask, max(2, max_checks // 4), GRADCHECK_EPS))
    return float(
        gradcheck(
            model,
            X,
            Y,
            loss=task.loss,
            mask=mask,
            truncation=config.truncation,
            max_checks=checks_per_parameter(model, max_checks),
            eps=GRADCHECK_EPS,
        )
    )


def checks_per_parameter(model: Any, max_checks: int) -> int:
    """Entries checked per parameter: ``max_checks`` for one layer, fewer (at least 2) for a
    model of k layer-directions, which has k times the parameters, each evaluation costing
    k times as much; so "Verify gradients" takes about as long whatever the depth."""
    cores = getattr(model, "num_layers", 1) * getattr(model, "directions", 1)
    return max(2, max_checks // cores**2)
