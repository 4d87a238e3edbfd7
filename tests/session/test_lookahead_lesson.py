"""The lesson of the bidirectional RNN, as the session runs it: on "marker ahead" (is there
an X later in the sequence?) a unidirectional model stays at the causal ceiling, however it
trains, while the same cell made bidirectional answers every step, over seeds 0–4."""

from __future__ import annotations

import pytest

from explorer.session.config import SessionConfig
from explorer.session.session import Session

ITERATIONS = 150


def trained_accuracy(seed: int, bidirectional: bool) -> tuple[float, float, Session]:
    """(accuracy, early accuracy) of a GRU after ``ITERATIONS`` iterations in the session."""
    config = SessionConfig(
        task="lookahead",
        task_params={"seq_len": 10, "seed": seed},
        cells=("gru",),
        hidden_size=12,
        batch_size=32,
        learning_rate=0.02,
        clip_threshold=5.0,
        bidirectional=bidirectional,
        seed=seed,
        eval_every=ITERATIONS,
    )
    session = Session(config)
    assert session.run(ITERATIONS) == ITERATIONS
    metrics = session.curves["gru"].metrics_at(ITERATIONS)
    return metrics["accuracy"], metrics["early accuracy"], session


@pytest.mark.parametrize("seed", range(5))
def test_bidirectional_beats_the_causal_ceiling(seed):
    uni, uni_early, session = trained_accuracy(seed, bidirectional=False)
    both, both_early, _ = trained_accuracy(seed, bidirectional=True)
    ceiling = session.task.causal_ceiling()  # 0.775 at T = 10, half the sequences marked
    early_ceiling = session.task.early_causal_ceiling()  # 0.575 on the first quarter
    assert session.task.baseline["accuracy"] == ceiling
    # No causal model beats the ceiling in expectation (3 points of sampling slack).
    assert uni <= ceiling + 0.03 and uni_early <= early_ceiling + 0.05
    # Reading the sequence backwards too, the same cell answers (nearly) every step.
    assert both >= 0.97 and both_early >= 0.95
    assert both - ceiling >= 0.19
