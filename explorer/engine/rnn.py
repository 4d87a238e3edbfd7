"""The vanilla (Elman) RNN: ``H_t = phi(X_t W_xh + H_{t-1} W_hh + b_h)``, ``O_t = H_t W_hq + b_q``.

``rnn_step_forward`` / ``rnn_step_backward`` are the plain one-step functions (CS231n
style, explicit cache). :class:`VanillaRNN` runs the fused sequence kernels that the
animation loop uses; the step functions serve the Jacobian view and as a reference.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import validation as check
from .recurrent import RecurrentModel

ACTIVATIONS = ("tanh", "relu")


def rnn_step_forward(
    x: np.ndarray,
    h_prev: np.ndarray,
    W_xh: np.ndarray,
    W_hh: np.ndarray,
    b_h: np.ndarray,
    activation: str = "tanh",
) -> tuple[np.ndarray, tuple]:
    """One step. x: (B, D), h_prev: (B, H) -> h: (B, H) and the cache for the backward step."""
    a = x @ W_xh + h_prev @ W_hh + b_h
    h = np.tanh(a) if activation == "tanh" else np.maximum(a, 0.0)
    return h, (x, h_prev, W_xh, W_hh, a, h, activation)


def rnn_step_backward(dh: np.ndarray, cache: tuple) -> tuple[np.ndarray, ...]:
    """Backward of one step. dh: (B, H) -> dx (B, D), dh_prev (B, H), dW_xh, dW_hh, db_h."""
    x, h_prev, W_xh, W_hh, a, h, activation = cache
    da = dh * (1.0 - h * h) if activation == "tanh" else dh * (a > 0)
    return da @ W_xh.T, da @ W_hh.T, x.T @ da, h_prev.T @ da, da.sum(axis=0)


class VanillaRNN(RecurrentModel):
    """Elman RNN with a linear read-out.

    params: W_xh (D, H), W_hh (H, H), b_h (H,), W_hq (H, O), b_q (O,).
    """

    cell = "rnn"
    n_state = 1
    recurrent_names = ("W_hh",)
    default_recurrent = "W_hh"

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        output_size: int,
        activation: str = "tanh",
        *,
        init: str = "uniform",
        recurrent_scale: float = 1.0,
        seed: int | None = None,
        dtype: Any = np.float64,
    ) -> None:
        self.activation = check.check_choice(activation, "activation", ACTIVATIONS)
        super().__init__(
            input_size,
            hidden_size,
            output_size,
            init=init,
            recurrent_scale=recurrent_scale,
            seed=seed,
            dtype=dtype,
        )

    def _extra_config(self) -> dict[str, Any]:
        return {"activation": self.activation}

    def _param_shapes(self) -> dict[str, tuple[int, ...]]:
        D, H, Q = self.input_size, self.hidden_size, self.output_size
        return {"W_xh": (D, H), "W_hh": (H, H), "b_h": (H,), "W_hq": (H, Q), "b_q": (Q,)}

    def _pack(self) -> dict[str, np.ndarray]:
        # A private copy: the contrib closure may run after the optimizer moved W_hh.
        return {"W_hh": self.params["W_hh"].copy()}

    def step_forward(self, x, state, params=None):
        """One step on the tuple state ``(h,)``; returns ``((h,), cache)``."""
        p = self.params if params is None else params
        h, cache = rnn_step_forward(x, state[0], p["W_xh"], p["W_hh"], p["b_h"], self.activation)
        return (h,), cache

    def step_backward(self, dstate, cache):
        """Backward of :meth:`step_forward`: ``(dx, (dh_prev,), dparams)``."""
        dx, dh_prev, dW_xh, dW_hh, db_h = rnn_step_backward(dstate[0], cache)
        return dx, (dh_prev,), {"W_xh": dW_xh, "W_hh": dW_hh, "b_h": db_h}

    def _forward_seq(self, X, state0, packed):
        T, B, D = X.shape
        H = self.hidden_size
        # Pooled (T, B, .) arrays throughout: see buffers.py.
        A = self._pool.empty((T, B, H), self.dtype)
        np.dot(X.reshape(T * B, D), self.params["W_xh"], out=A.reshape(T * B, H))
        A += self.params["b_h"]
        hall = self._pool.empty((T + 1, B, H), self.dtype)
        hall[0] = state0[0]
        W_hh = packed["W_hh"]
        tmp = np.empty((B, H), dtype=self.dtype)
        relu = self.activation == "relu"
        for t in range(T):
            np.dot(hall[t], W_hh, out=tmp)
            a = A[t]
            np.add(a, tmp, out=a)
            if relu:
                np.maximum(a, 0.0, out=hall[t + 1])
            else:
                np.tanh(a, out=hall[t + 1])
        return {"hall": hall, "preact": A}

    def _backward_seq(self, dH_local, fwd, packed, xi):
        T, B, H = dH_local.shape
        hidden = fwd["hall"][1:]
        empty = self._pool.empty
        dphi = empty((T, B, H), self.dtype)
        if self.activation == "relu":
            np.greater(fwd["preact"], 0, out=dphi)
        else:
            np.multiply(hidden, hidden, out=dphi)
            np.subtract(1.0, dphi, out=dphi)
        W_hhT = packed["W_hh"].T
        dA = empty((T, B, H), self.dtype)
        grad_hidden = empty((T, B, H), self.dtype)
        carry = np.zeros((B, H), dtype=self.dtype)
        for t in range(T - 1, -1, -1):
            dh = grad_hidden[t]
            np.add(dH_local[t], carry, out=dh)
            np.multiply(dh, dphi[t], out=dA[t])
            if t == 0:
                break
            if xi[t] == 0.0:
                carry.fill(0.0)
                continue
            np.dot(dA[t], W_hhT, out=carry)
            if xi[t] != 1.0:
                carry *= xi[t]
        fwd["dphi"] = dphi
        return {"dA": dA, "grad_hidden": grad_hidden, "grad_cell": None}

    def _param_grads(self, X, fwd, bwd):
        T, B, D = X.shape
        H = self.hidden_size
        dA = bwd["dA"].reshape(T * B, H)
        return {
            "W_xh": X.reshape(T * B, D).T @ dA,
            "W_hh": fwd["hall"][:-1].reshape(T * B, H).T @ dA,
            "b_h": dA.sum(axis=0),
        }

    def _weight_terms(self, X, fwd, bwd):
        return [(X, bwd["dA"], ("W_xh",)), (fwd["hall"][:-1], bwd["dA"], ("W_hh",))]

    def _stack_step(self, fwd, packed):
        dphi = fwd["dphi"]
        W_hhT = packed["W_hh"].T
        H = self.hidden_size

        def step(s, Lh, Lc):
            Lh *= dphi[s]
            Lh[...] = (Lh.reshape(-1, H) @ W_hhT).reshape(Lh.shape)

        return step

    def _trace_fields(self, fwd, bwd):
        return {"cell": None, "grad_cell": None, "gates": {}, "preact": fwd["preact"]}
