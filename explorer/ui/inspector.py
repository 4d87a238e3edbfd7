"""The inspector: the selected node's equations in numbers, its vector, gradient and gates.

Every equation comes from the engine's description of the displayed example
(``ModelSnapshot.description``): the view chooses which node's equations to show and
draws their terms, and knows no cell. Hovering a term reports the graph ids it comes from
(``sigTermHovered``); ``showSources`` marks the terms that come from given ids.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from explorer.engine.description import Description, Equation
from explorer.engine.description_terms import number as n
from explorer.formulas import FORMULAS
from explorer.session.snapshot import ModelSnapshot, Phase, SessionView
from explorer.ui.equation_text import Block, EquationText
from explorer.ui.i18n import tr, tr_noop
from explorer.ui.inspector_bars import BarData, NodeBars, nice_bound
from explorer.ui.inspector_parts import (
    PART_KEYS,
    PartPlace,
    part_bar_data,
    part_equations,
    place,
    tag_of,
)
from explorer.ui.phrases import status_text
from explorer.ui.selection import Selection
from explorer.ui.theme import cell_colour, cell_label, font, revealed

if TYPE_CHECKING:
    from explorer.ui.session_events import SessionEvents

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
__all__ = ["Inspector", "n", "nice_bound"]


def split_node(node: str) -> tuple[str, str]:
    """A selected node as the graph names its rows: "l1r.h" → ("l1r", "h"), "h" → ("", "h")."""
    key, _, kind = node.rpartition(".")
    return key, kind


def symbol(node: str, t: int, tag: str = "") -> str:
    """``h``, 17, "(2←)" → h<sub>17</sub><sup>(2←)</sup> in Qt rich text."""
    return f"<i>{node}</i><sub>{t}</sub>" + (f"<sup>{tag}</sup>" if tag else "")


class Inspector(QWidget):
    """Follows the shared selection; shows numbers of the displayed iteration only.

    ``sigTermHovered(ids)``: the Topology node/edge ids and weight names of the equation
    term under the mouse, () when it leaves the terms.
    """

    sigTermHovered = Signal(object)

    def __init__(
        self,
        selection: Selection,
        gradcheck: Callable[[str], float] | None = None,
        parent: QWidget | None = None,
        *,
        events: SessionEvents | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self._selection = selection
        self._gradcheck = gradcheck
        self.view: SessionView | None = None
        self.backward: list[Equation] = []
        self.terms: dict[str, float] = {}
        self._texts: dict[int, str] = {}
        self.title = QLabel(tr("Click a node in the graph"))
        self.title.setFont(font(1.25, bold=True))
        self.title.setWordWrap(True)
        self.paused = QLabel(tr("Training: the inspector shows the last iteration before it."))
        self.paused.setWordWrap(True)
        self.paused.setStyleSheet("color: #555; font-style: italic;")
        self.paused.setVisible(False)
        self.unit = QSpinBox()
        self.unit.setRange(0, 0)
        self.unit.setToolTip(tr("The unit whose equation is shown (also: click a heatmap row)"))
        self.unit.valueChanged.connect(lambda u: selection.select(unit=u))
        self.layer = QComboBox()
        self.layer.setToolTip(tr("The layer whose state is inspected (layer 1 reads the input)"))
        self.direction = QComboBox()
        self.direction.setToolTip(tr("The direction of a bidirectional layer"))
        self.direction.addItem(tr("→ forward"), "")
        self.direction.addItem(tr("← reverse"), "r")
        self.part = QComboBox()
        self.part.setToolTip(tr("The part of the encoder–decoder whose state is inspected"))
        self.part.addItem(tr("encoder"), "encoder")
        self.part.addItem(tr("decoder"), "decoder")
        self.layer.activated.connect(self._layer_chosen)
        self.direction.activated.connect(self._layer_chosen)
        self.part.activated.connect(self._layer_chosen)
        self.layer_label = QLabel(tr("Layer:"))
        self.part_label = QLabel(tr("Part:"))
        self._place: PartPlace | None = None  # an encoder–decoder's selected node
        self._source_steps = 0  # and its encoder's columns
        # Layer and direction on a row of their own: beside the unit they were cut at the
        # inspector's usual width (an encoder–decoder's part goes beside the unit).
        layer_row = QHBoxLayout()
        for widget in (self.layer_label, self.layer, self.direction):
            layer_row.addWidget(widget)
        layer_row.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Unit:")))
        row.addWidget(self.unit)
        row.addSpacing(12)
        row.addWidget(self.part_label)
        row.addWidget(self.part)
        row.addStretch(1)
        self.equation = EquationText()
        self.equation.sigTermHovered.connect(self.sigTermHovered)
        self.bars = NodeBars()
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
        for widget in (self.title, self.paused):
            layout.addWidget(widget)
        layout.addLayout(layer_row)
        layout.addLayout(row)
        layout.addWidget(self.equation)
        layout.addWidget(self.bars, 1)
        layout.addWidget(self.verify)
        layout.addWidget(self.verify_result)
        self._show_layer_choice(0, False)
        selection.sigChanged.connect(self.refresh)
        if events is not None:
            # Only while it can be seen (or while the window is not shown yet): a hidden
            # inspector catches up when shown.
            events.follow(self, when=lambda: self.isVisible() or not self.window().isVisible())
            # The notice goes up as Train is pressed, not with the first training frame:
            # the inspector's new layout would add to the cost of that frame.
            events.sigRunningChanged.connect(self._show_paused)

    # The bar plots, under the names the rest of the window (and its tests) use.
    value_plot = property(lambda self: self.bars.value_plot)
    grad_plot = property(lambda self: self.bars.grad_plot)
    gate_plot = property(lambda self: self.bars.gate_plot)
    value_bars = property(lambda self: self.bars.value_bars)
    grad_bars = property(lambda self: self.bars.grad_bars)
    gate_bars = property(lambda self: self.bars.gate_bars)
    gates_shown = property(lambda self: self.bars.gates_shown)

    def showSources(self, ids: Collection[str] | str) -> None:
        """Emphasise the shown terms that come from any of ``ids`` (Topology node or edge
        ids, weight names); () or "" clears. One id may come as a string, so the graph's
        ``sigHovered(str)`` connects straight to this slot."""
        self.equation.showSources((ids,) if ids and isinstance(ids, str) else ids or ())

    def setView(self, view: SessionView) -> None:
        """Take a frame; the inspector shows the displayed iteration's numbers.

        Frames of background training are skipped: its equations, bars and rich text cost
        more than the rest of the window, and nobody reads them at 30 frames a second.
        The first frame after training stops brings the inspector up to date.
        """
        self._show_paused(view.running)
        if view.running and self.view is not None:
            return
        self.view = view
        self.refresh()

    def _show_paused(self, running: bool) -> None:
        """Say that training frames are not shown here: below the title while training
        after an iteration, in the title when Train was pressed before any (where "press →
        to start" would be wrong). Said when Train is pressed, so that the relayout is not
        part of the first training frame's drawing."""
        shown_none = self.view is None or self.view.iteration == 0
        self.paused.setVisible(running and not shown_none)
        if running and shown_none and self.view is not None:
            self._set_text(
                self.title, tr("Training: the inspector shows an iteration when it stops.")
            )

    def _set_text(self, label: QLabel, text: str) -> None:
        # Rich text layout is slow; only touch a label whose text really changed.
        if self._texts.get(id(label)) != text:
            self._texts[id(label)] = text
            label.setText(text)

    # ------------------------------------------------------------------------- layers
    def _show_layer_choice(self, layers: int, bidirectional: bool, parts: bool = False) -> None:
        deep = layers > 1 or bidirectional
        for widget in (self.layer_label, self.layer):
            widget.setVisible(deep)
        for widget in (self.part_label, self.part):
            widget.setVisible(parts)
        self.direction.setVisible(bidirectional)
        if self.layer.count() != layers:
            self.layer.clear()
            for index in reversed(range(layers)):
                self.layer.addItem(tr("{n} of {total}").format(n=index + 1, total=layers), index)

    def _layer_chosen(self, _index: int = 0) -> None:
        """Select the chosen layer's state, as the graph names its rows ("l0r.h"; an
        encoder–decoder's "enc.l0r.h", moved into the chosen part's columns)."""
        layer = self.layer.currentData()
        if layer is None:
            return
        suffix = self.direction.currentData() if self.direction.isVisible() else ""
        _, kind = split_node(self._selection.node)
        kind = kind if kind in ("h", "c") else "h"
        if self._place is None:
            self._selection.select(node=f"l{layer}{suffix or ''}.{kind}")
            return
        part = self.part.currentData()
        S, t = self._source_steps, self._selection.t
        if part == "decoder":
            suffix = ""  # the decoder runs one way
            t = t if self._place.part == "decoder" else S + 1
        else:
            t = min(t, S)
        self._selection.select(node=f"{PART_KEYS[part]}.l{layer}{suffix or ''}.{kind}", t=t)

    def _stem(self, snap: ModelSnapshot, key: str) -> str:
        """The id stem of layer ``key`` ("" one layer, "l1r." …; the top layer's forward
        direction when ``key`` names none of this model's), shown in the choosers."""
        if not snap.layers or snap.description is None:
            # One layer, or a model the engine does not describe: no layer to choose,
            # the snapshot's own arrays are shown.
            self._show_layer_choice(0, False)
            return ""
        top = max(layer.layer for layer in snap.layers.values())
        bidirectional = any(k.endswith("r") for k in snap.layers)
        key = key if key in snap.layers else f"l{top}"
        self._show_layer_choice(top + 1, bidirectional)
        chosen = snap.layers[key]
        self.layer.setCurrentIndex(self.layer.findData(chosen.layer))
        self.direction.setCurrentIndex(1 if chosen.direction == "reverse" else 0)
        return key + "."

    # ------------------------------------------------------------------------- refresh
    def refresh(self) -> None:
        """Redraw for the current selection."""
        view = self.view
        sel = self._selection
        if view is None:
            return
        cell = sel.cell if sel.cell in view.cells else (view.cells[0] if view.cells else "")
        snap = view.records.get(cell)
        self.backward = []
        self.terms = {}
        self._place = None
        if snap is None:
            self.bars.clearBars()  # no bars of another run or iteration stay behind
            self._show_empty(view, cell)
            return
        d = snap.description
        if d is not None and d.spec.encoder_decoder:
            self._refresh_parts(view, snap, d, cell)
            return
        H = (next(iter(snap.layers.values())) if snap.layers else snap).hidden.shape[1]
        u = min(sel.unit, H - 1)
        self.unit.blockSignals(True)
        self.unit.setRange(0, H - 1)
        self.unit.setValue(u)
        self.unit.blockSignals(False)
        t = min(max(1, sel.t), snap.T)
        key, node = split_node(sel.node)
        node = node if node in NAMES else "h"
        if node == "c" and snap.cell_state is None:
            node = "h"
        stem = self._stem(snap, key) if node in ("h", "c") else ""
        d = snap.description
        tag = d.record.layers[stem].tag if d is not None and stem in d.record.layers else ""
        colour = cell_colour(cell).name()
        self._set_text(
            self.title,
            tr("{model} · {node} {symbol} · iteration {n}").format(
                model=f"<span style='color:{colour}'>{tr(cell_label(cell))}</span>",
                node=tr(NAMES[node]),
                symbol=symbol(node, t, tag),
                n=snap.iteration,
            ),
        )
        if d is None:
            note = tr("The engine does not describe this model's equations yet.")
            self.equation.setBlocks([Block(text=note)])
        else:
            blocks = self._blocks(view, snap, d, node, stem, t, u)
            self.equation.setBlocks(blocks, focus=f"{stem}{node}@{t}")
        self._draw_bars(view, self._bar_data(snap, node, stem, t, u), t)

    def _refresh_parts(
        self, view: SessionView, snap: ModelSnapshot, d: Description, cell: str
    ) -> None:
        """An encoder–decoder: the selected part, layer and step (see ``inspector_parts``)."""
        sel = self._selection
        p = place(snap, sel.node, sel.t)
        self._place = p
        self._source_steps = snap.source_steps
        layer = snap.part_layers.get(p.layer_key)
        top = max(v.layer for v in snap.part_layers.values())
        if layer is None:
            layer = snap.part_layers[f"dec.l{top}"]
        H = layer.hidden.shape[1]
        u = min(sel.unit, H - 1)
        self.unit.blockSignals(True)
        self.unit.setRange(0, H - 1)
        self.unit.setValue(u)
        self.unit.blockSignals(False)
        state = p.kind in ("h", "c")  # an input, output or loss has no layer to choose
        bidirectional = d.spec.bidirectional and p.part == "encoder" and state
        self._show_layer_choice(top + 1, bidirectional, parts=True)
        self.part.setCurrentIndex(self.part.findData(p.part))
        chosen = snap.part_layers.get(p.layer_key)
        if chosen is not None:
            self.layer.setCurrentIndex(self.layer.findData(chosen.layer))
            self.direction.setCurrentIndex(1 if chosen.direction == "reverse" else 0)
        for widget in (self.layer_label, self.layer):
            widget.setVisible(top > 0 and state)
        tag = tag_of(d, p)
        colour = cell_colour(cell).name()
        self._set_text(
            self.title,
            tr("{model} · {node} {symbol} · iteration {n}").format(
                model=f"<span style='color:{colour}'>{tr(cell_label(cell))}</span>",
                node=tr(NAMES[p.kind]),
                symbol=symbol(p.kind, p.step, tag),
                n=snap.iteration,
            ),
        )
        if p.kind == "L":
            blocks = self._loss_blocks(snap, d, p.column, p.step)
        else:
            shown = part_equations(view, snap, d, p, u)
            blocks, self.backward, self.terms = shown.blocks, shown.backward, shown.terms
        self.equation.setBlocks(blocks, focus=p.node)
        self._draw_bars(view, part_bar_data(snap, d, p, u, symbol(p.kind, p.step, tag)), p.column)

    def _show_empty(self, view: SessionView, cell: str) -> None:
        if view.iteration == 0:
            # Before the first iteration there are no numbers yet: say how to get some.
            self._set_text(self.title, tr("Press → or Enter to start iteration 1"))
            self.equation.setBlocks([])
            return
        self._set_text(self.title, tr("{model}: no data").format(model=tr(cell_label(cell))))
        status = view.status.get(cell)
        diverged = status is not None and status.diverged
        self.equation.setBlocks([Block(text=status_text(status))] if diverged else [])

    def _blocks(
        self,
        view: SessionView,
        snap: ModelSnapshot,
        d: Description,
        node: str,
        stem: str,
        t: int,
        u: int,
    ) -> list[Block]:
        """The equations of the selected node, as the description writes them."""
        if node == "x":
            x = snap.inputs[t - 1]
            values = ", ".join(n(v) for v in x[:8]) + (" …" if x.size > 8 else "")
            return [Block(text=f"{symbol('x', t)} = [{values}]")]
        if node == "L":
            return self._loss_blocks(snap, d, t)
        if node == "o":
            eq = d.forward(f"o@{t}", min(u, snap.outputs.shape[1] - 1))
            self.terms = {"value": eq.value, "preact": eq.preact}
            return [Block(eq)]
        _forward, backward_from = revealed(view)
        if view.phase is Phase.BACKWARD and t >= backward_from:
            # During the backward pass, once ∂L/∂h_t is revealed: its backward equation
            # (the LSTM's ∂L/∂c_t too, the selected state's first).
            self.backward = [d.backward(f"{stem}h@{t}", u)]
            if snap.cell_state is not None:
                self.backward.append(d.backward(f"{stem}c@{t}", u))
                if node == "c":
                    self.backward.reverse()
            self.terms = {"value": self.backward[0].preact}
            return [Block(eq) for eq in self.backward]
        step = d.step(t, u, stem)
        main = next(eq for eq in step if eq.node == f"{stem}{node}@{t}")
        self.terms = {"value": main.value, "preact": main.preact}
        for term in main.terms:
            self.terms[term.role] = self.terms.get(term.role, 0.0) + term.value
        for eq in step:
            if eq.node == f"{stem}c@{t}":
                self.terms["c"] = eq.value
        return [Block(eq) for eq in step]

    def _loss_blocks(
        self, snap: ModelSnapshot, d: Description, t: int, step: int | None = None
    ) -> list[Block]:
        """L_t (the batch's mean loss at step t), the one definition of L built from it,
        and this example's part of L_t's share, as the description splits it. ``step``:
        the description's own step of column ``t`` (an encoder–decoder's decoder step)."""
        step_mean = float(snap.step_loss_means[t - 1])
        weight = float(snap.step_weights[t - 1]) if snap.step_weights is not None else 0.0
        self.terms = {"value": step_mean, "weight": weight, "loss": snap.loss}
        scored = (
            tr("this step is scored")
            if snap.mask[t - 1] > 0
            else tr("this step is not scored (mask 0)")
        )
        definition = (
            f"{symbol('L', t)} = {n(step_mean) if np.isfinite(step_mean) else '—'}<br><small>"
            + tr("the batch's mean loss at step {t}; {scored}").format(t=t, scored=scored)
            + f"</small><br>{LOSS_DEFINITION} = <b>{n(snap.loss)}</b>, "
            f"n<sub>{t}</sub>/N = {n(weight)}<br><small>"
            + tr(
                "n_t/N: the share of the scored examples that lie at step t; every step scored: L = (1/T) Σ_t L_t"
            )
            + "</small>"
        )
        share = tr("The step's part of L, n_t/N · L_t: this example and the others")
        loss = d.forward(f"L@{t if step is None else step}")
        return [Block(text=definition), Block(loss, heading=share)]

    def _draw_bars(self, view: SessionView, data: BarData, column: int) -> None:
        """Draw ``data``, its gradient only once the step-through's backward pass has
        reached ``column``: before that the engine's numbers exist, but the graph and the
        equations do not show them yet, and neither do the bars."""
        _forward, backward_from = revealed(view)
        if data.grad is not None and column < backward_from:
            note = tr("∂L/∂{symbol}: in the backward pass")
            data = replace(data, grad=None, grad_note=note.format(symbol=data.symbol))
        self.bars.draw(data)

    def _bar_data(self, snap: ModelSnapshot, node: str, stem: str, t: int, u: int) -> BarData:
        """The node's vector and gradient over t, from the selected layer when deep."""
        layer = snap.layers.get(stem.rstrip(".")) if stem else None
        state = {
            "h": snap.hidden if layer is None else layer.hidden,
            "c": snap.cell_state if layer is None else layer.cell_state,
        }
        grads = {
            "h": snap.grad_hidden if layer is None else layer.grad_hidden,
            "c": snap.grad_cell if layer is None else layer.grad_cell,
        }
        value = {"x": snap.inputs, "o": snap.outputs, "L": None, **state}[node]
        grad = {"o": snap.grad_outputs, **grads}.get(node)
        gates = snap.gates if layer is None else layer.gates
        d = snap.description
        tag = d.record.layers[stem].tag if d is not None and stem in d.record.layers else ""
        return BarData(
            value=value,
            grad=grad,
            i=t - 1,
            mark=u if node in ("h", "c") else None,
            gates=tuple((k, float(g[t - 1, u])) for k, g in gates.items()),
            symbol=symbol(node, t, tag),
            unit=u,
            t=t,
        )

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
