"""Presentation mode (projector: full screen, larger fonts and lines, the panels put away)
and the scale and theme it keeps.

The scaling itself is ``explorer.ui.window_scaling`` and the theme
``explorer.ui.window_theme``; entering records everything it changes, and leaving puts
exactly that back.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QByteArray, QObject, QRect, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QDockWidget, QLabel, QMainWindow, QSplitter, QToolBar

from explorer.ui.i18n import tr
from explorer.ui.window_scaling import ScaledState, scale_window
from explorer.ui.window_theme import THEME_KEY, THEMES, apply_theme, read_theme

SCALE_KEY = "presentation/scale"
SCALE_RANGE = (100, 250)  # percent
SCALE_STEP = 25
DEFAULT_SCALE = 150


def read_scale(settings: QSettings) -> int:
    """The saved presentation scale in percent, clamped to ``SCALE_RANGE``; unreadable: default."""
    try:
        value = int(float(settings.value(SCALE_KEY, DEFAULT_SCALE)))
    except (TypeError, ValueError):
        return DEFAULT_SCALE
    return max(SCALE_RANGE[0], min(SCALE_RANGE[1], value))


def scale_choices() -> list[int]:
    """The scales offered in the toolbar and the dialog: 100, 125, … 250 %."""
    return list(range(SCALE_RANGE[0], SCALE_RANGE[1] + 1, SCALE_STEP))


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
