"""Facts behind docs/*/practice/validation.md, asserted on the snippet's variables."""

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("practice/validation")


def test_split_is_seeded_disjoint_and_complete(ns):
    parts = [set(ns[name].indices) for name in ("train_set", "val_set", "test_set")]
    assert [len(p) for p in parts] == [1079, 359, 359]
    assert set().union(*parts) == set(range(1797))
    again = torch.utils.data.random_split(
        ns["full"], [0.6, 0.2, 0.2], generator=torch.Generator().manual_seed(0)
    )
    names = ("train_set", "val_set", "test_set")
    assert [a.indices for a in again] == [ns[n].indices for n in names]


def test_state_dict_is_live_and_deepcopy_is_a_snapshot(ns):
    assert ns["shallow"]["weight"].data_ptr() == ns["probe"].weight.data_ptr()
    assert ns["deep"]["weight"].data_ptr() != ns["probe"].weight.data_ptr()


def test_early_stopping_waited_exactly_patience_epochs(ns):
    history, best = ns["history"], ns["best_epoch"]
    stopped = len(history["val"])
    assert stopped < 200, "the run should stop early, not at max_epochs"
    assert stopped - best == 10
    assert history["val"][best - 1] == min(history["val"])


def test_overfitting_is_visible_after_the_best_epoch(ns):
    history, best = ns["history"], ns["best_epoch"]
    # Training loss keeps falling while validation loss does not.
    assert history["train"][-1] < history["train"][best - 1]
    assert history["val"][-1] > history["val"][best - 1]
    assert history["train"][-1] < history["val"][-1]


def test_best_weights_are_restored(ns):
    model, loss_fn = ns["model"], ns["loss_fn"]
    val_loss, _ = ns["evaluate"](model, ns["val_loader"], loss_fn)
    assert val_loss == pytest.approx(ns["history"]["val"][ns["best_epoch"] - 1], rel=1e-6)
    assert not model.training  # evaluate() left it in eval mode


def test_test_accuracy(ns):
    assert ns["test_accuracy"] >= 0.94
    assert ns["test_loss"] < 0.25


def test_the_split_section_checks_every_pair_and_the_coverage(ns):
    # What the page says (no overlap, all 1797 covered) is what the reader's code checks:
    # train/val, train/test and val/test, and the union.
    train, val, test = ns["train_idx"], ns["val_idx"], ns["test_idx"]
    assert not train & val and not train & test and not val & test
    assert train | val | test == set(range(1797))
    source = (fieldguide.ROOT / "snippets/practice/validation.py").read_text("utf-8")
    split = source.split("# --8<-- [start:split]")[1].split("# --8<-- [end:split]")[0]
    for pair in ("train_idx & val_idx", "train_idx & test_idx", "val_idx & test_idx"):
        assert pair in split
    assert "len(train_idx | val_idx | test_idx) == len(full) == 1797" in split
