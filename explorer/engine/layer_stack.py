"""The recurrent layers of a stacked / bidirectional model: forward, backward, traces.

:class:`LayerStack` holds one core (a cell class used without its read-out) per layer and
direction and runs them in order: layer l > 0 reads ``[h_fwd, h_rev]`` of layer l − 1.
The reverse direction reads each example from its last valid step back to x_0 (then its
padding), and is never truncated. Everything the stack returns is in original time.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import numpy as np

from . import gru_pair, lstm_pair, rnn_pair
from . import validation as check
from .buffers import BufferPool
from .gru import GRU
from .layer_trace import DIRECTIONS, LayerTrace, reverse_contrib_closure, stack_directions
from .lstm import LSTM
from .recurrent import _contrib_closure, _weight_terms_closure
from .rnn import VanillaRNN
from .sequence import (
    LayerGrads,
    LayerPass,
    core_param_names,
    input_grads,
    layer_backward,
    layer_forward,
)

CORES = {"rnn": VanillaRNN, "lstm": LSTM, "gru": GRU}
# Cells whose bidirectional layers can run both directions in one time loop.
PAIRED = {"lstm": lstm_pair, "rnn": rnn_pair, "gru": gru_pair}


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
        # Every (T, B, ·) array the stack makes itself comes from here (see buffers.py).
        self._pool = BufferPool(per_shape=12)
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
            if self._paired(lengths):
                keys = ((layer, 0), (layer, 1))
                pair = PAIRED[self.cell].paired_forward(
                    tuple(self.cores[k] for k in keys),
                    inp,
                    tuple(states0[k] for k in keys),
                    self._pool,
                )
                passes.update(zip(keys, pair, strict=True))
                inp = stack_directions([pair[0].hidden, pair[1].hidden[::-1]], self._pool)
                continue
            outs = []
            for d in range(self.directions):
                Xd = inp if d == 0 else self._reversed_input(inp, index)
                lp = layer_forward(self.cores[(layer, d)], Xd, states0[(layer, d)])
                passes[(layer, d)] = lp
                outs.append(lp.hidden if d == 0 else to_reverse(lp.hidden, index))
            inp = stack_directions(outs, self._pool)
        return passes

    def top_hidden(self, passes, lengths: np.ndarray | None) -> np.ndarray:
        """(T, B, H · directions) the top layer's states in original time."""
        index = None if lengths is None else reverse_index(passes[(0, 0)].X.shape[0], lengths)
        top = self.num_layers - 1
        parts = [passes[(top, 0)].hidden]
        if self.directions == 2:
            parts.append(to_reverse(passes[(top, 1)].hidden, index))
        return stack_directions(parts, self._pool)

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
        T = dtop.shape[0]
        H = self.hidden_size
        index = reverse_index(T, lengths)
        ones = np.ones(T)
        results: dict[tuple[int, int], LayerGrads] = {}
        locals_: dict[tuple[int, int], np.ndarray] = {}
        dabove = dtop
        full = bool(np.all(xi == 1.0))
        for layer in range(self.num_layers - 1, -1, -1):
            dX_sum = None
            keys = [(layer, d) for d in range(self.directions)]
            # Views where the kernels allow (they read it step by step); a copy only
            # when a final-state gradient is added to it.
            dHs = [dabove[:, :, d * H : (d + 1) * H] for d in range(self.directions)]
            if self.directions == 2:
                dHs[1] = to_reverse(dHs[1], index)
            paired = (
                full
                and "pair" in passes[keys[0]].fwd
                and not (dfinal and any(k in dfinal for k in keys))
            )
            if paired:
                cores = tuple(self.cores[k] for k in keys)
                pair = tuple(passes[k] for k in keys)
                bwds = PAIRED[self.cell].paired_backward(cores, pair, tuple(dHs), self._pool)
            for d, key in enumerate(keys):
                dH, dC = dHs[d], None
                if paired:
                    res = _layer_grads(self.cores[key], passes[key], bwds[d], layer > 0)
                    results[key] = res
                    locals_[key] = dH
                    if layer > 0:
                        dX = res.dX if d == 0 else to_reverse(res.dX, index)
                        dX_sum = dX if dX_sum is None else self._sum(dX_sum, dX)
                    continue
                if dfinal is not None and key in dfinal:
                    dH = self._copy(dH)
                    dC = self._inject_final(dH, dfinal[key], lengths)
                res = layer_backward(
                    self.cores[key], passes[key], dH, xi if d == 0 else ones, dC, layer > 0
                )
                results[key] = res
                locals_[key] = dH
                if layer > 0:
                    dX = res.dX if d == 0 else to_reverse(res.dX, index)
                    dX_sum = dX if dX_sum is None else self._sum(dX_sum, dX)
            dabove = dX_sum
        return results, locals_

    def _paired(self, lengths: np.ndarray | None) -> bool:
        """Whether a layer's two directions run in one loop (``*_pair.py``)."""
        return self.cell in PAIRED and self.directions == 2 and lengths is None

    def _sum(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """a + b in a pooled array."""
        return np.add(a, b, out=self._pool.empty(a.shape, a.dtype))

    def _reversed_input(self, inp: np.ndarray, index: np.ndarray | None) -> np.ndarray:
        """The reverse direction's input in its reading order. The LSTM kernel copies its
        input into its own feature-major buffer, so a reversed view serves it; the other
        kernels reshape it (T · B, D), which needs contiguous memory: a pooled copy."""
        view = to_reverse(inp, index)
        return view if self.cell == "lstm" else self._copy(view)

    def _copy(self, a: np.ndarray) -> np.ndarray:
        """A C-contiguous pooled copy of ``a``."""
        out = self._pool.empty(a.shape, a.dtype)
        np.copyto(out, a)
        return out

    def _inject_final(self, dH, dstate, lengths) -> np.ndarray | None:
        """Add a final-state gradient to ``dH`` in place; return the cell's share (or None)."""
        T, B, _ = dH.shape
        last = np.full(B, T - 1) if lengths is None else lengths - 1
        b = np.arange(B)
        dH[last, b] += dstate[0]
        if len(dstate) < 2:
            return None
        dC = np.zeros_like(dH)
        dC[last, b] = dstate[1]
        return dC

    def reference_forward(
        self,
        X: np.ndarray,
        layers: Mapping[tuple[int, str], LayerTrace],
        xi: np.ndarray,
        lengths: np.ndarray | None,
        hooks: Mapping[tuple[int, str], np.ndarray] | None = None,
    ) -> tuple[np.ndarray, dict[tuple[int, int], tuple]]:
        """The forward pass through the cells' plain one-step functions, for gradient checks.

        Initial states and truncation anchors come from ``layers`` (a pass's layer
        traces); the forward directions feed step t the state ``a + xi[t] (h_{t-1} - a)``
        with ``a`` the traced state (see ``truncation.py``). ``hooks`` (original time) are
        added to h_t. Returns the top layer's states (T, B, H · directions) and the final
        states, as :meth:`final_states`.
        """
        T, B, _ = X.shape
        index = reverse_index(T, lengths)
        last = np.full(B, T - 1) if lengths is None else lengths - 1
        b = np.arange(B)
        inp, finals = X, {}
        for layer in range(self.num_layers):
            outs = []
            for d in range(self.directions):
                lt = layers[(layer, DIRECTIONS[d])]
                core = self.cores[(layer, d)]
                Xd = inp if d == 0 else to_reverse(inp, index)
                state = (lt.h0,) if lt.c0 is None else (lt.h0, lt.c0)
                anchors = (lt.hidden,) if lt.cell is None else (lt.hidden, lt.cell)
                if d == 1:
                    anchors = tuple(to_reverse(a, index) for a in anchors)
                hook = (hooks or {}).get((layer, DIRECTIONS[d]))
                if hook is not None and d == 1:
                    hook = to_reverse(hook, index)
                states = []
                for t in range(T):
                    if d == 0 and t > 0 and xi[t] != 1.0:
                        state = tuple(
                            a[t - 1] + xi[t] * (s - a[t - 1])
                            for s, a in zip(state, anchors, strict=True)
                        )
                    state, _ = core.step_forward(Xd[t], state)
                    if hook is not None:
                        state = (state[0] + hook[t], *state[1:])
                    states.append(state)
                parts = [np.stack(p) for p in zip(*states, strict=True)]
                finals[(layer, d)] = tuple(p[last, b] for p in parts)
                outs.append(parts[0] if d == 0 else to_reverse(parts[0], index))
            inp = stack_directions(outs)
        return inp, finals

    def layer_traces(
        self, passes, results, locals_, xi, lengths
    ) -> dict[tuple[int, str], LayerTrace]:
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
                xi=xi if d == 0 else np.ones(T),
                _contrib_fn=contrib,
                _weight_grad_by_step_fn=_prefixed_terms(terms, prefix, d == 1 and index is None),
                _grad_input_fn=_grad_input(core, lp, res, d, index),
            )
        return out


def _layer_grads(core, lp: LayerPass, bwd: dict, need_dX: bool) -> LayerGrads:
    """What :func:`layer_backward` returns, from a backward cache computed elsewhere."""
    dX, dstate0 = input_grads(core, lp, bwd, need_dX)
    return LayerGrads(bwd=bwd, grads=core._param_grads(lp.X, lp.fwd, bwd), dX=dX, dstate0=dstate0)


def _maybe_reverse(a, index):
    return None if a is None else to_reverse(a, index)


def _grad_input(core, lp: LayerPass, res: LayerGrads, d: int, index):
    def compute() -> np.ndarray:
        dX = res.dX
        if dX is None:
            with np.errstate(all="ignore"):
                dX = input_grads(core, lp, res.bwd)[0]
        return dX if d == 0 else to_reverse(dX, index)

    return compute


def _prefixed_terms(terms, prefix: str, flip: bool):
    inner = _weight_terms_closure(terms)

    def compute() -> dict[str, np.ndarray]:
        return {prefix + k: (v[::-1].copy() if flip else v) for k, v in inner().items()}

    return compute
