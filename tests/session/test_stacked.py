"""Stacked and bidirectional models in the session: config, snapshots, replay, files,
cost and the headless command."""

from __future__ import annotations

import json
import tracemalloc
import zipfile

import numpy as np
import pytest

from explorer.cli import main
from explorer.engine.truncation import Truncation
from explorer.session.config import ConfigError, SessionConfig
from explorer.session.cost import estimate_iteration
from explorer.session.export import write_view_npz
from explorer.session.files import load_session, save_session
from explorer.session.session import Session, checks_per_parameter
from tests.session.snapshots import assert_snapshots_equal
from tests.session.test_history import live_records, squeeze_budget

H = 6


@pytest.fixture
def deep_config(small_config):
    """Two bidirectional layers of every cell on the short adding problem."""
    return small_config.with_changes(cells=("rnn", "lstm", "gru"), num_layers=2, bidirectional=True)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"num_layers": 0}, "num_layers: must be between 1 and 4, got 0"),
        ({"num_layers": 5}, "num_layers: must be between 1 and 4, got 5"),
        ({"num_layers": 2.0}, "num_layers: expected an integer"),
        ({"num_layers": True}, "num_layers: expected an integer"),
        ({"bidirectional": 1}, "bidirectional: expected true or false"),
        ({"bidirectional": "yes"}, "bidirectional: expected true or false"),
    ],
)
def test_bad_layer_settings_name_the_field(changes, message):
    with pytest.raises(ConfigError, match=message):
        SessionConfig(**changes)


def test_layer_settings_round_trip_and_old_configs_load(deep_config):
    assert SessionConfig.from_json(deep_config.to_json()) == deep_config
    old = json.loads(SessionConfig().to_json())
    del old["num_layers"], old["bidirectional"]
    loaded = SessionConfig.from_dict(old)
    assert (loaded.num_layers, loaded.bidirectional) == (1, False)


def test_session_builds_the_stacked_models(deep_config):
    session = Session(deep_config)
    for cell, model in session.models.items():
        assert model.num_layers == 2 and model.bidirectional, cell
        assert {"W_hq", "b_q"} <= set(model.params)
        assert {n.split(".")[0] for n in model.params if "." in n} == {"l0", "l0r", "l1", "l1r"}
        assert model.params["W_hq"].shape[0] == 2 * H
    assert {"l0.W_xh", "l1r.W_hh"} <= set(session.models["rnn"].params)
    one = Session(deep_config.with_changes(num_layers=1, bidirectional=False))
    assert "W_xh" in one.models["rnn"].params


def test_snapshot_shows_the_top_layer_and_every_layer(deep_config):
    session = Session(deep_config)
    session.run(2)
    _, records = session.displayed_records()
    for cell, snap in records.items():
        T = snap.T
        assert snap.hidden.shape == snap.grad_hidden.shape == (T, 2 * H), cell
        assert snap.contrib.shape == (T, T) and np.isfinite(snap.contrib).all()
        assert snap.recurrent_name.startswith("l0.") and np.isfinite(snap.spectral_radius)
        assert set(snap.layers) == {"l0", "l0r", "l1", "l1r"}
        top_fwd, top_rev = snap.layers["l1"], snap.layers["l1r"]
        assert top_rev.direction == "reverse" and top_rev.layer == 1
        assert np.array_equal(top_fwd.hidden, snap.hidden[:, :H])
        assert np.array_equal(top_rev.hidden, snap.hidden[:, H:])
        assert np.array_equal(top_rev.grad_hidden, snap.grad_hidden[:, H:])
        assert snap.layers["l0"].hidden.shape == (T, H)
        # The bottom layer's gradient is not the top layer's: depth changes it.
        assert not np.array_equal(snap.layers["l0"].grad_hidden, top_fwd.grad_hidden)
    assert records["lstm"].layers["l0r"].cell_state.shape == (records["lstm"].T, H)
    assert set(records["gru"].layers["l1"].gates) == {"z", "r", "h_tilde"}
    assert records["rnn"].dphi is not None


def test_replay_of_a_stacked_run_is_bitwise(deep_config):
    session = Session(deep_config.with_changes(truncation=Truncation("random", p=0.6)))
    squeeze_budget(session, 4)
    first = live_records(session, 16)
    for iteration in (16, 3, 9, 1, 2):
        replayed = session.record(iteration)
        for cell, snapshot in first[iteration].items():
            assert_snapshots_equal(replayed[cell], snapshot)


def test_file_keeps_the_prefixed_parameters(deep_config, tmp_path):
    session = Session(deep_config)
    session.run(6)
    path = tmp_path / "deep.bptt"
    save_session(session, path)
    with zipfile.ZipFile(path) as archive:
        names = np.load(archive.open("keyframes.npz")).files
    assert "6/rnn/model/l0.W_xh" in names and "6/rnn/model/l1r.W_hh" in names
    loaded = load_session(path)
    assert loaded.config == deep_config
    for iteration in (6, 2):
        want, got = session.record(iteration), loaded.record(iteration)
        for cell in want:
            assert_snapshots_equal(got[cell], want[cell])


def test_sequential_sampling_carries_forward_directions_only(small_config):
    config = small_config.with_changes(
        task="charlm",
        task_params={"corpus": "zen", "seq_len": 8, "sampling": "sequential"},
        cells=("lstm",),
        num_layers=2,
        bidirectional=True,
    )
    session = Session(config)
    first = live_records(session, 4)
    for n in (2, 3, 4):
        now, before = first[n]["lstm"].layers, first[n - 1]["lstm"].layers
        for key in ("l0", "l1"):
            assert np.array_equal(now[key].h0, before[key].hidden[-1]), (n, key)
        for key in ("l0r", "l1r"):
            assert not now[key].h0.any(), "the reverse direction starts each batch from zeros"
    assert len(session.carried["lstm"]) == 8  # (h, c) for 2 layers × 2 directions


def test_cost_estimate_counts_layers_and_directions(small_config):
    base = small_config.with_changes(cells=("lstm",))
    one = estimate_iteration(base)
    deep = estimate_iteration(base.with_changes(num_layers=2))
    both = estimate_iteration(base.with_changes(num_layers=2, bidirectional=True))
    assert one.seconds < deep.seconds < both.seconds
    assert one.memory_bytes < deep.memory_bytes < both.memory_bytes


def test_memory_estimate_covers_a_stacked_iteration():
    cfg = SessionConfig(
        task="adding",
        task_params={"seq_len": 40},
        cells=("lstm",),
        hidden_size=32,
        batch_size=16,
        num_layers=2,
        bidirectional=True,
    )
    session = Session(cfg)
    session.one_iteration()
    tracemalloc.start()
    session.step_forward()
    session.view()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    est = estimate_iteration(cfg).memory_bytes
    assert peak <= est <= 8 * peak, (peak, est)


def test_headless_train_with_layer_options(tmp_path, capsys):
    path = tmp_path / "run.json"
    small = {"task": "adding", "task_params": {"seq_len": 6}, "hidden_size": 5, "batch_size": 4}
    path.write_text(json.dumps(small))
    args = ["train", "--config", str(path), "--iterations", "3", "--csv"]
    assert main([*args, "--num-layers", "2", "--bidirectional"]) == 0
    out, _ = capsys.readouterr()
    assert len(out.strip().splitlines()) == 1 + 3 * 2
    assert main([*args, "--num-layers", "9"]) == 2
    _, err = capsys.readouterr()
    assert "--num-layers: must be between 1 and 4, got 9" in err and "Traceback" not in err


def test_npz_export_holds_every_layer_as_plain_arrays(deep_config, tmp_path):
    session = Session(deep_config)
    session.run(2)
    path = tmp_path / "view.npz"
    write_view_npz(session.view(), path)
    snap = session.view().records["lstm"]
    with np.load(path, allow_pickle=False) as data:
        assert np.array_equal(data["lstm/layers/l1r/hidden"], snap.layers["l1r"].hidden)
        assert np.array_equal(
            data["gru/layers/l0/gates/z"], session.view().records["gru"].layers["l0"].gates["z"]
        )
        assert "lstm/layers/l0/cell_state" in data.files


def test_verify_gradients_and_step_through_on_a_stacked_model(deep_config):
    session = Session(deep_config.with_changes(truncation=Truncation("truncated", k=3)))
    session.run(2)
    assert session.gradcheck("lstm") < 1e-6
    # Four layer-directions: fewer entries per parameter, so the button stays quick.
    assert checks_per_parameter(session.models["lstm"], 20) == 2
    assert checks_per_parameter(Session(small_config_of(deep_config)).models["rnn"], 20) == 20
    session.step_forward()
    assert session.view().records["gru"].layers["l1r"].hidden.shape == (8, H)
    session.finish_pass()
    session.finish_pass()
    session.one_iteration()
    assert session.completed == 3


def small_config_of(config: SessionConfig) -> SessionConfig:
    """The same run with one unidirectional layer."""
    return config.with_changes(num_layers=1, bidirectional=False)
