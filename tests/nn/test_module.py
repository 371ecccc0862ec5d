"""Facts behind docs/*/nn/module.md, asserted on the snippet's own variables."""

import pytest
import torch
from torch import nn

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("nn/module")


def test_subclass_registers_layers_and_maps_shapes(ns):
    model = ns["model"]
    assert [name for name, _ in model.named_children()] == ["fc1", "act", "fc2"]
    assert len(list(model.parameters())) == 4
    assert ns["out"].shape == (5, 3)


def test_missing_super_init_is_an_attribute_error(ns):
    assert "before Module.__init__() call" in ns["forgot_error"]
    with pytest.raises(AttributeError):
        ns["Forgetful"]()


def test_forward_skips_hooks_but_call_runs_them(ns):
    model, x = ns["model"], ns["x"]
    assert ns["calls"]["hook"] == 1
    seen = []
    handle = model.register_forward_hook(lambda m, i, o: seen.append(o.shape))
    model(x)
    model.forward(x)
    handle.remove()
    assert seen == [torch.Size([5, 3])]


def test_linear_is_x_w_transpose_plus_b(ns):
    fc = ns["fc"]
    assert fc.weight.shape == (3, 4) and fc.bias.shape == (3,)
    assert torch.allclose(ns["y"], ns["x"] @ fc.weight.T + fc.bias)
    assert ns["no_bias"].bias is None


def test_linear_by_hand_numbers(ns):
    expected = torch.tensor([[3.5, 6.0], [0.5, 1.0]])
    assert torch.equal(ns["small"](ns["v"]).detach(), expected)
    assert isinstance(ns["small"], nn.Linear)


def test_copy_into_a_parameter_needs_no_grad(ns):
    layer = nn.Linear(2, 2)
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        layer.bias.copy_(torch.zeros(2))
    with torch.no_grad():
        layer.bias.copy_(torch.zeros(2))
    assert torch.equal(layer.bias.detach(), torch.zeros(2)) and layer.bias.grad_fn is None
    # the snippet's own failed copy left the hand-set bias untouched
    assert torch.equal(ns["small"].bias.detach(), torch.tensor([0.5, -1.0]))
