"""Facts behind docs/*/deploy/extending.md."""

import pytest
import torch
from torch.autograd import gradcheck, gradgradcheck

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("deploy/extending")


def test_custom_function_matches_builtin(ns):
    x = torch.linspace(-4, 4, 9, dtype=torch.float64, requires_grad=True)
    ours = ns["Softplus"].apply(x)
    (grad,) = torch.autograd.grad(ours.sum(), x)
    torch.testing.assert_close(ours, torch.nn.functional.softplus(x))
    torch.testing.assert_close(grad, torch.sigmoid(x))


def test_gradcheck_separates_right_from_wrong(ns):
    inputs = ns["inputs"]
    assert gradcheck(ns["Softplus"].apply, (inputs,))
    assert not gradcheck(ns["WrongSoftplus"].apply, (inputs,), raise_exception=False)


def test_backward_is_itself_differentiable(ns):
    # backward uses only differentiable operations, so second derivatives work too.
    assert gradgradcheck(ns["Softplus"].apply, (ns["inputs"],))


def test_hooks_were_removed(ns):
    model = ns["model"]
    assert all(not m._forward_hooks for m in model.modules())
    assert ns["features"] == {}


def test_einsum_scores(ns):
    q, k = ns["q"], ns["k"]
    torch.testing.assert_close(ns["scores"], q @ k.transpose(-2, -1))
