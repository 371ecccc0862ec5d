"""Facts behind docs/*/workflows/linear_regression.md, asserted on the snippet's variables."""

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("workflows/linear_regression")


def expected_device() -> str:
    # main() picks CUDA where it is available: the GPU run must see it used.
    return "cuda" if torch.cuda.is_available() else "cpu"


def test_main_trained_on_cuda_where_available(ns):
    assert ns["model"].linear.weight.device.type == expected_device()


def test_model_is_one_weight_without_bias(ns):
    model = ns["model"]
    params = list(model.parameters())
    assert len(params) == 1 and params[0].shape == (1, 1)
    assert model.linear.bias is None


def test_learned_slope_is_close_to_two(ns):
    assert abs(ns["w"] - 2) < 0.05


def test_learned_slope_matches_least_squares(ns):
    # Rebuild the same data: the best slope has a closed form, sum(x*y) / sum(x*x).
    torch.manual_seed(42)
    x = torch.linspace(-1, 1, 101).unsqueeze(1)
    y = 2 * x + 0.33 * torch.randn(x.shape)
    best = ((x * y).sum() / (x * x).sum()).item()
    assert abs(ns["w"] - best) < 0.02


def test_history_has_one_falling_loss_per_epoch(ns):
    history = ns["history"]
    assert len(history) == 30
    assert history[-1] < history[0]
    assert 0.05 < history[-1] < 0.2  # the noise (variance 0.33**2) sets the floor
