"""The tool tips of the graph's nodes and edges: the numbers behind a node's colour."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QGraphicsItem

from explorer.session.snapshot import ModelSnapshot, SessionView
from explorer.ui.graph.items import EdgeItem, Lane, NodeItem
from explorer.ui.graph.style import row_title
from explorer.ui.i18n import tr
from explorer.ui.theme import cell_label, format_number


def item_tooltip(view: SessionView | None, lanes: dict[str, Lane], item: QGraphicsItem) -> str:
    """The rich-text tool tip of ``item``: a node's values, an edge's weights, or the
    item's own tool tip (weight tags, junctions)."""
    if isinstance(item, EdgeItem):
        return edge_tooltip(item)
    if not isinstance(item, NodeItem) or view is None:
        return item.toolTip() if item is not None else ""
    cell, row, t = item.key
    snap = view.records.get(cell)
    if snap is None:
        return tr("{model}: no data (diverged)").format(model=tr(cell_label(cell)))
    info = lanes[cell].row_info[row]
    title = row_title(info, lanes[cell].topology.spec.deep)
    lines = [f"<b>{info.kind}<sub>{t}</sub></b> · {tr(cell_label(cell))} · {title}"]
    lines += _state_lines(snap, row, info.kind, t) if info.kind in ("h", "c") else []
    i = t - 1
    if info.kind == "L":
        lines.append(
            tr("step loss = {value}").format(value=format_number(float(snap.step_loss_means[i])))
        )
    elif info.kind == "o":
        lines.append(f"o = {', '.join(format_number(float(v)) for v in snap.outputs[i][:4])}")
    elif info.kind == "x":
        lines.append(f"x = {', '.join(format_number(float(v)) for v in snap.inputs[i][:4])}")
    lines.append("<i>" + tr("click to inspect") + "</i>")
    return "<br>".join(lines)


def _state_lines(snap: ModelSnapshot, row: str, kind: str, t: int) -> list[str]:
    """‖h‖ and ‖∂L/∂h‖ (batch for one layer, the shown example for a deep model's layer)."""
    i = t - 1
    layer = snap.layers.get(row.rsplit(".", 1)[0]) if "." in row else None
    if layer is not None:
        values = layer.hidden if kind == "h" else layer.cell_state
        lines = [f"‖{kind}‖ = {format_number(float(np.linalg.norm(values[i])))}"]
        if kind == "h":
            norm = float(np.linalg.norm(layer.grad_hidden[i]))
            lines.append(tr("‖∂L/∂h‖ (example) = {value}").format(value=format_number(norm)))
        return lines
    lines = []
    if kind == "h":
        lines.append(f"‖h‖ = {format_number(float(np.linalg.norm(snap.hidden[i])))}")
        lines.append(
            tr("‖∂L/∂h‖ (batch) = {value}").format(
                value=format_number(float(snap.grad_hidden_norm[i]))
            )
        )
        if snap.xi[i] == 0 and t > 1:
            lines.append(tr("truncation cuts the edge from h<sub>t−1</sub>"))
    elif snap.cell_state is not None:
        lines.append(f"‖c‖ = {format_number(float(np.linalg.norm(snap.cell_state[i])))}")
        if snap.grad_cell_norm is not None:
            lines.append(
                tr("‖∂L/∂c‖ (batch) = {value}").format(
                    value=format_number(float(snap.grad_cell_norm[i]))
                )
            )
    return lines


def edge_tooltip(item: EdgeItem) -> str:
    """An edge's source and target and the weights (or element-wise factor) on it."""
    e = item.edge
    what = ", ".join(e.weights) or e.via
    text = tr("{source} → {target}: {weights}").format(
        source=e.source, target=e.target, weights=what
    )
    if e.truncated_by is not None:
        text += "<br><i>" + tr("truncation may cut this edge") + "</i>"
    return text
