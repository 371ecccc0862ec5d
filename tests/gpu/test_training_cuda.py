"""Facts behind the CUDA blocks of docs/*/gpu/training.md (run by `nox -s gpu`)."""

import pytest
import torch

import fieldguide

pytestmark = pytest.mark.gpu


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("gpu/training_cuda")


def test_the_loss_on_one_device(ns):
    assert ns["loss"].is_cuda and ns["loss"].ndim == 0
    assert all(p.is_cuda for p in ns["model"].parameters())


def test_pinned_batches_arrive_intact(ns):
    assert ns["x"].is_pinned() and ns["pinned"].is_pinned() and not ns["batch"].is_pinned()
    assert torch.equal(ns["x_gpu"].cpu(), ns["x"]) and ns["out"].shape == (128, 3)
