"""Facts behind docs/*/tensors/dtypes.md, asserted on the snippet's own variables."""

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("tensors/dtypes")


def test_families_cover_the_listed_dtypes(ns):
    listed = [d for dtypes in ns["families"].values() for d in dtypes]
    assert torch.bfloat16 in listed and torch.uint8 in listed and torch.bool in listed
    assert all(d.is_floating_point for d in ns["families"]["floating"])


def test_uint8_wraps_around(ns):
    assert (ns["pixels"] + 10).tolist() == [4, 15]


def test_type_string_vs_dtype(ns):
    assert ns["x"].type() == "torch.LongTensor" and ns["x"].dtype == torch.int64


def test_conversion_makes_a_new_float_tensor(ns):
    assert ns["f"].dtype == torch.float32 and ns["x"].dtype == torch.int64


def test_promotion(ns):
    assert (ns["ints"] + ns["floats"]).dtype == torch.float32
    assert (ns["ints"] / 2).dtype == torch.float32
    assert ns["ints"].tolist() == [1, 2, 3]  # the failed add_ left it unchanged


def test_labels_are_int64_and_layer_output_float(ns):
    assert ns["labels"].dtype == torch.int64
    assert ns["layer"](ns["raw"].float()).dtype == torch.float32


def test_in_place_raises_on_a_change_of_kind_only(ns):
    # A float result into an integer tensor raises (the page's try/except)...
    with pytest.raises(RuntimeError, match="can't be cast"):
        torch.tensor([1, 2]).add_(0.5)
    # ...but a value out of range is stored silently: int8 wraps, float16 overflows.
    assert ns["small"].dtype == torch.int8 and ns["small"].tolist() == [-56]
    assert ns["half"].dtype == torch.float16 and ns["half"].isinf().all()
    en = " ".join((fieldguide.ROOT / "docs/en/tensors/dtypes.md").read_text("utf-8").split())
    zh = "".join((fieldguide.ROOT / "docs/zh/tensors/dtypes.md").read_text("utf-8").split())
    assert "raise an error when the result would not fit" not in en
    assert "结果放不下时会直接报错" not in zh
    assert "a value merely too large for the dtype is stored without a word" in en
    assert "只是数值超出了范围，并不会报错" in zh
