"""Facts behind the CUDA block of docs/*/practice/mixed_precision.md (run by `nox -s gpu`)."""

import pytest
import torch

import fieldguide

pytestmark = pytest.mark.gpu


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("practice/mixed_precision_cuda")


def test_float16_forward_float32_weights(ns):
    assert ns["logits"].dtype == torch.float16
    assert ns["model"][0].weight.dtype == torch.float32


def test_scaler_trained_the_model(ns):
    assert ns["losses"][-1] < ns["losses"][0]
    assert ns["scaler"].get_scale() > 1


def test_unscaled_gradients_were_clipped(ns):
    assert torch.isfinite(ns["total"])
