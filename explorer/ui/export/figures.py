"""Still figures of a widget: PNG at twice the screen resolution and SVG drawings.

Every file goes through ``atomic_path``: a failed export leaves no partial file.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QImage, QPainter, QRegion
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QWidget

from explorer.atomic_file import FileWriteError, atomic_path
from explorer.ui.pen import without_annotations

FIGURE_SCALE = 2.0
_RENDER_FLAGS = QWidget.RenderFlag.DrawWindowBackground | QWidget.RenderFlag.DrawChildren


@contextmanager
def figure_only(widget: QWidget) -> Iterator[QRect]:
    """Draw ``widget`` as a figure: its controls (``toolWidgets()``: zoom buttons, mode
    switches) are hidden meanwhile, keeping their room so nothing moves; yields the part of
    the widget that is the figure (``figureRect()``, default the whole widget)."""
    tools = [w for w in getattr(widget, "toolWidgets", list)() if not w.isHidden()]
    policies = []
    for tool in tools:
        policy = tool.sizePolicy()
        policies.append(policy)
        kept = type(policy)(policy)
        kept.setRetainSizeWhenHidden(True)
        tool.setSizePolicy(kept)
        tool.hide()
    try:
        yield getattr(widget, "figureRect", widget.rect)()
    finally:
        for tool, policy in zip(tools, policies, strict=True):
            tool.show()
            tool.setSizePolicy(policy)


def widget_image(
    widget: QWidget, scale: float = FIGURE_SCALE, source: QRect | None = None
) -> QImage:
    """``widget`` (or its ``source`` rectangle) and its children painted at ``scale`` × their
    size (vector-sharp, not scaled up from a screen grab): a ``(scale·w) × (scale·h)``
    QImage."""
    source = widget.rect() if source is None else source
    size = source.size()
    image = QImage(
        round(size.width() * scale),
        round(size.height() * scale),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.setDevicePixelRatio(scale)
    image.fill(widget.palette().window().color())
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    with without_annotations():  # the presenter's pen stays out unless asked
        QWidget.render(widget, painter, QPoint(0, 0), QRegion(source), _RENDER_FLAGS)
    painter.end()
    return image


def save_png(
    widget: QWidget, path: str | Path, scale: float = FIGURE_SCALE, source: QRect | None = None
) -> None:
    """Write ``widget`` (or its ``source`` rectangle) as a PNG at ``scale`` × its size,
    atomically (FileWriteError if not)."""
    image = widget_image(widget, scale, source)
    with atomic_path(path) as tmp:
        if not image.save(str(tmp), "PNG"):
            raise FileWriteError(
                "Cannot write {path}: Qt could not encode the PNG image.", path=path
            )


def save_svg(
    widget: QWidget, path: str | Path, title: str = "", source: QRect | None = None
) -> None:
    """Write ``widget`` (or its ``source`` rectangle) as an SVG drawing (lines and text stay
    vectors), atomically."""
    source = widget.rect() if source is None else source
    with atomic_path(path) as tmp:
        generator = QSvgGenerator()
        generator.setFileName(str(tmp))
        generator.setSize(source.size())
        generator.setViewBox(QRect(QPoint(0, 0), source.size()))
        generator.setTitle(title or widget.windowTitle())
        generator.setDescription("BPTT Explorer")
        painter = QPainter()
        if not painter.begin(generator):
            raise FileWriteError(
                "Cannot write {path}: Qt could not start the SVG drawing.", path=path
            )
        painter.fillRect(QRect(QPoint(0, 0), source.size()), widget.palette().window())
        with without_annotations():
            QWidget.render(widget, painter, QPoint(0, 0), QRegion(source), _RENDER_FLAGS)
        painter.end()


def image_to_rgb(image: QImage) -> np.ndarray:
    """A QImage as a ``(height, width, 3) uint8`` RGB array (a copy)."""
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    h, w = image.height(), image.width()
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(h, image.bytesPerLine())
    return rows[:, : 3 * w].reshape(h, w, 3).copy()
