"""Check every shipped lesson's stated outcome with its shipped settings, over seeds 0–4.

Each lesson in ``assets/lessons/`` has a ``check``: a number of iterations and expectations
such as "lstm mse < 0.01". This script runs each lesson's configuration headlessly (with
``explorer.lessons.check_results``) once per seed and prints every expectation with the
range of the measured values over the seeds; an outcome holds when it holds for every seed.
The ranges in the lessons' "expected" texts and in the README come from this output. The
last line reads "N of M outcomes hold over 5 seeds".

Run from the repository root::

    python benchmarks/lessons.py               # every lesson, about three minutes on 2 cores
    python benchmarks/lessons.py vanishing lstm

Exit status 0 when every expectation holds, 1 otherwise.
"""

from __future__ import annotations

import os

# The matrices are tiny: BLAS threads only add overhead, and oversubscribe a small machine.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import sys
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from explorer.lessons import (  # noqa: E402
    CheckResult,
    check_results,
    find_lesson,
    format_number,
    load_lessons,
)

SEEDS = (0, 1, 2, 3, 4)


def run_seed(key: str, seed: int) -> tuple[list[CheckResult], float]:
    """One lesson's check with one seed, in a worker process: its results and its seconds."""
    start = time.perf_counter()
    # Lessons about exploding gradients overflow on purpose; that is their outcome.
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        results = check_results(find_lesson(key), seed=seed)
    return results, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("keys", nargs="*", help="lesson keys to check (default: all)")
    parser.add_argument(
        "--jobs", type=int, default=2, help="worker processes, one run per seed (default 2)"
    )
    args = parser.parse_args(argv)

    lessons = load_lessons()
    if args.keys:
        known = {lesson.key for lesson in lessons}
        unknown = sorted(set(args.keys) - known)
        if unknown:
            parser.error(
                f"unknown lesson(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
            )
        lessons = [lesson for lesson in lessons if lesson.key in args.keys]

    held = total_outcomes = 0
    total = time.perf_counter()
    # Every (lesson, seed) run is independent: spread them over the workers, longest first.
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {
            (lesson.key, seed): pool.submit(run_seed, lesson.key, seed)
            for lesson in sorted(lessons, key=lambda x: -(x.check.iterations if x.check else 0))
            for seed in SEEDS
        }
        for lesson in lessons:
            outcomes = [futures[(lesson.key, seed)].result() for seed in SEEDS]
            per_seed = [results for results, _ in outcomes]
            seconds = sum(s for _, s in outcomes)
            iterations = lesson.check.iterations if lesson.check else 0
            print(
                f"{lesson.order:2d}. {lesson.key} ({iterations} iterations × {len(SEEDS)} "
                f"seeds, {seconds:.1f} s of work)",
                flush=True,
            )
            if not per_seed[0]:
                print("    (no check)")
            for i, first in enumerate(per_seed[0]):
                results = [seed_results[i] for seed_results in per_seed]
                values = [r.measured for r in results]
                ok = all(r.passed for r in results)
                failed = [str(seed) for seed, r in zip(SEEDS, results, strict=True) if not r.passed]
                span = f"{format_number(min(values))} … {format_number(max(values))}"
                verdict = "✓" if ok else f"✗ (seeds {', '.join(failed)})"
                print(f"    {first.expectation.describe()}: {span} {verdict}")
                held += ok
                total_outcomes += 1
    print(f"total {time.perf_counter() - total:.0f} s")
    print(f"{held} of {total_outcomes} outcomes hold over {len(SEEDS)} seeds")
    return 0 if held == total_outcomes else 1


if __name__ == "__main__":
    sys.exit(main())
