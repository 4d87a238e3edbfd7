"""Save widgets as images, atomically."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from explorer.atomic_file import FileWriteError, atomic_path


def save_widget_png(widget: QWidget, path: Path, scale: float = 1.0) -> None:
    """Render ``widget`` (and its children) to a PNG file at ``path``.

    ``scale`` > 1 renders at a higher resolution (2.0 for print-quality exports).
    """
    pixmap = widget.grab()
    if scale != 1.0:
        pixmap = pixmap.scaled(round(pixmap.width() * scale), round(pixmap.height() * scale))
    with atomic_path(path) as tmp:
        if not pixmap.save(str(tmp), "PNG"):
            raise FileWriteError(
                "Cannot write {path}: Qt could not encode the PNG image.", path=path
            )
