"""Scene bookmarks: kept by slot, stored in session files, every field checked on reading,
and files written before scenes existed still open."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from explorer.session.archive import MANIFEST, manifest_bytes
from explorer.session.bookmarks import (
    Bookmark,
    BookmarkError,
    BookmarkShelf,
    bookmarks_to_json,
    parse_bookmarks,
)
from explorer.session.files import (
    BOOKMARKS_MEMBER,
    SessionFileError,
    load_bookmarks,
    load_session,
    save_session,
)
from explorer.session.session import Session

SCENES = (
    Bookmark(1, "the vanishing gradient", 4, "backward", 3, 3, "gradient", 1.5, "bptt", 2, ("A",)),
    Bookmark(3, "曲线 / 曲線", 5, tab="curves"),
)


@pytest.fixture
def saved(tmp_path, small_config):
    session = Session(small_config)
    session.run(5)
    path = tmp_path / "run.bptt"
    save_session(session, path, bookmarks=SCENES)
    return path


def test_scenes_go_into_the_session_file_and_come_back_equal(saved):
    assert load_bookmarks(saved) == SCENES
    assert load_session(saved).completed == 5


def test_a_file_without_scenes_opens_with_none(tmp_path, small_config):
    session = Session(small_config)
    session.run(2)
    path = tmp_path / "old.bptt"
    save_session(session, path)  # what files looked like before scenes existed
    with zipfile.ZipFile(path) as zf:
        assert BOOKMARKS_MEMBER not in zf.namelist()
    assert load_bookmarks(path) == ()
    assert load_session(path).completed == 2


def _rewrite(path, entries) -> None:
    """``path`` with its bookmarks member replaced by ``entries`` and a matching manifest
    (a file edited on purpose, not one damaged in transit)."""
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist() if n != MANIFEST}
    members[BOOKMARKS_MEMBER] = json.dumps(entries).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(MANIFEST, manifest_bytes(members))
        for name, data in members.items():
            zf.writestr(name, data)
    path.write_bytes(buffer.getvalue())


GOOD = bookmarks_to_json(SCENES)


@pytest.mark.parametrize(
    ("entries", "named"),
    [
        ({"slot": 1}, "expected a list"),
        ([{**GOOD[0], "slot": 10}], "bookmark 1 slot"),
        ([{**GOOD[0], "slot": True}], "bookmark 1 slot"),
        ([GOOD[0], {**GOOD[1], "slot": 1}], "slot 1 is used twice"),
        ([{**GOOD[0], "iteration": 7}], "bookmark 1 iteration"),
        ([{**GOOD[0], "name": ""}], "bookmark 1: name"),
        ([{**GOOD[0], "name": "x" * 500}], "bookmark 1: name"),
        ([{**GOOD[0], "name": "bell\x07"}], "control characters"),
        ([{**GOOD[0], "phase": "sideways"}], "bookmark 1 phase"),
        ([{**GOOD[0], "tab": "../etc"}], "bookmark 1 tab"),
        ([{**GOOD[0], "zoom": 1e9}], "bookmark 1 zoom"),
        ([{**GOOD[0], "zoom": "big"}], "bookmark 1 zoom"),
        ([{**GOOD[0], "lesson": "../../x"}], "bookmark 1: lesson"),
        ([{**GOOD[0], "ghosts": ["A", "A"]}], "bookmark 1: ghosts"),
        ([{**GOOD[0], "ghosts": ["Z"]}], "bookmark 1: ghosts"),
        ([{**GOOD[0], "card": -1}], "bookmark 1 card"),
        ([{**GOOD[0], "script": "rm -rf"}], "unknown fields script"),
        ([{k: v for k, v in GOOD[0].items() if k != "name"}], "missing name"),
        ([GOOD[0]] * 10, "at most 9"),
    ],
)
def test_a_bad_scene_is_named_and_the_file_does_not_open(saved, entries, named):
    _rewrite(saved, entries)
    for read in (load_bookmarks, load_session):
        with pytest.raises(SessionFileError, match="damaged") as caught:
            read(saved)
        assert named in str(caught.value)
        assert "bookmarks.json" in str(caught.value)


def test_parse_accepts_the_iteration_being_stepped_through():
    entry = {**GOOD[1], "iteration": 6}
    assert parse_bookmarks([entry], completed=5)[0].iteration == 6
    with pytest.raises(BookmarkError):
        parse_bookmarks([{**entry, "iteration": 7}], completed=5)


def test_the_shelf_keeps_one_scene_per_slot_and_finds_the_free_one():
    shelf = BookmarkShelf()
    heard = []
    shelf.add_listener(lambda: heard.append(len(shelf.bookmarks)))
    assert shelf.free_slot() == 1
    shelf.put(SCENES[0])
    shelf.put(SCENES[1])
    assert shelf.free_slot() == 2
    shelf.put(Bookmark(1, "again", 0))
    assert shelf.get(1).name == "again" and len(shelf.bookmarks) == 2
    with pytest.raises(BookmarkError):
        shelf.put(Bookmark(0, "zero", 0))
    shelf.clear()
    assert shelf.bookmarks == () and heard == [1, 2, 2, 0]
