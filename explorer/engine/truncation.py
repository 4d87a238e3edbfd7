"""Truncation of backpropagation through time: one small value type, and its factors per step.

``Truncation(kind, k, p)`` is the one description of a truncation scheme, from the settings
panel through the session's config and its files to the engine. ``kind`` is ``"full"``,
``"truncated"`` (cut every ``k`` steps) or ``"random"`` (randomized truncation with
keep-going probability ``p``); ``k`` and ``p`` are kept whatever the kind, so switching the
kind back and forth in the panel keeps them.

Every scheme is reduced to a vector ``xi`` of shape ``(T,)``: the gradient that step ``t``
sends back to the state ``h_{t-1}`` (for the LSTM, to ``h_{t-1}`` and ``c_{t-1}``) is
multiplied by ``xi[t]``. Full BPTT is all ones; truncation every ``k`` steps puts zeros at
``t = k, 2k, ...``; randomized truncation (Tallec & Ollivier 2017, d2l section 9.7) draws
``xi[t]`` from ``{0, 1/p}`` with ``P(1/p) = p``, whose mean is 1, so the product of factors
along any path is unbiased.

The forward pass never changes: ``xi`` only acts on the backward pass. Its
differentiable twin, used by :func:`explorer.engine.gradcheck`, feeds step ``t`` the
state ``a + xi[t] * (h_{t-1} - a)`` where ``a`` is a frozen copy of ``h_{t-1}``: the value
is ``h_{t-1}`` but the derivative is scaled by ``xi[t]``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

TRUNCATION_KINDS = ("full", "truncated", "random")


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


@dataclass(frozen=True)
class Truncation:
    """How far gradients flow back in time: ``kind``, the cut interval ``k`` (steps, >= 1)
    and the keep-going probability ``p`` in (0, 1]. Invalid values raise ``ValueError``
    naming the part."""

    kind: str = "full"
    k: int = 10
    p: float = 0.5

    def __post_init__(self) -> None:
        if self.kind not in TRUNCATION_KINDS:
            raise ValueError(
                f"truncation: expected one of {', '.join(TRUNCATION_KINDS)}, got {self.kind!r}"
            )
        k, p = self.k, self.p
        if not _is_number(k) or not float(k).is_integer() or k < 1:
            raise ValueError(f"truncation k: expected an integer >= 1, got {k!r}")
        if not _is_number(p) or not math.isfinite(float(p)) or not 0.0 < float(p) <= 1.0:
            raise ValueError(f"truncation p: expected a number in (0, 1], got {p!r}")
        # frozen: normalise NumPy scalars and integral floats once, here
        object.__setattr__(self, "k", int(k))
        object.__setattr__(self, "p", float(p))

    @property
    def cuts(self) -> bool:
        """Whether any gradient may be cut (every kind but full BPTT)."""
        return self.kind != "full"

    def xi(self, T: int, rng: np.random.Generator) -> np.ndarray:
        """The per-step gradient factors ``xi`` of shape ``(T,)`` (float64).

        Only the randomized kind draws from ``rng`` (exactly ``T`` uniforms per call).
        """
        xi = np.ones(T)
        if self.kind == "truncated":
            xi[self.k :: self.k] = 0.0
        elif self.kind == "random":
            xi = np.where(rng.random(T) < self.p, 1.0 / self.p, 0.0)
        return xi

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form: ``{"kind": ..., "k": ..., "p": ...}``."""
        return {"kind": self.kind, "k": self.k, "p": self.p}

    @classmethod
    def from_dict(cls, data: object) -> Truncation:
        """Read ``to_dict``'s form; missing parts take their defaults. ``ValueError`` names
        an unknown part or a bad value."""
        if not isinstance(data, dict):
            raise ValueError(f"truncation: expected an object with kind, k and p, got {data!r}")
        unknown = sorted(str(key) for key in set(data) - {"kind", "k", "p"})
        if unknown:
            raise ValueError(f"truncation: unknown part(s) {', '.join(unknown)}")
        return cls(**data)


def as_truncation(value: object) -> Truncation:
    """``value`` as a ``Truncation``: a ``Truncation`` itself, or the short spellings that
    scripts and tests pass to ``loss_and_grads``: ``None`` (full BPTT), an int ``k`` (cut
    every ``k`` steps) or ``("random", p)``."""
    if isinstance(value, Truncation):
        return value
    if value is None:
        return Truncation()
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return Truncation("truncated", k=int(value)) if value >= 1 else _bad(value)
    if isinstance(value, (tuple, list)) and len(value) == 2 and value[0] == "random":
        if not _is_number(value[1]):
            _bad(value)
        return Truncation("random", p=value[1])
    return _bad(value)


def _bad(value: object) -> Truncation:
    raise ValueError(
        "truncation must be a Truncation, None (full BPTT), an int k >= 1 or ('random', p) "
        f"with p in (0, 1], got {value!r}"
    )
