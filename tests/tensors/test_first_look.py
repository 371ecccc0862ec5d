"""Facts behind the notebook docs/*/tensors/first_look.ipynb."""

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("tensors/first_look")


def test_data_shapes(ns):
    assert ns["x"].shape == ns["y"].shape == (50,)
    assert ns["x"][0].item() == 0.0
    torch.testing.assert_close(ns["x"][-1], torch.tensor(2 * torch.pi))


def test_noise_is_small(ns):
    assert (ns["y"] - torch.sin(ns["x"])).abs().max() < 0.5
