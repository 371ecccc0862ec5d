"""Facts behind docs/*/basics/pytorch.md, asserted on the snippet's own variables."""

import numpy as np
import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("basics/pytorch")


def test_tensor_matches_numpy(ns):
    assert np.allclose((ns["t"].T @ ns["t"]).numpy(), ns["a"].T @ ns["a"])


def test_device_idiom(ns):
    assert ns["device"].type in {"cuda", "cpu"}
    assert ns["device"].type == ("cuda" if torch.cuda.is_available() else "cpu")
    assert ns["result"].device.type == "cpu"


def test_autograd_derivative(ns):
    assert ns["x"].grad.item() == 8.0 and ns["y"].item() == 15.0


def test_model_parameter_count(ns):
    assert sum(p.numel() for p in ns["model"].parameters()) == 58


def test_graph_depends_on_the_data(ns):
    f = ns["double_until_big"]
    x = torch.tensor([0.5, 1.0], requires_grad=True)
    out, steps = f(x)
    out.backward()
    assert steps == 3 and torch.equal(x.grad, torch.tensor([8.0, 8.0]))
    assert ns["graph"](out.grad_fn).count("MulBackward0") == 3
    x = torch.tensor([0.01, 0.01], requires_grad=True)
    out, steps = f(x)
    assert steps == 9  # 0.02 * 2**9 = 10.24 is the first sum >= 10
    assert ns["graph"](out.grad_fn).count("MulBackward0") == 9
    assert torch.equal(ns["negative"].grad, torch.tensor([-1.0, -1.0]))


@pytest.mark.parametrize("cuda", [False, True])
def test_the_device_line_asks_cuda_alone(monkeypatch, cuda):
    """The page: the idiom picks cuda exactly when torch.cuda.is_available(); an Apple GPU
    (MPS) does not count, so a Mac gets cpu."""
    monkeypatch.setattr(torch.cuda, "is_available", lambda: cuda)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: True)
    source = (fieldguide.ROOT / "snippets/basics/pytorch.py").read_text("utf-8")
    line = next(s for s in source.splitlines() if s.startswith("device = "))
    scope = {"torch": torch}
    exec(line, scope)
    assert scope["device"].type == ("cuda" if cuda else "cpu")
