"""Show uncaught exceptions in a dialog instead of a silent, dead window."""

from __future__ import annotations

import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox


def format_exception(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    """The full traceback text, for the dialog's details and for stderr."""
    return "".join(traceback.format_exception(exc_type, exc, tb))


def _show_exception(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    details = format_exception(exc_type, exc, tb)
    sys.stderr.write(details)
    if QApplication.instance() is None:
        return
    from explorer.ui.i18n import tr

    box = QMessageBox(
        QMessageBox.Icon.Critical,
        tr("Unexpected error"),
        tr("Something went wrong: {error}").format(error=exc),
    )
    box.setInformativeText(tr("The app keeps running. Please report this with the details below."))
    box.setDetailedText(details)
    box.exec()


def install_excepthook() -> None:
    """Route uncaught exceptions to an error dialog (KeyboardInterrupt still quits)."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        _show_exception(exc_type, exc, tb)

    sys.excepthook = hook
