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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from explorer.lessons import _fmt, check_results, load_lessons  # noqa: E402

SEEDS = (0, 1, 2, 3, 4)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("keys", nargs="*", help="lesson keys to check (default: all)")
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
    for lesson in lessons:
        start = time.perf_counter()
        per_seed = []
        # Lessons about exploding gradients overflow on purpose; that is their outcome.
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)
            for seed in SEEDS:
                per_seed.append(check_results(lesson, seed=seed))
        seconds = time.perf_counter() - start
        iterations = lesson.check.iterations if lesson.check else 0
        print(
            f"{lesson.order:2d}. {lesson.key} ({iterations} iterations × {len(SEEDS)} seeds, "
            f"{seconds:.1f} s)",
            flush=True,
        )
        if not per_seed[0]:
            print("    (no check)")
        for i, first in enumerate(per_seed[0]):
            results = [seed_results[i] for seed_results in per_seed]
            values = [r.measured for r in results]
            ok = all(r.passed for r in results)
            failed = [str(seed) for seed, r in zip(SEEDS, results, strict=True) if not r.passed]
            span = f"{_fmt(min(values))} … {_fmt(max(values))}"
            verdict = "✓" if ok else f"✗ (seeds {', '.join(failed)})"
            print(f"    {first.expectation.describe()}: {span} {verdict}")
            held += ok
            total_outcomes += 1
    print(f"total {time.perf_counter() - total:.0f} s")
    print(f"{held} of {total_outcomes} outcomes hold over {len(SEEDS)} seeds")
    return 0 if held == total_outcomes else 1


if __name__ == "__main__":
    sys.exit(main())
