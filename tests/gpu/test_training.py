"""Facts behind docs/*/gpu/training.md, asserted on the snippet's own variables."""

import numpy as np
import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("gpu/training")


def test_data_stays_on_the_cpu_and_pins_only_for_cuda(ns):
    assert ns["points"].device.type == "cpu" and ns["points"].shape == (600, 2)
    use_cuda = torch.cuda.is_available()
    assert ns["use_cuda"] == use_cuda
    assert ns["train_loader"].pin_memory == use_cuda and ns["test_loader"].pin_memory == use_cuda


def test_model_and_optimizer_on_the_device(ns):
    device_type = ns["device"].type
    assert {p.device.type for p in ns["model"].parameters()} == {device_type}
    params = ns["optimizer"].param_groups[0]["params"]
    assert {p.device.type for p in params} == {device_type}


def test_training_made_progress(ns):
    losses = ns["losses"]
    assert len(losses) == 5 and all(isinstance(v, float) for v in losses)
    assert losses[-1] < losses[0] / 2
    assert 0.85 <= ns["acc"] <= 1.0


def test_results_come_back_as_numpy(ns):
    probs = ns["probs"]
    assert isinstance(probs, np.ndarray) and probs.shape == (4, 3)
    np.testing.assert_allclose(probs.sum(axis=1), np.ones(4), rtol=1e-5)
