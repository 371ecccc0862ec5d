"""G1/G2 on a real CUDA device: tensors and a small model go to the GPU and back.

Skipped without CUDA; `nox -s gpu` runs exactly these (and fails without a device).
"""

import pytest
import torch
from torch import nn

pytestmark = pytest.mark.gpu


def test_tensor_to_gpu_and_back():
    device = torch.device("cuda")
    x = torch.arange(6, dtype=torch.float32).reshape(2, 3)
    on_gpu = x.to(device)
    assert on_gpu.device.type == "cuda"
    doubled = (on_gpu * 2).cpu()
    assert doubled.device.type == "cpu"
    assert torch.equal(doubled, x * 2)
    back = on_gpu.to("cpu", torch.double)
    assert back.dtype == torch.float64 and back.device.type == "cpu"
    ones = torch.ones_like(x, device=device)
    assert ones.device.type == "cuda" and ones.shape == x.shape
    assert (on_gpu + ones).cpu().numpy().tolist() == [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]


def test_model_to_gpu_and_back():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
    x = torch.randn(5, 4)
    expected = model(x)
    model.to("cuda")
    assert all(p.device.type == "cuda" for p in model.parameters())
    on_gpu = model(x.to("cuda"))
    assert on_gpu.device.type == "cuda"
    torch.testing.assert_close(on_gpu.cpu(), expected, rtol=1e-4, atol=1e-5)
    model.cpu()
    assert all(p.device.type == "cpu" for p in model.parameters())


def test_mixing_devices_fails_clearly():
    x = torch.ones(2, device="cuda")
    with pytest.raises(RuntimeError, match="Expected all tensors to be on the same device"):
        x + torch.ones(2)[None].expand(3, 2)
