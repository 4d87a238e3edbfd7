"""Build the QApplication and the main window; take a screenshot when asked."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from explorer import APP_NAME, __version__
from explorer.atomic_file import FileWriteError
from explorer.paths import asset
from explorer.ui.errors import install_excepthook
from explorer.ui.gc_guard import MainThreadGarbageCollector, freeze_start_up
from explorer.ui.i18n import install_language, saved_language
from explorer.ui.main_window import MainWindow
from explorer.ui.snapshot import save_widget_png
from explorer.ui.theme import configure_pyqtgraph

ORGANIZATION = "bptt-explorer"
# Let the window paint a few times before grabbing it, so layouts have settled.
SCREENSHOT_DELAY_MS = 300

# The window on screen. View → Language replaces it with a new one (same controller); this
# reference keeps the new one alive once the old is gone.
_window: MainWindow | None = None


def current_window() -> MainWindow | None:
    """The main window shown (after a language switch: the replacement)."""
    return _window


def _adopt(window: MainWindow) -> None:
    global _window
    _window = window
    window.sigReplaced.connect(_adopt)


def make_settings() -> QSettings:
    """The one QSettings object of the app: an INI file in the user's config folder."""
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, "explorer"
    )


def make_application() -> QApplication:
    """Return the running QApplication, creating it with the app's name and icon."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(ORGANIZATION)
    app.setWindowIcon(QIcon(str(asset("icons", "bptt-explorer.svg"))))
    configure_pyqtgraph()
    if app.findChild(MainThreadGarbageCollector) is None:
        MainThreadGarbageCollector(app)
    return app


def run_application(
    screenshot: str | None = None,
    size: tuple[int, int] | None = None,
    lesson: str | None = None,
    start_screen: bool = False,
    presentation: bool = False,
    language: str | None = None,
) -> int:
    """Open the main window; with ``screenshot``, save it as a PNG and exit instead.

    ``lesson`` opens that lesson (a key such as ``"vanishing"``); otherwise the start screen
    shows when the "show at start" setting is on, except for screenshots, which show the
    explorer unless ``start_screen``. ``presentation`` starts in presentation mode (for a
    screenshot: at the window's size rather than full screen). ``language`` ("en", "zh_CN",
    "zh_TW") overrides the one chosen in View → Language for this start only.
    """
    app = make_application()
    install_excepthook()
    settings = make_settings()
    # Translators go in before any widget exists: widgets read their texts when built.
    language = install_language(language or saved_language(settings))
    # A screenshot is a reproducible picture: it neither reads nor changes the saved geometry.
    window = MainWindow(settings, remember_geometry=screenshot is None, language=language)
    _adopt(window)
    if screenshot is None:
        window.restoreSettings(settings)
    if size is not None:
        window.resize(*size)
    if screenshot is None:
        window.startUp(lesson, start_screen=True if start_screen else None)
    else:
        window.startUp(lesson, start_screen=start_screen)
    window.show()
    # What is alive once the window is up lives as long as the app: full collections
    # need not look at it again (see gc_guard).
    QTimer.singleShot(0, freeze_start_up)
    if presentation:
        window.setPresentation(True, full_screen=screenshot is None)
    if screenshot is None:
        code = app.exec()
        return code
    return _screenshot_and_quit(app, Path(screenshot))


def _screenshot_and_quit(app: QApplication, path: Path) -> int:
    result = {"code": 0}

    def grab() -> None:
        window = current_window()
        try:
            save_widget_png(window, path)
        except FileWriteError as exc:
            print(f"bptt-explorer: {exc}", file=sys.stderr)
            result["code"] = 2
        window.close()
        app.quit()

    QTimer.singleShot(SCREENSHOT_DELAY_MS, grab)
    app.exec()
    return result["code"]
