"""Atomic writes: the old file survives a failure, no temporary file is left behind."""

from __future__ import annotations

import pytest

from explorer.atomic_file import FileWriteError, atomic_path, atomic_write_text


def test_writes_and_replaces(tmp_path):
    target = tmp_path / "a.txt"
    atomic_write_text(target, "one")
    atomic_write_text(target, "two")
    assert target.read_text() == "two"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_failure_keeps_the_old_file(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("precious")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("disk on fire")
    assert target.read_text() == "precious"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FileWriteError, match="does not exist"):
        atomic_write_text(tmp_path / "missing" / "a.txt", "x")


def test_new_files_get_ordinary_permissions_and_old_ones_keep_theirs(tmp_path):
    import os
    import stat

    fresh = tmp_path / "fresh.txt"
    atomic_write_text(fresh, "x")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~mask
    kept = tmp_path / "kept.txt"
    kept.write_text("old")
    kept.chmod(0o640)
    atomic_write_text(kept, "new")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
