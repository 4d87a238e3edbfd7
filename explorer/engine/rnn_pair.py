"""Both directions of a bidirectional vanilla RNN layer in one time loop.

The vanilla step is three NumPy calls on (B, H) blocks (recurrent product, sum, tanh), each
mostly call overhead at B = 16, H = 32. As in ``lstm_pair.py``, the forward direction
(reading x_s) and the reverse one (reading x_{T-1-s}) share each call: the two directions
sit one above the other along the batch axis, rows [0, B) forward and [B, 2B) reverse,
and the recurrent product is one ``np.matmul`` over the two weight sets. The arithmetic
per element is exactly that of :meth:`VanillaRNN._forward_seq` and
:meth:`VanillaRNN._backward_seq`.

Each direction's caches are its row half of these arrays, in the layout of the
one-direction kernels, so the cores' own parameter gradients, input gradients, traces and
``contrib`` read them unchanged. Used only without ``lengths``; the backward loop only for
full BPTT (the reverse direction is never truncated, so a truncated pass runs its backward
direction by direction on these caches).
"""

from __future__ import annotations

import numpy as np

from .buffers import BufferPool
from .paired_rows import (
    direction_caches,
    halves,
    input_projections,
    reading_orders,
    side_by_side,
    transposed_weights,
)
from .rnn import VanillaRNN
from .sequence import LayerPass


def paired_forward(
    cores: tuple[VanillaRNN, VanillaRNN],
    X: np.ndarray,
    states0: tuple[tuple[np.ndarray], tuple[np.ndarray]],
    pool: BufferPool,
) -> tuple[LayerPass, LayerPass]:
    """Run the forward direction over X (T, B, D) and the reverse one over X[::-1] together.

    ``states0``: each direction's ``(h0,)``, (B, H). Returns one :class:`LayerPass` per
    direction in its own reading order (the reverse one's X is a contiguous copy of
    X[::-1], as the one-direction path makes).
    """
    core = cores[0]
    T, B, _ = X.shape
    H = core.hidden_size
    dt = core.dtype
    empty = pool.empty
    packed = tuple(c._pack() for c in cores)
    inputs = reading_orders(X, dt, pool)
    # As in the one-direction kernel: (x W_xh) + b_h.
    A = input_projections(
        inputs, [c.params["W_xh"] for c in cores], [c.params["b_h"] for c in cores], pool
    )
    A4 = halves(A)
    hall = empty((T + 1, 2 * B, H), dt)
    hall4 = hall.reshape(T + 1, 2, B, H)
    for d in range(2):
        hall4[0, d] = states0[d][0]
    W_hh = np.stack([p["W_hh"] for p in packed])  # (2, H, H)
    tmp = np.empty((2 * B, H), dtype=dt)
    tmp2 = tmp.reshape(2, B, H)
    relu = core.activation == "relu"
    matmul, add = np.matmul, np.add
    for t in range(T):
        matmul(hall4[t], W_hh, tmp2)
        a = A[t]
        add(a, tmp, a)
        if relu:
            np.maximum(a, 0.0, out=hall[t + 1])
        else:
            np.tanh(a, out=hall[t + 1])
    passes = []
    for d in range(2):
        fwd = {"hall": hall4[:, d], "preact": A4[:, d], "pair": {"hall": hall, "preact": A}}
        passes.append(LayerPass(X=inputs[d], state0=states0[d], packed=packed[d], fwd=fwd))
    return passes[0], passes[1]


def paired_backward(
    cores: tuple[VanillaRNN, VanillaRNN],
    passes: tuple[LayerPass, LayerPass],
    dH_local: tuple[np.ndarray, np.ndarray],
    pool: BufferPool,
) -> tuple[dict, dict]:
    """Full BPTT through both directions of a :func:`paired_forward` pass at once.

    ``dH_local``: each direction's (T, B, H) gradient from outside its recurrence, in its
    own reading order. Returns each direction's backward cache as
    :meth:`VanillaRNN._backward_seq` returns it with ``xi`` all ones (and, like it, puts
    ``dphi`` into each pass's cache for ``contrib``).
    """
    core = cores[0]
    pair = passes[0].fwd["pair"]
    hall, A = pair["hall"], pair["preact"]
    T, B2, H = A.shape
    B = B2 // 2
    dt = core.dtype
    empty = pool.empty
    dphi = empty((T, B2, H), dt)
    if core.activation == "relu":
        np.greater(A, 0, out=dphi)
    else:
        hidden = hall[1:]
        np.multiply(hidden, hidden, out=dphi)
        np.subtract(1.0, dphi, out=dphi)
    dHl = side_by_side(dH_local, dt, pool)
    dA = empty((T, B2, H), dt)
    dA4 = dA.reshape(T, 2, B, H)
    grad_hidden = empty((T, B2, H), dt)
    W_hhT = transposed_weights(passes, "W_hh")
    carry = np.zeros((B2, H), dtype=dt)
    carry2 = carry.reshape(2, B, H)
    matmul, add, mul = np.matmul, np.add, np.multiply
    for t in range(T - 1, -1, -1):
        dh = grad_hidden[t]
        add(dHl[t], carry, dh)
        mul(dh, dphi[t], dA[t])
        if t == 0:
            break
        matmul(dA4[t], W_hhT, carry2)
    dphi2 = halves(dphi)
    for d, lp in enumerate(passes):
        lp.fwd["dphi"] = dphi2[:, d]
    return direction_caches(dA, grad_hidden, pool)
