"""The current run written out as a standalone Python script a student can continue in.

``python_script(config, iterations)`` writes a NumPy-only script: the code listings of
the run's cells (``code_listing.py``, the very lines shown beside the animation), the
initial weights and the batches of the first iterations as exact literal arrays, the
per-step truncation factors, and a loop that trains every cell and prints each
iteration's loss. ``use_engine=True`` writes a shorter script that rebuilds the same run
with ``explorer.engine`` and ``explorer.tasks`` instead (same seeds, same batches).

Both print ``iteration <n> <cell> loss <value>`` with the value's full ``repr``, which
equals the session's loss of that iteration (tested to 1e-10 relative in float64).
Embedding the data, rather than re-deriving it, keeps the NumPy script exact for every
task, including tasks that read a corpus file.
"""

from __future__ import annotations

import base64
import textwrap

import numpy as np

from explorer.session.config import CELL_NAMES, SessionConfig
from explorer.session.session import DATA_STREAM, build_model, model_kwargs
from explorer.tasks import SEQ2SEQ_TASKS, make_task
from explorer.teaching.code_listing import code_blocks, strip_tags

DEFAULT_ITERATIONS = 5
MAX_ITERATIONS = 1000

_ARRAY_HELPER = '''
def array(data, dtype, shape):
    """An exact array stored as base64 of its little-endian bytes."""
    return np.frombuffer(base64.b64decode(data), dtype=dtype).reshape(shape).copy()
'''


class ScriptExportError(ValueError):
    """The run cannot be written as a script; the message says why."""


def python_script(
    config: SessionConfig, iterations: int = DEFAULT_ITERATIONS, use_engine: bool = False
) -> str:
    """A standalone script reproducing the first ``iterations`` of the run ``config`` names.

    Raises ``ScriptExportError`` for an iteration count out of range and ``ValueError`` when
    the task cannot be built.
    """
    if isinstance(iterations, bool) or not isinstance(iterations, int):
        raise ScriptExportError(f"iterations must be a whole number, got {iterations!r}")
    if not 1 <= iterations <= MAX_ITERATIONS:
        raise ScriptExportError(f"iterations must be in [1, {MAX_ITERATIONS}], got {iterations}")
    if config.output_recurrence or config.task in SEQ2SEQ_TASKS:
        raise ScriptExportError(
            "the script export writes the recurrent cells of the ordinary tasks; an "
            "encoder–decoder or output-recurrent run cannot be exported as a script yet"
        )
    if use_engine:
        return _engine_script(config, iterations)
    return _numpy_script(config, iterations)


def _header(config: SessionConfig, iterations: int, how: str) -> str:
    cells = ", ".join(CELL_NAMES[c] for c in config.cells)
    truncation = {
        "full": "full BPTT",
        "truncated": f"truncated every k = {config.truncation.k} steps",
        "random": f"randomized truncation, p = {config.truncation.p}",
    }[config.truncation.kind]
    clipping = "off" if config.clipping == "off" else f"{config.clipping}, {config.clip_threshold}"
    lines = [
        f"BPTT Explorer run: {cells} on the task {config.task!r} (seed {config.seed}).",
        "",
        f"Hidden size {config.hidden_size}, batch {config.batch_size}, optimizer "
        f"{config.optimizer} (learning rate {config.learning_rate}), {truncation}, "
        f"clipping {clipping}.",
        f"Runs the first {iterations} iterations and prints each one's loss. {how}",
    ]
    body = "\n".join(textwrap.fill(line, 92) if line else "" for line in lines)
    return f'"""{body}\n"""\n'


def _encode(a: np.ndarray) -> str:
    a = np.ascontiguousarray(a)
    dtype = a.dtype.newbyteorder("<")
    data = base64.b64encode(a.astype(dtype).tobytes()).decode("ascii")
    return f'array("{data}", "{dtype.str}", {tuple(a.shape)!r})'


def _xi_literal(xi: np.ndarray) -> str:
    """The factors as code: ``np.ones(T)`` for full BPTT, else the exact list."""
    if np.all(xi == 1.0):
        return f"np.ones({len(xi)})"
    return f"np.array({xi.tolist()!r})"


def _numpy_script(config: SessionConfig, iterations: int) -> str:
    task = make_task(config.task, **config.task_params)
    data_rng = np.random.default_rng([config.seed, DATA_STREAM])
    models = {cell: build_model(config, task, cell) for cell in config.cells}
    weights = {cell: {k: v.copy() for k, v in m.params.items()} for cell, m in models.items()}
    batches, factors = [], []
    for _ in range(iterations):
        X, Y, mask = task.batch(config.batch_size, data_rng)
        batches.append((X, Y, mask))
        # The same draws as training: T uniforms from each model's generator per iteration.
        factors.append({c: config.truncation.xi(X.shape[0], m.rng) for c, m in models.items()})
    blocks = code_blocks(
        config.cells,
        config.activation,
        task.loss,
        config.optimizer,
        config.clipping,
        config.forget_gate,
    )
    out = [
        _header(config, iterations, "Needs only NumPy."),
        "import base64",
        "import numpy as np",
        "",
        f"LR = {config.learning_rate!r}",
        f"CLIP = {config.clip_threshold!r}",
        f"MOMENTUM = {config.momentum!r}",
        strip_tags("\n".join(blocks)).replace("import numpy as np\n", "", 1),
        _ARRAY_HELPER,
        "",
        "CELLS = {",
    ]
    for cell in config.cells:
        n_state = 2 if cell == "lstm" else 1
        out.append(f'    "{cell}": ({cell}_step, {cell}_step_back, {n_state}),')
    out += ["}", "", "# The initial weights of each model."]
    out.append("WEIGHTS = {")
    for cell, params in weights.items():
        out.append(f'    "{cell}": {{')
        out += [f'        "{k}": {_encode(v)},' for k, v in params.items()]
        out.append("    },")
    out += ["}", "", "# The batches (X, Y, mask) of each iteration, and per model the factor"]
    out += ["# xi[t] that scales the gradient step t sends back (0 cuts, 1 passes)."]
    out.append("BATCHES = [")
    for X, Y, mask in batches:
        out.append(f"    ({_encode(X)}, {_encode(Y)}, {_encode(mask)}),")
    out += ["]", "XI = ["]
    for per_cell in factors:
        items = ", ".join(f'"{c}": {_xi_literal(xi)}' for c, xi in per_cell.items())
        out.append(f"    {{{items}}},")
    out += ["]", "", _NUMPY_MAIN]
    return "\n".join(out)


_NUMPY_MAIN = """
def main():
    params = {cell: dict(p) for cell, p in WEIGHTS.items()}
    states = {cell: {} for cell in CELLS}
    for n, (X, Y, mask) in enumerate(BATCHES, start=1):
        for cell, (step, step_back, n_state) in CELLS.items():
            p = params[cell]
            loss, g = bptt(p, X, Y, mask, XI[n - 1][cell], step, step_back, n_state)
            clip(g, CLIP)
            update(p, g, states[cell], LR)
            print(f"iteration {n} {cell} loss {float(loss)!r}")


if __name__ == "__main__":
    main()
"""


def _engine_script(config: SessionConfig, iterations: int) -> str:
    kwargs = {cell: model_kwargs(config, cell) for cell in config.cells}
    optimizer = {
        "sgd": "SGD(model.params, lr=LR)",
        "momentum": f"Momentum(model.params, lr=LR, momentum={config.momentum!r})",
        "adam": "Adam(model.params, lr=LR)",
    }[config.optimizer]
    clip = {
        "off": "",
        "norm": "            clip_grad_norm(res.grads, CLIP)\n",
        "value": "            clip_grad_value(res.grads, CLIP)\n",
    }[config.clipping]
    return (
        _header(config, iterations, "Needs BPTT Explorer's engine and tasks installed.")
        + f"""
import numpy as np

from explorer.engine import (
    SGD,
    Adam,
    Momentum,
    Truncation,
    clip_grad_norm,
    clip_grad_value,
    make_model,
)
from explorer.tasks import make_task

ITERATIONS = {iterations}
TASK = {config.task!r}
TASK_PARAMS = {config.task_params!r}
SEED = {config.seed!r}
BATCH_SIZE = {config.batch_size!r}
LR = {config.learning_rate!r}
CLIP = {config.clip_threshold!r}
TRUNCATION = {config.truncation!r}
MODELS = {kwargs!r}


def main():
    task = make_task(TASK, **TASK_PARAMS)
    # The batches come from their own stream of the seed, apart from the weights'.
    data_rng = np.random.default_rng([SEED, {DATA_STREAM}])
    models, optimizers = {{}}, {{}}
    for cell, kwargs in MODELS.items():
        model = make_model(
            cell, input_size=task.input_size, output_size=task.output_size, **kwargs
        )
        models[cell] = model
        optimizers[cell] = {optimizer}
    for n in range(1, ITERATIONS + 1):
        X, Y, mask = task.batch(BATCH_SIZE, data_rng)
        for cell, model in models.items():
            res = model.loss_and_grads(X, Y, loss=task.loss, mask=mask, truncation=TRUNCATION)
{clip}            optimizers[cell].step(res.grads)
            print(f"iteration {{n}} {{cell}} loss {{float(res.loss)!r}}")


if __name__ == "__main__":
    main()
"""
    )
