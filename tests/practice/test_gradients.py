"""Facts behind docs/*/practice/gradients.md: clipping and accumulation."""

import pytest
import torch
from torch import nn
from torch.nn.utils import clip_grad_norm_

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("practice/gradients")


def test_clip_returns_the_norm_before_clipping(ns):
    assert ns["total"].item() == pytest.approx(ns["norm_by_hand"].item())
    assert ns["total"].item() > 1.0
    assert ns["after"].item() == pytest.approx(1.0, abs=1e-5)


def test_clipping_keeps_the_direction():
    torch.manual_seed(0)
    p = nn.Parameter(torch.randn(5))
    p.grad = torch.tensor([3.0, 4.0, 0.0, 0.0, 0.0])
    total = clip_grad_norm_([p], max_norm=1.0)
    assert total.item() == pytest.approx(5.0)
    torch.testing.assert_close(p.grad, torch.tensor([0.6, 0.8, 0.0, 0.0, 0.0]), atol=1e-6, rtol=0)


def test_small_gradients_are_left_alone():
    p = nn.Parameter(torch.zeros(2))
    p.grad = torch.tensor([0.3, 0.4])
    assert clip_grad_norm_([p], max_norm=1.0).item() == pytest.approx(0.5)
    assert torch.equal(p.grad, torch.tensor([0.3, 0.4]))


def test_four_batches_of_8_equal_one_batch_of_32():
    torch.manual_seed(3)
    big = nn.Sequential(nn.Linear(6, 5), nn.Tanh(), nn.Linear(5, 4))
    small = nn.Sequential(nn.Linear(6, 5), nn.Tanh(), nn.Linear(5, 4))
    small.load_state_dict(big.state_dict())
    x, y = torch.randn(32, 6), torch.randint(0, 4, (32,))
    loss_fn = nn.CrossEntropyLoss()
    loss_fn(big(x), y).backward()
    for xb, yb in zip(x.split(8), y.split(8), strict=True):
        (loss_fn(small(xb), yb) / 4).backward()
    for a, b in zip(big.parameters(), small.parameters(), strict=True):
        torch.testing.assert_close(b.grad, a.grad)


def test_the_snippets_models_ended_equal(ns):
    for a, b in zip(ns["big"].parameters(), ns["small"].parameters(), strict=True):
        torch.testing.assert_close(a, b)
