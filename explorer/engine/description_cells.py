"""The equations of each cell, term by term (see ``description_terms.py`` for the types).

Row-vector convention throughout (d2l): a unit j of a layer is the column j of its
weights, ``x_t W_xh[:, j]``, and the backward pass multiplies by the transpose,
``(∂L/∂a_{t+1} W_hhᵀ)[j]``. Step t + 1 sends its gradient back scaled by the truncation
factor ξ_{t+1}. Every function works on one :class:`LayerRecord`, so one text serves the
one-layer model and each layer and direction of a stacked or bidirectional one (a reverse
direction's "next" step is t − 1). Each takes the 1-based step ``t`` and unit ``j`` and
returns an :class:`Equation` (or its terms) whose value the engine's trace holds.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .description_layers import LayerRecord, layer_tag
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
    layer: LayerRecord,
    target: str,
    t: int,
    j: int,
    letter: str,
    w_h: str,
    reset: np.ndarray | None = None,
) -> tuple[Term, ...]:
    """x_t W_x?[:, j] + h_{t−1} W_h?[:, j] + b_?[j]; with ``reset`` (the GRU candidate) the
    recurrent operand is r_t ⊙ h_{t−1}. A layer reading both directions of the layer below
    has one input term per direction, each with its block of W_x?'s rows."""
    tag, h = layer.tag, layer.id("h", t)
    prev = layer.prev(t)
    h_prev = layer.id("h", prev)
    h_vec = layer.state("h", prev)
    w_x, w_hh, b = layer.param(f"W_x{letter}"), layer.param(f"W_{w_h}"), layer.param(f"b_{letter}")
    operand = sym("h", prev, tag=tag)
    sources: tuple[str, ...] = (h_prev, f"{h_prev}->{target}", f"{h_prev}->{h}")
    if reset is not None:
        h_vec = reset * h_vec
        operand = f"({sym('r', t, tag=tag)} ⊙ {sym('h', prev, tag=tag)})"
        r = layer.id("gate", t, "r")
        sources += (r, f"{r}->{target}")
    terms = []
    ids, blocks = layer.input_ids(t), layer.input_blocks()
    for source, rows in zip(ids, blocks, strict=True):
        x_sym = (
            sym("x", t, tag=layer.input_tag) if not layer.below else _input_sym(layer, source, t)
        )
        shown = rows if len(blocks) > 1 else None
        terms.append(
            Term(
                f"{x_sym} {column(w_x, j, tag, shown)}",
                float(layer.inputs[t - 1, rows] @ params[w_x][rows, j]),
                (source, f"{source}->{target}", f"{source}->{h}"),
                w_x,
                "input",
            )
        )
    terms.append(
        Term(
            f"{operand} {column(w_hh, j, tag)}",
            float(h_vec @ params[w_hh][:, j]),
            sources,
            w_hh,
            "recurrent",
        )
    )
    terms.append(Term(f"{weight(b, tag)}[{j}]", float(params[b][j]), (), b, "bias"))
    return tuple(terms)


def _input_sym(layer: LayerRecord, source: str, t: int) -> str:
    """The symbol of the layer below's state ``source`` ("l0r.h@3" → h₃ with its tag)."""
    stem = source.split("h@")[0]
    if layer.below_tags:
        return sym("h", t, tag=layer.below_tags[layer.below.index(stem)])
    direction = "reverse" if stem.endswith("r.") else "forward"
    return sym("h", t, tag=layer_tag(layer.layer - 1, direction, len(layer.below) > 1))


def _gate_value(layer: LayerRecord, name: str, t: int, j: int) -> float:
    return float(layer.gates[name][t - 1, j])


# --- forward ------------------------------------------------------------------------------
def _rnn_forward(
    spec: ModelSpec, params: Params, layer: LayerRecord, kind: str, name: str, t: int, j: int
) -> Equation:
    """h_t[j] = φ( x_t W_xh[:, j] + h_{t−1} W_hh[:, j] + b_h[j] )."""
    h = layer.id("h", t)
    terms = _affine(params, layer, h, t, j, "h", "hh")
    return Equation(h, j, "forward", sym("h", t, j, layer.tag), terms, spec.activation)


def _gate_forward(
    spec: ModelSpec, params: Params, layer: LayerRecord, name: str, t: int, j: int
) -> Equation:
    """g_t[j] = act( x_t W_xg[:, j] + h_{t−1} W_hg[:, j] + b_g[j] ) for a gate or candidate."""
    gate = layer.id("gate", t, name)
    symbol, letter, w_h = GATES[name]
    reset = layer.gates["r"][t - 1] if name == "h_tilde" else None
    terms = _affine(params, layer, gate, t, j, letter, w_h, reset)
    act = spec.activation if name in ("c_tilde", "h_tilde") else spec.gate_activation
    return Equation(gate, j, "forward", sym(symbol, t, j, layer.tag), terms, act)


def _lstm_forward(
    spec: ModelSpec, params: Params, layer: LayerRecord, kind: str, name: str, t: int, j: int
) -> Equation:
    """Gates as :func:`_gate_forward`; c_t = f_t ⊙ c_{t−1} + i_t ⊙ c̃_t; h_t = o_t ⊙ tanh(c_t)."""
    if kind == "gate":
        return _gate_forward(spec, params, layer, name, t, j)
    tag, prev = layer.tag, layer.prev(t)
    c, h, c_prev = layer.id("c", t), layer.id("h", t), layer.id("c", prev)
    gate = {g: layer.id("gate", t, g) for g in ("i", "f", "o", "c_tilde")}
    if kind == "c":
        carry = float(layer.state("c", prev)[j])
        if spec.forget_gate:
            kept = Term(
                f"{sym('f', t, j, tag)} {sym('c', prev, j, tag)}",
                _gate_value(layer, "f", t, j) * carry,
                (gate["f"], c_prev, f"{c_prev}->{c}", f"{gate['f']}->{c}"),
                role="product",
            )
        else:
            kept = Term(sym("c", prev, j, tag), carry, (c_prev, f"{c_prev}->{c}"), role="state")
        i, c_tilde = _gate_value(layer, "i", t, j), _gate_value(layer, "c_tilde", t, j)
        added = Term(
            f"{sym('i', t, j, tag)} {sym('c̃', t, j, tag)}",
            i * c_tilde,
            (gate["i"], gate["c_tilde"], f"{gate['i']}->{c}", f"{gate['c_tilde']}->{c}"),
            role="product",
        )
        return Equation(c, j, "forward", sym("c", t, j, tag), (kept, added))
    cell = Term(
        sym("c", t, j, tag), float(layer.cell_state[t - 1, j]), (c, f"{c}->{h}"), role="state"
    )
    o = Term(
        sym("o", t, j, tag),
        _gate_value(layer, "o", t, j),
        (gate["o"], f"{gate['o']}->{h}"),
        role="product",
    )
    return Equation(h, j, "forward", sym("h", t, j, tag), (cell,), spec.activation, factor=o)


def _gru_forward(
    spec: ModelSpec, params: Params, layer: LayerRecord, kind: str, name: str, t: int, j: int
) -> Equation:
    """Gates as :func:`_gate_forward`; h_t = z_t ⊙ h_{t−1} + (1 − z_t) ⊙ h̃_t (gru.py's convention)."""
    if kind == "gate":
        return _gate_forward(spec, params, layer, name, t, j)
    tag, prev = layer.tag, layer.prev(t)
    h, h_prev = layer.id("h", t), layer.id("h", prev)
    z_id, ht_id = layer.id("gate", t, "z"), layer.id("gate", t, "h_tilde")
    z, h_tilde = _gate_value(layer, "z", t, j), _gate_value(layer, "h_tilde", t, j)
    terms = (
        Term(
            f"{sym('z', t, j, tag)} {sym('h', prev, j, tag)}",
            z * float(layer.state("h", prev)[j]),
            (z_id, h_prev, f"{h_prev}->{h}", f"{z_id}->{h}"),
            role="product",
        ),
        Term(
            f"(1 − {sym('z', t, j, tag)}) {sym('h̃', t, j, tag)}",
            (1.0 - z) * h_tilde,
            (z_id, ht_id, f"{ht_id}->{h}"),
            role="product",
        ),
    )
    return Equation(h, j, "forward", sym("h", t, j, tag), terms)


# --- pre-activation gradients -------------------------------------------------------------
# Gate → the letter of its input weight W_x? (what the layer below is multiplied by).
INPUT_LETTER = {"h": "h", **{g: letters[1] for g, letters in GATES.items()}}


def _rnn_pre_grads(spec: ModelSpec, layer: LayerRecord, s: int) -> dict[str, np.ndarray]:
    """∂L/∂a_s = ∂L/∂h_s ⊙ φ′(a_s), (H,)."""
    i = s - 1
    slope = activation_slope(spec.activation, layer.preact[i], layer.hidden[i])
    return {"h": layer.grad_hidden[i] * slope}


def _lstm_pre_grads(spec: ModelSpec, layer: LayerRecord, s: int) -> dict[str, np.ndarray]:
    """∂L/∂ of each gate's pre-activation at step ``s``, (H,) each."""
    i = s - 1
    dh, dc = layer.grad_hidden[i], layer.grad_cell[i]
    g = {name: layer.gates[name][i] for name in ("i", "f", "o", "c_tilde")}
    tanh_c = np.tanh(layer.cell_state[i])
    c_prev = layer.state("c", layer.prev(s))
    out = {
        "i": dc * g["c_tilde"] * g["i"] * (1.0 - g["i"]),
        "f": dc * c_prev * g["f"] * (1.0 - g["f"]),
        "o": dh * tanh_c * g["o"] * (1.0 - g["o"]),
        "c_tilde": dc * g["i"] * (1.0 - g["c_tilde"] * g["c_tilde"]),
    }
    # Without a forget gate F = 1 is no function of h_{t−1}: no term through it.
    return {name: out[name] for name in spec.gates}


def _gru_pre_grads(spec: ModelSpec, layer: LayerRecord, s: int) -> dict[str, np.ndarray]:
    """∂L/∂a^z, ∂L/∂a^r, ∂L/∂a^h̃ at step ``s``, (H,) each (``params`` not needed for z, h̃;
    a^r's needs W_hh, so it is taken in :func:`_gru_from_next` and :func:`from_above`)."""
    i = s - 1
    dh = layer.grad_hidden[i]
    z, h_tilde = layer.gates["z"][i], layer.gates["h_tilde"][i]
    h_prev = layer.state("h", layer.prev(s))
    return {
        "z": dh * (h_prev - h_tilde) * z * (1.0 - z),
        "h_tilde": dh * (1.0 - z) * (1.0 - h_tilde * h_tilde),
    }


def _gru_reset_grad(params: Params, layer: LayerRecord, s: int, da_h: np.ndarray) -> np.ndarray:
    """(∂L/∂a^h̃ W_hhᵀ) and from it ∂L/∂a^r at step ``s``: ``(drh, da_r)``."""
    r = layer.gates["r"][s - 1]
    drh = da_h @ params[layer.param("W_hh")].T
    return drh, drh * layer.state("h", layer.prev(s)) * r * (1.0 - r)


def pre_grads(spec: ModelSpec, params: Params, layer: LayerRecord, s: int) -> dict[str, np.ndarray]:
    """Gate (or "h" for the vanilla cell) → ∂L/∂ of its pre-activation at step ``s``, (H,)."""
    if spec.cell == "rnn":
        return _rnn_pre_grads(spec, layer, s)
    if spec.cell == "lstm":
        return _lstm_pre_grads(spec, layer, s)
    out = _gru_pre_grads(spec, layer, s)
    out["r"] = _gru_reset_grad(params, layer, s, out["h_tilde"])[1]
    return out


# --- backward -----------------------------------------------------------------------------
def from_above(
    spec: ModelSpec, params: Params, record: ExampleRecord, layer: LayerRecord, t: int, j: int
) -> list[Term]:
    """What reaches h_t[j] from outside its own recurrence: the output (the top layer:
    (∂L/∂o_t W_hqᵀ)[row]), or each direction of the layer above at the same step
    ((∂L/∂a_t W_xᵀ)[row], summed over that cell's gates)."""
    h = layer.id("h", t)
    tops = record.top
    if any(layer is top for top in tops):
        o = node_id("o", t)
        row = [top is layer for top in tops].index(True) * layer.H + j
        value = float(record.grad_outputs[t - 1] @ params["W_hq"][row])
        html = f"({grad('o', t)} {row_t('W_hq', row)}"
        return [Term(html, value, (o, f"{h}->{o}"), "W_hq", "output")]
    terms = []
    for up in record.above(layer):
        row = up.below.index(layer.stem) * layer.H + j
        dA = pre_grads(spec, params, up, t)
        names = [up.param(f"W_x{INPUT_LETTER[g]}") for g in dA]
        value = sum(float(dA[g] @ params[w][row]) for g, w in zip(dA, names, strict=True))
        target = up.id("h", t)
        gates = [up.id("gate", t, g) for g in dA if g != "h"]
        sources = (target, f"{h}->{target}", *gates, *(f"{h}->{g}" for g in gates))
        w_x = weight("W_x" if spec.cell != "rnn" else "W_xh", up.tag, transpose=True)
        html = f"(∂<i>L</i>/∂<i>a</i><sub>{t}</sub><sup>{up.tag}</sup> {w_x})[{row}]"
        if spec.cell != "rnn":
            html = f"Σ<sub>g</sub> {html}"
        terms.append(Term(html, value, sources, names[0] if len(names) == 1 else "", "from_above"))
    return terms


def _from_next(
    layer: LayerRecord,
    t: int,
    n: int,
    html: str,
    value: float,
    w: str,
    targets: tuple[str, ...],
) -> Term:
    """A term step ``n`` (t's next step) sends back: ξ_n · ``value`` (entry j already
    taken), with the engine's zero for a cut rather than 0 · (a possibly infinite) value."""
    xi = layer.xi_of(n)
    scaled = 0.0 if xi == 0.0 else float(value) * xi
    if xi != 1.0:
        html = f"ξ<sub>{n}</sub>·{html}"
    src = layer.id("h", t)
    sources = tuple(dict.fromkeys(s for target in targets for s in (target, f"{src}->{target}")))
    return Term(html, scaled, sources, w, "from_next")


def _rnn_from_next(
    spec: ModelSpec, params: Params, layer: LayerRecord, t: int, n: int, j: int
) -> list[Term]:
    """ξ_n ((∂L/∂h_n ⊙ φ′_n) W_hhᵀ)[j]."""
    tag, w = layer.tag, layer.param("W_hh")
    dA = _rnn_pre_grads(spec, layer, n)["h"]
    html = f"(({grad('h', n, tag)} ⊙ φ′<sub>{n}</sub>) {row_t(w, j, tag)}"
    return [_from_next(layer, t, n, html, dA @ params[w][j], w, (layer.id("h", n),))]


def _lstm_from_next(
    spec: ModelSpec, params: Params, layer: LayerRecord, t: int, n: int, j: int
) -> list[Term]:
    """ξ_n Σ_g (∂L/∂a^g_n W_hgᵀ)[j], one term per gate."""
    tag, terms = layer.tag, []
    for name, dA in _lstm_pre_grads(spec, layer, n).items():
        symbol, _, w_h = GATES[name]
        w = layer.param(f"W_{w_h}")
        html = f"(∂<i>L</i>/∂<i>a</i><sup>{symbol}</sup><sub>{n}</sub> {row_t(w, j, tag)}"
        targets = (layer.id("gate", n, name), layer.id("h", n))
        terms.append(_from_next(layer, t, n, html, dA @ params[w][j], w, targets))
    return terms


def _gru_from_next(
    spec: ModelSpec, params: Params, layer: LayerRecord, t: int, n: int, j: int
) -> list[Term]:
    """ξ_n ( ∂L/∂h_n[j] z_n[j] + (∂L/∂a^z W_hzᵀ)[j] + (∂L/∂a^r W_hrᵀ)[j]
    + r_n[j] (∂L/∂a^h̃ W_hhᵀ)[j] )."""
    tag = layer.tag
    dh = layer.grad_hidden[n - 1]
    z, r = layer.gates["z"][n - 1], layer.gates["r"][n - 1]
    da = _gru_pre_grads(spec, layer, n)
    drh, da_r = _gru_reset_grad(params, layer, n, da["h_tilde"])
    gid = {g: layer.id("gate", n, g) for g in ("z", "r", "h_tilde")}
    h_next = layer.id("h", n)
    w_z, w_r, w_h = (layer.param(f"W_{k}") for k in ("hz", "hr", "hh"))
    return [
        _from_next(
            layer, t, n, f"{grad('h', n, tag)}[{j}] {sym('z', n, j, tag)}", dh[j] * z[j], "",
            (h_next,),
        ),
        _from_next(
            layer, t, n, f"(∂<i>L</i>/∂<i>a</i><sup>z</sup><sub>{n}</sub> {row_t(w_z, j, tag)}",
            da["z"] @ params[w_z][j], w_z, (gid["z"], h_next),
        ),
        _from_next(
            layer, t, n, f"(∂<i>L</i>/∂<i>a</i><sup>r</sup><sub>{n}</sub> {row_t(w_r, j, tag)}",
            da_r @ params[w_r][j], w_r, (gid["r"], h_next),
        ),
        _from_next(
            layer, t, n,
            f"{sym('r', n, j, tag)} (∂<i>L</i>/∂<i>a</i><sup>h̃</sup><sub>{n}</sub> {row_t(w_h, j, tag)}",
            r[j] * drh[j], w_h, (gid["h_tilde"], h_next),
        ),
    ]  # fmt: skip


def cell_backward(spec: ModelSpec, layer: LayerRecord, t: int, j: int) -> Equation:
    """LSTM: ∂L/∂c_t[j] = ∂L/∂h_t[j] o_t[j] (1 − tanh² c_t[j]) + ξ_n ∂L/∂c_n[j] f_n[j]."""
    tag = layer.tag
    h, c = layer.id("h", t), layer.id("c", t)
    o, tc = _gate_value(layer, "o", t, j), float(np.tanh(layer.cell_state[t - 1, j]))
    dh = float(layer.grad_hidden[t - 1, j])
    terms = [
        Term(
            f"{grad('h', t, tag)}[{j}] {sym('o', t, j, tag)} (1 − tanh² {sym('c', t, j, tag)})",
            dh * (o * (1.0 - tc * tc)),
            (h, f"{c}->{h}"),
            role="from_h",
        )
    ]
    n = layer.next(t)
    if n is not None:
        f = _gate_value(layer, "f", n, j) if spec.forget_gate else 1.0
        html = f"{grad('c', n, tag)}[{j}] {sym('f', n, j, tag)}"
        c_next = layer.id("c", n)
        term = _from_next(layer, t, n, html, float(layer.grad_cell[n - 1, j]) * f, "", ())
        terms.append(Term(term.html, term.value, (c_next, f"{c}->{c_next}"), "", "from_next"))
    return Equation(c, j, "backward", f"∂<i>L</i>/∂{sym('c', t, j, tag)}", tuple(terms))


def hidden_backward(
    spec: ModelSpec, params: Params, record: ExampleRecord, layer: LayerRecord, t: int, j: int
) -> Equation:
    """∂L/∂h_t[j] = what comes from above (output or layer above) + what step t's next step
    sends back through the cell's recurrent weights (none after the last step read)."""
    terms = from_above(spec, params, record, layer, t, j)
    n = layer.next(t)
    if n is not None:
        terms += FROM_NEXT[spec.cell](spec, params, layer, t, n, j)
    lhs = f"∂<i>L</i>/∂{sym('h', t, j, layer.tag)}"
    return Equation(layer.id("h", t), j, "backward", lhs, tuple(terms))


Forward = Callable[[ModelSpec, Params, LayerRecord, str, str, int, int], Equation]
FromNext = Callable[[ModelSpec, Params, LayerRecord, int, int, int], list[Term]]
FORWARD: dict[str, Forward] = {"rnn": _rnn_forward, "lstm": _lstm_forward, "gru": _gru_forward}
FROM_NEXT: dict[str, FromNext] = {
    "rnn": _rnn_from_next,
    "lstm": _lstm_from_next,
    "gru": _gru_from_next,
}
