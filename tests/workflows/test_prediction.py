"""Facts behind docs/*/workflows/prediction.md, asserted on the snippet's variables."""

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("workflows/prediction")


def test_predictions_are_class_indices(ns):
    pred = ns["predicted"]
    assert pred.shape == (10,) and pred.dtype == torch.int64
    assert torch.equal(pred, ns["y_test"][:10])
    assert ns["accuracy"] > 0.9


def test_probabilities_sum_to_one(ns):
    assert torch.allclose(ns["probs"].sum(dim=1), torch.ones(3))
    assert torch.equal(ns["classes"], ns["predicted"][:3])


def test_argmax_dims(ns):
    logits = ns["logits"]
    assert logits.argmax(dim=1).shape == (4,) and logits.argmax(dim=0).shape == (10,)
    assert logits.argmax().ndim == 0


def test_same_seed_same_model_other_seed_different(ns):
    a, b, c = ns["a"], ns["b"], ns["c"]
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters(), strict=True))
    assert not torch.equal(a.layers[0].weight, c.layers[0].weight)


def test_fit_is_repeatable_here_too(ns):
    m1, m2 = ns["fit"](seed=7, epochs=1), ns["fit"](seed=7, epochs=1)
    assert all(torch.equal(p, q) for p, q in zip(m1.parameters(), m2.parameters(), strict=True))


def test_loader_generator_fixes_the_order(ns):
    first_labels = ns["first_labels"]
    torch.manual_seed(999)
    assert first_labels(0) == first_labels(0) != first_labels(1)
