"""A deliberately plain re-implementation of the three cells, for the tests only.

One Python loop, one matrix product per gate, no packing and no caches: slow, but easy to
read against the equations. ``hook_h[t]`` is added to h_t after it is computed and
``hook_c[t]`` to c_t before h_t is computed, so finite differences over the hooks give
the total derivatives dloss/dh_t and dloss/dc_t that the trace reports. ``xi`` and
``anchors`` reproduce truncation the way ``explorer.engine.truncation`` defines it.
"""

from __future__ import annotations

import numpy as np


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def reference_run(
    cell,
    p,
    X,
    Y,
    loss,
    mask,
    h0,
    c0,
    xi=None,
    anchors=None,
    hook_h=None,
    hook_c=None,
    activation="tanh",
    forget_gate=True,
):
    """Returns (loss, step_losses (T,), hidden (T,B,H), cell (T,B,H) or None)."""
    T, B, _ = X.shape
    H = h0.shape[1]
    h, c = h0, c0
    hs, cs, step = [], [], np.zeros(T)
    n = mask.sum()
    for t in range(T):
        if t > 0 and xi is not None:
            h = anchors[0][t - 1] + xi[t] * (h - anchors[0][t - 1])
            if cell == "lstm":
                c = anchors[1][t - 1] + xi[t] * (c - anchors[1][t - 1])
        x = X[t]
        if cell == "rnn":
            a = x @ p["W_xh"] + h @ p["W_hh"] + p["b_h"]
            h = np.tanh(a) if activation == "tanh" else np.maximum(a, 0)
        elif cell == "gru":
            z = sigmoid(x @ p["W_xz"] + h @ p["W_hz"] + p["b_z"])
            r = sigmoid(x @ p["W_xr"] + h @ p["W_hr"] + p["b_r"])
            cand = np.tanh(x @ p["W_xh"] + (r * h) @ p["W_hh"] + p["b_h"])
            h = z * h + (1 - z) * cand
        else:
            i = sigmoid(x @ p["W_xi"] + h @ p["W_hi"] + p["b_i"])
            f = sigmoid(x @ p["W_xf"] + h @ p["W_hf"] + p["b_f"]) if forget_gate else 1.0
            o = sigmoid(x @ p["W_xo"] + h @ p["W_ho"] + p["b_o"])
            cand = np.tanh(x @ p["W_xc"] + h @ p["W_hc"] + p["b_c"])
            c = f * c + i * cand
            if hook_c is not None:
                c = c + hook_c[t]
            h = o * np.tanh(c)
            cs.append(c)
        if hook_h is not None:
            h = h + hook_h[t]
        hs.append(h)
        out = h @ p["W_hq"] + p["b_q"]
        if loss == "mse":
            per = ((out - Y[t]) ** 2).sum(axis=1) / out.shape[1]
            step[t] = (per * mask[t]).sum() / n
        else:
            logp = out - out.max(axis=1, keepdims=True)
            logp = logp - np.log(np.exp(logp).sum(axis=1, keepdims=True))
            nll = -logp[np.arange(B), Y[t]]
            step[t] = (nll * mask[t]).sum() / n
    hidden = np.stack(hs)
    cells = np.stack(cs) if cs else None
    assert hidden.shape[2] == H
    return step.sum(), step, hidden, cells


def numeric_gradient(f, x, eps=1e-5):
    """Central differences of the scalar f() with respect to every entry of x (in place)."""
    grad = np.zeros_like(x)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    for k in range(flat.size):
        old = flat[k]
        flat[k] = old + eps
        up = f()
        flat[k] = old - eps
        down = f()
        flat[k] = old
        gflat[k] = (up - down) / (2 * eps)
    return grad
