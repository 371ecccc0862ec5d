"""Facts behind docs/*/tensors/reshaping.md, asserted on the snippet's own variables."""

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("tensors/reshaping")


def test_permute_is_a_non_contiguous_view(ns):
    assert ns["chw"].shape == (4, 2, 3) and not ns["chw"].is_contiguous()
    assert ns["same_memory"](ns["chw"], ns["hwc"])
    with pytest.raises(RuntimeError, match="view size is not compatible"):
        ns["chw"].view(-1)


def test_fixes_copy(ns):
    assert ns["fixed"].is_contiguous()
    assert not ns["same_memory"](ns["fixed"], ns["hwc"])
    assert not ns["same_memory"](ns["flat"], ns["hwc"])
    assert torch.equal(ns["flat"], ns["hwc"].permute(2, 0, 1).contiguous().view(-1))


def test_squeeze_and_flatten(ns):
    assert ns["t"].squeeze().shape == (3, 2)
    assert ns["logits"].squeeze().shape == (10,)
    assert ns["batch"].flatten(1).shape == (2, 48)


def test_none_index_inserts_dims_where_it_stands(ns):
    grid = ns["grid"]
    assert grid[None, None].shape == grid.unsqueeze(0).unsqueeze(0).shape == (1, 1, 4, 4)
    # a None after the spatial dims puts the new dim last: NHWC, not NCHW
    assert grid[None, :, :, None].shape == (1, 4, 4, 1)
    assert torch.equal(grid[None, :, :, None], grid.unsqueeze(0).unsqueeze(-1))
