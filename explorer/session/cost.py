"""What one training iteration will cost, estimated from the settings before anything runs.

Sizes that fit one by one can be far too big together (H = 512, T = 200, B = 256 and three
cells take gigabytes and minutes per iteration). ``estimate_iteration`` predicts the peak
memory and the time of one fully displayed iteration from T, B, H, the cells and the task's
input and output sizes; ``check_fits`` refuses a configuration whose estimate exceeds the
memory this machine has available, naming the fields to lower.

The model counts the arrays the engine keeps per cell (fitted to tracemalloc measurements of
the engine: about (3 + 5 G) arrays of T × B × H floats for a cell with G gate blocks, and the
per-step weight-gradient terms of T × H × G H floats) and the multiply-adds of the forward
pass, the backward pass, the per-step terms and the contribution sweep, timed against a
matrix product measured once on this machine. It is meant to be right within a factor of
two, which is enough to tell seconds from minutes and megabytes from gigabytes.
"""

from __future__ import annotations

import functools
import os
import time
from dataclasses import dataclass

import numpy as np

from explorer.messages import UserMessageError
from explorer.session.config import SessionConfig
from explorer.tasks import make_task

MEGABYTE = 1024 * 1024
# Gate blocks per cell: the width of the stacked pre-activations is G × H.
GATE_BLOCKS = {"rnn": 1, "lstm": 4, "gru": 3}
# Allocator slack and the arrays the model above does not count.
SAFETY = 1.4
# Python work per cell and timestep (the forward, backward and contribution loops).
STEP_OVERHEAD_S = 120e-6
# An iteration above this many seconds gets a warning before it starts.
WARN_SECONDS = 3.0
# The share of the available memory a run may plan to use.
MEMORY_SHARE = 0.8


class TooBigError(UserMessageError):
    """A configuration whose iteration will not fit this machine's memory."""


@dataclass(frozen=True)
class IterationCost:
    """Estimated peak memory (bytes) and time (seconds) of one displayed iteration."""

    memory_bytes: int
    seconds: float
    history_bytes: int

    @property
    def memory_mb(self) -> float:
        """Peak memory of the iteration, in MB."""
        return self.memory_bytes / MEGABYTE

    @property
    def total_mb(self) -> float:
        """The iteration plus the history budget, in MB."""
        return (self.memory_bytes + self.history_bytes) / MEGABYTE


@functools.lru_cache(maxsize=1)
def machine_flops() -> float:
    """Multiply-adds per second (×2) of a mid-sized float64 product on this machine, measured
    once (about 10 ms)."""
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((128, 256)), rng.standard_normal((256, 512))
    a @ b  # warm up
    n, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < 0.01 or n < 3:
        a @ b
        n += 1
    return max(2.0 * 128 * 256 * 512 * n / elapsed, 1e8)


@functools.lru_cache(maxsize=64)
def _task_shape(task: str, params: tuple) -> tuple[int, int, int, int]:
    """(T, D, O, error steps) of a task, from one example of it."""
    built = make_task(task, **dict(params))
    X, _, mask = built.batch(1, np.random.default_rng(0))
    errors = int(np.count_nonzero(np.asarray(mask).reshape(X.shape[0], -1).any(axis=1)))
    return int(X.shape[0]), int(built.input_size), int(built.output_size), max(errors, 1)


def task_shape(config: SessionConfig) -> tuple[int, int, int, int]:
    """(T, D, O, error steps) of the config's task; ``ValueError`` if the task cannot be built."""
    params = tuple(sorted((k, v) for k, v in config.task_params.items()))
    try:
        hash(params)
    except TypeError:  # a list-valued parameter: not cached
        return _task_shape.__wrapped__(config.task, params)
    return _task_shape(config.task, params)


def estimate_iteration(config: SessionConfig) -> IterationCost:
    """Peak memory and time of one fully displayed iteration of ``config``.

    Raises ``ValueError`` when the task cannot be built (the run could not start either).
    """
    T, D, n_out, errors = task_shape(config)
    B, H = config.batch_size, config.hidden_size
    dirs = 2 if config.bidirectional else 1
    # Every layer and direction is one recurrent core; layer l > 0 reads both directions of
    # the layer below, and the read-out reads the top layer's directions side by side.
    cores = config.num_layers * dirs
    inputs = [D if layer == 0 else dirs * H for layer in range(config.num_layers)] * dirs
    itemsize = 8
    peak = 0.0
    flops = 0.0
    for cell in config.cells:
        G = GATE_BLOCKS[cell]
        activations = cores * (3 + 5 * G) * T * B * H * itemsize
        weight_terms = sum(T * max(H, d) * G * H for d in inputs) * itemsize
        weight_terms += T * dirs * H * n_out * itemsize
        contrib = 2 * T * B * dirs * H * itemsize + T * T * itemsize
        peak = max(peak, activations, weight_terms + activations / 2 + contrib)
        # forward, two backward products, the per-step weight terms, per core; the output layer
        flops += sum(2 * T * B * (d + H) * G * H * 4 for d in inputs)
        flops += 2 * T * B * dirs * H * n_out * 3
        # the contribution sweep carries on average half of the error steps at each step
        flops += 2 * T * (errors / 2) * B * H * G * H * dirs
    seconds = flops / machine_flops() + STEP_OVERHEAD_S * T * 3 * len(config.cells) * cores
    return IterationCost(
        memory_bytes=int(peak * SAFETY),
        seconds=seconds,
        history_bytes=config.memory_budget_mb * MEGABYTE,
    )


def available_memory() -> int | None:
    """Bytes of memory this machine can still give (Linux ``MemAvailable``), or None."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def check_fits(config: SessionConfig, available: int | None = None) -> IterationCost:
    """The estimate of ``config``; ``TooBigError`` naming the fields to lower if it will not fit.

    ``available`` defaults to this machine's available memory.
    """
    cost = estimate_iteration(config)
    available = available_memory() if available is None else available
    if available is not None and cost.memory_bytes + cost.history_bytes > MEMORY_SHARE * available:
        raise TooBigError(
            "These settings need about {need:,.0f} MB per iteration (plus {history:,.0f} MB "
            "of history), but this computer has {free:,.0f} MB available. Lower the hidden "
            "size H, the batch size B or the sequence length T, or compare fewer cells.",
            need=cost.memory_mb,
            history=cost.history_bytes / MEGABYTE,
            free=available / MEGABYTE,
        )
    return cost


def slow_warning(cost: IterationCost) -> UserMessageError | None:
    """A message when one iteration will take more than ``WARN_SECONDS``, else None."""
    if cost.seconds <= WARN_SECONDS:
        return None
    return UserMessageError(
        "One iteration will take about {seconds:,.0f} s and {memory:,.0f} MB with these "
        "settings. Lower the hidden size H, the batch size B or the sequence length T for a "
        "livelier run.",
        seconds=cost.seconds,
        memory=cost.memory_mb,
    )
