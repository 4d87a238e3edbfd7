"""The GRU exactly as in d2l (row vectors, reset gate applied before W_hh).

    Z_t = sigma(X_t W_xz + H_{t-1} W_hz + b_z)                 update gate
    R_t = sigma(X_t W_xr + H_{t-1} W_hr + b_r)                 reset gate
    H~_t = tanh(X_t W_xh + (R_t * H_{t-1}) W_hh + b_h)         candidate
    H_t = Z_t * H_{t-1} + (1 - Z_t) * H~_t,   Y_t = H_t W_hq + b_q

The sequence kernels stack the gates as z, r, h~; the sigmoid columns are pre-halved so
one ``tanh`` call evaluates both sigmoid gates (sigma(a) = (1 + tanh(a / 2)) / 2).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .recurrent import RecurrentModel


def _sigmoid(a: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * a))


def gru_step_forward(
    x: np.ndarray, h_prev: np.ndarray, params: Mapping[str, np.ndarray]
) -> tuple[np.ndarray, tuple]:
    """One step. x: (B, D), h_prev: (B, H) -> h (B, H) and the cache."""
    p = params
    z = _sigmoid(x @ p["W_xz"] + h_prev @ p["W_hz"] + p["b_z"])
    r = _sigmoid(x @ p["W_xr"] + h_prev @ p["W_hr"] + p["b_r"])
    rh = r * h_prev
    h_tilde = np.tanh(x @ p["W_xh"] + rh @ p["W_hh"] + p["b_h"])
    h = z * h_prev + (1.0 - z) * h_tilde
    return h, (x, h_prev, p, z, r, rh, h_tilde)


def gru_step_backward(
    dh: np.ndarray, cache: tuple
) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Backward of one step. dh: (B, H) -> dx (B, D), dh_prev (B, H), parameter gradients."""
    x, h_prev, p, z, r, rh, h_tilde = cache
    da_h = dh * (1.0 - z) * (1.0 - h_tilde * h_tilde)
    drh = da_h @ p["W_hh"].T
    da_r = drh * h_prev * r * (1.0 - r)
    da_z = dh * (h_prev - h_tilde) * z * (1.0 - z)
    dx = da_z @ p["W_xz"].T + da_r @ p["W_xr"].T + da_h @ p["W_xh"].T
    dh_prev = dh * z + drh * r + da_z @ p["W_hz"].T + da_r @ p["W_hr"].T
    grads = {
        "W_xz": x.T @ da_z,
        "W_hz": h_prev.T @ da_z,
        "b_z": da_z.sum(axis=0),
        "W_xr": x.T @ da_r,
        "W_hr": h_prev.T @ da_r,
        "b_r": da_r.sum(axis=0),
        "W_xh": x.T @ da_h,
        "W_hh": rh.T @ da_h,
        "b_h": da_h.sum(axis=0),
    }
    return dx, dh_prev, grads


class GRU(RecurrentModel):
    """Gated recurrent unit with a linear read-out.

    params: W_xz W_hz b_z, W_xr W_hr b_r, W_xh W_hh b_h, W_hq b_q
    (W_x* (D, H), W_h* (H, H), b_* (H,), W_hq (H, O), b_q (O,)).
    ``default_recurrent`` is "W_hh", the candidate's recurrent matrix.
    """

    cell = "gru"
    n_state = 1
    recurrent_names = ("W_hz", "W_hr", "W_hh")
    default_recurrent = "W_hh"

    def _param_shapes(self) -> dict[str, tuple[int, ...]]:
        D, H, Q = self.input_size, self.hidden_size, self.output_size
        shapes: dict[str, tuple[int, ...]] = {}
        for g, w_h in (("z", "W_hz"), ("r", "W_hr"), ("h", "W_hh")):
            shapes.update({f"W_x{g}": (D, H), w_h: (H, H), f"b_{g}": (H,)})
        shapes.update({"W_hq": (H, Q), "b_q": (Q,)})
        return shapes

    def _pack(self) -> dict[str, np.ndarray]:
        p, H = self.params, self.hidden_size
        W_x = np.concatenate([p["W_xz"], p["W_xr"], p["W_xh"]], axis=1)
        b = np.concatenate([p["b_z"], p["b_r"], p["b_h"]])
        W_zr = np.concatenate([p["W_hz"], p["W_hr"]], axis=1)
        W_x[:, : 2 * H] *= 0.5
        b[: 2 * H] *= 0.5
        return {
            "W_x_half": W_x,
            "b_half": b,
            "W_zr_half": 0.5 * W_zr,
            "W_zr": W_zr,
            "W_hh": p["W_hh"].copy(),
        }

    def step_forward(self, x, state, params=None):
        """One step on the tuple state ``(h,)``; returns ``((h,), cache)``."""
        p = self.params if params is None else params
        h, cache = gru_step_forward(x, state[0], p)
        return (h,), cache

    def step_backward(self, dstate, cache):
        """Backward of :meth:`step_forward`: ``(dx, (dh_prev,), dparams)``."""
        dx, dh_prev, grads = gru_step_backward(dstate[0], cache)
        return dx, (dh_prev,), grads

    def _forward_seq(self, X, state0, packed):
        T, B, D = X.shape
        H = self.hidden_size
        dt = self.dtype
        # Pooled (T, B, .) arrays throughout: see buffers.py.
        empty = self._pool.empty
        A = empty((T, B, 3 * H), dt)
        np.dot(X.reshape(T * B, D), packed["W_x_half"], out=A.reshape(T * B, 3 * H))
        A += packed["b_half"]
        gates = empty((T, B, 3 * H), dt)
        hall = empty((T + 1, B, H), dt)
        rh_all = empty((T, B, H), dt)
        hall[0] = state0[0]
        W_zr, W_hh = packed["W_zr_half"], packed["W_hh"]
        tmp2 = np.empty((B, 2 * H), dtype=dt)
        tmp = np.empty((B, H), dtype=dt)
        for t in range(T):
            h_prev, g, h = hall[t], gates[t], hall[t + 1]
            np.dot(h_prev, W_zr, out=tmp2)
            np.add(tmp2, A[t, :, : 2 * H], out=tmp2)
            zr = g[:, : 2 * H]
            np.tanh(tmp2, out=zr)
            np.multiply(zr, 0.5, out=zr)
            np.add(zr, 0.5, out=zr)
            z, h_tilde = g[:, :H], g[:, 2 * H :]
            np.multiply(g[:, H : 2 * H], h_prev, out=rh_all[t])
            np.dot(rh_all[t], W_hh, out=tmp)
            np.add(tmp, A[t, :, 2 * H :], out=tmp)
            np.tanh(tmp, out=h_tilde)
            # h = h~ + z * (h_prev - h~): three ufuncs instead of four.
            np.subtract(h_prev, h_tilde, out=h)
            np.multiply(h, z, out=h)
            np.add(h, h_tilde, out=h)
        return {"hall": hall, "gates": gates, "rh": rh_all}

    def _backward_prep(self, fwd):
        """P (T, B, 3H): the factors from dh_t (z, h~ blocks) or from d(r * h_prev) (r block)
        to each gate pre-activation. Made for the backward pass and again for the
        contribution sweep, rather than kept with the trace in between (10 MB at T = 200,
        H = 64)."""
        gates, H = fwd["gates"], self.hidden_size
        T, B, _ = gates.shape
        h_prev = fwd["hall"][:-1]
        g4 = gates.reshape(T, B, 3, H)
        z, r, h_tilde = g4[:, :, 0], g4[:, :, 1], g4[:, :, 2]
        empty = self._pool.empty
        P = empty(gates.shape, gates.dtype)
        p4 = P.reshape(T, B, 3, H)
        a = empty((T, B, H), gates.dtype)
        b = empty((T, B, H), gates.dtype)
        # Factors from dh_t (z, h~ blocks) or from d(r * h_prev) (r block) to each
        # pre-activation; the same products as written out, into pooled scratch.
        np.subtract(h_prev, h_tilde, out=a)
        np.multiply(a, z, out=a)
        np.subtract(1.0, z, out=b)
        np.multiply(a, b, out=p4[:, :, 0])
        np.multiply(h_prev, r, out=a)
        np.subtract(1.0, r, out=b)
        np.multiply(a, b, out=p4[:, :, 1])
        np.subtract(1.0, z, out=a)
        np.multiply(h_tilde, h_tilde, out=b)
        np.subtract(1.0, b, out=b)
        np.multiply(a, b, out=p4[:, :, 2])
        return P

    def _backward_seq(self, dH_local, fwd, packed, xi):
        T, B, H = dH_local.shape
        P4 = self._backward_prep(fwd).reshape(T, B, 3, H)
        g4 = fwd["gates"].reshape(T, B, 3, H)
        Z, R = g4[:, :, 0], g4[:, :, 1]
        W_zrT, W_hhT = packed["W_zr"].T, packed["W_hh"].T
        dA = self._pool.empty((T, B, 3 * H), self.dtype)
        dA4 = dA.reshape(T, B, 3, H)
        grad_hidden = self._pool.empty((T, B, H), self.dtype)
        carry = np.zeros((B, H), dtype=self.dtype)
        drh = np.empty((B, H), dtype=self.dtype)
        tmp = np.empty((B, H), dtype=self.dtype)
        for t in range(T - 1, -1, -1):
            dh = grad_hidden[t]
            np.add(dH_local[t], carry, out=dh)
            np.multiply(dh[:, None, :], P4[t, :, ::2], out=dA4[t, :, ::2])
            np.dot(dA[t, :, 2 * H :], W_hhT, out=drh)
            np.multiply(drh, P4[t, :, 1], out=dA4[t, :, 1])
            if t == 0:
                break
            if xi[t] == 0.0:
                carry.fill(0.0)
                continue
            np.dot(dA[t, :, : 2 * H], W_zrT, out=carry)
            np.multiply(dh, Z[t], out=tmp)
            carry += tmp
            np.multiply(drh, R[t], out=tmp)
            carry += tmp
            if xi[t] != 1.0:
                carry *= xi[t]
        return {"dA": dA, "grad_hidden": grad_hidden, "grad_cell": None}

    def _param_grads(self, X, fwd, bwd):
        T, B, D = X.shape
        H = self.hidden_size
        dA = bwd["dA"].reshape(T * B, 3 * H)
        dW_x = X.reshape(T * B, D).T @ dA
        dW_zr = fwd["hall"][:-1].reshape(T * B, H).T @ dA[:, : 2 * H]
        db = dA.sum(axis=0)
        c = np.ascontiguousarray
        return {
            "W_xz": c(dW_x[:, :H]),
            "W_xr": c(dW_x[:, H : 2 * H]),
            "W_xh": c(dW_x[:, 2 * H :]),
            "W_hz": c(dW_zr[:, :H]),
            "W_hr": c(dW_zr[:, H:]),
            "W_hh": fwd["rh"].reshape(T * B, H).T @ dA[:, 2 * H :],
            "b_z": db[:H].copy(),
            "b_r": db[H : 2 * H].copy(),
            "b_h": db[2 * H :].copy(),
        }

    def _weight_terms(self, X, fwd, bwd):
        H = self.hidden_size
        dA = bwd["dA"]
        return [
            (X, dA, ("W_xz", "W_xr", "W_xh")),
            (fwd["hall"][:-1], dA[:, :, : 2 * H], ("W_hz", "W_hr")),
            (fwd["rh"], dA[:, :, 2 * H :], ("W_hh",)),
        ]

    def _stack_step(self, fwd, packed):
        P = self._backward_prep(fwd)
        T, B, _ = P.shape
        H = self.hidden_size
        P4 = P.reshape(T, B, 3, H)
        g4 = fwd["gates"].reshape(T, B, 3, H)
        Z, R = g4[:, :, 0], g4[:, :, 1]
        W_zrT, W_hhT = packed["W_zr"].T, packed["W_hh"].T
        dA = np.empty((T, B, 3, H), dtype=self.dtype)
        drh = np.empty((T, B, H), dtype=self.dtype)
        back = np.empty((T, B, H), dtype=self.dtype)

        def step(s, Lh, Lc):
            n = Lh.shape[0]
            dAs, drs, bk = dA[:n], drh[:n], back[:n]
            np.multiply(Lh[:, :, None, :], P4[s, :, ::2], out=dAs[:, :, ::2])
            np.dot(dAs[:, :, 2].reshape(n * B, H), W_hhT, out=drs.reshape(n * B, H))
            np.multiply(drs, P4[s, :, 1], out=dAs[:, :, 1])
            np.dot(dAs.reshape(n * B, 3 * H)[:, : 2 * H], W_zrT, out=bk.reshape(n * B, H))
            Lh *= Z[s]
            drs *= R[s]
            Lh += drs
            Lh += bk

        return step

    def _trace_fields(self, fwd, bwd):
        T, B, _ = fwd["gates"].shape
        g4 = fwd["gates"].reshape(T, B, 3, self.hidden_size)
        return {
            "cell": None,
            "grad_cell": None,
            "gates": {"z": g4[:, :, 0], "r": g4[:, :, 1], "h_tilde": g4[:, :, 2]},
            "preact": None,
        }
