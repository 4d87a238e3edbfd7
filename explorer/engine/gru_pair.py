"""Both directions of a bidirectional GRU layer in one time loop.

As in ``rnn_pair.py``: the forward direction (reading x_s) and the reverse one (reading
x_{T-1-s}) sit one above the other along the batch axis, rows [0, B) forward and [B, 2B)
reverse, so every element-wise call of :meth:`GRU._forward_seq` and
:meth:`GRU._backward_seq` serves both, and each recurrent product is one ``np.matmul`` over
the two weight sets. The arithmetic per element is exactly that of the one-direction
kernels, whose per-step factors (:meth:`GRU._backward_prep`) are reused as they are.

Each direction's caches are its row half of these arrays, in the layout of the
one-direction kernels. Used only without ``lengths``; the backward loop only for full BPTT
(the reverse direction is never truncated, so a truncated pass runs its backward direction
by direction on these caches).
"""

from __future__ import annotations

import numpy as np

from .buffers import BufferPool
from .gru import GRU
from .paired_rows import (
    direction_caches,
    halves,
    input_projections,
    reading_orders,
    side_by_side,
    transposed_weights,
)
from .sequence import LayerPass


def paired_forward(
    cores: tuple[GRU, GRU],
    X: np.ndarray,
    states0: tuple[tuple[np.ndarray], tuple[np.ndarray]],
    pool: BufferPool,
) -> tuple[LayerPass, LayerPass]:
    """Run the forward direction over X (T, B, D) and the reverse one over X[::-1] together.

    ``states0``: each direction's ``(h0,)``, (B, H). Returns one :class:`LayerPass` per
    direction in its own reading order (the reverse one's X a contiguous copy of X[::-1]).
    """
    core = cores[0]
    T, B, _ = X.shape
    H = core.hidden_size
    dt = core.dtype
    empty = pool.empty
    packed = tuple(c._pack() for c in cores)
    inputs = reading_orders(X, dt, pool)
    # Input projections as in GRU._forward_seq, (x W_x) + b.
    A = input_projections(
        inputs, [p["W_x_half"] for p in packed], [p["b_half"] for p in packed], pool
    )
    gates = empty((T, 2 * B, 3 * H), dt)
    hall = empty((T + 1, 2 * B, H), dt)
    rh_all = empty((T, 2 * B, H), dt)
    for d in range(2):
        hall[0, d * B : (d + 1) * B] = states0[d][0]
    W_zr = np.stack([p["W_zr_half"] for p in packed])  # (2, H, 2H)
    W_hh = np.stack([p["W_hh"] for p in packed])  # (2, H, H)
    tmp2 = np.empty((2 * B, 2 * H), dtype=dt)
    tmp = np.empty((2 * B, H), dtype=dt)
    tmp2_h, tmp_h = halves(tmp2), halves(tmp)
    hall2, rh2 = halves(hall), halves(rh_all)
    matmul = np.matmul
    for t in range(T):
        h_prev, g, h = hall[t], gates[t], hall[t + 1]
        matmul(hall2[t], W_zr, tmp2_h)
        np.add(tmp2, A[t, :, : 2 * H], out=tmp2)
        zr = g[:, : 2 * H]
        np.tanh(tmp2, out=zr)
        np.multiply(zr, 0.5, out=zr)
        np.add(zr, 0.5, out=zr)
        z, h_tilde = g[:, :H], g[:, 2 * H :]
        np.multiply(g[:, H : 2 * H], h_prev, out=rh_all[t])
        matmul(rh2[t], W_hh, tmp_h)
        np.add(tmp, A[t, :, 2 * H :], out=tmp)
        np.tanh(tmp, out=h_tilde)
        # h = h~ + z * (h_prev - h~), as in the one-direction loop.
        np.subtract(h_prev, h_tilde, out=h)
        np.multiply(h, z, out=h)
        np.add(h, h_tilde, out=h)
    pair = {"hall": hall, "gates": gates}
    passes = []
    gates2 = halves(gates)
    for d in range(2):
        fwd = {
            "hall": hall2[:, d],
            "gates": gates2[:, d],
            "rh": rh2[:, d],
            "pair": pair,
        }
        passes.append(LayerPass(X=inputs[d], state0=states0[d], packed=packed[d], fwd=fwd))
    return passes[0], passes[1]


def paired_backward(
    cores: tuple[GRU, GRU],
    passes: tuple[LayerPass, LayerPass],
    dH_local: tuple[np.ndarray, np.ndarray],
    pool: BufferPool,
) -> tuple[dict, dict]:
    """Full BPTT through both directions of a :func:`paired_forward` pass at once.

    ``dH_local``: each direction's (T, B, H) gradient from outside its recurrence, in its
    own reading order. Returns each direction's backward cache as
    :meth:`GRU._backward_seq` returns it with ``xi`` all ones (the per-step factors ``P``
    are made again from each pass's cache for ``contrib``, as for one direction).
    """
    core = cores[0]
    pair = passes[0].fwd["pair"]
    P = core._backward_prep(pair)
    T, B2, _ = pair["gates"].shape
    H = core.hidden_size
    dt = core.dtype
    empty = pool.empty
    P4 = P.reshape(T, B2, 3, H)
    g4 = pair["gates"].reshape(T, B2, 3, H)
    Z, R = g4[:, :, 0], g4[:, :, 1]
    W_zrT = transposed_weights(passes, "W_zr")
    W_hhT = transposed_weights(passes, "W_hh")
    dHl = side_by_side(dH_local, dt, pool)
    dA = empty((T, B2, 3 * H), dt)
    dA4 = dA.reshape(T, B2, 3, H)
    dA2 = halves(dA)
    grad_hidden = empty((T, B2, H), dt)
    carry = np.zeros((B2, H), dtype=dt)
    drh = np.empty((B2, H), dtype=dt)
    tmp = np.empty((B2, H), dtype=dt)
    carry2, drh2 = halves(carry), halves(drh)
    matmul = np.matmul
    for t in range(T - 1, -1, -1):
        dh = grad_hidden[t]
        np.add(dHl[t], carry, out=dh)
        np.multiply(dh[:, None, :], P4[t, :, ::2], out=dA4[t, :, ::2])
        matmul(dA2[t, :, :, 2 * H :], W_hhT, drh2)
        np.multiply(drh, P4[t, :, 1], out=dA4[t, :, 1])
        if t == 0:
            break
        matmul(dA2[t, :, :, : 2 * H], W_zrT, carry2)
        np.multiply(dh, Z[t], out=tmp)
        carry += tmp
        np.multiply(drh, R[t], out=tmp)
        carry += tmp
    return direction_caches(dA, grad_hidden, pool)
