"""Facts behind docs/*/vision/normalize.md, asserted on the snippet's own variables."""

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("vision/normalize")


def test_formula_per_channel(ns):
    x, y = ns["x"], ns["y"]
    for c, (m, s) in enumerate(zip(ns["mean"], ns["std"], strict=True)):
        assert torch.allclose(y[c], (x[c] - m) / s)


def test_half_maps_unit_interval_to_minus_one_one(ns):
    assert ns["y_half"].min().item() == -1.0 and ns["y_half"].max().item() == 1.0


def test_own_statistics_standardize(ns):
    z = ns["z"]
    assert torch.allclose(z.mean(dim=(1, 2)), torch.zeros(3), atol=1e-5)
    assert torch.allclose(z.std(dim=(1, 2)), torch.ones(3), atol=1e-5)


def test_inplace_and_undo(ns):
    assert torch.allclose(ns["a"], ns["y"])  # a was overwritten in place
    assert torch.allclose(ns["restored"], ns["x"], atol=1e-6)


def test_compose_output_and_order(ns):
    out = ns["batch_item"]
    assert out.shape == (3, 64, 64)
    assert out.min().item() >= -1.0 and out.max().item() <= 1.0
    assert ns["p"].shape == ns["q"].shape and not torch.equal(ns["p"], ns["q"])
    with pytest.raises(TypeError):
        ns["wrong"](ns["img"])
