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


class _Draws(torch.utils.data.Dataset):
    """Each item is one draw from torch, random and NumPy's global generator."""

    def __len__(self):
        return 4

    def __getitem__(self, index):
        import random

        import numpy as np

        return torch.tensor([torch.rand(()).item(), random.random(), np.random.rand()])


def _worker_draws(seed):
    from torch.utils.data import DataLoader

    loader = DataLoader(
        _Draws(), batch_size=2, num_workers=2, generator=torch.Generator().manual_seed(seed)
    )
    return torch.cat(list(loader))


def test_workers_seed_torch_random_and_numpy_from_the_generator():
    a, b, c = _worker_draws(0), _worker_draws(0), _worker_draws(1)
    assert torch.equal(a, b) and not torch.equal(a, c)  # reproducible without worker_init_fn
    # worker 0 handled items 0-1, worker 1 items 2-3: different seeds, different draws
    assert (a[0] != a[2]).all()
