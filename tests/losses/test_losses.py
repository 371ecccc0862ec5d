"""Facts behind docs/*/losses/losses.md, asserted on the snippet's own variables."""

import math

import pytest
import torch
from torch import nn

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("losses/losses")


def test_reductions_by_hand(ns):
    pred, target = ns["pred"], ns["target"]
    assert torch.equal(nn.L1Loss(reduction="none")(pred, target), (pred - target).abs())
    assert nn.L1Loss(reduction="sum")(pred, target).item() == 2.0
    assert nn.MSELoss(reduction="none")(pred, target).tolist() == [0.25, 0.25, 0.0, 1.0]


def test_elementwise_mean_warns_when_called_and_equals_mean(ns):
    assert len(ns["caught"]) == 1 and ns["caught"][0].category is UserWarning
    assert "reduction='mean'" in str(ns["caught"][0].message)
    assert ns["value"].item() == 0.375


def test_cross_entropy_by_hand(ns):
    logits, labels = ns["logits"], ns["labels"]
    assert labels.dtype == torch.int64 and labels.shape == (3,)
    by_hand = (
        sum(
            -(logits[i, labels[i]].item() - math.log(sum(math.exp(v) for v in logits[i].tolist())))
            for i in range(3)
        )
        / 3
    )
    assert ns["ce"].item() == pytest.approx(by_hand, rel=1e-6)


def test_one_hot_equals_indices_and_soft_targets_differ(ns):
    logits, one_hot, soft = ns["logits"], ns["one_hot"], ns["soft"]
    ce = nn.CrossEntropyLoss()
    assert one_hot.shape == (3, 4) and one_hot.dtype == torch.float32
    torch.testing.assert_close(ce(logits, one_hot), ns["ce"])
    torch.testing.assert_close(soft.sum(dim=1), torch.ones(3))
    assert ce(logits, soft).item() > ns["ce"].item() + 0.1


def test_float_class_indices_are_refused(ns):
    with pytest.raises(RuntimeError, match="Long"):
        nn.CrossEntropyLoss()(ns["logits"], ns["labels"].float())


def test_output_size_is_number_of_classes(ns):
    assert ns["model"].out_features == ns["n_classes"] == 3
    assert ns["wrong"].out_features == ns["n_examples"] == 5
    assert int(ns["predicted"].max()) >= ns["n_classes"]


def test_soft_targets_are_label_smoothing_with_0_775_on_the_true_class(ns):
    logits, labels, soft = ns["logits"], ns["labels"], ns["soft"]
    rows = torch.arange(len(labels))
    torch.testing.assert_close(soft[rows, labels], torch.full((3,), 0.775))
    others = soft.clone()
    others[rows, labels] = 0.0
    assert torch.allclose(others.sum(dim=1), torch.full((3,), 3 * 0.075))
    smoothed = nn.CrossEntropyLoss(label_smoothing=0.3)(logits, labels)
    torch.testing.assert_close(smoothed, nn.CrossEntropyLoss()(logits, soft))


def test_default_filter_shows_elementwise_mean_once_per_kind_of_loss():
    # The page: torch warns on every call, but Python's default filter shows the warning once
    # per kind of loss in a program (the location is inside torch, not the caller's line).
    import os
    import subprocess
    import sys

    code = (
        "import torch\nfrom torch import nn\np, t = torch.ones(3), torch.zeros(3)\n"
        "nn.MSELoss(reduction='elementwise_mean')(p, t)\n"
        "nn.MSELoss(reduction='elementwise_mean')(p, t)\n"
        "for _ in range(3):\n    nn.L1Loss(reduction='elementwise_mean')(p, t)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert run.stderr.count("reduction='elementwise_mean' is deprecated") == 2
    en = " ".join((fieldguide.ROOT / "docs/en/losses/losses.md").read_text("utf-8").split())
    assert "a program shows it only once for each kind of loss" in en
    assert "it raises a `UserWarning`" not in en


def test_out_of_bounds_message_is_the_cpu_one():
    with pytest.raises(IndexError, match="Target 2 is out of bounds"):
        torch.nn.functional.cross_entropy(torch.zeros(2, 2), torch.tensor([0, 2]))
    en = " ".join((fieldguide.ROOT / "docs/en/losses/losses.md").read_text("utf-8").split())
    assert "on the CPU with `Target ... is out of bounds`, on a CUDA GPU" in en
