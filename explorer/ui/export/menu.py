"""File → Export: the actions, the file questions and the messages, over the widgets they
save (the window, the graph, the tabbed plots) and the controller whose frame they write."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QTabWidget,
    QWidget,
)

from explorer.atomic_file import FileWriteError
from explorer.session.controller import SessionController
from explorer.session.export import write_curves_csv, write_view_npz
from explorer.ui.export.animation import AnimationExport
from explorer.ui.export.dialog import (
    AnimationDialog,
    AnimationOptions,
    file_filter,
    with_format_suffix,
)
from explorer.ui.export.figures import FIGURE_SCALE, figure_only, save_png, save_svg
from explorer.ui.export.frames import pass_views
from explorer.ui.i18n import tr, tr_error


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
    """File → Export for a main window: asks for a file, writes it atomically, and shows
    a message naming the file and the reason when it cannot be written.

    ``window`` is saved whole and parents the dialogs and messages; ``graph`` is the
    unrolled graph, ``tabs`` the tabbed plots (the visible one is "the current plot") and
    ``ctrl`` gives the frame whose curves, trace and step-through are written.
    """

    sigExported = Signal(str)  # the path written

    def __init__(
        self,
        window: QMainWindow,
        graph: QWidget,
        tabs: QTabWidget,
        ctrl: SessionController,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.graph = graph
        self.tabs = tabs
        self.ctrl = ctrl
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
        return self._write(path, lambda p: self._figure(self.graph, p, fmt))

    def exportPlot(self, fmt: str, path: str | Path | None = None) -> Path | None:
        """Save the plot of the visible tab as ``fmt`` ("png" at 2×, or "svg")."""
        tabs = self.tabs
        widget = tabs.currentWidget()
        name = tabs.tabText(tabs.currentIndex()).lower().replace(" ", "-")
        path = path or self._ask(tr("Export plot"), f"bptt-{name}-{self._tag()}", fmt)
        return self._write(path, lambda p: self._figure(widget, p, fmt))

    def exportCurves(self, path: str | Path | None = None) -> Path | None:
        """Save the training curves of every model as CSV."""
        view = self.ctrl.view()
        path = path or self._ask(tr("Export curves"), "bptt-curves", "csv")
        return self._write(path, lambda p: write_curves_csv(view, p))

    def exportTrace(self, path: str | Path | None = None) -> Path | None:
        """Save the displayed trace and the curves as NPZ."""
        view = self.ctrl.view()
        path = path or self._ask(tr("Export trace"), f"bptt-trace-{self._tag()}", "npz")
        return self._write(path, lambda p: write_view_npz(view, p))

    def exportAnimation(self, options: AnimationOptions | None = None) -> AnimationExport | None:
        """Render the displayed iteration's pass to a GIF (or MP4) in the background, with a
        progress dialog whose Cancel stops it. Asks for the options unless given."""
        if self.animation is not None:
            return None  # one at a time; its progress dialog is already up
        try:
            views = pass_views(self.ctrl.view())
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
        return f"it{self.ctrl.view().iteration}"

    def _ask(self, title: str, stem: str, fmt: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self.window, title, str(self.folder / f"{stem}.{fmt}"), file_filter(fmt)
        )
        return with_format_suffix(Path(name), fmt) if name else None

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
