"""Presentation mode (projector: full screen, larger fonts and lines) and the light/dark theme.

Fonts are scaled widget by widget and pyqtgraph items item by item, never through
``QApplication.setFont``: changing the application font while pyqtgraph plots exist crashes
PySide6 6.10 (the scene font changes under every graphics item). Entering records everything
it changes, and leaving puts exactly that back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QByteArray, QObject, QRect, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDockWidget,
    QGraphicsView,
    QLabel,
    QMainWindow,
    QSplitter,
    QToolBar,
    QWidget,
)

from explorer.ui.i18n import tr

SCALE_KEY = "presentation/scale"
THEME_KEY = "ui/theme"
SCALE_RANGE = (100, 250)  # percent
SCALE_STEP = 25
DEFAULT_SCALE = 150
THEMES = ("light", "dark")
# Projectors wash out dark themes: light unless the user chose dark.
DEFAULT_THEME = "light"

LIGHT = {"plot": "w", "graph": "#FCFCFC", "text": "k"}
DARK = {"plot": "#1E1E1E", "graph": "#262626", "text": "#E6E6E6"}


def read_scale(settings: QSettings) -> int:
    """The saved presentation scale in percent, clamped to ``SCALE_RANGE``; unreadable: default."""
    try:
        value = int(float(settings.value(SCALE_KEY, DEFAULT_SCALE)))
    except (TypeError, ValueError):
        return DEFAULT_SCALE
    return max(SCALE_RANGE[0], min(SCALE_RANGE[1], value))


def read_theme(settings: QSettings) -> str:
    """The saved theme, ``"light"`` or ``"dark"``; anything else: the default."""
    value = settings.value(THEME_KEY, DEFAULT_THEME)
    return value if value in THEMES else DEFAULT_THEME


def scale_choices() -> list[int]:
    """The scales offered in the toolbar and the dialog: 100, 125, … 250 %."""
    return list(range(SCALE_RANGE[0], SCALE_RANGE[1] + 1, SCALE_STEP))


# --------------------------------------------------------------------------------- theme
def dark_palette() -> QPalette:
    """A dark palette for the Fusion style (every role the widgets use)."""
    p = QPalette()
    window, base, text = QColor("#2B2B2B"), QColor("#1E1E1E"), QColor("#E6E6E6")
    disabled = QColor("#808080")
    for role, colour in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, window),
        (QPalette.ColorRole.ToolTipBase, QColor("#3A3A3A")),
        (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.PlaceholderText, disabled),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.Button, QColor("#3A3A3A")),
        (QPalette.ColorRole.ButtonText, text),
        (QPalette.ColorRole.BrightText, QColor("#FF6B6B")),
        (QPalette.ColorRole.Light, QColor("#505050")),
        (QPalette.ColorRole.Midlight, QColor("#444444")),
        (QPalette.ColorRole.Mid, QColor("#5A5A5A")),
        (QPalette.ColorRole.Dark, QColor("#1A1A1A")),
        (QPalette.ColorRole.Shadow, QColor("#000000")),
        (QPalette.ColorRole.Highlight, QColor("#3D8FD6")),
        (QPalette.ColorRole.HighlightedText, QColor("#FFFFFF")),
        (QPalette.ColorRole.Link, QColor("#6CB4F0")),
    ):
        p.setColor(role, colour)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


def _graphics_items(window: QWidget) -> list[Any]:
    items = []
    for view in window.findChildren(pg.GraphicsView):
        scene = view.scene()
        if scene is not None:
            items.extend(scene.items())
    return items


def apply_theme(window: QWidget, theme: str) -> None:
    """Colour ``window``, its plots and the graph for ``theme`` ("light" or "dark")."""
    colours = DARK if theme == "dark" else LIGHT
    # A default QPalette has no roles set: the window inherits the application's again.
    window.setPalette(dark_palette() if theme == "dark" else QPalette())
    for view in window.findChildren(pg.GraphicsView):
        view.setBackground(colours["plot"])
    for view in window.findChildren(QGraphicsView):
        if not isinstance(view, pg.GraphicsView):
            view.setBackgroundBrush(QBrush(QColor(colours["graph"])))
    text = colours["text"]
    for item in _graphics_items(window):
        if isinstance(item, pg.AxisItem):
            item.setPen(text)
            item.setTextPen(text)
        elif isinstance(item, pg.LabelItem) and _neutral(item.opts.get("color")):
            item.setText(item.text, color=text)


def _neutral(colour: Any) -> bool:
    """Whether a label colour is the default black/white text (not a cell's colour)."""
    if colour is None:
        return True
    name = pg.mkColor(colour).name().lower()
    return name in ("#000000", "#ffffff", "#e6e6e6")


# --------------------------------------------------------------------------------- scaling
def _scaled_font(f: QFont, factor: float) -> QFont:
    f = QFont(f)
    if f.pointSizeF() > 0:
        f.setPointSizeF(f.pointSizeF() * factor)
    elif f.pixelSize() > 0:
        f.setPixelSize(round(f.pixelSize() * factor))
    return f


def _scaled_css_size(size: Any, factor: float) -> Any:
    match = re.fullmatch(r"\s*([\d.]+)\s*(pt|px)\s*", str(size))
    if match is None:
        return size
    return f"{float(match.group(1)) * factor:.1f}{match.group(2)}"


def _address(widget: QWidget) -> int:
    # id() is no identity here: Qt-made children get a fresh Python wrapper per lookup.
    return shiboken6.getCppPointer(widget)[0]


def _inside_graphics_view(widget: QWidget) -> bool:
    parent = widget
    while parent is not None:
        if isinstance(parent, QGraphicsView):
            return True
        parent = parent.parentWidget()
    return False


@dataclass
class ScaledState:
    """What ``scale_window`` changed, so that ``restore`` can put it back exactly."""

    fonts: list[tuple[QWidget, bool, QFont]] = field(default_factory=list)
    heights: list[tuple[QWidget, int]] = field(default_factory=list)
    tick_fonts: list[tuple[Any, QFont | None]] = field(default_factory=list)
    labels: list[tuple[Any, dict]] = field(default_factory=list)
    titles: list[tuple[Any, Any]] = field(default_factory=list)
    pens: list[tuple[Any, Any]] = field(default_factory=list)
    text_scales: list[tuple[QWidget, float]] = field(default_factory=list)

    def restore(self) -> None:
        """Undo the scaling (widgets or items deleted in between are skipped)."""
        alive = shiboken6.isValid
        for widget, explicit, f in self.fonts:
            if alive(widget):
                # QFont() has no resolved attributes: the widget inherits its parent's again.
                widget.setFont(f if explicit else QFont())
        for widget, height in self.heights:
            if alive(widget):
                widget.setMinimumHeight(height)
        for axis, f in self.tick_fonts:
            if alive(axis):
                axis.setTickFont(f)
        for axis, style in self.labels:
            if alive(axis):
                _set_axis_label(axis, style)
        for label, size in self.titles:
            if alive(label):
                if size is None:
                    label.opts.pop("size", None)
                    label.setText(label.text)
                else:
                    label.setText(label.text, size=size)
        for item, pen in self.pens:
            if alive(item):
                item.setPen(pen)
        for widget, factor in self.text_scales:
            if alive(widget):
                widget.setTextScale(factor)


def _set_axis_label(axis: Any, style: dict) -> None:
    # Only the style changes: setLabel would also reset the SI-prefix ranges and re-show
    # the label, and going through it made the interpreter crash at exit (PySide6 6.10).
    axis.labelStyle = dict(style)
    axis._updateLabel()


def scale_window(window: QWidget, factor: float) -> ScaledState:
    """Scale the fonts of ``window``'s widgets and plots and its curves' line widths."""
    state = ScaledState()
    # Never set a font on a graphics view, inside one, or on any widget that contains one:
    # the change propagates into pyqtgraph's scene and PySide6 6.10 crashes there.
    holders: set[int] = set()
    for view in window.findChildren(QGraphicsView):
        parent = view
        while parent is not None:
            holders.add(_address(parent))
            parent = parent.parentWidget()
    widgets = [
        w
        for w in window.findChildren(QWidget)
        if _address(w) not in holders and not _inside_graphics_view(w) and not w.isWindow()
    ]
    # Read every font before changing any: a parent's new font would propagate first.
    fonts = [(w, w.testAttribute(Qt.WidgetAttribute.WA_SetFont), w.font()) for w in widgets]
    state.fonts = fonts
    for w, _explicit, f in fonts:
        w.setFont(_scaled_font(f, factor))
    # Views that draw their own texts in a scene (the unrolled graph) scale them item by
    # item through ``textScale`` / ``setTextScale``.
    for w in window.findChildren(QWidget):
        if hasattr(w, "setTextScale") and hasattr(w, "textScale"):
            state.text_scales.append((w, w.textScale()))
            w.setTextScale(w.textScale() * factor)
    for w in widgets:
        if isinstance(w, (QAbstractButton, QComboBox)) and w.minimumHeight() > 0:
            state.heights.append((w, w.minimumHeight()))
            w.setMinimumHeight(round(w.minimumHeight() * factor))
    for item in _graphics_items(window):
        if isinstance(item, pg.AxisItem):
            tick = item.style.get("tickFont")
            state.tick_fonts.append((item, tick))
            item.setTickFont(_scaled_font(tick if tick is not None else QFont(), factor))
            if item.label.isVisible() and "font-size" in item.labelStyle:
                style = dict(item.labelStyle)
                state.labels.append((item, style))
                scaled = {**style, "font-size": _scaled_css_size(style["font-size"], factor)}
                _set_axis_label(item, scaled)
        elif isinstance(item, pg.LabelItem) and item.text:
            size = item.opts.get("size")
            state.titles.append((item, size))
            base = size if size is not None else "9pt"
            item.setText(item.text, size=_scaled_css_size(base, factor))
        elif isinstance(item, (pg.PlotDataItem, pg.InfiniteLine)):
            pen = item.opts.get("pen") if isinstance(item, pg.PlotDataItem) else item.pen
            if pen is None:
                continue
            qpen = QPen(pg.mkPen(pen))
            if qpen.style() == Qt.PenStyle.NoPen:
                continue
            state.pens.append((item, pen))
            qpen.setWidthF(max(1.0, qpen.widthF()) * factor)
            item.setPen(qpen)
    return state


# --------------------------------------------------------------------------------- mode
class Presentation(QObject):
    """Enters and leaves presentation mode on a main window, and keeps scale and theme.

    The window must have ``controls`` and ``inspector`` (hidden while presenting, through
    the ``show_controls`` / ``show_inspector`` actions so the menus stay in step) and may
    have ``toolbar`` widgets of its own; ``presentation_bar`` is shown while presenting.
    """

    sigActiveChanged = Signal(bool)
    sigScaleChanged = Signal(int)
    sigThemeChanged = Signal(str)

    def __init__(self, window: QMainWindow, settings: QSettings, actions: Any) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.actions = actions  # the window's Actions (show_controls, show_inspector)
        self.scale = read_scale(settings)
        self.theme = read_theme(settings)
        self.active = False
        self._saved: dict[str, Any] = {}
        self._scaled: ScaledState | None = None
        self.bar = self._make_bar()
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.bar)
        self.bar.hide()

    def _make_bar(self) -> QToolBar:
        bar = QToolBar(tr("Presentation"))
        bar.setObjectName("presentationBar")
        bar.setMovable(False)
        self.scale_label = QLabel(tr("Scale"))
        bar.addWidget(self.scale_label)
        self.scale_box = QComboBox()
        self.scale_box.setObjectName("presentationScale")
        for value in scale_choices():
            self.scale_box.addItem(tr("{percent} %").format(percent=value), value)
        self.scale_box.setToolTip(tr("Size of text and lines on the projector"))
        self._select_scale(self.scale)
        self.scale_box.activated.connect(
            lambda index: self.setScale(self.scale_box.itemData(index))
        )
        bar.addWidget(self.scale_box)
        return bar

    def _select_scale(self, value: int) -> None:
        index = self.scale_box.findData(value)
        self.scale_box.blockSignals(True)
        if index < 0:
            self.scale_box.addItem(tr("{percent} %").format(percent=value), value)
            index = self.scale_box.count() - 1
        self.scale_box.setCurrentIndex(index)
        self.scale_box.blockSignals(False)

    # ------------------------------------------------------------------------- mode
    def setActive(self, on: bool, full_screen: bool = True) -> None:
        """Enter (``on``) or leave presentation mode; ``full_screen=False`` keeps the window
        size (used for screenshots)."""
        if on == self.active:
            return
        if on:
            self._enter(full_screen)
        else:
            self._leave()
        self.sigActiveChanged.emit(self.active)

    def leaveForClose(self) -> None:
        """Put the window's geometry and panels back before it closes (so the normal layout
        is what gets saved), leaving fonts and plot items alone: restyling plot items right
        before they are destroyed crashed PySide6 6.10 at interpreter exit."""
        if self.active:
            self._scaled = None
            self._leave()

    def _enter(self, full_screen: bool) -> None:
        w = self.window
        self._saved = {
            "geometry": QRect(w.geometry()),
            "state": QByteArray(w.saveState()),
            "window_state": w.windowState(),
            "controls": self.actions.show_controls.isChecked(),
            "inspector": self.actions.show_inspector.isChecked(),
            "splitters": [(s, s.sizes()) for s in w.findChildren(QSplitter)],
        }
        self.active = True
        self.actions.show_controls.setChecked(False)
        self.actions.show_inspector.setChecked(False)
        self.bar.show()
        self._scaled = scale_window(w, self.scale / 100)
        if full_screen:
            w.showFullScreen()

    def panelAfter(self, name: str) -> bool:
        """Whether panel ``name`` ("controls" or "inspector") comes back when presentation
        mode ends."""
        return bool(self._saved.get(name, False))

    def setPanelAfter(self, name: str, on: bool) -> None:
        """Bring panel ``name`` back (or not) when presentation mode ends; while presenting
        it stays hidden. A lesson opened or closed meanwhile says what it wants here."""
        if self.active:
            self._saved[name] = bool(on)

    def _leave(self) -> None:
        w = self.window
        saved = self._saved
        self.active = False
        if self._scaled is not None:
            self._scaled.restore()
            self._scaled = None
        self.bar.hide()
        window_state = saved["window_state"]
        if w.isFullScreen() and not window_state & Qt.WindowState.WindowFullScreen:
            w.showNormal()
        w.setWindowState(window_state)
        if not window_state & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen):
            # setGeometry, not restoreGeometry: that one clamps to the screen, and a window
            # larger than the projector's screen must come back at its own size.
            w.setGeometry(saved["geometry"])
        # Docks keep the visibility they have now: restoring the one saved on entering
        # brought back an empty lesson panel for a lesson closed while presenting.
        docks = [(d, not d.isHidden()) for d in w.findChildren(QDockWidget)]
        w.restoreState(saved["state"])
        for dock, shown in docks:
            dock.setVisible(shown)
        self.actions.show_controls.setChecked(saved["controls"])
        self.actions.show_inspector.setChecked(saved["inspector"])
        self._restore_splitters(saved["splitters"])
        # Leaving full screen resizes the window once more after this returns, and the
        # splitters would share that out proportionally: set their sizes again afterwards.
        QTimer.singleShot(0, lambda: self._restore_splitters(saved["splitters"]))
        self._saved = {}

    @staticmethod
    def _restore_splitters(splitters: list[tuple[QSplitter, list[int]]]) -> None:
        for splitter, sizes in splitters:
            if shiboken6.isValid(splitter):
                splitter.setSizes(sizes)
                open_collapsed(splitter)

    # ------------------------------------------------------------------------- settings
    def setScale(self, percent: int) -> None:
        """Change the scale (percent, clamped to 100–250), at once if presenting; saved."""
        percent = max(SCALE_RANGE[0], min(SCALE_RANGE[1], int(percent)))
        self.scale = percent
        self.settings.setValue(SCALE_KEY, percent)
        self._select_scale(percent)
        if self.active and self._scaled is not None:
            self._scaled.restore()
            self._scaled = scale_window(self.window, percent / 100)
        self.sigScaleChanged.emit(percent)

    def setTheme(self, theme: str) -> None:
        """Switch between the light and the dark theme (inside or outside presentation); saved."""
        if theme not in THEMES:
            raise ValueError(f"theme must be one of {', '.join(THEMES)}, got {theme!r}")
        self.theme = theme
        self.settings.setValue(THEME_KEY, theme)
        apply_theme(self.window, theme)
        self.sigThemeChanged.emit(theme)


def open_collapsed(splitter: QSplitter) -> None:
    """Give every shown pane of ``splitter`` that has no room (size 0, e.g. saved while it
    was hidden) its preferred size, taken from the largest pane."""
    sizes = splitter.sizes()
    horizontal = splitter.orientation() == Qt.Orientation.Horizontal
    changed = False
    for i, size in enumerate(sizes):
        widget = splitter.widget(i)
        if size > 0 or widget is None or widget.isHidden():
            continue
        hint = widget.sizeHint()
        minimum = widget.minimumWidth() if horizontal else widget.minimumHeight()
        total = sum(sizes)
        want = max(minimum, min(hint.width() if horizontal else hint.height(), total // 4), 1)
        largest = max(range(len(sizes)), key=lambda k: sizes[k])
        give = min(want, max(0, sizes[largest] // 2))
        sizes[largest] -= give
        sizes[i] = give
        changed = True
    if changed:
        splitter.setSizes(sizes)
