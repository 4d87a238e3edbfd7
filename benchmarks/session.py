"""Session figures next to their targets: training speed against the bare engine, scrubbing,
memory, and session files.

Run from the repository root: ``python benchmarks/session.py`` (part of ``make bench``,
about four minutes); ``--memory`` runs only the memory of a long run of a large model
(``long_big_history``, about a minute). Everything runs with one BLAS thread, in one process, and each app
figure is measured interleaved with the bare engine on the same models and batches, so
machine load hits both alike.
"""

from __future__ import annotations

import os

# Before NumPy loads: one BLAS thread (threadpoolctl, when present, enforces it too).
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import contextlib  # noqa: E402
import csv  # noqa: E402
import io  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from explorer import cli  # noqa: E402
from explorer.engine import clip_grad_norm, make_model  # noqa: E402
from explorer.engine.buffers import pools_of  # noqa: E402
from explorer.session.config import SessionConfig  # noqa: E402
from explorer.session.files import load_session, save_session  # noqa: E402
from explorer.session.history import ENGINE_ALLOWANCE, Keyframe  # noqa: E402
from explorer.session.session import (  # noqa: E402
    DATA_STREAM,
    EVAL_SHARE,
    MEGABYTE,
    Session,
    make_optimizer,
    model_kwargs,
)
from explorer.session.snapshot import JACOBIAN  # noqa: E402
from explorer.session.spill import SPILL_LIMIT_BYTES  # noqa: E402
from explorer.tasks import make_task  # noqa: E402

MB = 1024 * 1024
ROUNDS = 6
CHUNK_SECONDS = 0.4
WARM_UP = 3
SIZING_ITERATIONS = 5
# Run-mode rounds: each a Train press of about 6 s of CPU between two bare chunks half as
# long. This machine's speed drifts by a quarter within a minute (other programs share it):
# the bare chunks either side of a press cancel a steady drift, and the median press
# leaves out one that a burst of load slowed (one of six printed 0.79x, the rest 0.95-1.03x).
RUN_ROUNDS = 7
REPLAY_SPAN = 6
# Iterations trained for real before the rest of a 10,000-iteration history is filed, and
# after it (an evaluation among them, with the history full).
REAL_ITERATIONS = 30
LATE_ITERATIONS = 25
REPLAY_ROUNDS = 3
RUN_CHUNK_FACTOR = 16


def blas_limit() -> contextlib.AbstractContextManager:
    """threadpoolctl's limit when installed, else nothing (the env vars above hold)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(1)


# ---------------------------------------------------------------------------- training speed
class BareEngine:
    """loss_and_grads + clipping + optimizer on the session's models and batches, nothing else."""

    def __init__(self, config: SessionConfig) -> None:
        task = make_task(config.task, **config.task_params)
        self.config, self.task = config, task
        self.models = {
            c: make_model(
                c,
                input_size=task.input_size,
                output_size=task.output_size,
                **model_kwargs(config, c),
            )
            for c in config.cells
        }
        self.optimizers = {c: make_optimizer(config, m.params) for c, m in self.models.items()}
        self.rng = np.random.default_rng([config.seed, DATA_STREAM])

    def iteration(self) -> None:
        X, Y, mask = self.task.batch(self.config.batch_size, self.rng)
        for cell, model in self.models.items():
            res = model.loss_and_grads(
                X, Y, loss=self.task.loss, mask=mask, truncation=self.config.truncation
            )
            clip_grad_norm(res.grads, self.config.clip_threshold)
            self.optimizers[cell].step(res.grads)


def timed(fn) -> float:
    """Wall-clock seconds of ``fn()``."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def cpu_timed(fn) -> float:
    """CPU seconds of the whole process (every thread) during ``fn()``: on a shared machine
    this, unlike the wall clock, does not count the time other programs ran."""
    start = time.process_time()
    fn()
    return time.process_time() - start


def cli_chunk(session: Session, n: int) -> None:
    """``bptt-explorer train --csv``'s loop, rows written to memory."""
    cli.train_iterations(session, n, csv.writer(io.StringIO()), None, io.StringIO())


def run_mode_chunk(controller, n: int) -> None:
    """``n`` iterations in the window's run mode (worker thread, frames published), with
    the GUI thread in a real event loop, as in the app: it wakes only for frames."""
    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()

    def idle(busy: bool) -> None:
        if not busy:
            loop.quit()

    controller.sigBusyChanged.connect(idle)
    controller.run(n)
    if controller.busy:
        loop.exec()
    controller.sigBusyChanged.disconnect(idle)


def training_ratios() -> None:
    from PySide6.QtCore import QCoreApplication

    qt = QCoreApplication.instance() or QCoreApplication([])  # noqa: F841 (kept alive)
    print("training speed, app vs bare engine in CPU time, interleaved (target ≥ 0.90×)")
    compare_training("defaults (T=50, H=32, RNN+LSTM)", SessionConfig())
    compare_training(
        "T=100, H=64, RNN+LSTM", SessionConfig(task_params={"seq_len": 100}, hidden_size=64)
    )


def fresh_build(session: Session) -> float:
    """CPU seconds to build a new iteration's display data (what Stop costs once)."""
    session.one_iteration()
    return cpu_timed(session._latest_built)


def compare_training(label: str, config: SessionConfig) -> None:
    """``bptt-explorer train``'s loop alternates with the bare engine iteration by iteration;
    run mode (a worker thread) is pressed between two bare chunks, and its ratio is the
    median press's."""
    from explorer.session.controller import SessionController

    bare_cli, bare_run = BareEngine(config), BareEngine(config)
    session = Session(config)
    controller = SessionController(Session(config))
    # What the window's default layout draws: the graph, and the gradient tab's norm page.
    controller.setShownParts(frozenset({JACOBIAN}))
    # Warm up (first calls allocate), then size the chunks from a warm iteration.
    for _ in range(WARM_UP):
        bare_cli.iteration()
        bare_run.iteration()
        cli_chunk(session, 1)
    run_mode_chunk(controller, WARM_UP)
    # Chunks sized from a few warm iterations (one alone varies by a third).
    warm = cpu_timed(lambda: [bare_cli.iteration() for _ in range(SIZING_ITERATIONS)])
    n = max(5, int(CHUNK_SECONDS * SIZING_ITERATIONS / warm))
    times = dict.fromkeys(("bare cli", "cli", "run"), 0.0)
    for _ in range(ROUNDS):
        for _ in range(n):
            times["bare cli"] += cpu_timed(bare_cli.iteration)
            times["cli"] += cpu_timed(lambda: cli_chunk(session, 1))
    # A Train press lasts seconds; each run here ends with Stop's one display build, which
    # the window needs to show the last iteration. The runs last about 6 s of CPU each, a
    # short press in a lecture: that one build weighs more here than in a press of 30 s
    # (at T=100, H=64 about 1 % of a run here). The line below the ratio says how much,
    # and the ratio keeps it.
    long = RUN_CHUNK_FACTOR * n
    presses = []
    for _ in range(RUN_ROUNDS):
        bare = cpu_timed(lambda: [bare_run.iteration() for _ in range(long // 2)])
        run = cpu_timed(lambda: run_mode_chunk(controller, long))
        bare += cpu_timed(lambda: [bare_run.iteration() for _ in range(long - long // 2)])
        presses.append(bare / run)
        times["run"] += run
    ran = controller.session
    due = [i for i in range(2, ran.completed + 1) if i % config.eval_every == 0]
    done = set(ran.curves[config.cells[0]].metric_iterations)
    stop_build = fresh_build(controller.session)
    controller.shutdown()
    rate = ROUNDS * n / times["bare cli"]
    print(f"  {label}: bare engine {rate:6.1f} it/s of CPU time")
    ratios = {
        "bptt-explorer train": times["bare cli"] / times["cli"],
        f"run mode ({long} it/press)": statistics.median(presses),
    }
    for name, ratio in ratios.items():
        verdict = "ok" if ratio >= 0.9 else "MISS"
        print(f"    {name:24s} {ratio:.2f}× the bare engine [{verdict}]")
    print(
        f"    (run mode: the median of {RUN_ROUNDS} presses, each "
        + ", ".join(f"{r:.2f}" for r in presses)
        + "×)"
    )
    print(
        f"    (after Stop, the last iteration's display data is built once: "
        f"{stop_build * 1000:.0f} ms, {stop_build * rate:.1f} bare iterations, "
        f"{RUN_ROUNDS * stop_build / times['run']:.0%} of run mode's time here)"
    )
    evals = ROUNDS * n / config.eval_every
    each = cpu_timed(lambda: [session.task.evaluate(m) for m in session.models.values()])
    print(
        f"    (of bptt-explorer train's time, evaluating every {config.eval_every} iterations "
        f"takes {evals * each / times['cli']:.0%}; run mode, which keeps it to "
        f"{EVAL_SHARE:.1%}, evaluated at {sum(i in done for i in due)} of {len(due)} due points)"
    )


# ---------------------------------------------------------------------------- scrubbing
def worst_scrub_target(session: Session) -> int:
    """The iteration just before the keyframe that ends the widest gap (most replay)."""
    held = [0, *session.history.keyframe_iterations()]
    widest = int(np.argmax(np.diff(held)))
    return held[widest + 1] - 1 if held[widest + 1] - 1 > held[widest] else held[widest + 1]


def scrub_times(session: Session) -> tuple[float, float, float]:
    """Seconds to show: the worst far iteration, then its next and previous neighbours."""
    target = worst_scrub_target(session)

    def show(i: int) -> None:
        session.scrub(i)
        session.view()

    far = timed(lambda: show(target))
    after = timed(lambda: show(target + 1 if target < session.completed else target - 2))
    before = timed(lambda: show(target - 1))
    session.scrub(None)
    return far, after, before


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / MB


def long_run_at_defaults(iterations: int) -> Session:
    config = SessionConfig()
    session = Session(config)
    start = time.perf_counter()
    session.run(iterations)
    elapsed = time.perf_counter() - start
    history = session.history
    budget = config.memory_budget_mb
    rss = rss_mb()
    print(f"long run at the defaults: {iterations} iterations in {elapsed:.0f} s")
    print(
        f"  history {history.total_bytes / MB:.0f} MB in {len(history.keyframe_iterations())} "
        f"keyframes + curves, budget {budget} MB; RSS {rss:.0f} MB "
        f"(target ≤ budget + 150 = {budget + 150} MB) "
        f"[{'ok' if rss <= budget + 150 else 'MISS'}]"
    )
    gap = int(np.diff([0, *history.keyframe_iterations()]).max())
    far, after, before_ = scrub_times(session)
    verdict = "ok" if max(far, after, before_) <= 0.2 else "MISS"
    print(
        f"  scrub: worst far jump {far * 1000:.0f} ms ({gap - 1} iterations replayed at "
        f"{session.iteration_seconds * 1000:.1f} ms, one built for display), next "
        f"{after * 1000:.0f} ms, previous {before_ * 1000:.0f} ms (target ≤ 200 ms) [{verdict}]"
    )
    return session


def files(session: Session) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "run.bptt"
        save = timed(lambda: save_session(session, path))
        size = path.stat().st_size / MB
        opened = {}
        load = timed(lambda: opened.setdefault("s", load_session(path)))
        loaded = opened["s"]
        middle = loaded.completed // 2
        first_scrub = timed(lambda: loaded.record(middle))
    print(
        f"  file: {size:.2f} MB (target ≤ 5 MB) [{'ok' if size <= 5 else 'MISS'}], "
        f"save {save * 1000:.0f} ms, open {load * 1000:.0f} ms; right after opening, "
        f"iteration {middle} shows in {first_scrub * 1000:.0f} ms"
    )


def big_model_scrub() -> None:
    """T=200, H=64, three cells: a replayed iteration against a bare one (interleaved), the
    display build, neighbours measured directly, and far jumps from the widest keyframe gap
    the budget leaves at a given run length (same policy, simulated) times those costs."""
    config = SessionConfig(
        task_params={"seq_len": 200}, hidden_size=64, cells=("rnn", "lstm", "gru")
    )
    session = Session(config)
    session.run(REPLAY_SPAN + 2)
    history = session.history
    # Only the genesis and the last keyframes held: replaying 1 … REPLAY_SPAN is bare steps.
    for frame in history.keyframes()[:-2]:
        history._remove(frame.iteration)
    bare = BareEngine(config)
    bare.iteration()
    replayer = session._replayer
    replay_s = bare_s = 0.0
    for _ in range(REPLAY_ROUNDS):
        # Forget what the last round left (cached states, keyframes offered on the way).
        replayer.forget_after(0)
        for frame in history.keyframes()[:-2]:
            history._remove(frame.iteration)
        for j in range(1, REPLAY_SPAN + 1):  # one replayed step, then one bare step
            replay_s += cpu_timed(lambda j=j: replayer.state_after(j))
            bare_s += cpu_timed(bare.iteration)
    replay_it = replay_s / (REPLAY_ROUNDS * REPLAY_SPAN)
    bare_it = bare_s / (REPLAY_ROUNDS * REPLAY_SPAN)
    # The shown iteration: one more replayed step (from the state just reached), built
    # for display.
    shown = cpu_timed(lambda: session.record(REPLAY_SPAN + 1))
    build = max(0.0, shown - replay_it)
    after = cpu_timed(lambda: session.record(REPLAY_SPAN + 2))
    before = cpu_timed(lambda: session.record(REPLAY_SPAN))
    frame_bytes = history.genesis.nbytes()
    budget = config.memory_budget_mb * MEGABYTE
    fit = int((budget - history.cache_bytes) // frame_bytes)
    print("scrubbing at T=200, H=64, RNN+LSTM+GRU:")
    print(
        f"  in CPU time: a replayed iteration {replay_it * 1000:.0f} ms = "
        f"{replay_it / bare_it:.2f}× a bare "
        f"engine iteration (interleaved); the shown one adds its display build, "
        f"{build * 1000:.0f} ms; neighbours: next {after * 1000:.0f} ms, previous "
        f"{before * 1000:.0f} ms (target ≈ one iteration, here plus the build)"
    )
    print(
        f"  a keyframe holds {frame_bytes / MEGABYTE:.2f} MB (weights, Adam's m and v, "
        f"generators); the {config.memory_budget_mb} MB budget less its cache share holds "
        f"≈ {fit} of them in memory, the rest spill to disk"
    )
    session.close()


def big_config() -> SessionConfig:
    return SessionConfig(task_params={"seq_len": 200}, hidden_size=64, cells=("rnn", "lstm", "gru"))


def relabelled(frame: Keyframe, iteration: int) -> Keyframe:
    """A private copy of ``frame`` filed under ``iteration`` (as big as a real one)."""
    return Keyframe(
        iteration,
        {c: {k: v.copy() for k, v in s.items()} for c, s in frame.models.items()},
        {
            c: {k: v.copy() if isinstance(v, np.ndarray) else v for k, v in s.items()}
            for c, s in frame.optimizers.items()
        },
        frame.data_rng,
        frame.stream,
    )


def long_big_history(iterations: int) -> None:
    """Far jumps after ``iterations`` at T=200, H=64, three cells, with the history the
    session keeps by then (memory plus spill).

    Training that long takes ~20 minutes, so the run trains ``REAL_ITERATIONS`` for real
    (measuring the iteration time the keyframe spacing follows) and then files the rest of
    the history exactly as training would (the same ``wants``/``add`` calls and spill
    writes, with real-sized copies of the trained state as keyframes, and curves of that
    length). The jumps then replay real iterations from those keyframes, some read back from
    disk, and build the shown one for display: the same work as after a real run. Last,
    ``LATE_ITERATIONS`` more train with the history full (an evaluation among them), and
    the RSS peak covers all of it.
    """
    session = Session(big_config())
    stages = [("built", rss_mb())]
    session.run(1)
    stages.append(("first iteration (evaluated)", rss_mb()))
    session.run(REAL_ITERATIONS - 1)
    stages.append((f"{REAL_ITERATIONS} iterations", rss_mb()))
    session.view()
    stages.append(("last one shown", rss_mb()))
    history = session.history
    template = session.current_keyframe()
    values = {c: v for c, (v, _) in session.latest_scalars().items()}
    stride = session._keyframe_stride()
    started = time.perf_counter()
    for i in range(REAL_ITERATIONS + 1, iterations + 1):
        for cell, log in session.curves.items():
            log.append(i, values[cell], {})
        session.completed = history.completed = i
        history.external_bytes = sum(log.nbytes() for log in session.curves.values())
        history.max_gap = session.jump_gap()
        if history.wants(i, stride):
            history.add(relabelled(template, i))
    filing = time.perf_counter() - started
    stages.append(("history filed", rss_mb()))
    held = [0, *history.keyframe_iterations()]
    gaps = np.diff([*held, iterations])
    widest = int(np.argmax(gaps))
    rng = np.random.default_rng(1)
    targets = [held[widest + 1] - 1 if widest + 1 < len(held) else iterations]
    targets += [int(t) for t in rng.integers(1, iterations, 2)]
    jumps = []
    for target in targets:
        session._replayer.forget_after(0)  # nothing cached: a jump from cold
        session.scrub(target)
        jumps.append((target, timed(session.view)))
        if len(jumps) == 1:
            session.scrub(target + 1)
            neighbour = timed(session.view)
    stages.append(("far jumps", rss_mb()))
    session.scrub(None)
    session.run(LATE_ITERATIONS)  # the history full: keyframes added, thinned and spilled
    session.view()
    stages.append((f"{LATE_ITERATIONS} more iterations, one shown", rss_mb()))
    rss, peak = rss_mb(), peak_rss_mb()
    budget = session.config.memory_budget_mb
    print(
        f"after {iterations:,d} iterations at T=200, H=64, RNN+LSTM+GRU "
        f"({REAL_ITERATIONS} trained at {session.iteration_seconds * 1000:.0f} ms each, the "
        f"rest of the history filed in {filing:.0f} s):"
    )
    print(
        f"  keyframes: {len(history.memory_iterations())} in memory, "
        f"{len(history.spilled_iterations())} spilled ({history.spill_bytes / MB:.0f} MB on "
        f"disk, limit {SPILL_LIMIT_BYTES / MB:.0f} MB); widest gap {gaps.max()} iterations "
        f"(jump target {session.jump_gap()})"
    )
    worst = max(t for _, t in jumps)
    listed = ", ".join(f"{i:,d}: {t:.2f} s" for i, t in jumps)
    print(
        f"  far jumps from cold ({listed}; the first ends the widest gap): worst {worst:.2f} s "
        f"(target ≤ 3 s) [{'ok' if worst <= 3 else 'MISS'}]; then its neighbour "
        f"{neighbour * 1000:.0f} ms"
    )
    print(
        f"  RSS {rss:.0f} MB, peak {peak:.0f} MB (target ≤ budget + 150 = {budget + 150} MB) "
        f"[{'ok' if peak <= budget + 150 else 'MISS'}]; RSS after each stage: "
        + ", ".join(f"{name} {mb:.0f}" for name, mb in stages)
    )
    pools = {id(p): p for m in session.models.values() for p in pools_of(m)}
    print(
        f"  in the budget: keyframes {history.keyframe_bytes / MB:.0f} MB, curves "
        f"{history.external_bytes / MB:.1f} MB, spill index {history.index_bytes / MB:.1f} MB, "
        f"replay cache {session._replayer.cache_bytes() / MB:.0f} MB (share "
        f"{history.cache_bytes / MB:.0f} MB); the engine works in "
        f"{history.working_bytes / MB:.0f} MB (traces of the last iteration and pooled "
        f"buffers, {sum(p.free_bytes() for p in pools.values()) / MB:.0f} MB of them waiting "
        f"now), of which {history.engine_bytes / MB:.0f} MB beyond its "
        f"{ENGINE_ALLOWANCE // MB} MB allowance come out of the keyframes' share"
    )
    session.close()


def peak_rss_mb() -> float:
    """This process's peak RSS since it started (``VmHWM``). Not ``getrusage``'s
    ``ru_maxrss``: Linux carries a forking parent's peak into it across ``exec``, so a part run
    in its own process after the training ratios reported their peak, not its own."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def main() -> None:
    length = os.environ.get("BENCH_LONG_RUN", "10000")
    if sys.argv[1:2] == ["--memory"]:
        subprocess.run([sys.executable, __file__, "long-big-history", length], check=True)
        return
    if sys.argv[1:2] == ["--training"]:
        # Only the training ratios (about a minute): for iterating on run mode's speed.
        with blas_limit():
            training_ratios()
        return
    if sys.argv[1:2] == ["long-big-history"]:
        with blas_limit():
            long_big_history(int(sys.argv[2]))
        return
    if sys.argv[1:2] == ["long-run"]:
        # In its own process, so that its memory is measured alone.
        with blas_limit():
            files(long_run_at_defaults(int(sys.argv[2])))
        return
    with blas_limit():
        training_ratios()
    sys.stdout.flush()
    subprocess.run([sys.executable, __file__, "long-run", length], check=True)
    with blas_limit():
        big_model_scrub()
    sys.stdout.flush()
    subprocess.run([sys.executable, __file__, "long-big-history", length], check=True)


if __name__ == "__main__":
    main()
