"""Scene bookmarks: named views of a lecture (lesson card, iteration, cursor, tab, zoom,
ghosts) that a presenter saves under a number and jumps back to.

Pure data with strict parsing: session files carry them (``files.py``), so every field is
checked for type and range before one is used, and a bad entry is named in the message.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from explorer.session.ghosts import GHOST_NAMES, MAX_GHOSTS

SLOTS = range(1, 10)  # the keys 1 … 9
MAX_NAME = 120
MAX_CURSOR = 1_000_000
MAX_CARD = 10_000
PHASES = ("idle", "forward", "loss", "backward", "update")
TABS = ("gradient", "hidden", "weights", "curves", "task")
ZOOM_RANGE = (0.01, 100.0)
LESSON_KEY = re.compile(r"[A-Za-z0-9_.-]{1,80}")


class BookmarkError(ValueError):
    """A bookmark entry is malformed; the text names the entry and the field."""


@dataclass(frozen=True)
class Bookmark:
    """One saved scene.

    ``slot`` is its key (1 … 9); ``iteration`` the displayed iteration, ``phase`` and
    ``cursor`` how far it was revealed, ``t`` the selected time step; ``tab`` the view in
    front; ``zoom`` the graph's scale; ``lesson`` and ``card`` (0-based) the lesson card shown,
    or None and 0; ``ghosts`` the names of the ghosts pinned then.
    """

    slot: int
    name: str
    iteration: int
    phase: str = "idle"
    cursor: int = 0
    t: int = 1
    tab: str = "gradient"
    zoom: float = 1.0
    lesson: str | None = None
    card: int = 0
    ghosts: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict of every field."""
        out = asdict(self)
        out["ghosts"] = list(self.ghosts)
        return out


def bookmarks_to_json(bookmarks: Iterable[Bookmark]) -> list[dict[str, Any]]:
    """The bookmarks as a JSON-able list, by slot."""
    return [b.to_dict() for b in sorted(bookmarks, key=lambda b: b.slot)]


def parse_bookmarks(value: Any, completed: int) -> tuple[Bookmark, ...]:
    """The bookmarks in ``value`` (a list of objects, as ``bookmarks_to_json`` writes),
    checked against a run of ``completed`` iterations (a scene may show the iteration after
    them, being stepped through); ``BookmarkError`` names a bad one."""
    if not isinstance(value, list):
        raise BookmarkError(f"expected a list of bookmarks, got {type(value).__name__}")
    if len(value) > len(SLOTS):
        raise BookmarkError(f"at most {len(SLOTS)} bookmarks, got {len(value)}")
    out: list[Bookmark] = []
    for i, entry in enumerate(value):
        mark = _parse_one(entry, f"bookmark {i + 1}", completed)
        if any(b.slot == mark.slot for b in out):
            raise BookmarkError(f"bookmark {i + 1}: slot {mark.slot} is used twice")
        out.append(mark)
    return tuple(sorted(out, key=lambda b: b.slot))


def _parse_one(entry: Any, where: str, completed: int) -> Bookmark:
    if not isinstance(entry, dict):
        raise BookmarkError(f"{where}: expected an object, got {type(entry).__name__}")
    known = set(Bookmark.__dataclass_fields__)
    unknown = sorted(str(k) for k in entry if k not in known)
    if unknown:
        raise BookmarkError(f"{where}: unknown fields {', '.join(unknown)[:100]}")
    for name in ("slot", "name", "iteration"):
        if name not in entry:
            raise BookmarkError(f"{where}: missing {name}")
    name = entry["name"]
    if not isinstance(name, str) or not 0 < len(name.strip()) <= MAX_NAME:
        raise BookmarkError(f"{where}: name must be a text of 1 to {MAX_NAME} characters")
    if any(ord(c) < 32 for c in name):
        raise BookmarkError(f"{where}: name holds control characters")
    lesson = entry.get("lesson")
    if lesson is not None and (not isinstance(lesson, str) or not LESSON_KEY.fullmatch(lesson)):
        raise BookmarkError(f"{where}: lesson must be a lesson key or null, got {lesson!r:.40}")
    ghosts = entry.get("ghosts", [])
    if (
        not isinstance(ghosts, list)
        or len(ghosts) > MAX_GHOSTS
        or any(g not in GHOST_NAMES for g in ghosts)
        or len(set(ghosts)) != len(ghosts)
    ):
        raise BookmarkError(f"{where}: ghosts must list distinct names of {', '.join(GHOST_NAMES)}")
    return Bookmark(
        slot=_int(entry["slot"], f"{where} slot", SLOTS.start, SLOTS.stop - 1),
        name=name.strip(),
        iteration=_int(entry["iteration"], f"{where} iteration", 0, completed + 1),
        phase=_choice(entry.get("phase", "idle"), f"{where} phase", PHASES),
        cursor=_int(entry.get("cursor", 0), f"{where} cursor", 0, MAX_CURSOR),
        t=_int(entry.get("t", 1), f"{where} t", 1, MAX_CURSOR),
        tab=_choice(entry.get("tab", "gradient"), f"{where} tab", TABS),
        zoom=_zoom(entry.get("zoom", 1.0), f"{where} zoom"),
        lesson=lesson,
        card=_int(entry.get("card", 0), f"{where} card", 0, MAX_CARD),
        ghosts=tuple(ghosts),
    )


def _int(value: Any, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise BookmarkError(
            f"{name}: expected a whole number from {low} to {high}, got {value!r:.40}"
        )
    return value


def _choice(value: Any, name: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise BookmarkError(f"{name}: expected one of {', '.join(choices)}, got {value!r:.40}")
    return value


def _zoom(value: Any, name: str) -> float:
    low, high = ZOOM_RANGE
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or not low <= value <= high
    ):
        raise BookmarkError(f"{name}: expected a number from {low} to {high}, got {value!r:.40}")
    return float(value)


class BookmarkShelf:
    """The saved scenes by slot; listeners hear of every change."""

    def __init__(self) -> None:
        self._marks: dict[int, Bookmark] = {}
        self._listeners: list[Callable[[], None]] = []

    @property
    def bookmarks(self) -> tuple[Bookmark, ...]:
        """The scenes, by slot."""
        return tuple(self._marks[k] for k in sorted(self._marks))

    def get(self, slot: int) -> Bookmark | None:
        """The scene saved under ``slot``, or None."""
        return self._marks.get(slot)

    def free_slot(self) -> int | None:
        """The lowest slot with no scene, or None when all nine are used."""
        return next((s for s in SLOTS if s not in self._marks), None)

    def put(self, mark: Bookmark) -> None:
        """Save ``mark`` under its slot (replacing the scene there)."""
        if mark.slot not in SLOTS:
            raise BookmarkError(f"slot must be 1 to 9, got {mark.slot}")
        self._marks[mark.slot] = mark
        self._changed()

    def replace_all(self, marks: Iterable[Bookmark]) -> None:
        """Hold exactly ``marks`` (e.g. those of a session file just opened)."""
        self._marks = {m.slot: m for m in marks}
        self._changed()

    def clear(self) -> None:
        """Forget every scene."""
        if self._marks:
            self._marks = {}
            self._changed()

    def add_listener(self, listener: Callable[[], None]) -> None:
        """Call ``listener()`` after every change."""
        self._listeners.append(listener)

    def remove_listener(self, listener: Callable[[], None]) -> None:
        """Stop calling ``listener``."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _changed(self) -> None:
        for listener in list(self._listeners):
            listener()
