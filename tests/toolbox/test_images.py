"""Facts behind docs/*/toolbox/images.md, asserted on the snippet's own variables."""

import numpy as np
import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("toolbox/images")


def test_pillow_size_is_width_height_but_array_is_height_width(ns):
    img, pixels = ns["img"], ns["pixels"]
    assert img.size == (512, 600) and img.mode == "RGB"
    assert pixels.shape == (600, 512, 3) and pixels.dtype == np.uint8


def test_convert_modes(ns):
    assert ns["gray"].mode == "L" and np.asarray(ns["gray"]).ndim == 2
    assert np.asarray(ns["rgba"]).shape[-1] == 4


def test_opencv_is_bgr(ns):
    bgr, rgb, pixels = ns["bgr"], ns["rgb"], ns["pixels"]
    assert np.array_equal(bgr[..., 0], pixels[..., 2])
    assert np.array_equal(rgb, pixels)
    assert not np.array_equal(bgr, pixels)


def test_missing_file_gives_none(ns):
    assert ns["missing"] is None


def test_tensor_layout(ns):
    x = ns["x"]
    assert x.shape == (3, 600, 512) and x.dtype == torch.float32
    assert 0.0 <= x.min().item() and x.max().item() <= 1.0
    assert x[0, 0, 0].item() == pytest.approx(ns["pixels"][0, 0, 0] / 255)
