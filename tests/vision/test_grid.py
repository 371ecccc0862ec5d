"""Facts behind docs/*/vision/grid.md, asserted on the snippet's own variables."""

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("vision/grid")


def test_grid_shape_and_channels(ns):
    grid = ns["grid"]
    assert grid.shape == (3, 4 * (32 + 2) + 2, 8 * (32 + 2) + 2)
    assert torch.equal(grid[0], grid[2])
    # the first tile sits after one padding strip
    assert torch.equal(grid[0, 2:34, 2:34], ns["images"][0, 0])


def test_normalize_rescales_to_unit_range(ns):
    assert ns["g"].min().item() == 0.0 and ns["g"].max().item() == 1.0


def test_saved_png_matches_the_grid(ns):
    pixels = ns["pixels"]
    assert pixels.shape == (138, 274, 3)
    assert (pixels[0] == 255).all()  # pad_value=1.0: a white border
    assert pixels.dtype.name == "uint8"
