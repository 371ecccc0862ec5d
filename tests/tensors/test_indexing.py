"""Facts behind docs/*/tensors/indexing.md, asserted on the snippet's own variables."""

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("tensors/indexing")


def test_integer_index_drops_a_dim_and_slice_keeps_it():
    x = torch.arange(12).reshape(3, 4)
    assert x[:, 1].shape == (3,) and x[:, 1:2].shape == (3, 1)
    assert x[1, 2].ndim == 0 and x[..., -1].tolist() == [3, 7, 11]
    view = x[1:, ::2]
    assert view.untyped_storage().data_ptr() == x.untyped_storage().data_ptr()  # a view


def test_index_select_matches_fancy_indexing(ns):
    x, idx = ns["x"], ns["idx"]
    assert torch.equal(torch.index_select(x, 0, torch.tensor([1, 0])), x[[1, 0]])
    assert torch.equal(torch.index_select(x, 1, idx), x[:, idx])
    picked = x.index_select(1, idx)
    assert picked.untyped_storage().data_ptr() != x.untyped_storage().data_ptr()  # a copy


def test_paired_and_grid_fancy_indexing(ns):
    base = torch.arange(12).reshape(3, 4)
    rows, cols = ns["rows"], ns["cols"]
    assert base[rows, cols].tolist() == [1, 8, 11]
    grid = base[rows[:, None], cols]
    assert grid.shape == (3, 3) and grid[2, 2].item() == base[2, 3].item()
    assert ns["row_copy"][0, 0].item() == 100  # the copy changed, the source did not


def test_boolean_masks(ns):
    assert ns["mask"].dtype == torch.bool and ns["mask"].shape == (3, 4)
    assert ns["y"].tolist() == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 0, 0, 0]]


def test_masked_select_broadcasts_and_is_1d(ns):
    x = ns["x"]
    assert x.shape == (2, 3)
    for mask, expected in [
        (torch.tensor([[True, False, True]]), [0, 2, 3, 5]),
        (torch.tensor([True, False, True]), [0, 2, 3, 5]),
        (torch.tensor([[False], [True]]), [3, 4, 5]),
        (ns["full"], [0, 2, 4]),
    ]:
        out = torch.masked_select(x, mask)
        assert out.ndim == 1 and out.tolist() == expected


def test_masked_select_rejects_non_broadcastable_masks(ns):
    x = ns["x"]
    with pytest.raises(RuntimeError, match="must match the size"):
        torch.masked_select(x, torch.ones(6, dtype=torch.bool))  # same numel, wrong shape
    with pytest.raises(RuntimeError, match="must match the size"):
        torch.masked_select(x, torch.ones(2, dtype=torch.bool))
    with pytest.raises(IndexError):
        x[torch.ones(3, dtype=torch.bool)]  # plain mask indexing never broadcasts


def test_where(ns):
    scores = ns["scores"]
    relu = torch.where(scores > 0, scores, 0.0)
    assert torch.equal(relu, scores.clamp(min=0))
    assert ns["r"].tolist() == [0, 1] and ns["c"].tolist() == [0, 0]
    assert torch.equal(torch.stack([ns["r"], ns["c"]], dim=1), torch.nonzero(scores > 0))


def test_gather_picks_one_column_per_row(ns):
    assert ns["picked"].shape == (3, 1)
    assert torch.allclose(ns["picked"].squeeze(1), torch.tensor([0.7, 0.5, 0.9]))


def test_a_mask_is_1d_only_when_it_has_the_tensor_s_shape(ns):
    x = torch.arange(12).reshape(3, 4)
    assert x[x % 3 == 0].ndim == 1
    # A mask over the leading dimension keeps the others: whole rows.
    assert ns["row_mask"].shape == (3,) and x[ns["row_mask"]].shape == (2, 4)
    en = " ".join((fieldguide.ROOT / "docs/en/tensors/indexing.md").read_text("utf-8").split())
    zh = "".join((fieldguide.ROOT / "docs/zh/tensors/indexing.md").read_text("utf-8").split())
    assert "result is always 1-D" not in en and "结果总是一维的" not in zh
    assert "a `(3,)` mask on a `(3, 4)` tensor picks whole rows, shape `(k, 4)`" in en
    assert "挑出的是整行，形状为`(k,4)`" in zh
