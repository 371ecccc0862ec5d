"""CUDA memory statistics and what empty_cache does and does not do (TOPICS Y4).

Facts stated as asserts. Runs only where torch.cuda.is_available() (the test suite runs
it under `nox -s gpu`).

Run it alone: python snippets/deploy/inference_cuda.py
"""

# requires: cuda

# --8<-- [start:allocated]
import torch
from torch import nn

assert torch.cuda.is_available(), "this module needs a CUDA device"
device = torch.device("cuda")
MiB = 2**20

torch.cuda.empty_cache()
torch.cuda.reset_peak_memory_stats()
base = torch.cuda.memory_allocated()  # bytes held by live tensors right now

x = torch.empty(256, MiB // 4, device=device)  # 256 MiB of float32
assert torch.cuda.memory_allocated() - base == 256 * MiB
y = x * 2  # the result needs another 256 MiB
assert torch.cuda.memory_allocated() - base == 512 * MiB
del y
assert torch.cuda.memory_allocated() - base == 256 * MiB
# The peak remembers the moment when both were alive.
assert torch.cuda.max_memory_allocated() - base >= 512 * MiB
# --8<-- [end:allocated]

# --8<-- [start:reserved]
# Freed blocks go back to PyTorch's caching allocator, not to the driver:
# memory_reserved (what nvidia-smi sees, roughly) stays up for the next allocation.
reserved_before = torch.cuda.memory_reserved()
assert reserved_before >= torch.cuda.memory_allocated() + 256 * MiB

# empty_cache hands the unused cached blocks back to the driver ...
torch.cuda.empty_cache()
assert torch.cuda.memory_reserved() < reserved_before
# ... but it frees no tensor that is still referenced: x keeps its 256 MiB.
assert torch.cuda.memory_allocated() - base == 256 * MiB
assert torch.cuda.memory_reserved() >= torch.cuda.memory_allocated()
del x  # only dropping the last reference frees a tensor
assert torch.cuda.memory_allocated() == base
# --8<-- [end:reserved]

# --8<-- [start:peak]
torch.manual_seed(0)
model = nn.Sequential(*[nn.Linear(2048, 2048) for _ in range(8)]).to(device)
batch = torch.randn(4096, 2048, device=device)


def peak_of_forward(context):
    torch.cuda.synchronize()
    torch.cuda.reset_peak_memory_stats()
    start = torch.cuda.memory_allocated()
    with context():
        out = model(batch)
    peak = torch.cuda.max_memory_allocated() - start
    del out
    return peak


# With gradients on, every layer's input is saved for the backward pass;
# under inference_mode each activation is freed as soon as the next layer has used it.
peak_training = peak_of_forward(torch.enable_grad)
peak_inference = peak_of_forward(torch.inference_mode)
activation = 4096 * 2048 * 4  # one layer's output in bytes: 32 MiB
assert peak_training >= 7 * activation
assert peak_inference <= 3 * activation
# --8<-- [end:peak]
