"""The state carried from one batch to the next under sequential sampling (d2l).

With the char-LM's ``sampling="sequential"``, row b of batch n + 1 continues row b of
batch n, so each model starts batch n + 1 from the state batch n ended in: the state
crosses the batch boundary, the gradient does not (the carried arrays are plain copies,
outside any trace). That is regular truncation of BPTT as d2l shows it. At the start of an
epoch (``stream.last_continues`` false) the state is reset to zeros.

A carried state is kept flat, as a tuple of ``(B, H)`` arrays: per recurrent layer and
direction in the order of the model's ``h0`` (layer by layer, forward first), ``h`` and
then (LSTM) ``c``. A flat tuple is what keyframes and session files store.

Bidirectional models: only forward directions carry their state. The reverse direction of
batch n ended at x_0 of batch n, having read it backwards; the reverse direction of batch
n + 1 starts at the *end* of batch n + 1, which does not continue anything it read, so it
starts from zeros.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from explorer.tasks.base import Batch
from explorer.tasks.sampling import SequentialStream

CarriedState = tuple[np.ndarray, ...]
# The seed stream of the batches, independent of the weight initialisation drawn from the
# same seed: ``default_rng([seed, DATA_STREAM])``.
DATA_STREAM = 7


def state_layout(model: Any) -> list[tuple[int, str]]:
    """``(layer, direction)`` of each entry of ``h0``: one for a one-layer model."""
    keys = getattr(model, "layer_keys", None)
    return keys() if keys is not None else [(0, "forward")]


def carried_size(model: Any) -> int:
    """How many ``(B, H)`` arrays a carried state of ``model`` holds."""
    return len(state_layout(model)) * int(model.n_state)


def final_state(model: Any, trace: Any) -> CarriedState:
    """The flat state ``model``'s pass of ``trace`` ended in, detached (fresh copies), with
    reverse directions set to zeros (see the module docstring)."""
    if hasattr(model, "final_state"):
        finals = model.final_state(trace)
    else:
        h = trace.hidden[-1]
        finals = [h if trace.cell is None else (h, trace.cell[-1])]
    out: list[np.ndarray] = []
    for (_, direction), state in zip(state_layout(model), finals, strict=True):
        parts = state if isinstance(state, tuple) else (state,)
        for part in parts:
            array = np.array(part, dtype=np.float64)
            if direction == "reverse":
                array[...] = 0.0
            out.append(array)
    return tuple(out)


def as_h0(model: Any, carried: CarriedState) -> Any:
    """The ``h0`` argument of ``model.loss_and_grads`` that starts from ``carried``."""
    n = int(model.n_state)
    states = [
        carried[i] if n == 1 else tuple(carried[i : i + n]) for i in range(0, len(carried), n)
    ]
    return states if hasattr(model, "layer_keys") else states[0]


def stream_of(task: Any) -> SequentialStream | None:
    """The task's sequential stream when it carries the state across batches, else None."""
    return task.stream if getattr(task, "carries_state", False) else None


def draw_batch(
    task: Any, batch_size: int, rng: np.random.Generator, stream: SequentialStream | None
) -> tuple[Batch, bool]:
    """The next batch and whether it continues the previous one (the state may be carried).

    ``stream`` None draws ``task.batch``; otherwise the next batch of ``stream`` (the live
    run passes ``task.stream``, a replay its own copy).
    """
    if stream is None:
        return task.batch(batch_size, rng), False
    batch = task.batch_from(stream, batch_size, rng)
    return batch, bool(stream.last_continues)
