"""The LSTM in d2l's row-vector notation.

    I_t = sigma(X_t W_xi + H_{t-1} W_hi + b_i)      input gate
    F_t = sigma(X_t W_xf + H_{t-1} W_hf + b_f)      forget gate (fixed to 1 if forget_gate=False)
    O_t = sigma(X_t W_xo + H_{t-1} W_ho + b_o)      output gate
    C~_t = tanh(X_t W_xc + H_{t-1} W_hc + b_c)      candidate cell
    C_t = F_t * C_{t-1} + I_t * C~_t,   H_t = O_t * tanh(C_t),   Y_t = H_t W_hq + b_q

Inside the sequence kernels the gates are stacked in the order o, i, f, c~ (o, i, c~
without a forget gate): the output gate is the only one driven by dh rather than dc in
the backward step, so putting it first lets the other blocks share one multiply.
The sigmoid gates' columns of the packed matrices are pre-halved so that a single
``tanh`` call serves all four blocks, since sigma(a) = (1 + tanh(a / 2)) / 2.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from . import validation as check
from .recurrent import RecurrentModel


def _sigmoid(a: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * a))


def lstm_step_forward(
    x: np.ndarray,
    h_prev: np.ndarray,
    c_prev: np.ndarray,
    params: Mapping[str, np.ndarray],
    forget_gate: bool = True,
) -> tuple[tuple[np.ndarray, np.ndarray], tuple]:
    """One step. x: (B, D), h_prev, c_prev: (B, H) -> ((h, c), cache)."""
    p = params
    i = _sigmoid(x @ p["W_xi"] + h_prev @ p["W_hi"] + p["b_i"])
    f = _sigmoid(x @ p["W_xf"] + h_prev @ p["W_hf"] + p["b_f"]) if forget_gate else None
    o = _sigmoid(x @ p["W_xo"] + h_prev @ p["W_ho"] + p["b_o"])
    c_tilde = np.tanh(x @ p["W_xc"] + h_prev @ p["W_hc"] + p["b_c"])
    c = (f * c_prev if forget_gate else c_prev) + i * c_tilde
    tc = np.tanh(c)
    h = o * tc
    return (h, c), (x, h_prev, c_prev, p, forget_gate, i, f, o, c_tilde, tc)


def lstm_step_backward(
    dh: np.ndarray, dc: np.ndarray, cache: tuple
) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Backward of one step. dh: (B, H) reaching h_t, dc: (B, H) reaching c_t from step t+1.

    Returns dx (B, D), dh_prev (B, H), dc_prev (B, H) and the parameter gradients.
    """
    x, h_prev, c_prev, p, forget_gate, i, f, o, c_tilde, tc = cache
    dc = dc + dh * o * (1.0 - tc * tc)
    pre = {
        "i": dc * c_tilde * i * (1.0 - i),
        "o": dh * tc * o * (1.0 - o),
        "c": dc * i * (1.0 - c_tilde * c_tilde),
    }
    if forget_gate:
        pre["f"] = dc * c_prev * f * (1.0 - f)
    dx = 0.0
    dh_prev = 0.0
    grads = {}
    for g, da in pre.items():
        dx = dx + da @ p[f"W_x{g}"].T
        dh_prev = dh_prev + da @ p[f"W_h{g}"].T
        grads[f"W_x{g}"] = x.T @ da
        grads[f"W_h{g}"] = h_prev.T @ da
        grads[f"b_{g}"] = da.sum(axis=0)
    dc_prev = dc * f if forget_gate else dc
    return dx, dh_prev, dc_prev, grads


class LSTM(RecurrentModel):
    """Long short-term memory with a linear read-out.

    params: W_xi W_hi b_i, W_xf W_hf b_f, W_xo W_ho b_o, W_xc W_hc b_c, W_hq b_q
    (W_x* (D, H), W_h* (H, H), b_* (H,), W_hq (H, O), b_q (O,)).
    ``forget_bias`` (default 1.0) is added to b_f after initialisation.
    ``forget_gate=False`` gives the 1997 LSTM whose cell is a constant error carousel
    (F = 1): W_xf, W_hf and b_f are then absent from ``params`` and ``grads``, and the
    trace's gate "f" is all ones.
    ``default_recurrent`` is "W_hc": the candidate's recurrent matrix is the one that
    plays the part of the vanilla RNN's W_hh.
    """

    cell = "lstm"
    n_state = 2
    default_recurrent = "W_hc"

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        output_size: int,
        *,
        forget_bias: float = 1.0,
        forget_gate: bool = True,
        init: str = "uniform",
        recurrent_scale: float = 1.0,
        seed: int | None = None,
        dtype: Any = np.float64,
    ) -> None:
        self.forget_bias = check.check_finite_float(forget_bias, "forget_bias")
        if not isinstance(forget_gate, (bool, np.bool_)):
            raise ValueError(f"forget_gate must be a bool, got {forget_gate!r}")
        self.forget_gate = bool(forget_gate)
        self._gates = ("o", "i", "f", "c") if self.forget_gate else ("o", "i", "c")
        self.recurrent_names = (
            ("W_hi", "W_hf", "W_ho", "W_hc") if self.forget_gate else ("W_hi", "W_ho", "W_hc")
        )
        super().__init__(
            input_size,
            hidden_size,
            output_size,
            init=init,
            recurrent_scale=recurrent_scale,
            seed=seed,
            dtype=dtype,
        )
        if self.forget_gate:
            self.params["b_f"] += self.forget_bias

    def _extra_config(self) -> dict[str, Any]:
        return {"forget_bias": self.forget_bias, "forget_gate": self.forget_gate}

    def _param_shapes(self) -> dict[str, tuple[int, ...]]:
        D, H, Q = self.input_size, self.hidden_size, self.output_size
        shapes: dict[str, tuple[int, ...]] = {}
        for g in ("i", "f", "o", "c"):
            if g == "f" and not self.forget_gate:
                continue
            shapes.update({f"W_x{g}": (D, H), f"W_h{g}": (H, H), f"b_{g}": (H,)})
        shapes.update({"W_hq": (H, Q), "b_q": (Q,)})
        return shapes

    def _pack(self) -> dict[str, np.ndarray]:
        p, H = self.params, self.hidden_size
        sig = (len(self._gates) - 1) * H
        W_x = np.concatenate([p[f"W_x{g}"] for g in self._gates], axis=1)
        W_h = np.concatenate([p[f"W_h{g}"] for g in self._gates], axis=1)
        b = np.concatenate([p[f"b_{g}"] for g in self._gates])
        W_x[:, :sig] *= 0.5
        b[:sig] *= 0.5
        W_h_half = W_h.copy()
        W_h_half[:, :sig] *= 0.5
        return {"W_x_half": W_x, "W_h_half": W_h_half, "b_half": b, "W_h": W_h}

    def step_forward(self, x, state, params=None):
        """One step on the tuple state ``(h, c)``; returns ``((h, c), cache)``."""
        p = self.params if params is None else params
        return lstm_step_forward(x, state[0], state[1], p, self.forget_gate)

    def step_backward(self, dstate, cache):
        """Backward of :meth:`step_forward`: ``(dx, (dh_prev, dc_prev), dparams)``."""
        dx, dh_prev, dc_prev, grads = lstm_step_backward(dstate[0], dstate[1], cache)
        return dx, (dh_prev, dc_prev), grads

    def _forward_seq(self, X, state0, packed):
        T, B, D = X.shape
        H = self.hidden_size
        G = len(self._gates)
        sig = (G - 1) * H
        dt = self.dtype
        # The input projections of all steps go straight into the gate buffer (no extra
        # (T, B, 4H) array: large fresh arrays cost page faults on every iteration).
        empty = self._pool.empty
        gates = empty((T, B, G * H), dt)
        np.dot(X.reshape(T * B, D), packed["W_x_half"], out=gates.reshape(T * B, G * H))
        gates += packed["b_half"]
        hall = empty((T + 1, B, H), dt)
        call = empty((T + 1, B, H), dt)
        tanh_c = empty((T, B, H), dt)
        hall[0], call[0] = state0
        W_h = packed["W_h_half"]
        tmp = np.empty((B, G * H), dtype=dt)
        tmp_h = np.empty((B, H), dtype=dt)
        # The sigmoid affine runs over the contiguous row of tmp (the candidate block
        # copied back after it): a (B, 3H) slice of the gate buffer is walked row by row.
        tmp_c = tmp[:, sig:]
        # Per-step views are made once over all T (iterating an array is cheaper than
        # slicing inside the loop), and NumPy's functions are bound to locals: at B = 16
        # each call costs about a microsecond, so the Python around it matters.
        dot, add, mul, tanh, copy = np.dot, np.add, np.multiply, np.tanh, np.copyto
        g4 = gates.reshape(T, B, G, H)
        steps = zip(
            gates,
            g4[:, :, 0],
            g4[:, :, 1],
            g4[:, :, 2] if self.forget_gate else g4[:, :, 1],
            g4[:, :, G - 1],
            hall[:-1],
            hall[1:],
            call[:-1],
            call[1:],
            tanh_c,
            strict=True,
        )
        if self.forget_gate:
            for g, o, i, f, c_tilde, h_prev, h, c_prev, c, tc in steps:
                dot(h_prev, W_h, out=tmp)
                add(tmp, g, out=tmp)
                tanh(tmp, out=tmp)
                mul(tmp, 0.5, out=g)
                add(g, 0.5, out=g)
                copy(c_tilde, tmp_c)
                mul(i, c_tilde, out=tmp_h)
                mul(f, c_prev, out=c)
                add(c, tmp_h, out=c)
                tanh(c, out=tc)
                mul(o, tc, out=h)
        else:
            for g, o, i, _, c_tilde, h_prev, h, c_prev, c, tc in steps:
                dot(h_prev, W_h, out=tmp)
                add(tmp, g, out=tmp)
                tanh(tmp, out=tmp)
                mul(tmp, 0.5, out=g)
                add(g, 0.5, out=g)
                copy(c_tilde, tmp_c)
                mul(i, c_tilde, out=tmp_h)
                add(c_prev, tmp_h, out=c)
                tanh(c, out=tc)
                mul(o, tc, out=h)
        return {"hall": hall, "call": call, "gates": gates, "tanh_c": tanh_c}

    def _backward_prep(self, fwd, P=None):
        """Per-step factors of the backward step, vectorised over all T at once.

        Returns K (T, B, H), the dh_t -> dc_t factor, and P (T, B, G*H), the derivative of
        each gate pre-activation per unit of dh (block o) or of dc (the other blocks),
        written into ``P`` when given. ``out=`` throughout: (T, B, 4H) temporaries would be
        fresh memory, and at T = 200 page faults cost more than the arithmetic.
        """
        gates, tanh_c, H = fwd["gates"], fwd["tanh_c"], self.hidden_size
        T, B, GH = gates.shape
        G = GH // H
        g4 = gates.reshape(T, B, G, H)
        o, i, c_tilde = g4[:, :, 0], g4[:, :, 1], g4[:, :, G - 1]
        K = np.multiply(tanh_c, tanh_c, out=self._pool.empty(tanh_c.shape, tanh_c.dtype))
        np.subtract(1.0, K, out=K)
        np.multiply(K, o, out=K)
        if P is None:
            P = np.empty_like(gates)
        # sigma * (1 - sigma) over whole rows, the candidate block included, and that
        # block overwritten below: contiguous passes run at memory speed, while a
        # (T, B, 3H) slice is walked in short rows.
        np.subtract(1.0, gates, out=P)
        np.multiply(P, gates, out=P)
        p4 = P.reshape(T, B, G, H)
        p4[:, :, 0] *= tanh_c
        p4[:, :, 1] *= c_tilde
        if self.forget_gate:
            p4[:, :, 2] *= fwd["call"][:-1]
        tmp = np.multiply(c_tilde, c_tilde, out=self._pool.empty(tanh_c.shape, tanh_c.dtype))
        np.subtract(1.0, tmp, out=tmp)
        np.multiply(tmp, i, out=p4[:, :, G - 1])
        return K, P

    def _backward_seq(self, dH_local, fwd, packed, xi):
        T, B, H = dH_local.shape
        # dA is computed in place over the factors P: one (T, B, 4H) array less to fault in.
        # The contrib sweep, if ever read, recomputes P.
        empty = self._pool.empty
        dA = empty(fwd["gates"].shape, self.dtype)
        K, _ = self._backward_prep(fwd, dA)
        G = dA.shape[2] // H
        dA4 = dA.reshape(T, B, G, H)
        f = fwd["gates"].reshape(T, B, G, H)[:, :, 2] if self.forget_gate else None
        W_hT = packed["W_h"].T
        grad_hidden = empty(dH_local.shape, self.dtype)
        grad_cell = empty(dH_local.shape, self.dtype)
        carry_h = np.zeros((B, H), dtype=self.dtype)
        carry_c = np.zeros((B, H), dtype=self.dtype)
        # As in the forward loop: per-step views made once (newest step first) and
        # NumPy's functions bound to locals. xi as Python floats: comparing NumPy
        # scalars costs more than the comparison.
        dot, add, mul = np.dot, np.add, np.multiply
        xs = xi.tolist()
        steps = zip(
            range(T - 1, -1, -1),
            dH_local[::-1],
            grad_hidden[::-1],
            grad_cell[::-1],
            grad_cell[::-1, :, None, :],
            K[::-1],
            dA[::-1],
            dA4[::-1, :, 0],
            dA4[::-1, :, 1:],
            f[::-1] if f is not None else K[::-1],
            strict=True,
        )
        for t, dh_local, dh, dc, dc_b, k, a, a_o, a_rest, f_t in steps:
            add(dh_local, carry_h, out=dh)
            mul(dh, k, out=dc)
            add(dc, carry_c, out=dc)
            mul(dh, a_o, out=a_o)
            mul(dc_b, a_rest, out=a_rest)
            if t == 0:
                break
            x = xs[t]
            if x == 0.0:
                carry_h.fill(0.0)
                carry_c.fill(0.0)
                continue
            dot(a, W_hT, out=carry_h)
            if f is not None:
                mul(dc, f_t, out=carry_c)
            else:
                carry_c[...] = dc
            if x != 1.0:
                # The float64 scalar, as before: randomized truncation's scaling is
                # computed in double precision and rounded once.
                carry_h *= xi[t]
                carry_c *= xi[t]
        return {"dA": dA, "grad_hidden": grad_hidden, "grad_cell": grad_cell}

    def _split(self, packed_grad: np.ndarray, prefix: str) -> dict[str, np.ndarray]:
        H = self.hidden_size
        return {
            f"{prefix}{g}": np.ascontiguousarray(packed_grad[..., k * H : (k + 1) * H])
            for k, g in enumerate(self._gates)
        }

    def _param_grads(self, X, fwd, bwd):
        T, B, D = X.shape
        H = self.hidden_size
        dA = bwd["dA"].reshape(T * B, -1)
        # One GEMM for W_x* and W_h*: with only D rows, X^T dA alone runs far below
        # the speed of the larger product, and the copy of X and H costs less.
        XH = self._pool.empty((T * B, D + H), self.dtype)
        XH[:, :D] = X.reshape(T * B, D)
        XH[:, D:] = fwd["hall"][:-1].reshape(T * B, H)
        W = np.dot(XH.T, dA)
        grads = self._split(W[:D], "W_x")
        grads.update(self._split(W[D:], "W_h"))
        grads.update(self._split(dA.sum(axis=0), "b_"))
        return grads

    def _weight_terms(self, X, fwd, bwd):
        xs = tuple(f"W_x{g}" for g in self._gates)
        hs = tuple(f"W_h{g}" for g in self._gates)
        return [(X, bwd["dA"], xs), (fwd["hall"][:-1], bwd["dA"], hs)]

    def _stack_step(self, fwd, packed):
        K, P = self._backward_prep(fwd)
        T, B, GH = P.shape
        H = self.hidden_size
        G = GH // H
        # The o block (driven by dh) and the other blocks (driven by dc) as separate
        # contiguous arrays, with matching row blocks of W_h^T: the element-wise products
        # then run over contiguous memory and each block is one matmul.
        P_o = np.ascontiguousarray(P[:, :, :H])
        P_rest = np.ascontiguousarray(P[:, :, H:]).reshape(T, B, G - 1, H)
        W_hT = packed["W_h"].T
        W_oT = np.ascontiguousarray(W_hT[:H])
        W_restT = np.ascontiguousarray(W_hT[H:])
        f = fwd["gates"].reshape(T, B, G, H)[:, :, 2] if self.forget_gate else None
        dA_o = np.empty((T * B, H), dtype=self.dtype)
        dA_rest = np.empty((T, B, G - 1, H), dtype=self.dtype)
        dc = np.empty((T, B, H), dtype=self.dtype)
        back = np.empty((T * B, H), dtype=self.dtype)

        def step(s, Lh, Lc):
            n = Lh.shape[0]
            nB = n * B
            dcs, rest = dc[:n], dA_rest[:n]
            np.multiply(Lh, K[s], out=dcs)
            dcs += Lc
            np.multiply(Lh.reshape(n, B * H), P_o[s].reshape(B * H), out=dA_o[:nB].reshape(n, -1))
            np.multiply(dcs[:, :, None, :], P_rest[s], out=rest)
            Lh2 = Lh.reshape(nB, H)
            np.dot(rest.reshape(nB, (G - 1) * H), W_restT, out=back[:nB])
            np.dot(dA_o[:nB], W_oT, out=Lh2)
            Lh2 += back[:nB]
            if f is not None:
                np.multiply(dcs, f[s], out=Lc)
            else:
                Lc[...] = dcs

        return step

    def _trace_fields(self, fwd, bwd):
        H = self.hidden_size
        g = fwd["gates"]
        T, B, GH = g.shape
        g4 = g.reshape(T, B, GH // H, H)
        names = {"o": "o", "i": "i", "f": "f", "c": "c_tilde"}
        gates = {names[name]: g4[:, :, k] for k, name in enumerate(self._gates)}
        if not self.forget_gate:
            gates["f"] = np.ones((T, B, H), dtype=self.dtype)
        gates = {k: gates[k] for k in ("i", "f", "o", "c_tilde")}
        return {
            "cell": fwd["call"][1:],
            "grad_cell": bwd["grad_cell"],
            "gates": gates,
            "preact": None,
        }
