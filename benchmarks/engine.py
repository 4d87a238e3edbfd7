"""Milliseconds per training iteration of the NumPy engine, optionally against PyTorch CPU.

One iteration = forward, backward with the full trace (every dloss/dh_t), Adam update.
Run from the repository root:  python benchmarks/engine.py [--quick]

Threads: on small matrices a multi-threaded BLAS spends more time waking threads than
multiplying, so unless OPENBLAS_NUM_THREADS / OMP_NUM_THREADS are already set this
script pins NumPy's BLAS to one thread (before NumPy is imported) and calls
``torch.set_num_threads(1)``, so both sides get one core.

PyTorch (optional) is measured two ways: the fused ``nn.RNN/nn.LSTM/nn.GRU`` modules
(which do not expose dloss/dh_t) and a per-step loop over ``nn.*Cell`` that calls
``retain_grad()`` on every hidden state, i.e. what the engine's trace provides.

Last, a 2-layer bidirectional model beside the 1-layer unidirectional one of each cell
(T = 50, B = 16, H = 32): CPU time of this thread, timed in alternating rounds, with four
separate one-layer models of the stack's input widths beside them for reference.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
THREADS = int(os.environ["OPENBLAS_NUM_THREADS"])

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from explorer.engine import CELLS, Adam, make_model  # noqa: E402

SIZES = ((50, 16, 8, 32), (200, 16, 8, 64))  # (T, B, D, H); O = D


def _timed(fn, budget: float = 0.6, min_reps: int = 5) -> float:
    """Fastest milliseconds of ``fn()`` over repeated runs within about ``budget`` seconds.

    The minimum, not the mean: on a shared machine the slower runs measure the neighbours.
    """
    fn()
    fn()
    times = []
    start = time.perf_counter()
    while len(times) < min_reps or time.perf_counter() - start < budget:
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        if len(times) >= 200:
            break
    return 1e3 * min(times)


def _data(T, B, D, dtype):
    rng = np.random.default_rng(0)
    return rng.standard_normal((T, B, D)).astype(dtype), rng.standard_normal((T, B, D)).astype(
        dtype
    )


def engine_iteration(cell, T, B, D, H, dtype, num_layers=1, bidirectional=False, outputs=None):
    """A closure running one engine training iteration (``outputs``: D by default)."""
    Q = D if outputs is None else outputs
    model = make_model(
        cell, input_size=D, hidden_size=H, output_size=Q, seed=0, dtype=dtype,
        num_layers=num_layers, bidirectional=bidirectional,
    )  # fmt: skip
    opt = Adam(model.params, lr=1e-3)
    X, _ = _data(T, B, D, dtype)
    Y = _data(T, B, Q, dtype)[1]

    def step():
        res = model.loss_and_grads(X, Y)
        opt.step(res.grads)
        return res

    return step


def torch_iterations(cell, T, B, D, H, dtype):
    """Closures for one PyTorch iteration: fused module, and per-step cell loop."""
    import torch

    tdtype = torch.float64 if dtype == np.float64 else torch.float32
    X, Y = (torch.from_numpy(a) for a in _data(T, B, D, dtype))
    fused_cls = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell]
    cell_cls = {"rnn": torch.nn.RNNCell, "lstm": torch.nn.LSTMCell, "gru": torch.nn.GRUCell}[cell]
    torch.manual_seed(0)
    fused, head = fused_cls(D, H).to(tdtype), torch.nn.Linear(H, D).to(tdtype)
    fused_opt = torch.optim.Adam([*fused.parameters(), *head.parameters()], lr=1e-3)
    step_cell, step_head = cell_cls(D, H).to(tdtype), torch.nn.Linear(H, D).to(tdtype)
    loop_opt = torch.optim.Adam([*step_cell.parameters(), *step_head.parameters()], lr=1e-3)
    mse = torch.nn.MSELoss()

    def fused_step():
        fused_opt.zero_grad()
        out, _ = fused(X)
        loss = mse(head(out), Y)
        loss.backward()
        fused_opt.step()

    def loop_step():
        loop_opt.zero_grad()
        h = torch.zeros(B, H, dtype=tdtype)
        c = torch.zeros(B, H, dtype=tdtype)
        hs = []
        for t in range(T):
            if cell == "lstm":
                h, c = step_cell(X[t], (h, c))
            else:
                h = step_cell(X[t], h)
            h.retain_grad()
            hs.append(h)
        loss = mse(step_head(torch.stack(hs)), Y)
        loss.backward()
        loop_opt.step()
        return [s.grad for s in hs]

    return fused_step, loop_step


def main(quick: bool = False) -> None:
    try:
        import torch

        torch.set_num_threads(THREADS)
        torch_version = torch.__version__
    except ImportError:
        torch_version = None
    print(
        f"NumPy {np.__version__}, BLAS threads {THREADS}; PyTorch {torch_version or 'not installed'}"
    )
    budget = 0.25 if quick else 0.6
    header = f"{'cell':5} {'dtype':8} {'T':>4} {'H':>3} {'engine':>8}"
    if torch_version:
        header += f" {'fused':>8} {'loop':>8} {'eng/fused':>9} {'eng/loop':>8}"
    print(header + "   (ms per iteration)")
    for cell in CELLS:
        for dtype in (np.float64, np.float32):
            for T, B, D, H in SIZES:
                ms = _timed(engine_iteration(cell, T, B, D, H, dtype), budget)
                line = f"{cell:5} {np.dtype(dtype).name:8} {T:4d} {H:3d} {ms:8.2f}"
                if torch_version:
                    fused_step, loop_step = torch_iterations(cell, T, B, D, H, dtype)
                    fused_ms = _timed(fused_step, budget)
                    loop_ms = _timed(loop_step, budget)
                    line += (
                        f" {fused_ms:8.2f} {loop_ms:8.2f} {ms / fused_ms:9.2f} {ms / loop_ms:8.2f}"
                    )
                print(line, flush=True)
    print("\nReading trace.contrib / weight_grad_by_step at T=50, B=16, H=32 (float64):")
    for cell in CELLS:
        step = engine_iteration(cell, 50, 16, 8, 32, np.float64)
        base = _timed(step, budget)
        with_contrib = _timed(lambda step=step: step().trace.contrib, budget)
        with_terms = _timed(lambda step=step: step().trace.weight_grad_by_step, budget)
        extra = with_contrib - base
        print(
            f"{cell:5} iteration {base:6.2f} ms   contrib +{extra:6.2f} ms ({extra / base:4.2f}x)"
            f"   weight_grad_by_step +{with_terms - base:5.2f} ms"
        )
    stacked_figures(quick)


def _cpu_ms(fn, reps: int) -> float:
    """Fastest CPU time (this thread's, in ms) of ``fn()`` over ``reps`` runs.

    CPU time, not wall time: a run that the scheduler interrupts for a neighbour is not
    charged for the neighbour's time, which matters more the longer the run.
    """
    best = float("inf")
    for _ in range(reps):
        t0 = time.thread_time()
        fn()
        best = min(best, time.thread_time() - t0)
    return 1e3 * best


def four_layers_apart(cell, T, B, D, H, dtype):
    """A closure running one iteration of each of four separate one-layer models with the
    input widths of a 2-layer bidirectional stack's four passes: two reading D inputs, two
    reading 2H (what layer 1 reads). Not the stack's work exactly (each has its own read-out
    and loss; layer 1 of the stack also sends dL/dX down), but what the stack's layers
    cost when each runs as the one-layer model does."""
    steps = [engine_iteration(cell, T, B, d, H, dtype, outputs=D) for d in (D, D, 2 * H, 2 * H)]

    def run():
        for step in steps:
            step()

    return run


def stacked_figures(quick: bool = False) -> None:
    """2-layer bidirectional against 1-layer unidirectional, same cell and sizes.

    The models are timed in alternating rounds after a warm-up and each keeps its fastest
    run, so a busy neighbour slows all rather than one. Beside the ratio: four one-layer
    models with the stack's input widths (:func:`four_layers_apart`), against the same
    1-layer model, for what the layers alone cost: layer 1 reads 2H inputs, so the stack
    does more than 4x the arithmetic of one layer.
    """
    T, B, D, H = 50, 16, 8, 32
    print(f"\n2 layers, bidirectional vs 1 layer at T={T}, B={B}, H={H} (float64, CPU time):")
    rounds, reps = (4, 5) if quick else (10, 10)
    for cell in CELLS:
        one = engine_iteration(cell, T, B, D, H, np.float64)
        deep = engine_iteration(cell, T, B, D, H, np.float64, num_layers=2, bidirectional=True)
        apart = four_layers_apart(cell, T, B, D, H, np.float64)
        for fn in (one, deep, apart):
            fn()
        one_ms = deep_ms = apart_ms = float("inf")
        for _ in range(rounds):
            one_ms = min(one_ms, _cpu_ms(one, reps))
            deep_ms = min(deep_ms, _cpu_ms(deep, reps))
            apart_ms = min(apart_ms, _cpu_ms(apart, reps))
        print(
            f"{cell:5} 1 layer {one_ms:6.2f} ms   2 layers bidirectional {deep_ms:6.2f} ms"
            f"   ratio {deep_ms / one_ms:4.2f}x"
            f"   (its four layers as 1-layer models: {apart_ms / one_ms:4.2f}x)"
        )


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
