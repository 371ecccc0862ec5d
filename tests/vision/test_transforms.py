"""Facts behind docs/*/vision/transforms.md, asserted on the snippet's own variables."""

import numpy as np
import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("vision/transforms")


def test_to_tensor_scales_and_moves_channels(ns):
    t, array = ns["t"], ns["array"]
    assert t.shape == (3, 427, 640) and t.dtype == torch.float32
    assert array.shape == (427, 640, 3) and array.dtype == np.uint8
    assert t[2, 10, 20].item() == pytest.approx(array[10, 20, 2] / 255)
    assert np.array_equal(np.asarray(ns["back"]), array)
    assert ns["gray"].mode == "L"


def test_v2_matches_to_tensor(ns):
    assert torch.allclose(ns["t2"], ns["t"]) and ns["t2"].dtype == torch.float32


def test_resize_int_keeps_aspect_tuple_does_not(ns):
    w, h = ns["short"].size
    assert h == 100 and w == 149
    assert ns["square"].size == (100, 100)


def test_integer_interpolation_codes_are_pillow_constants(ns):
    assert ns["modes"] == {0: "NEAREST", 1: "LANCZOS", 2: "BILINEAR", 3: "BICUBIC"}


def test_crops(ns):
    assert ns["center"].size == (200, 200)
    assert ns["crop_a"].size == ns["crop_b"].size == (100, 100)
    assert isinstance(ns["crops"], tuple) and len(ns["crops"]) == 5
    assert ns["batch"].shape == (5, 3, 250, 250)
    # the center crop of FiveCrop is CenterCrop
    assert np.array_equal(
        np.asarray(ns["crops"][4]), np.asarray(ns["transforms"].CenterCrop(250)(ns["img"]))
    )


def test_flips(ns):
    array = ns["array"]
    assert np.array_equal(np.asarray(ns["always"]), array[:, ::-1])
    assert np.array_equal(np.asarray(ns["never"]), array)
    assert np.array_equal(np.asarray(ns["upside_down"]), array[::-1])
    assert True in ns["flipped"] and False in ns["flipped"]
