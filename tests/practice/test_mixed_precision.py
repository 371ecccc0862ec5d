"""Facts behind the CPU blocks of docs/*/practice/mixed_precision.md."""

import pytest
import torch
from torch import nn

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("practice/mixed_precision")


def test_autocast_dtypes(ns):
    assert ns["hidden"].dtype == ns["logits"].dtype == torch.bfloat16
    assert ns["loss"].dtype == torch.float32
    assert all(p.dtype == torch.float32 for p in ns["model"].parameters())
    assert all(p.grad.dtype == torch.float32 for p in ns["model"].parameters())


def test_bfloat16_is_close_to_float32(ns):
    assert 0 < ns["error"] < 0.05


def test_autocast_leaves_no_state_behind():
    layer = nn.Linear(4, 4)
    with torch.autocast("cpu", dtype=torch.bfloat16):
        assert layer(torch.randn(2, 4)).dtype == torch.bfloat16
    assert layer(torch.randn(2, 4)).dtype == torch.float32
    assert not torch.is_autocast_enabled("cpu")


def test_float16_range():
    assert torch.tensor(1e-8).to(torch.float16).item() == 0.0
    assert torch.tensor(1e-8).to(torch.bfloat16).item() > 0.0
    assert torch.isinf(torch.tensor(70000.0).to(torch.float16))


# The operations of the page's table, and the dtype each returns under autocast.
TABLE_OPS = {
    "softmax": lambda h, logits, target: torch.softmax(h, dim=1),
    "log_softmax": lambda h, logits, target: torch.log_softmax(h, dim=1),
    "sum": lambda h, logits, target: h.sum(),
    "layer_norm": lambda h, logits, target: nn.functional.layer_norm(h, h.shape[-1:]),
    "mse_loss": lambda h, logits, target: nn.functional.mse_loss(h, torch.zeros_like(h)),
    "cross_entropy": lambda h, logits, target: nn.functional.cross_entropy(logits, target),
}
CPU_FLOAT32 = {"mse_loss", "cross_entropy"}


def test_cpu_float32_list_is_short(ns):
    # The page's CPU column: only the losses come back in float32.
    assert set(ns["outputs"]) == set(TABLE_OPS)
    for name, out in ns["outputs"].items():
        expected = torch.float32 if name in CPU_FLOAT32 else torch.bfloat16
        assert out.dtype == expected, name


def test_cuda_float32_list_is_registered_for_cuda_only():
    # The CUDA column, checked without a GPU: the pinned torch registers an autocast kernel
    # for these operators under AutocastCUDA (fp32 list) and none under AutocastCPU.
    has = torch._C._dispatch_has_kernel_for_dispatch_key
    for op in ("aten::softmax.int", "aten::log_softmax.int", "aten::sum", "aten::layer_norm"):
        assert has(op, "AutocastCUDA") and not has(op, "AutocastCPU"), op
    for op in ("aten::mse_loss", "aten::linear"):
        assert has(op, "AutocastCUDA") and has(op, "AutocastCPU"), op


@pytest.mark.gpu
@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16])
def test_cuda_autocast_returns_float32_for_the_table(dtype):
    torch.manual_seed(0)
    layer = nn.Linear(16, 32).cuda()
    x = torch.randn(8, 16, device="cuda")
    target = torch.randint(0, 32, (8,), device="cuda")
    with torch.autocast("cuda", dtype=dtype):
        h = layer(x)
        assert h.dtype == dtype
        for name, op in TABLE_OPS.items():
            assert op(h, h, target).dtype == torch.float32, name
