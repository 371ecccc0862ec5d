"""Facts behind docs/*/autograd/worked_example.md, asserted on the snippet's own variables."""

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("autograd/worked_example")


def test_gradient_is_four_and_a_half(ns):
    assert torch.equal(ns["by_hand"], torch.full((2, 2), 4.5))


def test_numeric_gradient_agrees(ns):
    torch.testing.assert_close(ns["numeric"], torch.full((2, 2), 4.5, dtype=torch.float64))


def test_second_point(ns):
    x = ns["x"]
    assert torch.equal(x.grad, torch.tensor([[4.5, 4.5], [6.0, 6.0]]))
    assert ns["out"].item() == pytest.approx((27 + 27 + 48 + 48) / 4)


def test_formula_against_autograd_at_random_points():
    torch.manual_seed(0)
    x = torch.randn(3, 5, requires_grad=True)
    ((x + 2) * (x + 2) * 3).mean().backward()
    torch.testing.assert_close(x.grad, 6 * (x.detach() + 2) / x.numel())


def test_numeric_gradient_is_close_to_but_not_exactly_four_and_a_half(ns):
    error = (ns["numeric"] - 4.5).abs()
    assert 0 < error.max().item() < 1e-8  # rounding is left, just small
    en = " ".join(
        (fieldguide.ROOT / "docs/en/autograd/worked_example.md").read_text("utf-8").split()
    )
    zh = "".join(
        (fieldguide.ROOT / "docs/zh/autograd/worked_example.md").read_text("utf-8").split()
    )
    assert "and the answer is again 4.5" not in en and "结果同样是4.5" not in zh
    assert "4.5 to within about 10⁻⁹, though not exactly" in en and "但并不完全相等" in zh
