"""Facts behind docs/*/nn/lenet.md, asserted on the snippet's own variables."""

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("nn/lenet")


def test_shape_trace(ns):
    shapes = dict(ns["gray_shapes"][:8])
    assert shapes["conv1"] == (1, 6, 28, 28)
    assert ns["gray_shapes"][6] == ("pool", (1, 16, 5, 5))
    assert shapes["flatten"] == (1, 400)
    assert ns["gray_shapes"][-1] == ("fc3", (1, 10))


def test_rgb_model_traces_the_same_shapes_after_conv1(ns):
    rgb_shapes = ns["trace_shapes"](ns["rgb_net"], torch.zeros(2, 3, 32, 32))
    assert [s[1:] for _, s in rgb_shapes[1:]] == [s[1:] for _, s in ns["gray_shapes"][1:]]


def test_flatten_three_ways(ns):
    assert ns["a"].shape == (4, 400)
    assert ns["num_flat_features"](ns["feats"]) == 400
    assert ns["wrong"].view(-1, 400).shape == (36, 400)


def test_parameter_counts(ns):
    count = ns["count"]
    assert count(ns["gray_net"]) == 61706
    assert count(ns["rgb_net"]) == 61706 + 2 * 6 * 5 * 5
    assert ns["rgb_net"].conv1.weight.shape == (6, 3, 5, 5)


def test_batch_forward_and_channel_error(ns):
    assert ns["gray_logits"].shape == (8, 10) and ns["rgb_logits"].shape == (8, 10)
    assert "to have 1 channels, but got 3 channels" in ns["channel_error"]
