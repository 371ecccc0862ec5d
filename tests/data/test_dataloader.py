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


def _explain(qid):
    import yaml

    questions = yaml.safe_load((fieldguide.ROOT / "questions/data.yml").read_text("utf-8"))
    (q,) = [q for q in questions if q["id"] == qid]
    return " ".join(q["explain"]["en"].split()), "".join(q["explain"]["zh"].split())


def test_only_the_default_samplers_keep_indices_in_range():
    class Squares(torch.utils.data.Dataset):
        def __len__(self):
            return 5

        def __getitem__(self, i):
            return i * i

    assert sorted(b.item() for b in DataLoader(Squares(), shuffle=True)) == [0, 1, 4, 9, 16]
    # A sampler of your own can ask for any index, -1 and 7 included.
    assert [b.item() for b in DataLoader(Squares(), sampler=[-1, 7])] == [1, 49]
    en, zh = _explain("dataset-len-and-getitem")
    assert "with its default samplers a data loader asks only for indices" in en
    assert "用默认的采样器时，只会取" in zh


def test_any_collate_fn_that_returns_its_list_hands_over_raw_samples():
    pairs = [(torch.zeros(3), 0), (torch.ones(3), 1)]
    for collate in (list, lambda batch: batch):
        x, y = next(iter(DataLoader(pairs, batch_size=2, collate_fn=collate)))
        assert isinstance(x, tuple) and x[1] == 0
    en, zh = _explain("default-collate-stacks")
    assert "only `collate_fn=list`" not in en and "`collate_fn=list` hands over" in en
    assert "才会得到原样的样本列表" not in zh
