"""Each node's equation, term by term, with the numbers of one example and one unit.

The inputs are an :class:`ExampleRecord` (one example's forward and backward numbers,
taken from a :class:`~explorer.engine.trace.Trace` by :func:`example_record`), the
parameters the forward pass used, and the :class:`ModelSpec`. The output is an
:class:`Equation`: ``lhs = factor · activation(Σ terms)``, where each :class:`Term`
carries its symbolic form (HTML in d2l's row-vector notation), its value, and the ids of
the nodes and edges of :func:`~explorer.engine.description_topology.unroll` it comes
from, so a view can light them up. The activation is the one the model names.

Forward equations reproduce the trace's hidden states, cells, gates, outputs and step
losses; backward equations split ∂L/∂h_t (and the LSTM's ∂L/∂c_t) into the term from the
output and the terms from step t + 1, which sum to ``trace.grad_hidden`` /
``trace.grad_cell``. The cell-specific equations live in ``description_cells.py``; ``description.py``
dispatches on the node.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .description_layers import LayerRecord, layer_records
from .description_topology import node_id
from .trace import Trace


@dataclass(frozen=True)
class ExampleRecord:
    """One example's numbers of one iteration (index i of a (T, .) array is step t = i + 1).

    ``layers``: stem → :class:`~explorer.engine.description_layers.LayerRecord`, every
    recurrent layer and direction ("" for a one-layer model; "l0.", "l1r." … for a
    stacked or bidirectional one), holding the states, gates and their gradients. The
    read-out side: ``inputs (T, D)``, ``outputs (T, O)``, ``targets`` ((T, O) floats for
    "mse", (T,) classes for "ce"), ``mask (T,)``, ``grad_outputs (T, O)``, ``xi (T,)``.
    Batch-wide: ``step_losses (T,)``, ``loss`` ("mse" or "ce") and ``scored``, the number
    of masked-in (t, b) of the batch (the loss's mean runs over ``scored`` rows, times O for
    "mse"). Output recurrence only: ``fed (T, O)``, the signal F_{t−1} step t read back, and
    ``teacher_forcing``, whether that was the true y_{t−1}.
    """

    inputs: np.ndarray
    outputs: np.ndarray
    targets: np.ndarray
    mask: np.ndarray
    grad_outputs: np.ndarray
    xi: np.ndarray
    step_losses: np.ndarray
    loss: str
    scored: float
    layers: dict[str, LayerRecord]
    example: int = 0
    fed: np.ndarray | None = None
    teacher_forcing: bool = False

    @property
    def T(self) -> int:
        """Sequence length."""
        return int(self.inputs.shape[0])

    @property
    def top(self) -> tuple[LayerRecord, ...]:
        """The layer the read-out reads, one record per direction (forward first)."""
        last = max(r.layer for r in self.layers.values())
        tops = [r for r in self.layers.values() if r.layer == last]
        return tuple(sorted(tops, key=lambda r: r.reverse))

    def above(self, layer: LayerRecord) -> tuple[LayerRecord, ...]:
        """The records of the layer above ``layer`` (empty for the top), forward first."""
        ups = [r for r in self.layers.values() if r.layer == layer.layer + 1]
        return tuple(sorted(ups, key=lambda r: r.reverse))


def example_record(trace: Trace, b: int, targets: np.ndarray, loss: str) -> ExampleRecord:
    """Example ``b`` of ``trace``; ``targets`` is the Y the trace was made with, ``loss`` its kind.

    targets: (T, B, O) floats for "mse" or (T, B) classes for "ce".
    """
    B = trace.hidden.shape[1]
    if isinstance(b, bool) or not isinstance(b, (int, np.integer)) or not 0 <= b < B:
        raise ValueError(f"b must be an example index in [0, {B}), got {b!r}")
    if loss not in ("mse", "ce"):
        raise ValueError(f"loss must be 'mse' or 'ce', got {loss!r}")
    return ExampleRecord(
        inputs=trace.X[:, b],
        outputs=trace.outputs[:, b],
        targets=np.asarray(targets)[:, b],
        mask=trace.mask[:, b],
        grad_outputs=trace.grad_outputs[:, b],
        xi=trace.xi,
        step_losses=trace.step_losses,
        loss=loss,
        scored=float(trace.mask.sum()),
        layers=layer_records(trace, b),
        example=int(b),
        fed=None if getattr(trace, "fed", None) is None else trace.fed[:, b],
        teacher_forcing=bool(getattr(trace, "teacher_forcing", False)),
    )


@dataclass(frozen=True)
class Term:
    """One summand: ``html`` its symbolic form, ``value`` its number.

    ``sources``: ids of the nodes and edges it comes from (of both details of
    :func:`unroll`; a view ignores the ids it does not draw). ``weight``: the parameter
    it multiplies by, "" if none. ``role``: "input", "recurrent", "bias", "state",
    "product", "output", "from_next", "from_h", "example", "others", "constant", and
    "teacher" (the true y_{t−1} an output-recurrent step reads under teacher forcing).
    """

    html: str
    value: float
    sources: tuple[str, ...] = ()
    weight: str = ""
    role: str = ""

    @property
    def plain(self) -> str:
        """``html`` as plain text: subscripts as _t, superscripts as ^, no tags."""
        return to_plain(self.html)


@dataclass(frozen=True)
class Equation:
    """``lhs = factor · activation(Σ terms) = value`` for one node, one unit, one side.

    ``side``: "forward" (the value) or "backward" (∂L/∂ of it). ``activation``: "" for
    none, else "tanh", "relu" or "sigmoid". ``factor``: a multiplier applied after the
    activation (the LSTM's output gate in h_t = o_t ⊙ tanh(c_t)), else None.
    ``preact`` is Σ terms; ``value`` the result.
    """

    node: str
    unit: int
    side: str
    lhs: str
    terms: tuple[Term, ...]
    activation: str = ""
    factor: Term | None = None

    @property
    def preact(self) -> float:
        """The sum of the terms, in their order."""
        total = 0.0
        for term in self.terms:
            total += term.value
        return total

    @property
    def value(self) -> float:
        """``factor · activation(preact)``."""
        value = activate(self.activation, self.preact)
        return value if self.factor is None else self.factor.value * value

    @property
    def html(self) -> str:
        """The equation in symbols, then in numbers: ``lhs = φ( a + b ) = φ( 1.2 + 3 ) = 0.9``."""
        return " ".join(self.parts())

    def parts(self, wrap: Callable[[int, str], str] | None = None) -> tuple[str, str, str]:
        """The three parts of :attr:`html`: ``"lhs = φ( a + b )"``, ``"= φ( 1.2 + 3 )"``,
        ``"= <b>0.9</b>"`` (``"= φ( 4.2 ) = <b>0.9</b>"`` with an activation of several terms). ``wrap(k, text)`` wraps term k's symbol and its number (k =
        len(terms) is the factor), so a view can mark where each term is drawn."""
        wrap = wrap or (lambda _k, text: text)
        factor, k_factor = self.factor, len(self.terms)
        symbols = self._wrap(
            [wrap(k, t.html) for k, t in enumerate(self.terms)],
            factor and wrap(k_factor, factor.html),
        )
        numbers = self._wrap(
            [wrap(k, number(t.value)) for k, t in enumerate(self.terms)],
            factor and wrap(k_factor, number(factor.value)),
        )
        value = f"= <b>{number(self.value)}</b>"
        if self.activation and len(self.terms) > 1:
            # The pre-activation on its own before φ is applied: "= tanh( 0.52 ) = 0.48".
            inner = f"{ACTIVATION_SYMBOLS[self.activation]}( {number(self.preact)} )"
            value = f"= {inner if factor is None else f'{number(factor.value)} · {inner}'} {value}"
        return f"{self.lhs} = {symbols}", f"= {numbers}", value

    @property
    def plain(self) -> str:
        """:attr:`html` as plain text."""
        return to_plain(self.html)

    def _wrap(self, parts: list[str], factor: str | None) -> str:
        inner = parts[0] if parts else "0"
        for part in parts[1:]:
            # A negative number reads "a − 0.5", not "a + −0.5" (also inside a view's wrapper).
            bare = re.sub(r"^(<[^>]*>)+", "", part)
            if bare.startswith("−"):
                inner += " − " + part.replace("−", "", 1)
            else:
                inner += f" + {part}"
        if self.activation:
            inner = f"{ACTIVATION_SYMBOLS[self.activation]}( {inner} )"
        return inner if factor is None else f"{factor} · {inner}"


ACTIVATION_SYMBOLS = {"tanh": "tanh", "relu": "ReLU", "sigmoid": "σ"}


def activate(name: str, a: float) -> float:
    """The activation ``name`` at ``a``, computed as the engine computes it."""
    if name == "":
        return a
    if name == "tanh":
        return float(np.tanh(a))
    if name == "relu":
        return max(a, 0.0)
    if name == "sigmoid":
        return float(0.5 * (1.0 + np.tanh(0.5 * a)))
    raise ValueError(f"unknown activation {name!r}")


def activation_slope(name: str, preact: np.ndarray, value: np.ndarray) -> np.ndarray:
    """φ′ at each entry, as the engine's backward pass computes it: from the activation's
    output ``value`` (tanh: 1 − value², sigmoid: value (1 − value)) or, for ReLU, from the
    pre-activation ``preact`` (1 where it is positive). Arrays of one shape; a view bounding
    a gradient by max |φ′| reads it here instead of guessing the activation."""
    if name == "tanh":
        return 1.0 - value * value
    if name == "sigmoid":
        return value * (1.0 - value)
    if name == "relu":
        return (np.asarray(preact) > 0).astype(np.asarray(value).dtype)
    if name == "":
        return np.ones_like(value)
    raise ValueError(f"unknown activation {name!r}")


def number(value: float) -> str:
    """A number as an equation shows it: four significant digits, a true minus sign."""
    return f"{value:.4g}".replace("-", "−")


def sym(symbol: str, t: int | str, unit: int | str | None = None, tag: str = "") -> str:
    """``("h", 3, 2)`` → ``<i>h</i><sub>3</sub>[2]``; a layer ``tag`` "(2←)" is a superscript."""
    index = "" if unit is None else f"[{unit}]"
    upper = f"<sup>{tag}</sup>" if tag else ""
    return f"<i>{symbol}</i><sub>{t}</sub>{upper}{index}"


def weight(name: str, tag: str = "", transpose: bool = False) -> str:
    """``"W_xh"`` → ``W<sub>xh</sub>``; a layer's "l1r.W_xh" drops its stem for ``tag``;
    ``transpose`` adds ᵀ (after the tag, in one superscript)."""
    stem, _, sub = name.rpartition(".")[2].partition("_")
    upper = tag + ("T" if transpose else "")
    return f"{stem}<sub>{sub}</sub>" + (f"<sup>{upper}</sup>" if upper else "")


def column(name: str, unit: int, tag: str = "", rows: slice | None = None) -> str:
    """Column ``unit`` of weight ``name``: ``W<sub>xh</sub>[:, 2]``; ``rows`` a block of rows
    (``[4:8, 2]``: the part a bidirectional layer's reverse half multiplies)."""
    span = ":" if rows is None or rows.start is None else f"{rows.start}:{rows.stop}"
    return f"{weight(name, tag)}[{span}, {unit}]"


def row_t(name: str, unit: int, tag: str = "") -> str:
    """Entry ``unit`` of a product with the transpose: ``…W<sub>hh</sub><sup>T</sup>)[2]``."""
    return f"{weight(name, tag, transpose=True)})[{unit}]"


def grad(symbol: str, t: int | str, tag: str = "") -> str:
    """``∂L/∂h<sub>t</sub>`` (the vector)."""
    return f"∂<i>L</i>/∂{sym(symbol, t, tag=tag)}"


def to_plain(html: str) -> str:
    """Strip the few tags the equations use: <sub>t</sub> → _t, <sup>T</sup> → ᵀ."""
    text = html.replace("<sup>T</sup>", "ᵀ")
    text = re.sub(
        r"<sub>([^<]*)</sub>",
        lambda m: "_" + (m.group(1) if len(m.group(1)) == 1 else "{" + m.group(1) + "}"),
        text,
    )
    text = re.sub(r"<sup>([^<]*)</sup>", r"^\1", text)
    return re.sub(r"<[^>]+>", "", text)


def output_forward(
    params: dict[str, np.ndarray], record: ExampleRecord, t: int, k: int
) -> Equation:
    """o_t[k] = h_t W_hq[:, k] + b_q[k]; a bidirectional top layer gives one term per
    direction, each with its block of W_hq's rows."""
    o = node_id("o", t)
    tops = record.top
    H = tops[0].H
    terms = []
    for d, top in enumerate(tops):
        h = top.id("h", t)
        rows = slice(d * H, (d + 1) * H) if len(tops) > 1 else None
        block = params["W_hq"][d * H : (d + 1) * H, k]
        terms.append(
            Term(
                f"{sym('h', t, tag=top.tag)} {column('W_hq', k, rows=rows)}",
                float(top.hidden[t - 1] @ block),
                (h, f"{h}->{o}"),
                "W_hq",
                "input",
            )
        )
    terms.append(Term(f"{weight('b_q')}[{k}]", float(params["b_q"][k]), (), "b_q", "bias"))
    return Equation(o, k, "forward", sym("o", t, k), tuple(terms))


def loss_forward(record: ExampleRecord, t: int) -> Equation:
    """L_t: this example's share (mean over the batch's ``scored`` rows) plus the others'."""
    i, o, L = t - 1, node_id("o", t), node_id("L", t)
    out, m, n = record.outputs[i], float(record.mask[i]), record.scored
    if record.loss == "mse":
        diff = out - record.targets[i]
        share = m * float(diff @ diff) / (n * out.size)
        text = f"{sym('m', t)}‖{sym('o', t)} − {sym('y', t)}‖² / ({number(n)}·{out.size})"
    else:
        shifted = out - out.max()
        y = int(record.targets[i])
        share = m * float(np.log(np.exp(shifted).sum()) - shifted[y]) / n
        text = f"{sym('m', t)}(log Σ<sub>k</sub> exp {sym('o', t, 'k')} − {sym('o', t, y)}) / {number(n)}"
    terms = (
        Term(text, share, (o, f"{o}->{L}"), role="example"),
        Term("(other examples)", float(record.step_losses[i]) - share, (L,), role="others"),
    )
    return Equation(L, 0, "forward", sym("L", t), terms)


def output_backward(record: ExampleRecord, t: int, k: int) -> Equation:
    """∂L/∂o_t[k]: MSE 2 m (o − y) / (N·O); cross-entropy m (softmax(o)[k] − [k = y]) / N."""
    i, o, L = t - 1, node_id("o", t), node_id("L", t)
    out, m, n = record.outputs[i], record.mask[i], record.scored
    if record.loss == "mse":
        value = (out[k] - record.targets[i, k]) * m * (2.0 / (n * out.size))
        text = f"2 {sym('m', t)}({sym('o', t, k)} − {sym('y', t, k)}) / ({number(n)}·{out.size})"
    else:
        p = np.exp(out - out.max())
        p /= p.sum()
        value = (p[k] - (k == int(record.targets[i]))) * (m / n)
        text = f"{sym('m', t)}(softmax({sym('o', t)})[{k}] − [{k} = {sym('y', t)}]) / {number(n)}"
    terms = (Term(text, float(value), (L, f"{o}->{L}"), role="output"),)
    return Equation(o, k, "backward", f"∂<i>L</i>/∂{sym('o', t, k)}", terms)
