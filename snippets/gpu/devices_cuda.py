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
