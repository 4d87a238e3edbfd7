"""The one truncation type: its factors per step, its checks, its JSON form, its shorthands."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.engine.truncation import TRUNCATION_KINDS, Truncation, as_truncation

from .common import model, problem

truncations = st.builds(
    Truncation,
    kind=st.sampled_from(TRUNCATION_KINDS),
    k=st.integers(1, 200),
    p=st.floats(1e-3, 1.0),
)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 200), st.integers(1, 300))
def test_truncated_xi_cuts_exactly_at_the_multiples_of_k(k, T):
    xi = Truncation("truncated", k=k).xi(T, np.random.default_rng(0))
    cut = np.arange(T) % k == 0
    cut[0] = False  # step 0 has no earlier state to cut from
    np.testing.assert_array_equal(xi, np.where(cut, 0.0, 1.0))


@settings(max_examples=200, deadline=None)
@given(st.floats(1e-3, 1.0), st.integers(1, 300), st.integers(0, 2**32 - 1))
def test_random_xi_is_zero_or_one_over_p_and_draws_exactly_T_uniforms(p, T, seed):
    rng, twin = np.random.default_rng(seed), np.random.default_rng(seed)
    xi = Truncation("random", p=p).xi(T, rng)
    np.testing.assert_array_equal(xi, np.where(twin.random(T) < p, 1.0 / p, 0.0))
    assert rng.random() == twin.random()  # the same position in the stream afterwards


@settings(max_examples=100, deadline=None)
@given(truncations, st.integers(1, 50))
def test_full_and_truncated_draw_nothing(truncation, T):
    rng = np.random.default_rng(5)
    truncation.xi(T, rng)
    drew = truncation.kind == "random"
    assert (rng.random() != np.random.default_rng(5).random()) == drew


@settings(max_examples=200, deadline=None)
@given(truncations)
def test_json_form_round_trips(truncation):
    assert Truncation.from_dict(truncation.to_dict()) == truncation
    assert as_truncation(truncation) is truncation


@pytest.mark.parametrize(
    ("short", "expected"),
    [
        (None, Truncation()),
        (3, Truncation("truncated", k=3)),
        (np.int64(4), Truncation("truncated", k=4)),
        (("random", 0.25), Truncation("random", p=0.25)),
    ],
)
def test_shorthands_mean_the_same_truncation(short, expected):
    assert as_truncation(short) == expected
    X, Y = problem("mse", T=9)
    a = model("rnn", seed=2).loss_and_grads(X, Y, truncation=short).trace.xi
    b = model("rnn", seed=2).loss_and_grads(X, Y, truncation=expected).trace.xi
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"kind": "sometimes"}, "truncation: expected one of full, truncated, random"),
        ({"k": 0}, "truncation k"),
        ({"k": 2.5}, "truncation k"),
        ({"k": True}, "truncation k"),
        ({"p": 0.0}, "truncation p"),
        ({"p": 1.5}, "truncation p"),
        ({"p": float("nan")}, "truncation p"),
    ],
)
def test_invalid_parts_are_refused_by_name(kwargs, fragment):
    with pytest.raises(ValueError, match=fragment):
        Truncation(**kwargs)


def test_integral_numbers_are_normalised():
    t = Truncation("truncated", k=np.int32(4), p=np.float32(0.5))
    assert type(t.k) is int and type(t.p) is float and t == Truncation("truncated", k=4)
