"""Facts behind docs/*/losses/optimisers.md, asserted on the snippet's own variables."""

import pytest
import torch
from torch import nn, optim

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("losses/optimisers")


def test_manual_updates_move_towards_the_solution(ns):
    # After 3 manual steps (the fourth forward was only used to show the error).
    assert round(ns["w"].item(), 4) == 0.4715 and round(ns["b"].item(), 4) == 0.488
    assert ns["w"].grad is None and ns["b"].grad is None


def test_data_hides_a_wrong_gradient(ns):
    q = ns["q"]
    assert torch.equal(q.grad, 2 * q.detach())  # gradient at the changed value
    assert not torch.equal(q.grad, torch.tensor([2.0, 4.0]))
    assert "version" in ns["message"]


def test_adam_first_step_is_lr(ns):
    assert ns["moves"] == pytest.approx([0.01, 0.01], rel=1e-4)


def test_missing_zero_grad_doubles_gradient(ns):
    assert ns["model"].weight.grad is None
    torch.testing.assert_close(2 * ns["first"], torch.tensor([[-3.441405773162842]]))


def test_momentum_and_adam_beat_plain_sgd(ns):
    h = ns["history"]
    assert set(h) == {"SGD", "SGD + momentum 0.9", "Adam"}
    assert all(len(v) == 100 for v in h.values())
    assert h["SGD + momentum 0.9"][-1] < h["SGD"][-1] / 100
    assert h["Adam"][-1] < h["SGD"][-1] / 100


def test_sgd_step_formula():
    torch.manual_seed(0)
    p = nn.Parameter(torch.tensor([1.0, -2.0]))
    opt = optim.SGD([p], lr=0.5, momentum=0.9)
    for _ in range(2):
        opt.zero_grad()
        (p**2).sum().backward()
        opt.step()
    # step 1: v = g1 = 2p0;  p1 = p0 - 0.5 * v1 = 0
    # step 2: g2 = 0, v2 = 0.9 * v1 + g2; p2 = p1 - 0.5 * v2
    torch.testing.assert_close(p.detach(), -0.5 * 0.9 * torch.tensor([2.0, -4.0]))


def test_adam_first_step_is_lr_unless_the_gradient_is_near_eps():
    def first_step(gradient, lr=0.1):
        p = torch.nn.Parameter(torch.zeros(1))
        optimizer = torch.optim.Adam([p], lr=lr)
        p.grad = torch.tensor([gradient])
        optimizer.step()
        return -p.item()

    assert first_step(1.0) == pytest.approx(0.1, rel=1e-5)
    assert first_step(1e-3) == pytest.approx(0.1, rel=1e-4)
    assert first_step(1e-9) == pytest.approx(0.1 / 11, rel=1e-3)  # 1e-9 / (1e-9 + 1e-8)
    assert first_step(0.0) == 0.0
    en = " ".join((fieldguide.ROOT / "docs/en/losses/optimisers.md").read_text("utf-8").split())
    zh = "".join((fieldguide.ROOT / "docs/zh/losses/optimisers.md").read_text("utf-8").split())
    assert "a gradient of 1e-9 moves it by only about lr / 11" in en
    assert "梯度为1e-9时只移动约lr/11" in zh


def test_inference_tensors_have_no_version_counter():
    # The page: every tensor keeps a version counter, inference tensors excepted.
    t = torch.ones(2)
    t.add_(1)
    assert t._version == 1
    with torch.inference_mode():
        inf = torch.ones(2)
    with pytest.raises(RuntimeError, match="Inference tensors do not track version counter"):
        inf._version  # noqa: B018
    en = " ".join((fieldguide.ROOT / "docs/en/losses/optimisers.md").read_text("utf-8").split())
    assert "a version counter on every tensor (inference tensors excepted)" in en


def test_questions_print_with_detach_not_data():
    # The page says to use .detach(), not .data, so the self-check questions do too.
    text = (fieldguide.ROOT / "questions/losses.yml").read_text("utf-8")
    assert ".data" not in text and text.count("print(w.detach())") == 3
