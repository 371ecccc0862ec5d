"""Facts behind the CPU blocks of docs/*/practice/mixed_precision.md."""

import pytest
import torch
from torch import nn

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("practice/mixed_precision")


def test_autocast_dtypes(ns):
    assert ns["hidden"].dtype == ns["logits"].dtype == torch.bfloat16
    assert ns["loss"].dtype == torch.float32
    assert all(p.dtype == torch.float32 for p in ns["model"].parameters())
    assert all(p.grad.dtype == torch.float32 for p in ns["model"].parameters())


def test_bfloat16_is_close_to_float32(ns):
    assert 0 < ns["error"] < 0.05


def test_autocast_leaves_no_state_behind():
    layer = nn.Linear(4, 4)
    with torch.autocast("cpu", dtype=torch.bfloat16):
        assert layer(torch.randn(2, 4)).dtype == torch.bfloat16
    assert layer(torch.randn(2, 4)).dtype == torch.float32
    assert not torch.is_autocast_enabled("cpu")


def test_float16_range():
    assert torch.tensor(1e-8).to(torch.float16).item() == 0.0
    assert torch.tensor(1e-8).to(torch.bfloat16).item() > 0.0
    assert torch.isinf(torch.tensor(70000.0).to(torch.float16))
