"""The parts every recurrent model shares: construction, checks, BPTT driver, persistence.

A cell subclass (``rnn.py``, ``lstm.py``, ``gru.py``) supplies the parameter layout and
three sequence kernels that work on all T steps at once:

* ``_forward_seq(X, state0, packed)``: the forward loop, filling preallocated (T, B, .)
  buffers; returns a dict of them (``"hall"`` is (T + 1, B, H) with ``hall[0] = h0``).
* ``_backward_seq(dH_local, fwd, packed, xi)``: the reverse loop; returns a dict with
  ``"dA"`` (pre-activation gradients, gate-major), ``"grad_hidden"`` and ``"grad_cell"``.
* ``_stack_step(fwd, packed)``: a function that backpropagates a *stack* of adjoints
  (n, B, H) through one step, used for ``Trace.contrib``; called on first read only.

Inside the kernels the per-gate matrices are concatenated gate-major (e.g. the LSTM's
``W_x*`` become one (D, 4H) array), so the input projections of all steps are a single
matmul and each weight gradient is a single matmul outside the time loop. ``params``
itself stays a dict of separate named arrays that optimizers update in place.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np

from . import validation as check
from .buffers import BufferPool
from .checkpoint import Checkpointable
from .init import INITS, init_params, seed_streams
from .losses import LOSSES, sequence_loss
from .trace import LossGrads, Trace
from .truncation import as_truncation

State = np.ndarray | tuple[np.ndarray, np.ndarray]
# Hidden units × examples × steps of one chunk of a forward pass without gradients.
_FORWARD_CHUNK_BYTES = 1 << 19
# Scratch memory of the per-step weight-gradient terms (computed a few steps at a time).
_TERM_CHUNK_BYTES = 1 << 21


def read_out(hidden: np.ndarray, W_hq: np.ndarray, b_q: np.ndarray) -> np.ndarray:
    """The output head o_t = h_t W_hq + b_q for every step: (T, B, K) → (T, B, Q)."""
    T, B, K = hidden.shape
    out = hidden.reshape(T * B, K) @ W_hq
    out += b_q
    return out.reshape(T, B, W_hq.shape[1])


class RecurrentModel(Checkpointable):
    """Base class of :class:`VanillaRNN`, :class:`LSTM` and :class:`GRU`; not used directly."""

    cell: str = ""
    n_state: int = 1
    recurrent_names: tuple[str, ...] = ()
    default_recurrent: str = ""
    # The model names its activations, so no view has to guess them from the numbers:
    # that of the hidden state (vanilla) or candidate (gated cells), and that of the gates.
    activation: str = "tanh"
    gate_activation: str = "sigmoid"

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        output_size: int,
        *,
        init: str = "uniform",
        recurrent_scale: float = 1.0,
        seed: int | None = None,
        dtype: Any = np.float64,
    ) -> None:
        self.input_size = check.check_positive_int(input_size, "input_size")
        self.hidden_size = check.check_positive_int(hidden_size, "hidden_size")
        self.output_size = check.check_positive_int(output_size, "output_size")
        self.init = check.check_choice(init, "init", INITS)
        self.recurrent_scale = check.check_finite_float(recurrent_scale, "recurrent_scale")
        self.seed = check.check_seed(seed)
        self.dtype = check.check_dtype(dtype)
        init_seq, self.rng = seed_streams(self.seed)
        # Several (T, B, H) arrays live at once (trace fields, scratch of the kernels).
        self._pool = BufferPool(per_shape=6)
        self.params: dict[str, np.ndarray] = init_params(
            self._param_shapes(),
            self.recurrent_names,
            self.hidden_size,
            self.init,
            self.recurrent_scale,
            np.random.default_rng(init_seq),
            self.dtype,
        )

    # --- hooks a cell provides ------------------------------------------------------
    def _param_shapes(self) -> dict[str, tuple[int, ...]]:
        raise NotImplementedError

    def _pack(self) -> dict[str, np.ndarray]:
        raise NotImplementedError

    def _forward_seq(self, X, state0, packed) -> dict[str, np.ndarray]:
        raise NotImplementedError

    def _backward_seq(self, dH_local, fwd, packed, xi) -> dict[str, np.ndarray]:
        raise NotImplementedError

    def _param_grads(self, X, fwd, bwd) -> dict[str, np.ndarray]:
        raise NotImplementedError

    def _weight_terms(self, X, fwd, bwd) -> list[tuple[np.ndarray, np.ndarray, tuple[str, ...]]]:
        raise NotImplementedError

    def _stack_step(self, fwd, packed) -> Callable:
        raise NotImplementedError

    def _trace_fields(self, fwd, bwd) -> dict[str, Any]:
        raise NotImplementedError

    def step_forward(self, x, state, params=None):
        raise NotImplementedError

    def step_backward(self, dstate, cache):
        raise NotImplementedError

    def _extra_config(self) -> dict[str, Any]:
        return {}

    # --- public API -------------------------------------------------------------------
    def config(self) -> dict[str, Any]:
        """JSON-able constructor arguments: ``type(model)(**model.config())`` rebuilds it."""
        return {
            "input_size": self.input_size,
            "hidden_size": self.hidden_size,
            "output_size": self.output_size,
            **self._extra_config(),
            "init": self.init,
            "recurrent_scale": self.recurrent_scale,
            "seed": self.seed,
            "dtype": self.dtype.name,
        }

    def forward(self, X: np.ndarray, h0: State | None = None) -> tuple[np.ndarray, State]:
        """Run the model without gradients.

        Args:
            X: (T, B, D) inputs.
            h0: initial state, as for :meth:`loss_and_grads`; zeros by default.
        Returns:
            outputs (T, B, O) and the final state: array (B, H), or ``(h, c)`` for the LSTM.
        """
        X = check.check_inputs(X, self.input_size, self.dtype)
        T, B, _ = X.shape
        state = check.check_state(h0, B, self.hidden_size, self.n_state, self.dtype)
        # Nothing is kept for a backward pass, so the loop runs a few steps at a time and
        # keeps only the hidden states: evaluation batches are bigger than training ones
        # (all T at once would take ≈ 120 MB for an LSTM at T = 200, H = 64, B = 128).
        # Each step computes exactly what it computes in one whole-sequence pass; the
        # chunks' buffers are small enough to wait in the model's pool. ``hidden`` is pooled
        # too: a fresh (T, B, H) array is page faults (zeroed fresh memory) on every
        # evaluation once the allocator has handed its pages back.
        n = max(1, _FORWARD_CHUNK_BYTES // (B * self.hidden_size * self.dtype.itemsize))
        hidden = self._pool.empty((T, B, self.hidden_size), self.dtype)
        packed = self._pack()
        with np.errstate(all="ignore"):
            for s in range(0, T, n):
                state = self._forward_into(X[s : s + n], state, packed, hidden[s : s + n])
            outputs = self._outputs(hidden)
        final = state[0].copy()
        if self.n_state == 2:
            return outputs, (final, state[1].copy())
        return outputs, final

    def _forward_into(self, X, state0, packed, hidden: np.ndarray) -> tuple[np.ndarray, ...]:
        """The forward loop over ``X``'s steps without gradients: writes the hidden states
        into ``hidden`` (T, B, H) and returns the final state tuple (views of the pass's
        buffers). A cell whose kernel keeps its states in another layout overrides this to
        skip the (T, B, H) copies that only a backward pass reads."""
        fwd = self._forward_seq(X, state0, packed)
        hidden[...] = fwd["hall"][1:]
        return (fwd["hall"][-1],) + ((fwd["call"][-1],) if self.n_state == 2 else ())

    def _outputs(self, hidden: np.ndarray) -> np.ndarray:
        return read_out(hidden, self.params["W_hq"], self.params["b_q"])

    def loss_and_grads(
        self,
        X: np.ndarray,
        Y: np.ndarray,
        loss: str = "mse",
        mask: np.ndarray | None = None,
        truncation: Any = None,
        h0: State | None = None,
    ) -> LossGrads:
        """Forward pass, loss, and backpropagation through time.

        Args:
            X: (T, B, D) inputs.
            Y: (T, B, O) floats for ``loss="mse"``; (T, B) integer classes for ``"ce"``.
            loss: "mse" or "ce" (both use the mean over masked-in (t, b)).
            mask: (T, B) of 0/1, or None for all ones.
            truncation: a :class:`Truncation` (randomized truncation draws T numbers from
                ``self.rng``), or its short spellings None, k or ("random", p).
            h0: (B, H) initial state (LSTM: tuple (h0, c0)); zeros by default.
        Returns:
            :class:`LossGrads` with ``loss``, ``grads``, ``finite`` and ``trace``.
        Raises:
            ValueError: on any malformed argument; the model is then left untouched.
        """
        X = check.check_inputs(X, self.input_size, self.dtype)
        T, B, _ = X.shape
        kind = check.check_choice(loss, "loss", LOSSES)
        m = check.check_mask(mask, T, B, self.dtype)
        Y = check.check_targets(Y, kind, T, B, self.output_size, m, self.dtype)
        state0 = check.check_state(h0, B, self.hidden_size, self.n_state, self.dtype)
        xi = as_truncation(truncation).xi(T, self.rng)
        return self._run(X, Y, kind, m, state0, xi)

    def _run(self, X, Y, kind, m, state0, xi) -> LossGrads:
        T, B, _ = X.shape
        H, Od = self.hidden_size, self.output_size
        W_hq = self.params["W_hq"]
        with np.errstate(all="ignore"):
            packed = self._pack()
            fwd = self._forward_seq(X, state0, packed)
            hidden = fwd["hall"][1:]
            outputs = self._outputs(hidden)
            step_losses, dO = sequence_loss(kind, outputs, Y, m)
            dO2 = dO.reshape(T * B, Od)
            dH_local = self._pool.empty((T, B, H), self.dtype)
            np.dot(dO2, W_hq.T, out=dH_local.reshape(T * B, H))
            bwd = self._backward_seq(dH_local, fwd, packed, xi)
            grads = self._param_grads(X, fwd, bwd)
            grads["W_hq"] = hidden.reshape(T * B, H).T @ dO2
            grads["b_q"] = dO2.sum(axis=0)
            value = float(step_losses.sum())
            finite = bool(np.isfinite(value)) and all(np.isfinite(g).all() for g in grads.values())
        grads = {name: grads[name] for name in self.params}

        # Built on first read of contrib: its per-step factors cost memory and time that a
        # plain training iteration should not pay.
        make_stack_step = functools.partial(self._stack_step, fwd, packed)
        weight_terms = self._weight_terms(X, fwd, bwd)
        weight_terms.append((hidden, dO, ("W_hq",)))
        trace = Trace(
            X=X,
            mask=m,
            h0=state0[0],
            c0=state0[1] if self.n_state == 2 else None,
            hidden=hidden,
            outputs=outputs,
            step_losses=step_losses,
            grad_outputs=dO,
            grad_hidden=bwd["grad_hidden"],
            xi=xi,
            _contrib_fn=_contrib_closure(dH_local, xi, make_stack_step, self.n_state == 2),
            _weight_grad_by_step_fn=_weight_terms_closure(weight_terms),
            **self._trace_fields(fwd, bwd),
        )
        return LossGrads(loss=value, grads=grads, finite=finite, trace=trace)

    def step_jacobian(
        self, X: np.ndarray, t: int, b: int = 0, h0: State | None = None
    ) -> np.ndarray:
        """The Jacobian dh_t/dh_{t-1} (H, H) of example ``b`` at step ``t`` (0-indexed).

        Row i, column j holds d hidden[t][i] / d hidden[t-1][j], with hidden[-1] = h0. For
        the LSTM the previous cell c_{t-1} is held fixed: this is the path through the
        gates and the candidate, the part that multiplies like a vanilla RNN's W_hh.
        """
        X = check.check_inputs(X, self.input_size, self.dtype)
        T, B, _ = X.shape
        if isinstance(t, bool) or not isinstance(t, (int, np.integer)) or not 0 <= t < T:
            raise ValueError(f"t must be an integer step in [0, {T}), got {t!r}")
        if isinstance(b, bool) or not isinstance(b, (int, np.integer)) or not 0 <= b < B:
            raise ValueError(f"b must be an integer example index in [0, {B}), got {b!r}")
        state0 = check.check_state(h0, B, self.hidden_size, self.n_state, self.dtype)
        H = self.hidden_size
        with np.errstate(all="ignore"):
            state = tuple(s[b : b + 1] for s in state0)
            if t > 0:
                fwd = self._forward_seq(X[:t, b : b + 1], state, self._pack())
                state = (fwd["hall"][-1],) + ((fwd["call"][-1],) if self.n_state == 2 else ())
            x = np.repeat(X[t, b : b + 1], H, axis=0)
            reps = tuple(np.repeat(s, H, axis=0) for s in state)
            _, cache = self.step_forward(x, reps)
            eye = np.eye(H, dtype=self.dtype)
            dstate = (eye,) + ((np.zeros_like(eye),) if self.n_state == 2 else ())
            _, dprev, _ = self.step_backward(dstate, cache)
        return np.asarray(dprev[0], dtype=np.float64)


def _contrib_closure(dH_local, xi, make_stack_step, has_cell) -> Callable[[], np.ndarray]:
    """Itemized gradients (RNNbow): one reverse sweep carrying one adjoint per error step.

    While the sweep is at step s, the live rows ``L[lo:hi]`` hold d step_losses[t] / d h_s
    for the error steps ``t = rows[lo:hi]``; a new error is pushed below ``lo`` when the
    sweep reaches its own step. Steps without error (masked out) are never pushed, a cut
    (xi = 0) empties the stack, and adjoints that decayed below ``tiny / eps`` of the dtype
    are dropped (reported as 0), which keeps float32 sweeps out of slow subnormal numbers.
    """

    def compute() -> np.ndarray:
        T = dH_local.shape[0]
        C = np.zeros((T, T))
        Lh = np.empty_like(dH_local)
        Lc = np.zeros_like(dH_local) if has_cell else None
        rows = np.empty(T, dtype=np.intp)
        info = np.finfo(dH_local.dtype)
        negligible = info.tiny / info.eps
        lo = hi = T
        with np.errstate(all="ignore"):
            stack_step = make_stack_step()
            for s in range(T - 1, -1, -1):
                if dH_local[s].any():
                    lo -= 1
                    Lh[lo] = dH_local[s]
                    rows[lo] = s
                    if has_cell:
                        Lc[lo] = 0.0
                if lo == hi:
                    continue
                live = Lh[lo:hi]
                norms = np.sqrt(np.einsum("nbh,nbh->n", live, live))
                C[rows[lo:hi], s] = norms
                while (
                    hi > lo
                    and norms[hi - lo - 1] < negligible
                    and (not has_cell or np.abs(Lc[hi - 1]).max() < negligible)
                ):
                    hi -= 1
                if s == 0 or lo == hi:
                    continue
                if xi[s] == 0.0:
                    lo = hi = s
                    continue
                live = Lh[lo:hi]
                live_c = Lc[lo:hi] if has_cell else None
                stack_step(s, live, live_c)
                if xi[s] != 1.0:
                    live *= xi[s]
                    if has_cell:
                        live_c *= xi[s]
        return C

    return compute


def _weight_terms_closure(terms) -> Callable[[], dict[str, np.ndarray]]:
    """Per-step norms ||left_t^T right_t||_F, split into gate blocks of ``right``.

    The (K, G·H) products of a few steps at a time: all T at once would take T times that
    (26 MB for an LSTM at T = 200, H = 64) for numbers that are read once.
    """

    def compute() -> dict[str, np.ndarray]:
        out = {}
        with np.errstate(all="ignore"):
            for left, right, names in terms:
                T, _, K = left.shape
                per_step = K * right.shape[2] * np.result_type(left, right).itemsize
                n = max(1, _TERM_CHUNK_BYTES // per_step)
                norms = np.empty((T, len(names)))
                for s in range(0, T, n):
                    prod = np.matmul(left[s : s + n].transpose(0, 2, 1), right[s : s + n])
                    prod = prod.reshape(prod.shape[0], K, len(names), -1)
                    norms[s : s + n] = np.sqrt(np.einsum("tigh,tigh->tg", prod, prod))
                for g, name in enumerate(names):
                    out[name] = norms[:, g].copy()
        return out

    return compute
