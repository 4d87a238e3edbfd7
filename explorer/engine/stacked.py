"""Deep (stacked) and bidirectional recurrent networks over the existing cells.

Layer l > 0 reads the concatenation ``[h_fwd, h_rev]`` of layer l − 1 (d2l's deep and
bidirectional RNNs; PyTorch's ``nn.RNN/LSTM(num_layers=…, bidirectional=True)``), and the
read-out ``O_t = [h_fwd_t, h_rev_t] W_hq + b_q`` reads the top layer (W_hq has
H · directions rows). Each layer and direction is one of the cell classes used as a core,
so the tuned loops of ``rnn.py``, ``lstm.py`` and ``gru.py`` do the work.

Parameter names: ``l{l}.{name}`` for the forward direction of layer l, ``l{l}r.{name}`` for
the reverse one (``l0.W_xh``, ``l1r.W_hh``), ``W_hq`` and ``b_q`` unprefixed.

Choices:

* Truncation (``k`` or ``("random", p)``) cuts the forward direction of every layer at the
  same steps, one draw of ``xi`` per call as for one layer. The reverse direction is never
  truncated: it reads the sequence from its end in one piece, with full BPTT.
* ``mask`` weights the loss only. ``lengths`` (B,) gives each example's valid length:
  the reverse direction then reads x_{len−1} … x_0 and only afterwards the padding, so
  padding never reaches the valid steps of either direction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from . import validation as check
from .checkpoint import Checkpointable
from .init import INITS, init_params, seed_streams, sub_seeds
from .layer_stack import CORES, LayerStack, check_lengths
from .layer_trace import DIRECTIONS, LazyConcat, StackedTrace, stack_directions
from .losses import LOSSES, sequence_loss
from .recurrent import _weight_terms_closure, read_out
from .trace import LossGrads
from .truncation import as_truncation


class StackedRNN(Checkpointable):
    """A deep and/or bidirectional RNN, LSTM or GRU with a linear read-out.

    Same public API as the one-layer models (``loss_and_grads``, ``forward``,
    ``step_jacobian``, ``params``, ``state_dict`` …), plus ``lengths`` on the passes.
    params: ``l{l}[r].{cell parameter}`` for every layer and direction, ``W_hq``
    (H · directions, O), ``b_q`` (O,).
    """

    def __init__(
        self,
        cell: str,
        input_size: int,
        hidden_size: int,
        output_size: int,
        num_layers: int = 2,
        bidirectional: bool = False,
        *,
        init: str = "uniform",
        recurrent_scale: float = 1.0,
        seed: int | None = None,
        dtype: Any = np.float64,
        **cell_options: Any,
    ) -> None:
        self.cell = check.check_choice(cell, "cell", tuple(CORES))
        self.input_size = check.check_positive_int(input_size, "input_size")
        self.hidden_size = check.check_positive_int(hidden_size, "hidden_size")
        self.output_size = check.check_positive_int(output_size, "output_size")
        self.num_layers = check.check_positive_int(num_layers, "num_layers")
        self.bidirectional = check.check_bool(bidirectional, "bidirectional")
        self.init = check.check_choice(init, "init", INITS)
        self.recurrent_scale = check.check_finite_float(recurrent_scale, "recurrent_scale")
        self.seed = check.check_seed(seed)
        self.dtype = check.check_dtype(dtype)
        self.cell_options = dict(cell_options)
        init_seq, self.rng = seed_streams(self.seed)
        dirs = 2 if self.bidirectional else 1
        seeds = sub_seeds(init_seq, self.num_layers * dirs + 1)
        self.stack = LayerStack(
            self.cell,
            self.input_size,
            self.hidden_size,
            self.num_layers,
            self.bidirectional,
            self.cell_options,
            self.init,
            self.recurrent_scale,
            seeds[:-1],
            self.dtype,
        )
        self.n_state = self.stack.n_state
        core0 = self.stack.cores[(0, 0)]
        self.default_recurrent = "l0." + core0.default_recurrent
        self.recurrent_names = tuple(
            LayerStack.prefix(layer, d) + n
            for (layer, d) in self.stack.cores
            for n in core0.recurrent_names
        )
        head = init_params(
            {"W_hq": (self.hidden_size * dirs, self.output_size), "b_q": (self.output_size,)},
            (),
            self.hidden_size,
            self.init,
            self.recurrent_scale,
            np.random.default_rng(seeds[-1]),
            self.dtype,
        )
        self.params: dict[str, np.ndarray] = {**self.stack.params, **head}

    @property
    def directions(self) -> int:
        """1, or 2 when bidirectional."""
        return self.stack.directions

    def layer_keys(self) -> list[tuple[int, str]]:
        """Every (layer, direction) in order, as keys of ``trace.layers``."""
        return [(layer, DIRECTIONS[d]) for layer, d in self.stack.cores]

    def layer_param_names(self, layer: int, direction: str = "forward") -> tuple[str, ...]:
        """The prefixed names in ``params`` of one layer and direction (e.g. "l1r.W_hh")."""
        d = DIRECTIONS.index(direction)
        core = self.stack.cores[(layer, d)]
        prefix = LayerStack.prefix(layer, d)
        return tuple(prefix + n for n in core.params if n not in ("W_hq", "b_q"))

    def final_state(self, trace: StackedTrace) -> list:
        """The states a pass ended in, in ``h0``'s order, to carry into the next batch.

        Forward directions: the state after the last step; reverse directions: the state
        after reading back to x_0 (without ``lengths``, as a carried state assumes).
        """
        out = []
        for key in self.layer_keys():
            lt = trace.layers[key]
            t = -1 if key[1] == "forward" else 0
            h = lt.hidden[t].copy()
            out.append(h if lt.cell is None else (h, lt.cell[t].copy()))
        return out

    def config(self) -> dict[str, Any]:
        """JSON-able constructor arguments: ``StackedRNN(**model.config())`` rebuilds it."""
        return {
            "cell": self.cell,
            "input_size": self.input_size,
            "hidden_size": self.hidden_size,
            "output_size": self.output_size,
            "num_layers": self.num_layers,
            "bidirectional": self.bidirectional,
            **self.cell_options,
            "init": self.init,
            "recurrent_scale": self.recurrent_scale,
            "seed": self.seed,
            "dtype": self.dtype.name,
        }

    def forward(
        self, X: np.ndarray, h0: object = None, lengths: object = None
    ) -> tuple[np.ndarray, list]:
        """Outputs (T, B, O) and the final states, one per layer and direction (h0's order)."""
        X = check.check_inputs(X, self.input_size, self.dtype)
        T, B, _ = X.shape
        lengths = check_lengths(lengths, T, B)
        states0 = self.stack.check_states(h0, B, self.dtype)
        with np.errstate(all="ignore"):
            passes = self.stack.forward(X, states0, lengths)
            outputs = self._outputs(self.stack.top_hidden(passes, lengths))
        finals = self.stack.final_states(passes, lengths)
        return outputs, [s[0] if self.n_state == 1 else s for s in finals.values()]

    def _outputs(self, top: np.ndarray) -> np.ndarray:
        return read_out(top, self.params["W_hq"], self.params["b_q"])

    def loss_and_grads(
        self,
        X: np.ndarray,
        Y: np.ndarray,
        loss: str = "mse",
        mask: np.ndarray | None = None,
        truncation: Any = None,
        h0: object = None,
        lengths: object = None,
    ) -> LossGrads:
        """Forward pass, loss and BPTT through every layer and direction.

        Args as the one-layer models' ``loss_and_grads``, plus ``lengths`` (B,) valid lengths
        (None: all T). ``h0`` is None or a list of states, layer by layer, forward first.
        Returns :class:`LossGrads` whose trace is a :class:`StackedTrace`.
        """
        X = check.check_inputs(X, self.input_size, self.dtype)
        T, B, _ = X.shape
        kind = check.check_choice(loss, "loss", LOSSES)
        m = check.check_mask(mask, T, B, self.dtype)
        Y = check.check_targets(Y, kind, T, B, self.output_size, m, self.dtype)
        lengths = check_lengths(lengths, T, B)
        states0 = self.stack.check_states(h0, B, self.dtype)
        xi = as_truncation(truncation).xi(T, self.rng)
        with np.errstate(all="ignore"):
            passes = self.stack.forward(X, states0, lengths)
            top = self.stack.top_hidden(passes, lengths)
            outputs = self._outputs(top)
            step_losses, dO = sequence_loss(kind, outputs, Y, m)
            K = top.shape[2]
            dO2 = dO.reshape(T * B, self.output_size)
            dtop = self.stack._pool.empty((T, B, K), self.dtype)
            np.dot(dO2, self.params["W_hq"].T, out=dtop.reshape(T * B, K))
            results, locals_ = self.stack.backward(passes, dtop, xi, lengths)
            grads: dict[str, np.ndarray] = {}
            for (layer, d), res in results.items():
                prefix = LayerStack.prefix(layer, d)
                grads.update({prefix + n: g for n, g in res.grads.items()})
            grads["W_hq"] = top.reshape(T * B, K).T @ dO2
            grads["b_q"] = dO2.sum(axis=0)
            value = float(step_losses.sum())
            finite = bool(np.isfinite(value)) and all(np.isfinite(g).all() for g in grads.values())
        grads = {name: grads[name] for name in self.params}
        layers = self.stack.layer_traces(passes, results, locals_, xi, lengths)
        trace = self._trace(X, m, top, outputs, step_losses, dO, xi, layers)
        return LossGrads(loss=value, grads=grads, finite=finite, trace=trace)

    def _trace(self, X, m, top, outputs, step_losses, dO, xi, layers) -> StackedTrace:
        tops = [v for (layer, _), v in layers.items() if layer == self.num_layers - 1]
        gates = LazyConcat([t.gates for t in tops]) if len(tops) > 1 else tops[0].gates
        contribs = [t._contrib_fn for t in tops]
        pool = self.stack._pool

        def contrib() -> np.ndarray:
            return np.sqrt(sum(np.square(fn()) for fn in contribs))

        def weight_terms() -> dict[str, np.ndarray]:
            out: dict[str, np.ndarray] = {}
            for t in layers.values():
                out.update(t.weight_grad_by_step)
            out.update(_weight_terms_closure([(top, dO, ("W_hq",))])())
            return out

        return StackedTrace(
            X=X,
            mask=m,
            h0=stack_directions([t.h0 for t in tops]),
            c0=stack_directions([t.c0 for t in tops]),
            hidden=top,
            outputs=outputs,
            step_losses=step_losses,
            grad_outputs=dO,
            grad_hidden=stack_directions([t.grad_hidden for t in tops], pool),
            cell=stack_directions([t.cell for t in tops], pool),
            grad_cell=stack_directions([t.grad_cell for t in tops], pool),
            gates=gates,
            preact=stack_directions([t.preact for t in tops], pool),
            xi=xi,
            _contrib_fn=contrib,
            _weight_grad_by_step_fn=weight_terms,
            layers=layers,
        )

    def step_jacobian(
        self,
        X: np.ndarray,
        t: int,
        b: int = 0,
        h0: object = None,
        layer: int = 0,
        direction: str = "forward",
    ) -> np.ndarray:
        """dh_t/dh_{t∓1} (H, H) of one layer and direction at original step t.

        Forward: d h_t / d h_{t−1}; reverse: d h_t / d h_{t+1} (its previous state). The
        layer's input is held fixed, as the one-layer ``step_jacobian`` holds x_t fixed.
        """
        X = check.check_inputs(X, self.input_size, self.dtype)
        T, B, _ = X.shape
        if isinstance(layer, bool) or not isinstance(layer, (int, np.integer)):
            raise ValueError(f"layer must be an integer in [0, {self.num_layers}), got {layer!r}")
        if not 0 <= layer < self.num_layers:
            raise ValueError(f"layer must be an integer in [0, {self.num_layers}), got {layer!r}")
        d = DIRECTIONS[: self.stack.directions].index(direction) if direction in DIRECTIONS else -1
        if d < 0:
            raise ValueError(
                f"direction must be one of {DIRECTIONS[: self.stack.directions]}, got {direction!r}"
            )
        if isinstance(t, bool) or not isinstance(t, (int, np.integer)) or not 0 <= t < T:
            raise ValueError(f"t must be an integer step in [0, {T}), got {t!r}")
        states0 = self.stack.check_states(h0, B, self.dtype)
        with np.errstate(all="ignore"):
            lp = self.stack.forward(X, states0, None)[(layer, d)]
        h0_l = lp.state0 if self.n_state == 2 else lp.state0[0]
        t_read = t if d == 0 else T - 1 - t
        return self.stack.cores[(layer, d)].step_jacobian(lp.X, t_read, b, h0_l)

    def surrogate_loss(
        self,
        trace: StackedTrace,
        Y: np.ndarray,
        kind: str,
        lengths: object = None,
        hooks: Mapping[tuple[int, str], np.ndarray] | None = None,
    ) -> float:
        """The loss whose exact gradient this model's truncated BPTT computes (for gradcheck).

        See :meth:`LayerStack.reference_forward`; ``hooks`` maps (layer, direction) to a
        (T, B, H) array added to that layer's h_t, so tests can differentiate by each state.
        """
        X = trace.X
        T, B, _ = X.shape
        lengths = check_lengths(lengths, T, B)
        top, _ = self.stack.reference_forward(X, trace.layers, trace.xi, lengths, hooks)
        outputs = top @ self.params["W_hq"] + self.params["b_q"]
        step_losses, _ = sequence_loss(kind, outputs, Y, trace.mask)
        return float(step_losses.sum())
