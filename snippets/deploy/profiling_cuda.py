"""Timing and profiling GPU code correctly (TOPICS Y2): facts stated as asserts.

Runs only where torch.cuda.is_available() (the test suite runs it under `nox -s gpu`).

Run it alone: python snippets/deploy/profiling_cuda.py
"""

# requires: cuda

# --8<-- [start:async]
import time

import torch
from torch import nn
from torch.profiler import ProfilerActivity, profile

assert torch.cuda.is_available(), "this module needs a CUDA device"
device = torch.device("cuda")
torch.manual_seed(0)
a = torch.randn(4096, 4096, device=device)
b = torch.randn(4096, 4096, device=device)
a @ b  # warm-up: the first call loads kernels and picks an algorithm
torch.cuda.synchronize()

# Kernel launches return at once: a CPU clock alone measures only the launching.
start = time.perf_counter()
for _ in range(20):
    c = a @ b
launched_s = time.perf_counter() - start
torch.cuda.synchronize()  # wait until the GPU has really finished
finished_s = time.perf_counter() - start
assert launched_s < finished_s
# --8<-- [end:async]

# --8<-- [start:events]
# CUDA events are timestamps recorded on the GPU's own stream, between the kernels.
start_event = torch.cuda.Event(enable_timing=True)
end_event = torch.cuda.Event(enable_timing=True)
start_event.record()
for _ in range(20):
    c = a @ b
end_event.record()
end_event.synchronize()  # the CPU waits for this event before reading the clock
ms_per_matmul = start_event.elapsed_time(end_event) / 20  # elapsed_time is in milliseconds
assert ms_per_matmul > 0
tflops = 2 * 4096**3 / (ms_per_matmul / 1000) / 1e12  # e.g. tens of TFLOP/s on a recent GPU
assert tflops > 0
# --8<-- [end:events]

# --8<-- [start:profile]
model = nn.Sequential(nn.Linear(1024, 4096), nn.ReLU(), nn.Linear(4096, 1024)).to(device)
x = torch.randn(256, 1024, device=device)
with torch.no_grad():
    model(x)  # warm-up
    with profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA]) as prof:
        model(x)
        torch.cuda.synchronize()

# With CUDA activity, each row also reports the time its kernels ran on the device.
table = prof.key_averages().table(sort_by="device_time_total", row_limit=8)
assert "CUDA total" in table
linear = next(e for e in prof.key_averages() if e.key == "aten::linear")
assert linear.count == 2 and linear.device_time_total > 0
# --8<-- [end:profile]
