"""The equations of each cell, term by term (see ``description_terms.py`` for the types).

Row-vector convention throughout (d2l): a unit j of a layer is the column j of its
weights, ``x_t W_xh[:, j]``, and the backward pass multiplies by the transpose,
``(∂L/∂a_{t+1} W_hhᵀ)[j]``. Step t + 1 sends its gradient back scaled by the truncation
factor ξ_{t+1} = ``record.xi[t]``. Each function takes the 1-based step ``t`` and unit
``j`` and returns an :class:`Equation` whose value the engine's trace holds.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .description_terms import (
    Equation,
    ExampleRecord,
    Term,
    activation_slope,
    column,
    grad,
    row_t,
    sym,
    weight,
)
from .description_topology import ModelSpec, node_id

Params = dict[str, np.ndarray]
# Gate name → (symbol, the letter of its weights W_x?, W_h?, b_?).
GATES = {
    "i": ("i", "i", "hi"),
    "f": ("f", "f", "hf"),
    "o": ("o", "o", "ho"),
    "c_tilde": ("c̃", "c", "hc"),
    "z": ("z", "z", "hz"),
    "r": ("r", "r", "hr"),
    "h_tilde": ("h̃", "h", "hh"),
}


def _affine(
    params: Params,
    record: ExampleRecord,
    target: str,
    t: int,
    j: int,
    letter: str,
    w_h: str,
    reset: np.ndarray | None = None,
) -> tuple[Term, Term, Term]:
    """x_t W_x?[:, j] + h_{t−1} W_h?[:, j] + b_?[j]; with ``reset`` (the GRU candidate) the
    recurrent operand is r_t ⊙ h_{t−1}."""
    x, h_prev = node_id("x", t), node_id("h", t - 1)
    h_vec = record.h0 if t == 1 else record.hidden[t - 2]
    w_x, b = f"W_x{letter}", f"b_{letter}"
    operand, sources = (
        sym("h", t - 1),
        (h_prev, f"{h_prev}->{target}", f"{h_prev}->{node_id('h', t)}"),
    )
    if reset is not None:
        h_vec = reset * h_vec
        operand = f"({sym('r', t)} ⊙ {sym('h', t - 1)})"
        r = node_id("gate", t, "r")
        sources += (r, f"{r}->{target}")
    return (
        Term(
            f"{sym('x', t)} {column(w_x, j)}",
            float(record.inputs[t - 1] @ params[w_x][:, j]),
            (x, f"{x}->{target}", f"{x}->{node_id('h', t)}"),
            w_x,
            "input",
        ),
        Term(
            f"{operand} {column(f'W_{w_h}', j)}",
            float(h_vec @ params[f"W_{w_h}"][:, j]),
            sources,
            f"W_{w_h}",
            "recurrent",
        ),
        Term(f"{weight(b)}[{j}]", float(params[b][j]), (), b, "bias"),
    )


def _gate_value(record: ExampleRecord, name: str, t: int, j: int) -> float:
    return float(record.gates[name][t - 1, j])


def _state(record: ExampleRecord, kind: str, t: int) -> np.ndarray:
    """h_t or c_t as a vector (t = 0: the initial state)."""
    if kind == "h":
        return record.h0 if t == 0 else record.hidden[t - 1]
    return record.c0 if t == 0 else record.cell_state[t - 1]


# --- forward ------------------------------------------------------------------------------
def _rnn_forward(
    spec: ModelSpec, params: Params, record: ExampleRecord, kind: str, name: str, t: int, j: int
) -> Equation:
    """h_t[j] = φ( x_t W_xh[:, j] + h_{t−1} W_hh[:, j] + b_h[j] )."""
    h = node_id("h", t)
    return Equation(
        h,
        j,
        "forward",
        sym("h", t, j),
        _affine(params, record, h, t, j, "h", "hh"),
        spec.activation,
    )


def _gate_forward(
    spec: ModelSpec, params: Params, record: ExampleRecord, name: str, t: int, j: int
) -> Equation:
    """g_t[j] = act( x_t W_xg[:, j] + h_{t−1} W_hg[:, j] + b_g[j] ) for a gate or candidate."""
    gate = node_id("gate", t, name)
    symbol, letter, w_h = GATES[name]
    reset = record.gates["r"][t - 1] if name == "h_tilde" else None
    terms = _affine(params, record, gate, t, j, letter, w_h, reset)
    act = spec.activation if name in ("c_tilde", "h_tilde") else spec.gate_activation
    return Equation(gate, j, "forward", sym(symbol, t, j), terms, act)


def _lstm_forward(
    spec: ModelSpec, params: Params, record: ExampleRecord, kind: str, name: str, t: int, j: int
) -> Equation:
    """Gates as :func:`_gate_forward`; c_t = f_t ⊙ c_{t−1} + i_t ⊙ c̃_t; h_t = o_t ⊙ tanh(c_t)."""
    c, h, c_prev = node_id("c", t), node_id("h", t), node_id("c", t - 1)
    gate = {g: node_id("gate", t, g) for g in ("i", "f", "o", "c_tilde")}
    if kind == "gate":
        return _gate_forward(spec, params, record, name, t, j)
    if kind == "c":
        carry = float(_state(record, "c", t - 1)[j])
        if spec.forget_gate:
            f = _gate_value(record, "f", t, j)
            kept = Term(
                f"{sym('f', t, j)} {sym('c', t - 1, j)}",
                f * carry,
                (gate["f"], c_prev, f"{c_prev}->{c}", f"{gate['f']}->{c}"),
                role="product",
            )
        else:
            kept = Term(sym("c", t - 1, j), carry, (c_prev, f"{c_prev}->{c}"), role="state")
        i, c_tilde = _gate_value(record, "i", t, j), _gate_value(record, "c_tilde", t, j)
        added = Term(
            f"{sym('i', t, j)} {sym('c̃', t, j)}",
            i * c_tilde,
            (gate["i"], gate["c_tilde"], f"{gate['i']}->{c}", f"{gate['c_tilde']}->{c}"),
            role="product",
        )
        return Equation(c, j, "forward", sym("c", t, j), (kept, added))
    cell = Term(sym("c", t, j), float(record.cell_state[t - 1, j]), (c, f"{c}->{h}"), role="state")
    o = Term(
        sym("o", t, j),
        _gate_value(record, "o", t, j),
        (gate["o"], f"{gate['o']}->{h}"),
        role="product",
    )
    return Equation(h, j, "forward", sym("h", t, j), (cell,), spec.activation, factor=o)


def _gru_forward(
    spec: ModelSpec, params: Params, record: ExampleRecord, kind: str, name: str, t: int, j: int
) -> Equation:
    """Gates as :func:`_gate_forward`; h_t = z_t ⊙ h_{t−1} + (1 − z_t) ⊙ h̃_t (gru.py's convention)."""
    if kind == "gate":
        return _gate_forward(spec, params, record, name, t, j)
    h, h_prev = node_id("h", t), node_id("h", t - 1)
    z_id, ht_id = node_id("gate", t, "z"), node_id("gate", t, "h_tilde")
    z, h_tilde = _gate_value(record, "z", t, j), _gate_value(record, "h_tilde", t, j)
    terms = (
        Term(
            f"{sym('z', t, j)} {sym('h', t - 1, j)}",
            z * float(_state(record, "h", t - 1)[j]),
            (z_id, h_prev, f"{h_prev}->{h}", f"{z_id}->{h}"),
            role="product",
        ),
        Term(
            f"(1 − {sym('z', t, j)}) {sym('h̃', t, j)}",
            (1.0 - z) * h_tilde,
            (z_id, ht_id, f"{ht_id}->{h}"),
            role="product",
        ),
    )
    return Equation(h, j, "forward", sym("h", t, j), terms)


# --- backward -----------------------------------------------------------------------------
def _from_output(params: Params, record: ExampleRecord, t: int, j: int) -> Term:
    """(∂L/∂o_t W_hqᵀ)[j]."""
    h, o = node_id("h", t), node_id("o", t)
    value = float(record.grad_outputs[t - 1] @ params["W_hq"][j])
    return Term(f"({grad('o', t)} {row_t('W_hq', j)}", value, (o, f"{h}->{o}"), "W_hq", "output")


def _from_next(
    record: ExampleRecord,
    t: int,
    html: str,
    vector: np.ndarray | float,
    w: str,
    targets: tuple[str, ...],
) -> Term:
    """A term step t + 1 sends back: ξ_{t+1} · ``vector`` (entry j already taken), with the
    engine's zero for a cut rather than 0 · (a possibly infinite) value."""
    xi = float(record.xi[t])
    value = 0.0 if xi == 0.0 else float(vector) * xi
    if xi != 1.0:
        html = f"ξ<sub>{t + 1}</sub>·{html}"
    src = node_id("h", t)
    sources = tuple(dict.fromkeys(s for target in targets for s in (target, f"{src}->{target}")))
    return Term(html, value, sources, w, "from_next")


def _rnn_backward(
    spec: ModelSpec, params: Params, record: ExampleRecord, kind: str, t: int, j: int
) -> Equation:
    """∂L/∂h_t[j] = (∂L/∂o_t W_hqᵀ)[j] + ξ_{t+1} ((∂L/∂h_{t+1} ⊙ φ′_{t+1}) W_hhᵀ)[j]."""
    terms = [_from_output(params, record, t, j)]
    if t < record.T:
        s = t  # index of step t + 1
        slope = activation_slope(spec.activation, record.preact[s], record.hidden[s])
        dA = record.grad_hidden[s] * slope
        html = f"(({grad('h', t + 1)} ⊙ φ′<sub>{t + 1}</sub>) {row_t('W_hh', j)}"
        terms.append(
            _from_next(record, t, html, dA @ params["W_hh"][j], "W_hh", (node_id("h", t + 1),))
        )
    return Equation(node_id("h", t), j, "backward", f"∂<i>L</i>/∂{sym('h', t, j)}", tuple(terms))


def _lstm_pre_grads(spec: ModelSpec, record: ExampleRecord, s: int) -> dict[str, np.ndarray]:
    """∂L/∂ of each gate's pre-activation at step index ``s`` (step t = s + 1), (H,) each."""
    dh, dc = record.grad_hidden[s], record.grad_cell[s]
    g = {name: record.gates[name][s] for name in ("i", "f", "o", "c_tilde")}
    tanh_c = np.tanh(record.cell_state[s])
    c_prev = _state(record, "c", s)
    out = {
        "i": dc * g["c_tilde"] * g["i"] * (1.0 - g["i"]),
        "f": dc * c_prev * g["f"] * (1.0 - g["f"]),
        "o": dh * tanh_c * g["o"] * (1.0 - g["o"]),
        "c_tilde": dc * g["i"] * (1.0 - g["c_tilde"] * g["c_tilde"]),
    }
    # Without a forget gate F = 1 is no function of h_{t−1}: no term through it.
    return {name: out[name] for name in spec.gates}


def _lstm_backward(
    spec: ModelSpec, params: Params, record: ExampleRecord, kind: str, t: int, j: int
) -> Equation:
    """∂L/∂h_t[j] = (∂L/∂o_t W_hqᵀ)[j] + ξ_{t+1} Σ_g (∂L/∂a^g_{t+1} W_hgᵀ)[j];
    ∂L/∂c_t[j] = ∂L/∂h_t[j] o_t[j] (1 − tanh² c_t[j]) + ξ_{t+1} ∂L/∂c_{t+1}[j] f_{t+1}[j]."""
    nxt = t < record.T
    if kind == "c":
        h, c = node_id("h", t), node_id("c", t)
        o, tc = _gate_value(record, "o", t, j), float(np.tanh(record.cell_state[t - 1, j]))
        dh = float(record.grad_hidden[t - 1, j])
        terms = [
            Term(
                f"{grad('h', t)}[{j}] {sym('o', t, j)} (1 − tanh² {sym('c', t, j)})",
                dh * (o * (1.0 - tc * tc)),
                (h, f"{c}->{h}"),
                role="from_h",
            )
        ]
        if nxt:
            f = _gate_value(record, "f", t + 1, j) if spec.forget_gate else 1.0
            html = f"{grad('c', t + 1)}[{j}] {sym('f', t + 1, j)}"
            term = _from_next(record, t, html, float(record.grad_cell[t, j]) * f, "", ())
            c_next = node_id("c", t + 1)
            terms.append(Term(term.html, term.value, (c_next, f"{c}->{c_next}"), "", "from_next"))
        return Equation(c, j, "backward", f"∂<i>L</i>/∂{sym('c', t, j)}", tuple(terms))
    terms = [_from_output(params, record, t, j)]
    if nxt:
        for name, dA in _lstm_pre_grads(spec, record, t).items():
            symbol, _, w_h = GATES[name]
            html = (
                f"(∂<i>L</i>/∂<i>a</i><sup>{symbol}</sup><sub>{t + 1}</sub> {row_t(f'W_{w_h}', j)}"
            )
            targets = (node_id("gate", t + 1, name), node_id("h", t + 1))
            terms.append(
                _from_next(record, t, html, dA @ params[f"W_{w_h}"][j], f"W_{w_h}", targets)
            )
    return Equation(node_id("h", t), j, "backward", f"∂<i>L</i>/∂{sym('h', t, j)}", tuple(terms))


def _gru_backward(
    spec: ModelSpec, params: Params, record: ExampleRecord, kind: str, t: int, j: int
) -> Equation:
    """∂L/∂h_t[j] = (∂L/∂o_t W_hqᵀ)[j] + ξ_{t+1} ( ∂L/∂h_{t+1}[j] z_{t+1}[j]
    + (∂L/∂a^z W_hzᵀ)[j] + (∂L/∂a^r W_hrᵀ)[j] + r_{t+1}[j] (∂L/∂a^h̃ W_hhᵀ)[j] )."""
    terms = [_from_output(params, record, t, j)]
    if t < record.T:
        s, n = t, t + 1
        dh = record.grad_hidden[s]
        z, r, h_tilde = (record.gates[g][s] for g in ("z", "r", "h_tilde"))
        h_prev = record.hidden[s - 1]
        da_z = dh * (h_prev - h_tilde) * z * (1.0 - z)
        da_h = dh * (1.0 - z) * (1.0 - h_tilde * h_tilde)
        drh = da_h @ params["W_hh"].T
        da_r = drh * h_prev * r * (1.0 - r)
        gid = {g: node_id("gate", n, g) for g in ("z", "r", "h_tilde")}
        h_next = node_id("h", n)
        terms += [
            _from_next(
                record, t, f"{grad('h', n)}[{j}] {sym('z', n, j)}", dh[j] * z[j], "", (h_next,)
            ),
            _from_next(
                record,
                t,
                f"(∂<i>L</i>/∂<i>a</i><sup>z</sup><sub>{n}</sub> {row_t('W_hz', j)}",
                da_z @ params["W_hz"][j],
                "W_hz",
                (gid["z"], h_next),
            ),
            _from_next(
                record,
                t,
                f"(∂<i>L</i>/∂<i>a</i><sup>r</sup><sub>{n}</sub> {row_t('W_hr', j)}",
                da_r @ params["W_hr"][j],
                "W_hr",
                (gid["r"], h_next),
            ),
            _from_next(
                record,
                t,
                f"{sym('r', n, j)} (∂<i>L</i>/∂<i>a</i><sup>h̃</sup><sub>{n}</sub> {row_t('W_hh', j)}",
                r[j] * drh[j],
                "W_hh",
                (gid["h_tilde"], h_next),
            ),
        ]
    return Equation(node_id("h", t), j, "backward", f"∂<i>L</i>/∂{sym('h', t, j)}", tuple(terms))


Forward = Callable[[ModelSpec, Params, ExampleRecord, str, str, int, int], Equation]
Backward = Callable[[ModelSpec, Params, ExampleRecord, str, int, int], Equation]
FORWARD: dict[str, Forward] = {"rnn": _rnn_forward, "lstm": _lstm_forward, "gru": _gru_forward}
BACKWARD: dict[str, Backward] = {"rnn": _rnn_backward, "lstm": _lstm_backward, "gru": _gru_backward}
