"""The inspector: the selected node's vector, gradient and gates, and its equation in numbers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from explorer.formulas import FORMULAS
from explorer.session.backward_terms import (
    BackwardEquation,
    cell_equation,
    hidden_equation,
    relu_activation,
)
from explorer.session.snapshot import ModelSnapshot, Phase, SessionView
from explorer.ui.i18n import tr, tr_noop
from explorer.ui.phrases import status_text
from explorer.ui.selection import Selection
from explorer.ui.theme import cell_colour, cell_label, font, revealed, style_plot

# The loss as the engine defines it, the same formula the tests check (explorer.formulas).
LOSS_DEFINITION = FORMULAS["loss.weighted"].display
# A gradient check passes below this relative error (central differences in float64).
GRADCHECK_OK = 1e-5
NAMES = {
    "x": tr_noop("input x"),
    "h": tr_noop("hidden state h"),
    "c": tr_noop("cell state c"),
    "o": tr_noop("output o"),
    "L": tr_noop("step loss L"),
}


def sigmoid(a: float) -> float:
    """The logistic function, written as the engine writes it."""
    return 0.5 * (1.0 + np.tanh(0.5 * a))


def n(value: float) -> str:
    """A number as the equation shows it: four significant digits, true minus sign."""
    text = f"{value:.4g}"
    return text.replace("-", "−")


# Candidates as a letter with a raised tilde: a combining tilde (c̃) was drawn on the next
# line by Qt's rich text, leaving "i·c" on this one.
TILDED = {"c̃": "c<sup>~</sup>", "h̃": "h<sup>~</sup>"}
TRANSPOSE = "<sup>T</sup>"


def sub(symbol: str, t: int | str, unit: int | None = None) -> str:
    """``h``, 17, 3 → h<sub>17</sub>[3] in Qt rich text."""
    index = f"[{unit}]" if unit is not None else ""
    return f"<i>{TILDED.get(symbol, symbol)}</i><sub>{t}</sub>{index}"


def grad(symbol: str, t: int | str, unit: int | None = None) -> str:
    """∂L/∂h<sub>t</sub>[u] in Qt rich text."""
    return f"∂L/∂{sub(symbol, t, unit)}"


def weight_t(name: str, u: int) -> str:
    """W<sub>hq</sub><sup>T</sup>[:,u]: column ``u`` of a transposed weight matrix."""
    return f"{sub('W', name)}{TRANSPOSE}[:,{u}]"


@dataclass(frozen=True)
class Affine:
    """One unit's pre-activation split into its three terms: input, recurrent, bias."""

    input: float
    recurrent: float
    bias: float

    @property
    def total(self) -> float:
        """The pre-activation a = input + recurrent + bias."""
        return self.input + self.recurrent + self.bias


def affine(snap: ModelSnapshot, block: str, t: int, u: int, h_prev: np.ndarray) -> Affine:
    """x_t · W_x<block>[:, u] + h_prev · W_h<block>[:, u] + b_<block>[u] from the snapshot."""
    w = snap.weights
    x = snap.inputs[t - 1]
    return Affine(
        float(x @ w[f"W_x{block}"][:, u]),
        float(h_prev @ w[f"W_h{block}"][:, u]),
        float(w[f"b_{block}"][u]),
    )


def previous_hidden(snap: ModelSnapshot, t: int) -> np.ndarray:
    """h_{t−1} of the displayed example (h_0 at t = 1)."""
    return snap.h0 if t == 1 else snap.hidden[t - 2]


def backward_text(equations: list[BackwardEquation], cell: str) -> str:
    """The backward equations of one unit with their numbers, in the row convention:
    the formula, then its terms (each named for where it comes from), then the sum."""
    lines = []
    for eq in equations:
        t, u = eq.t, eq.unit
        nxt = t + 1
        factor = "" if eq.xi in (None, 0.0, 1.0) else f"{n(eq.xi)}·"
        if eq.node == "c":
            formula = (
                f"{grad('c', t, u)} = {grad('h', t, u)}·{sub('o', t, u)}·(1 − tanh²{sub('c', t, u)})"
                f" + {factor}{grad('c', nxt, u)}·{sub('f', nxt, u)}"
            )
        else:
            recurrent = {
                "rnn": f"({grad('h', nxt)} ⊙ φ′<sub>{nxt}</sub>)·{weight_t('hh', u)}",
                "lstm": f"Σ<sub>g</sub> δa<sup>g</sup><sub>{nxt}</sub>·{weight_t('hg', u)}",
                "gru": (
                    f"({grad('h', nxt, u)}·{sub('z', nxt, u)}"
                    f" + (δa<sup>h~</sup><sub>{nxt}</sub>·{weight_t('hh', u)})·{sub('r', nxt, u)}"
                    f" + δa<sup>z</sup><sub>{nxt}</sub>·{weight_t('hz', u)}"
                    f" + δa<sup>r</sup><sub>{nxt}</sub>·{weight_t('hr', u)})"
                ),
            }[cell]
            formula = (
                f"{grad('h', t, u)} = {grad('o', t)}·{weight_t('hq', u)} + {factor}{recurrent}"
            )
        names = {
            "output": tr("from {o}").format(o=sub("o", t)),
            "from_h": tr("from {h}").format(h=sub("h", t)),
            "next": tr("from step {t}").format(t=nxt),
            "direct": tr("through z"),
            "candidate": tr("through the candidate"),
            "update": tr("through z's weights"),
            "reset": tr("through r's weights"),
        }
        parts = [f"{n(term.value)} <small>({names[term.key]})</small>" for term in eq.terms]
        note = ""
        if eq.xi is None:
            note = tr("t = T: nothing comes back from a later step")
        elif eq.xi == 0.0:
            note = tr("truncation cuts the edge to step {t}").format(t=nxt)
        lines.append(formula)
        lines.append("= " + " + ".join(parts))
        lines.append(f"= <b>{n(eq.total)}</b>" + (f" <small>({note})</small>" if note else ""))
    return "<br>".join(lines)


def affine_text(name: str, block: str, t: int, u: int, a: Affine, prev: str = "h") -> str:
    """``x_t·W_xh[:,u] + h_{t−1}·W_hh[:,u] + b_h[u]`` with the three numbers under it."""
    return (
        f"{sub('x', t)}·{sub('W', 'x' + block)}[:,{u}] + {sub(prev, t - 1)}·{sub('W', 'h' + block)}[:,{u}]"
        f" + {sub('b', block)}[{u}]"
    )


class Inspector(QWidget):
    """Follows the shared selection; shows numbers of the displayed iteration only."""

    def __init__(
        self,
        selection: Selection,
        gradcheck: Callable[[str], float] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._selection = selection
        self._gradcheck = gradcheck
        self.view: SessionView | None = None
        self.backward: list[BackwardEquation] = []
        self.title = QLabel(tr("Click a node in the graph"))
        self.title.setFont(font(1.25, bold=True))
        self.title.setWordWrap(True)
        self.unit = QSpinBox()
        self.unit.setRange(0, 0)
        self.unit.setToolTip(tr("The unit whose equation is shown (also: click a heatmap row)"))
        self.unit.valueChanged.connect(lambda u: selection.select(unit=u))
        unit_row = QHBoxLayout()
        unit_row.addWidget(QLabel(tr("Unit:")))
        unit_row.addWidget(self.unit)
        unit_row.addStretch(1)
        self.equation = QLabel("")
        self.equation.setTextFormat(Qt.TextFormat.RichText)
        self.equation.setWordWrap(True)
        self.equation.setFont(font(1.1))
        self.equation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.equation.setStyleSheet("background: #FFFDF5; border: 1px solid #E0D8C0; padding: 6px;")
        self.bars = pg.GraphicsLayoutWidget()
        self.bars.setMinimumHeight(260)
        self.value_plot = self.bars.addPlot(row=0, col=0)
        self.grad_plot = self.bars.addPlot(row=1, col=0)
        self.gate_plot = self.bars.addPlot(row=2, col=0)
        style_plot(self.value_plot, title=tr("value"))
        style_plot(self.grad_plot, title=tr("∂L/∂ (this example)"))
        style_plot(self.gate_plot, title=tr("gates of the unit"))
        self.value_bars = pg.BarGraphItem(x=[], height=[], width=0.8, brush="#0072B2")
        self.grad_bars = pg.BarGraphItem(x=[], height=[], width=0.8, brush="#D55E00")
        self.gate_bars = pg.BarGraphItem(x=[], height=[], width=0.6, brush="#009E73")
        self.value_plot.addItem(self.value_bars)
        self.grad_plot.addItem(self.grad_bars)
        self.gate_plot.addItem(self.gate_bars)
        self.unit_marks = [
            pg.InfiniteLine(angle=90, pen=pg.mkPen("k", width=1.5, style=Qt.PenStyle.DashLine))
            for _ in range(2)
        ]
        self.value_plot.addItem(self.unit_marks[0])
        self.grad_plot.addItem(self.unit_marks[1])
        self.verify = QPushButton(tr("Verify gradients"))
        self.verify.setToolTip(
            tr(
                "Compare the engine's backpropagated gradient with central finite differences "
                "on a small batch, for the selected model"
            )
        )
        self.verify.clicked.connect(self.runGradcheck)
        self.verify_result = QLabel("")
        self.verify_result.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title)
        layout.addLayout(unit_row)
        layout.addWidget(self.equation)
        layout.addWidget(self.bars, 1)
        layout.addWidget(self.verify)
        layout.addWidget(self.verify_result)
        self.terms: dict[str, float] = {}
        self._ranges: dict[int, tuple] = {}
        for plot in (self.value_plot, self.grad_plot, self.gate_plot):
            plot.disableAutoRange()
            plot.setMouseEnabled(x=False, y=False)
        self.gate_plot.setYRange(-1.05, 1.05, padding=0)
        self._gates_shown = True
        self._texts: dict[int, str] = {}
        self.paused = QLabel(tr("Training: the inspector shows the last iteration before it."))
        self.paused.setWordWrap(True)
        self.paused.setStyleSheet("color: #555; font-style: italic;")
        self.paused.setVisible(False)
        layout.insertWidget(1, self.paused)
        selection.sigChanged.connect(self.refresh)

    @property
    def gates_shown(self) -> bool:
        """Whether the gate bars are in the layout (not for the vanilla RNN, which has none)."""
        return self._gates_shown

    def _show_gates(self, on: bool) -> None:
        if on == self._gates_shown:
            return
        self._gates_shown = on
        if on:
            self.bars.addItem(self.gate_plot, row=2, col=0)
            self.gate_plot.setVisible(True)
        else:
            self.bars.removeItem(self.gate_plot)
            self.gate_plot.setVisible(False)

    def setView(self, view: SessionView) -> None:
        """Take a frame; the inspector shows the displayed iteration's numbers.

        Frames of background training are skipped: its equations, bars and rich text cost
        more than the rest of the window, and nobody reads them at 30 frames a second.
        The first frame after training stops brings the inspector up to date.
        """
        self.paused.setVisible(view.running)
        if view.running and self.view is not None:
            return
        self.view = view
        self.refresh()

    def _set_text(self, label: QLabel, text: str) -> None:
        # Rich text layout is slow; only touch a label whose text really changed.
        if self._texts.get(id(label)) != text:
            self._texts[id(label)] = text
            label.setText(text)

    def refresh(self) -> None:
        """Redraw for the current selection."""
        view = self.view
        sel = self._selection
        if view is None:
            return
        cell = sel.cell if sel.cell in view.cells else (view.cells[0] if view.cells else "")
        snap = view.records.get(cell)
        if snap is None:
            self._clear_bars()  # no bars of another run or iteration stay behind
        if snap is None and view.iteration == 0:
            # Before the first iteration there are no numbers yet: say how to get some.
            self._set_text(self.title, tr("Press → or Enter to start iteration 1"))
            self._set_text(self.equation, "")
            return
        if snap is None:
            self._set_text(self.title, tr("{model}: no data").format(model=tr(cell_label(cell))))
            status = view.status.get(cell)
            diverged = status is not None and status.diverged
            self._set_text(self.equation, status_text(status) if diverged else "")
            return
        if snap.layers:  # the equations below are those of one layer in one direction
            self.terms, self.backward = {}, []
            self._set_text(self.title, tr(cell_label(cell)))
            self._set_text(
                self.equation,
                tr(
                    "The equations of stacked and bidirectional models are not shown yet; "
                    "the graph and the other views show this run."
                ),
            )
            return
        H = snap.hidden.shape[1]
        self.unit.blockSignals(True)
        self.unit.setRange(0, H - 1)
        self.unit.setValue(min(sel.unit, H - 1))
        self.unit.blockSignals(False)
        u = min(sel.unit, H - 1)
        t = min(max(1, sel.t), snap.T)
        node = sel.node if sel.node in NAMES else "h"
        if node == "c" and snap.cell_state is None:
            node = "h"
        colour = cell_colour(cell).name()
        self._set_text(
            self.title,
            tr("{model} · {node} {symbol} · iteration {n}").format(
                model=f"<span style='color:{colour}'>{tr(cell_label(cell))}</span>",
                node=tr(NAMES[node]),
                symbol=sub(node, t),
                n=snap.iteration,
            ),
        )
        self.terms = {}
        self.backward = self._backward(view, snap, node, t, u)
        if self.backward:
            text = backward_text(self.backward, snap.cell)
        else:
            text = self._equation(snap, node, t, u)
        self._set_text(self.equation, text)
        self._bars(snap, node, t, u)

    @staticmethod
    def _backward(
        view: SessionView, snap: ModelSnapshot, node: str, t: int, u: int
    ) -> list[BackwardEquation]:
        """During the backward pass, once ∂L/∂h_t is revealed: the selected state's backward
        equations (the LSTM's ∂L/∂c_t too); otherwise none (the forward one is shown)."""
        if view.phase is not Phase.BACKWARD or node not in ("h", "c"):
            return []
        _forward, backward_from = revealed(view)
        if t < backward_from:
            return []
        equations = [hidden_equation(snap, t, u)]
        if snap.grad_cell is not None and snap.cell_state is not None:
            equations.append(cell_equation(snap, t, u))
            if node == "c":
                equations.reverse()
        return equations

    # ------------------------------------------------------------------------- equations
    def _equation(self, snap: ModelSnapshot, node: str, t: int, u: int) -> str:
        if node == "x":
            x = snap.inputs[t - 1]
            return (
                f"{sub('x', t)} = ["
                + ", ".join(n(v) for v in x[:8])
                + (" …" if x.size > 8 else "")
                + "]"
            )
        if node == "L":
            return self._loss(snap, t)
        if node == "o":
            k = 0
            h = snap.hidden[t - 1]
            dot = float(h @ snap.weights["W_hq"][:, k])
            bias = float(snap.weights["b_q"][k])
            self.terms = {"recurrent": dot, "bias": bias, "value": dot + bias}
            return (
                f"{sub('o', t, k)} = {sub('h', t)}·{sub('W', 'hq')}[:,{k}] + {sub('b', 'q')}[{k}]<br>"
                f"= {n(dot)} + {n(bias)} = <b>{n(dot + bias)}</b>"
                "<br><small>"
                + tr("(stored: {value})").format(value=n(float(snap.outputs[t - 1, k])))
                + "</small>"
            )
        if snap.cell == "rnn":
            return self._rnn(snap, t, u)
        if snap.cell == "lstm":
            return self._lstm(snap, node, t, u)
        return self._gru(snap, t, u)

    def _loss(self, snap: ModelSnapshot, t: int) -> str:
        """L_t (the batch's mean loss at step t) and the one definition of L built from it."""
        step_mean = float(snap.step_loss_means[t - 1])
        weight = float(snap.step_weights[t - 1]) if snap.step_weights is not None else 0.0
        self.terms = {"value": step_mean, "weight": weight, "loss": snap.loss}
        scored = (
            tr("this step is scored")
            if snap.mask[t - 1] > 0
            else tr("this step is not scored (mask 0)")
        )
        return (
            f"{sub('L', t)} = {n(step_mean) if np.isfinite(step_mean) else '—'}<br><small>"
            + tr("the batch's mean loss at step {t}; {scored}").format(t=t, scored=scored)
            + f"</small><br>{LOSS_DEFINITION} = <b>{n(snap.loss)}</b>, "
            f"n<sub>{t}</sub>/N = {n(weight)}<br><small>"
            + tr(
                "n_t/N: the share of the scored examples that lie at step t; every step scored: L = (1/T) Σ_t L_t"
            )
            + "</small>"
        )

    def _rnn(self, snap: ModelSnapshot, t: int, u: int) -> str:
        a = affine(snap, "h", t, u, previous_hidden(snap, t))
        relu = relu_activation(snap)
        phi = "ReLU" if relu else "tanh"
        value = max(0.0, a.total) if relu else float(np.tanh(a.total))
        self.terms = {
            "input": a.input,
            "recurrent": a.recurrent,
            "bias": a.bias,
            "preact": a.total,
            "value": value,
        }
        return (
            f"{sub('h', t, u)} = {phi}( {affine_text('h', 'h', t, u, a)} )<br>"
            f"= {phi}( {n(a.input)} + {n(a.recurrent)} + {n(a.bias)} )<br>"
            f"= {phi}( {n(a.total)} ) = <b>{n(value)}</b>"
        )

    def _gate(
        self, snap: ModelSnapshot, block: str, symbol: str, t: int, u: int, squash: str
    ) -> tuple[float, str]:
        a = affine(snap, block, t, u, previous_hidden(snap, t))
        value = sigmoid(a.total) if squash == "σ" else float(np.tanh(a.total))
        self.terms[symbol] = value
        line = (
            f"{sub(symbol, t, u)} = {squash}( {n(a.input)} + {n(a.recurrent)} + {n(a.bias)} ) "
            f"= {squash}({n(a.total)}) = {n(value)}"
        )
        return value, line

    def _lstm(self, snap: ModelSnapshot, node: str, t: int, u: int) -> str:
        lines = ["<small>" + tr("each gate: {rule}").format(rule=squash_doc()) + "</small>"]
        i, li = self._gate(snap, "i", "i", t, u, "σ")
        if "W_xf" in snap.weights:
            f, lf = self._gate(snap, "f", "f", t, u, "σ")
        else:
            f, lf = 1.0, f"{sub('f', t, u)} = 1 " + tr("(no forget gate)")
        o, lo = self._gate(snap, "o", "o", t, u, "σ")
        ct, lc = self._gate(snap, "c", "c̃", t, u, "tanh")
        c_prev = 0.0 if t == 1 else float(snap.cell_state[t - 2, u])
        c = f * c_prev + i * ct
        h = o * float(np.tanh(c))
        self.terms.update({"c": c, "value": h if node == "h" else c})
        lines += [lf, li, lc, lo]
        lines.append(
            f"{sub('c', t, u)} = f·{sub('c', t - 1, u)} + i·{TILDED['c̃']}"
            f" = {n(f)}×{n(c_prev)} + {n(i)}×{n(ct)} = <b>{n(c)}</b>"
        )
        lines.append(f"{sub('h', t, u)} = o·tanh(c) = {n(o)}×tanh({n(c)}) = <b>{n(h)}</b>")
        return "<br>".join(lines)

    def _gru(self, snap: ModelSnapshot, t: int, u: int) -> str:
        prev = previous_hidden(snap, t)
        z, lz = self._gate(snap, "z", "z", t, u, "σ")
        _r, lr = self._gate(snap, "r", "r", t, u, "σ")
        r_all = snap.gates["r"][t - 1]
        x = snap.inputs[t - 1]
        w = snap.weights
        a_in = float(x @ w["W_xh"][:, u])
        a_rec = float((r_all * prev) @ w["W_hh"][:, u])
        bias = float(w["b_h"][u])
        ht = float(np.tanh(a_in + a_rec + bias))
        h = z * float(prev[u]) + (1.0 - z) * ht
        self.terms.update({"h_tilde": ht, "value": h})
        return "<br>".join(
            [
                lz,
                lr,
                f"{sub('h̃', t, u)} = tanh( {sub('x', t)}·{sub('W', 'xh')}[:,{u}]"
                f" + (r⊙{sub('h', t - 1)})·{sub('W', 'hh')}[:,{u}] + {sub('b', 'h')}[{u}] )",
                f"= tanh( {n(a_in)} + {n(a_rec)} + {n(bias)} ) = {n(ht)}",
                f"{sub('h', t, u)} = z·{sub('h', t - 1, u)} + (1−z)·{TILDED['h̃']}"
                f" = {n(z)}×{n(float(prev[u]))} + {n(1 - z)}×{n(ht)} = <b>{n(h)}</b>",
            ]
        )

    # ------------------------------------------------------------------------- bars
    def _bars(self, snap: ModelSnapshot, node: str, t: int, u: int) -> None:
        i = t - 1
        value = {
            "x": snap.inputs,
            "h": snap.hidden,
            "c": snap.cell_state,
            "o": snap.outputs,
            "L": None,
        }[node]
        grad = {"h": snap.grad_hidden, "c": snap.grad_cell, "o": snap.grad_outputs}.get(node)
        for plot, bars, data, mark in (
            (self.value_plot, self.value_bars, value, self.unit_marks[0]),
            (self.grad_plot, self.grad_bars, grad, self.unit_marks[1]),
        ):
            if data is None:
                bars.setOpts(x=[], height=[])
                continue
            v = np.nan_to_num(np.asarray(data[i], dtype=np.float64))
            bars.setOpts(x=np.arange(v.size), height=v, width=0.8)
            mark.setValue(u if node in ("h", "c") else -10)
            # Axes move only when the bars outgrow them (or shrink a lot): a moving axis on
            # every frame costs more than the bars. Gradients span many decades over t:
            # their axis fits the step shown (symmetric), or early steps look like zero.
            scaled = v if plot is self.grad_plot else data
            finite = np.isfinite(scaled)
            peak = float(np.abs(scaled[finite]).max()) if finite.any() else 1.0
            bound = nice_bound(peak)
            key = (v.size, bound)
            if self._ranges.get(id(plot)) != key:
                self._ranges[id(plot)] = key
                plot.setXRange(-0.6, v.size - 0.4, padding=0)
                plot.setYRange(-bound, bound, padding=0.05)
        gates = [(k, float(g[i, u])) for k, g in snap.gates.items()]
        # The vanilla RNN has no gates: its plot leaves the layout instead of standing empty.
        self._show_gates(bool(gates))
        if gates:
            self.gate_bars.setOpts(x=np.arange(len(gates)), height=[g for _, g in gates], width=0.6)
            names = tuple(name for name, _ in gates)
            if self._ranges.get("gates") != names:
                self._ranges["gates"] = names
                self.gate_plot.getAxis("bottom").setTicks(
                    [[(k, name.replace("_tilde", "~")) for k, name in enumerate(names)]]
                )
                self.gate_plot.setXRange(-0.6, len(names) - 0.4, padding=0)
            self._title(self.gate_plot, tr("gates of unit {u} at t = {t}").format(u=u, t=t))
        else:
            self.gate_bars.setOpts(x=[], height=[])
        self._title(
            self.grad_plot,
            tr("∂L/∂{symbol} (this example)").format(symbol=f"{node}<sub>{t}</sub>")
            if grad is not None
            else tr("no gradient for this node"),
        )
        self._title(
            self.value_plot,
            tr("{symbol}, unit {u} dashed").format(symbol=f"{node}<sub>{t}</sub>", u=u),
        )

    def _clear_bars(self) -> None:
        for bars in (self.value_bars, self.grad_bars, self.gate_bars):
            bars.setOpts(x=[], height=[])

    def _title(self, plot: pg.PlotItem, text: str) -> None:
        # A plot title is a QGraphicsTextItem with HTML: setting it re-lays out the plot.
        if self._texts.get(id(plot)) != text:
            self._texts[id(plot)] = text
            plot.setTitle(text, size="12pt")

    # ------------------------------------------------------------------------- gradcheck
    def runGradcheck(self) -> None:
        """Run the engine's gradient check for the selected model and show the verdict."""
        if self._gradcheck is None or self.view is None:
            return
        cell = (
            self._selection.cell if self._selection.cell in self.view.cells else self.view.cells[0]
        )
        self.verify_result.setText(tr("Checking …"))
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            error = self._gradcheck(cell)
        except (ValueError, RuntimeError, KeyError) as exc:
            self.verify_result.setText(
                tr("Gradient check failed to run: {error}").format(error=exc)
            )
            return
        finally:
            QApplication.restoreOverrideCursor()
        ok = error < GRADCHECK_OK
        verdict = tr("✓ matches finite differences") if ok else tr("✗ larger than expected")
        self.verify_result.setText(
            tr("{model}: largest relative error {error} {verdict}").format(
                model=tr(cell_label(cell)), error=f"<b>{error:.2e}</b>", verdict=verdict
            )
        )
        self.verify_result.setStyleSheet("color: #006B4F;" if ok else "color: #B00020;")
        self.last_gradcheck = error


def nice_bound(value: float) -> float:
    """The next 1, 2 or 5 × 10^k at or above ``value`` (axis limits that rarely change)."""
    if not np.isfinite(value) or value <= 0:
        return 1.0
    exponent = np.floor(np.log10(value))
    for step in (1.0, 2.0, 5.0, 10.0):
        if step * 10**exponent >= value:
            return float(step * 10**exponent)
    return float(10 ** (exponent + 1))


def squash_doc() -> str:
    """The reminder shown above the gate lines."""
    return tr(
        "σ( x·W<sub>x·</sub> + h<sub>t−1</sub>·W<sub>h·</sub> + b ) = σ(input + recurrent + bias)"
    )
