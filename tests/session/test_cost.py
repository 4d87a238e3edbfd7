"""Iteration cost estimates: refuse what will not fit, warn about what will be slow."""

from __future__ import annotations

import io
import tracemalloc

import pytest

from explorer.cli import CliError, train
from explorer.session import cost
from explorer.session.config import SessionConfig
from explorer.session.cost import TooBigError, check_fits, estimate_iteration, slow_warning
from explorer.session.session import Session

MB = 1024 * 1024


def config(**changes) -> SessionConfig:
    base = {"task": "adding", "task_params": {"seq_len": 30}, "hidden_size": 16, "batch_size": 8}
    base.update(changes)
    return SessionConfig(**base)


def test_estimate_grows_with_every_size_and_cell():
    small = estimate_iteration(config(cells=("rnn",)))
    for bigger in (
        config(cells=("rnn",), hidden_size=64),
        config(cells=("rnn",), batch_size=64),
        config(cells=("rnn",), task_params={"seq_len": 120}),
        config(cells=("rnn", "lstm", "gru")),  # cells run one after the other: the peak is the
    ):  # biggest cell's, the time their sum
        est = estimate_iteration(bigger)
        assert est.memory_bytes > small.memory_bytes
        assert est.seconds > small.seconds


@pytest.mark.parametrize("cells", [("rnn",), ("lstm",), ("gru",)])
def test_memory_estimate_covers_a_measured_iteration(cells):
    cfg = config(cells=cells, hidden_size=48, batch_size=32, task_params={"seq_len": 60})
    session = Session(cfg)
    session.one_iteration()
    tracemalloc.start()
    session.step_forward()  # a displayed iteration: computed in full, with its display data
    session.view()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    est = estimate_iteration(cfg).memory_bytes
    # An upper estimate, within a small factor of what the engine really allocates.
    assert peak <= est <= 6 * peak, (peak / MB, est / MB)


def test_the_issue_example_is_refused_on_a_small_machine_with_the_estimate():
    huge = SessionConfig(
        task="adding",
        task_params={"seq_len": 200},
        hidden_size=512,
        batch_size=1024,
        cells=("rnn", "lstm", "gru"),
    )
    with pytest.raises(TooBigError) as info:
        check_fits(huge, available=8 * 1024 * MB)
    text = str(info.value)
    assert "MB per iteration" in text and "8,192 MB available" in text
    for field in ("hidden size H", "batch size B", "sequence length T"):
        assert field in text
    assert check_fits(config(), available=8 * 1024 * MB).memory_bytes < 100 * MB


def test_slow_settings_are_warned_about(monkeypatch):
    assert slow_warning(estimate_iteration(config())) is None
    monkeypatch.setattr(cost, "machine_flops", lambda: 1e6)
    warning = slow_warning(estimate_iteration(config(hidden_size=128)))
    assert warning is not None and "iteration will take about" in str(warning)


def test_cli_train_refuses_what_does_not_fit(monkeypatch):
    monkeypatch.setattr(cost, "available_memory", lambda: 16 * MB)
    with pytest.raises(CliError, match="MB per iteration"):
        train(config(hidden_size=256, batch_size=256), 1, io.StringIO(), io.StringIO(), False)
