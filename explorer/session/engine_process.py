"""The engine process: trains the window's run on a core of its own.

Training in a thread of the window's process shares Python's interpreter lock with the
drawing, so every frame the window draws is time the engine does not train. Here the
iterations run in a separate Python process (started with ``python -m``, no Qt), exactly as
``Session.one_iteration`` runs them in the window's process; the window's process records
what each iteration reports (``engine_results.py``) and draws meanwhile.

The conversation (``wire.py`` messages on the process's stdin and stdout):

- window → engine: ``train`` (run number, configuration, the state to start from, the
  diverged models, how many iterations, the keyframe gap), ``stop``, ``display`` (send the
  state before the next iteration, to show that one), ``gap`` (the history's keyframe gap
  now), ``quit``;
- engine → window: ``ready`` once, then per run ``records`` (the iterations' scalars, a few
  per message), ``keyframe`` (a state after an iteration), and ``ended`` with the final state,
  or ``error`` with what went wrong.
"""

from __future__ import annotations

import contextlib
import os
import queue
import sys
import threading
import time
from typing import IO, Any

import numpy as np

from explorer.session.config import SessionConfig
from explorer.session.history import Keyframe
from explorer.session.session import Session
from explorer.session.snapshot import SessionEvent
from explorer.session.wire import (
    WireError,
    keyframe_from_parts,
    keyframe_parts,
    read_message,
    write_message,
)

# Records go out at most this long after their iteration (fewer, larger messages for small
# models, whose iterations take a fraction of a millisecond).
RECORD_FLUSH_S = 0.01


class KeyframeOutbox:
    """Stands in for the run's ``History`` here: the keyframes a run takes are sent to the
    window's process, which holds them, instead of being kept."""

    def __init__(self, start: int, gap: int) -> None:
        self.completed = start
        self.external_bytes = 0
        self.working_bytes = 0
        self.max_gap: int | None = None
        self.gap = max(1, gap)
        self._last = start
        self.waiting: Keyframe | None = None

    def wants(self, iteration: int, min_gap: int = 1) -> bool:
        """Whether a keyframe after ``iteration`` is due (the window's gap, at least
        ``min_gap``, the engine's own spacing by cost)."""
        return iteration - self._last >= max(min_gap, self.gap)

    def add(self, frame: Keyframe) -> None:
        """Keep ``frame`` to send after its iteration's record."""
        self.waiting = frame
        self._last = frame.iteration

    @property
    def held_last(self) -> int:
        """The iteration of the newest keyframe the window holds (or the run's start)."""
        return self._last

    def thin(self) -> None:
        """Nothing is held here."""

    def close(self) -> None:
        """Nothing is held here."""


class Control:
    """What the window's process asks for, read by a thread of its own so that a ``stop``
    takes effect at the next iteration."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._runs: queue.Queue[tuple[dict[str, Any], list[np.ndarray]] | None] = queue.Queue()
        self._lock = threading.Lock()
        self._stopped: set[int] = set()
        self._displays: set[int] = set()
        self._gaps: dict[int, int] = {}
        self.closed = False
        threading.Thread(target=self._read, name="engine-control", daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                kind, header, arrays = read_message(self._stream)
            except (WireError, OSError, ValueError):
                kind, header, arrays = "quit", {}, []
            if kind == "quit":
                self.closed = True
                self._runs.put(None)
                return
            run = int(header.get("run", 0))
            with self._lock:
                if kind == "train":
                    self._runs.put((header, arrays))
                elif kind == "stop":
                    self._stopped.add(run)
                elif kind == "display":
                    self._displays.add(run)
                elif kind == "gap":
                    self._gaps[run] = int(header["gap"])

    def next_run(self) -> tuple[dict[str, Any], list[np.ndarray]] | None:
        """The next ``train`` command (None: the window's process is gone or said quit)."""
        return self._runs.get()

    def stop_asked(self, run: int) -> bool:
        """Whether run ``run`` should end now."""
        return self.closed or run in self._stopped

    def take_display(self, run: int) -> bool:
        """Whether a ``display`` was asked for in run ``run`` since the last call."""
        with self._lock:
            asked = run in self._displays
            self._displays.discard(run)
            return asked

    def gap(self, run: int) -> int | None:
        """The newest keyframe gap asked for in run ``run`` (None: none)."""
        with self._lock:
            return self._gaps.get(run)


class Sessions:
    """The session of the last configuration trained (reused: building it anew costs the
    task's set-up, e.g. reading a corpus)."""

    def __init__(self) -> None:
        self._key = ""
        self._session: Session | None = None

    def for_config(self, config: SessionConfig) -> Session:
        key = config.to_json()
        if self._session is None or key != self._key:
            self._session = Session(config)
            self._key = key
        return self._session


def train(
    header: dict[str, Any], arrays: list[np.ndarray], control: Control, out: IO[bytes], sessions
) -> None:
    """Run one ``train`` command to its end, sending what the window records."""
    run = int(header["run"])
    session = sessions.for_config(SessionConfig.from_dict(header["config"]))
    session.take_state(keyframe_from_parts(header["state"], arrays))
    outbox = KeyframeOutbox(session.completed, int(header["gap"]))
    session.history = outbox  # type: ignore[assignment]
    session.set_status_fields(header["diverged"])
    session.forget_curves()
    session.budget_evaluations = bool(header["budget_evaluations"])
    diverged: list[list[Any]] = []

    def on_event(event: SessionEvent) -> None:
        if event.kind == "diverged":
            diverged.append([event.cell, event.iteration, event.grad_norm])

    session.add_listener(on_event)
    try:
        _train_loop(session, run, header.get("n"), control, out, outbox, diverged)
    finally:
        session.remove_listener(on_event)
        session.release_traces()
    header_out, final = keyframe_parts(session.current_keyframe())
    write_message(out, "ended", {"run": run, "state": header_out}, final)


def _train_loop(
    session: Session,
    run: int,
    n: int | None,
    control: Control,
    out: IO[bytes],
    outbox: KeyframeOutbox,
    diverged: list[list[Any]],
) -> None:
    pending: list[dict[str, Any]] = []
    flushed = time.monotonic()
    done = 0

    def flush() -> None:
        nonlocal flushed
        if pending:
            write_message(out, "records", {"run": run, "records": list(pending)})
            pending.clear()
        flushed = time.monotonic()

    def send_keyframe(frame: Keyframe, shows_next: bool) -> None:
        flush()
        parts, arrays = keyframe_parts(frame)
        write_message(
            out, "keyframe", {"run": run, "state": parts, "shows_next": shows_next}, arrays
        )

    while not control.stop_asked(run) and (n is None or done < n):
        gap = control.gap(run)
        if gap is not None:
            outbox.gap = max(1, gap)
        before = None
        if control.take_display(run):
            send_keyframe(session.current_keyframe(), True)
        elif session.keyframes_cheap() and outbox.held_last < session.completed:
            # Kept in case this iteration is the last: the window then shows it by
            # replaying one iteration, not the several since the last keyframe.
            before = session.current_keyframe()
        ran = session.one_iteration()
        pending.append(_record(session, ran, diverged, outbox))
        diverged.clear()
        if not ran:
            break
        done += 1
        last = control.stop_asked(run) or done == n
        if last and before is not None and outbox.waiting is None:
            send_keyframe(before, False)
        if outbox.waiting is not None:
            frame, outbox.waiting = outbox.waiting, None
            send_keyframe(frame, False)
        elif time.monotonic() - flushed >= RECORD_FLUSH_S:
            flush()
    flush()


def _record(
    session: Session, ran: bool, diverged: list[list[Any]], outbox: KeyframeOutbox
) -> dict[str, Any]:
    record: dict[str, Any] = {"iteration": None, "diverged": list(diverged)}
    if not ran:
        return record
    scalars = session.latest_scalars()
    record.update(
        iteration=session.completed,
        T=session.batch_length,
        values={cell: values for cell, (values, _) in scalars.items()},
        metrics={cell: metrics for cell, (_, metrics) in scalars.items() if metrics},
        seconds=session.iteration_seconds,
        working=outbox.working_bytes,
    )
    return record


def serve(inp: IO[bytes], out: IO[bytes]) -> None:
    """Answer the window's process until it says quit or goes away."""
    control = Control(inp)
    sessions = Sessions()
    write_message(out, "ready", {"pid": os.getpid()})
    while True:
        command = control.next_run()
        if command is None:
            return
        header, arrays = command
        try:
            train(header, arrays, control, out, sessions)
        except (BrokenPipeError, WireError):
            return  # the window's process is gone
        except Exception as exc:  # reported to the window, which goes back to a held state
            sessions = Sessions()  # a run that failed half-way is not reused
            write_message(
                out, "error", {"run": header.get("run"), "message": f"{type(exc).__name__}: {exc}"}
            )


def main() -> None:
    """Entry point of ``python -m explorer.session.engine_process``."""
    # Messages go out on the original stdout; anything else printed goes to stderr.
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    with contextlib.suppress(BrokenPipeError, KeyboardInterrupt):
        serve(sys.stdin.buffer, out)


if __name__ == "__main__":
    main()
