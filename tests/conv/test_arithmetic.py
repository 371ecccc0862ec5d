"""Facts behind docs/*/conv/arithmetic.md, asserted on the snippet's own variables."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("conv/arithmetic")


def test_single_channel_by_hand(ns):
    assert ns["by_hand"][0, 0] == 8.0
    assert ns["by_hand"].shape == (3, 3)
    assert np.allclose(ns["torch_out"][0, 0].numpy(), ns["by_hand"])


def test_multi_channel_sums_over_channels(ns):
    x, w, b = ns["x"], ns["weight"], ns["bias"]
    ref = F.conv2d(torch.from_numpy(x)[None], torch.from_numpy(w), torch.from_numpy(b))
    assert np.allclose(ref[0].numpy(), ns["out"], atol=1e-5)
    assert ns["layer_out"].shape == (1, 2, 3, 3)


def test_output_size_formula(ns):
    conv_out = ns["conv_out"]
    assert ns["checked"] == 270
    assert conv_out(32, 5) == 28 and conv_out(7, 3, d=2) == 3 and conv_out(32, 3, s=2, p=1) == 16


def test_nchw(ns):
    assert ns["batched"].shape == (1, 1, 4, 4)
    assert ns["feat"].ndim == 2


def test_stride_two_halves_rounding_up():
    # The page: padding 1 and stride 2 halve the size, rounding up: 9 becomes 5.
    from torch import nn

    for size in range(5, 14):
        out = nn.Conv2d(1, 1, 3, padding=1, stride=2)(torch.zeros(1, 1, size, size))
        assert out.shape[-1] == -(-size // 2)
    en = " ".join((fieldguide.ROOT / "docs/en/conv/arithmetic.md").read_text("utf-8").split())
    assert "rounding up for an odd size: ⌈H / 2⌉, so 9 becomes 5" in en


def test_grayscale_batch_fails_only_when_n_differs_from_in_channels():
    # The page: (N, H, W) is read as one N-channel image; it raises only when N != in_channels.
    from torch import nn

    one = nn.Conv2d(1, 2, 3)
    assert one(torch.zeros(1, 8, 8)).shape == (2, 6, 6)  # a batch of one: no batch dimension
    with pytest.raises(RuntimeError, match="to have 1 channels, but got 3 channels"):
        one(torch.zeros(3, 8, 8))
    three = nn.Conv2d(3, 4, 3)
    assert three(torch.zeros(3, 8, 8)).shape == (4, 6, 6)  # N == in_channels: no error at all
    en = " ".join((fieldguide.ROOT / "docs/en/conv/arithmetic.md").read_text("utf-8").split())
    assert "but only because N differs from `in_channels`" in en
