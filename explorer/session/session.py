"""The training session: models side by side, step-through, history, divergence.

Pure Python and NumPy; no Qt. ``controller.py`` wraps it for the window.

Design: a training iteration does what a bare training step does (loss and gradients,
clipping, the optimizer) plus the few scalars of the curves; the full display data of an
iteration (contribution matrix, per-step weight terms, example copies) is built only when
it is shown. The last iteration keeps its trace so that showing it costs no recompute; a
past one is recomputed from the nearest keyframe of the history (``replay.py``), bitwise
as it first ran.

Step-through computes an iteration once, in full, when the user starts stepping into it;
stepping then only moves a cursor over precomputed arrays: forward t = 1 … T, the loss,
backward t = T … 1, the update.
"""

from __future__ import annotations

import copy
import itertools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from explorer.engine import gradcheck
from explorer.session.carry import CarriedState, as_h0, draw_batch, stream_of
from explorer.session.config import CELL_NAMES, SessionConfig
from explorer.session.history import CurveLog, History, Keyframe
from explorer.session.iteration import (
    StepResult,
    build_snapshot,
    compute_step,
    flat_cosine_and_ratio,
    global_norm,
)
from explorer.session.model_setup import build_model, make_optimizer, model_kwargs
from explorer.session.replay import Cancelled, Progress, Replayer, capture, restore
from explorer.session.snapshot import (
    ModelSnapshot,
    ModelStatus,
    Phase,
    SessionEvent,
    SessionView,
)
from explorer.session.spectrum import recurrent_radius
from explorer.tasks import make_task

__all__ = [
    "Session",
    "build_model",
    "flat_cosine_and_ratio",
    "global_norm",
    "make_optimizer",
    "model_kwargs",
]

# The batch stream is independent of the weight initialisation drawn from the same seed.
DATA_STREAM = 7
MEGABYTE = 1024 * 1024
# Central differences at 1e-5 keep round-off near 1e-7 in float64; at 1e-6 it nears 1e-6.
GRADCHECK_EPS = 1e-5
# While training runs, building display data may take this share of the time: frames
# then show the newest iteration whose display data the share paid for. At 2 % run mode
# stays within 0.9x the bare engine (evaluations take ~5 %); the views' data is then
# refreshed every build/share seconds: ~0.8 s at the defaults (a build ~17 ms), ~9 s at
# T = 200, H = 64, three cells (~190 ms, mostly the contribution matrix and the per-step
# weight terms); curves and scalars are live in every frame.
DISPLAY_SHARE = 0.02
# Display time saved up while nothing asked for a frame, at most this many seconds.
DISPLAY_CREDIT_CAP = 0.25
# Copying a keyframe may take this share of the training time (small models copy their
# state in a fraction of an iteration: every iteration; large ones every few).
KEYFRAME_SHARE = 0.01
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
class _Pending:
    """The iteration being revealed: its steps, batch targets and snapshots."""

    iteration: int
    steps: dict[str, StepResult]
    Y: np.ndarray
    snapshots: dict[str, ModelSnapshot]
    T: int


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


class Session:
    """A run of one or more models on identical batches, revealed step by step.

    Events (divergence, resumes) go to listeners added with ``add_listener``; the Qt
    controller turns them into a signal.
    """

    def __init__(self, config: SessionConfig | None = None) -> None:
        self._listeners: list[Listener] = []
        self.display_share = DISPLAY_SHARE
        self.reset(config or SessionConfig())

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
        self._pending: _Pending | None = None
        self._latest: _Latest | None = None
        self._shown: tuple[int, dict[str, ModelSnapshot]] = (0, {})
        self._scrub: int | None = None
        self._T = task.seq_len
        self._replayer = Replayer(self)
        self._display_credit = 0.0
        self._build_seconds = 0.0
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

    # ------------------------------------------------------------------------ stepping
    def step_forward(self) -> None:
        """Reveal one more piece: a timestep, the loss, a backward timestep, or the update."""
        self._leave_scrub()
        if self.phase is Phase.IDLE:
            if not self._start_iteration():
                return
            self.phase, self.cursor = Phase.FORWARD, 1
        elif self.phase is Phase.FORWARD:
            if self.cursor < self._T:
                self.cursor += 1
            else:
                self.phase, self.cursor = Phase.LOSS, self._T
        elif self.phase is Phase.LOSS:
            self.phase, self.cursor = Phase.BACKWARD, self._T
        elif self.phase is Phase.BACKWARD:
            if self.cursor > 1:
                self.cursor -= 1
            else:
                self.phase, self.cursor = Phase.UPDATE, 1
        else:
            self._commit()

    def step_back(self) -> None:
        """Undo one ``step_forward`` within the iteration being revealed (never an update)."""
        self._leave_scrub()
        if self.phase is Phase.FORWARD:
            if self.cursor > 1:
                self.cursor -= 1
        elif self.phase is Phase.LOSS:
            self.phase, self.cursor = Phase.FORWARD, self._T
        elif self.phase is Phase.BACKWARD:
            if self.cursor < self._T:
                self.cursor += 1
            else:
                self.phase, self.cursor = Phase.LOSS, self._T
        elif self.phase is Phase.UPDATE:
            self.phase, self.cursor = Phase.BACKWARD, 1

    def finish_pass(self) -> None:
        """Jump to the end of the current pass: forward → loss, backward → update."""
        self._leave_scrub()
        if self.phase is Phase.IDLE:
            if not self._start_iteration():
                return
            self.phase, self.cursor = Phase.LOSS, self._T
        elif self.phase is Phase.FORWARD:
            self.phase, self.cursor = Phase.LOSS, self._T
        elif self.phase in (Phase.LOSS, Phase.BACKWARD):
            self.phase, self.cursor = Phase.UPDATE, 1
        else:
            self._commit()

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
        self._display_credit = min(
            DISPLAY_CREDIT_CAP, self._display_credit + self.display_share * elapsed
        )
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
        spectral = self._evaluates(iteration)
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

    def _start_iteration(self) -> bool:
        computed = self._compute_iteration()
        if computed is None:
            return False
        iteration, steps, Y = computed
        snapshots = self._build(iteration, steps, Y, {})
        self._pending = _Pending(iteration, steps, Y, snapshots, self._T)
        return True

    def _build(
        self,
        iteration: int,
        steps: dict[str, StepResult],
        Y: np.ndarray,
        metrics: dict[str, dict[str, float]],
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
            )
            for cell, step in steps.items()
        }
        self._build_seconds = time.perf_counter() - started
        return snapshots

    def _commit(self) -> None:
        """Apply the pending updates, evaluate, and file the iteration in the history."""
        pending = self._pending
        if pending is None:
            return
        self._pending = None
        self.phase, self.cursor = Phase.IDLE, 0
        self._finish(pending.iteration, pending.steps, pending.Y, pending.snapshots)

    def _finish(
        self,
        iteration: int,
        steps: dict[str, StepResult],
        Y: np.ndarray,
        snapshots: dict[str, ModelSnapshot] | None = None,
    ) -> None:
        """Update every model, evaluate, record the curves and maybe keep a keyframe."""
        evaluate = self._evaluates(iteration)
        kept: dict[str, StepResult] = {}
        metrics: dict[str, dict[str, float]] = {}
        for cell, step in steps.items():
            if self.status[cell].diverged:
                continue
            self.optimizers[cell].step(step.grads)
            if evaluate:
                values = self._evaluate(cell, iteration)
                if values is None:
                    continue
                metrics[cell] = values
            self.curves[cell].append(iteration, step.curve_values(), metrics.get(cell, {}))
            kept[cell] = step
        self.carried = {c: s.final_state for c, s in kept.items() if s.final_state}
        self.completed = iteration
        history = self.history
        history.completed = iteration
        history.external_bytes = sum(log.nbytes() for log in self.curves.values())
        history.max_gap = self.jump_gap()
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

    def _evaluates(self, iteration: int) -> bool:
        return iteration == 1 or iteration % self.config.eval_every == 0

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
    def scrub(self, iteration: int | None) -> None:
        """Show a past iteration (any of 1 … completed), or ``None`` for the live run.

        The iteration is recomputed when it is shown (``view``); call ``prepare_scrub``
        first, e.g. in a worker thread, when ``scrub_seconds`` says that takes a while.
        """
        if iteration is None or self.completed == 0:
            self._scrub = None
            return
        self._scrub = min(max(1, int(iteration)), self.completed)

    @property
    def scrubbed_iteration(self) -> int | None:
        """The past iteration on display, or None when showing the live run."""
        return self._scrub

    def scrub_cost(self, iteration: int) -> int:
        """How many iterations showing ``iteration`` recomputes (0: ready at once)."""
        if self._latest is not None and iteration == self._latest.iteration:
            return 0
        return self._replayer.cost(iteration)

    def scrub_seconds(self, iteration: int) -> float:
        """Estimated seconds to show ``iteration`` (from the measured iteration time)."""
        return self.scrub_cost(iteration) * self.iteration_seconds

    def prepare_scrub(
        self,
        iteration: int,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> None:
        """Recompute ``iteration`` so that showing it is instant.

        Safe to call from a worker thread while the GUI thread calls ``view`` or ``scrub``
        (it works on private copies of the models), but not while training or resuming.
        ``cancelled()`` returning true stops it with ``ReplayCancelled``; nothing visible
        changes either way. ``progress(fraction)`` reports as it goes.
        """
        if self._latest is not None and iteration == self._latest.iteration:
            return
        if 1 <= iteration <= self.completed:
            self._replayer.record(iteration, progress, cancelled)

    def record(
        self,
        iteration: int,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> dict[str, ModelSnapshot]:
        """Each model's full snapshot of finished ``iteration`` (1 … completed), recomputed
        from the nearest keyframe when it is not at hand. Thread-safety as ``prepare_scrub``."""
        if not 1 <= iteration <= self.completed:
            raise ValueError(f"iteration {iteration} is not in the history (1 … {self.completed})")
        latest = self._latest
        if latest is not None and iteration == latest.iteration:
            return self._latest_built()
        return dict(self._replayer.record(iteration, progress, cancelled))

    def prepare_view(self) -> None:
        """Build the display data of the iteration ``view`` will show, e.g. in the worker
        thread before it finishes, so that the next ``view`` on the GUI thread is instant."""
        if self._scrub is not None:
            self._replayer.record(self._scrub)
        elif self._pending is None and self._latest is not None:
            self._latest_built()
        elif self._pending is None and self.completed:
            self._replayer.record(self.completed)

    def _latest_built(self) -> dict[str, ModelSnapshot]:
        latest = self._latest
        assert latest is not None
        if latest.snapshots is None:
            latest.snapshots = self._build(latest.iteration, latest.steps, latest.Y, latest.metrics)
        return dict(latest.snapshots)

    def _leave_scrub(self) -> None:
        self._scrub = None

    def resume_from(self, iteration: int) -> None:
        """Continue training from right after ``iteration``: later history is forgotten."""
        if isinstance(iteration, bool) or not 0 <= int(iteration) <= self.completed:
            raise ValueError(
                f"iteration {iteration} is not in the history (held: 1 … {self.completed})"
            )
        iteration = int(iteration)
        frame = self._replayer.state_after(iteration)
        self.carried = restore(
            frame, self.models, self.optimizers, self.data_rng, stream_of(self.task)
        )
        for cell, status in self.status.items():
            if status.diverged_at is not None and status.diverged_at > iteration:
                self.status[cell] = ModelStatus(cell, CELL_NAMES[cell])
        for log in self.curves.values():
            log.truncate_after(iteration)
        self.history.truncate_after(iteration)
        self.history.external_bytes = sum(log.nbytes() for log in self.curves.values())
        self._replayer.forget_after(iteration)
        self.completed = iteration
        self._pending = None
        self._latest = None
        self._shown = (0, {})
        self._scrub = None
        self.phase, self.cursor = Phase.IDLE, 0
        self._emit(SessionEvent("resumed", iteration))

    def resume_from_here(self) -> None:
        """Continue training from the scrubbed iteration."""
        if self._scrub is not None:
            self.resume_from(self._scrub)

    def rebuild_keyframes(
        self, progress: Progress | None = None, cancelled: Cancelled | None = None
    ) -> None:
        """Replay the whole run once so the history holds as many keyframes as the budget
        allows (after opening a file, which stores fewer). Thread-safety as ``prepare_scrub``."""
        self._replayer.replay_all(progress, cancelled)

    # ------------------------------------------------------------------------ views
    def displayed_records(self, running: bool = False) -> tuple[int, dict[str, ModelSnapshot]]:
        """The iteration on display and its snapshots (built or recomputed if needed).

        While ``running``, the last finished iteration is built only when the display share
        of the time allows; otherwise the newest one built is shown again.
        """
        if self._scrub is not None:
            return self._scrub, dict(self._replayer.record(self._scrub))
        if self._pending is not None:
            return self._pending.iteration, dict(self._pending.snapshots)
        latest = self._latest
        if latest is None:
            if self.completed == 0:
                return 0, {}
            return self.completed, dict(self._replayer.record(self.completed))
        if latest.snapshots is None:
            if running and self._shown[0] and self._display_credit < self._build_seconds:
                return self._shown[0], dict(self._shown[1])
            started = time.perf_counter()
            latest.snapshots = self._build(latest.iteration, latest.steps, latest.Y, latest.metrics)
            self._display_credit -= time.perf_counter() - started
        self._shown = (latest.iteration, latest.snapshots)
        return latest.iteration, dict(latest.snapshots)

    def view(self, running: bool = False) -> SessionView:
        """An immutable frame of everything the window draws."""
        iteration, records = self.displayed_records(running)
        scrubbing = self._scrub is not None
        phase = Phase.IDLE if scrubbing else self.phase
        return SessionView(
            iteration=iteration,
            completed=self.completed,
            phase=phase,
            cursor=0 if phase is Phase.IDLE else self.cursor,
            T=self._T,
            cells=self.cells,
            records=records,
            status=dict(self.status),
            curves={cell: log.freeze() for cell, log in self.curves.items()},
            running=running,
            scrubbing=scrubbing,
            baseline=self.task.baseline,
            metric_name=self.task.metric_name,
            solved_threshold=float(self.task.solved_threshold),
            task_title=self.task.title,
            run=self.run_number,
        )

    def panel(self, cell: str, example: int | None = None) -> Any:
        """The task panel of ``cell`` with the weights of the displayed iteration."""
        _, records = self.displayed_records()
        model = self.models[cell].copy()
        if cell in records:
            for name, value in records[cell].weights.items():
                model.params[name][...] = value
        b = self.config.display_example if example is None else example
        return self.task.panel(model, example=b)

    def gradcheck(self, cell: str, max_checks: int = 20) -> float:
        """Largest relative error of the engine's gradient against finite differences.

        Runs on a small batch of the task (float64), with the run's truncation, so the
        button answers in well under a second. It draws nothing the run will draw: under
        sequential sampling it reads a copy of the batch stream, which stays where it is.
        """
        model = self.models[cell].copy()
        rng = np.random.default_rng([self.config.seed, DATA_STREAM, self.completed])
        stream = stream_of(self.task)
        peek = None if stream is None else copy.copy(stream)
        (X, Y, mask), _ = draw_batch(self.task, min(4, self.config.batch_size), rng, peek)
        if hasattr(model, "gradcheck"):  # an encoder–decoder checks itself
            return float(model.gradcheck(X, Y, mask, max(2, max_checks // 4), GRADCHECK_EPS))
        return float(
            gradcheck(
                model,
                X,
                Y,
                loss=self.task.loss,
                mask=mask,
                truncation=self.config.truncation,
                max_checks=checks_per_parameter(model, max_checks),
                eps=GRADCHECK_EPS,
            )
        )


def checks_per_parameter(model: Any, max_checks: int) -> int:
    """Entries checked per parameter: ``max_checks`` for one layer, fewer (at least 2) for a
    model of k layer-directions, which has k times the parameters, each evaluation costing
    k times as much; so "Verify gradients" takes about as long whatever the depth."""
    cores = getattr(model, "num_layers", 1) * getattr(model, "directions", 1)
    return max(2, max_checks // cores**2)


def _with_metrics(snapshot: ModelSnapshot, metrics: dict[str, float]) -> ModelSnapshot:
    from dataclasses import replace

    return replace(snapshot, metrics=dict(metrics)) if metrics else snapshot
