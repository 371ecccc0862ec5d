"""Facts behind docs/*/practice/multilabel.md, asserted on the snippet's variables."""

import pytest
import torch
from torch import nn

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("practice/multilabel")


def test_logits_loss_is_exact_where_sigmoid_saturates(ns):
    assert ns["good"][-1].item() == pytest.approx(30.0)
    assert ns["bad"][-1].item() == pytest.approx(100.0)  # BCELoss clamps log at -100
    # Where sigmoid does not saturate, both agree.
    torch.testing.assert_close(ns["good"][:4], ns["bad"][:4], atol=1e-5, rtol=1e-4)


def test_gradient_vanishes_through_saturated_sigmoid(ns):
    assert ns["grad_good"][-1].item() == pytest.approx(1.0)
    assert ns["grad_bad"][-1].item() == 0.0


def test_multilabel_targets_and_predictions(ns):
    assert ns["targets"].dtype == torch.float32 and ns["targets"].shape == (4, 3)
    assert ns["predicted"].shape == (4, 3)
    z = ns["model"](ns["x"])
    assert torch.equal(ns["predicted"].bool(), torch.sigmoid(z) > 0.5)


def test_pos_weight_weights_only_positive_terms(ns):
    x, targets, model = ns["x"], ns["targets"], ns["model"]
    plain = nn.BCEWithLogitsLoss()(model(x), targets)
    ones = nn.BCEWithLogitsLoss(pos_weight=torch.ones(3))(model(x), targets)
    torch.testing.assert_close(plain, ones)
    assert ns["weighted_bce"].item() == pytest.approx(ns["bce_by_hand"].item(), rel=1e-5)


def test_class_weights_give_a_weighted_mean(ns):
    w = ns["w"]
    expected = (w * ns["per_sample"]).sum() / w.sum()
    torch.testing.assert_close(ns["weighted_ce"], expected)


def test_label_smoothing(ns):
    assert ns["plain"].item() < 1e-4
    assert ns["smooth"].item() == pytest.approx(ns["smooth_by_hand"].item(), rel=1e-5)
