"""The previous target as an input, for output recurrence trained with teacher forcing.

A network with output recurrence (the notes' second design pattern) computes
``h_t = φ(x_t W_xh + o_{t−1} W_oh + b_h)``. Trained with teacher forcing, it is fed the true
previous target ``y_{t−1}`` in place of its own output ``o_{t−1}``; at test time (free
running) it is fed its own prediction. ``shifted_targets`` builds the teacher-forced input
from a task's ``Y``, for any task: the one-hot of the previous class for ``"ce"`` tasks, the
previous value for ``"mse"`` tasks.

At a step whose previous step has no target (the first step, or after a step the mask leaves
out) there is nothing true to feed, and the row is zeros, the same "no output yet" that
``o_0 = 0`` gives a free-running model. Tasks with a target at every step (char-LM, marker
ahead, the synchronous and one-to-many patterns; sine after its warm-up steps) therefore get
a true ``y_{t−1}`` at every step after the first; many-to-one tasks get none, which is why
output recurrence does not apply to them.

Without a mask this is exactly the signal the engine's output-recurrent network feeds itself
under teacher forcing (from ``o0 = 0``); with a mask it also blanks the steps that follow an
unscored one, where the engine would feed whatever ``Y`` holds there.
"""

from __future__ import annotations

import numpy as np


def shifted_targets(
    Y: np.ndarray, output_size: int | None = None, mask: np.ndarray | None = None
) -> np.ndarray:
    """``(T, B, O)`` float64: row ``t`` holds target ``t − 1``, zeros where there is none.

    ``Y`` is ``(T, B)`` int class indices (then ``output_size`` ``O`` is required and the rows
    are one-hot) or ``(T, B, O)`` float targets. ``mask`` ``(T, B)``: the previous step must
    be masked in for its target to be fed; ``None`` means every step has a target.
    """
    Y = np.asarray(Y)
    if Y.ndim == 2:
        if output_size is None or output_size < 1:
            raise ValueError("shifted_targets: 'output_size' is needed for class targets")
        if Y.size and (Y.min() < 0 or Y.max() >= output_size):
            raise ValueError(
                f"shifted_targets: class targets must lie in [0, {output_size - 1}] "
                f"('output_size' is {output_size})"
            )
        values = np.eye(output_size)[Y.astype(np.int64)]
    elif Y.ndim == 3:
        values = Y.astype(np.float64)
    else:
        raise ValueError(f"shifted_targets: 'Y' must be (T, B) or (T, B, O), got shape {Y.shape}")
    shifted = np.zeros_like(values)
    shifted[1:] = values[:-1]
    if mask is not None:
        mask = np.asarray(mask, dtype=np.float64)
        if mask.shape != Y.shape[:2]:
            raise ValueError(
                f"shifted_targets: 'mask' must have shape {Y.shape[:2]}, got {mask.shape}"
            )
        fed = np.zeros(mask.shape)
        fed[1:] = mask[:-1]
        shifted *= fed[..., None]
    return shifted


def task_shifted_targets(task, Y: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """``shifted_targets`` for a batch of ``task`` (any ``explorer.tasks.base.Task``)."""
    size = task.output_size if task.loss == "ce" else None
    return shifted_targets(Y, size, mask)
