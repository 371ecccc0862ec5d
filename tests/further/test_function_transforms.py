"""Facts behind docs/*/further/function_transforms.md, asserted on the snippet's variables."""

from pathlib import Path

import pytest
import torch
from torch import nn

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("further/function_transforms")


def test_grad_is_the_derivative(ns):
    x = torch.tensor(0.7, dtype=torch.float64)
    # d/dx (x sin x) = sin x + x cos x ; second derivative 2 cos x - x sin x
    assert torch.allclose(ns["df"](x), torch.sin(x) + x * torch.cos(x))
    assert torch.allclose(ns["d2f"](x), 2 * torch.cos(x) - x * torch.sin(x))


def test_vmap_maps_over_the_batch(ns):
    a, b, v = ns["a"], ns["b"], ns["v"]
    loop = torch.stack([torch.dot(a[i], b[i]) for i in range(len(a))])
    assert torch.allclose(ns["batched_dot"](a, b), loop)
    assert torch.allclose(ns["vmap"](torch.dot, in_dims=(0, None))(a, v), a @ v)


def test_jacobians_agree_with_the_formula(ns):
    x = ns["x3"]
    by_hand = torch.tensor([[x[1], x[0], 0.0], [1.0, 0.0, torch.exp(x[2])]])
    assert ns["J_rev"].shape == (2, 3)
    assert torch.allclose(ns["J_rev"], by_hand)
    assert torch.allclose(ns["J_fwd"], by_hand)


def test_functional_call_uses_the_given_tensors(ns):
    assert torch.equal(ns["out"], ns["model"](ns["inputs"]))
    # Zero weights: the last layer's output is zero whatever the input.
    zeroed = ns["functional_call"](ns["model"], ns["zeroed"], (torch.randn(3, 4),))
    assert torch.equal(zeroed, torch.zeros(3, 1))


def test_per_sample_gradients_equal_a_python_loop(ns):
    model, per_sample, inputs, targets = ns["model"], ns["per_sample"], ns["inputs"], ns["targets"]
    assert set(per_sample) == {name for name, _ in model.named_parameters()}
    for i in range(len(inputs)):
        model.zero_grad()
        nn.functional.mse_loss(model(inputs[i : i + 1]), targets[i : i + 1]).backward()
        for name, p in model.named_parameters():
            assert per_sample[name].shape == (len(inputs), *p.shape)
            torch.testing.assert_close(per_sample[name][i], p.grad, rtol=1e-5, atol=1e-6)
    # Different samples really do have different gradients (the check is not vacuous).
    assert not torch.allclose(per_sample["0.weight"][0], per_sample["0.weight"][1])
    # Their mean is the gradient of the batch's mean loss.
    model.zero_grad()
    nn.functional.mse_loss(model(inputs), targets).backward()
    torch.testing.assert_close(per_sample["2.weight"].mean(0), model[2].weight.grad)


def test_vmap_beats_the_loop(ns):
    # The loop pays Python and dispatch overhead 256 times; one batched call is far cheaper.
    assert 0 < ns["vmap_s"] < ns["loop_s"]


def test_jacobians_batch_their_products_into_one_pass():
    import inspect

    from torch.func import jacfwd, jacrev

    calls = []

    def h(x):  # R^3 -> R^4: four rows, three columns
        calls.append(x.shape)
        return torch.stack([x[0] * x[1], x[2].exp(), x.sum(), x[0] ** 2])

    x = torch.tensor([1.0, 2.0, 0.5])
    for transform in (jacrev, jacfwd):
        calls.clear()
        assert transform(h)(x).shape == (4, 3)
        assert len(calls) == 1  # not one call per output (jacrev) or per input (jacfwd)
    # One vmapped pass is jacrev's default; chunk_size=1 goes row by row.
    assert inspect.signature(jacrev).parameters["chunk_size"].default is None
    doc = " ".join(jacrev.__doc__.split())
    assert (
        "If None (default), use the maximum chunk size (equivalent to doing a single vmap over vjp"
        in doc
    )
    assert "If 1, then compute the jacobian row-by-row with a for-loop" in doc
    page = fieldguide.ROOT / "docs" / "{}" / "further" / "function_transforms.md"
    en = " ".join(Path(str(page).format("en")).read_text("utf-8").split())
    zh = "".join(Path(str(page).format("zh")).read_text("utf-8").split())
    assert "one backward pass per output" not in en and "每个输出做一次反向传播" not in zh
    assert "batches the products with `vmap` into one pass" in en
    assert "用`vmap`把这些乘积合成一次批量计算" in zh
