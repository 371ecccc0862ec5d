"""Facts behind docs/*/practice/schedulers.md, asserted on the snippet's variables."""

import math

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("practice/schedulers")


def test_curves(ns):
    curves = ns["curves"]
    assert all(len(lrs) == 30 for lrs in curves.values())
    step = curves["StepLR"]
    assert step[:10] == [0.1] * 10 and step[10] == pytest.approx(0.05)
    cosine = curves["CosineAnnealingLR"]
    assert cosine[0] == 0.1 and all(a > b for a, b in zip(cosine, cosine[1:], strict=False))
    assert cosine[15] == pytest.approx(0.05)
    onecycle = curves["OneCycleLR"]
    peak = onecycle.index(max(onecycle))
    assert 0 < peak < 15 and max(onecycle) == pytest.approx(0.1, rel=1e-3)
    assert onecycle[0] == pytest.approx(0.1 / 25)  # max_lr / div_factor
    warm = curves["LinearLR + cosine"]
    assert warm[:6] == pytest.approx([0.01, 0.028, 0.046, 0.064, 0.082, 0.1])
    assert all(a >= b for a, b in zip(warm[5:], warm[6:], strict=False))


def test_figure_has_one_line_per_schedule(ns):
    assert len(ns["ax"].get_lines()) == 4


def test_onecycle_counts_batches(ns):
    assert ns["epochs"] * len(ns["batches"]) == 12


def test_wrong_order_skipped_the_first_rate(ns):
    # The schedule's first value (0.1) was never used: the optimizer already holds 0.05.
    assert ns["scheduler"].get_last_lr() == pytest.approx([0.05])
    assert math.isclose(ns["optimizer"].param_groups[0]["lr"], 0.05)


def test_wrong_order_warns(ns):
    caught = ns["caught"]
    assert len(caught) == 1 and issubclass(caught[0].category, UserWarning)
    assert "before `optimizer.step()`" in str(caught[0].message)


def test_schedulers_count_step_calls(ns):
    # step_size=2 stepped every call decays every 2 calls, whatever a call stands for.
    assert ns["per_batch_calls"] == pytest.approx([0.1, 0.1, 0.01, 0.01, 0.001])


def test_onecycle_sets_and_cycles_momentum(ns):
    momenta = ns["momenta"]
    assert momenta[0] == pytest.approx(0.95) and momenta[-1] == pytest.approx(0.95, abs=1e-3)
    assert momenta[1] == pytest.approx(0.918, abs=1e-3)
    assert 0.85 <= min(momenta) < 0.86
    lrs = ns["one_cycle"].optimizer.param_groups[0]
    assert lrs["max_momentum"] == 0.95 and lrs["base_momentum"] == 0.85
    assert ns["adamw"].param_groups[0]["betas"] == (0.95, 0.999)
    assert ns["plain_sgd"].param_groups[0]["momentum"] == 0


def test_onecycle_refuses_an_optimizer_without_momentum():
    adagrad = torch.optim.Adagrad([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    with pytest.raises(ValueError, match="momentum or beta1"):
        torch.optim.lr_scheduler.OneCycleLR(adagrad, max_lr=0.1, total_steps=5)
