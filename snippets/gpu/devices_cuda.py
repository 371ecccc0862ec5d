"""What happens on a real CUDA device (TOPICS G1, G2): facts stated as asserts.

Runs only where torch.cuda.is_available().

Run it alone: python snippets/gpu/devices_cuda.py
"""

# requires: cuda

# --8<-- [start:query]
import torch
from torch import nn

assert torch.cuda.is_available(), "this module needs a CUDA device"
count = torch.cuda.device_count()
name = torch.cuda.get_device_name(0)  # e.g. "NVIDIA H100 80GB HBM3"
assert count >= 1 and isinstance(name, str) and name
# torch.accelerator sees the same device.
assert torch.accelerator.is_available()
assert torch.accelerator.current_accelerator().type == "cuda"
assert torch.accelerator.device_count() == count
# --8<-- [end:query]

# --8<-- [start:cuda_cpu]
x = torch.arange(6, dtype=torch.float32).reshape(2, 3)

# .cuda() is short for .to("cuda"): the current GPU, by default index 0.
g = x.cuda()
assert g.device == torch.device("cuda:0") and g.is_cuda
assert x.device.type == "cpu"  # the original did not move

# A tensor knows its index; torch.device("cuda") does not carry one.
assert g.device != torch.device("cuda") and g.device.type == "cuda"

# .cpu() copies back to host memory; .to("cpu", torch.double) also converts the dtype.
assert torch.equal(g.cpu(), x)
back = g.to("cpu", torch.double)
assert back.device.type == "cpu" and back.dtype == torch.float64

# Created directly on the GPU: no host copy at all.
ones = torch.ones_like(x, device="cuda")
assert ones.is_cuda and torch.equal((g + ones).cpu(), x + 1)
# --8<-- [end:cuda_cpu]

# --8<-- [start:cuda_numpy]
# NumPy cannot see GPU memory: .numpy() on a CUDA tensor is a TypeError ...
message = ""
try:
    g.numpy()
except TypeError as err:
    message = str(err)
assert message.startswith("can't convert cuda:0 device type tensor to numpy")
assert "Use Tensor.cpu() to copy the tensor to host memory first" in message
# ... and .cpu().numpy() is the fix.
assert g.cpu().numpy().tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
# --8<-- [end:cuda_numpy]

# --8<-- [start:cuda_model]
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
expected = model(x)  # computed on the CPU first

model.cuda()  # in place, like model.to("cuda")
assert all(p.is_cuda for p in model.parameters())
on_gpu = model(g)
assert on_gpu.is_cuda
# The GPU computes the same numbers, up to floating-point rounding.
torch.testing.assert_close(on_gpu.cpu(), expected, rtol=1e-4, atol=1e-5)

# A CPU input to a GPU model fails loudly.
message = ""
try:
    model(x)
except RuntimeError as err:
    message = str(err)
assert "Expected all tensors to be on the same device" in message
model.cpu()
assert all(p.device.type == "cpu" for p in model.parameters())
# --8<-- [end:cuda_model]

# --8<-- [start:tf32]
# What TF32 costs in accuracy: one FP32 matmul and one convolution, in each mode,
# against the same computation in float64.
torch.manual_seed(0)
a = torch.randn(1024, 1024, device="cuda")
b = torch.randn(1024, 1024, device="cuda")
images = torch.randn(8, 64, 32, 32, device="cuda")
kernels = torch.randn(64, 64, 3, 3, device="cuda")
exact_mm = a.double() @ b.double()
exact_conv = nn.functional.conv2d(images.double(), kernels.double(), padding=1)

saved = (torch.backends.cuda.matmul.fp32_precision, torch.backends.cudnn.conv.fp32_precision)
max_error = {}
try:
    for mode in ("ieee", "tf32"):
        torch.backends.cuda.matmul.fp32_precision = mode
        torch.backends.cudnn.conv.fp32_precision = mode
        mm = (a @ b).double() - exact_mm
        conv = nn.functional.conv2d(images, kernels, padding=1).double() - exact_conv
        max_error[mode] = (mm.abs().max().item(), conv.abs().max().item())
finally:  # global settings: put them back whatever happens
    torch.backends.cuda.matmul.fp32_precision = saved[0]
    torch.backends.cudnn.conv.fp32_precision = saved[1]

# Full FP32: sums of about a thousand products of size ~1 are off by well under 0.01.
assert max(max_error["ieee"]) < 1e-2
if torch.cuda.get_device_capability() >= (8, 0):  # TF32 exists from Ampere on
    # TF32 keeps 10 of FP32's 23 mantissa bits: errors over ten times larger.
    assert max_error["tf32"][0] > 10 * max_error["ieee"][0]
    assert max_error["tf32"][1] > 10 * max_error["ieee"][1]
# --8<-- [end:tf32]
