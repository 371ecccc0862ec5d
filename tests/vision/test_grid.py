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


def test_one_image_has_no_padding_and_other_channel_counts_stay():
    from torchvision.utils import make_grid

    one = torch.rand(1, 3, 32, 32)
    assert torch.equal(make_grid(one, padding=5), one[0])  # no padding at all
    assert make_grid(torch.rand(1, 1, 8, 8)).shape == (3, 8, 8)  # still three channels
    assert make_grid(torch.rand(2, 4, 8, 8), padding=2).shape == (4, 12, 22)  # 4 stay 4
    en = " ".join((fieldguide.ROOT / "docs/en/vision/grid.md").read_text("utf-8").split())
    zh = "".join((fieldguide.ROOT / "docs/zh/vision/grid.md").read_text("utf-8").split())
    snippet = (fieldguide.ROOT / "snippets/vision/grid.py").read_text("utf-8")
    assert "the grid is always an RGB image" not in snippet
    assert "A batch of a single image breaks the size formula" in en
    assert "只含一张图的批量不符合上面的尺寸公式" in zh and "其他通道数（比如4）则保持不变" in zh
