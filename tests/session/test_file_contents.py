"""Session file contents: every field checked before anything is applied, each refusal named."""

from __future__ import annotations

import io
import json
import os
import zipfile

import numpy as np
import pytest

from explorer.engine.truncation import Truncation
from explorer.session import file_writer
from explorer.session.archive import MANIFEST, manifest_bytes
from explorer.session.files import (
    SessionFileCancelled,
    SessionFileError,
    load_session,
    save_session,
)
from explorer.session.session import Session
from tests.session.snapshots import assert_snapshots_equal


@pytest.fixture
def saved(small_config, tmp_path):
    session = Session(small_config)
    session.run(12)
    path = tmp_path / "run.bptt"
    save_session(session, path)
    return session, path


def rewrite(path, out, change):
    """Copy a session file with members changed by ``change(name, data) -> data | None``.

    The manifest is signed anew, as a careful forger would: what is tested here is the
    validation of the contents, which must hold even when the checksums match.
    """
    with zipfile.ZipFile(path) as src:
        members = {}
        for name in src.namelist():
            if name == MANIFEST:
                continue
            data = change(name, src.read(name))
            if data is not None:
                members[name] = data
    with zipfile.ZipFile(out, "w") as dst:
        dst.writestr(MANIFEST, manifest_bytes(members))
        for name, data in members.items():
            dst.writestr(name, data)
    return out


def edit_json(member, edit):
    def change(name, data):
        if name != member:
            return data
        value = json.loads(data)
        edit(value)
        return json.dumps(value).encode()

    return change


def edit_npz(member, edit):
    def change(name, data):
        if name != member:
            return data
        with np.load(io.BytesIO(data)) as npz:
            arrays = {k: npz[k] for k in npz.files}
        edit(arrays)
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        return buffer.getvalue()

    return change


def _set(key, value):
    return lambda d: d.__setitem__(key, value)


def _last_keyframe_without_lstm(arrays):
    for key in [k for k in arrays if k.startswith("12/lstm/")]:
        del arrays[key]


CASES = [
    (
        "infinite iteration count",
        edit_json("format.json", _set("completed", float("inf"))),
        "completed: expected a whole number",
    ),
    (
        "a list where an object is expected",
        edit_json("format.json", _set("status", [])),
        "status: expected an object",
    ),
    (
        "keyframes listed as an object",
        edit_json("format.json", _set("keyframes", {})),
        "keyframes: expected a list",
    ),
    (
        "a keyframe after the end",
        edit_json("format.json", lambda m: m["keyframes"][-1].__setitem__("iteration", 13)),
        "keyframe iteration",
    ),
    (
        "no keyframe at the end",
        edit_json("format.json", lambda m: m.__setitem__("keyframes", m["keyframes"][:-1])),
        "no keyframe at the end",
    ),
    (
        "a broken generator state",
        edit_json("format.json", lambda m: m["keyframes"][0].__setitem__("data_rng", {"state": 1})),
        "not a valid generator state",
    ),
    (
        "a status for a model not trained",
        edit_json("format.json", _set("status", {"gru": [3, "x", None]})),
        "does not train",
    ),
    (
        "a damaged resume point: one model missing at the end",
        edit_npz("keyframes.npz", _last_keyframe_without_lstm),
        "missing 12/lstm/",
    ),
    (
        "weights shaped for another model",
        edit_npz("keyframes.npz", lambda a: a.__setitem__("12/rnn/model/W_hh", np.zeros((7, 7)))),
        r"12/rnn/model/W_hh has shape \(7, 7\)",
    ),
    (
        "non-finite weights of a training model",
        edit_npz("keyframes.npz", lambda a: a["12/rnn/model/W_hh"].__setitem__((0, 0), np.nan)),
        "not finite",
    ),
    (
        "curves of another length",
        edit_npz("curves.npz", lambda a: a.__setitem__("rnn/loss", np.zeros(20, np.float32))),
        r"rnn/loss has shape \(20,\)",
    ),
    (
        "curves that skip iterations",
        edit_npz("curves.npz", lambda a: a.__setitem__("lstm/iterations", np.arange(2, 14))),
        "do not count the iterations",
    ),
    (
        "evaluations after the end",
        edit_npz(
            "curves.npz", lambda a: a.__setitem__("rnn/metric_iterations", np.array([1, 5, 99]))
        ),
        "evaluations outside the run",
    ),
    (
        "text where numbers belong",
        edit_npz("keyframes.npz", lambda a: a.__setitem__("12/rnn/optim/lr", np.array("fast"))),
        "12/rnn/optim/lr holds",
    ),
    ("deeply nested JSON", lambda n, d: d if n != "format.json" else b"[" * 100_000, "damaged"),
]


@pytest.mark.parametrize(("what", "change", "message"), CASES, ids=[c[0] for c in CASES])
def test_a_damaged_field_is_named_and_nothing_is_applied(saved, tmp_path, what, change, message):
    session, path = saved
    before = session.view()
    broken = rewrite(path, tmp_path / "broken.bptt", change)
    with pytest.raises(SessionFileError, match=message) as info:
        load_session(broken)
    assert str(broken) in str(info.value)
    assert session.view().completed == before.completed == 12


def test_an_unknown_setting_says_a_newer_version_wrote_the_file(saved, tmp_path):
    _, path = saved
    newer = rewrite(path, tmp_path / "newer.bptt", edit_json("config.json", _set("dropout", 0.1)))
    with pytest.raises(SessionFileError, match=r"newer version of BPTT Explorer.*dropout"):
        load_session(newer)


def test_a_file_with_the_flat_truncation_keys_of_older_versions_loads(saved, tmp_path):
    session, path = saved
    truncation = session.config.truncation

    def flatten(config):
        # as written before the truncation was one object: three keys side by side
        del config["truncation"]
        config.update(truncation=truncation.kind, truncation_k=truncation.k, truncation_p=0.25)

    old = rewrite(path, tmp_path / "flat.bptt", edit_json("config.json", flatten))
    loaded = load_session(old)
    assert loaded.config.truncation == Truncation(truncation.kind, k=truncation.k, p=0.25)
    assert loaded.config.with_changes(truncation=truncation) == session.config
    assert loaded.completed == session.completed == 12


def test_a_file_from_the_first_format_is_refused_with_its_version(saved, tmp_path):
    _, path = saved
    old = rewrite(path, tmp_path / "old.bptt", edit_json("format.json", _set("version", 1)))
    with pytest.raises(SessionFileError, match="version 1 is not supported"):
        load_session(old)


def test_only_regular_files_are_read(tmp_path):
    fifo = tmp_path / "pipe.bptt"
    os.mkfifo(fifo)
    with pytest.raises(SessionFileError, match=r"not a (regular )?file"):
        load_session(fifo)  # would block forever if opened
    with pytest.raises(SessionFileError, match=r"not a (regular )?file"):
        load_session("/dev/zero")


def test_saving_over_something_that_is_not_a_file_is_refused(saved, tmp_path):
    session, _ = saved
    folder = tmp_path / "folder.bptt"
    folder.mkdir()
    with pytest.raises(SessionFileError, match=r"not a (regular )?file"):
        save_session(session, folder)


def test_progress_rises_to_one_and_cancel_leaves_no_file(saved, tmp_path):
    session, path = saved
    seen: list[float] = []
    save_session(session, tmp_path / "a.bptt", progress=seen.append)
    assert seen[-1] == 1.0 and seen == sorted(seen) and len(seen) >= 4
    calls = iter(range(100))
    with pytest.raises(SessionFileCancelled):
        save_session(session, tmp_path / "b.bptt", cancelled=lambda: next(calls) >= 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.bptt", "run.bptt"]
    loaded: list[float] = []
    load_session(path, progress=loaded.append)
    assert loaded[-1] == 1.0 and loaded == sorted(loaded)
    with pytest.raises(SessionFileCancelled):
        load_session(path, cancelled=lambda: True)


def test_a_file_keeps_few_keyframes_yet_every_iteration_comes_back_bitwise(
    random_file_config, tmp_path, monkeypatch
):
    session = Session(random_file_config)
    session.run(30)
    frame = session.history.genesis.nbytes()
    monkeypatch.setattr(file_writer, "FILE_KEYFRAME_BYTES", 4 * frame)
    path = tmp_path / "sparse.bptt"
    save_session(session, path)
    loaded = load_session(path)
    held = loaded.history.keyframe_iterations()
    assert len(held) <= 4 and held[-1] == 30
    for iteration in (30, 1, 17, 16, 18, 29, 2):
        want, got = session.record(iteration), loaded.record(iteration)
        assert want.keys() == got.keys()
        for cell, snapshot in want.items():
            assert_snapshots_equal(got[cell], snapshot)
    assert len(loaded.history.keyframe_iterations()) > len(held), "dense ones come back"
    session.run(5)
    loaded.run(5)
    for cell in session.cells:
        np.testing.assert_array_equal(
            loaded.curves[cell].freeze().loss, session.curves[cell].freeze().loss
        )


@pytest.fixture
def random_file_config(small_config):
    return small_config.with_changes(truncation=Truncation("random"), optimizer="momentum")
