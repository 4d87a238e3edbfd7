"""Suite-wide set-up: Qt offscreen, isolated settings, and no leaked threads or timers."""

from __future__ import annotations

import os
import tempfile

# Before any QApplication exists: no display is needed, and the user's own settings and
# fonts cache are never touched by the tests.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_CONFIG_DIR = tempfile.mkdtemp(prefix="bptt-explorer-test-config-")
os.environ["XDG_CONFIG_HOME"] = _CONFIG_DIR
