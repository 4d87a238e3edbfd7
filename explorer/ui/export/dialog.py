"""The animation dialog (size, frame rate, format, file) and the file-type filters."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from explorer.ui.export.animation import DEFAULT_FPS
from explorer.ui.export.encoder import mp4_available
from explorer.ui.export.frames import DEFAULT_ANIMATION_SIZE
from explorer.ui.i18n import tr

MAX_FPS = 50


@dataclass(frozen=True)
class AnimationOptions:
    """What the animation dialog asks for."""

    path: Path
    width: int
    height: int
    fps: int
    fmt: str  # "gif" or "mp4"
    with_gradient: bool


class AnimationDialog(QDialog):
    """Size, frame rate, format and file of the step-through animation."""

    def __init__(self, default_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Export animation"))
        self.width_box = QSpinBox()
        self.width_box.setRange(320, 3840)
        self.width_box.setValue(DEFAULT_ANIMATION_SIZE[0])
        self.width_box.setSuffix(tr(" px"))
        self.height_box = QSpinBox()
        self.height_box.setRange(200, 2160)
        self.height_box.setValue(DEFAULT_ANIMATION_SIZE[1])
        self.height_box.setSuffix(tr(" px"))
        self.fps_box = QSpinBox()
        self.fps_box.setRange(1, MAX_FPS)
        self.fps_box.setValue(DEFAULT_FPS)
        self.fps_box.setSuffix(tr(" frames/s"))
        self.gradient_box = QCheckBox(tr("Gradient through time beneath the graph"))
        self.gradient_box.setChecked(True)
        self.format_box = QComboBox()
        self.format_box.addItem(tr("Animated GIF"), "gif")
        self.format_box.addItem(tr("MP4 video"), "mp4")
        if not mp4_available():
            self.format_box.model().item(1).setEnabled(False)
        self.mp4_note = QLabel(
            tr("MP4 needs the optional package imageio-ffmpeg, which is not installed.")
        )
        self.mp4_note.setWordWrap(True)
        self.mp4_note.setVisible(not mp4_available())
        self.path_edit = QLineEdit(str(default_path))
        browse = QPushButton(tr("Browse…"))
        browse.clicked.connect(self._browse)
        self.format_box.currentIndexChanged.connect(self._format_changed)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        size_row = QHBoxLayout()
        size_row.addWidget(self.width_box)
        size_row.addWidget(QLabel("×"))
        size_row.addWidget(self.height_box)
        form = QFormLayout()
        form.addRow(tr("Size:"), size_row)
        form.addRow(tr("Frame rate:"), self.fps_box)
        form.addRow(tr("Format:"), self.format_box)
        form.addRow("", self.mp4_note)
        form.addRow("", self.gradient_box)
        form.addRow(tr("File:"), path_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                tr("One iteration: forward t = 1 … T, the loss, backward t = T … 1, the update.")
            )
        )
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _format_changed(self) -> None:
        fmt = self.format_box.currentData()
        path = Path(self.path_edit.text())
        self.path_edit.setText(str(path.with_suffix(f".{fmt}")))

    def _browse(self) -> None:
        fmt = self.format_box.currentData()
        name, _ = QFileDialog.getSaveFileName(
            self, tr("Export animation"), self.path_edit.text(), file_filter(fmt)
        )
        if name:
            self.path_edit.setText(name)

    def options(self) -> AnimationOptions:
        """The chosen options (the file gets the format's suffix if it has none)."""
        fmt = self.format_box.currentData()
        return AnimationOptions(
            path=with_format_suffix(Path(self.path_edit.text()), fmt),
            width=self.width_box.value(),
            height=self.height_box.value(),
            fps=self.fps_box.value(),
            fmt=fmt,
            with_gradient=self.gradient_box.isChecked(),
        )


def file_filter(fmt: str) -> str:
    """The file dialog's filter for ``fmt`` ("png", "svg", "gif", "mp4", "csv", "npz")."""
    return {
        "png": tr("PNG image (*.png)"),
        "svg": tr("SVG drawing (*.svg)"),
        "gif": tr("Animated GIF (*.gif)"),
        "mp4": tr("MP4 video (*.mp4)"),
        "csv": tr("CSV table (*.csv)"),
        "npz": tr("NumPy archive (*.npz)"),
    }[fmt]


def with_format_suffix(path: Path, fmt: str) -> Path:
    """``path`` ending in ``.fmt`` (appended when it has another suffix or none)."""
    return path if path.suffix.lower() == f".{fmt}" else path.with_name(f"{path.name}.{fmt}")
