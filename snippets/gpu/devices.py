"""Choosing a device and moving tensors and models between devices (TOPICS G1, G2).

Runs on any machine: the code picks CUDA when it is there and the CPU otherwise, and
prints only what is the same on both. The CUDA-only facts live in devices_cuda.py.

Run it alone: python snippets/gpu/devices.py
"""

# --8<-- [start:pick]
import torch
from torch import nn

# The idiom from the notes: use CUDA when PyTorch can see a GPU, else the CPU.
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
assert device.type in ("cuda", "cpu")

# A torch.device is only a name: creating one touches no hardware, so this runs anywhere.
print(torch.device("cuda"), torch.device("cuda:1"), torch.device("cuda", 1).index)
#> cuda cuda:1 1
# "cuda" means "the current GPU", which is not the same name as "cuda:0".
print(torch.device("cuda") == torch.device("cuda:0"))
#> False
# So compare the type when you ask "is it on the GPU?".
print(torch.device("cuda:0").type == torch.device("cuda").type)
#> True
# --8<-- [end:pick]

# --8<-- [start:accelerator]
# The device-agnostic form: CUDA, ROCm, Apple MPS, Intel XPU ... whichever this build supports.
if torch.accelerator.is_available():
    device = torch.accelerator.current_accelerator()
else:
    device = torch.device("cpu")

# current_accelerator() alone names the accelerator PyTorch was *built* for, even on a
# machine without one; check_available=True also asks whether one is usable right now.
usable = torch.accelerator.current_accelerator(check_available=True)
assert (usable is not None) == torch.accelerator.is_available()
assert (device.type == "cpu") == (usable is None)
# --8<-- [end:accelerator]

# --8<-- [start:tensors]
x = torch.arange(6, dtype=torch.float32).reshape(2, 3)

# .to returns a tensor on the target device; x itself stays where it was.
x_dev = x.to(device)
assert x_dev.device.type == device.type and x.device.type == "cpu"

# When nothing has to change, .to returns the very same tensor, no copy.
print(x.to("cpu") is x, x.to("cpu", torch.float64) is x)
#> True False

# Device and dtype in one call: the notes' cuda_tensor.to("cpu", torch.double).
back = x_dev.to("cpu", torch.double)
print(back.device, back.dtype)
#> cpu torch.float64
print(back)
#> tensor([[0., 1., 2.],
#>         [3., 4., 5.]], dtype=torch.float64)
# --8<-- [end:tensors]

# --8<-- [start:like]
# Create tensors where they are needed instead of creating on the CPU and copying.
zeros = torch.zeros(2, 3, device=device)
# *_like copies shape, dtype and device; device=... overrides the device.
ones = torch.ones_like(x, device=device)
noise = torch.randn_like(x_dev)  # same device as x_dev
assert zeros.device.type == ones.device.type == noise.device.type == device.type

# Operands on one device: the result stays there. Bring a summary back with .item().
total = (x_dev + ones).sum().item()
print(total, type(total).__name__)
#> 21.0 float
# --8<-- [end:like]

# --8<-- [start:model]
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))

# Module.to moves every parameter and buffer in place and returns the module itself.
moved = model.to(device)
print(moved is model)
#> True
assert all(p.device.type == device.type for p in model.parameters())

# The input must be on the model's device; the output is then on it too.
out = model(x_dev)
assert out.device.type == device.type
print(out.shape)
#> torch.Size([2, 2])
# --8<-- [end:model]

# --8<-- [start:numpy]
# NumPy arrays live in host memory and know nothing about autograd.
w = torch.ones(2, requires_grad=True)
try:
    w.numpy()
except RuntimeError as err:
    print(err)
    #> Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.

# The safe chain works for any tensor on any device:
# detach from the graph, copy to the CPU, then view it as an array.
arr = out.detach().cpu().numpy()
print(type(arr).__name__, arr.shape, arr.dtype)
#> ndarray (2, 2) float32
# --8<-- [end:numpy]

# --8<-- [start:tf32]
# Each backend has its own FP32 setting: "ieee" (full FP32), "tf32", or "none", which
# inherits the parent's (torch.backends for cuda.matmul; cudnn, then torch.backends, for
# cudnn.conv).
print(torch.backends.fp32_precision)
#> none
print(torch.backends.cuda.matmul.fp32_precision, torch.backends.cudnn.conv.fp32_precision)
#> none tf32

# Allow TF32 in matmuls for one piece of code only, and put the setting back afterwards:
# it is global to the process.
saved = torch.backends.cuda.matmul.fp32_precision
torch.backends.cuda.matmul.fp32_precision = "tf32"
try:
    gram = x_dev @ x_dev.T  # on an Ampere or later GPU this matmul may use TF32
    # One API at a time: with fp32_precision in use, the older getter refuses to answer.
    print(torch.get_float32_matmul_precision())
except RuntimeError as err:
    print(str(err).split(",")[0])
finally:
    torch.backends.cuda.matmul.fp32_precision = saved
    #> PyTorch is checking the matmul precision without a specific backend name
print(torch.backends.cuda.matmul.fp32_precision, gram.shape)
#> none torch.Size([2, 2])
# --8<-- [end:tf32]
