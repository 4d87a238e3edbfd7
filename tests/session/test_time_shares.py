"""Optional work kept to its share of the training time: evaluations and display builds."""

from __future__ import annotations

import math

import numpy as np
import pytest

from explorer.session.controller import SessionController
from explorer.session.session import Session
from explorer.session.time_share import TimeShare


def test_a_time_share_pays_for_work_only_from_the_credit_training_earned():
    share = TimeShare(0.1, cap_seconds=1.0)
    assert share.affords(), "work never measured is affordable (it measures its cost)"
    share.spend(0.5)
    assert share.cost == 0.5 and not share.affords()
    share.earn(4.0)  # 0.4 s of credit
    assert not share.affords()
    share.earn(1.0)
    assert share.affords()
    share.spend(0.5)
    assert share.credit == pytest.approx(0.0)


def test_a_time_share_caps_the_saved_credit_but_never_below_one_run_of_the_work():
    share = TimeShare(0.5, cap_seconds=1.0)
    share.earn(100.0)
    assert share.credit == 1.0, "a long pause does not buy a burst of work"
    share.spend(3.0)  # work costlier than the cap still gets paid for eventually
    share.earn(100.0)
    assert share.credit == 3.0 and share.affords()


def metric_points(session: Session, cell: str = "lstm") -> list[int]:
    return [int(i) for i in session.curves[cell].metric_iterations]


def spectral_points(session: Session, cell: str = "lstm") -> list[int]:
    curves = session.curves[cell].freeze()
    pairs = zip(curves.iterations, curves.spectral_radius, strict=True)
    return [int(i) for i, r in pairs if math.isfinite(r)]


def test_stepping_and_headless_runs_evaluate_at_every_multiple_of_eval_every(small_config):
    session = Session(small_config)  # eval_every = 5
    session.run(20)
    assert metric_points(session) == [1, 5, 10, 15, 20]
    assert spectral_points(session) == [1, 5, 10, 15, 20]


def test_under_the_evaluation_budget_only_paid_for_multiples_are_evaluated(small_config):
    session = Session(small_config)
    session.budget_evaluations = True
    session._eval_time.share = 0.0  # nothing paid for after the first measured evaluation
    session.run(20)
    # Iteration 1 always; the first one due after it measures what an evaluation costs.
    assert metric_points(session) == [1, 5]
    assert spectral_points(session) == [1, 5], "the spectral radius follows the evaluations"
    session.budget_evaluations = False
    session.run(5)
    assert metric_points(session) == [1, 5, 25]


def test_under_the_evaluation_budget_paid_for_multiples_are_all_evaluated(small_config):
    session = Session(small_config)
    session.budget_evaluations = True
    session._eval_time.share = 1.0
    session._eval_time.cap_seconds = session._eval_time.credit = 1e6
    session.run(20)
    assert metric_points(session) == [1, 5, 10, 15, 20]


def test_training_in_the_window_evaluates_on_the_grid_and_stepping_after_it_on_every_multiple(
    qtbot, small_config
):
    controller = SessionController(Session(small_config))
    try:
        with qtbot.waitSignal(
            controller.sigBusyChanged, timeout=20000, check_params_cb=lambda b: not b
        ):
            controller.run(60)
        session = controller.session
        assert session.completed == 60 and not session.budget_evaluations
        points = metric_points(session)
        assert points[0] == 1 and all(p % 5 == 0 for p in points[1:])
        assert spectral_points(session) == points
        values = session.curves["lstm"].metrics["mse"]
        assert len(values) == len(points) and np.all(np.isfinite(values))
        shown = controller.view()
        assert shown.iteration == 60, "the last iteration is shown after the run"
        assert list(shown.curves["lstm"].metric_iterations) == points
        for _ in range(5):
            controller.one_iteration()
        qtbot.waitUntil(lambda: not controller.busy, timeout=20000)
        assert metric_points(session)[-1] == 65
    finally:
        controller.shutdown()


def test_the_build_that_shows_the_last_iteration_after_stop_counts_in_the_display_share(
    small_config,
):
    class Recording(TimeShare):
        def spend(self, seconds: float) -> None:
            spent.append(seconds)
            super().spend(seconds)

    spent: list[float] = []
    session = Session(small_config)
    session._display_time = Recording(0.0, 1.0)  # only the credit set below pays for builds
    session.run(3)
    assert session.view(running=True).iteration == 3  # the first frame is always built
    assert len(spent) == 1
    session.run(1)
    session.prepare_view()  # what the worker does when training ends: builds iteration 4
    assert len(spent) == 2, "the build after Stop is paid from the display share"
    assert session.view().iteration == 4 and len(spent) == 2  # shown without a rebuild
    session.run(1)
    assert session.view(running=True).iteration == 4, "no credit left: the last built again"
