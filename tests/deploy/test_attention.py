"""Facts behind docs/*/deploy/attention.md."""

import math

import pytest
import torch
import torch.nn.functional as F

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("deploy/attention")


def test_sdpa_equals_the_formula(ns):
    torch.testing.assert_close(ns["fused"], ns["by_hand"])
    torch.testing.assert_close(ns["fused_causal"], ns["by_hand_causal"])


def test_formula_on_other_shapes_and_scale():
    torch.manual_seed(1)
    q = torch.randn(1, 3, 4, 16, dtype=torch.float64)
    k = torch.randn(1, 3, 6, 16, dtype=torch.float64)
    v = torch.randn(1, 3, 6, 2, dtype=torch.float64)
    weights = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(16), dim=-1)
    torch.testing.assert_close(F.scaled_dot_product_attention(q, k, v), weights @ v)


def test_causal_weights_are_lower_triangular(ns):
    w = ns["causal_weights"]
    assert torch.equal(w.triu(diagonal=1), torch.zeros_like(w))
    torch.testing.assert_close(w.sum(dim=-1), torch.ones(w.shape[:-1], dtype=w.dtype))


def test_transformer_learned_to_reverse(ns):
    assert ns["token_accuracy"] > 0.95
    assert ns["sequence_accuracy"] > 0.8
    assert ns["train_s"] > 0
