"""Facts behind the CPU blocks of docs/*/deploy/inference.md."""

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("deploy/inference")


def test_same_values_different_kind_of_tensor(ns):
    assert torch.equal(ns["plain"], ns["frozen"])
    assert not ns["plain"].is_inference() and ns["frozen"].is_inference()


def test_inference_tensors_refuse_autograd_and_inplace(ns):
    scale = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="Inference tensors cannot be saved for backward"):
        (ns["frozen"] * scale).sum().backward()
    with pytest.raises(RuntimeError, match="Inplace update to inference tensor outside"):
        ns["frozen"].mul_(2)
    with torch.inference_mode():
        ns["frozen"].clone().mul_(2)  # inside inference mode in-place is fine


def test_clone_is_an_ordinary_tensor(ns):
    assert not ns["usable"].is_inference()
    assert torch.equal(ns["usable"], ns["frozen"] + 1)


def test_decorated_function_runs_in_inference_mode(ns):
    assert ns["predict"](ns["model"], ns["x"]).is_inference()
