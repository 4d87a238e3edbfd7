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


def target_items(lane: Lane, target: str) -> list[QGraphicsItem]:
    """The items drawing "node:ID" or "edge:ID_OR_WEIGHT" in ``lane``: a node, an edge, or
    for a weight name the tag that names it and every edge that multiplies by it (a shared
    weight is the whole band of its edges); empty when there is none."""
    kind, _, ident = target.partition(":")
    if kind == "node":
        node = lane.by_node.get(ident)
        return [node] if node is not None else []
    if kind != "edge":
        return []
    if ident in lane.by_edge:
        return [lane.by_edge[ident]]
    tags = [tag for tag in lane.labels.values() if ident in tag.weights]
    return tags + [e for e in lane.all_edges() if ident in e.edge.weights]
