"""Output-to-hidden recurrence (Goodfellow et al., Deep Learning, fig. 10.4; seed 001).

    H_t = phi(X_t W_xh + F_{t-1} W_oh + b_h),   O_t = H_t W_hq + b_q

There is no hidden-to-hidden matrix: the only path from one step to the next runs through
the signal F_{t-1} fed back from the previous step.

* Teacher forcing: F_{t-1} is the *target* y_{t-1} (its one-hot row for ``loss="ce"``).
  Every step then depends on data only, the steps decouple, and training needs no
  backpropagation through time at all — the trace's ``xi`` is all zeros (every step cut).
* Free running: F_{t-1} is the model's own prediction of y_{t-1} — O_{t-1} for "mse",
  softmax(O_{t-1}) for "ce" — and the gradient flows back through it (BPTT through o),
  truncated by ``truncation`` as for the other models.

F_{-1} is ``o0`` (zeros by default) in both modes.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import validation as check
from .checkpoint import Checkpointable
from .init import INITS, init_params, seed_streams
from .losses import LOSSES, sequence_loss
from .recurrent import _contrib_closure, _weight_terms_closure
from .rnn import ACTIVATIONS
from .trace import LossGrads, Trace
from .truncation import as_truncation


@dataclass(frozen=True, eq=False)
class OutputRecurrenceTrace(Trace):
    """A :class:`Trace` plus what the output recurrence feeds back.

    Attributes (besides :class:`Trace`'s; ``h0`` is zeros and unused, ``preact`` holds
    the pre-activations):
        teacher_forcing: True when the targets were fed back.
        fed: (T, B, O) the signal F_{t-1} that entered step t.
        grad_fed: (T, B, O) dloss/dF_{t-1}, the gradient step t sends towards o_{t-1}
            (before ``xi``; under teacher forcing it stops there).
        grad_outputs_total: (T, B, O) total dloss/dO_t: the read-out's own share plus
            what comes back through the next step.
    """

    teacher_forcing: bool = False
    fed: np.ndarray | None = None
    grad_fed: np.ndarray | None = None
    grad_outputs_total: np.ndarray | None = None


def _softmax(o: np.ndarray) -> np.ndarray:
    e = np.exp(o - o.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


class OutputRecurrentRNN(Checkpointable):
    """Elman-style cell whose recurrence runs through the output (see module docstring).

    params: W_xh (D, H), W_oh (O, H), b_h (H,), W_hq (H, O), b_q (O,).
    """

    cell = "output_recurrence"
    n_state = 1
    default_recurrent = "W_oh"

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
        self.input_size = check.check_positive_int(input_size, "input_size")
        self.hidden_size = check.check_positive_int(hidden_size, "hidden_size")
        self.output_size = check.check_positive_int(output_size, "output_size")
        self.activation = check.check_choice(activation, "activation", ACTIVATIONS)
        self.init = check.check_choice(init, "init", INITS)
        self.recurrent_scale = check.check_finite_float(recurrent_scale, "recurrent_scale")
        self.seed = check.check_seed(seed)
        self.dtype = check.check_dtype(dtype)
        init_seq, self.rng = seed_streams(self.seed)
        D, H, Q = self.input_size, self.hidden_size, self.output_size
        shapes = {"W_xh": (D, H), "W_oh": (Q, H), "b_h": (H,), "W_hq": (H, Q), "b_q": (Q,)}
        self.params = init_params(
            shapes, (), H, self.init, 1.0, np.random.default_rng(init_seq), self.dtype
        )
        self.params["W_oh"] *= self.recurrent_scale

    def config(self) -> dict[str, Any]:
        """JSON-able constructor arguments."""
        return {
            "input_size": self.input_size,
            "hidden_size": self.hidden_size,
            "output_size": self.output_size,
            "activation": self.activation,
            "init": self.init,
            "recurrent_scale": self.recurrent_scale,
            "seed": self.seed,
            "dtype": self.dtype.name,
        }

    # --- pieces -------------------------------------------------------------------------
    def _phi(self, a: np.ndarray) -> np.ndarray:
        return np.tanh(a) if self.activation == "tanh" else np.maximum(a, 0.0)

    def _dphi(self, a: np.ndarray, h: np.ndarray) -> np.ndarray:
        return 1.0 - h * h if self.activation == "tanh" else (a > 0).astype(self.dtype)

    def _check_o0(self, o0: object, B: int) -> np.ndarray:
        if o0 is None:
            return np.zeros((B, self.output_size), dtype=self.dtype)
        arr = check.as_real_array(o0, "o0")
        if arr.shape != (B, self.output_size):
            raise ValueError(
                f"o0 must have shape (B, O) = {(B, self.output_size)}, got {arr.shape}"
            )
        out = np.array(arr, dtype=self.dtype)
        if not np.isfinite(out).all():
            raise ValueError("o0 must be finite (it contains NaN or inf)")
        return out

    def _free_run(self, XW: np.ndarray, o0: np.ndarray, kind: str):
        """The free-running loop: pre-activations, states, outputs, fed signals (T, B, ·)."""
        T, B, _ = XW.shape
        p = self.params
        A = np.empty_like(XW)
        hidden = np.empty_like(XW)
        outputs = np.empty((T, B, self.output_size), dtype=self.dtype)
        fed = np.empty_like(outputs)
        prev = o0
        for t in range(T):
            fed[t] = prev
            A[t] = XW[t] + prev @ p["W_oh"]
            hidden[t] = self._phi(A[t])
            outputs[t] = hidden[t] @ p["W_hq"] + p["b_q"]
            prev = _softmax(outputs[t]) if kind == "ce" else outputs[t]
        return A, hidden, outputs, fed

    def forward(self, X: np.ndarray, o0: object = None, loss: str = "mse") -> np.ndarray:
        """Free-running outputs (T, B, O); ``loss`` says what is fed back (O or softmax(O))."""
        X = check.check_inputs(X, self.input_size, self.dtype)
        kind = check.check_choice(loss, "loss", LOSSES)
        T, B, D = X.shape
        o0 = self._check_o0(o0, B)
        with np.errstate(all="ignore"):
            XW = (X.reshape(T * B, D) @ self.params["W_xh"]).reshape(T, B, -1) + self.params["b_h"]
            return self._free_run(XW, o0, kind)[2]

    def loss_and_grads(
        self,
        X: np.ndarray,
        Y: np.ndarray,
        loss: str = "mse",
        mask: np.ndarray | None = None,
        truncation: Any = None,
        h0: object = None,
        teacher_forcing: bool = False,
        o0: object = None,
    ) -> LossGrads:
        """Forward pass, loss and gradient, teacher-forced or free running.

        Args as the other models' ``loss_and_grads`` (``h0`` must stay None: there is no
        hidden-to-hidden state to start), plus ``teacher_forcing`` (feed y_{t-1}) and
        ``o0`` (B, O), the signal fed into step 0. Under teacher forcing ``truncation``
        changes nothing (every step is already cut) but a randomized one still draws.
        Returns :class:`LossGrads` whose trace is an :class:`OutputRecurrenceTrace`.
        """
        X = check.check_inputs(X, self.input_size, self.dtype)
        T, B, _ = X.shape
        kind = check.check_choice(loss, "loss", LOSSES)
        m = check.check_mask(mask, T, B, self.dtype)
        Yv = check.check_targets(Y, kind, T, B, self.output_size, m, self.dtype)
        if h0 is not None:
            raise ValueError("h0 must be None: this model's state enters through o0")
        teacher_forcing = check.check_bool(teacher_forcing, "teacher_forcing")
        o0 = self._check_o0(o0, B)
        xi = as_truncation(truncation).xi(T, self.rng)
        if teacher_forcing:
            xi = np.zeros(T)
        with np.errstate(all="ignore"):
            return self._run(X, Yv, kind, m, xi, bool(teacher_forcing), o0)

    def _target_signal(self, Y: np.ndarray, kind: str) -> np.ndarray:
        if kind == "mse":
            return Y
        out = np.zeros((*Y.shape, self.output_size), dtype=self.dtype)
        np.put_along_axis(out, Y[..., None], 1.0, axis=-1)
        return out

    def _run(self, X, Y, kind, m, xi, teacher, o0) -> LossGrads:
        T, B, D = X.shape
        H, Q = self.hidden_size, self.output_size
        p = self.params
        XW = (X.reshape(T * B, D) @ p["W_xh"]).reshape(T, B, H) + p["b_h"]
        if teacher:
            fed = np.concatenate([o0[None], self._target_signal(Y, kind)[:-1]])
            A = XW + (fed.reshape(T * B, Q) @ p["W_oh"]).reshape(T, B, H)
            hidden = self._phi(A)
            outputs = (hidden.reshape(T * B, H) @ p["W_hq"]).reshape(T, B, Q) + p["b_q"]
        else:
            A, hidden, outputs, fed = self._free_run(XW, o0, kind)
        step_losses, dO = sequence_loss(kind, outputs, Y, m)
        dphi = self._dphi(A, hidden)
        W_oh, W_hq = p["W_oh"].copy(), p["W_hq"].copy()
        feedback = functools.partial(self._feedback_grad, outputs=outputs, kind=kind)
        g_o, dA, d_fed = self._backward(dO, dphi, W_oh, W_hq, xi, feedback)
        grads = {
            "W_xh": X.reshape(T * B, D).T @ dA.reshape(T * B, H),
            "W_oh": fed.reshape(T * B, Q).T @ dA.reshape(T * B, H),
            "b_h": dA.sum(axis=(0, 1)),
            "W_hq": hidden.reshape(T * B, H).T @ g_o.reshape(T * B, Q),
            "b_q": g_o.sum(axis=(0, 1)),
        }
        value = float(step_losses.sum())
        finite = bool(np.isfinite(value)) and all(np.isfinite(g).all() for g in grads.values())
        dH_local = dO @ W_hq.T

        def make_stack_step():
            def step(s, Lh, Lc):
                d_prev = (Lh * dphi[s]) @ W_oh.T
                Lh[...] = feedback(s - 1, d_prev) @ W_hq.T

            return step

        trace = OutputRecurrenceTrace(
            X=X,
            mask=m,
            h0=np.zeros((B, H), dtype=self.dtype),
            c0=None,
            hidden=hidden,
            outputs=outputs,
            step_losses=step_losses,
            grad_outputs=dO,
            grad_hidden=g_o @ W_hq.T,
            cell=None,
            grad_cell=None,
            gates={},
            preact=A,
            xi=xi,
            _contrib_fn=_contrib_closure(dH_local, xi, make_stack_step, False),
            _weight_grad_by_step_fn=_weight_terms_closure(
                [(X, dA, ("W_xh",)), (fed, dA, ("W_oh",)), (hidden, g_o, ("W_hq",))]
            ),
            teacher_forcing=teacher,
            fed=fed,
            grad_fed=d_fed,
            grad_outputs_total=g_o,
        )
        return LossGrads(loss=value, grads={k: grads[k] for k in p}, finite=finite, trace=trace)

    @staticmethod
    def _feedback_grad(t: int, g: np.ndarray, outputs: np.ndarray, kind: str) -> np.ndarray:
        """Gradient ``g`` on the fed signal F_t mapped back onto O_t (softmax's J^T for "ce")."""
        if kind == "mse":
            return g
        prob = _softmax(outputs[t])
        return prob * (g - (g * prob).sum(axis=-1, keepdims=True))

    def _backward(self, dO, dphi, W_oh, W_hq, xi, feedback):
        """The reverse loop: total dO_t, pre-activation gradients and dF, all (T, B, ·)."""
        T = dO.shape[0]
        g_o = np.empty_like(dO)
        dA = np.empty_like(dphi)
        d_fed = np.empty_like(dO)
        carry = np.zeros_like(dO[0])
        for t in range(T - 1, -1, -1):
            g_o[t] = dO[t] + carry
            dA[t] = (g_o[t] @ W_hq.T) * dphi[t]
            d_fed[t] = dA[t] @ W_oh.T
            if t > 0:
                carry = feedback(t - 1, d_fed[t]) * xi[t] if xi[t] != 0.0 else np.zeros_like(carry)
        return g_o, dA, d_fed

    def step_jacobian(
        self, X: np.ndarray, t: int, b: int = 0, loss: str = "mse", o0: object = None
    ) -> np.ndarray:
        """The Jacobian dh_t/dh_{t-1} (H, H) of example ``b`` in free running.

        Row i, column j holds d hidden[t][i] / d hidden[t-1][j] through the fed-back output
        (``loss`` says whether O or softmax(O) is fed); zero at t = 0, where the fed signal
        is the constant ``o0``. Under teacher forcing this Jacobian is zero at every step.
        """
        X = check.check_inputs(X, self.input_size, self.dtype)
        kind = check.check_choice(loss, "loss", LOSSES)
        T, B, D = X.shape
        if isinstance(t, bool) or not isinstance(t, (int, np.integer)) or not 0 <= t < T:
            raise ValueError(f"t must be an integer step in [0, {T}), got {t!r}")
        if isinstance(b, bool) or not isinstance(b, (int, np.integer)) or not 0 <= b < B:
            raise ValueError(f"b must be an integer example index in [0, {B}), got {b!r}")
        o0 = self._check_o0(o0, B)
        H = self.hidden_size
        if t == 0:
            return np.zeros((H, H))
        p = self.params
        with np.errstate(all="ignore"):
            XW = (X[: t + 1, b : b + 1].reshape(-1, D) @ p["W_xh"]).reshape(t + 1, 1, H)
            A, hidden, outputs, _ = self._free_run(XW + p["b_h"], o0[b : b + 1], kind)
            # d F_{t-1} / d h_{t-1}: W_hq, then softmax's Jacobian for "ce".
            dF = p["W_hq"]
            if kind == "ce":
                prob = _softmax(outputs[t - 1, 0])
                dF = dF @ (np.diag(prob) - np.outer(prob, prob))
            J = (dF @ p["W_oh"]).T * self._dphi(A[t, 0], hidden[t, 0])[:, None]
        return np.asarray(J, dtype=np.float64)

    def surrogate_loss(self, trace: OutputRecurrenceTrace, Y: np.ndarray, kind: str, **_) -> float:
        """The loss whose exact gradient this model's (truncated) backward pass computes.

        Step t is fed ``a + xi[t] (F(o_{t-1}) - a)`` with ``a`` the trace's fed signal: the
        value of the pass, with the derivative scaled by ``xi[t]`` (zero under teacher
        forcing, where ``a`` is the target). Plain NumPy, one step at a time.
        """
        p = self.params
        X, xi, fed = trace.X, trace.xi, trace.fed
        T = X.shape[0]
        outputs = np.empty_like(trace.outputs)
        signal = fed[0]
        for t in range(T):
            if t > 0:
                prev = _softmax(outputs[t - 1]) if kind == "ce" else outputs[t - 1]
                signal = fed[t] + xi[t] * (prev - fed[t])
            h = self._phi(X[t] @ p["W_xh"] + signal @ p["W_oh"] + p["b_h"])
            outputs[t] = h @ p["W_hq"] + p["b_q"]
        step_losses, _ = sequence_loss(kind, outputs, Y, trace.mask)
        return float(step_losses.sum())
