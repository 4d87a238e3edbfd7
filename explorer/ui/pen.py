"""The presenter's annotation pen: draw on the window with the mouse while presenting.

In presentation mode, View → Presenter tools → Annotation pen (P) turns the mouse into a
pen over the window's content (the menus and toolbars stay clickable); Clear annotations (C) wipes the drawing (fading out, unless
motion is reduced). The drawing is an overlay of its own and never goes into an export
unless Include annotations in exports is checked. Leaving presentation mode puts the pen
away and clears the drawing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QVariantAnimation
from PySide6.QtGui import (
    QAction,
    QColor,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QWidget

from explorer.ui import motion
from explorer.ui.i18n import tr
from explorer.ui.menus import menu_titled

# A pink that stands out on the light and the dark theme and from every model's colour.
PEN_COLOUR = QColor("#E8127C")
PEN_WIDTH = 5.0
FADE_MS = 300


class PenOverlay(QWidget):
    """A transparent layer over its parent window that holds the strokes drawn on it.

    While ``drawing`` is off, mouse events pass through to the window below; the strokes
    stay in sight until cleared.
    """

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("annotationOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay with the window
        self.strokes: list[list[QPointF]] = []
        self.include_in_exports = False
        self._drawing = False
        self._opacity = 1.0
        self._fade = QVariantAnimation(self)
        self._fade.setDuration(FADE_MS)
        self._fade.setStartValue(1.0)
        self._fade.setEndValue(0.0)
        self._fade.valueChanged.connect(self._fading)
        self._fade.finished.connect(self._faded)
        self._window = window
        window.installEventFilter(self)
        self.setDrawing(False)
        self.fit()

    # ------------------------------------------------------------------------- state
    @property
    def drawing(self) -> bool:
        """Whether the mouse draws (True) or reaches the window (False)."""
        return self._drawing

    def fit(self) -> None:
        """Cover the window's content: the central area and the docks shown beside it, not
        the menu bar, the toolbars or the status bar, which stay clickable while drawing."""
        window = self._window
        central = window.centralWidget() if isinstance(window, QMainWindow) else None
        area = central.geometry() if central is not None else window.rect()
        for dock in window.findChildren(QDockWidget):
            if dock.isVisible():
                area = area.united(dock.geometry())
        self.setGeometry(area)
        if self.isVisible():
            self.raise_()

    def setDrawing(self, on: bool) -> None:
        """Let the mouse draw strokes (``on``) or pass through to the window."""
        self._drawing = bool(on)
        self.fit()
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, not on)
        self.setCursor(Qt.CursorShape.CrossCursor if on else Qt.CursorShape.ArrowCursor)
        self._show_if_needed()

    def clear(self) -> None:
        """Wipe the drawing: at once with reduced motion, else after a short fade."""
        if not self.strokes:
            return
        if motion.reduced() or not self.isVisible():
            self._faded()
            return
        self._fade.stop()
        self._fade.start()

    def _fading(self, value: float) -> None:
        self._opacity = float(value)
        self.update()

    def _faded(self) -> None:
        self._fade.stop()
        self.strokes = []
        self._opacity = 1.0
        self._show_if_needed()
        self.update()

    def _show_if_needed(self) -> None:
        visible = self._drawing or bool(self.strokes)
        if visible and not self.isVisible():
            self.fit()  # it was not kept fitted while hidden
        self.setVisible(visible)
        if visible:
            self.raise_()

    # ------------------------------------------------------------------------- events
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The window lays itself out on many frames of a training run (a label's new text):
        # a hidden overlay is fitted when it is shown instead.
        relaid = (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.LayoutRequest)
        if event.type() in relaid and self.isVisible():
            self.fit()
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if self._fade.state() == QVariantAnimation.State.Running:
            self._faded()  # a new stroke while the old ones fade: they are gone
        self.strokes.append([event.position()])
        event.accept()
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self.strokes and event.buttons() & Qt.MouseButton.LeftButton:
            self.strokes[-1].append(event.position())
            self.update()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.strokes or (hidden_for_export() and not self.include_in_exports):
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setOpacity(self._opacity)
        pen = QPen(PEN_COLOUR, PEN_WIDTH)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        for stroke in self.strokes:
            path = QPainterPath(stroke[0])
            for point in stroke[1:]:
                path.lineTo(point)
            if len(stroke) == 1:
                path.lineTo(stroke[0] + QPointF(0.1, 0))  # a click leaves a dot
            painter.drawPath(path)
        painter.end()


_exporting = {"depth": 0}


def hidden_for_export() -> bool:
    """Whether an export is being rendered (annotations stay out unless asked)."""
    return _exporting["depth"] > 0


@contextmanager
def without_annotations() -> Iterator[None]:
    """Render exports inside this block: the pen's drawing is left out of them unless the
    user checked Include annotations in exports."""
    _exporting["depth"] += 1
    try:
        yield
    finally:
        _exporting["depth"] -= 1


class AnnotationPen(QObject):
    """The pen's actions (enabled in presentation mode only) and its overlay."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.overlay = PenOverlay(window)
        self.pen_action = QAction(tr("Annotation &pen"), window)
        self.pen_action.setCheckable(True)
        self.pen_action.setShortcut(QKeySequence("P"))
        self.pen_action.setStatusTip(tr("Draw on the window with the mouse (presentation mode)"))
        self.clear_action = QAction(tr("C&lear annotations"), window)
        self.clear_action.setShortcut(QKeySequence("C"))
        self.clear_action.setStatusTip(tr("Wipe what the annotation pen drew"))
        self.exports_action = QAction(tr("Include annotations in &exports"), window)
        self.exports_action.setCheckable(True)
        self.exports_action.setStatusTip(
            tr("Exported pictures show the pen's drawing too (off: never)")
        )
        for action in (self.pen_action, self.clear_action):
            window.addAction(action)
        self.pen_action.toggled.connect(self.overlay.setDrawing)
        self.clear_action.triggered.connect(self.overlay.clear)
        self.exports_action.toggled.connect(self._include_in_exports)
        self.setAvailable(False)

    def _include_in_exports(self, on: bool) -> None:
        self.overlay.include_in_exports = bool(on)

    def setAvailable(self, on: bool) -> None:
        """Offer the pen (presentation mode) or put it away and wipe the drawing."""
        if not shiboken6.isValid(self.overlay):
            return
        self.pen_action.setEnabled(on)
        self.clear_action.setEnabled(on)
        if not on:
            self.pen_action.setChecked(False)
            self.overlay._faded()  # at once: the lecture is over


def presenter_menu(window: QMainWindow) -> QMenu:
    """View → Presenter tools, made on first use (the pen and the scene bookmarks)."""
    menu = getattr(window, "presenter_menu", None)
    if menu is None:
        menu = QMenu(tr("P&resenter tools"), window)
        view_menu = menu_titled(window, "&View")
        if view_menu is not None:
            view_menu.addMenu(menu)
        window.presenter_menu = menu
    return menu


def install_pen(window: QMainWindow) -> AnnotationPen:
    """Give ``window`` the annotation pen (``window.pen``): its entries in View → Presenter
    tools and on the presentation toolbar, available while presentation mode is on."""
    pen = AnnotationPen(window)
    menu = presenter_menu(window)
    for action in (pen.pen_action, pen.clear_action, pen.exports_action):
        menu.addAction(action)
    bar = window.presentation.bar
    bar.addSeparator()
    bar.addAction(pen.pen_action)
    bar.addAction(pen.clear_action)
    window.presentation.sigActiveChanged.connect(pen.setAvailable)
    pen.setAvailable(window.presentation.active)
    window.pen = pen
    return pen
