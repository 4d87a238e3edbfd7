"""The engine runs on one BLAS thread even when NumPy was imported before the app."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent(
    """
    import json
    import os
    os.environ.pop("OPENBLAS_NUM_THREADS", None)
    os.environ["OPENBLAS_NUM_THREADS"] = "2"  # as a user's shell might set it
    import numpy  # first, as in a notebook
    from threadpoolctl import threadpool_info

    before = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
    import explorer  # noqa: F401
    from explorer.engine.recurrent import RecurrentModel
    from explorer.session import Session, SessionConfig

    seen = []
    original = RecurrentModel.loss_and_grads

    def recording(self, *args, **kwargs):
        seen.extend(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas")
        return original(self, *args, **kwargs)

    RecurrentModel.loss_and_grads = recording
    session = Session(SessionConfig(task="adding", task_params={"seq_len": 6}, hidden_size=4))
    session.one_iteration()
    print(json.dumps([before, seen]))
    """
)


def test_blas_is_limited_when_numpy_came_first():
    pytest.importorskip("threadpoolctl")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, check=True
    )
    before, seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert before, "no BLAS is loaded: the test proves nothing"
    assert seen, "the engine's work was not observed"
    assert set(seen) == {1}, f"BLAS threads inside the engine: {seen} (before import: {before})"
