"""Facts behind docs/*/basics/neuron.md, asserted on the snippet's own variables."""

import math

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("basics/neuron")


def test_hand_and_torch_neuron_agree(ns):
    assert ns["z"] == pytest.approx(0.4)
    assert ns["y"] == pytest.approx(1 / (1 + math.exp(-0.4)))
    assert ns["y_t"].item() == pytest.approx(ns["y"], rel=1e-6)
    assert torch.allclose(torch.sigmoid(ns["layer"](ns["a_t"])), ns["y_t"])


def test_linear_layer_has_the_neuron_shapes(ns):
    assert ns["layer"].weight.shape == (1, 3) and ns["layer"].bias.shape == (1,)


def test_one_update_lowers_the_loss(ns):
    assert ns["new_loss"].item() < ns["loss"].item()
    assert ns["loss"].item() == pytest.approx((ns["y"] - 1.0) ** 2, rel=1e-5)


def test_weights_moved_against_the_gradient(ns):
    moved = ns["weights"].detach() - torch.tensor(ns["w"])
    expected = -ns["lr"] * ns["weights"].grad
    assert torch.allclose(moved, expected, atol=1e-6)
    assert torch.allclose(ns["by_hand"], ns["weights"].grad)


def test_gradient_is_proportional_to_the_input_sign_included():
    """The page: the push grows with |a_i|; a negative input pushes the other way, 0 not at all."""
    a = torch.tensor([2.0, -3.0, 0.0])
    w = torch.tensor([0.5, 0.5, 0.5], requires_grad=True)
    ((torch.sigmoid(a @ w) - 1.0) ** 2).backward()
    g = w.grad
    assert g[0] < 0 < g[1] and g[2] == 0  # opposite signs; no push without input
    assert abs(g[1]) > abs(g[0])  # |-3| > |2|: the bigger push, though -3 is the smallest input
    assert torch.allclose(g / g[0], a / a[0])
