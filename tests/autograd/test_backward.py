"""Facts behind docs/*/autograd/backward.md, asserted on the snippet's own variables."""

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("autograd/backward")


def test_weighted_backward_is_a_vector_jacobian_product(ns):
    assert torch.equal(ns["x2"].grad, torch.tensor([2.0, 2.0, 2.0]))
    assert torch.equal(ns["x3"].grad, torch.tensor([2.0, 0.0, 1.0]))


def test_retain_graph_accumulates_two_passes(ns):
    x = ns["x"]
    assert torch.equal(x.grad, 2 * (2 * x.detach()))


def test_leaf_warning(ns):
    assert ns["caught"][0].category is UserWarning
    assert "not a leaf Tensor" in str(ns["caught"][0].message)


def test_retained_intermediate_gradient(ns):
    y = ns["y"]
    assert not y.is_leaf
    # The last section rebinds x/z, but y from retain_grad keeps its gradient 2y.
    assert torch.equal(y.grad, 2 * y.detach())


def test_scalar_backward_without_retain_graph_fails():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    z = (x * x).sum()
    z.backward()
    with pytest.raises(RuntimeError, match="second time"):
        z.backward()


def test_non_scalar_needs_gradient():
    y = torch.tensor([1.0, 2.0], requires_grad=True) * 2
    with pytest.raises(RuntimeError, match="only for scalar outputs"):
        y.backward()


def test_backward_needs_gradient_only_past_one_element():
    x = torch.ones(3, requires_grad=True)
    (x * 2)[:1].backward()  # shape (1,): one element counts as a scalar
    assert x.grad.tolist() == [2.0, 0.0, 0.0]
    with pytest.raises(RuntimeError, match="only for scalar outputs"):
        (x * 2)[:2].backward()
    en = " ".join((fieldguide.ROOT / "docs/en/autograd/backward.md").read_text("utf-8").split())
    zh = "".join((fieldguide.ROOT / "docs/zh/autograd/backward.md").read_text("utf-8").split())
    assert "(or any tensor of one element)" in en and "（或者只有一个元素的张量）" in zh
