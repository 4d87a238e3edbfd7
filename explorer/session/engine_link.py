"""The window's side of the engine process (``engine_process.py``): starting it, talking to
it, and one run trained in it for a ``Session``.

No Qt here: the training worker (``session_thread.py``) drives an ``EngineRun`` message by
message. An engine process that is not ready yet, cannot start, or goes away mid-run costs
nothing but speed: the worker trains in its own thread meanwhile or from then on, from the
newest state the session holds.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import os
import select
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from explorer.session.cost import TooBigError, available_memory, check_fits
from explorer.session.wire import (
    WireError,
    keyframe_from_parts,
    keyframe_parts,
    read_message,
    write_message,
)

ENGINE_MODULE = "explorer.session.engine_process"
# Set to "0" to train in the window's process only (e.g. to compare).
ENGINE_SWITCH = "BPTT_EXPLORER_ENGINE_PROCESS"
# Engine processes kept idle for the next run (each holds NumPy and a session: ~60 MB).
MAX_IDLE = 1
# While training, showing a new iteration (replaying it from the state the engine sent and
# building its display data, in the window's process) may take this share of the time:
# with the engine on its own core, the window's process has room for it.
DISPLAY_SHARE = 0.05
DISPLAY_MIN_INTERVAL_S = 0.2
# The pipe from the engine: room for a few keyframes, so the engine rarely waits for the
# window's process to read (Linux only; elsewhere the system's default).
PIPE_BYTES = 1 << 20
_F_SETPIPE_SZ = 1031
_runs = itertools.count(1)


class EngineLost(Exception):
    """The engine process went away or failed mid-run; the session is back at a held state."""


def engine_process_enabled() -> bool:
    """Whether runs may train in an engine process (POSIX pipes; not switched off)."""
    return os.name == "posix" and os.environ.get(ENGINE_SWITCH, "1") != "0"


def engine_fits(config: Any) -> bool:
    """Whether this machine's memory holds an iteration of ``config`` twice: the engine's,
    and the one the window's process replays to show it."""
    available = available_memory()
    if available is None:
        return True
    try:
        check_fits(config, available // 2)
    except (TooBigError, ValueError):
        return False
    return True


class EngineProcess:
    """One engine process and its two pipes. ``send`` may be called from any thread;
    ``receive`` from one thread at a time."""

    def __init__(self) -> None:
        env = dict(os.environ)
        root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        env.setdefault("OPENBLAS_NUM_THREADS", "1")
        self._process = subprocess.Popen(
            [sys.executable, "-m", ENGINE_MODULE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            bufsize=0,
        )
        assert self._process.stdin is not None and self._process.stdout is not None
        self._to = self._process.stdin
        self._from = self._process.stdout
        with contextlib.suppress(OSError, ImportError):
            import fcntl

            fcntl.fcntl(self._from.fileno(), _F_SETPIPE_SZ, PIPE_BYTES)
        self._lock = threading.Lock()
        self._ready = False
        self.alive = True

    def ready(self) -> bool:
        """Whether the process has started and waits for work (never blocks)."""
        if self._ready or not self.alive:
            return self._ready and self.alive
        try:
            readable, _, _ = select.select([self._from], [], [], 0)
            if readable:
                kind, _, _ = read_message(self._from)
                self._ready = kind == "ready"
                self.alive = self._ready
        except (OSError, ValueError, WireError):
            self.alive = False
        return self._ready and self.alive

    def send(self, kind: str, header: dict[str, Any], arrays=()) -> None:
        """Send a message; ``EngineLost`` when the process is gone."""
        with self._lock:
            try:
                write_message(self._to, kind, header, arrays)
            except (OSError, ValueError) as exc:
                self.alive = False
                raise EngineLost(f"the engine process is gone ({exc})") from None

    def waiting(self, timeout: float) -> bool:
        """Whether a message has arrived, waiting up to ``timeout`` seconds for one (True
        when the process is gone: ``receive`` then says so)."""
        if not self.alive:
            return True
        try:
            readable, _, _ = select.select([self._from], [], [], timeout)
        except (OSError, ValueError):
            return True
        return bool(readable)

    def receive(self) -> tuple[str, dict[str, Any], list]:
        """The next message (blocks); ``EngineLost`` when the process is gone."""
        try:
            return read_message(self._from)
        except (OSError, ValueError, WireError) as exc:
            self.alive = False
            raise EngineLost(f"the engine process is gone ({exc})") from None

    def close(self) -> None:
        """Ask the process to quit and make sure it has."""
        self.alive = False
        with contextlib.suppress(OSError, ValueError, EngineLost), self._lock:
            write_message(self._to, "quit")
        with contextlib.suppress(OSError, ValueError):
            self._to.close()
        try:
            self._process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        with contextlib.suppress(OSError, ValueError):
            self._from.close()

    def kill(self) -> None:
        """End the process at once (what a crash looks like to the window)."""
        self._process.kill()


class EnginePool:
    """Engine processes for the training workers: one per run at a time, idle ones kept warm."""

    def __init__(self) -> None:
        self._idle: list[EngineProcess] = []
        self._lock = threading.Lock()

    def acquire(self) -> EngineProcess | None:
        """A live engine process (maybe still starting), or None when they are switched off
        or cannot start."""
        if not engine_process_enabled():
            return None
        with self._lock:
            while self._idle:
                engine = self._idle.pop()
                if engine.alive:
                    return engine
        try:
            return EngineProcess()
        except OSError:
            return None

    def release(self, engine: EngineProcess) -> None:
        """Give back an engine process after a run (kept warm if it is well)."""
        with self._lock:
            if engine.alive and engine.ready() and len(self._idle) < MAX_IDLE:
                self._idle.append(engine)
                return
        engine.close()

    def warm(self) -> None:
        """Start an engine process now, so that the first run finds it ready."""
        if not engine_process_enabled():
            return
        with self._lock:
            if any(engine.alive for engine in self._idle):
                return
        with contextlib.suppress(OSError):
            engine = EngineProcess()
            with self._lock:
                self._idle.append(engine)

    def close_all(self) -> None:
        """End every idle engine process (at exit)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for engine in idle:
            engine.close()


ENGINES = EnginePool()
atexit.register(ENGINES.close_all)


class EngineRun:
    """One run of ``session`` trained in ``engine``: ``start`` it, then call ``step`` until it
    returns False; ``request_stop`` from any thread. ``EngineLost`` from ``step`` means the
    session went back to its newest held state (``drop_engine_run``)."""

    def __init__(
        self, session: Any, engine: EngineProcess, n: int | None, budget_evaluations: bool
    ) -> None:
        self.session = session
        self.engine = engine
        self.number = next(_runs)
        self._n = n
        self._budget = budget_evaluations
        self.iterations = 0
        self._gap = 0
        self._display_asked = False
        self._display_at = 0.0

    def start(self) -> None:
        """Send the session's state and settings; the engine starts training."""
        session = self.session
        parts, arrays = keyframe_parts(session.begin_engine_run())
        self._gap = session.history.keyframe_gap()
        header = {
            "run": self.number,
            "config": session.config.to_dict(),
            "state": parts,
            "diverged": session.status_fields(),
            "n": self._n,
            "budget_evaluations": self._budget,
            "gap": self._gap,
        }
        try:
            self.engine.send("train", header, arrays)
        except EngineLost:
            session.drop_engine_run()
            raise

    def request_stop(self) -> None:
        """Ask the engine to end the run after its current iteration."""
        with contextlib.suppress(EngineLost):
            self.engine.send("stop", {"run": self.number})

    def waiting(self, timeout: float) -> bool:
        """Whether the engine has something to take in (``step``), waiting up to ``timeout``
        seconds."""
        return self.engine.waiting(timeout)

    def step(self) -> bool:
        """Take in the engine's next message; False once the run has ended."""
        session = self.session
        try:
            kind, header, arrays = self.engine.receive()
            if kind == "records":
                for record in header["records"]:
                    session.absorb(record)
                    self.iterations += record["iteration"] is not None
            elif kind == "keyframe":
                frame = keyframe_from_parts(header["state"], arrays)
                session.take_keyframe(frame, bool(header["shows_next"]))
                if header["shows_next"]:
                    self._display_asked = False
            elif kind == "ended":
                session.end_engine_run(keyframe_from_parts(header["state"], arrays))
                return False
            elif kind == "error":
                raise EngineLost(str(header.get("message", "the engine failed")))
            else:
                raise EngineLost(f"the engine sent an unknown message {kind!r}")
            self._ask()
        except (EngineLost, WireError, KeyError, TypeError, ValueError) as exc:
            self.engine.close()
            session.drop_engine_run()
            raise EngineLost(str(exc)) from None
        return True

    def _ask(self) -> None:
        """Tell the engine the history's keyframe gap when it changes, and ask for the
        state before the next iteration when showing one is due."""
        gap = self.session.history.keyframe_gap()
        if gap != self._gap:
            self._gap = gap
            self.engine.send("gap", {"run": self.number, "gap": gap})
        now = time.monotonic()
        interval = max(DISPLAY_MIN_INTERVAL_S, self.session.engine_display_seconds / DISPLAY_SHARE)
        if not self._display_asked and now - self._display_at >= interval:
            self._display_asked = True
            self._display_at = now
            self.engine.send("display", {"run": self.number})
