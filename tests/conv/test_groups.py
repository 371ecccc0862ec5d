"""Facts behind docs/*/conv/groups.md, asserted on the snippet's own variables."""

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("conv/groups")


def test_groups_split_channels(ns):
    assert ns["grouped"].weight.shape == (8, 2, 3, 3)
    assert torch.equal(ns["y"][:, :4], ns["y_changed"][:, :4])
    assert not torch.equal(ns["y"][:, 4:], ns["y_changed"][:, 4:])


def test_separable_matches_standard_shape(ns):
    assert ns["out_standard"].shape == ns["out_separable"].shape == (2, 64, 56, 56)
    assert ns["depthwise"].groups == 32 and ns["pointwise"].kernel_size == (1, 1)


def test_counts(ns):
    assert ns["params_standard"] == 64 * 32 * 9
    assert ns["params_separable"] == 32 * 9 + 64 * 32
    assert ns["madds_standard"] == 56 * 56 * 64 * 32 * 9
    assert ns["madds_separable"] == 56 * 56 * 32 * (9 + 64)
    assert ns["ratio"] == pytest.approx(1 / 64 + 1 / 9)
