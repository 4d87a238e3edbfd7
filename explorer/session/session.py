"""The training session: models side by side, step-through, history, divergence.

Pure Python and NumPy; no Qt. ``controller.py`` wraps it for the window.

Design: a training iteration does what a bare training step does (loss and gradients,
clipping, the optimizer) plus the few scalars of the curves; the full display data of an
iteration (contribution matrix, per-step weight terms, example copies) is built only when
it is shown. The last iteration keeps its trace so that showing it costs no recompute; a
past one is recomputed from the nearest keyframe of the history (``replay.py``), bitwise
as it first ran.

The class is assembled from modules named for what they hold: this one trains (set-up,
iterations, evaluation, divergence, keyframes); ``step_through.py`` reveals an iteration
piece by piece; ``past_iterations.py`` scrubs to, recomputes and resumes from past
iterations; ``session_display.py`` builds what the window draws; ``gradient_check.py``
answers "Verify gradients".
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from explorer.session.carry import DATA_STREAM, CarriedState, as_h0, draw_batch, stream_of
from explorer.session.config import CELL_NAMES, SessionConfig
from explorer.session.engine_results import EngineResults
from explorer.session.gradient_check import check_gradients, checks_per_parameter
from explorer.session.history import CurveLog, History, Keyframe
from explorer.session.iteration import (
    StepResult,
    build_snapshot,
    compute_step,
    flat_cosine_and_ratio,
    global_norm,
    trace_bytes,
    working_bytes,
)
from explorer.session.model_setup import build_model, make_optimizer, model_kwargs
from explorer.session.past_iterations import PastIterations
from explorer.session.replay import Cancelled, Replayer, capture
from explorer.session.session_display import SessionDisplay
from explorer.session.snapshot import (
    COSTLY_PARTS,
    ModelSnapshot,
    ModelStatus,
    Phase,
    SessionEvent,
)
from explorer.session.spectrum import recurrent_radius
from explorer.session.step_through import PendingIteration, StepThrough
from explorer.session.time_share import TimeShare
from explorer.tasks import make_task

__all__ = [
    "DATA_STREAM",
    "MEGABYTE",
    "Session",
    "build_model",
    "checks_per_parameter",
    "flat_cosine_and_ratio",
    "global_norm",
    "make_optimizer",
    "model_kwargs",
]

MEGABYTE = 1024 * 1024
# While training runs, building display data may take this share of the time: frames
# then show the newest iteration whose display data the share paid for, built with only the
# costly parts a visible view draws (``shown_parts``). The views' data is refreshed every
# build/share seconds: with the window's default tabs ~0.8 s at the defaults (a build ~8 ms)
# and ~5.5 s at T = 200, H = 64, three cells (~55 ms, most of it the vanilla RNN's Jacobian
# product); curves and scalars are live in every frame. With evaluations (EVAL_SHARE),
# keyframes and frames, run mode then stays near 0.94-0.95x the bare engine (at 1.5 % each
# it measured 0.88-0.95x, at 2 % 0.88-0.96x, on a machine whose speed drifts by 10-15 %).
DISPLAY_SHARE = 0.01
# Display time saved up while nothing asked for a frame, at most this many seconds.
DISPLAY_CREDIT_CAP = 0.25
# While training runs in the window (``budget_evaluations``), scoring the evaluation set may
# take this share of the time. It costs about (evaluation set / batch) forward passes, i.e.
# 3.5-5 % of the training time at the default eval_every = 50: an evaluation due then (at a
# multiple of eval_every) is skipped when the share has not paid for it yet, so the metric
# points lie on about every fourth multiple at the defaults. (At 3 % run mode measured
# 0.86-0.89x.)
# Stepping, headless runs (``bptt-explorer train``, lesson checks) and replays evaluate at
# every multiple.
EVAL_SHARE = 0.01
EVAL_CREDIT_CAP = 0.25
# Copying a keyframe may take this share of the training time (small models copy their
# state in a fraction of an iteration: every other iteration or so; large ones every few).
KEYFRAME_SHARE = 0.005
MAX_KEYFRAME_STRIDE = 8
# A jump to any iteration may replay this long; keyframes the memory budget cannot hold
# go to disk to keep it so (``spill.py``). A replayed iteration costs about REPLAY_FACTOR
# training iterations; showing it adds its display build (≈ 0.2 s at T = 200, H = 64,
# three cells), which the 3 s target leaves room for.
JUMP_REPLAY_SECONDS = 2.0
REPLAY_FACTOR = 1.2

Listener = Callable[[SessionEvent], None]
# Every reset starts a new run; views key what they show on its number, so nothing of a
# previous run (a task plot, a gradient check) outlives it.
_RUN_NUMBERS = itertools.count(1)


@dataclass
class _Latest:
    """The last finished iteration: its kept steps, whose snapshots are built when shown."""

    iteration: int
    steps: dict[str, StepResult]
    metrics: dict[str, dict[str, float]]
    Y: np.ndarray
    snapshots: dict[str, ModelSnapshot] | None = None
    values: dict[str, dict[str, float]] = field(default_factory=dict)


def start_spectral_radius(config: SessionConfig) -> float | None:
    """Spectral radius of the first model's recurrent matrix at iteration 0 (what the
    recurrent scale gives with this initialisation), or None when the task cannot be built
    or reads a file (too slow to do on every edit of a field)."""
    if config.task_params.get("corpus") == "file" or not config.cells:
        return None
    try:
        task = make_task(config.task, **config.task_params)
    except ValueError:
        return None
    cell = config.cells[0]
    try:
        model = build_model(config, task, cell)
    except ValueError:
        return None
    return recurrent_radius(model, model.params)


class Session(StepThrough, PastIterations, SessionDisplay, EngineResults):
    """A run of one or more models on identical batches, revealed step by step.

    Events (divergence, resumes) go to listeners added with ``add_listener``; the Qt
    controller turns them into a signal.
    """

    def __init__(self, config: SessionConfig | None = None) -> None:
        self._listeners: list[Listener] = []
        self._display_time = TimeShare(DISPLAY_SHARE, DISPLAY_CREDIT_CAP)
        self._eval_time = TimeShare(EVAL_SHARE, EVAL_CREDIT_CAP)
        # Set by the window's training loop: evaluations then keep to ``EVAL_SHARE``.
        self.budget_evaluations = False
        # The costly display data (``COSTLY_PARTS``) that training frames build: what the
        # window's visible views draw (set by the window). Frames of a stopped run, steps
        # and replays build everything.
        self.shown_parts: frozenset[str] = COSTLY_PARTS
        self.reset(config or SessionConfig())

    @property
    def display_share(self) -> float:
        """The share of the training time that building display data may take while
        running (``DISPLAY_SHARE``)."""
        return self._display_time.share

    @display_share.setter
    def display_share(self, share: float) -> None:
        self._display_time.share = share

    # ------------------------------------------------------------------------ set-up
    def reset(self, config: SessionConfig | None = None) -> None:
        """Start the run afresh (the same seed gives the same run), optionally re-configured.

        A task that cannot be built (bad parameters, unreadable corpus) raises ``ValueError``
        and leaves the current run untouched.
        """
        config = config or self.config
        task = make_task(config.task, **config.task_params)
        if hasattr(self, "history"):
            self.history.close()  # the old run's spilled keyframes go
        self.run_number = next(_RUN_NUMBERS)
        self.config = config
        self.task = task
        self.models = {cell: build_model(config, task, cell) for cell in config.cells}
        self.optimizers = {
            cell: make_optimizer(config, m.params) for cell, m in self.models.items()
        }
        self.data_rng = np.random.default_rng([config.seed, DATA_STREAM])
        # Sequential sampling: each model's detached final state, carried into the next
        # batch when that batch continues this one (``carry.py``).
        self.carried: dict[str, CarriedState] = {}
        self.completed = 0
        self.status = {cell: ModelStatus(cell, CELL_NAMES[cell]) for cell in config.cells}
        self.curves = {cell: CurveLog() for cell in config.cells}
        self.history = History(config.memory_budget_mb * MEGABYTE)
        self.history.set_genesis(self._capture(0))
        self.phase = Phase.IDLE
        self.cursor = 0
        self._pending: PendingIteration | None = None
        self._latest: _Latest | None = None
        self._shown: tuple[int, dict[str, ModelSnapshot]] = (0, {})
        self._scrub: int | None = None
        # While the engine process trains (``engine_results.py``): the iteration after
        # which the engine sent the state to show the next one from.
        self.engine_running = False
        self._display_from: int | None = None
        self.engine_display_seconds = 0.0
        self._T = task.seq_len
        self._replayer = Replayer(self)
        self._display_time.credit = self._eval_time.credit = 0.0
        # The evaluation decided for an iteration: (iteration, evaluates).
        self._eval_decision: tuple[int, bool] = (0, False)
        self._capture_seconds = 0.0
        # Seconds per training iteration, smoothed (estimates how long a replay takes).
        self.iteration_seconds = 0.0

    def add_listener(self, listener: Listener) -> None:
        """Call ``listener(event)`` with a :class:`SessionEvent` on every session event."""
        self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        """Stop calling ``listener`` (no error when it was not added)."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _emit(self, event: SessionEvent) -> None:
        for listener in list(self._listeners):
            listener(event)

    @property
    def cells(self) -> tuple[str, ...]:
        """The compared cells, in lane order."""
        return self.config.cells

    def active_cells(self) -> list[str]:
        """Cells that have not diverged."""
        return [c for c in self.cells if not self.status[c].diverged]

    def gradcheck(self, cell: str, max_checks: int = 20) -> float:
        """Largest relative error of the engine's gradient against finite differences
        (``gradient_check.check_gradients``)."""
        return check_gradients(
            self.models[cell], self.task, self.config, self.completed, max_checks
        )

    # ------------------------------------------------------------------------ training
    def one_iteration(self) -> bool:
        """Finish the iteration being revealed, or run a whole new one. False if none can run."""
        self._leave_scrub()
        if self._pending is not None:
            self._commit()
            return True
        started = time.perf_counter()
        computed = self._compute_iteration()
        if computed is None:
            return False
        self._finish(*computed)
        elapsed = time.perf_counter() - started
        self.iteration_seconds = (
            elapsed if not self.iteration_seconds else 0.9 * self.iteration_seconds + 0.1 * elapsed
        )
        self._display_time.earn(elapsed)
        self._eval_time.earn(elapsed)
        return True

    def run(self, n: int, should_stop: Callable[[], bool] | None = None) -> int:
        """Run up to ``n`` iterations; returns how many ran (fewer if stopped or all diverged)."""
        done = 0
        while done < n and not (should_stop and should_stop()):
            if not self.one_iteration():
                break
            done += 1
        return done

    # ------------------------------------------------------------------------ iteration
    def _compute_iteration(self) -> tuple[int, dict[str, StepResult], np.ndarray] | None:
        """Draw the next batch and compute every active model on it (no update yet)."""
        cells = self.active_cells()
        if not cells:
            return None
        self._release_latest_trace()
        iteration = self.completed + 1
        stream = stream_of(self.task)
        (X, Y, mask), continues = draw_batch(
            self.task, self.config.batch_size, self.data_rng, stream
        )
        steps: dict[str, StepResult] = {}
        # The spectral radius enters the curves at the evaluation points only.
        spectral = self._decide_evaluation(iteration)
        for cell in cells:
            model = self.models[cell]
            carried = self.carried.get(cell) if continues else None
            step = compute_step(
                model,
                self.config,
                self.task.loss,
                X,
                Y,
                mask,
                spectral,
                h0=None if carried is None else as_h0(model, carried),
                carry=stream is not None,
            )
            if step.finite:
                steps[cell] = step
            else:
                self._diverge(cell, iteration, step.grad_norm)
        if not steps:
            return None  # every model diverged on this batch: nothing to reveal
        self._T = X.shape[0]
        return iteration, steps, Y

    def _build(
        self,
        iteration: int,
        steps: dict[str, StepResult],
        Y: np.ndarray,
        metrics: dict[str, dict[str, float]],
        costly: frozenset[str] = COSTLY_PARTS,
    ) -> dict[str, ModelSnapshot]:
        started = time.perf_counter()
        snapshots = {
            cell: build_snapshot(
                cell,
                iteration,
                step,
                Y,
                self.models[cell],
                self.config.display_example,
                metrics.get(cell, {}),
                costly=costly,
            )
            for cell, step in steps.items()
        }
        if costly == COSTLY_PARTS:
            # Built in full: the traces' memory goes back to the engine's pools now rather
            # than when the next iteration starts (a scrubbed replay can reuse it meanwhile).
            # A partial build keeps them, to add what a view asks for later.
            for step in steps.values():
                step.result = None
        self._display_time.cost = time.perf_counter() - started
        return snapshots

    def _finish(
        self,
        iteration: int,
        steps: dict[str, StepResult],
        Y: np.ndarray,
        snapshots: dict[str, ModelSnapshot] | None = None,
    ) -> None:
        """Update every model, evaluate, record the curves and maybe keep a keyframe."""
        evaluate = self._evaluates(iteration)
        evaluated = 0.0
        kept: dict[str, StepResult] = {}
        metrics: dict[str, dict[str, float]] = {}
        for cell, step in steps.items():
            if self.status[cell].diverged:
                continue
            self.optimizers[cell].step(step.grads)
            if evaluate:
                started = time.perf_counter()
                values = self._evaluate(cell, iteration)
                evaluated += time.perf_counter() - started
                if values is None:
                    continue
                metrics[cell] = values
            self.curves[cell].append(iteration, step.curve_values(), metrics.get(cell, {}))
            kept[cell] = step
        if evaluate and iteration > 1:  # the first builds the evaluation set: not a measure
            if self.budget_evaluations:
                self._eval_time.spend(evaluated)
            else:
                self._eval_time.cost = evaluated
        self.carried = {c: s.final_state for c, s in kept.items() if s.final_state}
        # An evaluation has the largest working set: every model's trace, evaluation's buffers.
        self._account(iteration, working_bytes(self.models, trace_bytes(kept)) if evaluate else 0)
        history = self.history
        if history.wants(iteration, self._keyframe_stride()):
            started = time.perf_counter()
            history.add(self._capture(iteration))
            self._capture_seconds = time.perf_counter() - started
        else:
            history.thin()
        latest = _Latest(iteration, kept, metrics, Y)
        latest.values = {c: s.curve_values() for c, s in kept.items()}
        if snapshots is not None:
            latest.snapshots = {
                c: _with_metrics(s, metrics.get(c, {})) for c, s in snapshots.items() if c in kept
            }
        self._latest = latest

    def _account(self, iteration: int, working: int = 0) -> None:
        """The run stands after ``iteration``: the history's sizes (the curves, the engine's
        largest ``working`` set) and the widest gap a jump may replay follow."""
        self.completed = iteration
        history = self.history
        history.completed = iteration
        history.external_bytes = sum(log.nbytes() for log in self.curves.values())
        history.working_bytes = max(history.working_bytes, working)
        history.max_gap = self.jump_gap()

    def _release_latest_trace(self) -> None:
        """Let go of the last iteration's trace unless its display data is built: the engine
        recycles the memory of traces nobody holds, which a held trace would defeat."""
        latest = self._latest
        if latest is None:
            return
        if latest.snapshots is None:
            self._latest = None  # shown later by replaying it, if ever asked for
        else:
            for step in latest.steps.values():
                step.result = None

    def _decide_evaluation(self, iteration: int) -> bool:
        """Whether ``iteration`` scores the evaluation set (and measures the spectral
        radius): iteration 1 and every multiple of ``eval_every``, except, while
        ``budget_evaluations``, a multiple the evaluation share has not paid for yet.
        Decided when the iteration is computed; its update (``_finish``) follows it."""
        due = iteration == 1 or iteration % self.config.eval_every == 0
        evaluates = due and (
            iteration == 1 or not self.budget_evaluations or self._eval_time.affords()
        )
        self._eval_decision = (iteration, evaluates)
        return evaluates

    def _evaluates(self, iteration: int) -> bool:
        decided, evaluates = self._eval_decision
        return evaluates if decided == iteration else self._decide_evaluation(iteration)

    def _evaluate(self, cell: str, iteration: int) -> dict[str, float] | None:
        with np.errstate(all="ignore"):
            metrics = {k: float(v) for k, v in self.task.evaluate(self.models[cell]).items()}
        if not all(math.isfinite(v) for v in metrics.values()):
            self._diverge(cell, iteration, math.nan, after_update=True)
            return None
        return metrics

    def _diverge(self, cell: str, iteration: int, norm: float, after_update: bool = False) -> None:
        label = CELL_NAMES[cell]
        shown_norm = None if math.isnan(norm) and after_update else norm
        event = SessionEvent("diverged", iteration, cell, label, shown_norm)
        self.status[cell] = ModelStatus(cell, label, iteration, event.message, shown_norm)
        self.curves[cell].diverged_at = iteration
        self._emit(event)

    def _keyframe_stride(self) -> int:
        """Iterations between new keyframes so that copying them stays a small share."""
        if not self.iteration_seconds:
            return 1
        stride = math.ceil(self._capture_seconds / (KEYFRAME_SHARE * self.iteration_seconds))
        return min(MAX_KEYFRAME_STRIDE, max(1, stride))

    def jump_gap(self) -> int | None:
        """The most iterations a jump may replay within ``JUMP_REPLAY_SECONDS`` at the
        measured iteration time (None before it is measured)."""
        if not self.iteration_seconds:
            return None
        return max(1, int(JUMP_REPLAY_SECONDS / (REPLAY_FACTOR * self.iteration_seconds)))

    def close(self) -> None:
        """Let go of what the run keeps outside memory (its spilled keyframes); the run
        stays usable, with the keyframes held in memory."""
        self.history.close()

    def current_keyframe(self) -> Keyframe:
        """The run's whole state after its last completed iteration (weights, optimizer
        state, generators, carried states): what a session file stores at its end."""
        return self._capture(self.completed)

    def keyframe_after(self, iteration: int, cancelled: Cancelled | None = None) -> Keyframe:
        """The run's state after ``iteration``, recomputed from the nearest keyframe when
        it is not held (``cancelled()`` returning true stops with ``ReplayCancelled``)."""
        return self._replayer.state_after(iteration, cancelled=cancelled)

    def _capture(self, iteration: int) -> Keyframe:
        return capture(
            iteration,
            self.models,
            self.optimizers,
            self.data_rng,
            stream_of(self.task),
            self.carried,
        )

    def latest_scalars(self) -> dict[str, tuple[dict[str, float], dict[str, float]]]:
        """The last finished iteration's curve values (float64) and metrics, per model."""
        latest = self._latest
        if latest is None:
            return {}
        return {c: (latest.values[c], latest.metrics.get(c, {})) for c in latest.steps}

    # ------------------------------------------------------------------------ history


def _with_metrics(snapshot: ModelSnapshot, metrics: dict[str, float]) -> ModelSnapshot:
    from dataclasses import replace

    return replace(snapshot, metrics=dict(metrics)) if metrics else snapshot
