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


def test_second_backward_fails_only_where_the_graph_saved_values():
    # The page: a graph that saved nothing, such as (x + 1).sum(), survives a second pass.
    x = torch.ones(3, requires_grad=True)
    z = (x + 1).sum()
    z.backward()
    z.backward()
    assert x.grad.tolist() == [2.0, 2.0, 2.0]
    w = torch.ones(3, requires_grad=True)
    layer = (torch.nn.functional.linear(torch.ones(1, 3), w[None])).sum()
    layer.backward()
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        layer.backward()
    en = " ".join((fieldguide.ROOT / "docs/en/autograd/backward.md").read_text("utf-8").split())
    assert "Only a graph that saved nothing, such as `(x + 1).sum()`" in en


def test_question_backward_starts_from_one_element_too():
    # questions/autograd.yml, backward-needs-a-scalar: a one-element tensor needs no gradient=.
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    (x[:1] * x[:1]).backward()  # shape (1,), not a scalar
    assert x.grad.tolist() == [2.0, 0.0]
    text = (fieldguide.ROOT / "questions/autograd.yml").read_text("utf-8")
    assert "**scalar** (or a tensor of one element)" in text
    assert "**标量**（或只有一个元素的张量）" in text
