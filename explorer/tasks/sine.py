"""Sine forecasting, the course notes' first sequence model: a noisy sine, predicted ahead.

The series is ``x_t = sin(0.01 t) + noise``, ``t = 1..length``. As in the notes, the first
``0.6 * length + tau`` points are for training (600 windows of ``tau = 4`` for the default
length 1000) and the rest is held out. The recurrent model reads windows of ``seq_len`` values
and predicts the next value at every step. Forecasting ``k`` steps ahead means feeding the
model its own predictions; the error then grows quickly with ``k``, which is the point the
notes make with k = 1, 4, 16, 64.
"""

from __future__ import annotations

import numpy as np

from explorer.tasks.base import Batch, Model, ParamSpec, Task, TaskPanel, seed_param
from explorer.tasks.metrics import forward_outputs, masked_mse, squared_error
from explorer.tasks.mlp_baseline import AutoregressiveMLP, notes_mlp

TAU = 4
"""Window of the notes' autoregressive MLP; the recurrent model is scored only on steps where
it has seen at least this many values, so the two are compared on equal context."""
TRAIN_FRACTION = 0.6
HORIZONS = (1, 4, 16, 64)
# Caps chosen so that evaluate() stays around 25 ms for an LSTM with 64 units: it runs
# 64 windows of seq_len steps plus 48 forecasts of seq_len + 64 steps.
MAX_EVAL_WINDOWS = 64
MAX_FORECAST_STARTS = 48
PANEL_POINTS = 256
CAPTION = (
    "held-out part t > {split}; each forecast starts after a {warmup}-step warm-up "
    "on true values, then feeds on its own predictions"
)


def sine_series(length: int, noise: float, seed: int) -> np.ndarray:
    """``(length,)`` values of ``sin(0.01 t) + N(0, noise^2)`` for ``t = 1..length``."""
    rng = np.random.default_rng(seed)
    t = np.arange(1, length + 1)
    return np.sin(0.01 * t) + rng.normal(0.0, 1.0, size=length) * noise


def _evenly(values: np.ndarray, limit: int) -> np.ndarray:
    """At most ``limit`` evenly spaced entries of ``values``, first and last included."""
    if len(values) <= limit:
        return values
    return values[np.round(np.linspace(0, len(values) - 1, limit)).astype(int)]


def rnn_forecast(
    model: Model, series: np.ndarray, starts: np.ndarray, warmup: int, horizon: int
) -> np.ndarray:
    """k-step-ahead forecasts of a recurrent model, every start point in one batch.

    For each start ``s`` the model first reads the true ``series[s - warmup : s]`` (warm-up),
    then gets its own last prediction as the next input, one step at a time. Returns
    ``(horizon, len(starts))``: row ``k - 1`` is the forecast of ``series[s + k - 1]`` made
    ``k`` steps ahead. Requires ``starts >= warmup``.
    """
    starts = np.asarray(starts)
    index = starts[None, :] + np.arange(-warmup, 0)[:, None]  # (warmup, B)
    outputs, state = model.forward(series[index][..., None])
    pred = np.asarray(outputs[-1, :, :1], dtype=np.float64)  # (B, 1)
    out = np.empty((horizon, len(starts)))
    out[0] = pred[:, 0]
    for k in range(1, horizon):
        outputs, state = model.forward(pred[None], h0=state)
        pred = np.asarray(outputs[-1, :, :1], dtype=np.float64)
        out[k] = pred[:, 0]
    return out


class SineTask(Task):
    """Many-to-many regression on windows of a noisy sine; see the module docstring."""

    key = "sine"
    title = "Sine forecasting"
    caption_templates = (CAPTION,)
    evaluation_metrics = ("loss", "mse", *(f"mse_k{k}" for k in HORIZONS))
    description = (
        "A sine wave with noise, as in the course notes. The network reads a stretch of the "
        "series and predicts the next value at every step. Trained on the first 60 % of the "
        "series, it is scored on the rest, one step ahead and k = 4, 16, 64 steps ahead, "
        "where it must feed on its own predictions. Compare it with the notes' small "
        "autoregressive MLP, which sees only the last 4 values."
    )
    params = (
        ParamSpec(
            "seq_len",
            "int",
            32,
            8,
            64,
            help="Window length T the network reads; also the warm-up before forecasting.",
        ),
        ParamSpec(
            "length",
            "int",
            1000,
            300,
            5000,
            help="Number of points in the series (the notes use 1000).",
        ),
        ParamSpec(
            "noise",
            "float",
            0.2,
            0.0,
            1.0,
            help="Standard deviation of the Gaussian noise on the sine (the notes use 0.2).",
        ),
        seed_param(),
    )

    def __init__(self, **params) -> None:
        super().__init__(**params)
        self.seq_len = self.p["seq_len"]
        self.input_size = 1
        self.output_size = 1
        self.loss = "mse"
        self.metric_name = "mse"
        self.metric_higher_is_better = False
        self.series = sine_series(self.p["length"], self.p["noise"], self.p["seed"])
        self.series.setflags(write=False)
        # Targets with series index below ``split`` are training data, the rest held out.
        self.split = int(TRAIN_FRACTION * self.p["length"]) + TAU

    # ----------------------------------------------------------------------------- data
    def _windows(self, starts: np.ndarray) -> Batch:
        T = self.seq_len
        index = starts[None, :] + np.arange(T)[:, None]  # (T, B)
        X = self.series[index][..., None]
        Y = self.series[index + 1][..., None]
        mask = np.zeros((T, len(starts)))
        mask[TAU - 1 :] = 1.0
        return X, Y, mask

    def batch(self, batch_size: int, rng: np.random.Generator) -> Batch:
        """Random training windows: ``X`` ``(T, B, 1)`` values, ``Y`` ``(T, B, 1)`` the value one
        step later, ``mask`` ``(T, B)`` 0 for the first ``TAU - 1`` steps, 1 after."""
        last_start = self.split - self.seq_len - 1
        return self._windows(rng.integers(0, last_start + 1, size=batch_size))

    def eval_starts(self) -> np.ndarray:
        """Starts of the evaluation windows: every scored target lies in the held-out part."""
        starts = np.arange(self.split - TAU, self.p["length"] - self.seq_len)
        return _evenly(starts, MAX_EVAL_WINDOWS)

    def forecast_starts(self) -> np.ndarray:
        """Start points of the k-step forecasts, all in the held-out part."""
        starts = np.arange(self.split, self.p["length"] - max(HORIZONS) + 1)
        return _evenly(starts, MAX_FORECAST_STARTS)

    def _make_eval_set(self, rng: np.random.Generator) -> Batch:
        # The series is already fixed by the seed; the evaluation set needs no randomness.
        return self._windows(self.eval_starts())

    # ----------------------------------------------------------------------------- scoring
    @property
    def mlp(self) -> AutoregressiveMLP:
        """The notes' autoregressive MLP fitted to this series (cached across instances)."""
        n_train = self.split - TAU
        return notes_mlp(self.series.tobytes(), TAU, n_train, self.p["seed"])

    def _target_indices(self) -> np.ndarray:
        """Series index of every scored target of the evaluation set, with repetitions."""
        _, _, mask = self.eval_set()
        index = self.eval_starts()[None, :] + np.arange(self.seq_len)[:, None] + 1
        return index[mask > 0]

    def _compute_baseline(self) -> dict[str, float]:
        x = self.series
        targets = self._target_indices()
        windows = x[targets[:, None] + np.arange(-TAU, 0)]
        one_step = float(np.mean((self.mlp.predict(windows) - x[targets]) ** 2))
        starts = self.forecast_starts()
        ahead = self.mlp.forecast(x, starts, max(HORIZONS))
        result = {"loss": one_step, "mse": one_step}
        for k in HORIZONS:
            result[f"mse_k{k}"] = float(np.mean((ahead[k - 1] - x[starts + k - 1]) ** 2))
        result["previous value mse"] = float(np.mean((x[targets - 1] - x[targets]) ** 2))
        # The noise floor: what the noiseless sine itself scores on these very targets. On
        # average it is σ², but the held-out noise is a sample (0.035 for the defaults).
        clean = np.sin(0.01 * (targets + 1.0))
        result["noise floor"] = float(np.mean((clean - x[targets]) ** 2))
        return result

    @property
    def solved_threshold(self) -> float:  # type: ignore[override]
        """Solved means beating the notes' MLP one step ahead on the held-out part."""
        return self.baseline["mse"]

    @property
    def solved_description(self) -> str:  # type: ignore[override]
        return f"one-step MSE < {self.solved_threshold:.4f} (the notes' MLP)"

    def evaluate(self, model: Model) -> dict[str, float]:
        """``{"loss", "mse", "mse_k1", "mse_k4", "mse_k16", "mse_k64"}`` on the held-out part.

        ``loss``/``mse``: one-step error on the evaluation windows (teacher forcing);
        ``mse_k{k}``: error of forecasts made ``k`` steps ahead from ``forecast_starts``.
        """
        X, Y, mask = self.eval_set()
        mse = masked_mse(forward_outputs(model, X), Y, mask)
        metrics = {"loss": mse, "mse": mse}
        starts = self.forecast_starts()
        ahead = rnn_forecast(model, self.series, starts, self.seq_len, max(HORIZONS))
        for k in HORIZONS:
            metrics[f"mse_k{k}"] = squared_error(ahead[k - 1], self.series[starts + k - 1])
        return metrics

    def panel(self, model: Model, example: int = 0) -> TaskPanel:
        """The held-out part of the series (at most its last 256 points) with the model's
        k-step forecasts, like the notes' figure: the curve "k-step" at time t is the forecast
        of x_t made k steps earlier. ``example`` is ignored (there is one series).

        It runs ``seq_len + 64`` model steps for each of up to 319 start points, so it costs
        several evaluations (about 0.1 s for an LSTM with 64 units): refresh it when the view
        needs it, not every iteration.
        """
        length, W, longest = self.p["length"], self.seq_len, max(HORIZONS)
        first = max(self.split, length - PANEL_POINTS)
        starts = np.arange(max(W, first - longest + 1), length)
        ahead = rnn_forecast(model, self.series, starts, W, longest)
        series = {"data": np.array(self.series[first:])}
        for k in HORIZONS:
            curve = np.full(length - first, np.nan)
            # start s forecasts x[s + k - 1]; keep the targets inside the shown range
            where = starts + k - 1
            keep = (where >= first) & (where < length)
            curve[where[keep] - first] = ahead[k - 1][keep]
            series[f"{k}-step"] = curve
        values = {"split": self.split, "warmup": W}
        return TaskPanel(
            kind="series",
            title=self.title,
            caption_template=CAPTION,
            caption_values=values,
            x=np.arange(first + 1, length + 1, dtype=np.float64),
            series=series,
        )
