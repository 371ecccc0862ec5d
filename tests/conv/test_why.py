"""Facts behind docs/*/conv/why.md, asserted on the snippet's own variables."""

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("conv/why")


def test_parameter_counts(ns):
    n = ns["n_params"]
    assert n(ns["fc_small"]) == 1024 * 1024 + 1024
    assert n(ns["conv_small"]) == 10
    assert n(ns["conv_big"]) == 1792
    assert ns["fc_big"].weight.is_meta


def test_one_output_sees_a_3x3_window(ns):
    mask = ns["depends_on"]
    assert mask.sum().item() == 9
    assert mask[2:5, 2:5].all()


def test_equivariance_and_pooling(ns):
    assert torch.equal(ns["out_shifted"], torch.roll(ns["out"], (5, 6), (2, 3)))
    changes = ns["changes"]
    assert changes[1][0] > 0 and changes[1][1] == 0  # conv moved, pooled map did not
    assert changes[3][1] > 0  # crossing a pooling window border does change it
    assert all(same for _, _, same in changes.values())
