"""Session files: round trip, atomic writes, and every way a file can be broken."""

from __future__ import annotations

import io
import json
import zipfile

import numpy as np
import pytest

from explorer.session.archive import MANIFEST, manifest_bytes
from explorer.session.files import SessionFileError, load_session, save_session
from explorer.session.session import Session
from tests.session.snapshots import assert_snapshots_equal


@pytest.fixture
def trained(small_config) -> Session:
    session = Session(small_config)
    session.run(11)
    return session


def test_round_trip_restores_weights_curves_history_and_continuation(trained, tmp_path):
    path = tmp_path / "run.bptt"
    save_session(trained, path)
    loaded = load_session(path)
    assert loaded.config == trained.config
    assert loaded.completed == 11
    assert loaded.history.iterations() == trained.history.iterations()
    for cell in trained.cells:
        for name, value in trained.models[cell].params.items():
            np.testing.assert_array_equal(loaded.models[cell].params[name], value)
        np.testing.assert_array_equal(
            loaded.view().curves[cell].loss, trained.view().curves[cell].loss
        )
    for iteration in range(1, 12):
        past, before = loaded.record(iteration), trained.record(iteration)
        assert set(past) == set(before)
        for cell, snap in before.items():
            assert_snapshots_equal(past[cell], snap)
    trained.run(4)
    loaded.run(4)
    for cell in trained.cells:
        np.testing.assert_array_equal(
            loaded.view().curves[cell].loss, trained.view().curves[cell].loss
        )
    loaded.resume_from(5)  # resume points survive the file too
    assert loaded.completed == 5


def test_history_is_optional(trained, tmp_path):
    path = tmp_path / "small.bptt"
    save_session(trained, path, include_history=False)
    loaded = load_session(path)
    assert loaded.history.keyframe_iterations() == [11] and loaded.completed == 11
    for cell, snap in trained.record(4).items():
        assert_snapshots_equal(loaded.record(4)[cell], snap)  # replayed from the start
    full = tmp_path / "full.bptt"
    save_session(trained, full)
    assert path.stat().st_size < full.stat().st_size


def test_diverged_status_survives(trained, tmp_path):
    trained.models["rnn"].params["W_hq"][...] = 1e300
    trained.run(1)
    path = tmp_path / "d.bptt"
    save_session(trained, path)
    status = load_session(path).status["rnn"]
    assert status.diverged and status.diverged_at == 12
    assert status.message == trained.status["rnn"].message


def test_unwritable_path_is_a_clear_error_and_leaves_no_file(trained, tmp_path):
    with pytest.raises(SessionFileError, match="does not exist"):
        save_session(trained, tmp_path / "missing" / "run.bptt")
    assert list(tmp_path.iterdir()) == []


def test_failed_save_keeps_the_old_file(trained, tmp_path, monkeypatch):
    path = tmp_path / "run.bptt"
    save_session(trained, path)
    before = path.read_bytes()

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", boom)
    with pytest.raises(SessionFileError, match="disk full"):
        save_session(trained, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["run.bptt"]


def _rewrite(path, tmp_path, change):
    """Copy the session file with one member changed by ``change(name, data) -> data``."""
    out = tmp_path / "changed.bptt"
    members = {}
    with zipfile.ZipFile(path) as src:
        for name in src.namelist():
            data = change(name, src.read(name)) if name != MANIFEST else None
            if data is not None:
                members[name] = data
    # Signed again, so the content checks behind the checksum are what is tested.
    with zipfile.ZipFile(out, "w") as dst:
        dst.writestr(MANIFEST, manifest_bytes(members))
        for name, data in members.items():
            dst.writestr(name, data)
    return out


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda n, d: d if n != "config.json" else None, r"missing config\.json"),
        (lambda n, d: d if n != "keyframes.npz" else b"garbage", "damaged"),
        (
            lambda n, d: d if n != "format.json" else json.dumps({"format": "x"}).encode(),
            "not a BPTT Explorer session file",
        ),
        (
            lambda n, d: d if n != "format.json" else d.replace(b'"version": 2', b'"version": 99'),
            "written by a newer version",
        ),
        (
            lambda n, d: (
                d if n != "config.json" else d.replace(b'"hidden_size": 6', b'"hidden_size": -6')
            ),
            "configuration is invalid: hidden_size",
        ),
        (lambda n, d: d if n != "format.json" else b"{not json", "damaged"),
        (
            lambda n, d: d if n != "config.json" else d.replace(b"{", b'{"future_field": 1,', 1),
            "written by a newer version of BPTT Explorer",
        ),
    ],
)
def test_broken_members_are_named(trained, tmp_path, change, message):
    path = tmp_path / "run.bptt"
    save_session(trained, path)
    broken = _rewrite(path, tmp_path, change)
    with pytest.raises(SessionFileError, match=message) as info:
        load_session(broken)
    assert str(broken) in str(info.value)


def test_pickled_arrays_are_refused(trained, tmp_path):
    path = tmp_path / "run.bptt"
    save_session(trained, path)

    def pickled(name, data):
        if name != "keyframes.npz":
            return data
        buffer = io.BytesIO()
        np.savez(buffer, evil=np.array([object()], dtype=object))
        return buffer.getvalue()

    with pytest.raises(SessionFileError, match="damaged"):
        load_session(_rewrite(path, tmp_path, pickled))


def test_missing_folder_and_foreign_files(tmp_path):
    with pytest.raises(SessionFileError, match="no such file"):
        load_session(tmp_path / "nope.bptt")
    with pytest.raises(SessionFileError, match="is a folder"):
        load_session(tmp_path)
    text = tmp_path / "notes.bptt"
    text.write_text("hello")
    with pytest.raises(SessionFileError, match="not a zip archive"):
        load_session(text)
    foreign = tmp_path / "other.bptt"
    with zipfile.ZipFile(foreign, "w") as zf:
        zf.writestr("readme.txt", "hi")
    with pytest.raises(SessionFileError, match=r"missing format\.json"):
        load_session(foreign)


def test_a_file_cut_anywhere_is_refused_cleanly(trained, tmp_path):
    path = tmp_path / "run.bptt"
    save_session(trained, path, include_history=False)
    data = path.read_bytes()
    cut = tmp_path / "cut.bptt"
    step = max(1, len(data) // 150)
    for length in range(0, len(data) - 1, step):
        cut.write_bytes(data[:length])
        with pytest.raises(SessionFileError) as info:
            load_session(cut)
        assert str(cut) in str(info.value)
