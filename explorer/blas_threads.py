"""One BLAS thread for the engine, whatever was imported first.

The engine's matrices are small and its loops tight: a second BLAS thread makes an iteration
10-17x slower on 2 cores (threads hand every tiny product back and forth). Setting
``OPENBLAS_NUM_THREADS`` works only before NumPy loads its BLAS; threadpoolctl changes the
thread count of a BLAS already loaded, so a notebook that imported NumPy first is limited too.
"""

from __future__ import annotations

from typing import Any

ENGINE_BLAS_THREADS = 1


def limit_blas_threads() -> Any:
    """Limit every loaded BLAS to ``ENGINE_BLAS_THREADS`` threads (process-wide).

    Returns the threadpoolctl limiter (its ``restore_original_limits()`` undoes it), or
    None when threadpoolctl is not installed.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # an install without it keeps the environment-variable limit only
        return None
    return threadpool_limits(limits=ENGINE_BLAS_THREADS, user_api="blas")


def blas_thread_counts() -> list[int]:
    """The thread count of every loaded BLAS (empty when none is loaded or no threadpoolctl)."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return []
    return [int(info["num_threads"]) for info in threadpool_info() if info["user_api"] == "blas"]
