"""What the graph lights up, in Topology ids: for a weight tag under the mouse, and for
what another view asks (``GraphView.setHighlight``); and where a spotlight target is."""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtWidgets import QGraphicsItem

from explorer.ui.graph.items import Lane


def lit_ids(
    lane: Lane, weights: Collection[str], asked: Collection[str]
) -> tuple[frozenset[str], frozenset[str]]:
    """The node ids and edge ids of ``lane`` to draw highlighted: the nodes and edges
    named in ``asked``, and every edge that multiplies by a weight named in ``weights`` or
    ``asked``."""
    names = set(weights) | set(asked)
    nodes = {i for i in asked if i in lane.by_node}
    edges = {i for i in asked if i in lane.by_edge}
    if names:
        edges |= {i for i, item in lane.by_edge.items() if names.intersection(item.edge.weights)}
    return frozenset(nodes), frozenset(edges)


def target_item(lane: Lane, target: str) -> QGraphicsItem | None:
    """The item drawing "node:ID" or "edge:ID_OR_WEIGHT" in ``lane``: a weight name gives
    the tag that names it, or its first edge when no tag does; None when there is none."""
    kind, _, ident = target.partition(":")
    if kind == "node":
        return lane.by_node.get(ident)
    if kind != "edge":
        return None
    if ident in lane.by_edge:
        return lane.by_edge[ident]
    tag = next((tag for tag in lane.labels.values() if ident in tag.weights), None)
    if tag is not None:
        return tag
    return next((e for e in lane.all_edges() if ident in e.edge.weights), None)
