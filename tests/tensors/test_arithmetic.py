"""Facts behind docs/*/tensors/arithmetic.md, asserted on the snippet's own variables."""

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("tensors/arithmetic")


def test_elementwise_functions_match_operators(ns):
    a, b = ns["a"], ns["b"]
    assert torch.equal(torch.abs(a), a.abs()) and (torch.abs(a) >= 0).all()
    assert torch.equal(torch.mul(a, b), a * b)
    assert not torch.equal(a * b, a @ b)  # * is not the matrix product


def test_integer_division(ns):
    i = ns["i"]
    assert (i / 2).dtype == torch.float32
    assert (i // 2).tolist() == [3, -4]
    assert torch.div(i, 2, rounding_mode="trunc").tolist() == [3, -3]


def test_negative_powers_raise_only_for_a_python_exponent():
    # A Python exponent is refused; the same exponents in a tensor pass and truncate to 0.
    with pytest.raises(RuntimeError, match="negative integer powers"):
        torch.tensor([2, 4]) ** -1
    result = torch.tensor([2, 4]) ** torch.tensor([-1, -1])
    assert result.dtype == torch.int64 and result.tolist() == [0, 0]
    en = " ".join((fieldguide.ROOT / "docs/en/tensors/arithmetic.md").read_text("utf-8").split())
    assert "cannot be raised to a negative Python integer" in en
    assert "with the exponents in an integer tensor there is no error" in en


def test_out_writes_into_the_given_tensor(ns):
    assert ns["result"].data_ptr() == ns["ptr"]
    assert ns["result"].tolist() == [11.0, 22.0, 33.0]
    assert ns["wrong"].shape == (3,)
    assert len(ns["caught"]) == 1 and issubclass(ns["caught"][0].category, UserWarning)


def test_inplace_keeps_identity_and_rebinding_does_not(ns):
    assert id(ns["y"]) != ns["y_id"]
    assert ns["y"].tolist() == [13.0, 26.0, 39.0]
    assert ns["z"].tolist() == [1.0, 1.0, 1.0] and ns["w"].tolist() == [2.0, 3.0, 4.0]
    x = torch.ones(3)
    before = (id(x), x.data_ptr())
    x.add_(1)
    x += 1
    assert (id(x), x.data_ptr()) == before and x.tolist() == [3.0, 3.0, 3.0]


def test_inplace_cannot_change_dtype(ns):
    assert ns["counts"].dtype == torch.int64 and ns["counts"].tolist() == [1, 2, 3]


def test_clamp_bounds(ns):
    assert ns["t"].tolist() == [-2, -2, -1, 0, 1, 2, 2]
    t = torch.arange(-3, 4)
    assert torch.equal(t.clamp(min=0), torch.relu(t))
    assert (torch.clamp(t, 2, -1) == -1).all()  # min > max: everything becomes max


def test_clamp_has_relus_gradient_even_at_zero(ns):
    assert ns["grads"]["clamp(min=0)"] == ns["grads"]["relu"] == [0.0, 0.0, 1.0]
    assert ns["grads"]["clamp(min=tensor(0.))"] == [0.0, 0.5, 1.0]
    # The same convention at an upper bound, and for a two-sided clamp.
    v = torch.tensor([0.0, 6.0, 3.0], requires_grad=True)
    v.clamp(0, 6).sum().backward()
    assert v.grad.tolist() == [0.0, 0.0, 1.0]
    w = torch.tensor([0.0], requires_grad=True)
    torch.maximum(w, torch.zeros(1)).sum().backward()
    assert w.grad.tolist() == [0.5]


def test_broadcasting_shapes(ns):
    m = ns["m"]
    assert (m + ns["row"]).shape == (2, 3) and (m + ns["col"]).shape == (2, 3)
    assert torch.equal(m + ns["row"], m + ns["row"].expand(2, 3))
    with pytest.raises(RuntimeError):
        torch.broadcast_shapes((2, 3), (2,))


def test_matrix_products(ns):
    A, B, v = ns["A"], ns["B"], ns["v"]
    assert torch.mm(A, B).shape == (2, 2)
    assert torch.mv(A, v).shape == (2,)  # 1-D result, not (2, 1)
    assert torch.equal(torch.mv(A, v), (A @ v.unsqueeze(1)).squeeze(1))
    assert torch.dot(v, v).item() == 2.0 and A.T.shape == (3, 2)


def test_batched_matmul(ns):
    assert ns["out"].shape == (4, 2, 5)
    assert torch.allclose(ns["out"][3], ns["batch"][3] @ ns["weights"][3])
    by_einsum = torch.einsum("bij,jk->bik", ns["batch"], ns["shared"])
    assert torch.allclose(ns["batch"] @ ns["shared"], by_einsum)


def test_mismatched_mm_raises():
    with pytest.raises(RuntimeError, match="cannot be multiplied"):
        torch.mm(torch.ones(2, 3), torch.ones(2, 3))


def test_out_of_the_wrong_shape_warns_only_when_it_holds_elements():
    import warnings

    x = torch.ones(2, 3)
    with pytest.warns(UserWarning, match="was resized"):
        torch.add(x, x, out=torch.empty(5))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an empty out is resized silently
        result = torch.add(x, x, out=torch.empty(0))
    assert result.shape == (2, 3)
    en = " ".join((fieldguide.ROOT / "docs/en/tensors/arithmetic.md").read_text("utf-8").split())
    zh = "".join((fieldguide.ROOT / "docs/zh/tensors/arithmetic.md").read_text("utf-8").split())
    assert "has the wrong shape but holds elements" in en and "而里面又有元素" in zh
