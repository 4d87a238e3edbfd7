"""One recurrent layer over a whole sequence, as a building block of larger models.

The cell classes (``rnn.py``, ``lstm.py``, ``gru.py``) run their fused kernels for a model
whose only neighbour is its read-out. A stacked, bidirectional or encoder–decoder model also
needs what a layer sends *back*: the gradient with respect to its inputs (dX, for the layer
below) and to its initial state (for an encoder whose final state started a decoder). This
module adds exactly that, beside the kernels and without touching them:

* :func:`layer_forward` runs a cell's fused forward loop and returns its cache;
* :func:`layer_backward` takes ∂L/∂h_t arriving from above (and optionally ∂L/∂c_t for the
  LSTM) and returns the cell's parameter gradients, dX and d(initial state).

A cell object here is one of the existing model classes used as a *core*: its ``W_hq`` and
``b_q`` are never read. Every array is time-major, (T, B, ·).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .gru import GRU
from .lstm import LSTM
from .recurrent import RecurrentModel
from .rnn import VanillaRNN

# Parameters of a core that belong to the read-out, which a layer inside a larger model lacks.
HEAD_NAMES = ("W_hq", "b_q")


@dataclass
class LayerPass:
    """The forward cache of one layer over one sequence.

    Attributes:
        X: (T, B, D) the layer's input in the order it read it.
        state0: initial state ``(h0,)`` or ``(h0, c0)``, each (B, H).
        packed: the cell's packed weights of this pass (private copies where it matters).
        fwd: the cell kernel's forward cache; ``fwd["hall"]`` is (T + 1, B, H).
    """

    X: np.ndarray
    state0: tuple[np.ndarray, ...]
    packed: dict[str, np.ndarray]
    fwd: dict[str, Any]

    @property
    def hidden(self) -> np.ndarray:
        """(T, B, H) h_1 .. h_T."""
        return self.fwd["hall"][1:]

    @property
    def cell(self) -> np.ndarray | None:
        """(T, B, H) LSTM cells c_1 .. c_T, else None."""
        return self.fwd["call"][1:] if "call" in self.fwd else None


@dataclass
class LayerGrads:
    """What :func:`layer_backward` returns.

    Attributes:
        bwd: the kernel's backward cache (``grad_hidden``, ``grad_cell`` and the gate
            pre-activation gradients) for the trace.
        grads: the cell's parameter gradients by unprefixed name (no ``W_hq``/``b_q``).
        dX: (T, B, D) ∂L/∂X, or None when not asked for.
        dstate0: ``(dh0,)`` or ``(dh0, dc0)``: ∂L/∂(initial state), not scaled by ``xi[0]``.
    """

    bwd: dict[str, Any]
    grads: dict[str, np.ndarray]
    dX: np.ndarray | None
    dstate0: tuple[np.ndarray, ...]


def layer_forward(core: RecurrentModel, X: np.ndarray, state0: tuple[np.ndarray, ...]) -> LayerPass:
    """Run ``core``'s fused forward loop over X (T, B, D) from ``state0``."""
    packed = core._pack()
    return LayerPass(X=X, state0=state0, packed=packed, fwd=core._forward_seq(X, state0, packed))


def layer_backward(
    core: RecurrentModel,
    lp: LayerPass,
    dH_local: np.ndarray,
    xi: np.ndarray,
    dC_local: np.ndarray | None = None,
    need_dX: bool = True,
) -> LayerGrads:
    """Backpropagate through one layer.

    Args:
        core: the cell that ran ``lp``.
        lp: the forward cache from :func:`layer_forward`.
        dH_local: (T, B, H) gradient reaching each h_t from outside the recurrence (the
            read-out, the layer above, a decoder reading the final state).
        xi: (T,) truncation factors (see ``truncation.py``).
        dC_local: (T, B, H) gradient reaching each LSTM cell c_t from outside, or None.
            Only an encoder whose final cell starts a decoder needs it.
        need_dX: False skips dX (then None): the bottom layer of a model has no one to send it to.
    Returns:
        :class:`LayerGrads`.
    """
    if dC_local is not None and isinstance(core, LSTM):
        bwd = _lstm_backward_with_cells(core, lp, dH_local, dC_local, xi)
    else:
        bwd = core._backward_seq(dH_local, lp.fwd, lp.packed, xi)
    grads = core._param_grads(lp.X, lp.fwd, bwd)
    dX, dstate0 = input_grads(core, lp, bwd, need_dX)
    return LayerGrads(bwd=bwd, grads=grads, dX=dX, dstate0=dstate0)


def input_grads(
    core: RecurrentModel, lp: LayerPass, bwd: dict[str, Any], need_dX: bool = True
) -> tuple[np.ndarray | None, tuple[np.ndarray, ...]]:
    """dX (T, B, D) (None unless ``need_dX``) and d(initial state) from a backward cache."""
    if isinstance(core, LSTM):
        return _lstm_input_grads(core, lp, bwd, need_dX)
    if isinstance(core, GRU):
        return _gru_input_grads(core, lp, bwd, need_dX)
    if isinstance(core, VanillaRNN):
        return _rnn_input_grads(core, lp, bwd, need_dX)
    raise TypeError(f"no layer gradient for cell {type(core).__name__}")


def _rnn_input_grads(core: VanillaRNN, lp: LayerPass, bwd, need_dX) -> tuple:
    T, B, D = lp.X.shape
    H = core.hidden_size
    dA = bwd["dA"]
    dX = None
    if need_dX:
        dX = core._pool.empty((T, B, D), core.dtype)
        np.dot(dA.reshape(T * B, H), core.params["W_xh"].T, out=dX.reshape(T * B, D))
    return dX, (dA[0] @ lp.packed["W_hh"].T,)


def _gru_input_grads(core: GRU, lp: LayerPass, bwd, need_dX) -> tuple:
    T, B, D = lp.X.shape
    H = core.hidden_size
    p = core.params
    dA = bwd["dA"]
    dX = None
    if need_dX:
        W_x = np.concatenate([p["W_xz"], p["W_xr"], p["W_xh"]], axis=1)
        dX = core._pool.empty((T, B, D), core.dtype)
        np.dot(dA.reshape(T * B, 3 * H), W_x.T, out=dX.reshape(T * B, D))
    # Step 0's share of dh_prev, as the GRU's reverse loop computes it for t > 0.
    g4 = lp.fwd["gates"].reshape(T, B, 3, H)
    drh = dA[0, :, 2 * H :] @ lp.packed["W_hh"].T
    dh0 = dA[0, :, : 2 * H] @ lp.packed["W_zr"].T
    dh0 += bwd["grad_hidden"][0] * g4[0, :, 0]
    dh0 += drh * g4[0, :, 1]
    return dX, (dh0,)


def _lstm_gate_matrix(core: LSTM, prefix: str) -> np.ndarray:
    """The per-gate matrices ``{prefix}{g}`` side by side in the kernels' gate order."""
    return np.concatenate([core.params[f"{prefix}{g}"] for g in core._gates], axis=1)


def _lstm_input_grads(core: LSTM, lp: LayerPass, bwd, need_dX) -> tuple:
    T, B, D = lp.X.shape
    H = core.hidden_size
    dA = bwd["dA_fm"]  # (G*H, T, B), feature-major
    GH = dA.shape[0]
    dX = None
    if need_dX:
        W_xT = _lstm_gate_matrix(core, "W_x").T
        dX = core._pool.empty((T, B, D), core.dtype)
        np.dot(dA.reshape(GH, T * B).T, W_xT, out=dX.reshape(T * B, D))
    dh0 = (lp.packed["W_h"] @ dA[:, 0, :]).T
    G = GH // H
    f0 = lp.fwd["gT"][0].reshape(G, H, B)[2].T if core.forget_gate else 1.0
    dc0 = bwd["grad_cell"][0] * f0
    return dX, (np.ascontiguousarray(dh0), dc0)


def _lstm_backward_with_cells(
    core: LSTM, lp: LayerPass, dH_local: np.ndarray, dC_local: np.ndarray, xi: np.ndarray
) -> dict[str, Any]:
    """The LSTM's reverse loop with gradient entering the cells from outside as well.

    A plain (B, ·)-layout loop over the factors of ``LSTM._backward_prep``: only encoders
    whose final cell starts a decoder take this path, so it is written for clarity.
    Returns the same fields as the fused loop (``dA_fm`` feature-major).
    """
    T, B, H = dH_local.shape
    K, P = core._backward_prep(core._std_layout(lp.fwd))
    GH = P.shape[2]
    G = GH // H
    f = core._forget_steps(
        np.ascontiguousarray(lp.fwd["gT"].transpose(0, 2, 1)).reshape(T, B, G, H), 2
    )
    W_hT = lp.packed["W_h"].T
    dA = np.empty((T, B, GH), dtype=core.dtype)
    grad_hidden = np.empty_like(dH_local)
    grad_cell = np.empty_like(dH_local)
    carry_h = np.zeros((B, H), dtype=core.dtype)
    carry_c = np.zeros((B, H), dtype=core.dtype)
    for t in range(T - 1, -1, -1):
        dh = np.add(dH_local[t], carry_h, out=grad_hidden[t])
        dc = np.multiply(dh, K[t], out=grad_cell[t])
        dc += carry_c
        dc += dC_local[t]
        dA[t, :, :H] = dh * P[t, :, :H]
        dA[t, :, H:] = (dc[:, None, :] * P[t, :, H:].reshape(B, G - 1, H)).reshape(B, -1)
        if t == 0:
            break
        carry_h = (dA[t] @ W_hT) * xi[t]
        carry_c = dc * f[t] * xi[t]
    dA_fm = np.ascontiguousarray(dA.transpose(2, 0, 1))
    return {"dA_fm": dA_fm, "grad_hidden": grad_hidden, "grad_cell": grad_cell}


def core_param_names(core: RecurrentModel) -> tuple[str, ...]:
    """The names of ``core``'s own parameters (every one but the read-out), in order."""
    return tuple(n for n in core.params if n not in HEAD_NAMES)
