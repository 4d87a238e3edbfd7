"""How big the graph's steps and texts are, so that it fills its pane legibly."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QFont, QFontMetricsF

from explorer.engine.description_topology import Topology
from explorer.ui.graph.layout import (
    FIT_STEP_PX,
    HEADER,
    LANE_GAP,
    MAX_FIT_SCALE,
    MAX_SPACING,
    SCROLL_STEP_PX,
    lane_height,
    smallest_gap,
)
from explorer.ui.graph.style import ROW_TITLES, row_title
from explorer.ui.i18n import tr
from explorer.ui.theme import font


@dataclass(frozen=True)
class Plan:
    """Scene units per step (``spacing``) and left of t = 1 (``margin``), the zoom that
    shows them (``scale``), and the text scale the texts are drawn at (``text``)."""

    spacing: float
    margin: float
    scale: float
    text: float


def scaled_font(base: QFont, factor: float) -> QFont:
    """``base`` at ``factor`` × its point size."""
    f = QFont(base)
    f.setPointSizeF(base.pointSizeF() * factor)
    return f


def scene_height(topologies: list[Topology], text: float) -> float:
    """Scene height of the lanes of ``topologies``, with room for texts ``text`` × large."""
    room = 1.5 * HEADER * max(0.0, text - 1.0)
    return sum(lane_height(t) + LANE_GAP for t in topologies) + 26 + room


def plan(
    pane: tuple[float, float],
    T: int,
    topologies: list[Topology],
    text_scale: float,
    tag_px: float,
    scaled: Callable[[QFont, float], QFont],
) -> Plan:
    """The :class:`Plan` that fits ``T`` steps of the lanes of ``topologies`` into a pane
    of ``pane`` (width, height) pixels, texts at up to ``text_scale`` (weight tags are
    ``tag_px`` tall at scale 1; ``scaled(font, factor)`` scales a font)."""
    width, height = pane
    gap = smallest_gap(topologies)
    line = 0.85 * tag_px  # its box has a margin that may touch the next
    shown = text_scale
    for _ in range(2):
        # Texts no taller than a row, so labels and weight tags never pile up (large
        # presentation scales on a short pane).
        scale = min(MAX_FIT_SCALE, max(0.05, (height - 8) / scene_height(topologies, shown)))
        shown = max(0.85, min(text_scale, gap * scale / line))
    titles = [tr(text) for text in ROW_TITLES.values()]
    titles += [row_title(r, t.spec.deep) for t in topologies for r in t.rows]
    widest = max(QFontMetricsF(scaled(font(0.9), shown)).horizontalAdvance(t) for t in titles)
    tags = QFontMetricsF(scaled(font(1.0, bold=True), shown)).horizontalAdvance("Whh")
    margin = 14.0 + 14.0 + (widest + tags + 44) / scale
    spacing = min(MAX_SPACING, ((width - 8) / scale - margin - 20) / max(1, T))
    if spacing * scale < FIT_STEP_PX:
        spacing = SCROLL_STEP_PX / scale
    return Plan(spacing, margin, scale, shown)
