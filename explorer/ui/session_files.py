"""File → Open session… / Save session…: ``.bptt`` files read and written off the GUI thread.

Saving runs as a job of the session's worker (training waits for it, and the session is not
touched meanwhile); opening reads into a new session in a thread of its own, so the current
run stays on screen until the new one is fully read, and a failed or cancelled open changes
nothing. A progress dialog with Cancel appears when the work takes longer than
``PROGRESS_AFTER_MS``; a cancelled save leaves no file.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt, QThread, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from explorer.session.controller import SessionController
from explorer.session.files import (
    SUFFIX,
    SessionFileCancelled,
    SessionFileError,
    load_session,
    save_session,
)
from explorer.ui.i18n import tr, tr_error
from explorer.ui.session_events import SessionEvents

LAST_FOLDER_KEY = "files/last_folder"
PROGRESS_AFTER_MS = 300


class _LoadThread(QThread):
    """Reads a session file into a new ``Session``; keeps the result or the error."""

    sigProgress = Signal(float)

    def __init__(self, path: Path, parent: QObject) -> None:
        super().__init__(parent)
        self.path = path
        self.cancel = threading.Event()
        self.session = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            session = load_session(
                self.path, progress=self.sigProgress.emit, cancelled=self.cancel.is_set
            )
        except (SessionFileError, SessionFileCancelled) as exc:
            self.error = exc
            return
        # The iteration the window will show is recomputed from its keyframe here, not on
        # the GUI thread when the run is installed.
        session.prepare_view()
        self.session = session


class SessionFiles(QObject):
    """The open and save actions, their dialogs, progress and error messages."""

    sigLoaded = Signal(str)  # the path of the session file just opened
    sigSaved = Signal(str)  # the path of the session file just written
    sigFinished = Signal(bool)  # an open or save ended: True if it succeeded
    _sigProgress = Signal(float)  # from the worker, fraction done

    def __init__(
        self,
        window: QWidget,
        controller: SessionController,
        settings: QSettings,
        events: SessionEvents | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.controller = controller
        self.settings = settings
        # The window's views: an opened run reaches them one per event-loop turn.
        self.events = events
        self.progress: QProgressDialog | None = None
        self._loader: _LoadThread | None = None
        self._saving = False
        self._updating = False  # inside the progress dialog's setValue
        self._end_pending = False
        self._sigProgress.connect(self._show_progress)
        # The presenter's saved scenes, stored beside the run (set by the scene bookmarks).
        self.bookmarks: Callable[[], tuple] = tuple
        self.open_action = QAction(tr("&Open session…"), window)
        self.open_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Open))
        self.open_action.setStatusTip(tr("Continue a run saved in a .bptt file"))
        self.open_action.triggered.connect(self.openWithDialog)
        self.save_action = QAction(tr("&Save session…"), window)
        self.save_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        self.save_action.setStatusTip(
            tr("Save the run, its settings and its history to a .bptt file")
        )
        self.save_action.triggered.connect(self.saveWithDialog)

    @property
    def busy(self) -> bool:
        """Whether a save or an open is in progress."""
        return self._saving or self._loader is not None

    def _folder(self) -> str:
        value = self.settings.value(LAST_FOLDER_KEY)
        return value if isinstance(value, str) and Path(value).is_dir() else str(Path.home())

    def _filter(self) -> str:
        return tr("BPTT Explorer sessions (*{suffix})").format(suffix=SUFFIX)

    # ------------------------------------------------------------------------- progress
    def _begin(self, label: str, cancel) -> None:
        self.open_action.setEnabled(False)
        self.save_action.setEnabled(False)
        dialog = QProgressDialog(label, tr("Cancel"), 0, 100, self.window)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(PROGRESS_AFTER_MS)  # quick work never shows it
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(cancel)
        dialog.setValue(0)
        self.progress = dialog

    def _show_progress(self, fraction: float) -> None:
        dialog = self.progress
        if dialog is None or self._updating:
            return
        # A modal QProgressDialog processes events inside setValue; the work may end there,
        # and the dialog must not be closed under its own feet: _end waits until it returns.
        self._updating = True
        try:
            dialog.setValue(round(max(0.0, min(fraction, 1.0)) * 100))
        finally:
            self._updating = False
        if self._end_pending:
            self._end()

    def _end(self) -> None:
        if self._updating:
            self._end_pending = True
            return
        self._end_pending = False
        self.open_action.setEnabled(True)
        self.save_action.setEnabled(True)
        if self.progress is not None:
            self.progress.canceled.disconnect()
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    # ------------------------------------------------------------------------- save
    def saveWithDialog(self) -> None:
        """Ask for a file name and save the session there."""
        path, _ = QFileDialog.getSaveFileName(
            self.window, tr("Save session"), self._folder(), self._filter()
        )
        if path:
            if not path.endswith(SUFFIX):
                path += SUFFIX
            self.save(Path(path))

    def save(self, path: Path) -> None:
        """Save to ``path`` in the background; ``sigFinished`` tells the outcome, a failure is
        shown in a message box."""
        if self.busy:
            return
        self._saving = True
        ctrl = self.controller
        bookmarks = self.bookmarks()

        def job() -> None:
            save_session(
                ctrl.session,
                path,
                progress=self._sigProgress.emit,
                cancelled=ctrl.job_cancelled,
                bookmarks=bookmarks,
            )

        self._begin(tr("Saving {name}…").format(name=path.name), ctrl.cancel_jobs)
        ctrl.submit(job, lambda _result, error: self._saved(path, error))

    def _saved(self, path: Path, error: BaseException | None) -> None:
        self._saving = False
        self._end()
        if isinstance(error, SessionFileCancelled):
            self.window.statusBar().showMessage(tr("Saving cancelled; no file was written"), 5000)
        elif isinstance(error, SessionFileError):
            QMessageBox.warning(self.window, tr("Cannot save the session"), tr_error(error))
        elif error is not None:
            self.sigFinished.emit(False)
            raise error
        else:
            self.settings.setValue(LAST_FOLDER_KEY, str(path.parent))
            self.window.statusBar().showMessage(tr("Saved {path}").format(path=path), 5000)
            self.sigSaved.emit(str(path))
        self.sigFinished.emit(error is None)

    # ------------------------------------------------------------------------- open
    def openWithDialog(self) -> None:
        """Ask for a session file and continue from it."""
        path, _ = QFileDialog.getOpenFileName(
            self.window, tr("Open session"), self._folder(), self._filter()
        )
        if path:
            self.open(Path(path))

    def open(self, path: Path) -> None:
        """Read ``path`` in the background and continue from it; the current run stays until
        the new one is fully read, and a bad file is reported and changes nothing."""
        if self.busy:
            return
        loader = _LoadThread(path, self)
        loader.sigProgress.connect(self._show_progress)
        loader.finished.connect(self._loaded)
        self._loader = loader
        self._begin(tr("Opening {name}…").format(name=path.name), loader.cancel.set)
        loader.start()

    def _loaded(self) -> None:
        loader = self._loader
        if loader is None or not loader.isFinished():
            return
        loader.wait()
        self._loader = None
        loader.deleteLater()
        self._end()
        if isinstance(loader.error, SessionFileCancelled):
            self.window.statusBar().showMessage(tr("Opening cancelled; nothing changed"), 5000)
            self.sigFinished.emit(False)
            return
        if loader.error is not None:
            QMessageBox.warning(self.window, tr("Cannot open the session"), tr_error(loader.error))
            self.sigFinished.emit(False)
            return
        session, path = loader.session, loader.path
        self.controller.when_idle(lambda: self._install(session, path))

    def _install(self, session, path: Path) -> None:
        if self.events is not None:
            self.events.spreadNextFrame()
        self.controller.replace_session(session)
        self.settings.setValue(LAST_FOLDER_KEY, str(path.parent))
        self.window.statusBar().showMessage(tr("Opened {path}").format(path=path), 5000)
        self.sigLoaded.emit(str(path))
        self.sigFinished.emit(True)

    def shutdown(self) -> None:
        """Cancel an open in progress and wait for its thread (the window is closing)."""
        loader = self._loader
        if loader is not None:
            loader.cancel.set()
            loader.wait()
            self._loader = None
            self._end()
