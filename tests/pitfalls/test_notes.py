"""Facts behind docs/*/pitfalls/notes.md, asserted on the snippet's own variables."""

import os

import pytest
import torch
from torchvision.transforms import InterpolationMode

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("pitfalls/notes")


def test_elementwise_mean_is_mean(ns):
    assert ns["old_loss"].reduction == "elementwise_mean"
    assert ns["old_value"].item() == ns["new_value"].item() == 3.0


def test_range_includes_the_end_and_arange_does_not(ns):
    assert ns["old_range"].dtype == torch.float32 and ns["old_range"][-1].item() == 9.0
    assert torch.equal(ns["first_batch"], torch.tensor([0.0, 1.0]))


def test_pretrained_read_the_planted_cache_and_env_is_restored(ns):
    messages = [str(w.message) for w in ns["caught"]]
    assert len(messages) == 3 and "weights=ResNet18_Weights.IMAGENET1K_V1" in messages[1]
    assert messages[2].startswith("TORCH_MODEL_ZOO is deprecated")
    assert not ns["torch_home"].exists() and ns["torch_home"].is_absolute()  # cleaned up
    for key, value in ns["saved_env"].items():
        assert os.environ.get(key) == value
    assert ns["model"].fc.out_features == 10


def test_cross_entropy_targets(ns):
    assert ns["float_labels"].dtype == torch.float32
    assert torch.allclose(ns["ce"](ns["logits"], ns["probabilities"]), ns["index_loss"])
    assert ns["wrong"].out_features == 100 and ns["right"].out_features == 10


def test_reshape_after_permute(ns):
    assert not ns["t"].is_contiguous() and torch.equal(ns["a"], ns["b"])
    assert ns["a"].shape == (2, 12)


def test_manual_update_matches_optimizer(ns):
    assert ns["same"] == [True, True]
    assert ns["w"].grad is None  # the backward after the checked in-place update failed


def test_forward_skips_hooks(ns):
    assert ns["calls"] == [] and torch.equal(ns["out_call"], ns["out_forward"])


def test_state_dict_round_trip(ns):
    for p, q in zip(ns["restored"].parameters(), ns["small"].parameters(), strict=True):
        assert torch.equal(p, q)
    assert not ns["saved"].exists() and ns["saved"].is_absolute()  # cleaned up


def test_integer_interpolation_maps_to_pillow_filters(ns):
    assert ns["resize"].interpolation is InterpolationMode.BILINEAR
    assert ns["resize"](ns["image"]).shape == (3, 16, 16)


def test_evaluating_once_per_epoch(ns):
    assert ns["predict_calls"] == ns["epochs"] == 3 and ns["num_batches"] == 10
    assert torch.equal(ns["pred_notes"], ns["pred_fixed"])
    assert ns["scope"]["model"].training is False
