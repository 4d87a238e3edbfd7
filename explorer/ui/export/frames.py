"""The frames of an animation: one iteration's step-through replayed from a ``SessionView``.

The view's snapshots are frozen, so each frame is ``dataclasses.replace(view, phase=…,
cursor=…)``, exactly what stepping would show; ``FigurePane`` draws one offscreen.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from explorer.session.snapshot import Phase, SessionView
from explorer.ui.export.figures import image_to_rgb, widget_image
from explorer.ui.gradient_view import GradientView
from explorer.ui.graph_view import GraphView
from explorer.ui.i18n import tr
from explorer.ui.phrases import phase_text
from explorer.ui.selection import Selection
from explorer.ui.theme import font

DEFAULT_ANIMATION_SIZE = (1200, 500)
# The gradient strip of an animation frame: enough for a readable log axis and its legend.
GRADIENT_STRIP_MIN = 190
GRAPH_SHARE_MIN = 0.45


def pass_views(view: SessionView) -> list[SessionView]:
    """The 2T + 2 frames of the displayed iteration's step-through: forward t = 1 … T, the
    loss, backward t = T … 1, the update. ValueError when no iteration has been computed."""
    if not view.records or view.T < 1:
        raise ValueError(tr("There is no iteration to animate yet: run one first."))
    T = view.T
    base = replace(view, running=False, scrubbing=False)
    frames = [replace(base, phase=Phase.FORWARD, cursor=t) for t in range(1, T + 1)]
    frames.append(replace(base, phase=Phase.LOSS, cursor=T))
    frames += [replace(base, phase=Phase.BACKWARD, cursor=t) for t in range(T, 0, -1)]
    frames.append(replace(base, phase=Phase.UPDATE, cursor=1))
    return frames


class FigurePane(QWidget):
    """An offscreen figure of one step: a caption, the graph and (optionally) the gradient
    through time beneath it, at a fixed pixel size. Never shown on screen."""

    def __init__(self, size: tuple[int, int], with_gradient: bool = True) -> None:
        super().__init__()
        self.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor("white"))
        self.setPalette(palette)
        self.selection = Selection(self)
        self.caption = QLabel("")
        self.caption.setFont(font(1.2, bold=True))
        self.graph = GraphView(self.selection)
        # Every frame shows its final colours: an eased fill would be captured mid-way.
        self.graph.setAnimated(False)
        self.gradient = GradientView(self.selection) if with_gradient else None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(self.graph, 3)
        # The graph is what the animation is about: it keeps at least this share of the
        # frame, whatever the gradient strip's caption asks for.
        self.graph.setMinimumHeight(int(GRAPH_SHARE_MIN * size[1]))
        for view in (self.graph, self.gradient):
            for tool in view.toolWidgets() if view is not None else ():
                tool.hide()  # a figure, not a window: no buttons in it
        if self.gradient is not None:
            self.gradient.setMinimumHeight(GRADIENT_STRIP_MIN)
            layout.addWidget(self.gradient, 2)
        self.setFixedSize(QSize(*size))
        self.show()  # offscreen: layouts and LazyView need a "visible" widget
        layout.activate()

    def setView(self, view: SessionView) -> None:
        """Draw one frame."""
        if view.cursor > 0:
            self.selection.select(t=view.cursor)
        if view.cells and self.selection.cell not in view.cells:
            self.selection.select(cell=view.cells[0])
        self.caption.setText(phase_text(view))
        self.graph.setView(view)
        if self.gradient is not None:
            self.gradient.setView(view)

    def rgb(self) -> np.ndarray:
        """The pane as a ``(height, width, 3) uint8`` array."""
        return image_to_rgb(widget_image(self, 1.0))
