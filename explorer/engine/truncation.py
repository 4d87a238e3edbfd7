"""Truncation of backpropagation through time, expressed as one factor per step.

Every truncation scheme is reduced to a vector ``xi`` of shape ``(T,)``: the gradient
that step ``t`` sends back to the state ``h_{t-1}`` (for the LSTM, to ``h_{t-1}`` and
``c_{t-1}``) is multiplied by ``xi[t]``. Full BPTT is all ones; truncation every ``k``
steps puts zeros at ``t = k, 2k, ...``; randomized truncation (Tallec & Ollivier 2017,
d2l section 9.7) draws ``xi[t]`` from ``{0, 1/p}`` with ``P(1/p) = p``, whose mean is 1,
so the product of factors along any path is unbiased.

The forward pass never changes: ``xi`` only acts on the backward pass. Its
differentiable twin, used by :func:`explorer.engine.gradcheck`, feeds step ``t`` the
state ``a + xi[t] * (h_{t-1} - a)`` where ``a`` is a frozen copy of ``h_{t-1}``: the value
is ``h_{t-1}`` but the derivative is scaled by ``xi[t]``.
"""

from __future__ import annotations

import math

import numpy as np

Truncation = None | int | tuple[str, float]


def parse_truncation(truncation: object) -> tuple[str, float]:
    """Normalise ``truncation`` to ``("full", 0)``, ``("k", k)`` or ``("random", p)``."""
    if truncation is None:
        return ("full", 0.0)
    if isinstance(truncation, (int, np.integer)) and not isinstance(truncation, bool):
        if truncation < 1:
            raise ValueError(f"truncation k must be an integer >= 1, got {truncation!r}")
        return ("k", float(truncation))
    if isinstance(truncation, (tuple, list)) and len(truncation) == 2 and truncation[0] == "random":
        p = truncation[1]
        ok = isinstance(p, (int, float, np.integer, np.floating)) and not isinstance(p, bool)
        if not ok or not math.isfinite(float(p)) or not 0.0 < float(p) <= 1.0:
            raise ValueError(f"truncation ('random', p) needs p in (0, 1], got p={p!r}")
        return ("random", float(p))
    raise ValueError(
        "truncation must be None (full BPTT), an int k >= 1 or ('random', p) with p in (0, 1], "
        f"got {truncation!r}"
    )


def draw_xi(spec: tuple[str, float], T: int, rng: np.random.Generator) -> np.ndarray:
    """The per-step gradient factors ``xi`` of shape ``(T,)`` (float64).

    Only the randomized scheme draws from ``rng`` (exactly ``T`` uniforms per call).
    """
    kind, value = spec
    xi = np.ones(T)
    if kind == "k":
        xi[int(value) :: int(value)] = 0.0
    elif kind == "random":
        p = value
        xi = np.where(rng.random(T) < p, 1.0 / p, 0.0)
    return xi
