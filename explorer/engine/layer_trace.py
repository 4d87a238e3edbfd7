"""Traces of models with more than one recurrent layer or direction.

A :class:`LayerTrace` records one layer in one direction, always indexed by the *original*
time step t (the reverse direction's ``hidden[t]`` is its state after reading x_t, having
read everything after t first). A :class:`StackedTrace` is an ordinary :class:`Trace` of
the top layer as the read-out sees it (both directions side by side, forward first) plus
``layers``: every layer and direction by ``(layer, direction)``, direction "forward" or
"reverse". Views that know only :class:`Trace` keep working on it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from .buffers import BufferPool
from .trace import Trace

DIRECTIONS = ("forward", "reverse")


@dataclass(frozen=True, eq=False)
class LayerTrace:
    """One recurrent layer in one direction during one pass; every array indexed by t.

    Shapes: T steps, B examples, D_l this layer's inputs, H hidden units.

    Attributes:
        layer: 0 for the layer reading the model's input.
        direction: "forward" or "reverse".
        param_names: the model's (prefixed) names of this layer's parameters, e.g. "l1r.W_hh".
        X: (T, B, D_l) the layer's input (the model's X, or the layer below side by side).
        h0, c0: (B, H) initial state (c0 None unless LSTM).
        hidden: (T, B, H) states; cell: (T, B, H) LSTM cells or None.
        gates: name -> (T, B, H), as in :class:`Trace`; preact: vanilla pre-activations or None.
        grad_local: (T, B, H) gradient reaching h_t from outside this layer's recurrence
            (the read-out or the layer above, plus a decoder reading the final state).
        grad_hidden: (T, B, H) total dL/dh_t; grad_cell: (T, B, H) LSTM dL/dc_t or None.
        xi: (T,) truncation factors in the order this direction reads: entry t scales the
            gradient its step t sends back to the state before it (reverse: all ones).
    """

    layer: int
    direction: str
    param_names: tuple[str, ...]
    X: np.ndarray
    h0: np.ndarray
    c0: np.ndarray | None
    hidden: np.ndarray
    cell: np.ndarray | None
    gates: dict[str, np.ndarray]
    preact: np.ndarray | None
    grad_local: np.ndarray
    grad_hidden: np.ndarray
    grad_cell: np.ndarray | None
    xi: np.ndarray
    _contrib_fn: Callable[[], np.ndarray] = field(repr=False)
    _weight_grad_by_step_fn: Callable[[], dict[str, np.ndarray]] = field(repr=False)
    _grad_input_fn: Callable[[], np.ndarray] = field(repr=False)

    @cached_property
    def grad_input(self) -> np.ndarray:
        """(T, B, D_l) dL/dX, what this layer sends to the layer below.

        Computed on first read for the bottom layer, whose input is data.
        """
        return self._grad_input_fn()

    @cached_property
    def contrib(self) -> np.ndarray:
        """(T, T): entry [t, s] = norm of the part of dL/dh_s that entered this layer at step t.

        As ``Trace.contrib``, with rows the steps where gradient enters the layer from
        outside (``grad_local``; for the top layer, each step's loss). Forward: zero for
        s > t; reverse: zero for s < t. Computed on first access.
        """
        return self._contrib_fn()

    @cached_property
    def weight_grad_by_step(self) -> dict[str, np.ndarray]:
        """Prefixed weight name -> (T,) norm of step t's term of its gradient."""
        return self._weight_grad_by_step_fn()


@dataclass(frozen=True, eq=False)
class StackedTrace(Trace):
    """A :class:`Trace` of the top layer (directions side by side) plus every layer.

    ``hidden``, ``grad_hidden``, ``cell``, ``gates`` … are the top layer's, forward
    direction in the first H columns, reverse in the next H; ``contrib`` combines both
    directions (the norm over the concatenated state). ``layers[(l, direction)]`` is a
    :class:`LayerTrace`; ``weight_grad_by_step`` covers every layer's prefixed weights.
    """

    layers: dict[tuple[int, str], LayerTrace] = field(default_factory=dict)


class LazyConcat(Mapping):
    """name -> the directions' arrays side by side, concatenated on first read of a name.

    The top layer's gates of an LSTM live feature-major; copying them every iteration would
    cost more than a tenth of the iteration, for a view that may never look.
    """

    def __init__(self, parts: list[Mapping[str, np.ndarray]]) -> None:
        self._parts = parts
        self._done: dict[str, np.ndarray] = {}

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self._done:
            self._done[name] = stack_directions([p[name] for p in self._parts])
        return self._done[name]

    def __iter__(self):
        return iter(self._parts[0])

    def __len__(self) -> int:
        return len(self._parts[0])


def stack_directions(
    parts: list[np.ndarray | None], pool: BufferPool | None = None
) -> np.ndarray | None:
    """Directions side by side along the last axis; None when the cell has no such array.

    With ``pool``, the result is a pooled array: fresh memory of this size costs page
    faults on every iteration, more than the copy itself.
    """
    if any(p is None for p in parts):
        return None
    if len(parts) == 1:
        return parts[0]
    shape = (*parts[0].shape[:-1], sum(p.shape[-1] for p in parts))
    out = np.empty(shape, parts[0].dtype) if pool is None else pool.empty(shape, parts[0].dtype)
    start = 0
    for p in parts:
        np.copyto(out[..., start : start + p.shape[-1]], p)
        start += p.shape[-1]
    return out


def reverse_contrib_closure(
    dH_local: np.ndarray, make_stack_step: Callable, has_cell: bool, index: np.ndarray | None
) -> Callable[[], np.ndarray]:
    """``contrib`` of a reverse direction, mapped to original time.

    ``dH_local`` is in the order the direction reads; ``index`` (T, B) maps a reading step
    to the original step per example (None: plain reversal). The sweep is the one of
    ``recurrent._contrib_closure`` without truncation, keeping per-example norms so that
    examples of different lengths land on their own steps.
    """

    def compute() -> np.ndarray:
        T, B, _ = dH_local.shape
        Cb = np.zeros((T, T, B))
        Lh = np.empty_like(dH_local)
        Lc = np.zeros_like(dH_local) if has_cell else None
        rows = np.empty(T, dtype=np.intp)
        lo = hi = T
        with np.errstate(all="ignore"):
            stack_step = make_stack_step()
            for s in range(T - 1, -1, -1):
                if dH_local[s].any():
                    lo -= 1
                    Lh[lo] = dH_local[s]
                    rows[lo] = s
                    if has_cell:
                        Lc[lo] = 0.0
                if lo == hi:
                    continue
                Cb[rows[lo:hi], s] = np.einsum("nbh,nbh->nb", Lh[lo:hi], Lh[lo:hi])
                if s > 0:
                    stack_step(s, Lh[lo:hi], Lc[lo:hi] if has_cell else None)
        if index is None:
            C = Cb.sum(axis=2)[::-1, ::-1]
        else:
            C = np.zeros((T, T))
            for b in range(B):
                ib = index[:, b]
                C[np.ix_(ib, ib)] += Cb[:, :, b]
        return np.sqrt(C)

    return compute
