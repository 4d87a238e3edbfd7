"""What one call of ``loss_and_grads`` returns: the result and the trace the window draws.

Both are frozen dataclasses of arrays. Every array is owned by the call that made it
and never written again by the engine while anything references it (the model recycles
the memory of arrays nobody holds any more), so a view may keep it as long as it likes
while the optimizer updates ``params`` in place.

Two trace fields cost more than an iteration and are computed on first access only:
``contrib`` (one extra backward sweep carrying a stack of per-error adjoints) and
``weight_grad_by_step`` (one batched matmul per weight). The closures behind them hold
private copies of the weights of the call, so reading them later stays correct.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np


@dataclass(frozen=True, eq=False)
class Trace:
    """Everything a view needs about one forward/backward pass.

    Shapes: T steps, B examples, D inputs, H hidden units, O outputs.

    Attributes:
        X: (T, B, D) inputs (in the model dtype).
        mask: (T, B) 0/1 weights of each (t, b) in the loss.
        h0: (B, H) initial hidden state; c0: (B, H) initial cell (LSTM) or None.
        hidden: (T, B, H) h_1 .. h_T (index t holds the state after step t).
        outputs: (T, B, O) outputs O_t (logits for "ce").
        step_losses: (T,) each step's share of the loss; sums to the loss.
        grad_outputs: (T, B, O) dloss/dO_t.
        grad_hidden: (T, B, H) total dloss/dh_t through every later step, within the truncation.
        cell: (T, B, H) LSTM cells c_1 .. c_T, else None.
        grad_cell: (T, B, H) LSTM total dloss/dc_t (includes the path through h_t), else None.
        gates: name -> (T, B, H). LSTM "i", "f", "o", "c_tilde"; GRU "z", "r", "h_tilde";
            vanilla: empty.
        preact: (T, B, H) vanilla pre-activations ``X_t W_xh + H_{t-1} W_hh + b_h``, else None.
        xi: (T,) factor applied to the gradient step t sends back to step t - 1
            (ones: full BPTT; zeros at the cuts of truncation k; {0, 1/p} when randomized).
    """

    X: np.ndarray
    mask: np.ndarray
    h0: np.ndarray
    c0: np.ndarray | None
    hidden: np.ndarray
    outputs: np.ndarray
    step_losses: np.ndarray
    grad_outputs: np.ndarray
    grad_hidden: np.ndarray
    cell: np.ndarray | None
    grad_cell: np.ndarray | None
    gates: dict[str, np.ndarray]
    preact: np.ndarray | None
    xi: np.ndarray
    _contrib_fn: Callable[[], np.ndarray] = field(repr=False)
    _weight_grad_by_step_fn: Callable[[], dict[str, np.ndarray]] = field(repr=False)

    @cached_property
    def contrib(self) -> np.ndarray:
        """(T, T) float64: entry [t, s] = ||d step_losses[t] / d h_s||_F over batch and units.

        Zero for s > t and across truncation cuts; each column sums (as vectors, before
        the norm) to ``grad_hidden[s]``. Computed on first access.
        """
        return self._contrib_fn()

    @cached_property
    def weight_grad_by_step(self) -> dict[str, np.ndarray]:
        """Weight-matrix name -> (T,) Frobenius norm of step t's term in that gradient.

        Covers every ``W_x*``, ``W_h*`` and ``W_hq`` (not the biases). The terms sum, as
        matrices, to ``grads[name]``. Computed on first access.
        """
        return self._weight_grad_by_step_fn()

    @property
    def state0(self) -> tuple[np.ndarray, ...]:
        """The initial state as the tuple ``(h0,)`` or ``(h0, c0)``."""
        return (self.h0,) if self.c0 is None else (self.h0, self.c0)


@dataclass(frozen=True, eq=False)
class LossGrads:
    """Result of ``model.loss_and_grads``.

    Attributes:
        loss: the scalar loss (float).
        grads: name -> gradient, same keys and shapes as ``model.params``.
        finite: True when the loss and every gradient entry are finite.
        trace: the :class:`Trace` of this pass.
    """

    loss: float
    grads: dict[str, np.ndarray]
    finite: bool
    trace: Trace
