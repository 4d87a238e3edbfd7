"""Session files (``.bptt``): settings, keyframes and curves in a zip, written atomically.

Layout of the zip (format version 2)::

    format.json     {"format": "bptt-explorer-session", "version": 2, "completed": N,
                     "status": {...}, "keyframes": [{"iteration": n, "data_rng": {...},
                     "stream": {"seed": s, "position": p}}, ...]}  (stream: sequential
                     sampling only)
    config.json     the SessionConfig
    keyframes.npz   "<n>/<cell>/model/<name>" and "<n>/<cell>/optim/<key>": the state right
                    after iteration n (the last keyframe is the end of the run); with
                    sequential sampling also "<n>/<cell>/carried/<i>", the (B, H) arrays of
                    the state carried into the next batch (``carry.py``)
    curves.npz      "<cell>/<series>" per-iteration scalars (float32) and the evaluations
    bookmarks.json  the presenter's saved scenes (``bookmarks.py``), a list of objects;
                    optional: files written before scenes existed have none

A file holds no per-iteration display data: every iteration is recomputed from the
keyframes on demand, as in memory. It holds fewer keyframes than memory does (a few MB at
most); the dense ones come back as the run is replayed after opening.

Reading checks every field's type, range and shape against the configuration before the
session is built, so a bad file changes nothing and is named in a clear message. Arrays
are read with ``allow_pickle=False``: a file can never run code. The container (zip members,
their checksums and size bounds, atomic writing) is ``explorer.session.archive``.
"""

from explorer.session.archive import SessionFileCancelled, SessionFileError
from explorer.session.file_bookmarks import load_bookmarks
from explorer.session.file_format import BOOKMARKS_MEMBER, FORMAT_NAME, FORMAT_VERSION, SUFFIX
from explorer.session.file_reader import load_session
from explorer.session.file_writer import FILE_KEYFRAME_BYTES, save_session

__all__ = [
    "BOOKMARKS_MEMBER",
    "FILE_KEYFRAME_BYTES",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "SUFFIX",
    "SessionFileCancelled",
    "SessionFileError",
    "load_bookmarks",
    "load_session",
    "save_session",
]
