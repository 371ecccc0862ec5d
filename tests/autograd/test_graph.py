"""Facts behind docs/*/autograd/graph.md, asserted on the snippet's own variables."""

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("autograd/graph")


def test_only_parameters_require_grad(ns):
    assert ns["w"].requires_grad and ns["b"].requires_grad
    assert not ns["x"].requires_grad and not ns["t"].requires_grad
    assert ns["y"].requires_grad and ns["loss"].requires_grad


def test_loss_value(ns):
    w, b, x, t = ns["w"], ns["b"], ns["x"], ns["t"]
    expected = ((0.5 * x - t) ** 2).mean()
    torch.testing.assert_close(ns["loss"].detach(), expected)
    assert ns["loss"].shape == ()
    assert w.item() == 0.5 and b.item() == 0.0


def test_leaves_and_grad_fn(ns):
    assert ns["w"].is_leaf and ns["w"].grad_fn is None
    assert not ns["y"].is_leaf and ns["y"].grad_fn.name() == "AddBackward0"
    assert ns["loss"].grad_fn.name() == "MeanBackward0"


def test_graph_walk(ns):
    levels, edges = ns["levels"], ns["edges"]
    names = [[ns["label"](node) for node in level] for level in levels]
    assert names[0] == ["MeanBackward0"]
    assert names[3] == ["AddBackward0"]
    assert set(names[4]) == {"MulBackward0", "AccumulateGrad (b)"}
    assert names[5] == ["AccumulateGrad (w)"]
    assert len(edges) == 6 and len(ns["where"]) == 7


def test_figure_has_one_box_per_node(ns):
    # (The checked run itself fails if graph.png is not written.)
    texts = [t.get_text() for t in ns["fig"].axes[0].texts if t.get_text()]
    assert sorted(texts) == sorted(ns["label"](node) for node in ns["where"])
    assert len(texts) == 7


def test_grads_not_computed_yet(ns):
    # graph.py only builds the graph: no backward was called.
    assert ns["w"].grad is None and ns["b"].grad is None


def test_only_results_that_can_have_a_gradient_are_tracked():
    x = torch.ones(3, requires_grad=True)
    assert (x * 2).requires_grad
    assert not torch.argmax(x).requires_grad and not (x > 0).requires_grad
    en = " ".join((fieldguide.ROOT / "docs/en/autograd/graph.md").read_text("utf-8").split())
    zh = "".join((fieldguide.ROOT / "docs/zh/autograd/graph.md").read_text("utf-8").split())
    assert "so does a floating-point result" in en and "浮点类型的结果就需要梯度" in zh


def test_the_two_exceptions_to_tracking():
    # The page: no_grad records nothing, and shape-only functions such as zeros_like give
    # a tensor that needs no gradient, although their input requires one.
    w = torch.ones(3, requires_grad=True)
    with torch.no_grad():
        assert not (w * 2).requires_grad
    assert not torch.zeros_like(w).requires_grad and not torch.empty_like(w).requires_grad
    en = " ".join((fieldguide.ROOT / "docs/en/autograd/graph.md").read_text("utf-8").split())
    assert "such as `torch.zeros_like(w)`, return a new tensor that needs no gradient" in en


def test_next_functions_has_one_pair_per_tensor_input():
    x = torch.ones(3, requires_grad=True)
    assert len((x**2).grad_fn.next_functions) == 1  # the exponent is a plain number
    assert len((x * torch.ones(3)).grad_fn.next_functions) == 2  # None for the second
    en = " ".join((fieldguide.ROOT / "docs/en/autograd/graph.md").read_text("utf-8").split())
    assert "pair per tensor input of the operation" in en


def test_question_requires_grad_spreads_counts_a_as_a_leaf():
    # questions/autograd.yml: a tensor that needs no gradient is a leaf too, not only b.
    a, b = torch.ones(2), torch.ones(2, requires_grad=True)
    assert a.is_leaf and b.is_leaf and not (a * b).is_leaf
    text = (fieldguide.ROOT / "questions/autograd.yml").read_text("utf-8")
    assert "Only `b` itself (or a detached tensor) is a leaf." not in text
    assert "The tensors you created, `a` and `b`" in text and "自己创建的 `a` 和 `b`" in text
