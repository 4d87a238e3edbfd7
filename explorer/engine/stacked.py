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

import copy
import functools
import json
from collections.abc import Mapping
from typing import Any

import numpy as np

from . import validation as check
from .gru import GRU
from .init import INITS, init_params
from .layer_trace import (
    DIRECTIONS,
    LayerTrace,
    StackedTrace,
    reverse_contrib_closure,
    stack_directions,
)
from .losses import LOSSES, sequence_loss
from .lstm import LSTM
from .recurrent import _contrib_closure, _weight_terms_closure
from .rnn import VanillaRNN
from .sequence import LayerGrads, LayerPass, core_param_names, layer_backward, layer_forward
from .trace import LossGrads
from .truncation import draw_xi, parse_truncation

CORES = {"rnn": VanillaRNN, "lstm": LSTM, "gru": GRU}


def reverse_index(T: int, lengths: np.ndarray | None) -> np.ndarray | None:
    """(T, B) original step read at each reverse step, per example; None for plain reversal.

    Example b reads steps len_b − 1, …, 0, then its padding len_b, …, T − 1 in place. The
    map is its own inverse, so the same gather maps results back to original time.
    """
    if lengths is None:
        return None
    t = np.arange(T)[:, None]
    return np.where(t < lengths[None, :], lengths[None, :] - 1 - t, t)


def to_reverse(a: np.ndarray, index: np.ndarray | None) -> np.ndarray:
    """``a`` (T, B, …) in the reverse direction's reading order (or back: the map is an involution)."""
    if index is None:
        return a[::-1]
    return np.take_along_axis(a, index.reshape(index.shape + (1,) * (a.ndim - 2)), axis=0)


def check_lengths(lengths: object, T: int, B: int) -> np.ndarray | None:
    """None, or (B,) integers in [1, T]."""
    if lengths is None:
        return None
    arr = np.asarray(lengths)
    if arr.dtype.kind not in "iu" or arr.shape != (B,):
        raise ValueError(f"lengths must be {B} integers (one per example), got {arr!r}")
    if (arr < 1).any() or (arr > T).any():
        raise ValueError(f"lengths must lie in [1, T] = [1, {T}], got {arr.tolist()}")
    return None if (arr == T).all() else arr.astype(np.intp)


class LayerStack:
    """The recurrent layers of a stacked / bidirectional model, without a read-out.

    ``cores[(l, d)]`` is the cell object of layer l, direction d (0 forward, 1 reverse);
    ``params`` maps prefixed names to *the cores' own arrays*, so an optimizer updating
    ``params`` in place updates the cores.
    """

    def __init__(
        self,
        cell: str,
        input_size: int,
        hidden_size: int,
        num_layers: int,
        bidirectional: bool,
        cell_options: Mapping[str, Any],
        init: str,
        recurrent_scale: float,
        seeds: list[int],
        dtype: np.dtype,
    ) -> None:
        self.cell = cell
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.directions = 2 if bidirectional else 1
        self.cores: dict[tuple[int, int], Any] = {}
        self.params: dict[str, np.ndarray] = {}
        seeds = iter(seeds)
        for layer in range(num_layers):
            d_in = input_size if layer == 0 else hidden_size * self.directions
            for d in range(self.directions):
                core = CORES[cell](
                    d_in,
                    hidden_size,
                    1,
                    **cell_options,
                    init=init,
                    recurrent_scale=recurrent_scale,
                    seed=next(seeds),
                    dtype=dtype,
                )
                self.cores[(layer, d)] = core
                for name in core_param_names(core):
                    self.params[f"{self.prefix(layer, d)}{name}"] = core.params[name]
        self.n_state = self.cores[(0, 0)].n_state

    @staticmethod
    def prefix(layer: int, d: int) -> str:
        """``"l{layer}."`` or ``"l{layer}r."``."""
        return f"l{layer}{'r' if d else ''}."

    def check_states(self, h0: object, B: int, dtype: np.dtype) -> dict[tuple[int, int], tuple]:
        """Per-(layer, direction) initial states from None or a sequence of L · directions states.

        The sequence runs layer by layer, forward before reverse (PyTorch's h0 order); each
        item is what a one-layer model of this cell takes (LSTM: ``(h, c)``).
        """
        keys = list(self.cores)
        H, n = self.hidden_size, self.n_state
        if h0 is None:
            return {k: check.check_state(None, B, H, n, dtype) for k in keys}
        if not isinstance(h0, (list, tuple)) or len(h0) != len(keys):
            raise ValueError(
                f"h0 must be a list of {len(keys)} initial states (one per layer and direction)"
            )
        return {k: check.check_state(s, B, H, n, dtype) for k, s in zip(keys, h0, strict=True)}

    def forward(
        self, X: np.ndarray, states0: dict, lengths: np.ndarray | None
    ) -> dict[tuple[int, int], LayerPass]:
        """Run every layer; each pass holds its inputs in its own reading order."""
        index = reverse_index(X.shape[0], lengths)
        passes: dict[tuple[int, int], LayerPass] = {}
        inp = X
        for layer in range(self.num_layers):
            outs = []
            for d in range(self.directions):
                Xd = np.ascontiguousarray(inp if d == 0 else to_reverse(inp, index))
                lp = layer_forward(self.cores[(layer, d)], Xd, states0[(layer, d)])
                passes[(layer, d)] = lp
                outs.append(lp.hidden if d == 0 else to_reverse(lp.hidden, index))
            inp = stack_directions(outs)
        return passes

    def top_hidden(self, passes, lengths: np.ndarray | None) -> np.ndarray:
        """(T, B, H · directions) the top layer's states in original time."""
        index = None if lengths is None else reverse_index(passes[(0, 0)].X.shape[0], lengths)
        top = self.num_layers - 1
        parts = [passes[(top, 0)].hidden]
        if self.directions == 2:
            parts.append(to_reverse(passes[(top, 1)].hidden, index))
        return stack_directions(parts)

    def final_states(self, passes, lengths: np.ndarray | None) -> dict[tuple[int, int], tuple]:
        """Each layer/direction's state after its last valid step (reverse: after reading x_0)."""
        out = {}
        for key, lp in passes.items():
            parts = [lp.fwd["hall"]] + ([lp.fwd["call"]] if self.n_state == 2 else [])
            if lengths is None:
                out[key] = tuple(p[-1].copy() for p in parts)
            else:
                b = np.arange(len(lengths))
                out[key] = tuple(p[lengths, b] for p in parts)
        return out

    def backward(
        self,
        passes: dict,
        dtop: np.ndarray,
        xi: np.ndarray,
        lengths: np.ndarray | None,
        dfinal: dict | None = None,
    ) -> tuple[dict[tuple[int, int], LayerGrads], dict[tuple[int, int], np.ndarray]]:
        """Backpropagate ``dtop`` (T, B, H · directions, original time) through every layer.

        ``dfinal`` optionally maps (layer, d) to the gradient of that pass's final state
        (as :meth:`final_states` returns it). Returns each pass's :class:`LayerGrads` and
        each pass's gradient from outside its recurrence (its own reading order).
        """
        T, B, _ = dtop.shape
        H = self.hidden_size
        index = reverse_index(T, lengths)
        ones = np.ones(T)
        results: dict[tuple[int, int], LayerGrads] = {}
        locals_: dict[tuple[int, int], np.ndarray] = {}
        dabove = dtop
        for layer in range(self.num_layers - 1, -1, -1):
            dX_sum = None
            for d in range(self.directions):
                key = (layer, d)
                part = dabove[:, :, d * H : (d + 1) * H]
                dH = np.ascontiguousarray(part if d == 0 else to_reverse(part, index))
                dC = None
                if dfinal is not None and key in dfinal:
                    dC = self._inject_final(dH, dfinal[key], lengths)
                res = layer_backward(self.cores[key], passes[key], dH, xi if d == 0 else ones, dC)
                results[key] = res
                locals_[key] = dH
                if layer > 0:
                    dX = res.dX if d == 0 else to_reverse(res.dX, index)
                    dX_sum = dX if dX_sum is None else dX_sum + dX
            dabove = dX_sum
        return results, locals_

    def _inject_final(self, dH, dstate, lengths) -> np.ndarray | None:
        """Add a final-state gradient to ``dH`` in place; return the cell's share (or None)."""
        T, B, H = dH.shape
        last = np.full(B, T - 1) if lengths is None else lengths - 1
        b = np.arange(B)
        dH[last, b] += dstate[0]
        if len(dstate) < 2:
            return None
        dC = np.zeros_like(dH)
        dC[last, b] = dstate[1]
        return dC

    def layer_traces(self, passes, results, locals_, xi, lengths) -> dict[tuple[int, str], LayerTrace]:
        """Every pass as a :class:`LayerTrace` in original time."""
        T = passes[(0, 0)].X.shape[0]
        index = reverse_index(T, lengths)
        out = {}
        for (layer, d), lp in passes.items():
            core, res = self.cores[(layer, d)], results[(layer, d)]
            back = (lambda a: a) if d == 0 else functools.partial(_maybe_reverse, index=index)
            fields = core._trace_fields(lp.fwd, res.bwd)
            prefix = self.prefix(layer, d)
            stack = functools.partial(core._stack_step, lp.fwd, lp.packed)
            has_cell = self.n_state == 2
            if d == 0:
                contrib = _contrib_closure(locals_[(layer, d)], xi, stack, has_cell)
            else:
                contrib = reverse_contrib_closure(locals_[(layer, d)], stack, has_cell, index)
            terms = core._weight_terms(lp.X, lp.fwd, res.bwd)
            out[(layer, DIRECTIONS[d])] = LayerTrace(
                layer=layer,
                direction=DIRECTIONS[d],
                param_names=tuple(prefix + n for n in core_param_names(core)),
                X=back(lp.X),
                h0=lp.state0[0],
                c0=lp.state0[1] if has_cell else None,
                hidden=back(lp.hidden),
                cell=back(fields["cell"]),
                gates={k: back(v) for k, v in fields["gates"].items()},
                preact=back(fields["preact"]),
                grad_local=back(locals_[(layer, d)]),
                grad_hidden=back(res.bwd["grad_hidden"]),
                grad_cell=back(res.bwd["grad_cell"]),
                grad_input=back(res.dX),
                xi=xi if d == 0 else np.ones(T),
                _contrib_fn=contrib,
                _weight_grad_by_step_fn=_prefixed_terms(terms, prefix, d == 1 and index is None),
            )
        return out


def _maybe_reverse(a, index):
    return None if a is None else to_reverse(a, index)


def _prefixed_terms(terms, prefix: str, flip: bool):
    inner = _weight_terms_closure(terms)

    def compute() -> dict[str, np.ndarray]:
        return {prefix + k: (v[::-1].copy() if flip else v) for k, v in inner().items()}

    return compute


def _seeds(seq: np.random.SeedSequence, n: int) -> list[int]:
    return [int(s.generate_state(1, np.uint32)[0]) for s in seq.spawn(n)]


class StackedRNN:
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
        if not isinstance(bidirectional, (bool, np.bool_)):
            raise ValueError(f"bidirectional must be a bool, got {bidirectional!r}")
        self.bidirectional = bool(bidirectional)
        self.init = check.check_choice(init, "init", INITS)
        self.recurrent_scale = check.check_finite_float(recurrent_scale, "recurrent_scale")
        self.seed = check.check_seed(seed)
        self.dtype = check.check_dtype(dtype)
        self.cell_options = dict(cell_options)
        init_seq, run_seq = np.random.SeedSequence(self.seed).spawn(2)
        self.rng = np.random.default_rng(run_seq)
        dirs = 2 if self.bidirectional else 1
        seeds = _seeds(init_seq, self.num_layers * dirs + 1)
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

    def copy(self) -> StackedRNN:
        """A deep copy: parameters (still shared with the copy's own cores) and generator."""
        return copy.deepcopy(self)

    def state_dict(self) -> dict[str, np.ndarray]:
        """Parameters plus ``"rng_state"`` (UTF-8 JSON as uint8), as the one-layer models."""
        out = {name: p.copy() for name, p in self.params.items()}
        blob = json.dumps(self.rng.bit_generator.state).encode()
        out["rng_state"] = np.frombuffer(blob, dtype=np.uint8).copy()
        return out

    def load_state_dict(self, state: Mapping[str, np.ndarray]) -> None:
        """Copy parameters in place and the generator state; all checked before any change."""
        load_into(self, state)

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
        T, B, K = top.shape
        out = top.reshape(T * B, K) @ self.params["W_hq"]
        out += self.params["b_q"]
        return out.reshape(T, B, self.output_size)

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
        xi = draw_xi(parse_truncation(truncation), T, self.rng)
        with np.errstate(all="ignore"):
            passes = self.stack.forward(X, states0, lengths)
            top = self.stack.top_hidden(passes, lengths)
            outputs = self._outputs(top)
            step_losses, dO = sequence_loss(kind, outputs, Y, m)
            K = top.shape[2]
            dO2 = dO.reshape(T * B, self.output_size)
            dtop = (dO2 @ self.params["W_hq"].T).reshape(T, B, K)
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
        gates = {k: stack_directions([t.gates[k] for t in tops]) for k in tops[0].gates}
        contribs = [t._contrib_fn for t in tops]

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
            grad_hidden=stack_directions([t.grad_hidden for t in tops]),
            cell=stack_directions([t.cell for t in tops]),
            grad_cell=stack_directions([t.grad_cell for t in tops]),
            gates=gates,
            preact=stack_directions([t.preact for t in tops]),
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

        Walks the plain one-step functions of the cells (not the fused loops) with the
        current parameters; the forward directions feed step t the state
        ``a + xi[t] (h_{t-1} - a)`` with ``a`` the trace's state (see ``truncation.py``).
        ``hooks`` maps (layer, direction) to a (T, B, H) array added to that layer's h_t
        (original time), so tests can differentiate the loss by each hidden state.
        """
        X, xi = trace.X, trace.xi
        T, B, _ = X.shape
        index = reverse_index(T, check_lengths(lengths, T, B))
        inp = X
        for layer in range(self.num_layers):
            outs = []
            for d in range(self.stack.directions):
                lt = trace.layers[(layer, DIRECTIONS[d])]
                core = self.stack.cores[(layer, d)]
                Xd = inp if d == 0 else to_reverse(inp, index)
                state = (lt.h0,) if lt.c0 is None else (lt.h0, lt.c0)
                anchors = (lt.hidden,) if lt.cell is None else (lt.hidden, lt.cell)
                hook = (hooks or {}).get((layer, DIRECTIONS[d]))
                if hook is not None and d == 1:
                    hook = to_reverse(hook, index)
                hs = []
                for t in range(T):
                    if d == 0 and t > 0 and xi[t] != 1.0:
                        state = tuple(
                            a[t - 1] + xi[t] * (s - a[t - 1])
                            for s, a in zip(state, anchors, strict=True)
                        )
                    state, _ = core.step_forward(Xd[t], state)
                    if hook is not None:
                        state = (state[0] + hook[t],) + state[1:]
                    hs.append(state[0])
                hd = np.stack(hs)
                outs.append(hd if d == 0 else to_reverse(hd, index))
            inp = stack_directions(outs)
        outputs = inp @ self.params["W_hq"] + self.params["b_q"]
        step_losses, _ = sequence_loss(kind, outputs, Y, trace.mask)
        return float(step_losses.sum())


def load_into(model: Any, state: Mapping[str, np.ndarray]) -> None:
    """``load_state_dict`` for models that hold ``params`` and ``rng`` (checked, then in place)."""
    new = {}
    for name, p in model.params.items():
        if name not in state:
            raise ValueError(f"state is missing parameter {name!r}")
        arr = check.as_real_array(state[name], name)
        if arr.shape != p.shape:
            raise ValueError(f"state[{name!r}] must have shape {p.shape}, got {arr.shape}")
        new[name] = arr
    rng_state = None
    if "rng_state" in state:
        try:
            rng_state = json.loads(bytes(np.asarray(state["rng_state"], np.uint8)).decode())
            probe = np.random.default_rng()
            probe.bit_generator.state = rng_state
        except (ValueError, TypeError, KeyError) as exc:
            raise ValueError(f"state['rng_state'] is not a valid generator state: {exc}") from None
    for name, arr in new.items():
        model.params[name][...] = arr
    if rng_state is not None:
        model.rng.bit_generator.state = rng_state
