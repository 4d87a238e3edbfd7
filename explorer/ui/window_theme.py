"""The window's light and dark theme: the palette of the widgets, the plots and the graph.

Projectors wash out dark themes, so the light one is the default; the choice is saved.
"""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QSettings
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QGraphicsView, QWidget

THEME_KEY = "ui/theme"
THEMES = ("light", "dark")
# Projectors wash out dark themes: light unless the user chose dark.
DEFAULT_THEME = "light"

LIGHT = {"plot": "w", "graph": "#FCFCFC", "text": "k"}
DARK = {"plot": "#1E1E1E", "graph": "#262626", "text": "#E6E6E6"}


def read_theme(settings: QSettings) -> str:
    """The saved theme, ``"light"`` or ``"dark"``; anything else: the default."""
    value = settings.value(THEME_KEY, DEFAULT_THEME)
    return value if value in THEMES else DEFAULT_THEME


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


def graphics_items(window: QWidget) -> list[Any]:
    """Every item of every pyqtgraph scene inside ``window``."""
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
    for item in graphics_items(window):
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
