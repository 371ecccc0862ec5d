"""Facts behind docs/*/nn/sequential.md, asserted on the snippet's own variables."""

import pytest
from torch import nn

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("nn/sequential")


def test_three_ways_to_build(ns):
    assert [type(m) for m in ns["model"]] == [nn.Linear, nn.ReLU, nn.Linear]
    assert ns["named"].fc2 is ns["named"][2]
    assert [name for name, _ in ns["built"].named_children()] == ["linear", "sigmoid", "2"]
    assert ns["built"].linear.bias is None


def test_slice_shares_layers(ns):
    assert isinstance(ns["head"], nn.Sequential) and len(ns["head"]) == 2
    assert ns["head"][0] is ns["model"][0]


def test_parameter_names_and_counts(ns):
    names = [name for name, _ in ns["model"].named_parameters()]
    assert names == ["0.weight", "0.bias", "2.weight", "2.bias"]
    assert ns["total"] == 4 * 8 + 8 + 8 * 3 + 3 == 67
    assert ns["trainable"] == 27
    assert all(p.requires_grad for p in ns["model"].parameters())  # unfrozen again
