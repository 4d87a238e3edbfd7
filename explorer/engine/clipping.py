"""Gradient clipping, in place on a dict of gradient arrays."""

from __future__ import annotations

import math
from collections.abc import Mapping, MutableMapping

import numpy as np


def _positive(value: object, name: str) -> float:
    ok = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
    if not ok or not math.isfinite(float(value)) or float(value) <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return float(value)


def grad_norm(grads: Mapping[str, np.ndarray]) -> float:
    """The global L2 norm over every gradient (inf/NaN when one is not finite)."""
    with np.errstate(all="ignore"):
        return math.sqrt(sum(float(np.vdot(g, g)) for g in grads.values()))


def clip_grad_norm(
    grads: MutableMapping[str, np.ndarray], max_norm: float, norm: float | None = None
) -> float:
    """Rescale all gradients together when their global L2 norm exceeds ``max_norm``.

    Follows ``torch.nn.utils.clip_grad_norm_``: the factor is ``max_norm / (norm + 1e-6)``
    clamped at 1. Returns the global norm before clipping. A non-finite norm leaves the
    gradients untouched (the caller sees it in the return value). ``norm``: the caller's
    ``grad_norm(grads)`` when it has it already (it is not computed twice).
    """
    max_norm = _positive(max_norm, "max_norm")
    total = grad_norm(grads) if norm is None else norm
    with np.errstate(all="ignore"):
        coef = max_norm / (total + 1e-6)
        if math.isfinite(total) and coef < 1.0:
            for g in grads.values():
                g *= coef
    return total


def clip_grad_value(grads: MutableMapping[str, np.ndarray], clip: float) -> int:
    """Clip every entry to ``[-clip, clip]`` in place (min-char-rnn's ``np.clip``).

    Returns the number of entries that were outside the range.
    """
    clip = _positive(clip, "clip")
    count = 0
    for g in grads.values():
        count += int(np.count_nonzero(np.abs(g) > clip))
        np.clip(g, -clip, clip, out=g)
    return count
