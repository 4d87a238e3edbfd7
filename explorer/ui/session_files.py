"""File → Open session… / Save session…: ``.bptt`` files through the session layer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from explorer.session.controller import SessionController
from explorer.session.files import SUFFIX, SessionFileError, load_session, save_session
from explorer.ui.i18n import tr, tr_error

LAST_FOLDER_KEY = "files/last_folder"


class SessionFiles(QObject):
    """The open and save actions, their dialogs and their error messages."""

    sigLoaded = Signal(str)  # the path of the session file just opened

    def __init__(self, window: QWidget, controller: SessionController, settings: QSettings) -> None:
        super().__init__(window)
        self.window = window
        self.controller = controller
        self.settings = settings
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

    def _folder(self) -> str:
        value = self.settings.value(LAST_FOLDER_KEY)
        return value if isinstance(value, str) and Path(value).is_dir() else str(Path.home())

    def _filter(self) -> str:
        return tr("BPTT Explorer sessions (*{suffix})").format(suffix=SUFFIX)

    def saveWithDialog(self) -> None:
        """Ask for a file name and save the session there."""
        path, _ = QFileDialog.getSaveFileName(
            self.window, tr("Save session"), self._folder(), self._filter()
        )
        if path:
            if not path.endswith(SUFFIX):
                path += SUFFIX
            self.save(Path(path))

    def save(self, path: Path) -> bool:
        """Save to ``path``; a failure is shown in a message box. Returns success."""
        self.controller.stop()
        try:
            save_session(self.controller.session, path)
        except SessionFileError as exc:
            QMessageBox.warning(self.window, tr("Cannot save the session"), tr_error(exc))
            return False
        self.settings.setValue(LAST_FOLDER_KEY, str(path.parent))
        self.window.statusBar().showMessage(tr("Saved {path}").format(path=path), 5000)
        return True

    def openWithDialog(self) -> None:
        """Ask for a session file and continue from it."""
        path, _ = QFileDialog.getOpenFileName(
            self.window, tr("Open session"), self._folder(), self._filter()
        )
        if path:
            self.open(Path(path))

    def open(self, path: Path) -> bool:
        """Load ``path`` and continue from it; a bad file is reported and changes nothing."""
        try:
            session = load_session(path)
        except SessionFileError as exc:
            QMessageBox.warning(self.window, tr("Cannot open the session"), tr_error(exc))
            return False
        self.controller.replace_session(session)
        self.settings.setValue(LAST_FOLDER_KEY, str(path.parent))
        self.window.statusBar().showMessage(tr("Opened {path}").format(path=path), 5000)
        self.sigLoaded.emit(str(path))
        return True
