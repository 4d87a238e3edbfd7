"""Print the README's keyboard-shortcut table: ``python -m explorer.ui.shortcut_table``.

Kept apart from ``explorer.ui.shortcuts`` because it builds a whole main window, which
itself uses that module for Help → Keyboard shortcuts.
"""

from __future__ import annotations

import os
import tempfile


def main() -> None:
    """Print the shortcut table of the English window as Markdown."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from explorer.ui.application import make_application
    from explorer.ui.main_window import MainWindow
    from explorer.ui.shortcuts import shortcut_rows, shortcuts_markdown

    app = make_application()
    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(os.path.join(folder, "s.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings, remember_geometry=False, language="en")
        print(shortcuts_markdown(shortcut_rows(window)))
        window.close()
    del app


if __name__ == "__main__":
    main()
