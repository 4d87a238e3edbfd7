"""An encoder–decoder run's snapshot carries what its description needs: the equations of
every encoder and decoder layer match the snapshot's own arrays to 1e-12 (forward and
backward, the context and its gradient included), for a one-layer and a deep
bidirectional model, on an example whose source is padded."""

from __future__ import annotations

import pytest

from explorer.session import Session, SessionConfig


def snapshot(cell: str, layers: int, bidirectional: bool, example: int):
    session = Session(
        SessionConfig(
            task="reverse",
            cells=(cell,),
            hidden_size=4,
            batch_size=8,
            num_layers=layers,
            bidirectional=bidirectional,
            teacher_forcing=0.5,
            display_example=example,
            seed=1,
        )
    )
    session.one_iteration()
    return session.view().records[cell]


def approx(value):
    return pytest.approx(value, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize(
    ("cell", "layers", "bidirectional", "example"),
    [("gru", 1, False, 1), ("lstm", 2, True, 1), ("rnn", 1, True, 0)],
)
def test_the_snapshot_describes_both_parts(cell, layers, bidirectional, example):
    snap = snapshot(cell, layers, bidirectional, example)
    d = snap.description
    assert d is not None and d.spec.encoder_decoder
    S, n = snap.source_steps, snap.source_length
    assert d.record.source_steps == S and d.record.source_length == n
    assert (n < S) == (example == 1)  # example 1 of this batch has a padded source
    assert set(snap.part_layers) == {k.rstrip(".") for k in d.record.layers}
    for key, layer in snap.part_layers.items():
        stem = key + "."
        steps = range(1, n + 1) if key.startswith("enc.") else range(1, layer.hidden.shape[0] + 1)
        for t in steps:
            for j in (0, layer.hidden.shape[1] - 1):
                assert d.forward(f"{stem}h@{t}", j).value == approx(layer.hidden[t - 1, j])
                back = d.backward(f"{stem}h@{t}", j)
                assert back.preact == approx(layer.grad_hidden[t - 1, j]), back.plain
                if layer.cell_state is not None:
                    back = d.backward(f"{stem}c@{t}", j)
                    assert back.preact == approx(layer.grad_cell[t - 1, j])
        if key.startswith("dec."):
            # The context: the decoder's initial state is the encoder's final states.
            for j in range(layer.hidden.shape[1]):
                assert d.forward(f"{stem}h@0", j).value == layer.h0[j]
    for u in range(1, snap.T - S + 1):
        token = int(snap.fed_tokens[u - 1])
        fed = d.forward(f"dec.x@{u}", token)
        assert fed.value == 1.0
        if u > 1:
            assert fed.terms[0].role == ("teacher" if snap.teacher[u - 1] else "own")
        assert d.forward(f"o@{u}", 0).value == approx(snap.outputs[S + u - 1, 0])
