"""The zoomable, pannable view of the graph's scene, and the overview strip beneath it."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsView,
    QSizePolicy,
    QToolTip,
    QWidget,
)

from explorer.ui.graph.items import EdgeItem, NodeItem
from explorer.ui.graph.style import HIGHLIGHT
from explorer.ui.i18n import tr

REFIT_DELAY_MS = 40


def hover_id(item: QGraphicsItem | None) -> str:
    """The Topology id of a node or edge item, "" for anything else."""
    if isinstance(item, NodeItem):
        return item.node_id
    if isinstance(item, EdgeItem):
        return item.edge_id
    return ""


class GraphCanvas(QGraphicsView):
    """The QGraphicsView: wheel zoom under the mouse, drag to pan, tool tips per node, and
    ``sigHovered`` with the id of the node or edge under the mouse ("" when none)."""

    sigZoomed = Signal(float)
    sigHovered = Signal(str)

    def __init__(
        self,
        scene: QGraphicsScene,
        tooltip: Callable[[QGraphicsItem], str],
        fit: Callable[[], None],
        parent: QWidget | None = None,
    ):
        super().__init__(scene, parent)
        self._tooltip = tooltip
        self._fit = fit
        self._hovered = ""
        # Resizing refits once the size settles (a window drag sends many resizes).
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(REFIT_DELAY_MS)
        self._refit.timeout.connect(self.fitAll)
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setBackgroundBrush(QBrush(QColor("#FCFCFC")))
        self.setMouseTracking(True)
        self.fitted = True
        # When the user last panned or wheel-zoomed (monotonic seconds): following the
        # time cursor waits a little after that, so it never fights the hand.
        self.last_manual = -math.inf
        self.horizontalScrollBar().actionTriggered.connect(self._manual)
        self.verticalScrollBar().actionTriggered.connect(self._manual)

    def _manual(self, *_args) -> None:
        self.last_manual = time.monotonic()

    def zoomBy(self, factor: float) -> None:
        """Zoom by ``factor`` (clamped so the graph never vanishes or explodes)."""
        scale = self.transform().m11() * factor
        if 0.05 <= scale <= 6.0:
            self.scale(factor, factor)
            self.fitted = False
            self.sigZoomed.emit(self.transform().m11())

    def fitAll(self) -> None:
        """Lay the graph out for the pane and fit it (every step when they fit legibly;
        else legible steps that scroll sideways). Resizes refit until the user zooms."""
        self._refit.stop()
        self._fit()

    def setZoom(self, scale: float) -> None:
        """Show the scene at ``scale`` as the fitted zoom."""
        # No anchor under the mouse here: that replays the last mouse event into a scene
        # that may just have been rebuilt, which crashed after a click on the graph.
        anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setTransform(QTransform.fromScale(scale, scale))
        self.setTransformationAnchor(anchor)
        self.fitted = True
        self.sigZoomed.emit(scale)

    def fitWidth(self) -> None:
        """Show every time step, however small that makes the nodes."""
        rect = self.sceneRect()
        if rect.isEmpty():
            return
        scale = (self.viewport().width() - 8) / rect.width()
        self.resetTransform()
        self.scale(scale, scale)
        self.fitted = False
        self.sigZoomed.emit(scale)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self._manual()
            self.zoomBy(1.15**steps)
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fitted:
            self._refit.start()

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            item = self.itemAt(event.pos())
            text = self._tooltip(item) if item is not None else ""
            if text:
                QToolTip.showText(event.globalPos(), text, self)
                return True
        elif event.type() == QEvent.Type.Leave:
            self._hover("")
        return super().viewportEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._hover(hover_id(self.itemAt(event.position().toPoint())))
        super().mouseMoveEvent(event)

    def forgetHover(self) -> None:
        """The scene is rebuilt: whatever was under the mouse is gone."""
        self._hover("")

    def _hover(self, item_id: str) -> None:
        if item_id != self._hovered:
            self._hovered = item_id
            self.sigHovered.emit(item_id)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # A click on a node selects it; only a drag on empty space pans.
        item = self.itemAt(event.position().toPoint())
        if isinstance(item, NodeItem):
            item.mousePressEvent(event)
            return
        if item is None:
            self._manual()  # a drag on empty space pans
        super().mousePressEvent(event)


class GraphOverview(QWidget):
    """The whole sequence as a compact strip under a graph too long to fit: per lane, each
    step's state colour (the top state row) in a thin column, and a frame around the steps
    the graph shows. Clicking or dragging in it brings those steps into the graph (focus +
    context)."""

    LANE_PX = 10

    def __init__(self, graph: QWidget) -> None:
        super().__init__(graph)
        self._graph = graph
        self.setToolTip(tr("The whole sequence: click to show those steps in the graph"))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(8 + 3 * self.LANE_PX)
        self.hide()
        graph.canvas.horizontalScrollBar().valueChanged.connect(lambda _v: self.update())

    def steps(self) -> int:
        """The sequence length drawn (0 without a graph)."""
        return self._graph.steps()

    def shownSteps(self) -> tuple[float, float]:
        """The range of time steps visible in the graph, as (first, last) floats."""
        canvas = self._graph.canvas
        visible = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
        first = self._graph.stepAt(visible.left())
        last = self._graph.stepAt(visible.right())
        return max(0.5, first), min(self.steps() + 0.5, last)

    def paintEvent(self, event: QPaintEvent) -> None:
        T = self.steps()
        if T == 0:
            return
        painter = QPainter(self)
        width = self.width() - 4
        step = width / T
        lanes = list(self._graph.lanes.values())
        for row, lane in enumerate(lanes):
            y = 4 + row * self.LANE_PX
            states = next((items for key, items in lane.nodes.items() if key.endswith("h")), [])
            for i, node in enumerate(states):
                x = 2 + i * step
                painter.fillRect(QRectF(x, y, max(1.0, step), self.LANE_PX - 2), node.target)
        first, last = self.shownSteps()
        frame = QRectF(2 + (first - 0.5) * step, 2, (last - first) * step, 4 + len(lanes) * 10)
        painter.setPen(QPen(HIGHLIGHT, 2.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(frame)
        painter.end()

    def _show_step_at(self, x: float) -> None:
        T = self.steps()
        if T == 0:
            return
        t = min(T, max(1, int((x - 2) / max(1e-6, (self.width() - 4) / T)) + 1))
        canvas = self._graph.canvas
        canvas.last_manual = time.monotonic()
        centre = canvas.mapToScene(canvas.viewport().rect().center())
        canvas.centerOn(QPointF(self._graph.columnX(t), centre.y()))
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._show_step_at(event.position().x())
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._show_step_at(event.position().x())
        event.accept()
