"""Facts behind docs/*/workflows/digits.md, asserted on the snippet's variables."""

import pytest
import torch
from torch import nn

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("workflows/digits")


def expected_device() -> str:
    # main() picks CUDA where it is available: the GPU run must see it used.
    return "cuda" if torch.cuda.is_available() else "cpu"


def test_main_trained_on_cuda_where_available(ns):
    for name, (model, _) in ns["results"].items():
        assert {p.device.type for p in model.parameters()} == {expected_device()}, name


def test_three_models_trained(ns):
    assert list(ns["results"]) == ["softmax", "sigmoid", "mlp"]  # simplest first


def test_architectures(ns):
    results = ns["results"]
    softmax = results["softmax"][0]
    assert softmax.linear.in_features == 64 and softmax.linear.out_features == 10
    sigmoid = results["sigmoid"][0]
    assert [type(m) for m in sigmoid] == [nn.Linear, nn.Sigmoid, nn.Linear]
    assert sigmoid[0].out_features == 512
    mlp = results["mlp"][0]
    linears = [m for m in mlp.modules() if isinstance(m, nn.Linear)]
    assert [(m.in_features, m.out_features) for m in linears] == [(64, 512), (512, 512), (512, 10)]
    assert sum(isinstance(m, nn.Dropout) for m in mlp.modules()) == 2


def test_every_model_passes_94_percent_on_validation(ns):
    # the printed numbers are one run's example; this is what every CPU must reach
    for name, (_, history) in ns["results"].items():
        assert history["val_accuracy"][-1] >= 0.94, name
        assert len(history["loss"]) == 20
        assert history["loss"][-1] < history["loss"][0] / 5, name


def test_models_within_noise_are_not_ranked_the_simplest_is_chosen(ns):
    acc = {name: h["val_accuracy"][-1] for name, (_, h) in ns["results"].items()}
    best = max(acc.values())
    noise = (best * (1 - best) / 269) ** 0.5
    assert max(acc.values()) - min(acc.values()) < 2 * noise  # all three are a tie
    assert ns["chosen"] == "softmax"


def test_chosen_model_measured_once_on_the_test_set(ns):
    assert 0.94 <= ns["test_accuracy"] <= 1.0


def test_data_split_and_dtypes(ns):
    train_set, val_set, test_set = ns["load_data"](0)
    assert len(train_set) + len(val_set) + len(test_set) == 1797
    assert (len(train_set), len(val_set), len(test_set)) == (1078, 269, 450)
    x, y = train_set.dataset.tensors
    assert x.shape[1] == 64 and x.dtype == torch.float32 and y.dtype == torch.int64
    assert 0.0 <= x.min() and x.max() <= 1.0
    # the validation split is seeded (the same images every run) and disjoint from training
    _, val_again, _ = ns["load_data"](0)
    assert list(val_set.indices) == list(val_again.indices)
    assert not set(train_set.indices) & set(val_set.indices)


def test_predict_leaves_model_in_eval_and_returns_classes(ns):
    model = ns["results"]["mlp"][0]
    _, _, test_set = ns["load_data"](0)
    x, _ = test_set.tensors
    pred = ns["predict"](model, x[:5].to(next(model.parameters()).device))
    assert not model.training and pred.shape == (5,) and pred.dtype == torch.int64
