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

# Working-set size of the chunked element-wise passes (well inside a typical L2 cache).
_CHUNK_BYTES = 1 << 19


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
        self.forget_gate = check.check_bool(forget_gate, "forget_gate")
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
        # Forward GEMM operand: [W_x; W_h; b]^T (G*H, D+H+1), sigmoid columns halved.
        W_augT = np.ascontiguousarray(np.concatenate([W_x, W_h_half, b[None]]).T)
        return {"W_augT": W_augT, "W_h": W_h}

    def step_forward(self, x, state, params=None):
        """One step on the tuple state ``(h, c)``; returns ``((h, c), cache)``."""
        p = self.params if params is None else params
        return lstm_step_forward(x, state[0], state[1], p, self.forget_gate)

    def step_backward(self, dstate, cache):
        """Backward of :meth:`step_forward`: ``(dx, (dh_prev, dc_prev), dparams)``."""
        dx, dh_prev, dc_prev, grads = lstm_step_backward(dstate[0], dstate[1], cache)
        return dx, (dh_prev, dc_prev), grads

    def _forward_seq(self, X, state0, packed):
        fwd = self._forward_gates(X, state0, packed)
        D, H = self.input_size, self.hidden_size
        T = X.shape[0]
        empty, dt = self._pool.empty, self.dtype
        hall = empty((T + 1, X.shape[1], H), dt)
        np.copyto(hall, fwd["xh"][:, D : D + H].transpose(0, 2, 1))
        call = empty((T + 1, X.shape[1], H), dt)
        np.copyto(call, fwd["cT"].transpose(0, 2, 1))
        return {"hall": hall, "call": call, **fwd}

    def _forward_into(self, X, state0, packed, hidden):
        # Only the hidden states, copied once from the feature-major loop's buffers: the
        # (T + 1, B, H) copies of states and cells serve a backward pass only.
        fwd = self._forward_gates(X, state0, packed)
        D, H, T = self.input_size, self.hidden_size, X.shape[0]
        np.copyto(hidden, fwd["xh"][1:, D : D + H].transpose(0, 2, 1))
        return fwd["xh"][T, D : D + H].T, fwd["cT"][T].T

    def _forward_gates(self, X, state0, packed):
        """The forward loop in the feature-major layout: ``xh`` (T + 1, D + H + 1, B) with
        h_{t-1} in rows D … D + H of ``xh[t]``, gates ``gT``, cells ``cT`` (T + 1, H, B)
        and ``tcT`` = tanh(c)."""
        T, B, D = X.shape
        H = self.hidden_size
        G = len(self._gates)
        sig = (G - 1) * H
        E = D + H + 1
        dt = self.dtype
        # Feature-major ("transposed") layout inside the loop: step t's pre-activations
        # are the (G*H, B) product W_aug^T [x_t; h_{t-1}; 1], so every gate is a contiguous
        # (H, B) block (an element-wise call on a strided (B, H) slice of a (B, 4H) row
        # costs about three times as much), and input projection, recurrent product and
        # bias are one GEMM. xh[t] = [x_t; h_{t-1}; 1] also serves the parameter gradients.
        empty = self._pool.empty
        xh = empty((T + 1, E, B), dt)
        np.copyto(xh[:T, :D], X.transpose(0, 2, 1))
        xh[T, :D] = 0.0
        xh[:, D + H] = 1.0
        xh[0, D : D + H] = state0[0].T
        gT = empty((T, G * H, B), dt)
        cT = empty((T + 1, H, B), dt)
        cT[0] = state0[1].T
        tcT = empty((T, H, B), dt)
        W = packed["W_augT"]
        tmp_h = np.empty((H, B), dtype=dt)
        # 0-d arrays of the model's dtype: a Python float operand costs a conversion
        # on every call. Outputs passed positionally (no keyword parsing) in the loops.
        half = np.array(0.5, dtype=dt)
        # Per-step views are made once over all T (iterating an array is cheaper than
        # slicing inside the loop), and NumPy's functions bound to locals: at B = 16
        # each call costs about a microsecond, so the Python around it matters.
        dot, add, mul, tanh = np.dot, np.add, np.multiply, np.tanh
        g4 = gT.reshape(T, G, H, B)
        steps = zip(
            xh[:-1],
            xh[1:, D : D + H],
            gT,
            gT[:, :sig],
            g4[:, 0],
            g4[:, 1],
            self._forget_steps(g4, 1),
            g4[:, G - 1],
            cT[:-1],
            cT[1:],
            tcT,
            strict=True,
        )
        for xh_t, h, g, gs, o, i, f, c_tilde, c_prev, c, tc in steps:
            dot(W, xh_t, g)
            tanh(g, g)
            mul(gs, half, gs)
            add(gs, half, gs)
            mul(i, c_tilde, tmp_h)
            mul(f, c_prev, c)
            add(c, tmp_h, c)
            tanh(c, tc)
            mul(o, tc, h)
        return {"xh": xh, "gT": gT, "cT": cT, "tcT": tcT}

    def _forget_steps(self, g4: np.ndarray, axis: int) -> np.ndarray:
        """The forget gate of every step: ``g4`` without its gate axis ``axis``, at "f".

        Without a forget gate, F = 1: a read-only view of ones of that shape, so the loops
        need no second variant (a product with 1 is exact, and this variant is not the
        one to tune for speed).
        """
        if self.forget_gate:
            return g4[(slice(None),) * axis + (2,)]
        shape = g4.shape[:axis] + g4.shape[axis + 1 :]
        return np.broadcast_to(np.ones((), dtype=self.dtype), shape)

    def _std_layout(self, fwd) -> dict[str, np.ndarray]:
        """Gates and tanh(c) of ``fwd`` in the (T, B, .) layout of :meth:`_backward_prep`."""
        return {
            "gates": np.ascontiguousarray(fwd["gT"].transpose(0, 2, 1)),
            "tanh_c": np.ascontiguousarray(fwd["tcT"].transpose(0, 2, 1)),
            "call": fwd["call"],
        }

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

    def _prep_chunk(self, fwd, s, e, K, P, tmp):
        """Per-step factors of steps s..e-1 in the feature-major layout: K (n, H, B), the
        dh_t -> dc_t factor, and P (n, G*H, B), the derivative of each gate pre-activation
        per unit of dh (block o) or of dc (the other blocks), written into K and P.

        A few steps at a time, just before the reverse loop reaches them: each factor
        takes several passes, which then run from cache.
        """
        H = self.hidden_size
        gates, tanh_c = fwd["gT"][s:e], fwd["tcT"][s:e]
        n, GH, B = gates.shape
        G = GH // H
        g4 = gates.reshape(n, G, H, B)
        o, i, c_tilde = g4[:, 0], g4[:, 1], g4[:, G - 1]
        np.multiply(tanh_c, tanh_c, out=K)
        np.subtract(1.0, K, out=K)
        np.multiply(K, o, out=K)
        # sigma * (1 - sigma) over whole blocks, the candidate block included, and that
        # block overwritten below.
        np.subtract(1.0, gates, out=P)
        np.multiply(P, gates, out=P)
        p4 = P.reshape(n, G, H, B)
        p4[:, 0] *= tanh_c
        p4[:, 1] *= c_tilde
        if self.forget_gate:
            p4[:, 2] *= fwd["cT"][s:e]
        np.multiply(c_tilde, c_tilde, out=tmp)
        np.subtract(1.0, tmp, out=tmp)
        np.multiply(tmp, i, out=p4[:, G - 1])

    def _backward_seq(self, dH_local, fwd, packed, xi):
        T, B, H = dH_local.shape
        dt = self.dtype
        gT = fwd["gT"]
        GH = gT.shape[1]
        G = GH // H
        # Feature-major like the forward loop. dA is computed in place over the factors
        # P, a chunk of steps at a time just before the reverse loop reaches them.
        empty = self._pool.empty
        # dA is kept feature-major over all steps, (G*H, T, B), the operand of the
        # parameter-gradient GEMM; the loop works in a chunk-sized (n, G*H, B) buffer,
        # copied there while still in cache.
        dA = empty((GH, T, B), dt)
        f = self._forget_steps(gT.reshape(T, G, H, B), 1)
        grad_hidden = empty((T, B, H), dt)
        grad_cell = empty((T, B, H), dt)
        W_h = packed["W_h"]
        carry_h = np.zeros((H, B), dtype=dt)
        carry_c = np.zeros((H, B), dtype=dt)
        n = max(1, _CHUNK_BYTES // (B * GH * gT.itemsize))
        # Chunk scratch from the pool too: fresh half-megabyte arrays on every call cost
        # page faults (the allocator hands such sizes back to the system when freed).
        dA_buf = empty((n, GH, B), dt)
        # dH_local in, grad_hidden and grad_cell out, feature-major a chunk at a time.
        dhl_buf, gh_buf, gc_buf = empty((3, n, H, B), dt)
        K_buf = empty((n, H, B), dt)
        tmp = empty((n, H, B), dt)
        # As in the forward loop: per-step views made once per chunk (newest step first)
        # and NumPy's functions bound to locals. xi as Python floats: comparing NumPy
        # scalars costs more than the comparison.
        dot, add, mul = np.dot, np.add, np.multiply
        xs = xi.tolist()
        for s in range(((T - 1) // n) * n, -1, -n):
            e = min(s + n, T)
            K = K_buf[: e - s]
            dAT = dA_buf[: e - s]
            dA4 = dAT.reshape(e - s, G, H, B)
            self._prep_chunk(fwd, s, e, K, dAT, tmp[: e - s])
            dhl, ghT, gcT = dhl_buf[: e - s], gh_buf[: e - s], gc_buf[: e - s]
            np.copyto(dhl, dH_local[s:e].transpose(0, 2, 1))
            steps = zip(
                range(e - 1, s - 1, -1),
                dhl[::-1],
                ghT[::-1],
                gcT[::-1],
                gcT[::-1, None],
                K[::-1],
                dAT[::-1],
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
                x = xs[t]
                if x == 0.0:
                    carry_h.fill(0.0)
                    carry_c.fill(0.0)
                    continue
                dot(W_h, a, carry_h)
                mul(dc, f_t, carry_c)
                if x != 1.0:
                    # The float64 scalar, as before: randomized truncation's scaling is
                    # computed in double precision and rounded once.
                    carry_h *= xi[t]
                    carry_c *= xi[t]
            np.copyto(dA[:, s:e], dAT.transpose(1, 0, 2))
            np.copyto(grad_hidden[s:e], ghT.transpose(0, 2, 1))
            np.copyto(grad_cell[s:e], gcT.transpose(0, 2, 1))
        return {"dA_fm": dA, "grad_hidden": grad_hidden, "grad_cell": grad_cell}

    def _split(self, packed_grad: np.ndarray, prefix: str) -> dict[str, np.ndarray]:
        H = self.hidden_size
        return {
            f"{prefix}{g}": np.ascontiguousarray(packed_grad[..., k * H : (k + 1) * H])
            for k, g in enumerate(self._gates)
        }

    def _param_grads(self, X, fwd, bwd):
        T, B, D = X.shape
        H = self.hidden_size
        dt = self.dtype
        xh, dA = fwd["xh"], bwd["dA_fm"]
        E, GH = xh.shape[1], dA.shape[0]
        # One GEMM for W_x*, W_h* and b_* (the ones row of xh): both operands brought to
        # (features, T*B) first, copies that move whole B-element runs.
        left = self._pool.empty((E, T, B), dt)
        np.copyto(left, xh[:T].transpose(1, 0, 2))
        W = np.dot(left.reshape(E, T * B), dA.reshape(GH, T * B).T)
        grads = self._split(W[:D], "W_x")
        grads.update(self._split(W[D : D + H], "W_h"))
        grads.update(self._split(W[D + H], "b_"))
        return grads

    def _weight_terms(self, X, fwd, bwd):
        xs = tuple(f"W_x{g}" for g in self._gates)
        hs = tuple(f"W_h{g}" for g in self._gates)
        dA = bwd["dA_fm"].transpose(1, 2, 0)
        return [(X, dA, xs), (fwd["hall"][:-1], dA, hs)]

    def _stack_factors(self, fwd):
        """The factors of :meth:`_backward_prep` in the (T, B, .) layout the stack step
        reads, made block by block from the feature-major forward arrays: K (T, B, H), P_o
        (T, B, H), the o block (driven by dh), P_rest (T, B, G - 1, H), the blocks driven
        by dc, and the forget gates F (T, B, H). The same element-wise operations as
        ``_backward_prep``, so the same numbers, without its (T, B, G·H) temporaries.
        """
        gT, tcT = fwd["gT"], fwd["tcT"]
        T, GH, B = gT.shape
        H = self.hidden_size
        G = GH // H
        g4 = gT.reshape(T, G, H, B)
        o, i, c_tilde = g4[:, 0], g4[:, 1], g4[:, G - 1]
        tmp = np.empty((T, H, B), dtype=self.dtype)
        sub, mul = np.subtract, np.multiply

        def std(a: np.ndarray) -> np.ndarray:
            return np.ascontiguousarray(a.transpose(0, 2, 1))

        mul(tcT, tcT, tmp)
        sub(1.0, tmp, tmp)
        K = std(mul(tmp, o, tmp))
        sub(1.0, o, tmp)
        mul(tmp, o, tmp)
        P_o = std(mul(tmp, tcT, tmp))
        P_rest = np.empty((T, B, G - 1, H), dtype=self.dtype)
        sub(1.0, i, tmp)
        mul(tmp, i, tmp)
        np.copyto(P_rest[:, :, 0], mul(tmp, c_tilde, tmp).transpose(0, 2, 1))
        if self.forget_gate:
            f = g4[:, 2]
            sub(1.0, f, tmp)
            mul(tmp, f, tmp)
            np.copyto(P_rest[:, :, 1], mul(tmp, fwd["cT"][:-1], tmp).transpose(0, 2, 1))
        mul(c_tilde, c_tilde, tmp)
        sub(1.0, tmp, tmp)
        np.copyto(P_rest[:, :, G - 2], mul(tmp, i, tmp).transpose(0, 2, 1))
        if self.forget_gate:
            F = std(g4[:, 2])
        else:
            F = np.broadcast_to(np.ones((), dtype=self.dtype), (T, B, H))
        return K, P_o, P_rest, F

    def _stack_step(self, fwd, packed):
        # The o block and the other blocks as separate contiguous arrays, with matching
        # row blocks of W_h^T: the element-wise products then run over contiguous memory
        # and each block is one matmul.
        K, P_o, P_rest, f = self._stack_factors(fwd)
        T, B, G1, H = P_rest.shape
        G = G1 + 1
        W_hT = packed["W_h"].T
        W_oT = np.ascontiguousarray(W_hT[:H])
        W_restT = np.ascontiguousarray(W_hT[H:])
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
            np.multiply(dcs, f[s], out=Lc)

        return step

    def _trace_fields(self, fwd, bwd):
        H = self.hidden_size
        g = fwd["gT"]
        T, GH, B = g.shape
        g4 = g.reshape(T, GH // H, H, B)
        names = {"o": "o", "i": "i", "f": "f", "c": "c_tilde"}
        gates = {names[name]: g4[:, k].transpose(0, 2, 1) for k, name in enumerate(self._gates)}
        if not self.forget_gate:
            gates["f"] = np.ones((T, B, H), dtype=self.dtype)
        gates = {k: gates[k] for k in ("i", "f", "o", "c_tilde")}
        return {
            "cell": fwd["call"][1:],
            "grad_cell": bwd["grad_cell"],
            "gates": gates,
            "preact": None,
        }
