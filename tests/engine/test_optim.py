"""Optimizers, clipping and matrix measures against hand-computed values."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.engine import (
    SGD,
    Adam,
    Momentum,
    clip_grad_norm,
    clip_grad_value,
    grad_norm,
    largest_singular_value,
    spectral_radius,
)


def _params():
    return {"w": np.array([1.0, -2.0]), "b": np.array([0.5])}


def _grads():
    return {"w": np.array([0.1, 0.2]), "b": np.array([-1.0])}


def test_sgd():
    p = _params()
    w = p["w"]
    SGD(p, lr=0.5).step(_grads())
    assert p["w"] is w
    np.testing.assert_allclose(p["w"], [0.95, -2.1])
    np.testing.assert_allclose(p["b"], [1.0])


def test_momentum_pytorch_rule():
    p = _params()
    opt = Momentum(p, lr=0.1, momentum=0.9)
    opt.step(_grads())  # buf = g
    np.testing.assert_allclose(p["w"], [1.0 - 0.01, -2.0 - 0.02])
    opt.step(_grads())  # buf = 0.9 g + g = 1.9 g
    np.testing.assert_allclose(p["w"], [1.0 - 0.01 - 0.019, -2.0 - 0.02 - 0.038])
    np.testing.assert_allclose(p["b"], [0.5 + 0.1 + 0.19])


def test_adam_pytorch_rule():
    p = _params()
    opt = Adam(p, lr=0.01, betas=(0.9, 0.999), eps=1e-8)
    g = _grads()
    opt.step(g)
    # First step: m_hat = g, v_hat = g^2, so each entry moves by lr * g / (|g| + eps).
    np.testing.assert_allclose(
        p["w"], [1.0 - 0.01 * 0.1 / (0.1 + 1e-8), -2.0 - 0.01 * 0.2 / (0.2 + 1e-8)]
    )
    g2 = {"w": np.array([0.3, -0.1]), "b": np.array([2.0])}
    w_before = p["w"].copy()
    opt.step(g2)
    m = 0.9 * (0.1 * g["w"]) + 0.1 * g2["w"]
    v = 0.999 * (0.001 * g["w"] ** 2) + 0.001 * g2["w"] ** 2
    m_hat, v_hat = m / (1 - 0.9**2), v / (1 - 0.999**2)
    np.testing.assert_allclose(p["w"], w_before - 0.01 * m_hat / (np.sqrt(v_hat) + 1e-8))


def test_adam_matches_torch_when_available():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    p = {"w": rng.standard_normal((3, 4))}
    tp = torch.tensor(p["w"].copy(), requires_grad=True)
    opt, topt = (
        Adam(p, lr=0.05, betas=(0.8, 0.99), eps=1e-6),
        torch.optim.Adam([tp], lr=0.05, betas=(0.8, 0.99), eps=1e-6),
    )
    for _ in range(5):
        g = rng.standard_normal((3, 4))
        opt.step({"w": g})
        tp.grad = torch.tensor(g)
        topt.step()
    np.testing.assert_allclose(p["w"], tp.detach().numpy(), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("cls, kw", [(SGD, {}), (Momentum, {"momentum": 0.5}), (Adam, {})])
def test_optimizer_state_roundtrip(cls, kw, tmp_path):
    p1, p2 = _params(), _params()
    a = cls(p1, lr=0.1, **kw)
    a.step(_grads())
    np.savez(tmp_path / "opt.npz", **a.state_dict())
    b = cls(p2, lr=0.7, **kw)
    for k in p1:
        p2[k][...] = p1[k]
    with np.load(tmp_path / "opt.npz", allow_pickle=False) as data:
        b.load_state_dict(data)
    a.step(_grads())
    b.step(_grads())
    for k in p1:
        np.testing.assert_array_equal(p1[k], p2[k])
    with pytest.raises(ValueError, match="lr"):
        b.load_state_dict({k: v for k, v in a.state_dict().items() if k != "lr"})


def test_clip_grad_norm_pytorch_semantics():
    g = {"a": np.array([3.0, 0.0]), "b": np.array([[4.0]])}
    norm = clip_grad_norm(g, 1.0)
    assert norm == 5.0
    coef = 1.0 / (5.0 + 1e-6)
    np.testing.assert_allclose(g["a"], [3.0 * coef, 0.0])
    np.testing.assert_allclose(g["b"], [[4.0 * coef]])
    small = {"a": np.array([0.3, 0.4])}
    assert np.isclose(clip_grad_norm(small, 1.0), 0.5)
    np.testing.assert_array_equal(small["a"], [0.3, 0.4])


@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e3])
def test_clip_grad_norm_with_the_callers_norm_clips_bitwise_alike(scale):
    # The session measures the norm for its curves, then clips with it: the gradients
    # must come out exactly as when clipping measures the norm itself.
    rng = np.random.default_rng(3)
    g = {k: scale * rng.standard_normal(shape) for k, shape in (("W", (7, 5)), ("b", (5,)))}
    mine = {k: v.copy() for k, v in g.items()}
    theirs = {k: v.copy() for k, v in g.items()}
    norm = grad_norm(mine)
    assert clip_grad_norm(mine, 1.0, norm=norm) == clip_grad_norm(theirs, 1.0) == norm
    for k in g:
        assert np.array_equal(mine[k], theirs[k])
    assert (scale > 1e-3) == (not np.array_equal(mine["W"], g["W"]))  # clipped when > 1


def test_clip_grad_value_counts_clipped_entries():
    g = {"a": np.array([-7.0, 0.5, 5.0]), "b": np.array([[5.0, -5.0]])}
    assert clip_grad_value(g, 5.0) == 1
    np.testing.assert_array_equal(g["a"], [-5.0, 0.5, 5.0])
    assert clip_grad_value(g, 1.0) == 4
    np.testing.assert_array_equal(g["b"], [[1.0, -1.0]])


def test_matrix_measures():
    R = np.array([[0.0, -2.0], [0.5, 0.0]])  # eigenvalues +-i, singular values 2 and 0.5
    assert np.isclose(spectral_radius(R), 1.0)
    assert np.isclose(largest_singular_value(R), 2.0)
    assert np.isclose(spectral_radius(0.9 * np.eye(3)), 0.9)
    with pytest.raises(ValueError, match="square"):
        spectral_radius(np.ones((2, 3)))
