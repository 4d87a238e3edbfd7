"""Headless commands, built on the session (no window): ``train`` and ``render``.

``bptt-explorer train --config run.json --iterations 500 --csv`` prints the metrics of every
iteration as CSV on stdout, with a progress bar on stderr.

``bptt-explorer export-script run.json run.py --iterations 5 [--engine]`` writes the run as
a standalone NumPy script (or one that imports the engine) printing each iteration's loss.

``bptt-explorer render --lesson vanishing --iterations 300 --at 1,100,300 --format png,svg
--gif --out figs/`` trains the same way, then draws figures offscreen (Qt on the "offscreen"
platform: no display needed) and prints the files written.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from explorer.arguments import parse_size
from explorer.session.config import MAX_LAYERS, ConfigError, SessionConfig
from explorer.session.cost import check_fits, slow_warning
from explorer.session.export import CURVE_COLUMNS
from explorer.session.session import Session

MAX_ITERATIONS = 1_000_000
DEFAULT_ITERATIONS = 200


class CliError(Exception):
    """A problem with the command line or its files, shown as one line without a traceback."""


def read_config(path: str) -> SessionConfig:
    """Load a session config from a JSON file, with messages naming the file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CliError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"{path}: cannot be read ({exc})") from None
    try:
        return SessionConfig.from_json(text)
    except ConfigError as exc:
        raise CliError(f"{path}: {exc}") from None


def with_model_options(
    config: SessionConfig, num_layers: int | None, bidirectional: bool
) -> SessionConfig:
    """``config`` with the command line's ``--num-layers`` / ``--bidirectional`` applied."""
    changes: dict[str, object] = {}
    if num_layers is not None:
        changes["num_layers"] = num_layers
    if bidirectional:
        changes["bidirectional"] = True
    try:
        return config.with_changes(**changes) if changes else config
    except ConfigError as exc:
        raise CliError(str(exc).replace("num_layers", "--num-layers", 1)) from None


def positive_iterations(text: str) -> int:
    """argparse type: an iteration count in [1, MAX_ITERATIONS]."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 1 <= value <= MAX_ITERATIONS:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_ITERATIONS}, got {value}")
    return value


class ProgressBar:
    """A one-line progress bar on a terminal stream, redrawn at most ten times a second."""

    def __init__(self, total: int, stream: TextIO, width: int = 30) -> None:
        self.total, self.stream, self.width = total, stream, width
        self._last = 0.0

    def due(self) -> bool:
        """Whether a redraw would show now (lets callers skip formatting the note)."""
        return time.monotonic() - self._last >= 0.1

    def update(self, done: int, note: str = "", force: bool = False) -> None:
        """Redraw for ``done`` of ``total`` finished."""
        now = time.monotonic()
        if not force and now - self._last < 0.1:
            return
        self._last = now
        filled = round(self.width * done / self.total)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done}/{self.total} {note}")
        self.stream.flush()

    def close(self) -> None:
        """End the progress line."""
        self.stream.write("\n")
        self.stream.flush()


def train(config: SessionConfig, iterations: int, out: TextIO, err: TextIO, as_csv: bool) -> int:
    """Train headlessly; one CSV row per (iteration, model) or a summary per model."""
    try:
        cost = check_fits(config)
        session = Session(config)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    warning = slow_warning(cost)
    if warning is not None:
        err.write(f"{warning}\n")
    session.add_listener(lambda event: err.write(f"\n{event.message}\n"))
    writer = csv.writer(out, lineterminator="\n")
    metric = session.task.metric_name
    if as_csv:
        writer.writerow([*CURVE_COLUMNS, metric])
    progress = ProgressBar(iterations, err)
    train_iterations(session, iterations, writer if as_csv else None, progress, err)
    progress.close()
    if not as_csv:
        for cell in session.cells:
            metrics = session.task.evaluate(session.models[cell])
            solved = "solved" if session.task.solved(metrics) else "not solved"
            shown = ", ".join(f"{k} {v:.4g}" for k, v in metrics.items())
            out.write(f"{cell}: {shown} ({solved})\n")
    return 0


def _optional(value: float) -> str:
    """A CSV cell: empty for NaN (a value that does not apply, e.g. truncation off)."""
    return "" if math.isnan(value) else repr(value)


def train_iterations(
    session: Session,
    iterations: int,
    writer: Any | None,
    progress: ProgressBar | None,
    err: TextIO,
) -> int:
    """Run up to ``iterations`` more iterations, a CSV row per model each (when ``writer``).

    Only the scalars are read: no display data is built for a headless run. Returns how
    many iterations ran.
    """
    metric = session.task.metric_name
    done = 0
    while done < iterations:
        if not session.one_iteration():
            err.write("\nEvery model diverged; stopping.\n")
            break
        done += 1
        scalars = session.latest_scalars()
        if writer is not None:
            for cell, (values, metrics) in scalars.items():
                writer.writerow(
                    [
                        session.completed,
                        cell,
                        repr(values["loss"]),
                        repr(values["grad_norm"]),
                        repr(values["grad_norm_clipped"]),
                        int(values["clipped"]),
                        _optional(values["spectral_radius"]),
                        _optional(values["truncation_cosine"]),
                        _optional(values["truncation_rel_norm"]),
                        repr(metrics[metric]) if metric in metrics else "",
                    ]
                )
        if progress is not None and (progress.due() or done == iterations):
            losses = " ".join(f"{c}={v['loss']:.4g}" for c, (v, _) in scalars.items())
            progress.update(done, losses, force=True)
    return done


def iteration_list(text: str) -> tuple[int, ...]:
    """argparse type: ``"1,100,300"`` → (1, 100, 300), sorted and without repeats."""
    try:
        values = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected iterations like 1,100,300, got {text!r}"
        ) from None
    if not values or values[0] < 1:
        raise argparse.ArgumentTypeError(f"iterations must be 1 or more, got {text!r}")
    return tuple(values)


def format_list(text: str) -> tuple[str, ...]:
    """argparse type: ``"png,svg"`` → ("png", "svg")."""
    from explorer.render import FORMATS

    names = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    bad = [n for n in names if n not in FORMATS]
    if bad or not names:
        raise argparse.ArgumentTypeError(
            f"formats are {', '.join(FORMATS)} (comma-separated), got {text!r}"
        )
    return names


def output_folder(path: str) -> Path:
    """Create ``path`` if missing; a file in the way or a folder we cannot write is an error."""
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise CliError(f"{folder}: exists and is not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise CliError(f"{folder}: cannot write there ({exc.strerror or exc})") from None
    return folder


def render_config(args: argparse.Namespace) -> tuple[SessionConfig, int]:
    """The session config and iteration count of ``render``: from --lesson or --config."""
    if args.lesson:
        from explorer.lessons import LessonError, find_lesson

        try:
            lesson = find_lesson(args.lesson)
        except LessonError as exc:
            raise CliError(str(exc)) from None
        default = lesson.check.iterations if lesson.check is not None else DEFAULT_ITERATIONS
        return lesson.config, args.iterations or default
    config = read_config(args.config) if args.config else SessionConfig()
    return config, args.iterations or DEFAULT_ITERATIONS


def render(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Train headlessly, then write the figures; prints each file written."""
    from explorer.atomic_file import FileWriteError
    from explorer.render import RenderJob, render_figures, train_and_capture

    config, iterations = render_config(args)
    at = args.at or (iterations,)
    if at[-1] > iterations:
        raise CliError(f"--at {at[-1]} is after the last iteration ({iterations})")
    folder = output_folder(args.out)
    try:
        cost = check_fits(config)
        session = Session(config)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    warning = slow_warning(cost)
    if warning is not None:
        err.write(f"{warning}\n")
    session.add_listener(lambda event: err.write(f"\n{event.message}\n"))
    bar = ProgressBar(iterations, err)
    captured, final = train_and_capture(
        session, iterations, at, lambda done, note: bar.update(done, note, force=done == iterations)
    )
    bar.close()
    missing = [n for n in at if n not in captured]
    if missing:
        err.write(f"No figures for iterations {missing}: every model had diverged.\n")
    job = RenderJob(
        out=folder, at=at, formats=args.format, gif=args.gif, size=args.size, fps=args.fps
    )
    drawing = ProgressBar(len(captured) + 1 + int(args.gif), err)
    try:
        written = render_figures(
            captured, final, job, lambda done, total: drawing.update(done, "figures", force=True)
        )
    except FileWriteError as exc:
        raise CliError(str(exc)) from None
    finally:
        drawing.close()
    for path in written:
        out.write(f"{path}\n")
    return 0


def export_script(args: argparse.Namespace, out: TextIO) -> int:
    """Write the run of a config file as a Python script, atomically; prints its path."""
    from explorer.atomic_file import FileWriteError, atomic_write_text
    from explorer.teaching.script_export import python_script

    config = read_config(args.config)
    try:
        text = python_script(config, args.iterations, use_engine=args.engine)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    try:
        atomic_write_text(args.out, text)
    except FileWriteError as exc:
        raise CliError(str(exc)) from None
    out.write(f"{args.out}\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """``bptt-explorer train|render|export-script ...``."""
    parser = argparse.ArgumentParser(prog="bptt-explorer", description="Headless BPTT Explorer.")
    sub = parser.add_subparsers(dest="command", required=True)
    train_p = sub.add_parser("train", help="train without a window and print metrics")
    train_p.add_argument("--config", metavar="JSON", help="a session config file")
    train_p.add_argument("--iterations", type=positive_iterations, default=200)
    train_p.add_argument("--csv", action="store_true", help="print one CSV row per iteration")
    train_p.add_argument(
        "--num-layers",
        type=int,
        metavar=f"1-{MAX_LAYERS}",
        help="stack this many recurrent layers in every model (overrides the config)",
    )
    train_p.add_argument(
        "--bidirectional",
        action="store_true",
        help="give every layer a reverse direction (overrides the config)",
    )
    render_p = sub.add_parser(
        "render",
        help="train without a window and write figures (PNG/SVG) and a GIF of the pass",
        description="Train without a window, then write the graph, gradient through time and "
        "hidden states at chosen iterations, the training curves, and optionally a GIF of "
        "the last iteration's forward and backward pass. No display needed.",
    )
    source = render_p.add_mutually_exclusive_group()
    source.add_argument("--lesson", metavar="KEY", help="a lesson's settings, e.g. vanishing")
    source.add_argument("--config", metavar="JSON", help="a session config file")
    render_p.add_argument(
        "--iterations",
        type=positive_iterations,
        help=f"iterations to train (default: the lesson's check, else {DEFAULT_ITERATIONS})",
    )
    render_p.add_argument("--out", default="figs", metavar="DIR", help="output folder")
    render_p.add_argument(
        "--at",
        type=iteration_list,
        metavar="N,N,…",
        help="iterations to draw the graph, gradient and hidden states at (default: the last)",
    )
    render_p.add_argument(
        "--format", type=format_list, default=("png",), metavar="png,svg", help="figure formats"
    )
    render_p.add_argument("--gif", action="store_true", help="also a GIF of the last pass")
    render_p.add_argument(
        "--size", type=parse_size, default=(1200, 500), metavar="WxH", help="figure size"
    )
    render_p.add_argument("--fps", type=int, choices=range(1, 51), default=8, metavar="1-50")
    script_p = sub.add_parser(
        "export-script", help="write the run's first iterations as a standalone Python script"
    )
    script_p.add_argument("config", metavar="CONFIG.json", help="a session config file")
    script_p.add_argument("out", metavar="OUT.py", help="the script to write")
    script_p.add_argument("--iterations", type=positive_iterations, default=5)
    script_p.add_argument(
        "--engine", action="store_true", help="import explorer.engine instead of only NumPy"
    )
    return parser


def main(argv: Sequence[str]) -> int:
    """Run a headless command; returns the exit code (2 for usage or input errors)."""
    args = build_parser().parse_args(list(argv))
    try:
        if args.command == "train":
            config = read_config(args.config) if args.config else SessionConfig()
            config = with_model_options(config, args.num_layers, args.bidirectional)
            return train(config, args.iterations, sys.stdout, sys.stderr, args.csv)
        if args.command == "render":
            return render(args, sys.stdout, sys.stderr)
        if args.command == "export-script":
            return export_script(args, sys.stdout)
    except CliError as exc:
        print(f"bptt-explorer {args.command}: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader (e.g. `head`) closed the pipe: stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    return 2
