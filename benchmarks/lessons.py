"""Check every shipped lesson's stated outcome with its shipped settings.

Each lesson in ``assets/lessons/`` has a ``check``: a number of iterations and expectations
such as "lstm mse < 0.01". This script runs each lesson's configuration headlessly (with
``explorer.lessons.check_lesson``) and prints every expectation with the measured value and
the time taken. The numbers in the lessons' "expected" texts come from this output.

Run from the repository root::

    python benchmarks/lessons.py               # every lesson, about two minutes on 2 cores
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

from explorer.lessons import check_lesson, load_lessons  # noqa: E402


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

    failures = 0
    total = time.perf_counter()
    for lesson in lessons:
        start = time.perf_counter()
        # Lessons about exploding gradients overflow on purpose; that is their outcome.
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)
            results = check_lesson(lesson)
        seconds = time.perf_counter() - start
        iterations = lesson.check.iterations if lesson.check else 0
        print(
            f"{lesson.order:2d}. {lesson.key} ({iterations} iterations, {seconds:.1f} s)",
            flush=True,
        )
        if not results:
            print("    (no check)")
        for line, passed, _ in results:
            print(f"    {line}")
            failures += not passed
    verdict = "all expectations hold" if failures == 0 else f"{failures} expectation(s) FAILED"
    print(f"total {time.perf_counter() - total:.0f} s; {verdict}")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
