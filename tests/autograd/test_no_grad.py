"""Facts behind docs/*/autograd/no_grad.md, asserted on the snippet's own variables."""

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("autograd/no_grad")


def test_detach_shares_storage_clone_does_not(ns):
    d, c = ns["d"], ns["c"]
    assert not d.requires_grad and d[0].item() == 10.0
    assert c[0].item() == -1.0 and c.data_ptr() != d.data_ptr()


def test_inference_tensor(ns):
    y = ns["y"]
    assert y.is_inference() and not y.requires_grad


def test_no_grad_decorator(ns):
    out = ns["predict"](torch.ones(2, requires_grad=True))
    assert not out.requires_grad and out.grad_fn is None
    assert torch.is_grad_enabled()


def test_frozen_weight(ns):
    model = ns["model"]
    assert not model.weight.requires_grad and model.weight.grad is None
    assert torch.equal(model.bias.grad, torch.tensor([4.0]))
    assert ns["trainable"] == 1


def test_inference_tensor_refused_by_autograd(ns):
    x = torch.ones(2, requires_grad=True)
    with torch.inference_mode():
        y = x * 2
    with pytest.raises(RuntimeError, match="Inference tensors"):
        (y * x).sum().backward()


def test_inference_tensor_may_enter_where_nothing_is_saved(ns):
    # Addition saves nothing for backward, so an inference tensor may take part.
    x = torch.ones(2, requires_grad=True)
    with torch.inference_mode():
        y = x * 2
    (y + x).sum().backward()
    assert torch.equal(x.grad, torch.ones(2))
    assert torch.equal(ns["x"].grad, torch.ones(3))
