"""Facts behind docs/*/tensors/joining.md, asserted on the snippet's own variables."""

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("tensors/joining")


def test_cat_adds_up_the_joined_dim(ns):
    assert ns["rows"].shape == (3, 2) and ns["cols"].shape == (2, 3)
    assert ns["rows"][-1].tolist() == [5, 6] and ns["cols"][:, -1].tolist() == [7, 8]


def test_cat_needs_other_dims_to_match(ns):
    with pytest.raises(RuntimeError, match="Sizes of tensors must match except in dimension 0"):
        torch.cat([ns["top"], ns["right"]], dim=0)
    with pytest.raises(RuntimeError, match="same number of dimensions"):
        torch.cat([ns["top"], torch.tensor([5, 6])])


def test_stack_adds_a_new_dim(ns):
    a, b = ns["a"], ns["b"]
    assert torch.stack([a, b]).shape == (2, 3)
    assert torch.stack([a, b], dim=1).shape == (3, 2)
    assert torch.stack([a, b], dim=-1).shape == (3, 2)
    assert torch.stack(ns["images"]).shape == (8, 3, 32, 32)
    with pytest.raises(RuntimeError, match="stack expects each tensor to be equal size"):
        torch.stack([ns["top"], ns["bottom"]])


def test_chunk_sizes(ns):
    assert [len(c) for c in ns["x"].chunk(3)] == [4, 4, 2]
    assert [len(c) for c in torch.arange(6).chunk(4)] == [2, 2, 2]  # 3 pieces, not 4
    assert ns["left"].shape == (3, 2) and ns["right_half"].shape == (3, 2)


def test_split_by_size_and_by_sections(ns):
    assert [len(p) for p in ns["x"].split(4)] == [4, 4, 2]
    assert (len(ns["train"]), len(ns["val"]), len(ns["test"])) == (6, 2, 2)
    assert torch.equal(torch.cat([ns["train"], ns["val"], ns["test"]]), ns["x"])


def test_unbind_removes_the_dim(ns):
    pieces = ns["m"].unbind(dim=0)
    assert isinstance(pieces, tuple) and len(pieces) == 3 and pieces[0].shape == (4,)


def test_pieces_are_views_and_cat_copies(ns):
    data, first = ns["data"], ns["first"]
    assert data[0].item() == 100  # written through the chunk
    assert first._base is data  # a view of data
    assert ns["joined"].data_ptr() != data.data_ptr()
    assert ns["joined"][1].item() == -1 and data[1].item() == 1
    assert ns["safe"].sum().item() == 0 and data[3:].tolist() == [3, 4, 5]
    for piece in torch.arange(6).split([2, 4]) + torch.arange(6).reshape(2, 3).unbind(1):
        assert piece._base is not None
