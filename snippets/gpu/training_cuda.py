"""Training on a real CUDA device (TOPICS G3): what breaks when a tensor is left on the
CPU, pinned memory with non_blocking copies, and the one direction where non_blocking
needs care. Facts are stated as asserts.

Runs only where torch.cuda.is_available().

Run it alone: python snippets/gpu/training_cuda.py
"""

# requires: cuda

# --8<-- [start:mismatch]
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

assert torch.cuda.is_available(), "this module needs a CUDA device"
device = torch.device("cuda")

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 3)).to(device)
loss_fn = nn.CrossEntropyLoss()
inputs, targets = torch.randn(8, 2), torch.randint(0, 3, (8,))  # a batch, still on the CPU


def error_of(step):
    """The message of the RuntimeError that step() raises."""
    try:
        step()
    except RuntimeError as err:
        return str(err)
    raise AssertionError("expected a RuntimeError")


# Forgot to move the inputs: the first layer's weight is on the GPU, its input is not.
message = error_of(lambda: model(inputs))
assert message.startswith("Expected all tensors to be on the same device")
assert "cuda:0" in message and "cpu" in message

# Moved the inputs but forgot the labels: the loss fails instead.
message = error_of(lambda: loss_fn(model(inputs.to(device)), targets))
assert message.startswith("Expected all tensors to be on the same device")

# Everything on one device: it runs.
loss = loss_fn(model(inputs.to(device)), targets.to(device))
assert loss.is_cuda and loss.ndim == 0
# --8<-- [end:mismatch]

# --8<-- [start:pinned]
# Page-locked ("pinned") host memory can be copied to the GPU asynchronously.
batch = torch.randn(256, 2)
assert not batch.is_pinned()
pinned = batch.pin_memory()  # a pinned copy, for the current accelerator (here CUDA)
assert pinned.is_pinned() and torch.equal(pinned, batch)

# With pin_memory=True the DataLoader hands out pinned batches ...
loader = DataLoader(
    TensorDataset(torch.randn(512, 2), torch.randint(0, 3, (512,))),
    batch_size=128,
    pin_memory=True,
)
x, y = next(iter(loader))
assert x.is_pinned() and y.is_pinned()

# ... so .to(device, non_blocking=True) can return before the copy has finished.
# Kernels launched afterwards on the same stream wait for it, so using x_gpu is safe.
x_gpu = x.to(device, non_blocking=True)
y_gpu = y.to(device, non_blocking=True)
out = model(x_gpu)
loss = loss_fn(out, y_gpu)
torch.cuda.synchronize()  # only needed when the *host* must see finished work, e.g. timing
assert x_gpu.is_cuda and torch.equal(x_gpu.cpu(), x) and torch.equal(y_gpu.cpu(), y)
# --8<-- [end:pinned]

# --8<-- [start:to_host]
# The other direction is the trap. A copy *to* the CPU with non_blocking=True returns at
# once, into pinned memory that the GPU fills later: reading it now may see stale bytes.
result = out.detach()
early = result.to("cpu", non_blocking=True)
assert early.is_pinned()  # PyTorch picked pinned memory so that the copy can run async
copied = torch.cuda.Event()
copied.record()  # a marker in the stream, right after the copy
copied.synchronize()  # the CPU waits for the marker; only now is `early` safe to read
assert torch.equal(early, result.cpu())

# Into ordinary (pageable) memory nothing overlaps: the call returns only once the data
# has arrived, non_blocking or not.
pageable = torch.empty(result.shape)
pageable.copy_(result, non_blocking=True)
assert torch.equal(pageable, result.cpu())
# --8<-- [end:to_host]
