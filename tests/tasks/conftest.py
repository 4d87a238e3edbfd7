"""Fixtures for the task tests (tests that want the real engine import it with
``pytest.importorskip``)."""

from __future__ import annotations

import pytest

from tests.tasks.fake_models import TinyRNN


@pytest.fixture
def tiny_model():
    def make(task, seed: int = 0) -> TinyRNN:
        return TinyRNN(task.input_size, task.output_size, seed=seed)

    return make
