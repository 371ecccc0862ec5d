"""Facts behind the CPU blocks of docs/*/deploy/inference.md."""

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("deploy/inference")


def test_same_values_different_kind_of_tensor(ns):
    with torch.no_grad():
        plain = ns["model"](ns["x"])
    with torch.inference_mode():
        frozen = ns["model"](ns["x"])
    assert torch.equal(plain, frozen)
    assert not plain.is_inference() and frozen.is_inference()
    assert not ns["plain"].is_inference() and ns["frozen"].is_inference()


def test_inference_tensors_refuse_autograd_and_inplace():
    with torch.inference_mode():
        frozen = torch.ones(2)
    scale = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="Inference tensors cannot be saved for backward"):
        (frozen * scale).sum().backward()
    with pytest.raises(RuntimeError, match="Inplace update to inference tensor outside"):
        frozen.mul_(3)
    # The refusal comes after the write, as the page warns.
    assert frozen.tolist() == [3.0, 3.0]
    with torch.inference_mode():
        frozen.mul_(2)  # inside inference mode in-place is fine
    assert frozen.tolist() == [6.0, 6.0]


def test_clone_is_an_ordinary_tensor(ns):
    assert not ns["usable"].is_inference()
    assert torch.equal(ns["usable"], ns["plain"] + 2)


def test_decorated_function_runs_in_inference_mode(ns):
    assert ns["predict"](ns["model"], ns["x"]).is_inference()


def test_inference_tensor_enters_where_nothing_is_saved(ns):
    with torch.inference_mode():
        frozen = torch.full((3, 2), 5.0)
    scale = torch.ones(2, requires_grad=True)
    (frozen + scale).sum().backward()  # the sum's gradient needs no saved value
    assert scale.grad.tolist() == [3.0, 3.0]
    head = torch.nn.Linear(2, 1)
    with pytest.raises(RuntimeError, match="Inference tensors cannot be saved for backward"):
        head(frozen).sum().backward()  # the weight's gradient needs the input
    assert head.weight.grad is None


def test_page_shows_both_cases(ns):
    assert ns["scale"].grad.tolist() == [3.0, 3.0]
