"""Small, fast session configurations for the tests."""

from __future__ import annotations

import pytest

from explorer.session.config import SessionConfig


@pytest.fixture
def small_config() -> SessionConfig:
    """Two cells on a short adding problem: an iteration takes a few milliseconds."""
    return SessionConfig(
        task="adding",
        task_params={"seq_len": 8},
        cells=("rnn", "lstm"),
        hidden_size=6,
        batch_size=4,
        eval_every=5,
        seed=3,
    )
