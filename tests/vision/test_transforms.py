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


def test_to_tensor_scales_8_bit_data_only():
    import numpy as np
    from PIL import Image
    from torchvision import transforms

    eight_bit = Image.fromarray(np.full((2, 2), 200, dtype=np.uint8))
    assert transforms.ToTensor()(eight_bit).max().item() == pytest.approx(200 / 255)
    for mode, dtype in (("I", np.int32), ("F", np.float32)):
        image = Image.fromarray(np.full((2, 2), 200, dtype=dtype), mode=mode)
        assert transforms.ToTensor()(image).max().item() == 200  # not scaled
    en = " ".join((fieldguide.ROOT / "docs/en/vision/transforms.md").read_text("utf-8").split())
    zh = "".join((fieldguide.ROOT / "docs/zh/vision/transforms.md").read_text("utf-8").split())
    assert "divides by 255 only for PIL images and `uint8` arrays" not in en
    assert 'a 32-bit PIL image (mode `"I"` or `"F"`) keeps its values' in en
    assert '32位的PIL图像（模式`"I"`或`"F"`）保持原值' in zh


def test_random_crop_refuses_a_larger_crop_center_crop_pads():
    import numpy as np
    from PIL import Image
    from torchvision import transforms

    image = Image.fromarray(np.full((4, 4, 3), 200, dtype=np.uint8))
    with pytest.raises(ValueError, match="larger than input image size"):
        transforms.RandomCrop(6)(image)
    assert transforms.RandomCrop(6, pad_if_needed=True)(image).size == (6, 6)
    padded = np.array(transforms.CenterCrop(6)(image))
    assert padded.shape == (6, 6, 3) and padded[0, 0].tolist() == [0, 0, 0]
    en = " ".join((fieldguide.ROOT / "docs/en/vision/transforms.md").read_text("utf-8").split())
    zh = "".join((fieldguide.ROOT / "docs/zh/vision/transforms.md").read_text("utf-8").split())
    assert "`CenterCrop` pads it with zeros instead, without a word" in en
    assert "`CenterCrop`则不声不响地用0填补" in zh
