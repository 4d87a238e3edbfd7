"""Scaling a window for a projector: fonts widget by widget, plot texts and lines item by item.

Never through ``QApplication.setFont``: changing the application font while pyqtgraph plots
exist crashes PySide6 6.10 (the scene font changes under every graphics item). pyqtgraph
items are changed only through their public setters (``setTickFont``, ``setLabel``,
``setText``, ``setPen``); ``scale_window`` records what it changes, and
``ScaledState.restore`` puts exactly that back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPen
from PySide6.QtWidgets import QAbstractButton, QComboBox, QGraphicsView, QWidget

from explorer.ui.window_theme import graphics_items


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
                set_axis_label_style(axis, style)
        for label, size in self.titles:
            if alive(label):
                label.setText(label.text, size=size)
        for item, pen in self.pens:
            if alive(item):
                item.setPen(pen)
        for widget, factor in self.text_scales:
            if alive(widget):
                widget.setTextScale(factor)


def set_axis_label_style(axis: pg.AxisItem, style: dict[str, str]) -> None:
    """Give ``axis``'s label the CSS ``style`` (e.g. ``{"font-size": "13pt"}``) and keep its
    text and units, through ``AxisItem.setLabel`` (the app sets no SI-prefix ranges, which
    that call resets to the default)."""
    axis.setLabel(
        axis.labelText,
        units=axis.labelUnits,
        unitPrefix=axis.labelUnitPrefix,
        unitPower=axis.unitPower,
        **style,
    )


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
    for item in graphics_items(window):
        if isinstance(item, pg.AxisItem):
            tick = item.style.get("tickFont")
            state.tick_fonts.append((item, tick))
            item.setTickFont(_scaled_font(tick if tick is not None else QFont(), factor))
            if item.label.isVisible() and "font-size" in item.labelStyle:
                style = dict(item.labelStyle)
                state.labels.append((item, style))
                scaled = {**style, "font-size": _scaled_css_size(style["font-size"], factor)}
                set_axis_label_style(item, scaled)
        elif isinstance(item, pg.LabelItem) and item.text and item.opts.get("size"):
            # Titles are made with a size (theme.TITLE_SIZE or their own); one without a
            # size could not be given back its default through setText, so it is left be.
            size = item.opts["size"]
            state.titles.append((item, size))
            item.setText(item.text, size=_scaled_css_size(size, factor))
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
