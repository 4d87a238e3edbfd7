"""The main window: menus, status bar, saved geometry, and the central view."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QVBoxLayout, QWidget

from explorer import APP_NAME, __version__
from explorer.ui.actions import Actions, make_actions

DEFAULT_SIZE = (1600, 1000)
MINIMUM_SIZE = (1024, 700)

ABOUT_TEXT = (
    f"<h2>{APP_NAME} {__version__}</h2>"
    "<p>Backpropagation through time, made visible: the unrolled network, the forward "
    "pass, the gradient flowing back, and the training curve that results.</p>"
    "<p>An exact NumPy engine (vanilla RNN, LSTM, GRU) with a PySide6 and pyqtgraph view.</p>"
)

SHORTCUTS = (
    ("F11", "Full screen"),
    ("Ctrl+Q", "Quit"),
)


class StartPage(QWidget):
    """What the window shows before a run is opened: what the app is and where to begin."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(APP_NAME)
        title.setObjectName("startTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 3)
        font.setBold(True)
        title.setFont(font)
        blurb = QLabel(
            "Unroll a recurrent network in time, run the forward pass left to right, "
            "and watch the gradient flow back right to left: shrinking in a vanilla RNN, "
            "carried along the cell state in an LSTM."
        )
        blurb.setWordWrap(True)
        blurb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = blurb.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        blurb.setFont(font)
        blurb.setFixedWidth(880)  # a fixed width lets the label compute its wrapped height
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addSpacing(24)
        layout.addWidget(blurb, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)


class MainWindow(QMainWindow):
    """The top-level window. Takes the app's one QSettings object."""

    def __init__(
        self, settings: QSettings, parent: QWidget | None = None, remember_geometry: bool = True
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._remember_geometry = remember_geometry
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(*MINIMUM_SIZE)
        self.resize(*DEFAULT_SIZE)
        self.actions = make_actions(self)
        self._build_menus(self.actions)
        self.setCentralWidget(StartPage(self))
        self.statusBar().showMessage("Ready")

    def _build_menus(self, actions: Actions) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(actions.quit)
        view_menu = bar.addMenu("&View")
        view_menu.addAction(actions.full_screen)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(actions.shortcuts)
        help_menu.addAction(actions.about)
        actions.quit.triggered.connect(self.close)
        actions.full_screen.toggled.connect(self.setFullScreenMode)
        actions.about.triggered.connect(self.showAbout)
        actions.shortcuts.triggered.connect(self.showShortcuts)

    def setFullScreenMode(self, on: bool) -> None:
        """Enter or leave full screen."""
        if on:
            self.showFullScreen()
        else:
            self.showNormal()

    def showAbout(self) -> None:
        """Help → About."""
        QMessageBox.about(self, f"About {APP_NAME}", ABOUT_TEXT)

    def showShortcuts(self) -> None:
        """Help → Keyboard shortcuts."""
        rows = "".join(f"<tr><td><b>{key}</b></td><td>{what}</td></tr>" for key, what in SHORTCUTS)
        QMessageBox.information(self, "Keyboard shortcuts", f"<table cellpadding=4>{rows}</table>")

    def saveSettings(self, settings: QSettings) -> None:
        """Remember the window geometry."""
        settings.setValue("window/geometry", self.saveGeometry())
        # restoreGeometry clamps to the current screen; the plain size survives a smaller one.
        settings.setValue("window/size", self.size())

    def restoreSettings(self, settings: QSettings) -> None:
        """Restore the geometry saved last time; ignore anything unreadable."""
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        size = settings.value("window/size")
        if (
            isinstance(size, QSize)
            and size.width() >= MINIMUM_SIZE[0]
            and size.height() >= MINIMUM_SIZE[1]
        ):
            self.resize(size)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._remember_geometry:
            self.saveSettings(self._settings)
            self._settings.sync()
        super().closeEvent(event)
