"""Optional cross-check against PyTorch (skipped when torch is not installed).

The GRU is left out: PyTorch applies the reset gate after the recurrent matmul
(``r * (W_hn h + b_hn)``), d2l and this engine before it (``(r * h) W_hh``).
"""

from __future__ import annotations

import numpy as np
import pytest

from .common import model, problem

torch = pytest.importorskip("torch")


def _torch_module(m):
    D, H = m.input_size, m.hidden_size
    p = {k: torch.tensor(v.copy()) for k, v in m.params.items()}
    if m.cell == "rnn":
        net = torch.nn.RNN(D, H, dtype=torch.float64)
        w_ih, w_hh, b = p["W_xh"].T, p["W_hh"].T, p["b_h"]
    else:
        net = torch.nn.LSTM(D, H, dtype=torch.float64)
        order = ("i", "f", "c", "o")  # PyTorch's gate order
        w_ih = torch.cat([p[f"W_x{g}"].T for g in order])
        w_hh = torch.cat([p[f"W_h{g}"].T for g in order])
        b = torch.cat([p[f"b_{g}"] for g in order])
    with torch.no_grad():
        net.weight_ih_l0.copy_(w_ih)
        net.weight_hh_l0.copy_(w_hh)
        net.bias_ih_l0.copy_(b)
        net.bias_hh_l0.zero_()
    return net, p["W_hq"].requires_grad_(), p["b_q"].requires_grad_()


@pytest.mark.parametrize("loss", ("mse", "ce"))
@pytest.mark.parametrize("cell", ("rnn", "lstm"))
def test_matches_pytorch(cell, loss):
    X, Y = problem(loss)
    m = model(cell)
    res = m.loss_and_grads(X, Y, loss=loss)
    net, W_hq, b_q = _torch_module(m)
    out, _ = net(torch.tensor(X))
    out.retain_grad()
    logits = out @ W_hq + b_q
    if loss == "mse":
        value = torch.nn.functional.mse_loss(logits, torch.tensor(Y))
    else:
        value = torch.nn.functional.cross_entropy(
            logits.reshape(-1, m.output_size), torch.tensor(Y).reshape(-1)
        )
    value.backward()
    assert np.isclose(res.loss, value.item(), rtol=1e-12)
    np.testing.assert_allclose(res.grads["W_hq"], W_hq.grad.numpy(), rtol=1e-10, atol=1e-14)
    # PyTorch's out.grad is only the read-out's share; the recurrence stays inside the module.
    local = res.trace.grad_outputs @ m.params["W_hq"].T
    np.testing.assert_allclose(local, out.grad.numpy(), rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(res.trace.grad_hidden[-1], local[-1], rtol=1e-12)
    if cell == "rnn":
        np.testing.assert_allclose(res.grads["W_hh"], net.weight_hh_l0.grad.numpy().T, rtol=1e-10)
    else:
        H = m.hidden_size
        for k, g in enumerate(("i", "f", "c", "o")):
            block = net.weight_hh_l0.grad.numpy()[k * H : (k + 1) * H].T
            np.testing.assert_allclose(res.grads[f"W_h{g}"], block, rtol=1e-10, atol=1e-14)
