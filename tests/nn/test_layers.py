"""Facts behind docs/*/nn/layers.md, asserted on the snippet's own variables."""

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("nn/layers")


def test_maxpool_stride_defaults_to_kernel_size(ns):
    assert ns["max_pool"].stride == 2
    assert torch.equal(ns["max_pool"](ns["x"])[0, 0], torch.tensor([[5.0, 7.0], [13.0, 15.0]]))
    assert torch.equal(ns["avg_pool"](ns["x"])[0, 0], torch.tensor([[2.5, 4.5], [10.5, 12.5]]))


def test_ceil_mode_keeps_the_partial_window(ns):
    odd = ns["odd"]
    assert ns["floor_pool"](odd).shape[-2:] == (2, 2)
    assert ns["ceil_pool"](odd).shape[-2:] == (3, 3)
    assert ns["pool_out"](5, 2, 2, 1, True) == 3  # the last window would start in padding


def test_inplace_relu_overwrote_its_input(ns):
    assert torch.equal(ns["t"], torch.tensor([0.0, 0.0, 0.0, 1.5, 3.0]))
    assert ns["out"].data_ptr() == ns["t"].data_ptr()


def test_sigmoid_gradient_saturates(ns):
    g = ns["sig_grad"]
    assert g[0].item() == pytest.approx(0.25)
    assert g[-1].item() < 1e-4
    assert torch.equal(ns["r"].grad, torch.tensor([0.0, 1.0, 1.0, 1.0]))


def test_first_layer_gradient_vanishes_with_sigmoid_not_relu(ns):
    sig_first, sig_last = ns["grad_norms"]["Sigmoid"]
    relu_first, relu_last = ns["grad_norms"]["ReLU"]
    assert sig_first / sig_last < 1e-5
    assert relu_first / relu_last > 0.1
    assert relu_first > 1e4 * sig_first


def test_dropout_scales_in_train_and_is_identity_in_eval(ns):
    a = ns["a"]
    assert set(a.unique().tolist()) == {0.0, 2.0}
    assert not torch.equal(a, ns["b"])
    assert torch.equal(ns["c"], ns["ones"]) and torch.equal(ns["c"], ns["d"])
    assert ns["mlp"].training and ns["mlp"][2].training
