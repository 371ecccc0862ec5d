"""Facts behind docs/*/practice/building_blocks.md, asserted on the snippet's variables."""

import pytest
import torch
from torch import nn

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("practice/building_blocks")


def test_residual_block_adds_its_input(ns):
    block = ns["ResidualBlock"](4, 4)
    assert isinstance(block.shortcut, nn.Identity)
    # With the second BN's weight at 0 the residual branch is 0: the block is relu(x).
    nn.init.zeros_(block.bn2.weight)
    block.eval()
    x = torch.randn(2, 4, 5, 5)
    assert torch.equal(block(x), torch.relu(x))


def test_downsampling_block_has_a_projection(ns):
    assert isinstance(ns["block"].shortcut, nn.Sequential)
    assert ns["block"].shortcut[0].kernel_size == (1, 1)


def test_small_resnet_shape_and_size(ns):
    net = ns["net"]
    assert net(torch.zeros(3, 1, 8, 8)).shape == (3, 10)
    assert sum(p.numel() for p in net.parameters()) == 19706


def test_init(ns):
    net = ns["net"]
    for m in net.modules():
        if isinstance(m, nn.BatchNorm2d):
            assert torch.equal(m.weight, torch.ones_like(m.weight))
            assert torch.equal(m.bias, torch.zeros_like(m.bias))
        if isinstance(m, nn.Linear):
            assert torch.equal(m.bias, torch.zeros_like(m.bias))
            assert m.weight.std().item() == pytest.approx(0.01, rel=0.3)
    w = ns["conv"].weight
    assert w.std().item() == pytest.approx((2 / ns["fan_out"]) ** 0.5, rel=0.1)


def test_parameter_buffer_and_plain_attribute(ns):
    s = ns["Scaler"]()
    assert list(s.state_dict()) == ["scale", "mean"]
    s.to(torch.float64)
    assert s.mean.dtype == s.cache.dtype == s.scale.dtype == torch.float64
    assert s.plain.dtype == torch.float32
    # A state_dict without the non-persistent buffer loads strictly.
    s2 = ns["Scaler"]().to(torch.float64)
    s2.load_state_dict(s.state_dict())
    assert isinstance(s.scale, nn.Parameter) and not isinstance(s.mean, nn.Parameter)


def test_plain_list_hides_parameters(ns):
    assert list(ns["Hidden"]().parameters()) == [] and ns["Hidden"]().state_dict() == {}
    reg = ns["Registered"]()
    assert len(list(reg.parameters())) == 10
    assert set(reg.state_dict()) >= {"layers.0.weight", "heads.digit.weight", "heads.parity.bias"}
    assert reg(torch.zeros(1, 4)).shape == (1, 10)
