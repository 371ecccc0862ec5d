"""Facts behind docs/*/conv/conv2d.md, asserted on the snippet's own variables."""

import math

import pytest
import torch
from torch import nn

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("conv/conv2d")


def test_weight_shapes_by_dimension(ns):
    assert ns["conv1d"].weight.shape == (4, 2, 3)
    assert ns["conv3d"].weight.shape == (4, 1, 3, 3, 3)


def test_int_and_tuple_arguments(ns):
    assert ns["conv"].kernel_size == (3, 3) and ns["conv"].stride == (2, 2)
    assert ns["rect"].weight.shape == (16, 3, 3, 5)


def test_padding_modes(ns):
    p = ns["padded"]
    assert p["zeros"][0].abs().sum().item() == 0
    assert p["reflect"][0, 0].item() == 5.0  # mirrors without repeating the edge
    assert p["replicate"][0, 0].item() == 1.0  # repeats the edge
    assert p["circular"][0, 0].item() == 9.0  # wraps around
    assert torch.equal(p["reflect"][1:4, 1:4], ns["small"][0, 0])


def test_same_padding(ns):
    x = ns["x"]
    assert ns["same"](x).shape == x.shape and ns["valid"](x).shape[-1] == 7
    assert torch.allclose(ns["even_out"], ns["by_hand"])


def test_dilated_receptive_field(ns):
    assert ns["field"].sum().item() == 9
    assert ns["field"][1, 1] == 1 and ns["field"][2, 2] == 0
    assert (ns["span"], ns["plain_span"]) == (15, 7)


@pytest.mark.parametrize("size", [7, 8, 9, 10])
@pytest.mark.parametrize("kernel_size", [1, 3, 5])
@pytest.mark.parametrize("stride", [2, 3])
def test_strided_same_size_by_hand(size, kernel_size, stride):
    # The page: PyTorch refuses padding="same" with a stride; (k - 1) // 2 gives ceil(H / s).
    x = torch.zeros(1, 1, size, size)
    layer = nn.Conv2d(1, 1, kernel_size, stride=stride, padding=(kernel_size - 1) // 2)
    assert layer(x).shape[-1] == math.ceil(size / stride)
    with pytest.raises(ValueError, match="not supported for strided convolutions"):
        nn.Conv2d(1, 1, kernel_size, stride=stride, padding="same")


def test_page_shows_the_strided_size(ns):
    assert ns["strided"](ns["x"]).shape == (1, 1, 5, 5)


def test_repr_always_lists_kernel_size_and_stride():
    # The page: the printed layer always shows kernel_size and stride, the rest only when set.
    assert repr(nn.Conv2d(3, 16, 3)) == "Conv2d(3, 16, kernel_size=(3, 3), stride=(1, 1))"
    assert repr(nn.Conv2d(3, 16, 3, dilation=2, bias=False)) == (
        "Conv2d(3, 16, kernel_size=(3, 3), stride=(1, 1), dilation=(2, 2), bias=False)"
    )
    en = " ".join((fieldguide.ROOT / "docs/en/conv/conv2d.md").read_text("utf-8").split())
    assert "and only those that differ from the defaults" not in en
    assert "It always lists `kernel_size` and `stride`" in en


def test_question_stride_rounds_down_names_both_sizes_that_give_five():
    # questions/conv.yml, stride-rounds-down: a 5 needs a 9x9 or a 10x10 input, not 9x9 only.
    sizes = [
        h
        for h in range(4, 16)
        if nn.Conv2d(1, 1, 3, stride=2, padding=1)(torch.zeros(1, 1, h, h)).shape[-1] == 5
    ]
    assert sizes == [9, 10]
    text = (fieldguide.ROOT / "questions/conv.yml").read_text("utf-8")
    assert "Only a `9×9` input gives `5`" not in text
    assert "A `5` needs a `9×9` or a `10×10` input." in text and "输入得是 `9×9` 或 `10×10`" in text
