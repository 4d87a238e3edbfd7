"""Check the claim the long-lag lessons make, with the shipped lesson settings.

The claim: on the adding problem and on delayed recall, at the lags of the lesson defaults,
an LSTM reaches "solved" within the lesson's iteration budget and a vanilla RNN trained in
exactly the same way does not. Settings come from ``explorer.tasks.defaults.DEMO_SETTINGS``
(hidden size, batch size, Adam learning rate, gradient-norm clipping, budget, evaluation
interval); only the cell differs.

Run from the repository root::

    python benchmarks/claims.py            # one seed, about 20 s
    python benchmarks/claims.py --seeds 5  # five seeds, about 2.5 minutes

Exit status 0 when the claim holds for every task and seed, 1 otherwise.
"""

from __future__ import annotations

import os

# The matrices are tiny: BLAS threads only add overhead, and oversubscribe a small machine.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from explorer.engine import Adam, clip_grad_norm, make_model  # noqa: E402
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

    ``seed`` sets the model's initial weights and the stream of training batches.
    """
    demo = DEMO_SETTINGS[task_key]
    task = make_task(task_key, **demo.task_params)
    model = make_model(
        cell,
        input_size=task.input_size,
        output_size=task.output_size,
        seed=seed,
        **demo.model_kwargs(cell),
    )
    optimizer = Adam(model.params, lr=demo.lr)
    rng = np.random.default_rng(seed)
    better = max if task.metric_higher_is_better else min
    best = -np.inf if task.metric_higher_is_better else np.inf
    start = time.perf_counter()
    for iteration in range(1, demo.iterations + 1):
        X, Y, mask = task.batch(demo.batch_size, rng)
        result = model.loss_and_grads(X, Y, loss=task.loss, mask=mask)
        if result.finite:  # a non-finite step is skipped, as the session does
            clip_grad_norm(result.grads, demo.clip_norm)
            optimizer.step(result.grads)
        if iteration % demo.eval_every == 0:
            metrics = task.evaluate(model)
            best = better(best, metrics[task.metric_name])
            if task.solved(metrics):
                return Outcome(
                    task_key,
                    cell,
                    seed,
                    iteration,
                    demo.iterations,
                    task.metric_name,
                    best,
                    time.perf_counter() - start,
                )
    return Outcome(
        task_key,
        cell,
        seed,
        None,
        demo.iterations,
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
