"""Stacked and bidirectional models against PyTorch autograd (skipped without torch).

The GRU is left out for the reason given in ``test_torch.py`` (PyTorch's reset gate acts
after the recurrent matmul).
"""

from __future__ import annotations

import numpy as np
import pytest

from explorer.engine import make_model

torch = pytest.importorskip("torch")

T, B, D, H, Q = 5, 3, 3, 4, 3
ORDER = ("i", "f", "c", "o")  # PyTorch's LSTM gate order


def _torch_net(m):
    cls = torch.nn.RNN if m.cell == "rnn" else torch.nn.LSTM
    net = cls(D, H, num_layers=m.num_layers, bidirectional=m.bidirectional, dtype=torch.float64)
    p = m.params
    with torch.no_grad():
        for (layer, d), _ in m.stack.cores.items():
            pre = f"l{layer}{'r' if d else ''}."
            suffix = f"_l{layer}" + ("_reverse" if d else "")
            if m.cell == "rnn":
                w_ih, w_hh, b = p[pre + "W_xh"].T, p[pre + "W_hh"].T, p[pre + "b_h"]
            else:
                w_ih = np.concatenate([p[f"{pre}W_x{g}"].T for g in ORDER])
                w_hh = np.concatenate([p[f"{pre}W_h{g}"].T for g in ORDER])
                b = np.concatenate([p[f"{pre}b_{g}"] for g in ORDER])
            getattr(net, "weight_ih" + suffix).copy_(torch.tensor(w_ih))
            getattr(net, "weight_hh" + suffix).copy_(torch.tensor(w_hh))
            getattr(net, "bias_ih" + suffix).copy_(torch.tensor(b))
            getattr(net, "bias_hh" + suffix).zero_()
    return net


@pytest.mark.parametrize("loss", ("mse", "ce"))
@pytest.mark.parametrize("layout", ((2, False), (1, True), (2, True)), ids=str)
@pytest.mark.parametrize("cell", ("rnn", "lstm"))
def test_matches_pytorch(cell, layout, loss):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((T, B, D))
    Y = rng.standard_normal((T, B, Q)) if loss == "mse" else rng.integers(0, Q, (T, B))
    m = make_model(
        cell, input_size=D, hidden_size=H, output_size=Q, seed=2,
        num_layers=layout[0], bidirectional=layout[1],
    )  # fmt: skip
    res = m.loss_and_grads(X, Y, loss=loss)
    net = _torch_net(m)
    W_hq = torch.tensor(m.params["W_hq"].copy(), requires_grad=True)
    b_q = torch.tensor(m.params["b_q"].copy(), requires_grad=True)
    out, _ = net(torch.tensor(X))
    out.retain_grad()
    logits = out @ W_hq + b_q
    if loss == "mse":
        value = torch.nn.functional.mse_loss(logits, torch.tensor(Y))
    else:
        value = torch.nn.functional.cross_entropy(
            logits.reshape(-1, Q), torch.tensor(Y).reshape(-1)
        )
    value.backward()
    assert np.isclose(res.loss, value.item(), rtol=1e-12)
    np.testing.assert_allclose(res.trace.hidden, out.detach().numpy(), rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(res.grads["W_hq"], W_hq.grad.numpy(), rtol=1e-10, atol=1e-14)
    for layer, d in m.stack.cores:
        pre = f"l{layer}{'r' if d else ''}."
        suffix = f"_l{layer}" + ("_reverse" if d else "")
        g_ih = getattr(net, "weight_ih" + suffix).grad.numpy()
        g_hh = getattr(net, "weight_hh" + suffix).grad.numpy()
        if cell == "rnn":
            np.testing.assert_allclose(res.grads[pre + "W_xh"], g_ih.T, rtol=1e-9, atol=1e-13)
            np.testing.assert_allclose(res.grads[pre + "W_hh"], g_hh.T, rtol=1e-9, atol=1e-13)
        else:
            for k, g in enumerate(ORDER):
                rows = slice(k * H, (k + 1) * H)
                np.testing.assert_allclose(
                    res.grads[f"{pre}W_x{g}"], g_ih[rows].T, rtol=1e-9, atol=1e-13
                )
                np.testing.assert_allclose(
                    res.grads[f"{pre}W_h{g}"], g_hh[rows].T, rtol=1e-9, atol=1e-13
                )
