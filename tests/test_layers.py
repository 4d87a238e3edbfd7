"""The engine, the tasks and the session core never load Qt (data flows engine → session → ui)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

CHECK = textwrap.dedent(
    """
    import sys
    import explorer.engine, explorer.tasks, explorer.session
    {extra}
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "pyqtgraph", "shiboken6"))
    print(",".join(loaded))
    """
)


def loaded_qt_modules(extra: str = "") -> str:
    result = subprocess.run(
        [sys.executable, "-c", CHECK.format(extra=extra)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_core_packages_import_no_qt():
    assert loaded_qt_modules() == ""


def test_app_module_imports_no_qt_before_the_window_is_needed():
    # --help and --version must work on a machine without Qt's system libraries.
    assert loaded_qt_modules("import explorer.app, explorer.atomic_file, explorer.paths") == ""
