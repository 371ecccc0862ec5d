"""Facts behind docs/*/tensors/creation.md, asserted on the snippet's own variables."""

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("tensors/creation")


def test_inferred_and_explicit_dtypes(ns):
    assert ns["x"].dtype == torch.int64 and ns["x"].shape == (2, 3)
    assert ns["w"].dtype == torch.float64 and ns["w"].requires_grad


def test_from_numpy_shares_memory_and_tensor_copies(ns):
    ns["a"][1] = -5.0
    assert ns["shared"][1].item() == -5.0
    assert ns["copied"][1].item() == 2.0
    ns["a"][1] = 2.0


def test_legacy_constructor_is_float32_and_uninitialised_shape_only(ns):
    assert ns["legacy"].dtype == torch.float32 and ns["legacy"].shape == (2, 3)


def test_shape_is_a_tuple(ns):
    t = ns["t"]
    assert isinstance(t.shape, tuple) and (ns["batch"], ns["rows"], ns["cols"]) == (2, 3, 4)
    assert t.numel() == 24 and t.ndim == 3


def test_rank_is_ndim(ns):
    assert ns["scalar"].ndim == 0 and ns["scalar"].shape == ()
    assert [v.ndim for v in ns["ranks"].values()] == [0, 1, 2, 3, 4]
    assert ns["images"].shape == (16, 3, 28, 28)


def test_typed_legacy_constructors(ns):
    assert torch.FloatTensor([1, 2]).dtype == torch.float32
    assert torch.FloatTensor(3).shape == (3,)
    assert torch.equal(torch.FloatTensor([3]), torch.tensor([3.0]))
    ints = torch.IntTensor([1.7, -2.9])
    assert ints.dtype == torch.int32 and ints.tolist() == [1, -2]  # truncated toward zero
    assert torch.CharTensor([65, -3]).dtype == torch.int8
    assert torch.FloatTensor(2, 3).type() == "torch.FloatTensor"
    with pytest.raises(TypeError):
        torch.FloatTensor([1], dtype=torch.int64)
    with pytest.raises(RuntimeError, match="legacy constructor expects device type: cpu"):
        torch.FloatTensor([1, 2], device="cuda")
