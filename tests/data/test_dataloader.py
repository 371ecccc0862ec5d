"""Facts behind docs/*/data/dataloader.md, asserted on the snippet's own variables."""

import pytest
import torch
from torch.utils.data import DataLoader

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("data/dataloader")


def test_samples_carry_their_index(ns):
    x, y = ns["dataset"][7]
    assert torch.equal(x, torch.tensor([7.0])) and y == 7
    assert len(ns["dataset"]) == 10


def test_batch_sizes_with_and_without_drop_last(ns):
    ds = ns["dataset"]
    assert [len(y) for _, y in DataLoader(ds, batch_size=4)] == [4, 4, 2]
    assert [len(y) for _, y in DataLoader(ds, batch_size=4, drop_last=True)] == [4, 4]


def test_seeded_shuffle_is_reproducible_and_a_permutation(ns):
    first = ns["shuffled_batches"](0)
    assert first == ns["shuffled_batches"](0)
    assert sorted(i for batch in first for i in batch) == list(range(10))
    assert first != [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]


def test_first_batch_of_next_iter(ns):
    assert ns["x"].shape == (4, 1) and ns["x"].flatten().tolist() == [0.0, 1.0, 2.0, 3.0]


def test_workers_gave_the_same_batches_in_order(ns):
    assert ns["worker_batches"] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    # In the main process there is no worker: the dataset reports -1.
    assert ns["WhoLoadedMe"](10)[2][2] == -1
