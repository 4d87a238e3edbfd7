"""Reuse of the large scratch and trace arrays between iterations.

At T = 200 one LSTM iteration allocates about 12 MB of (T, B, ·) arrays; fresh memory from the
allocator means page faults and zeroing that cost about a third of the iteration. The pool
hands such arrays out again, but only once nothing can see them any more.

Ownership is explicit: every pooled array is made from a :class:`_Loan` (through NumPy's
``__array_interface__``), so the loan is the base of the array and of every view of it, a
trace field included. The loan lives exactly as long as any of those arrays; when the last one
is gone, a finalizer gives the memory back. A caller that keeps a trace, or one array of it,
therefore never sees it change, whatever the interpreter's reference-count details.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

import numpy as np


class _Loan:
    """Lends one pooled buffer to the arrays made from it; see the module docstring."""

    __slots__ = ("__array_interface__", "__weakref__", "raw")

    def __init__(self, raw: np.ndarray) -> None:
        self.raw = raw
        self.__array_interface__ = raw.__array_interface__


class BufferPool:
    """Hands out large uninitialised arrays, recycling the memory of ones no longer used."""

    MIN_BYTES = 1 << 16
    # Free buffers kept per (shape, dtype), and the number of shapes remembered.
    PER_SHAPE = 2
    MAX_SHAPES = 32

    def __init__(self, per_shape: int = PER_SHAPE) -> None:
        # A model whose pass holds many arrays of one shape at once keeps more of them.
        self.PER_SHAPE = per_shape
        self._free: dict[tuple, list[np.ndarray]] = {}
        self._lock = threading.Lock()

    def empty(self, shape: tuple[int, ...], dtype: Any) -> np.ndarray:
        """An uninitialised array like ``np.empty(shape, dtype)``, possibly recycled."""
        dtype = np.dtype(dtype)
        shape = tuple(int(n) for n in shape)
        if int(np.prod(shape)) * dtype.itemsize < self.MIN_BYTES:
            return np.empty(shape, dtype)
        key = (shape, dtype.str)
        with self._lock:
            free = self._free.get(key)
            raw = free.pop() if free else None
        if raw is None:
            raw = np.empty(shape, dtype)
        loan = _Loan(raw)
        # The finalizer holds the pool weakly: a dropped model frees its memory normally.
        weakref.finalize(loan, _give_back, weakref.ref(self), key, raw)
        return np.asarray(loan)

    def free_count(self) -> int:
        """How many buffers wait to be handed out again (for tests and diagnostics)."""
        with self._lock:
            return sum(len(bufs) for bufs in self._free.values())

    def _take_back(self, key: tuple, raw: np.ndarray) -> None:
        with self._lock:
            free = self._free.get(key)
            if free is None:
                if len(self._free) >= self.MAX_SHAPES:
                    self._free.clear()
                free = self._free[key] = []
            if len(free) < self.PER_SHAPE:
                free.append(raw)

    def __deepcopy__(self, memo) -> BufferPool:
        return BufferPool(self.PER_SHAPE)

    def __reduce__(self):
        return (BufferPool, (self.PER_SHAPE,))


def _give_back(pool_ref: weakref.ref, key: tuple, raw: np.ndarray) -> None:
    pool = pool_ref()
    if pool is not None:
        pool._take_back(key, raw)
