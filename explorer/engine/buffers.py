"""Reuse of the large scratch and trace arrays between iterations.

At T = 200 one LSTM iteration allocates about 12 MB of (T, B, ·) arrays; fresh memory from the
allocator means page faults and zeroing that cost about a third of the iteration. The pool
hands such arrays out again, but only once nothing can see them any more.

Ownership is explicit: every pooled array is made from a :class:`_Loan` (through NumPy's
``__array_interface__``), so the loan is the base of the array and of every view of it, a
trace field included. The loan lives exactly as long as any of those arrays; when the last one
is gone, a finalizer gives the memory back. A caller that keeps a trace, or one array of it,
therefore never sees it change, whatever the interpreter's reference-count details.

Two models of one configuration that never need each other's arrays at the same time (a run's
model and the private copy that replays its past iterations) may draw from one pool
(:func:`share_pools`): the memory is then held once, not once per copy.

:func:`held_bytes` measures what a trace (or any result) holds, each buffer counted once
however many views of it there are, and :func:`pools_of` finds the pools of a model, so
that the memory a run's engine works in can be counted next to its history's.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import threading
import types
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
        # The weak references of the loans out: a weak reference must outlive its
        # referent for its callback to run.
        self._loans: set[weakref.ref] = set()
        self._lock = threading.Lock()

    def empty(self, shape: tuple[int, ...], dtype: Any) -> np.ndarray:
        """An uninitialised array like ``np.empty(shape, dtype)``, possibly recycled."""
        dtype = np.dtype(dtype)
        shape = tuple(int(n) for n in shape)
        # math.prod, not np.prod: this runs some twenty times an iteration, and np.prod's
        # dispatch costs more than the rest of the hand-out.
        if math.prod(shape) * dtype.itemsize < self.MIN_BYTES:
            return np.empty(shape, dtype)
        key = (shape, dtype.str)
        with self._lock:
            free = self._free.get(key)
            raw = free.pop() if free else None
        if raw is None:
            raw = np.empty(shape, dtype)
        loan = _Loan(raw)
        # A plain weak reference with a callback (kept alive by the pool until it fires)
        # rather than weakref.finalize, whose registry costs several times as much.
        # The callback holds the pool weakly: a dropped model frees its memory normally.
        ref = weakref.ref(loan, functools.partial(_give_back, weakref.ref(self), key, raw))
        self._loans.add(ref)  # atomic: no lock, which a callback could otherwise meet held
        return np.asarray(loan)

    def free_bytes(self) -> int:
        """Bytes held by buffers waiting to be handed out again."""
        with self._lock:
            return sum(raw.nbytes for bufs in self._free.values() for raw in bufs)

    def clear(self) -> None:
        """Let go of every waiting buffer (arrays handed out stay valid; they come back
        as usual when no longer used)."""
        with self._lock:
            self._free.clear()

    def free_count(self) -> int:
        """How many buffers wait to be handed out again (for tests and diagnostics)."""
        with self._lock:
            return sum(len(bufs) for bufs in self._free.values())

    def _take_back(self, ref: weakref.ref, key: tuple, raw: np.ndarray) -> None:
        self._loans.discard(ref)
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


def share_pools(model: Any, source: Any) -> None:
    """Make ``model`` draw its pooled arrays from ``source``'s pools, pool for pool.

    Both must be models of one configuration (the same pieces, so the same pools in the
    same places). Sharing is safe across threads: the pool locks, and a loan's memory is
    handed out again only once no array made from it is left.

    Raises:
        ValueError: when the two models do not hold pools in the same places.
    """
    mine, theirs = _pool_slots(model), _pool_slots(source)
    if [path for path, _ in mine] != [path for path, _ in theirs]:
        raise ValueError("share_pools: the two models are not built alike")
    for (_, (owner, name)), (_, (other, other_name)) in zip(mine, theirs, strict=True):
        setattr(owner, name, getattr(other, other_name))


def _pool_slots(obj: Any, path: str = "", seen: set[int] | None = None) -> list:
    """(path, (owner, attribute)) of every BufferPool held by ``obj`` or the engine
    objects inside it (attributes, dict values and sequence items), in a fixed order."""
    seen = set() if seen is None else seen
    if id(obj) in seen or not hasattr(obj, "__dict__"):
        return []
    seen.add(id(obj))
    slots = []
    for name, value in vars(obj).items():
        where = f"{path}.{name}"
        if isinstance(value, BufferPool):
            slots.append((where, (obj, name)))
            continue
        for key, item in _members(value):
            if type(item).__module__.startswith(_ENGINE):
                slots += _pool_slots(item, f"{where}[{key}]", seen)
    return slots


def pools_of(model: Any) -> list[BufferPool]:
    """The distinct pools ``model`` draws from."""
    unique = {}
    for _, (owner, name) in _pool_slots(model):
        pool = getattr(owner, name)
        unique[id(pool)] = pool
    return list(unique.values())


def held_bytes(*roots: Any) -> int:
    """Bytes of the distinct array buffers reachable from ``roots``.

    Follows dicts, sequences, dataclass fields (cached properties included), the closures
    of functions and the arguments of ``functools.partial`` — what a ``LossGrads`` and its
    trace's lazy fields keep — but no other object (a bound method's model is not its
    result's). A pooled array counts its whole buffer, once however many views share it.
    """
    buffers: dict[int, int] = {}
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        obj = stack.pop()
        if obj is None or id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, np.ndarray):
            key, size = _buffer(obj)
            buffers[key] = size
        elif isinstance(obj, dict):
            stack.extend(obj.values())
        elif isinstance(obj, (list, tuple, set, frozenset)):
            stack.extend(obj)
        elif isinstance(obj, functools.partial):
            stack.extend(obj.args)
            stack.extend(obj.keywords.values())
        elif isinstance(obj, types.FunctionType):
            stack.extend(_cell_contents(obj))
        elif dataclasses.is_dataclass(obj) and hasattr(obj, "__dict__"):
            stack.extend(vars(obj).values())
    return sum(buffers.values())


def _buffer(array: np.ndarray) -> tuple[int, int]:
    """(identity, bytes) of the memory ``array`` lies in: its pooled buffer, the array
    that owns it, or the array itself."""
    owner = array
    while isinstance(owner.base, np.ndarray):
        owner = owner.base
    if isinstance(owner.base, _Loan):
        return id(owner.base.raw), owner.base.raw.nbytes
    return id(owner), owner.nbytes


def _cell_contents(function: types.FunctionType) -> list[Any]:
    out = []
    for cell in function.__closure__ or ():
        try:
            out.append(cell.cell_contents)
        except ValueError:  # a cell not yet filled
            continue
    return out


def _members(value: Any) -> list[tuple[Any, Any]]:
    """(key, item) of a dict's values or a sequence's items; else the value itself."""
    if isinstance(value, dict):
        return list(value.items())
    if isinstance(value, (list, tuple)):
        return list(enumerate(value))
    return [("", value)]


# Only the engine's own objects are searched for pools (never arrays or generators).
_ENGINE = __name__.rsplit(".", 1)[0]


def _give_back(pool_ref: weakref.ref, key: tuple, raw: np.ndarray, ref: weakref.ref) -> None:
    pool = pool_ref()
    if pool is not None:
        pool._take_back(ref, key, raw)
