"""The equations of the output-recurrent network (``output_recurrence.py``), term by term.

    h_t = φ( x_t W_xh + F_{t−1} W_oh + b_h ),   o_t = h_t W_hq + b_q

F_{t−1} is what step t reads back: the initial signal o_0 at t = 1; later the true
y_{t−1} under teacher forcing, else the model's own o_{t−1} ("mse") or softmax(o_{t−1})
("ce"). Under teacher forcing nothing flows back in time: ∂L/∂h_t has the one term from
o_t's own loss. In free running step t + 1 sends back through o_t, scaled by ξ_{t+1}:
((∂L/∂h_{t+1} ⊙ φ′) W_ohᵀ) — through softmax's Jacobian J_t for "ce" — then W_hqᵀ.
The values are the engine's backward pass (``OutputRecurrentRNN._backward``) taken apart.
"""

from __future__ import annotations

import numpy as np

from .description_layers import LayerRecord
from .description_terms import (
    Equation,
    ExampleRecord,
    Term,
    activation_slope,
    column,
    grad,
    output_backward,
    row_t,
    sym,
    weight,
)
from .description_topology import ModelSpec, node_id

Params = dict[str, np.ndarray]


def _fed_term(params: Params, record: ExampleRecord, t: int, j: int) -> Term:
    """F_{t−1} W_oh[:, j]: the signal step t reads back, named for what it is."""
    if record.fed is None:
        raise ValueError("the example record holds no fed-back signal (the trace's fed)")
    h = node_id("h", t)
    w = column("W_oh", j)
    value = float(record.fed[t - 1] @ params["W_oh"][:, j])
    if t == 1:
        o0 = node_id("o", 0)
        return Term(f"{sym('o', 0)} {w}", value, (o0, f"{o0}->{h}"), "W_oh", "recurrent")
    if record.teacher_forcing:
        y = node_id("y", t - 1)
        return Term(f"{sym('y', t - 1)} {w}", value, (y, f"{y}->{h}"), "W_oh", "teacher")
    o = node_id("o", t - 1)
    signal = sym("o", t - 1) if record.loss == "mse" else f"softmax({sym('o', t - 1)})"
    return Term(f"{signal} {w}", value, (o, f"{o}->{h}"), "W_oh", "recurrent")


def hidden_forward(
    spec: ModelSpec, params: Params, record: ExampleRecord, t: int, j: int
) -> Equation:
    """h_t[j] = φ( x_t W_xh[:, j] + F_{t−1} W_oh[:, j] + b_h[j] ), t ≥ 1."""
    h, x = node_id("h", t), node_id("x", t)
    terms = (
        Term(
            f"{sym('x', t)} {column('W_xh', j)}",
            float(record.inputs[t - 1] @ params["W_xh"][:, j]),
            (x, f"{x}->{h}"),
            "W_xh",
            "input",
        ),
        _fed_term(params, record, t, j),
        Term(f"{weight('b_h')}[{j}]", float(params["b_h"][j]), (), "b_h", "bias"),
    )
    return Equation(h, j, "forward", sym("h", t, j), terms, spec.activation)


def _sent_back(spec: ModelSpec, params: Params, record: ExampleRecord, t: int) -> np.ndarray:
    """What step t + 1 sends back onto o_t before ξ: ((∂L/∂h_{t+1} ⊙ φ′) W_ohᵀ), through
    softmax's Jacobian for "ce" (O,). The engine's ``_backward`` and ``_feedback_grad``."""
    layer: LayerRecord = record.layers[""]
    n = t + 1
    slope = activation_slope(spec.activation, layer.preact[n - 1], layer.hidden[n - 1])
    g = (layer.grad_hidden[n - 1] * slope) @ params["W_oh"].T
    if record.loss == "mse":
        return g
    out = record.outputs[t - 1]
    prob = np.exp(out - out.max())
    prob /= prob.sum()
    return prob * (g - (g * prob).sum())


def _feeds_back(record: ExampleRecord, t: int) -> bool:
    """Whether step t + 1 reads o_t (free running, and t is not the last step)."""
    return not record.teacher_forcing and t < record.T


def _scaled(record: ExampleRecord, n: int, value: float, html: str) -> tuple[float, str]:
    """ξ_n · value, with the engine's zero for a cut step (not 0 · a possibly infinite value)."""
    xi = float(record.xi[n - 1])
    scaled = 0.0 if xi == 0.0 else value * xi
    return scaled, html if xi == 1.0 else f"ξ<sub>{n}</sub>·{html}"


def _through_next(record: ExampleRecord, t: int) -> str:
    """The symbol of what h_{t+1} sends back onto o_t."""
    n = t + 1
    # The products associate: no brackets beyond the element-wise one, so a class reads it.
    inner = f"({grad('h', n)} ⊙ φ′<sub>{n}</sub>) {weight('W_oh', transpose=True)}"
    return inner if record.loss == "mse" else f"{inner} <i>J</i><sub>{t}</sub>"


def hidden_backward(
    spec: ModelSpec, params: Params, record: ExampleRecord, t: int, j: int
) -> Equation:
    """∂L/∂h_t[j] = (∂L_t/∂o_t W_hqᵀ)[j] + (free running, t < T) ξ_{t+1} ((∂L/∂h_{t+1} ⊙ φ′)
    W_ohᵀ W_hqᵀ)[j] (with J_t, softmax's Jacobian at o_t, after W_ohᵀ for "ce")."""
    h, o = node_id("h", t), node_id("o", t)
    w_hq = params["W_hq"][j]
    terms = [
        Term(
            f"(∂<i>L</i><sub>{t}</sub>/∂{sym('o', t)} {row_t('W_hq', j)}",
            float(record.grad_outputs[t - 1] @ w_hq),
            (o, f"{h}->{o}"),
            "W_hq",
            "output",
        )
    ]
    if _feeds_back(record, t):
        n = t + 1
        h_next = node_id("h", n)
        value, html = _scaled(
            record,
            n,
            float(_sent_back(spec, params, record, t) @ w_hq),
            f"({_through_next(record, t)} {row_t('W_hq', j)}",
        )
        sources = (h_next, f"{o}->{h_next}", o, f"{h}->{o}")
        terms.append(Term(html, value, sources, "W_oh", "from_next"))
    return Equation(h, j, "backward", f"∂<i>L</i>/∂{sym('h', t, j)}", tuple(terms))


def output_backward_fed(
    spec: ModelSpec, params: Params, record: ExampleRecord, t: int, k: int
) -> Equation:
    """∂L/∂o_t[k] = ∂L_t/∂o_t[k] + (free running, t < T) ξ_{t+1} ((∂L/∂h_{t+1} ⊙ φ′)
    W_ohᵀ J_t)[k] (no J_t for "mse"): the trace's total ``grad_outputs_total``."""
    own = output_backward(record, t, k)
    if not _feeds_back(record, t):
        return own
    n = t + 1
    o, h_next = node_id("o", t), node_id("h", n)
    value, html = _scaled(
        record,
        n,
        float(_sent_back(spec, params, record, t)[k]),
        f"({_through_next(record, t)})[{k}]",
    )
    back = Term(html, value, (h_next, f"{o}->{h_next}"), "W_oh", "from_next")
    return Equation(own.node, k, "backward", own.lhs, (*own.terms, back))
