"""Check the claim the long-lag lessons make, with the shipped lesson settings.

The claim: on the adding problem and on delayed recall, at the lags of the lesson defaults,
an LSTM reaches "solved" within the lesson's iteration budget and a vanilla RNN trained in
exactly the same way does not. Settings come from ``explorer.tasks.defaults.DEMO_SETTINGS``
(hidden size, batch size, Adam learning rate, gradient-norm clipping, budget, evaluation
interval), turned into the session's configuration by ``explorer.session.config.demo_config``;
only the cell differs. The runs train through ``explorer.session.Session``, as the window does.

Run from the repository root::

    python benchmarks/claims.py            # one seed, about 2 minutes
    python benchmarks/claims.py --seeds 5  # five seeds, about 10 minutes

Exit status 0 when the claim holds for every task and seed, 1 otherwise.
"""

from __future__ import annotations

import os

# The matrices are tiny: BLAS threads only add overhead, and oversubscribe a small machine.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from explorer.session.config import demo_config  # noqa: E402
from explorer.session.session import Session  # noqa: E402
from explorer.tasks import DEMO_SETTINGS, make_task  # noqa: E402

CLAIM_TASKS = ("adding", "recall")
CELLS = ("rnn", "lstm")


@dataclass(frozen=True)
class Outcome:
    """One training run: ``solved_at`` is the iteration of the first solved evaluation."""

    task: str
    cell: str
    seed: int
    solved_at: int | None
    budget: int
    metric_name: str
    best_metric: float
    seconds: float


def train(task_key: str, cell: str, seed: int) -> Outcome:
    """Train ``cell`` on ``task_key`` with the lesson settings until solved or out of budget.

    Trains through the session, as the window and the lessons do; ``seed`` is the run's
    seed (initial weights and the stream of training batches). A cell whose loss or
    weights stop being finite has diverged: the session stops it, and it is not solved.
    """
    config = demo_config(task_key).with_changes(cells=(cell,), seed=seed)
    budget = DEMO_SETTINGS[task_key].iterations
    session = Session(config)
    task = session.task
    better = max if task.metric_higher_is_better else min
    best = -math.inf if task.metric_higher_is_better else math.inf
    solved_at = None
    start = time.perf_counter()
    while session.completed < budget:
        # The session evaluates every ``eval_every`` iterations: stop at each evaluation.
        n = min(config.eval_every, budget - session.completed)
        if session.run(n) < n:
            break  # diverged
        metrics = session.latest_scalars()[cell][1]
        if task.metric_name in metrics:
            best = better(best, metrics[task.metric_name])
        if task.solved(metrics):
            solved_at = session.completed
            break
    return Outcome(
        task_key,
        cell,
        seed,
        solved_at,
        budget,
        task.metric_name,
        best,
        time.perf_counter() - start,
    )


def describe(outcome: Outcome) -> str:
    """One line for the report."""
    if outcome.solved_at is not None:
        result = f"solved after {outcome.solved_at:5d} iterations"
    else:
        result = f"not solved in {outcome.budget}".ljust(33)
    return (
        f"{outcome.task:8s} {outcome.cell:5s} seed {outcome.seed}: {result} "
        f"(best {outcome.metric_name} {outcome.best_metric:.4f}, {outcome.seconds:5.1f} s)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=1, help="number of seeds per run (0, 1, ...)")
    parser.add_argument("--tasks", nargs="+", default=list(CLAIM_TASKS), choices=CLAIM_TASKS)
    args = parser.parse_args(argv)

    holds = True
    total = time.perf_counter()
    for key in args.tasks:
        demo = DEMO_SETTINGS[key]
        task = make_task(key, **demo.task_params)
        print(
            f"{task.title}: {task.settings()}, hidden {demo.hidden_size}, batch {demo.batch_size}, "
            f"Adam lr {demo.lr:g}, clip {demo.clip_norm:g}, LSTM forget bias {demo.forget_bias:g}, "
            f"budget {demo.iterations}, evaluated every {demo.eval_every}; "
            f"solved: {task.solved_description}",
            flush=True,
        )
        outcomes = {cell: [] for cell in CELLS}
        for seed in range(args.seeds):
            for cell in CELLS:
                outcome = train(key, cell, seed)
                outcomes[cell].append(outcome)
                print("  " + describe(outcome), flush=True)
        lstm_ok = all(o.solved_at is not None for o in outcomes["lstm"])
        rnn_fails = all(o.solved_at is None for o in outcomes["rnn"])
        verdict = "holds" if lstm_ok and rnn_fails else "DOES NOT HOLD"
        print(
            f"  claim (LSTM solves it, vanilla RNN does not, same budget): {verdict}\n", flush=True
        )
        holds = holds and lstm_ok and rnn_fails
    print(
        f"total {time.perf_counter() - total:.0f} s; claim {'holds' if holds else 'DOES NOT HOLD'}"
    )
    return 0 if holds else 1


if __name__ == "__main__":
    sys.exit(main())
