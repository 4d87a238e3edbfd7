"""Training state between the engine and the window: config, runs, history, files.

Pure Python and NumPy; ``controller.py`` alone imports Qt (QtCore) and is not imported here.
"""

from explorer.session.config import ConfigError, SessionConfig
from explorer.session.files import (
    SessionFileCancelled,
    SessionFileError,
    load_session,
    save_session,
)
from explorer.session.replay import ReplayCancelled
from explorer.session.session import Session
from explorer.session.snapshot import (
    ModelSnapshot,
    ModelStatus,
    Phase,
    SessionEvent,
    SessionView,
)

__all__ = [
    "ConfigError",
    "ModelSnapshot",
    "ModelStatus",
    "Phase",
    "ReplayCancelled",
    "Session",
    "SessionConfig",
    "SessionEvent",
    "SessionFileCancelled",
    "SessionFileError",
    "SessionView",
    "load_session",
    "save_session",
]
