"""An animation export in progress: frames rendered in the GUI thread, encoded in another.

Widgets can only be painted in the GUI thread, so a QTimer renders one frame per tick into
an offscreen ``FigurePane`` (a few tens of milliseconds) while a ``FrameEncoder`` thread
encodes the frames; the window stays responsive and Cancel works between frames.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from explorer.session.snapshot import SessionView
from explorer.ui.export.encoder import FrameEncoder
from explorer.ui.export.frames import DEFAULT_ANIMATION_SIZE, FigurePane

DEFAULT_FPS = 8
# Rendering pauses while this many frames wait for the encoder (bounded memory).
MAX_QUEUED_FRAMES = 6


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
