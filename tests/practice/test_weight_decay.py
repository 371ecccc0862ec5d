"""Facts behind docs/*/practice/weight_decay.md: Adam's L2 against AdamW, and the groups."""

import pytest
import torch
from torch import nn

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("practice/weight_decay")


def test_adam_l2_step_ignores_the_size_of_weight_decay(ns):
    one_step = ns["one_step"]
    # L2 through Adam: the step is ~lr whatever weight_decay is.
    assert one_step(torch.optim.Adam, 1e-2) == pytest.approx(0.9, abs=1e-6)
    assert one_step(torch.optim.Adam, 1e-4) == pytest.approx(0.9, abs=1e-4)
    # Decoupled: w * (1 - lr * wd).
    assert one_step(torch.optim.AdamW, 1e-2) == pytest.approx(1 - 0.1 * 1e-2, abs=1e-12)
    assert one_step(torch.optim.AdamW, 1e-4) == pytest.approx(1 - 0.1 * 1e-4, abs=1e-12)


def test_groups_exempt_biases_and_norm_weights(ns):
    model, optimizer = ns["model"], ns["optimizer"]
    decay, no_decay = optimizer.param_groups
    assert decay["weight_decay"] == 0.05 and no_decay["weight_decay"] == 0.0
    ids = [id(p) for g in optimizer.param_groups for p in g["params"]]
    assert sorted(ids) == sorted(id(p) for p in model.parameters())  # each exactly once
    norm_types = (nn.BatchNorm2d, nn.LayerNorm)
    for module in model.modules():
        for name, param in module.named_parameters(recurse=False):
            exempt = name == "bias" or isinstance(module, norm_types)
            group = no_decay if exempt else decay
            assert any(param is p for p in group["params"]), (module, name)
    assert all(p.ndim > 1 for p in decay["params"])
    assert all(p.ndim == 1 for p in no_decay["params"])


def test_groups_for_another_model(ns):
    model = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Linear(4, 2, bias=False))
    decay, no_decay = ns["param_groups"](model, 0.1)
    assert [p.shape for p in decay["params"]] == [(4, 3), (2, 4)]
    assert [p.shape for p in no_decay["params"]] == [(4,), (4,), (4,)]
