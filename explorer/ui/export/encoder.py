"""The encoder thread of an animation: RGB frames in, a GIF (or an MP4 with the optional
imageio-ffmpeg) out, written through ``atomic_path`` so a cancelled export leaves no file."""

from __future__ import annotations

import importlib.util
import queue
import threading
from pathlib import Path
from typing import Any

import numpy as np

from explorer.atomic_file import FileWriteError, atomic_path
from explorer.gif_writer import GifWriter
from explorer.ui.i18n import tr, tr_error


def mp4_available() -> bool:
    """Whether the optional ``imageio-ffmpeg`` package (MP4 export) is installed."""
    return importlib.util.find_spec("imageio_ffmpeg") is not None


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
