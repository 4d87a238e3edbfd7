"""Spotlight: dim the window except what the lesson card talks about, outline it, and write
its key number large on the picture.

An overlay over the main window (it lets every click through) draws the spotlight of the
card on show (``explorer.teaching.spotlight``): targets are resolved by meaning each time it
paints, so they follow the layout, the zoom and the tab. ``node:`` and ``edge:`` targets are
placed by the graph view's ``targetRect``; until the graph provides it,
:func:`fallback_graph_rect` finds them from the graph's lanes. ``plot:`` and ``view:`` find
the widget by objectName (else the window's view of that name); ``curve:`` asks the curves
view's ``curveRect`` (else outlines the whole curves view). The lesson panel is never
dimmed. View → Spotlight (Ctrl+L) turns it off and on; it never animates.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QAction,
    QColor,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTextDocument,
)
from PySide6.QtWidgets import QMainWindow, QTabWidget, QWidget

from explorer.teaching.spotlight import OBJECT_NAMES, Spotlight, split_target
from explorer.ui.code_view import view_menu
from explorer.ui.i18n import tr
from explorer.ui.theme import BASE_POINT_SIZE

DIM = QColor(0, 0, 0, 115)
OUTLINE = QColor("#E69F00")  # Okabe-Ito orange: seen by every common colour vision
OUTLINE_WIDTH = 4.0
PAD = 6.0
NUMBER_SCALE = 2.4  # × the interface font: read from the back of a hall
# The window's views by the name a target uses, when no widget carries the objectName yet.
WINDOW_VIEWS = {
    "plot:gradient": "gradient",
    "plot:hidden": "hidden",
    "plot:curves": "curves",
    "plot:weights": "weights",
    "view:inspector": "inspector",
    "view:graph": "graph",
}


# ----------------------------------------------------------------------------- resolving
def graph_target_rect(graph: QWidget, target: str, cell: str = "") -> QRectF | None:
    """Where a ``node:`` or ``edge:`` target is drawn, in ``graph``'s coordinates; None
    when it is not in view. Uses ``graph.targetRect`` when the graph view has it."""
    if hasattr(graph, "targetRect"):
        return graph.targetRect(target)
    return fallback_graph_rect(graph, target, cell)


def _family(weight: str) -> str | None:
    name = weight.rsplit(".", 1)[-1]
    if name.startswith("W_hq") or name == "b_q":
        return "out"
    if name.startswith("W_h") or name.startswith("W_x"):
        return "rec" if name.startswith("W_h") else "in"
    return None


def fallback_graph_rect(graph: QWidget, target: str, cell: str = "") -> QRectF | None:
    """``graph_target_rect`` for a graph view without ``targetRect``: the node items and
    edge items of ``cell``'s lane (the first lane if ``cell`` has none)."""
    lanes = getattr(graph, "lanes", None)
    if not lanes:
        return None
    lane = lanes.get(cell) or next(iter(lanes.values()))
    kind, name = split_target(target)
    items = []
    if kind == "node":
        row, _, t = name.rsplit(".", 1)[-1].partition("@")
        nodes = lane.nodes.get(row, [])
        if 1 <= int(t) <= len(nodes):
            items = [nodes[int(t) - 1]]
    elif "->" in name:
        source, dest = (part.rsplit(".", 1)[-1] for part in name.split("->"))
        (row_a, t_a), (row_b, t_b) = (p.partition("@")[::2] for p in (source, dest))
        if row_a == row_b == "h" and int(t_b) == int(t_a) + 1 and int(t_b) >= 2:
            rec = lane.edges.get("rec", [])
            items = rec[int(t_b) - 2 : int(t_b) - 1]
    else:
        family = _family(name)
        items = list(lane.edges.get(family, [])) if family else []
    return _items_rect(graph, items)


def _items_rect(graph: QWidget, items: list) -> QRectF | None:
    """The part of the items' bounding box that is in view, in ``graph``'s coordinates."""
    canvas = graph.canvas
    viewport = canvas.viewport()
    shown = QRectF(viewport.rect())
    union = QRectF()
    for item in items:
        box = QRectF(canvas.mapFromScene(item.sceneBoundingRect()).boundingRect())
        if box.intersects(shown):
            union = union.united(box.intersected(shown)) if not union.isNull() else box
    if union.isNull():
        return None
    union = union.intersected(shown)
    top_left = viewport.mapTo(graph, union.topLeft().toPoint())
    return QRectF(QPointF(top_left), union.size())


def target_widget(window: QWidget, target: str) -> QWidget | None:
    """The widget a ``plot:``/``view:`` target names (by objectName, else the window's view)."""
    name = OBJECT_NAMES.get(target)
    found = window.findChild(QWidget, name) if name else None
    if found is None and target in WINDOW_VIEWS:
        found = getattr(window, WINDOW_VIEWS[target], None)
    return found


def bring_forward(widget: QWidget) -> None:
    """Make the tab holding ``widget`` the current one, so the target can be seen."""
    child, parent = widget, widget.parentWidget()
    while parent is not None:
        tabs = parent.parentWidget()
        if isinstance(tabs, QTabWidget) and tabs.indexOf(child) >= 0:
            tabs.setCurrentWidget(child)
        child, parent = parent, parent.parentWidget()


# ----------------------------------------------------------------------------- the overlay
class SpotlightOverlay(QWidget):
    """Covers the main window; paints the dimming, the outlines and the number."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("spotlight")
        self.window_ = window
        self.spotlight: Spotlight | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()
        window.installEventFilter(self)

    def setSpotlight(self, spotlight: Spotlight | None) -> None:
        """Show ``spotlight`` (None hides the overlay); brings its plots' tabs forward."""
        self.spotlight = spotlight
        if spotlight is None:
            self.hide()
            return
        for target in spotlight.targets:
            kind = split_target(target)[0]
            widget = None
            if kind in ("plot", "view"):
                widget = target_widget(self.window_, target)
            elif kind == "curve":
                widget = target_widget(self.window_, "plot:curves")
            if widget is not None:
                bring_forward(widget)
        self.setGeometry(self.window_.rect())
        self.show()
        self.raise_()
        self.update()

    # ------------------------------------------------------------------------- geometry
    def targetRects(self) -> dict[str, QRectF]:
        """Each target that is in view → its rectangle in the overlay's coordinates."""
        if self.spotlight is None:
            return {}
        found = {}
        for target in self.spotlight.targets:
            rect = self._resolve(target)
            if rect is not None and rect.isValid():
                found[target] = rect
        return found

    def _resolve(self, target: str) -> QRectF | None:
        window = self.window_
        kind, name = split_target(target)
        if kind in ("node", "edge"):
            graph = window.graph
            if not graph.isVisible():
                return None
            rect = graph_target_rect(graph, target, window.selection.cell)
            return None if rect is None else self._from(graph, rect)
        if kind == "curve":
            curves = window.curves
            if not curves.isVisible():
                return None
            cell, metric = name.split(".", 1)
            rect = curves.curveRect(cell, metric) if hasattr(curves, "curveRect") else None
            return self._from(curves, rect if rect is not None else QRectF(curves.rect()))
        widget = target_widget(window, target)
        if widget is None or not widget.isVisible():
            return None
        return self._from(widget, QRectF(widget.rect()))

    def _from(self, widget: QWidget, rect: QRectF) -> QRectF:
        # The overlay is the window's child, not the widget's ancestor: map through the window.
        in_window = widget.mapTo(self.window_, rect.topLeft().toPoint())
        return QRectF(QPointF(self.mapFrom(self.window_, in_window)), rect.size())

    def _kept(self) -> list[QRectF]:
        """Parts never dimmed: the lesson panel, where the card's text is."""
        dock = getattr(self.window_, "lesson_dock", None)
        if dock is None or not dock.isVisible():
            return []
        return [self._from(dock, QRectF(dock.rect()))]

    def numberText(self) -> str:
        """The key number as rich text ("" when there is none or nothing to measure)."""
        spot = self.spotlight
        if spot is None or spot.number is None:
            return ""
        return spot.number.text(self.window_.ctrl.view())

    def numberRect(self, targets: dict[str, QRectF]) -> QRectF | None:
        """Where the number's box goes: under the first target (above it if there is no
        room), inside the overlay; None without a number."""
        text = self.numberText()
        if not text:
            return None
        document = self._document(text)
        size = document.size()
        anchor = next(iter(targets.values()), None)
        if anchor is None:
            graph = self.window_.graph
            anchor = self._from(graph, QRectF(graph.rect()).adjusted(0, 0, 0, -graph.height() / 2))
        box = QRectF(0, 0, size.width() + 24, size.height() + 12)
        below = anchor.bottom() + PAD + 10
        y = (
            below
            if below + box.height() <= self.height()
            else anchor.top() - PAD - 10 - box.height()
        )
        x = anchor.center().x() - box.width() / 2
        x = max(8.0, min(x, self.width() - box.width() - 8.0))
        box.moveTo(x, max(8.0, y))
        return box

    def _document(self, text: str) -> QTextDocument:
        document = QTextDocument()
        f = self.font()
        f.setPointSizeF(BASE_POINT_SIZE * NUMBER_SCALE)
        f.setBold(True)
        document.setDefaultFont(f)
        document.setDocumentMargin(0)
        document.setHtml(f"<span style='color:#111'>{text}</span>")
        return document

    # ------------------------------------------------------------------------- painting
    def paintEvent(self, event: QPaintEvent) -> None:
        if self.spotlight is None:
            return
        targets = self.targetRects()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        dim = QPainterPath()
        dim.addRect(QRectF(self.rect()))
        holes = QPainterPath()
        for rect in (*targets.values(), *self._kept()):
            holes.addRoundedRect(rect.adjusted(-PAD, -PAD, PAD, PAD), 8, 8)
        painter.fillPath(dim.subtracted(holes), DIM)
        painter.setPen(QPen(OUTLINE, OUTLINE_WIDTH))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for rect in targets.values():
            painter.drawRoundedRect(rect.adjusted(-PAD, -PAD, PAD, PAD), 8, 8)
        box = self.numberRect(targets)
        if box is not None:
            painter.setBrush(QColor(255, 255, 255, 240))
            painter.drawRoundedRect(box, 10, 10)
            painter.translate(box.topLeft() + QPointF(12, 6))
            self._document(self.numberText()).drawContents(painter)
        painter.end()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.window_ and event.type() == QEvent.Type.Resize:
            self.setGeometry(QRect(0, 0, self.window_.width(), self.window_.height()))
        return False


# ----------------------------------------------------------------------------- installing
class SpotlightControl(QObject):
    """Keeps the overlay on the lesson card on show: follows cards, frames and layout."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.overlay = SpotlightOverlay(window)
        self.action = QAction(tr("Spot&light lesson targets"), window)
        self.action.setObjectName("spotlightToggle")
        self.action.setCheckable(True)
        self.action.setChecked(True)
        self.action.setShortcut(QKeySequence("Ctrl+L"))
        self.action.setStatusTip(tr("Dim the window except what the lesson card talks about"))
        # Bound methods, not lambdas: Qt drops them when this object goes (the controller
        # outlives a window rebuilt in another language).
        self.action.toggled.connect(self.refresh)
        window.addAction(self.action)
        window.lesson_panel.sigCardChanged.connect(self.refresh)
        window.lesson_dock.visibilityChanged.connect(self.refresh)
        window.stack.currentChanged.connect(self.refresh)
        window.ctrl.sigViewChanged.connect(self.repaint)
        window.tabs.currentChanged.connect(self.repaint)
        for splitter in (window.splitter, window.centre):
            splitter.splitterMoved.connect(self.repaint)
        canvas = window.graph.canvas
        for bar in (canvas.horizontalScrollBar(), canvas.verticalScrollBar()):
            bar.valueChanged.connect(self.repaint)

    def current(self) -> Spotlight | None:
        """The spotlight to show: the card's, while its lesson is on screen and it is on."""
        window = self.window
        panel = window.lesson_panel
        if (
            not self.action.isChecked()
            or panel.lesson is None
            or window.startScreenShown()
            or not window.lesson_dock.isVisible()
        ):
            return None
        return panel.lesson.cards[panel.index].spotlight

    def refresh(self, *_args: object) -> None:
        """Show the current card's spotlight, or hide the overlay."""
        spot = self.current()
        if spot is not self.overlay.spotlight or (
            spot is not None and not self.overlay.isVisible()
        ):
            self.overlay.setSpotlight(spot)

    def repaint(self, *_args: object) -> None:
        """Redraw (the targets moved, or the number changed)."""
        if self.overlay.isVisible():
            self.overlay.update()


def install_spotlight(window: QMainWindow) -> SpotlightControl:
    """Add the spotlight overlay and View → Spotlight lesson targets (Ctrl+L) to
    ``window``; kept as ``window.spotlight``."""
    control = SpotlightControl(window)
    menu = view_menu(window)
    menu.addSeparator()
    menu.addAction(control.action)
    window.spotlight = control
    return control
