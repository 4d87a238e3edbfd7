"""Headless figures for slides and papers: train a session without a window, then draw the
graph, the gradient through time, the hidden states and the training curves offscreen.

Used by ``bptt-explorer render``. Training runs on the Qt-free session; Qt is needed only to
draw, on the "offscreen" platform unless another one was chosen, so no display is needed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from explorer.session.session import Session
from explorer.session.snapshot import Phase, SessionView

DEFAULT_SIZE = (1200, 500)
DEFAULT_FPS = 8
FORMATS = ("png", "svg")


@dataclass(frozen=True)
class RenderJob:
    """What to draw: ``at`` iterations (ascending) for the per-iteration figures, ``formats``
    ("png" and/or "svg"), whether to add the GIF of the last iteration's pass, the figure
    size in pixels (PNG files are written at ``scale`` × that) and the GIF frame rate."""

    out: Path
    at: tuple[int, ...]
    formats: tuple[str, ...] = ("png",)
    gif: bool = False
    size: tuple[int, int] = DEFAULT_SIZE
    fps: int = DEFAULT_FPS
    scale: float = 2.0


def train_and_capture(
    session: Session,
    iterations: int,
    at: Sequence[int],
    progress: Callable[[int, str], None] | None = None,
) -> tuple[dict[int, SessionView], SessionView]:
    """Run ``iterations`` iterations; returns the frame right after each iteration in ``at``
    (missing if every model had diverged by then) and the final frame."""
    wanted = set(at)
    captured: dict[int, SessionView] = {}
    for done in range(1, iterations + 1):
        if not session.one_iteration():
            break
        if session.completed in wanted:
            captured[session.completed] = session.view()
        if progress is not None:
            _, records = session.displayed_records()
            progress(done, " ".join(f"{c}={s.loss:.4g}" for c, s in records.items()))
    return captured, session.view()


def revealed(view: SessionView) -> SessionView:
    """``view`` in its backward phase fully revealed (t = 1): activations and gradients."""
    return replace(view, phase=Phase.BACKWARD, cursor=1, running=False, scrubbing=False)


def ensure_qt_application():
    """The running QApplication, or a new one on the offscreen platform if none is set."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from explorer.ui.theme import configure_pyqtgraph, font

    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_pyqtgraph()
    if app.font().pointSizeF() < font().pointSizeF():
        app.setFont(font())
    return app


def render_figures(
    captured: dict[int, SessionView],
    final: SessionView,
    job: RenderJob,
    progress: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """Write the figures of ``job`` into ``job.out``; returns the files written, in order.

    Per captured iteration N: ``graph-itN``, ``gradient-itN`` and ``hidden-itN`` in each
    format; once: ``curves`` (the whole run) and, with ``job.gif``, ``pass-itN.gif``.
    Raises ``FileWriteError`` when a file cannot be written.
    """
    app = ensure_qt_application()
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from explorer.atomic_file import atomic_path
    from explorer.gif_writer import GifWriter
    from explorer.ui.curves_view import CurvesView
    from explorer.ui.export import FigurePane, figure_only, pass_views, save_png, save_svg
    from explorer.ui.gradient_view import GradientView
    from explorer.ui.graph_view import GraphView
    from explorer.ui.hidden_view import HiddenStatesView
    from explorer.ui.selection import Selection

    selection = Selection()

    holders: list[QWidget] = []

    def offscreen(widget: QWidget) -> QWidget:
        # Each figure sits in a plain holder window: a CurvesView shown as a top-level window
        # crashed PySide6 6.10 / pyqtgraph 0.14 on the next event-loop pass.
        holder = QWidget()
        holder.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(widget)
        holder.resize(*job.size)
        holder.show()
        holders.append(holder)
        return widget

    figures = {
        "graph": offscreen(GraphView(selection)),
        "gradient": offscreen(GradientView(selection)),
        "hidden": offscreen(HiddenStatesView(selection)),
    }
    curves = offscreen(CurvesView())
    written: list[Path] = []

    def save(widget: QWidget, stem: str) -> None:
        app.processEvents()  # deferred scene and layout updates, before drawing
        with figure_only(widget) as source:
            for fmt in job.formats:
                path = job.out / f"{stem}.{fmt}"
                if fmt == "svg":
                    save_svg(widget, path, title=stem, source=source)
                else:
                    save_png(widget, path, job.scale, source)
                written.append(path)

    steps = len(captured) + 1 + (1 if job.gif else 0)
    done = 0
    try:
        for iteration, view in sorted(captured.items()):
            frame = revealed(view)
            if frame.cells:
                selection.select(cell=frame.cells[0], t=1)
            for name, widget in figures.items():
                widget.setView(frame)
                save(widget, f"{name}-it{iteration}")
            done += 1
            if progress is not None:
                progress(done, steps)
        curves.setView(final)
        save(curves, "curves")
        done += 1
        if progress is not None:
            progress(done, steps)
        if job.gif and final.records:
            views = pass_views(final)
            pane = FigurePane(job.size, with_gradient=True)
            path = job.out / f"pass-it{final.iteration}.gif"
            with atomic_path(path) as tmp, open(tmp, "wb") as stream:
                writer = GifWriter(stream, job.size[0], job.size[1], job.fps)
                for view in views:
                    pane.setView(view)
                    app.processEvents()
                    writer.add_frame(pane.rgb())
                writer.close()
            pane.close()
            written.append(path)
            done += 1
            if progress is not None:
                progress(done, steps)
    finally:
        for holder in holders:
            holder.close()
            holder.deleteLater()
    return written
