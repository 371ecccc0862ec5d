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
