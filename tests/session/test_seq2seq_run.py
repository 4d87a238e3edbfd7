"""Encoder–decoder and output-recurrent runs in the session: config, snapshots, exact
replay (the teacher-forcing coin flips included), files, gradient checks and the headless
command."""

from __future__ import annotations

import json

import numpy as np
import pytest

from explorer.cli import main
from explorer.engine.truncation import Truncation
from explorer.session.config import ConfigError, SessionConfig
from explorer.session.files import load_session, save_session
from explorer.session.output_recurrence_run import OutputRecurrenceSnapshot
from explorer.session.seq2seq_run import Seq2SeqSnapshot
from explorer.session.session import Session
from explorer.tasks import make_task
from explorer.tasks.seq2seq_session import split_batch, unified_batch
from tests.session.snapshots import assert_snapshots_equal
from tests.session.test_history import live_records, squeeze_budget

H = 6


@pytest.fixture
def seq2seq_config() -> SessionConfig:
    """Short reversals, two cells, half the decoder steps fed their own prediction."""
    return SessionConfig(
        task="reverse",
        task_params={"min_length": 2, "max_length": 4, "n_symbols": 4},
        cells=("gru", "lstm"),
        hidden_size=H,
        batch_size=4,
        eval_every=5,
        teacher_forcing=0.5,
        seed=3,
    )


@pytest.fixture
def recurrence_config() -> SessionConfig:
    """The output-recurrent network on the synchronous pattern, free running."""
    return SessionConfig(
        task="patterns",
        task_params={"pattern": "synchronous", "length": 5},
        cells=("rnn",),
        hidden_size=H,
        batch_size=4,
        eval_every=5,
        output_recurrence=True,
        teacher_forcing=0.0,
        seed=3,
    )


def test_the_batch_layout_splits_back_into_source_and_target():
    task = make_task("reverse", min_length=1, max_length=5)
    inner = task.inner.batch(6, np.random.default_rng(0))
    X, Y, mask = unified_batch(inner)
    S, U = inner.src.shape[0], inner.tgt.shape[0]
    assert X.shape == Y.shape == mask.shape == (S + U, 6)
    assert not mask[:S].any() and mask[S].all()
    back = split_batch(X, Y, mask)
    for got, want in zip(back.arrays(), inner.arrays(), strict=True):
        assert np.array_equal(got, want)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"teacher_forcing": 1.5}, "teacher_forcing: must be between 0 and 1, got 1.5"),
        ({"output_recurrence": 1}, "output_recurrence: expected true or false"),
        ({"output_recurrence": True, "cells": ["lstm"]}, "vanilla RNN; set cells to"),
        ({"output_recurrence": True, "cells": ["rnn"], "num_layers": 2}, "one forward layer"),
        (
            {"output_recurrence": True, "cells": ["rnn"], "teacher_forcing": 0.5},
            "teacher_forcing: an output-recurrent network is trained with teacher forcing on",
        ),
    ],
)
def test_bad_settings_name_the_field(changes, message):
    with pytest.raises(ConfigError, match=message):
        SessionConfig(**changes)


def test_settings_the_models_cannot_take_are_refused(seq2seq_config):
    # Refused by the configuration itself: the settings panel, lessons, files and the
    # command line all get the message before any run is built.
    with pytest.raises(ConfigError, match="truncation: an encoder–decoder is trained with full"):
        seq2seq_config.with_changes(truncation=Truncation("truncated"))
    with pytest.raises(ConfigError, match="a sequence-to-sequence task trains an encoder"):
        SessionConfig(task="copy", cells=("rnn",), output_recurrence=True)
    with pytest.raises(ConfigError, match="choose random sampling"):
        SessionConfig(
            task="charlm",
            task_params={"corpus": "zen", "seq_len": 8, "sampling": "sequential"},
            cells=("rnn",),
            output_recurrence=True,
        )


def test_new_fields_round_trip_and_old_configs_load(seq2seq_config):
    assert SessionConfig.from_json(seq2seq_config.to_json()) == seq2seq_config
    old = json.loads(SessionConfig().to_json())
    del old["teacher_forcing"], old["output_recurrence"]
    loaded = SessionConfig.from_dict(old)
    assert (loaded.teacher_forcing, loaded.output_recurrence) == (1.0, False)


def test_seq2seq_snapshot_lays_encoder_then_decoder_on_one_axis(seq2seq_config):
    session = Session(seq2seq_config)
    session.run(5)  # an evaluation point
    view = session.view()
    for cell, snap in view.records.items():
        assert isinstance(snap, Seq2SeqSnapshot), cell
        S = snap.source_steps
        U = len(snap.teacher)
        assert snap.T == S + U == view.T
        assert snap.hidden.shape == snap.grad_hidden.shape == (S + U, H)
        assert np.array_equal(snap.grad_hidden[:S], snap.encoder_grad_hidden)
        assert np.array_equal(snap.grad_hidden[S:], snap.decoder_grad_hidden)
        # Every decoder loss reaches the encoder through the context.
        assert (snap.grad_hidden_norm[:S] > 0).all() and snap.context_grad_norm > 0
        assert not snap.step_losses[:S].any() and snap.step_losses.sum() == pytest.approx(snap.loss)
        assert snap.teacher[0] and snap.fed_tokens[0] == 1  # <bos>
        assert snap.contrib.shape == (S + U, S + U) and np.isfinite(snap.contrib).all()
        assert np.isfinite(snap.spectral_radius) and snap.recurrent_name.startswith("enc.")
        assert set(snap.metrics) >= {"exact_match", "teacher_forced_accuracy"}
    assert view.records["lstm"].cell_state.shape == (view.T, H)


@pytest.mark.parametrize(("ratio", "fed_truth"), [(1.0, "all"), (0.0, "first")])
def test_the_ratio_decides_which_token_is_fed(seq2seq_config, ratio, fed_truth):
    session = Session(seq2seq_config.with_changes(teacher_forcing=ratio))
    session.run(1)
    snap = session.view().records["gru"]
    if fed_truth == "all":
        assert snap.teacher.all()
        S = snap.source_steps
        assert np.array_equal(snap.fed_tokens[1:], snap.targets[S:-1])
    else:
        assert snap.teacher[0] and not snap.teacher[1:].any()
        assert np.array_equal(snap.fed_tokens[1:], snap.predictions[:-1])


def test_replay_of_a_seq2seq_run_flips_the_same_coins(seq2seq_config):
    session = Session(seq2seq_config)
    squeeze_budget(session, 4)
    first = live_records(session, 16)
    flips = {i: first[i]["gru"].teacher for i in first}
    assert any(f[1:].any() and not f[1:].all() for f in flips.values()), "r = 0.5 mixes"
    for iteration in (16, 3, 9, 1, 2):
        replayed = session.record(iteration)
        for cell, snapshot in first[iteration].items():
            assert_snapshots_equal(replayed[cell], snapshot)


def test_replay_of_an_output_recurrent_run_is_bitwise(recurrence_config):
    session = Session(recurrence_config.with_changes(truncation=Truncation("random", p=0.6)))
    squeeze_budget(session, 4)
    first = live_records(session, 12)
    for iteration in (12, 2, 7):
        assert_snapshots_equal(session.record(iteration)["rnn"], first[iteration]["rnn"])


@pytest.mark.parametrize("which", ["seq2seq", "recurrence"])
def test_files_save_and_open_the_new_runs(seq2seq_config, recurrence_config, tmp_path, which):
    config = seq2seq_config if which == "seq2seq" else recurrence_config
    session = Session(config)
    session.run(6)
    path = tmp_path / "run.bptt"
    save_session(session, path)
    loaded = load_session(path)
    assert loaded.config == config
    for iteration in (6, 2):
        want, got = session.record(iteration), loaded.record(iteration)
        for cell in want:
            assert_snapshots_equal(got[cell], want[cell])
    # Training on continues exactly as the first run does, coin flips included.
    session.run(2)
    loaded.run(2)
    for cell in config.cells:
        assert (
            loaded.curves[cell].freeze().loss.tolist()
            == session.curves[cell].freeze().loss.tolist()
        )


def test_output_recurrence_snapshot_shows_what_is_fed_back(recurrence_config):
    forced = Session(recurrence_config.with_changes(teacher_forcing=1.0))
    forced.run(2)
    snap = forced.view().records["rnn"]
    assert isinstance(snap, OutputRecurrenceSnapshot) and snap.teacher_forcing
    # Teacher forcing feeds the previous target's one-hot and cuts every step: no BPTT.
    Y = snap.targets.astype(int)
    assert np.array_equal(snap.fed[1:], np.eye(snap.outputs.shape[1])[Y[:-1]])
    assert not snap.xi.any()
    free = Session(recurrence_config)
    free.run(2)
    snap = free.view().records["rnn"]
    assert not snap.teacher_forcing and snap.xi.all()
    assert np.isfinite(snap.spectral_radius) and snap.recurrent_name == "W_oh"


@pytest.mark.parametrize("which", ["seq2seq", "recurrence"])
def test_verify_gradients_and_step_through(seq2seq_config, recurrence_config, which):
    config = seq2seq_config if which == "seq2seq" else recurrence_config
    session = Session(config)
    session.run(2)
    for cell in config.cells:
        assert session.gradcheck(cell) < 1e-6
    session.step_forward()
    T = session.view().T
    for _ in range(2 * T + 2):
        session.step_forward()
    assert session.completed == 3


def test_headless_train_of_an_encoder_decoder(tmp_path, capsys):
    path = tmp_path / "run.json"
    config = {
        "task": "reverse",
        "task_params": {"max_length": 4},
        "cells": ["gru"],
        "hidden_size": 5,
        "batch_size": 4,
        "teacher_forcing": 0.5,
    }
    path.write_text(json.dumps(config))
    assert main(["train", "--config", str(path), "--iterations", "3", "--csv"]) == 0
    out, _ = capsys.readouterr()
    assert len(out.strip().splitlines()) == 1 + 3
    path.write_text(json.dumps({**config, "truncation": "truncated"}))
    assert main(["train", "--config", str(path), "--iterations", "3"]) == 2
    _, err = capsys.readouterr()
    assert "truncation: an encoder–decoder is trained with full" in err
    assert "Traceback" not in err


def test_the_session_task_scores_and_draws_the_pair_it_wraps(seq2seq_config):
    session = Session(seq2seq_config)
    session.run(2)
    task = session.task
    metrics = task.evaluate(session.models["gru"])
    assert set(metrics) == set(task.evaluation_metrics)
    gap = metrics["teacher_forced_accuracy"] - metrics["token_accuracy"]
    assert metrics["exposure_gap"] == pytest.approx(gap)
    panel = session.panel("gru", example=1)
    data = task.inner.eval_set().column(1)
    S, U = int(data.src_mask.sum()), int(data.tgt_mask.sum())
    assert panel.kind == "sequence" and panel.inputs.shape[0] == S + U
    assert not panel.mask[:S].any() and panel.mask[S:].all()
    assert np.array_equal(panel.targets[S:], data.tgt[:U, 0])
    assert panel.caption_values["source"] == task.inner.text(data.src[:, 0])


def test_make_task_names_both_kinds_of_task():
    with pytest.raises(ValueError, match=r"known tasks: .*reverse, copy, qa"):
        make_task("nope")
