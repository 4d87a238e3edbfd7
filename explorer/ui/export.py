"""Figures and animations out of the window: PNG (2×), SVG, an animated GIF (MP4 with the
optional imageio-ffmpeg), and the curves and trace as CSV / NPZ.

Every file goes through ``atomic_path``: a failed or cancelled export leaves no partial file.

The animation replays one iteration's step-through (forward t = 1 … T, the loss, backward
t = T … 1, the update) from the displayed ``SessionView``: its snapshots are frozen, so each
frame is ``dataclasses.replace(view, phase=…, cursor=…)``, exactly what stepping would show.
Widgets can only be painted in the GUI thread, so a QTimer renders one frame per tick into an
offscreen pane (a few tens of milliseconds) while a Python thread encodes the frames; the
window stays responsive and Cancel works between frames.
"""

from __future__ import annotations

import importlib.util
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QObject, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QImage, QPainter, QRegion
from PySide6.QtSvg import QSvgGenerator
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
    QMenu,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from explorer.atomic_file import FileWriteError, atomic_path
from explorer.gif_writer import GifWriter
from explorer.session.export import write_curves_csv, write_view_npz
from explorer.session.snapshot import Phase, SessionView
from explorer.ui.gradient_view import GradientView
from explorer.ui.graph_view import GraphView
from explorer.ui.i18n import tr, tr_error
from explorer.ui.pen import without_annotations
from explorer.ui.phrases import phase_text
from explorer.ui.selection import Selection
from explorer.ui.theme import font

if TYPE_CHECKING:
    from explorer.ui.main_window import MainWindow

FIGURE_SCALE = 2.0
DEFAULT_ANIMATION_SIZE = (1200, 500)
DEFAULT_FPS = 8
MAX_FPS = 50
# The gradient strip of an animation frame: enough for a readable log axis and its legend.
GRADIENT_STRIP_MIN = 190
GRAPH_SHARE_MIN = 0.45
# Rendering pauses while this many frames wait for the encoder (bounded memory).
MAX_QUEUED_FRAMES = 6
_RENDER_FLAGS = QWidget.RenderFlag.DrawWindowBackground | QWidget.RenderFlag.DrawChildren


def mp4_available() -> bool:
    """Whether the optional ``imageio-ffmpeg`` package (MP4 export) is installed."""
    return importlib.util.find_spec("imageio_ffmpeg") is not None


# ----------------------------------------------------------------------------- still figures
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


# ----------------------------------------------------------------------------- animation frames
def pass_views(view: SessionView) -> list[SessionView]:
    """The 2T + 2 frames of the displayed iteration's step-through: forward t = 1 … T, the
    loss, backward t = T … 1, the update. ValueError when no iteration has been computed."""
    if not view.records or view.T < 1:
        raise ValueError(tr("There is no iteration to animate yet: run one first."))
    T = view.T
    base = replace(view, running=False, scrubbing=False)
    frames = [replace(base, phase=Phase.FORWARD, cursor=t) for t in range(1, T + 1)]
    frames.append(replace(base, phase=Phase.LOSS, cursor=T))
    frames += [replace(base, phase=Phase.BACKWARD, cursor=t) for t in range(T, 0, -1)]
    frames.append(replace(base, phase=Phase.UPDATE, cursor=1))
    return frames


class FigurePane(QWidget):
    """An offscreen figure of one step: a caption, the graph and (optionally) the gradient
    through time beneath it, at a fixed pixel size. Never shown on screen."""

    def __init__(self, size: tuple[int, int], with_gradient: bool = True) -> None:
        super().__init__()
        self.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor("white"))
        self.setPalette(palette)
        self.selection = Selection(self)
        self.caption = QLabel("")
        self.caption.setFont(font(1.2, bold=True))
        self.graph = GraphView(self.selection)
        # Every frame shows its final colours: an eased fill would be captured mid-way.
        self.graph.setAnimated(False)
        self.gradient = GradientView(self.selection) if with_gradient else None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(self.graph, 3)
        # The graph is what the animation is about: it keeps at least this share of the
        # frame, whatever the gradient strip's caption asks for.
        self.graph.setMinimumHeight(int(GRAPH_SHARE_MIN * size[1]))
        for view in (self.graph, self.gradient):
            for tool in view.toolWidgets() if view is not None else ():
                tool.hide()  # a figure, not a window: no buttons in it
        if self.gradient is not None:
            self.gradient.setMinimumHeight(GRADIENT_STRIP_MIN)
            layout.addWidget(self.gradient, 2)
        self.setFixedSize(QSize(*size))
        self.show()  # offscreen: layouts and LazyView need a "visible" widget
        layout.activate()

    def setView(self, view: SessionView) -> None:
        """Draw one frame."""
        if view.cursor > 0:
            self.selection.select(t=view.cursor)
        if view.cells and self.selection.cell not in view.cells:
            self.selection.select(cell=view.cells[0])
        self.caption.setText(phase_text(view))
        self.graph.setView(view)
        if self.gradient is not None:
            self.gradient.setView(view)

    def rgb(self) -> np.ndarray:
        """The pane as a ``(height, width, 3) uint8`` array."""
        return image_to_rgb(widget_image(self, 1.0))


# ----------------------------------------------------------------------------- encoding
class _Cancelled(Exception):
    pass


class _Done:
    pass


_DONE = _Done()


class FrameEncoder(threading.Thread):
    """Encodes RGB frames handed over with ``put`` into ``path`` (GIF, or MP4 via
    imageio-ffmpeg), in its own thread, through ``atomic_path``. ``finish()`` ends the file;
    ``cancel()`` drops it. ``error`` holds the message of a failure."""

    def __init__(self, path: Path, fmt: str, size: tuple[int, int], fps: float) -> None:
        super().__init__(name="animation-encoder", daemon=True)
        self.path, self.fmt, self.size, self.fps = Path(path), fmt, size, fps
        self._frames: queue.Queue[Any] = queue.Queue()
        self._cancel = threading.Event()
        self.encoded = 0
        self.error: str | None = None

    def put(self, frame: np.ndarray) -> None:
        """Queue one ``(h, w, 3) uint8`` frame."""
        self._frames.put(frame)

    def pending(self) -> int:
        """Frames queued and not yet encoded."""
        return self._frames.qsize()

    def finish(self) -> None:
        """No more frames: write the end of the file and move it into place."""
        self._frames.put(_DONE)

    def cancel(self) -> None:
        """Stop as soon as possible and leave no file."""
        self._cancel.set()
        self._frames.put(_DONE)

    def run(self) -> None:
        try:
            with atomic_path(self.path) as tmp:
                if self.fmt == "mp4":
                    self._encode_mp4(tmp)
                else:
                    self._encode_gif(tmp)
        except _Cancelled:
            pass
        except FileWriteError as exc:
            self.error = tr_error(exc)
        except Exception as exc:  # an encoder bug must reach the user, not kill the thread
            self.error = tr("Cannot write {path}: {error}").format(path=self.path, error=exc)

    def _frames_until_done(self):
        while True:
            frame = self._frames.get()
            if self._cancel.is_set():
                raise _Cancelled
            if frame is _DONE:
                return
            yield frame
            self.encoded += 1

    def _encode_gif(self, tmp: Path) -> None:
        with open(tmp, "wb") as stream:
            writer = GifWriter(stream, self.size[0], self.size[1], self.fps)
            for frame in self._frames_until_done():
                writer.add_frame(frame)
            writer.close()

    def _encode_mp4(self, tmp: Path) -> None:
        import imageio_ffmpeg  # optional: only offered when mp4_available()

        writer = imageio_ffmpeg.write_frames(
            str(tmp),
            self.size,
            fps=self.fps,
            codec="libx264",
            pix_fmt_out="yuv420p",
            output_params=["-f", "mp4"],
        )
        writer.send(None)
        try:
            for frame in self._frames_until_done():
                writer.send(np.ascontiguousarray(frame).tobytes())
        finally:
            writer.close()


class AnimationExport(QObject):
    """Renders ``views`` one per timer tick into a ``FigurePane`` and encodes them to ``path``.

    Emits ``sigProgress(done, total)`` (frames encoded), then exactly one of ``sigFinished(path)``,
    ``sigFailed(message)`` or ``sigCancelled()``, after the encoder thread has ended.
    """

    sigProgress = Signal(int, int)
    sigFinished = Signal(str)
    sigFailed = Signal(str)
    sigCancelled = Signal()

    def __init__(
        self,
        views: list[SessionView],
        path: str | Path,
        size: tuple[int, int] = DEFAULT_ANIMATION_SIZE,
        fps: float = DEFAULT_FPS,
        fmt: str = "gif",
        with_gradient: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.views = views
        self.path = Path(path)
        self.size, self.fps, self.fmt, self.with_gradient = size, fps, fmt, with_gradient
        self._next = 0
        self._shown = False
        self._cancelled = False
        self._pane: FigurePane | None = None
        self._encoder: FrameEncoder | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._tick)

    @property
    def active(self) -> bool:
        """Whether the export is still rendering or encoding."""
        return self._timer.isActive()

    def start(self) -> None:
        """Begin rendering; returns at once."""
        self._pane = FigurePane(self.size, self.with_gradient)
        self._encoder = FrameEncoder(self.path, self.fmt, self.size, self.fps)
        self._encoder.start()
        self._timer.start()

    def cancel(self) -> None:
        """Stop between frames; no file is left behind."""
        if self._encoder is None or self._cancelled:
            return
        self._cancelled = True
        self._encoder.cancel()

    def wait(self) -> None:
        """Block until the encoder thread has ended (for closing the window mid-export)."""
        self.cancel()
        if self._encoder is not None:
            self._encoder.join()
        self._tick()

    def _tick(self) -> None:
        encoder = self._encoder
        if encoder is None:
            return
        total = len(self.views)
        if not encoder.is_alive():
            self._end(encoder)
            return
        # A frame is set on one tick and grabbed on the next: in between, the event loop
        # runs the scene's deferred item updates, so the grab shows the frame just set.
        if not self._cancelled and encoder.pending() < MAX_QUEUED_FRAMES:
            if self._shown:
                encoder.put(self._pane.rgb())
                self._shown = False
            if self._next < total:
                self._pane.setView(self.views[self._next])
                self._shown = True
                self._next += 1
            elif self._next == total:
                encoder.finish()
                self._next += 1
        # Last, in case a listener processes events.
        self.sigProgress.emit(encoder.encoded, total)

    def _end(self, encoder: FrameEncoder) -> None:
        self._timer.stop()
        self._encoder = None
        if self._pane is not None:
            self._pane.close()
            self._pane.deleteLater()
            self._pane = None
        if self._cancelled:
            self.sigCancelled.emit()
        elif encoder.error is not None:
            self.sigFailed.emit(encoder.error)
        else:
            self.sigProgress.emit(len(self.views), len(self.views))
            self.sigFinished.emit(str(self.path))


# ----------------------------------------------------------------------------- dialogs
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
            self, tr("Export animation"), self.path_edit.text(), _filter(fmt)
        )
        if name:
            self.path_edit.setText(name)

    def options(self) -> AnimationOptions:
        """The chosen options (the file gets the format's suffix if it has none)."""
        fmt = self.format_box.currentData()
        return AnimationOptions(
            path=_with_suffix(Path(self.path_edit.text()), fmt),
            width=self.width_box.value(),
            height=self.height_box.value(),
            fps=self.fps_box.value(),
            fmt=fmt,
            with_gradient=self.gradient_box.isChecked(),
        )


def _filter(fmt: str) -> str:
    return {
        "png": tr("PNG image (*.png)"),
        "svg": tr("SVG drawing (*.svg)"),
        "gif": tr("Animated GIF (*.gif)"),
        "mp4": tr("MP4 video (*.mp4)"),
        "csv": tr("CSV table (*.csv)"),
        "npz": tr("NumPy archive (*.npz)"),
    }[fmt]


def _with_suffix(path: Path, fmt: str) -> Path:
    return path if path.suffix.lower() == f".{fmt}" else path.with_name(f"{path.name}.{fmt}")


# ----------------------------------------------------------------------------- the menu
@dataclass(frozen=True)
class ExportActions:
    """The File → Export actions (also on the graph's right-click menu)."""

    window_png: QAction
    graph_png: QAction
    graph_svg: QAction
    plot_png: QAction
    plot_svg: QAction
    animation: QAction
    curves_csv: QAction
    trace_npz: QAction


class Exporter(QObject):
    """File → Export for the main window: asks for a file, writes it atomically, and shows
    a message naming the file and the reason when it cannot be written."""

    sigExported = Signal(str)  # the path written

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.folder = Path.home()
        self.animation: AnimationExport | None = None
        self.progress: QProgressDialog | None = None

        def action(text: str, tip: str, slot: Callable[[], None]) -> QAction:
            made = QAction(text, window)
            made.setStatusTip(tip)
            # triggered(bool) must not reach the slot: its first parameter is a path or the
            # animation's options, and "False" as options crashed the GIF export.
            made.triggered.connect(lambda _checked=False: slot())
            return made

        self.actions = ExportActions(
            window_png=action(
                tr("&Window as PNG…"),
                tr("Save the whole window as a PNG image"),
                self.exportWindowPng,
            ),
            graph_png=action(
                tr("&Graph as PNG…"),
                tr("Save the unrolled graph as a PNG image at twice the screen resolution"),
                lambda: self.exportGraph("png"),
            ),
            graph_svg=action(
                tr("Graph as &SVG…"),
                tr("Save the unrolled graph as an SVG drawing"),
                lambda: self.exportGraph("svg"),
            ),
            plot_png=action(
                tr("Current &plot as PNG…"),
                tr("Save the plot in the visible tab as a PNG image at twice the resolution"),
                lambda: self.exportPlot("png"),
            ),
            plot_svg=action(
                tr("Current plot as S&VG…"),
                tr("Save the plot in the visible tab as an SVG drawing"),
                lambda: self.exportPlot("svg"),
            ),
            animation=action(
                tr("&Animation (GIF)…"),
                tr("Render this iteration's forward and backward pass as an animation"),
                self.exportAnimation,
            ),
            curves_csv=action(
                tr("&Curves as CSV…"),
                tr("Save every iteration's loss, gradient norm and metrics as CSV"),
                self.exportCurves,
            ),
            trace_npz=action(
                tr("&Trace as NPZ…"),
                tr("Save the displayed iteration's arrays and the curves as a NumPy archive"),
                self.exportTrace,
            ),
        )
        self.menu = QMenu(tr("&Export"), window)
        a = self.actions
        for item in (a.window_png, None, a.graph_png, a.graph_svg, a.plot_png, a.plot_svg):
            self.menu.addSeparator() if item is None else self.menu.addAction(item)
        self.menu.addSeparator()
        self.menu.addAction(a.animation)
        self.menu.addSeparator()
        self.menu.addAction(a.curves_csv)
        self.menu.addAction(a.trace_npz)

    def installContextMenu(self, widget: QWidget) -> None:
        """Offer the graph exports on ``widget``'s right-click menu."""
        widget.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for item in (self.actions.graph_png, self.actions.graph_svg, self.actions.animation):
            widget.addAction(item)

    # ------------------------------------------------------------------------- exports
    def exportWindowPng(self, path: str | Path | None = None) -> Path | None:
        """Save the whole window as PNG (asks for a file unless ``path`` is given)."""
        path = path or self._ask(tr("Export window"), "bptt-window", "png")
        return self._write(path, lambda p: save_png(self.window, p))

    def exportGraph(self, fmt: str, path: str | Path | None = None) -> Path | None:
        """Save the graph as ``fmt`` ("png" at 2×, or "svg")."""
        path = path or self._ask(tr("Export graph"), f"bptt-graph-{self._tag()}", fmt)
        return self._write(path, lambda p: self._figure(self.window.graph, p, fmt))

    def exportPlot(self, fmt: str, path: str | Path | None = None) -> Path | None:
        """Save the plot of the visible tab as ``fmt`` ("png" at 2×, or "svg")."""
        tabs = self.window.tabs
        widget = tabs.currentWidget()
        name = tabs.tabText(tabs.currentIndex()).lower().replace(" ", "-")
        path = path or self._ask(tr("Export plot"), f"bptt-{name}-{self._tag()}", fmt)
        return self._write(path, lambda p: self._figure(widget, p, fmt))

    def exportCurves(self, path: str | Path | None = None) -> Path | None:
        """Save the training curves of every model as CSV."""
        view = self.window.ctrl.view()
        path = path or self._ask(tr("Export curves"), "bptt-curves", "csv")
        return self._write(path, lambda p: write_curves_csv(view, p))

    def exportTrace(self, path: str | Path | None = None) -> Path | None:
        """Save the displayed trace and the curves as NPZ."""
        view = self.window.ctrl.view()
        path = path or self._ask(tr("Export trace"), f"bptt-trace-{self._tag()}", "npz")
        return self._write(path, lambda p: write_view_npz(view, p))

    def exportAnimation(self, options: AnimationOptions | None = None) -> AnimationExport | None:
        """Render the displayed iteration's pass to a GIF (or MP4) in the background, with a
        progress dialog whose Cancel stops it. Asks for the options unless given."""
        if self.animation is not None:
            return None  # one at a time; its progress dialog is already up
        try:
            views = pass_views(self.window.ctrl.view())
        except ValueError as exc:
            QMessageBox.information(self.window, tr("Export animation"), str(exc))
            return None
        if options is None:
            dialog = AnimationDialog(self.folder / f"bptt-pass-{self._tag()}.gif", self.window)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            options = dialog.options()
        self.folder = options.path.parent
        export = AnimationExport(
            views,
            options.path,
            (options.width, options.height),
            options.fps,
            options.fmt,
            options.with_gradient,
            self,
        )
        progress = QProgressDialog(
            tr("Rendering {n} frames to {name}…").format(n=len(views), name=options.path.name),
            tr("Cancel"),
            0,
            len(views),
            self.window,
        )
        progress.setWindowTitle(tr("Export animation"))
        # Not modal: a modal QProgressDialog runs a nested event loop inside setValue, which
        # hung against the encoder thread. The export works on a copied frame, so the window
        # may go on meanwhile.
        progress.setWindowModality(Qt.WindowModality.NonModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(export.cancel)
        export.sigProgress.connect(lambda done, _total: progress.setValue(done))
        export.sigFinished.connect(self._animation_done)
        export.sigFailed.connect(self._animation_failed)
        export.sigCancelled.connect(self._animation_cancelled)
        self.animation, self.progress = export, progress
        export.start()
        return export

    def shutdown(self) -> None:
        """Stop a running animation export and wait for its thread (window closing)."""
        if self.animation is not None:
            self.animation.wait()

    # ------------------------------------------------------------------------- helpers
    def _tag(self) -> str:
        return f"it{self.window.ctrl.view().iteration}"

    def _ask(self, title: str, stem: str, fmt: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self.window, title, str(self.folder / f"{stem}.{fmt}"), _filter(fmt)
        )
        return _with_suffix(Path(name), fmt) if name else None

    def _figure(self, widget: QWidget, path: Path, fmt: str) -> None:
        with figure_only(widget) as source:
            if fmt == "svg":
                save_svg(widget, path, title=self.window.windowTitle(), source=source)
            else:
                save_png(widget, path, FIGURE_SCALE, source)

    def _write(self, path: str | Path | None, write: Callable[[Path], None]) -> Path | None:
        if not path:
            return None
        path = Path(path)
        try:
            write(path)
        except (FileWriteError, OSError) as exc:
            self._fail(path, tr_error(exc))
            return None
        self.folder = path.parent
        self._saved(path)
        return path

    def _saved(self, path: Path) -> None:
        self.window.statusBar().showMessage(tr("Saved {path}").format(path=path), 8000)
        self.sigExported.emit(str(path))

    def _fail(self, path: Path, reason: str) -> None:
        QMessageBox.warning(
            self.window,
            tr("Export failed"),
            tr("Could not write {path}.\n\n{reason}").format(path=path, reason=reason),
        )

    def _close_progress(self) -> AnimationExport | None:
        export, self.animation = self.animation, None
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        if export is not None:
            export.deleteLater()
        return export

    def _animation_done(self, path: str) -> None:
        self._close_progress()
        self._saved(Path(path))

    def _animation_failed(self, message: str) -> None:
        export = self._close_progress()
        self._fail(export.path if export is not None else Path(), message)

    def _animation_cancelled(self) -> None:
        self._close_progress()
        self.window.statusBar().showMessage(tr("Animation export cancelled"), 5000)
