"""Every formula a lesson card shows holds numerically against the engine, and every card
that shows a formula names its check (explorer.formulas)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from explorer.engine import VanillaRNN
from explorer.engine.analysis import rnn_jacobian_bound, rnn_jacobian_product_norms
from explorer.engine.rnn import rnn_step_forward
from explorer.formulas import FORMULAS, problem, relative_error
from explorer.lessons import load_lessons

LESSONS = load_lessons()
# A formula sign next to a math symbol: "= φ(", "∂L/∂h = …", "g ← …", "ln 8 ≈ 2.08".
FORMULA_SIGN = re.compile(r"[=←≈]")
MATH = re.compile(r"[∂∇Σ⊙φσ‖]|W<sub>|exp\(|tanh\(|ln \d|<sup>\d")
# A setting such as "k = 8", "σ = 0.2" or "t = T" is not a formula.
SETTING = re.compile(r"(?<![^\s(])[A-Za-zσθτρξ] = (?:[\d.]+|T)\b")


def shows_formula(text: str) -> bool:
    """Whether a card text shows a formula (a relation between math expressions)."""
    text = SETTING.sub("", text)
    return bool(FORMULA_SIGN.search(text) and MATH.search(text))


@pytest.mark.parametrize("name", sorted(FORMULAS))
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_formula_holds_against_the_engine(name, seed):
    formula = FORMULAS[name]
    assert formula.check(seed) < formula.tolerance


def test_every_card_with_a_formula_names_its_check():
    missing = []
    used = set()
    for lesson in LESSONS:
        for i, card in enumerate(lesson.cards):
            used.update(card.formulas)
            if shows_formula(card.text["en"]) and not card.formulas:
                missing.append(f"{lesson.key} card {i + 1}")
            for name in card.formulas:
                for language, text in card.text.items():
                    assert FORMULAS[name].display in text, (lesson.key, i + 1, language, name)
    assert not missing, f"cards showing a formula without a numerical check: {missing}"
    # The inspector shows the loss's definition (tests/ui/test_inspector_formulas.py).
    shown = used | {"loss.weighted"}
    assert shown == set(FORMULAS), f"registered but shown nowhere: {set(FORMULAS) - shown}"


def test_the_coverage_rule_sees_formulas():
    assert shows_formula("so ∂L/∂h<sub>T</sub> = (∂L/∂o<sub>T</sub>) W<sub>hq</sub>")
    assert shows_formula("about ln 8 ≈ 2.08")
    assert not shows_formula("Train 200 iterations with k = 8.")
    assert not shows_formula("Step back to t = 1 and watch ‖∂L/∂h<sub>t</sub>‖ (σ = 0.2).")


def test_a_transposed_matrix_fails():
    """The column-convention formulas the BPTT lesson once showed are caught."""
    model, res = problem("rnn", 0)
    p, tr = model.params, res.trace
    dphi = 1.0 - tr.hidden**2
    t = 2
    # W_hh^T (dh_{t+1} ⊙ φ′) written on rows is (dh_{t+1} ⊙ φ′) W_hh, not … W_hh^T.
    wrong = tr.grad_outputs[t] @ p["W_hq"].T + (tr.grad_hidden[t + 1] * dphi[t + 1]) @ p["W_hh"]
    assert relative_error(wrong, tr.grad_hidden[t]) > 0.05
    # W_hq^T ∇_o L does not even type-check in the row convention (H × Q times rows of Q).
    with pytest.raises(ValueError):
        _ = p["W_hq"].T @ tr.grad_outputs[-1]


def fd_jacobian_product(model, trace, b: int, t: int) -> np.ndarray:
    """‖∂h_T/∂h_t‖₂ of example b by central differences through the step function."""
    p, T, H, eps = model.params, trace.hidden.shape[0], model.hidden_size, 1e-6
    J = np.empty((H, H))
    for j in range(H):
        ends = []
        for sign in (1, -1):
            h = trace.hidden[t - 1, b : b + 1].copy()
            h[0, j] += sign * eps
            for s in range(t, T):
                h, _ = rnn_step_forward(trace.X[s, b : b + 1], h, p["W_xh"], p["W_hh"], p["b_h"])
            ends.append(h[0])
        J[:, j] = (ends[0] - ends[1]) / (2 * eps)
    return J


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_jacobian_product_norm_and_its_bound(seed):
    """The gradient view's dotted line is ‖∂h_T/∂h_t‖ and the dashed one bounds it."""
    model, res = problem("rnn", seed)
    tr = res.trace
    T, b = tr.hidden.shape[0], 1
    dphi = 1.0 - tr.hidden[:, b] ** 2
    norms = rnn_jacobian_product_norms(model.params["W_hh"], dphi, np.ones(T))
    for t in range(1, T):
        numeric = np.linalg.norm(fd_jacobian_product(model, tr, b, t), 2)
        assert norms[t - 1] == pytest.approx(numeric, rel=1e-6)
    assert norms[-1] == 1.0
    for xi in (np.ones(T), np.array([1.0, 0, 1 / 0.5, 1 / 0.5, 1.0])):
        norms = rnn_jacobian_product_norms(model.params["W_hh"], dphi, xi)
        bound = rnn_jacobian_bound(model.params["W_hh"], dphi, xi)
        assert np.all(norms <= bound * (1 + 1e-12))


@pytest.mark.parametrize("T", [1, 2, 33, 70])
def test_jacobian_product_norms_are_each_products_spectral_norm(T):
    """Computed in batched blocks, the norms equal ‖Π‖₂ of each product taken one by one,
    across block ends and past a cut (ξ = 0 zeroes every earlier product)."""
    rng = np.random.default_rng(T)
    H = 5
    W = rng.normal(size=(H, H))
    dphi = rng.uniform(0.1, 1.0, size=(T, H))
    for xi in (np.ones(T), np.where(np.arange(T) == T // 2, 0.0, 1.5)):
        norms = rnn_jacobian_product_norms(W, dphi, xi)
        product, expected = np.eye(H), [1.0]
        for s in range(T - 1, 0, -1):
            product = product @ (xi[s] * np.diag(dphi[s]) @ W.T)
            expected.insert(0, np.linalg.norm(product, 2))
        np.testing.assert_allclose(norms, expected, rtol=1e-12, atol=0)


def test_the_bound_caps_the_gradient_for_an_end_of_sequence_loss():
    """‖∂L/∂h_t‖ ≤ ‖∂L/∂h_T‖·bound for a loss at T alone; with a loss at every step it need
    not (which is why the caption says so)."""
    model = VanillaRNN(3, 8, 2, seed=4, init="orthogonal", recurrent_scale=1.0)
    rng = np.random.default_rng(4)
    X, Y = rng.normal(size=(12, 1, 3)), rng.normal(size=(12, 1, 2))
    last_only = np.zeros((12, 1))
    last_only[-1] = 1.0
    exceeded = []
    for mask in (last_only, np.ones((12, 1))):
        tr = model.loss_and_grads(X, Y, mask=mask).trace
        dphi = 1.0 - tr.hidden[:, 0] ** 2
        bound = rnn_jacobian_bound(model.params["W_hh"], dphi, tr.xi)
        g = np.linalg.norm(tr.grad_hidden[:, 0], axis=1)
        exceeded.append(bool(np.any(g > g[-1] * bound * (1 + 1e-12))))
    assert exceeded == [False, True]


def test_the_session_hands_the_view_the_jacobian_envelope():
    from explorer.session import Session, SessionConfig

    session = Session(SessionConfig(task="adding", task_params={"seq_len": 10}, cells=("rnn",)))
    session.one_iteration()
    snap = session.view().records["rnn"]
    norms, bound = snap.jacobian_envelope
    assert norms.shape == bound.shape == (10,)
    assert norms[-1] == bound[-1] == 1.0
    assert np.all(norms <= bound * (1 + 1e-12))
    expected = rnn_jacobian_product_norms(snap.weights["W_hh"], 1 - snap.hidden**2, snap.xi)
    np.testing.assert_allclose(norms, expected)
