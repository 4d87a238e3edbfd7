"""Both directions of a bidirectional LSTM layer in one time loop.

At the sizes a class watches (B = 16, H = 32) a step of the LSTM kernels is a dozen NumPy
calls on (H, B) blocks, each costing about as much in call overhead as in arithmetic. The
forward and reverse directions of a layer are independent, so they can share the calls:
step s of the loop is step s of the forward direction (reading x_s) *and* step s of the
reverse one (reading x_{T-1-s}). The two directions sit side by side along the batch
axis, as one batch of 2B columns whose first B columns follow the forward weights and the
last B the reverse ones: every element-wise call of :meth:`LSTM._forward_seq` and
:meth:`LSTM._backward_seq` then runs unchanged on contiguous (·, 2B) blocks, and only the
matrix products differ, one ``np.matmul`` over the two directions' weights.
The arithmetic per element is exactly that of the one-direction kernels.

A direction's column half of these arrays has the layout of the one-direction kernels
(its ``xh`` is (T + 1, D + H + 1, B), its gates (T, G·H, B) …), so the per-direction
caches built here feed the cores' own parameter gradients, input gradients, traces and
``contrib`` unchanged.

Used only for what both directions share: every example of full length T (no
``lengths``); the backward loop only for full BPTT with no gradient entering the cells
from outside. The reverse direction is never truncated (see ``stacked.py``), so a
truncated pass runs its backward direction by direction on these same caches.
"""

from __future__ import annotations

import numpy as np

from .buffers import BufferPool
from .lstm import _CHUNK_BYTES, LSTM
from .sequence import LayerPass


def paired_forward(
    cores: tuple[LSTM, LSTM],
    X: np.ndarray,
    states0: tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]],
    pool: BufferPool,
) -> tuple[LayerPass, LayerPass]:
    """Run the forward direction over X (T, B, D) and the reverse one over X[::-1] together.

    ``states0``: each direction's ``(h0, c0)``, (B, H) each. Returns one
    :class:`LayerPass` per direction, each in its own reading order (the reverse one's X is
    the view X[::-1]), as :func:`layer_forward` would.
    """
    core = cores[0]
    T, B, D = X.shape
    H = core.hidden_size
    G = len(core._gates)
    GH, sig, E = G * H, (G - 1) * H, D + H + 1
    dt = core.dtype
    packed = tuple(c._pack() for c in cores)
    W = np.stack([p["W_augT"] for p in packed])  # (2, G*H, E)
    empty = pool.empty
    # Feature-major as in LSTM._forward_seq, with 2B columns: forward, then reverse.
    xh = empty((T + 1, E, 2 * B), dt)
    np.copyto(xh[:T, :D, :B], X.transpose(0, 2, 1))
    np.copyto(xh[:T, :D, B:], X[::-1].transpose(0, 2, 1))
    xh[T, :D] = 0.0
    xh[:, D + H] = 1.0
    gT = empty((T, GH, 2 * B), dt)
    cT = empty((T + 1, H, 2 * B), dt)
    for d in range(2):
        xh[0, D : D + H, d * B : (d + 1) * B] = states0[d][0].T
        cT[0, :, d * B : (d + 1) * B] = states0[d][1].T
    tcT = empty((T, H, 2 * B), dt)
    tmp_h = np.empty((H, 2 * B), dtype=dt)
    half = np.array(0.5, dtype=dt)
    # As in LSTM._forward_seq: per-step views made once, NumPy's functions as locals.
    # The products see each direction's (·, B) half as its own matrix: (2, ·, B) views.
    matmul, add, mul, tanh = np.matmul, np.add, np.multiply, np.tanh
    g4 = gT.reshape(T, G, H, 2 * B)
    steps = zip(
        _halves(xh[:-1]),
        xh[1:, D : D + H],
        _halves(gT),
        gT,
        gT[:, :sig],
        g4[:, 0],
        g4[:, 1],
        core._forget_steps(g4, 1),
        g4[:, G - 1],
        cT[:-1],
        cT[1:],
        tcT,
        strict=True,
    )
    for xh_t, h, g2, g, gs, o, i, f, c_tilde, c_prev, c, tc in steps:
        matmul(W, xh_t, g2)
        tanh(g, g)
        mul(gs, half, gs)
        add(gs, half, gs)
        mul(i, c_tilde, tmp_h)
        mul(f, c_prev, c)
        add(c, tmp_h, c)
        tanh(c, tc)
        mul(o, tc, h)
    pair = {"gT": gT, "cT": cT, "tcT": tcT}
    passes = []
    for d in range(2):
        cols = slice(d * B, (d + 1) * B)
        hall = empty((T + 1, B, H), dt)
        np.copyto(hall, xh[:, D : D + H, cols].transpose(0, 2, 1))
        call = empty((T + 1, B, H), dt)
        np.copyto(call, cT[:, :, cols].transpose(0, 2, 1))
        fwd = {
            "hall": hall,
            "call": call,
            "xh": xh[:, :, cols],
            "gT": gT[:, :, cols],
            "cT": cT[:, :, cols],
            "tcT": tcT[:, :, cols],
            "pair": pair,
        }
        passes.append(
            LayerPass(X=X if d == 0 else X[::-1], state0=states0[d], packed=packed[d], fwd=fwd)
        )
    return passes[0], passes[1]


def _halves(a: np.ndarray) -> np.ndarray:
    """(..., F, 2B) -> (..., 2, F, B): each direction's columns as a matrix of its own."""
    *lead, F, B2 = a.shape
    return np.moveaxis(a.reshape(*lead, F, 2, B2 // 2), -2, -3)


def paired_backward(
    cores: tuple[LSTM, LSTM],
    passes: tuple[LayerPass, LayerPass],
    dH_local: tuple[np.ndarray, np.ndarray],
    pool: BufferPool,
) -> tuple[dict, dict]:
    """Full BPTT through both directions of a :func:`paired_forward` pass at once.

    ``dH_local``: each direction's (T, B, H) gradient from outside its recurrence, in its
    own reading order. Returns each direction's backward cache, as
    :meth:`LSTM._backward_seq` returns it with ``xi`` all ones.
    """
    core = cores[0]
    fwd = passes[0].fwd["pair"]
    gT = fwd["gT"]
    T, GH, B2 = gT.shape
    B = B2 // 2
    H = core.hidden_size
    G = GH // H
    dt = core.dtype
    empty = pool.empty
    W_h = np.stack([lp.packed["W_h"] for lp in passes])  # (2, H, G*H)
    dA = empty((2, GH, T, B), dt)
    grad_hidden = empty((2, T, B, H), dt)
    grad_cell = empty((2, T, B, H), dt)
    f = core._forget_steps(gT.reshape(T, G, H, B2), 1)
    carry_h = np.zeros((H, B2), dtype=dt)
    carry_c = np.zeros((H, B2), dtype=dt)
    carry_h2 = _halves(carry_h)
    # The same working-set size per chunk as the one-direction loop.
    n = max(1, _CHUNK_BYTES // (B2 * GH * gT.itemsize))
    dA_buf = empty((n, GH, B2), dt)
    dhl_buf, gh_buf, gc_buf = empty((3, n, H, B2), dt)
    K_buf = empty((n, H, B2), dt)
    tmp = empty((n, H, B2), dt)
    matmul, add, mul = np.matmul, np.add, np.multiply
    for s in range(((T - 1) // n) * n, -1, -n):
        e = min(s + n, T)
        m = e - s
        K = K_buf[:m]
        dAT = dA_buf[:m]
        dA4 = dAT.reshape(m, G, H, B2)
        # The cores' own per-chunk factors: the math does not care how wide the batch is.
        core._prep_chunk(fwd, s, e, K, dAT, tmp[:m])
        dhl, ghT, gcT = dhl_buf[:m], gh_buf[:m], gc_buf[:m]
        for d in range(2):
            np.copyto(dhl[:, :, d * B : (d + 1) * B], dH_local[d][s:e].transpose(0, 2, 1))
        steps = zip(
            range(e - 1, s - 1, -1),
            dhl[::-1],
            ghT[::-1],
            gcT[::-1],
            gcT[::-1, None],
            K[::-1],
            _halves(dAT)[::-1],
            dA4[::-1, 0],
            dA4[::-1, 1:],
            f[s:e][::-1],
            strict=True,
        )
        for t, dh_local, dh, dc, dc_b, k, a, a_o, a_rest, f_t in steps:
            add(dh_local, carry_h, dh)
            mul(dh, k, dc)
            add(dc, carry_c, dc)
            mul(dh, a_o, a_o)
            mul(dc_b, a_rest, a_rest)
            if t == 0:
                break
            matmul(W_h, a, carry_h2)
            mul(dc, f_t, carry_c)
        np.copyto(dA[:, :, s:e], dAT.reshape(m, GH, 2, B).transpose(2, 1, 0, 3))
        np.copyto(grad_hidden[:, s:e], ghT.reshape(m, H, 2, B).transpose(2, 0, 3, 1))
        np.copyto(grad_cell[:, s:e], gcT.reshape(m, H, 2, B).transpose(2, 0, 3, 1))
    return tuple(
        {"dA_fm": dA[d], "grad_hidden": grad_hidden[d], "grad_cell": grad_cell[d]} for d in range(2)
    )
