"""File → Export → Python script…: the current run as a standalone script a student can
continue in a notebook (``explorer.teaching.script_export``).

The dialog asks how many of the run's first iterations to reproduce and whether the script
may import BPTT Explorer's engine (otherwise it needs only NumPy); the file is then chosen
and written atomically, and the window says where it went.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from explorer.atomic_file import FileWriteError, atomic_write_text
from explorer.teaching.script_export import (
    DEFAULT_ITERATIONS,
    MAX_ITERATIONS,
    ScriptExportError,
    python_script,
)
from explorer.ui.i18n import tr, tr_error


class ScriptDialog(QDialog):
    """How many first iterations the script runs, and NumPy only or the project's engine."""

    def __init__(self, iterations: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Export as Python script"))
        self.setObjectName("scriptDialog")
        intro = QLabel(
            tr(
                "A standalone Python script that rebuilds this run (model, data, settings) "
                "and prints the loss of each of its first iterations, the same numbers as here."
            )
        )
        intro.setWordWrap(True)
        self.iterations = QSpinBox()
        self.iterations.setObjectName("scriptIterations")
        self.iterations.setRange(1, MAX_ITERATIONS)
        self.iterations.setValue(max(1, min(iterations, MAX_ITERATIONS)))
        self.engine = QCheckBox(tr("Import BPTT Explorer's engine (shorter; otherwise NumPy only)"))
        self.engine.setObjectName("scriptEngine")
        form = QFormLayout()
        form.addRow(tr("&Iterations:"), self.iterations)
        form.addRow("", self.engine)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # Typing a number replaces the proposed count at once.
        self.activateWindow()
        self.iterations.setFocus()
        self.iterations.selectAll()


class ScriptExport(QObject):
    """The File → Export → Python script… action of a main window."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.action = QAction(tr("Python &script…"), window)
        self.action.setObjectName("exportScript")
        self.action.setStatusTip(
            tr("Write this run as a standalone Python script that prints the same losses")
        )
        self.action.triggered.connect(lambda _checked=False: self.exportScript())

    def exportScript(
        self, path: str | Path | None = None, iterations: int | None = None, use_engine=False
    ) -> Path | None:
        """Ask for the options and the file (unless given) and write the script atomically;
        returns the path written, or None (cancelled, or a message said why not)."""
        window = self.window
        if iterations is None:
            done = window.ctrl.view().completed
            dialog = ScriptDialog(done if done > 0 else DEFAULT_ITERATIONS, window)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            iterations, use_engine = dialog.iterations.value(), dialog.engine.isChecked()
        if path is None:
            folder = window.exporter.folder
            name, _ = QFileDialog.getSaveFileName(
                window,
                tr("Export as Python script"),
                str(folder / "bptt_run.py"),
                tr("Python script (*.py)"),
            )
            if not name:
                return None
            path = Path(name) if name.endswith(".py") else Path(name + ".py")
        path = Path(path)
        try:
            text = python_script(window.ctrl.config, iterations, use_engine=use_engine)
            atomic_write_text(path, text)
        except (ScriptExportError, FileWriteError, OSError, ValueError) as exc:
            QMessageBox.warning(
                window,
                tr("Export failed"),
                tr("Could not write {path}.\n\n{reason}").format(path=path, reason=tr_error(exc)),
            )
            return None
        window.exporter.folder = path.parent
        window.statusBar().showMessage(tr("Saved {path}").format(path=path), 8000)
        window.exporter.sigExported.emit(str(path))
        return path


def install_script_export(window: QMainWindow) -> ScriptExport:
    """Add File → Export → Python script… to ``window`` (kept as ``window.script_export``)."""
    export = ScriptExport(window)
    window.exporter.menu.addSeparator()
    window.exporter.menu.addAction(export.action)
    window.script_export = export
    return export
