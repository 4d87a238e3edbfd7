"""Short NumPy implementations of each cell and of the BPTT loop, shown beside the animation.

A listing is the code a student reads in d2l or CS231n (min-char-rnn style, row vectors,
d2l's names ``W_xh, W_hh, b_h, W_hq, b_q``), and it is the code that runs: the tests
execute the very lines a view shows on the engine's weights and compare with the
engine's trace, and the exported script (``script_export.py``) is built from them.

Every source line may end with a tag comment ``# @phase`` naming when it executes:
``forward`` (each forward step t), ``start`` (the first forward step only: zero state),
``loss``, ``backward`` (each backward step t), ``seed`` (the first backward step only:
the gradient starts from the loss) and ``update``. The tags are stripped from the shown
lines; :func:`highlighted_lines` maps the session's phase and cursor to line numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from explorer.session.snapshot import Phase

CELLS = ("rnn", "lstm", "gru")
TAGS = ("start", "forward", "loss", "seed", "backward", "update")
_TAG_MARK = "  # @"

_SIGMOID = """
def sigmoid(a):
    return 0.5 * (1.0 + np.tanh(0.5 * a))
"""

_RNN = '''
def rnn_step(x, state, p):
    """h_t = phi(x_t W_xh + h_{t-1} W_hh + b_h); state = (h,)."""
    (h_prev,) = state
    a = x @ p["W_xh"] + h_prev @ p["W_hh"] + p["b_h"]  # @forward
    h = {phi}  # @forward
    return (h,), (x, h_prev, a, h)


def rnn_step_back(dstate, cache, p, g):
    """Add this step's weight gradients to g; return the gradient reaching (h_{t-1},)."""
    (dh,) = dstate
    x, h_prev, a, h = cache
    da = dh * {dphi}  # @backward
    g["W_xh"] += x.T @ da  # @backward
    g["W_hh"] += h_prev.T @ da  # @backward
    g["b_h"] += da.sum(axis=0)  # @backward
    return (da @ p["W_hh"].T,)  # @backward
'''

_PHI = {
    "tanh": ("np.tanh(a)", "(1.0 - h * h)"),
    "relu": ("np.maximum(a, 0.0)", "(a > 0)"),
}

_LSTM = '''
def lstm_step(x, state, p):
    """d2l's LSTM: gates i, f, o and candidate c~ from x_t and h_{t-1}; state = (h, c)."""
    h_prev, c_prev = state
    i = sigmoid(x @ p["W_xi"] + h_prev @ p["W_hi"] + p["b_i"])  # @forward
    f = sigmoid(x @ p["W_xf"] + h_prev @ p["W_hf"] + p["b_f"])  # @forward
    o = sigmoid(x @ p["W_xo"] + h_prev @ p["W_ho"] + p["b_o"])  # @forward
    c_tilde = np.tanh(x @ p["W_xc"] + h_prev @ p["W_hc"] + p["b_c"])  # @forward
    c = f * c_prev + i * c_tilde  # @forward
    h = o * np.tanh(c)  # @forward
    return (h, c), (x, h_prev, c_prev, i, f, o, c_tilde, np.tanh(c))


def lstm_step_back(dstate, cache, p, g):
    """Add this step's weight gradients to g; return the gradient reaching (h_{t-1}, c_{t-1})."""
    dh, dc = dstate
    x, h_prev, c_prev, i, f, o, c_tilde, tc = cache
    dc = dc + dh * o * (1.0 - tc * tc)  # @backward
    da = {  # @backward
        "i": dc * c_tilde * i * (1.0 - i),  # @backward
        "f": dc * c_prev * f * (1.0 - f),  # @backward
        "o": dh * tc * o * (1.0 - o),  # @backward
        "c": dc * i * (1.0 - c_tilde * c_tilde),  # @backward
    }  # @backward
    dh_prev = 0.0
    for k, d in da.items():  # @backward
        g["W_x" + k] += x.T @ d  # @backward
        g["W_h" + k] += h_prev.T @ d  # @backward
        g["b_" + k] += d.sum(axis=0)  # @backward
        dh_prev = dh_prev + d @ p["W_h" + k].T  # @backward
    return (dh_prev, dc * f)  # @backward
'''

_GRU = '''
def gru_step(x, state, p):
    """d2l's GRU: update gate z, reset gate r, candidate h~; state = (h,)."""
    (h_prev,) = state
    z = sigmoid(x @ p["W_xz"] + h_prev @ p["W_hz"] + p["b_z"])  # @forward
    r = sigmoid(x @ p["W_xr"] + h_prev @ p["W_hr"] + p["b_r"])  # @forward
    h_tilde = np.tanh(x @ p["W_xh"] + (r * h_prev) @ p["W_hh"] + p["b_h"])  # @forward
    h = z * h_prev + (1.0 - z) * h_tilde  # @forward
    return (h,), (x, h_prev, z, r, h_tilde)


def gru_step_back(dstate, cache, p, g):
    """Add this step's weight gradients to g; return the gradient reaching (h_{t-1},)."""
    (dh,) = dstate
    x, h_prev, z, r, h_tilde = cache
    da_h = dh * (1.0 - z) * (1.0 - h_tilde * h_tilde)  # @backward
    drh = da_h @ p["W_hh"].T  # @backward
    da_r = drh * h_prev * r * (1.0 - r)  # @backward
    da_z = dh * (h_prev - h_tilde) * z * (1.0 - z)  # @backward
    for k, d in (("z", da_z), ("r", da_r)):  # @backward
        g["W_x" + k] += x.T @ d  # @backward
        g["W_h" + k] += h_prev.T @ d  # @backward
        g["b_" + k] += d.sum(axis=0)  # @backward
    g["W_xh"] += x.T @ da_h  # @backward
    g["W_hh"] += (r * h_prev).T @ da_h  # @backward
    g["b_h"] += da_h.sum(axis=0)  # @backward
    dh_prev = dh * z + drh * r + da_z @ p["W_hz"].T + da_r @ p["W_hr"].T  # @backward
    return (dh_prev,)  # @backward
'''

_LOSSES = {
    "mse": '''
def loss_and_dout(out, Y, mask):
    """Mean squared error over the scored (t, b) and every output unit."""
    n = mask.sum() * out.shape[2]
    diff = (out - Y) * mask[:, :, None]
    return (diff * diff).sum() / n, diff * (2.0 / n)
''',
    "ce": '''
def loss_and_dout(out, y, mask):
    """Mean cross-entropy of the classes y under softmax(out) over the scored (t, b)."""
    n = mask.sum()
    shifted = out - out.max(axis=2, keepdims=True)
    probs = np.exp(shifted)
    total = probs.sum(axis=2, keepdims=True)
    picked = np.take_along_axis(shifted, y[:, :, None], axis=2)[:, :, 0]
    loss = ((np.log(total[:, :, 0]) - picked) * mask).sum() / n
    probs /= total
    t, b = np.indices(y.shape)
    probs[t, b, y] -= 1.0
    return loss, probs * (mask / n)[:, :, None]
''',
}

_BPTT = '''
def bptt(p, X, Y, mask, xi, step=STEP, step_back=STEP_BACK, n_state=N_STATE):
    """Loss and gradients of one batch. X: (T, B, D); xi[t] scales what step t sends back."""
    T, B, _ = X.shape
    state = tuple(np.zeros((B, p["W_hq"].shape[0])) for _ in range(n_state))  # @start
    caches, hs = [], []
    for t in range(T):  # @forward
        state, cache = step(X[t], state, p)  # @forward
        caches.append(cache)  # @forward
        hs.append(state[0])  # @forward
    H = np.stack(hs)  # @loss
    out = H @ p["W_hq"] + p["b_q"]  # @loss
    loss, dout = loss_and_dout(out, Y, mask)  # @loss
    g = {k: np.zeros_like(v) for k, v in p.items()}  # @seed
    g["W_hq"] = np.einsum("tbh,tbq->hq", H, dout)  # @seed
    g["b_q"] = dout.sum(axis=(0, 1))  # @seed
    dH = dout @ p["W_hq"].T  # @seed
    dstate = tuple(np.zeros_like(s) for s in state)  # @seed
    for t in reversed(range(T)):  # @backward
        dstate = (dH[t] + dstate[0],) + dstate[1:]  # @backward
        dstate = step_back(dstate, caches[t], p, g)  # @backward
        dstate = tuple(xi[t] * d for d in dstate)  # @backward
    return loss, g
'''

_TRAIN_STEP = '''
def train_step(p, opt, X, Y, mask, xi):
    """One iteration: BPTT, CLIP_LINE then the optimizer's update of p in place."""
    loss, g = bptt(p, X, Y, mask, xi)
    clip(g, CLIP)  # @update
    update(p, g, opt, LR)  # @update
    return loss
'''

_CLIP = {
    "off": '''
def clip(g, threshold):
    """No clipping."""
''',
    "norm": '''
def clip(g, threshold):
    """Rescale all gradients together when their global norm exceeds the threshold."""
    norm = np.sqrt(sum(float(np.vdot(v, v)) for v in g.values()))  # @update
    if threshold / (norm + 1e-6) < 1.0:  # @update
        for v in g.values():  # @update
            v *= threshold / (norm + 1e-6)  # @update
''',
    "value": '''
def clip(g, threshold):
    """Clip every gradient entry to [-threshold, threshold]."""
    for v in g.values():  # @update
        np.clip(v, -threshold, threshold, out=v)  # @update
''',
}

_OPTIMIZERS = {
    "sgd": '''
def update(p, g, opt, lr):
    """Gradient descent: p <- p - lr * g."""
    for k in g:  # @update
        p[k] -= lr * g[k]  # @update
''',
    "momentum": '''
def update(p, g, opt, lr, mu=MOMENTUM):
    """PyTorch's momentum: buf <- mu * buf + g (buf = g at first); p <- p - lr * buf."""
    first = not opt
    for k in g:  # @update
        opt[k] = g[k].copy() if first else mu * opt[k] + g[k]  # @update
        p[k] -= lr * opt[k]  # @update
''',
    "adam": '''
def update(p, g, opt, lr, b1=0.9, b2=0.999, eps=1e-8):
    """PyTorch's Adam with bias correction."""
    opt["t"] = opt.get("t", 0) + 1  # @update
    step = lr / (1.0 - b1 ** opt["t"])  # @update
    root = np.sqrt(1.0 - b2 ** opt["t"])  # @update
    for k in g:  # @update
        m, v = opt.setdefault(k, (np.zeros_like(g[k]), np.zeros_like(g[k])))  # @update
        m = b1 * m + (1.0 - b1) * g[k]  # @update
        v = b2 * v + (1.0 - b2) * (g[k] * g[k])  # @update
        opt[k] = (m, v)  # @update
        p[k] -= step * (m / (np.sqrt(v) / root + eps))  # @update
''',
}


@dataclass(frozen=True)
class Listing:
    """The shown lines of one cell's code and, per line, the phase it runs in (or None)."""

    cell: str
    lines: tuple[str, ...]
    tags: tuple[str | None, ...]

    @property
    def source(self) -> str:
        """The executable source (exactly the shown lines)."""
        return "\n".join(self.lines) + "\n"

    def namespace(
        self, lr: float = 0.01, clip: float = 1.0, momentum: float = 0.9
    ) -> dict[str, Any]:
        """Execute the listing and return its functions (``bptt``, ``train_step`` …).

        ``lr``, ``clip`` and ``momentum`` are the constants the listing's code names.
        """
        import numpy as np

        scope: dict[str, Any] = {"np": np, "MOMENTUM": momentum, "LR": lr, "CLIP": clip}
        exec(
            compile(self.source, f"<listing {self.cell}>", "exec"), scope
        )  # runs the shipped listing text, never user input
        return scope


def listing(
    cell: str,
    *,
    activation: str = "tanh",
    loss: str = "mse",
    optimizer: str = "sgd",
    clipping: str = "off",
    forget_gate: bool = True,
) -> Listing:
    """The listing of ``cell`` ("rnn", "lstm", "gru") with the run's loss, optimizer, clipping
    (``forget_gate=False``: the 1997 LSTM, whose cell is carried on unchanged, F = 1)."""
    if cell not in CELLS:
        raise ValueError(f"cell must be one of {CELLS}, got {cell!r}")
    if activation not in _PHI:
        raise ValueError(f"activation must be one of {tuple(_PHI)}, got {activation!r}")
    parts = {"loss": _LOSSES, "optimizer": _OPTIMIZERS, "clipping": _CLIP}
    for name, value in (("loss", loss), ("optimizer", optimizer), ("clipping", clipping)):
        if value not in parts[name]:
            raise ValueError(f"{name} must be one of {tuple(parts[name])}, got {value!r}")
    blocks = code_blocks((cell,), activation, loss, optimizer, clipping, forget_gate)
    return _parse(cell, "\n".join(blocks))


def _without_forget_gate(code: str) -> str:
    """The LSTM listing of the 1997 cell: no forget gate, the cell carried on as it is."""
    drop = ('    f = sigmoid(x @ p["W_xf"]', '        "f": dc * c_prev')
    lines = [line for line in code.split("\n") if not line.startswith(drop)]
    return (
        "\n".join(lines)
        .replace("c = f * c_prev + i * c_tilde", "c = c_prev + i * c_tilde")
        .replace("gates i, f, o", "gates i, o (no forget gate)")
        .replace(
            "(x, h_prev, c_prev, i, f, o, c_tilde, np.tanh(c))",
            "(x, h_prev, i, o, c_tilde, np.tanh(c))",
        )
        .replace(
            "x, h_prev, c_prev, i, f, o, c_tilde, tc = cache",
            "x, h_prev, i, o, c_tilde, tc = cache",
        )
        .replace("return (dh_prev, dc * f)", "return (dh_prev, dc)")
    )


def code_blocks(
    cells: tuple[str, ...],
    activation: str,
    loss: str,
    optimizer: str,
    clipping: str,
    forget_gate: bool = True,
) -> list[str]:
    """The tagged source blocks of a listing over ``cells`` (their steps, then one shared
    loss, BPTT loop, clipping, update and training step; ``bptt`` defaults to the first cell).
    """
    phi, dphi = _PHI[activation]
    cell_code = {
        "rnn": _RNN.replace("{phi}", phi).replace("{dphi}", dphi),
        "lstm": _LSTM if forget_gate else _without_forget_gate(_LSTM),
        "gru": _GRU,
    }
    first = cells[0]
    bptt = (
        _BPTT.replace("STEP_BACK", f"{first}_step_back")
        .replace("STEP", f"{first}_step")
        .replace("N_STATE", "2" if first == "lstm" else "1")
    )
    clip_word = "clipping" if clipping != "off" else "no clipping"
    blocks = ["import numpy as np\n"]
    if any(c != "rnn" for c in cells):
        blocks.append(_SIGMOID)
    blocks += [cell_code[c] for c in cells]
    blocks += [_LOSSES[loss], bptt, _CLIP[clipping], _OPTIMIZERS[optimizer]]
    blocks.append(_TRAIN_STEP.replace("CLIP_LINE", clip_word))
    return blocks


def strip_tags(text: str) -> str:
    """``text`` without its ``# @phase`` tag comments (what the listing shows and runs)."""
    return "\n".join(_parse("", text).lines) + "\n"


def _parse(cell: str, text: str) -> Listing:
    lines: list[str] = []
    tags: list[str | None] = []
    previous_blank = False
    for raw in text.strip("\n").split("\n"):
        blank = not raw.strip()
        if blank and previous_blank:
            continue  # one blank line between blocks is enough to read
        previous_blank = blank
        code, mark, tag = raw.partition(_TAG_MARK)
        if mark and tag not in TAGS:
            raise ValueError(f"unknown listing tag {tag!r} in {raw!r}")
        lines.append(code.rstrip() if mark else raw)
        tags.append(tag if mark else None)
    return Listing(cell, tuple(lines), tuple(tags))


def highlighted_lines(listing: Listing, phase: Phase, t: int, T: int) -> set[int]:
    """The 0-based line numbers that execute at ``phase`` with cursor ``t`` (1 … T).

    Forward step 1 also lights the zero initial state; backward step T also lights the
    lines that start the gradient from the loss. Idle lights nothing.
    """
    wanted: set[str] = set()
    if phase is Phase.FORWARD:
        wanted = {"forward", "start"} if t <= 1 else {"forward"}
    elif phase is Phase.LOSS:
        wanted = {"loss"}
    elif phase is Phase.BACKWARD:
        wanted = {"backward", "seed"} if t >= T else {"backward"}
    elif phase is Phase.UPDATE:
        wanted = {"update"}
    return {n for n, tag in enumerate(listing.tags) if tag in wanted}
