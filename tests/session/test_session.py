"""The session core: stepping, comparison on identical data, determinism, resume, divergence."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.engine.truncation import Truncation
from explorer.session.config import SessionConfig
from explorer.session.session import Session
from explorer.session.snapshot import Phase, SessionEvent


def positions(session: Session, steps: int) -> list[tuple[str, int]]:
    out = []
    for _ in range(steps):
        session.step_forward()
        out.append((session.phase.value, session.cursor))
    return out


def test_stepping_reveals_forward_loss_backward_update_in_order(small_config):
    session = Session(small_config)
    T = session.task.seq_len
    seen = positions(session, 2 * T + 2)
    forward = [("forward", t) for t in range(1, T + 1)]
    backward = [("backward", t) for t in range(T, 0, -1)]
    assert seen == [*forward, ("loss", T), *backward, ("update", 1)]
    assert session.completed == 0, "the update is applied only when stepping past it"
    session.step_forward()
    assert (session.phase, session.completed) == (Phase.IDLE, 1)


def test_step_back_retraces_without_undoing_updates(small_config):
    session = Session(small_config)
    T = session.task.seq_len
    positions(session, T + 2)  # forward 1..T, loss, backward T
    assert (session.phase, session.cursor) == (Phase.BACKWARD, T)
    session.step_back()
    assert (session.phase, session.cursor) == (Phase.LOSS, T)
    session.step_back()
    assert (session.phase, session.cursor) == (Phase.FORWARD, T)
    for _ in range(3 * T):
        session.step_back()
    assert (session.phase, session.cursor) == (Phase.FORWARD, 1)


def test_stepping_shows_one_iteration_computed_once(small_config):
    session = Session(small_config)
    session.step_forward()
    first = session.view().records["lstm"]
    positions(session, 5)
    assert session.view().records["lstm"] is first


def test_finish_pass_and_one_iteration(small_config):
    session = Session(small_config)
    session.finish_pass()
    assert session.phase is Phase.LOSS
    session.finish_pass()
    assert session.phase is Phase.UPDATE
    session.finish_pass()
    assert (session.phase, session.completed) == (Phase.IDLE, 1)
    session.step_forward()
    session.one_iteration()
    assert (session.phase, session.completed) == (Phase.IDLE, 2)


def test_models_see_identical_batches(small_config):
    session = Session(small_config.with_changes(cells=("rnn", "lstm", "gru")))
    session.one_iteration()
    records = session.view().records
    for cell in ("lstm", "gru"):
        np.testing.assert_array_equal(records[cell].inputs, records["rnn"].inputs)
        np.testing.assert_array_equal(records[cell].targets, records["rnn"].targets)


def test_snapshot_numbers_match_the_engine(small_config):
    session = Session(small_config)
    session.one_iteration()
    snap = session.view().records["rnn"]
    assert snap.step_losses.sum() == pytest.approx(snap.loss)
    assert snap.contrib.shape == (snap.T, snap.T)
    assert np.all(np.triu(snap.contrib, 1) == 0)
    W = snap.weights
    h_prev = np.vstack([snap.h0, snap.hidden[:-1]])
    expected = np.tanh(snap.inputs @ W["W_xh"] + h_prev @ W["W_hh"] + W["b_h"])
    np.testing.assert_allclose(snap.hidden, expected, rtol=1e-12)


def test_reset_with_the_same_seed_repeats_the_run(small_config):
    session = Session(small_config)
    session.run(7)
    first = session.view().curves["lstm"].loss.copy()
    session.reset()
    assert session.completed == 0 and len(session.history) == 0
    session.run(7)
    np.testing.assert_array_equal(session.view().curves["lstm"].loss, first)


def test_resume_from_a_past_iteration_reproduces_the_continuation(small_config):
    config = small_config.with_changes(optimizer="momentum", truncation=Truncation("random"))
    session = Session(config)
    session.run(12)
    original = session.view().curves
    session.resume_from(6)
    assert session.completed == 6 and session.history.iterations()[-1] == 6
    assert session.view().records["lstm"].iteration == 6
    session.run(6)
    resumed = session.view().curves
    for cell in config.cells:
        np.testing.assert_array_equal(resumed[cell].loss, original[cell].loss)
        np.testing.assert_array_equal(resumed[cell].grad_norm, original[cell].grad_norm)


def test_scrub_shows_a_past_iteration_and_resume_from_here(small_config):
    session = Session(small_config)
    events: list[SessionEvent] = []
    session.add_listener(events.append)
    session.run(5)
    session.scrub(2)
    view = session.view()
    assert view.scrubbing and view.iteration == 2 and view.records["lstm"].iteration == 2
    session.resume_from_here()
    assert session.completed == 2 and not session.view().scrubbing
    assert events == [SessionEvent("resumed", 2)]
    assert events[0].message == "Resumed from iteration 2"


def test_divergence_messages_leave_out_a_norm_that_tells_nothing():
    at = SessionEvent("diverged", 4, "rnn", "Vanilla RNN", float("nan"))
    assert at.message.startswith("Vanilla RNN diverged at iteration 4: try clipping")
    after = SessionEvent("diverged", 4, "rnn", "Vanilla RNN", None)
    assert after.message.startswith("Vanilla RNN diverged after the update of iteration 4: ")
    loud = SessionEvent("diverged", 4, "rnn", "Vanilla RNN", float("inf"))
    assert "(gradient norm inf)" in loud.message


def test_resume_from_an_unknown_iteration_is_a_clear_error(small_config):
    session = Session(small_config)
    session.run(2)
    with pytest.raises(ValueError, match="iteration 9 is not in the history"):
        session.resume_from(9)


def test_truncation_reports_distance_to_full_bptt(small_config):
    session = Session(small_config.with_changes(truncation=Truncation("truncated", k=2)))
    session.one_iteration()
    snap = session.view().records["rnn"]
    assert snap.truncation_cosine is not None and -1.0 <= snap.truncation_cosine < 1.0
    assert snap.truncation_rel_norm > 0
    assert np.any(snap.xi == 0)
    full = Session(small_config)
    full.one_iteration()
    assert full.view().records["rnn"].truncation_cosine is None


def test_clipping_by_norm_caps_the_applied_gradient(small_config):
    session = Session(small_config.with_changes(clip_threshold=1e-3))
    session.one_iteration()
    snap = session.view().records["rnn"]
    assert snap.clipped and snap.grad_norm > 1e-3
    assert snap.grad_norm_clipped == pytest.approx(1e-3, rel=1e-3)


def test_divergence_stops_one_model_and_emits_one_event(small_config):
    session = Session(small_config)
    events: list[SessionEvent] = []
    session.add_listener(events.append)
    session.run(2)
    session.models["rnn"].params["W_hq"][...] = 1e300  # overflow on the next pass
    session.run(3)
    assert len(events) == 1
    event = events[0]
    assert (event.kind, event.cell, event.iteration) == ("diverged", "rnn", 3)
    assert event.grad_norm is not None
    assert event.message.startswith("Vanilla RNN diverged at iteration 3")
    assert "try clipping or a lower learning rate" in event.message
    view = session.view()
    assert view.status["rnn"].diverged and not view.status["lstm"].diverged
    assert "rnn" not in view.records and view.records["lstm"].iteration == 5
    assert np.all(np.isfinite(view.curves["rnn"].loss))
    assert len(view.curves["lstm"].loss) == 5


def test_all_models_diverged_means_no_more_iterations(small_config):
    session = Session(small_config)
    for model in session.models.values():
        for p in model.params.values():
            p[...] = 1e300
    assert session.run(5) == 0
    assert all(s.diverged for s in session.status.values())


def test_bad_task_parameters_leave_the_session_untouched(small_config):
    session = Session(small_config)
    session.run(2)
    with pytest.raises(ValueError, match="seq_len"):
        session.reset(small_config.with_changes(task_params={"seq_len": 10**6}))
    assert session.completed == 2 and session.config == small_config


def test_gradcheck_passes_on_the_current_batch(small_config):
    session = Session(small_config)
    session.one_iteration()
    for cell in small_config.cells:
        assert session.gradcheck(cell) <= 1e-6


def test_panel_uses_the_displayed_weights(small_config):
    session = Session(small_config)
    session.run(3)
    panel = session.panel("lstm")
    assert panel.kind == "sequence"


def test_default_budget_is_256_megabytes():
    assert Session(SessionConfig()).history.budget_bytes == 256 * 1024 * 1024


def test_an_exploding_but_finite_gradient_raises_no_warning(small_config):
    # filterwarnings=error turns any NumPy overflow warning into a failure here.
    session = Session(small_config.with_changes(clipping="norm"))
    session.models["rnn"].params["W_hq"][...] = 1e160
    session.run(2)
    assert session.view().curves["rnn"].grad_norm.size >= 1 or session.status["rnn"].diverged
