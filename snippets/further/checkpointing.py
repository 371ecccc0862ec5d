"""Activation checkpointing: trading compute for memory with
torch.utils.checkpoint.checkpoint(use_reentrant=False) (TOPICS Z2).

Run it alone: python snippets/further/checkpointing.py
"""

# --8<-- [start:model]
import time

import torch
from torch import nn
from torch.profiler import ProfilerActivity, profile
from torch.utils.checkpoint import checkpoint


def make_block():
    return nn.Sequential(nn.Linear(256, 1024), nn.GELU(), nn.Linear(1024, 256), nn.Tanh())


class Net(nn.Module):
    def __init__(self, depth=6, use_checkpoint=False):
        super().__init__()
        self.blocks = nn.ModuleList(make_block() for _ in range(depth))
        self.use_checkpoint = use_checkpoint

    def forward(self, x):
        for block in self.blocks:
            if self.use_checkpoint:
                # Keep only the block's input; rerun the block during backward.
                x = checkpoint(block, x, use_reentrant=False)
            else:
                x = block(x)
        return x


torch.manual_seed(0)
plain = Net()
ckpt = Net(use_checkpoint=True)
ckpt.load_state_dict(plain.state_dict())  # the same weights
x = torch.randn(64, 256)
# --8<-- [end:model]

# --8<-- [start:gradients]
def gradients(model):
    model.zero_grad()
    model(x).square().mean().backward()
    return [p.grad.clone() for p in model.parameters()]


same = all(
    torch.allclose(a, b, rtol=1e-6, atol=0)
    for a, b in zip(gradients(plain), gradients(ckpt), strict=True)
)
print(same)
#> True
# --8<-- [end:gradients]

# --8<-- [start:recompute]
calls = {"plain": 0, "ckpt": 0}


def counter(name):
    # A pre-hook runs as each forward pass starts (a recomputation may stop early).
    def hook(module, args):
        calls[name] += 1

    return hook


handles = [b.register_forward_pre_hook(counter("plain")) for b in plain.blocks]
handles += [b.register_forward_pre_hook(counter("ckpt")) for b in ckpt.blocks]
gradients(plain)
gradients(ckpt)
for h in handles:
    h.remove()
print(calls)  # block forward passes in one training step
#> {'plain': 6, 'ckpt': 12}
# --8<-- [end:recompute]

# --8<-- [start:memory]
def kept_after_forward(model):
    """Bytes still allocated once the forward pass returns: what waits for backward."""
    with profile(activities=[ProfilerActivity.CPU], profile_memory=True) as prof:
        out = model(x)
    # Each operator's self memory is what it allocated minus what it freed.
    return sum(e.self_cpu_memory_usage for e in prof.key_averages()), out


plain_bytes, _ = kept_after_forward(plain)
ckpt_bytes, _ = kept_after_forward(ckpt)
plain_mib, ckpt_mib = plain_bytes / 2**20, ckpt_bytes / 2**20
# varies: allocator and math-library buffers differ between CPUs and builds
print(f"kept for backward: plain {plain_mib:.2f} MiB, checkpointed {ckpt_mib:.2f} MiB")
#~ kept for backward: plain 3.38 MiB, checkpointed 0.40 MiB
# --8<-- [end:memory]

# --8<-- [start:time]
def step_time(model):
    start = time.perf_counter()
    gradients(model)
    return time.perf_counter() - start


times = {"plain": [], "ckpt": []}
for _ in range(6):  # alternate the two, and keep each one's fastest step
    times["plain"].append(step_time(plain))
    times["ckpt"].append(step_time(ckpt))
plain_s, ckpt_s = min(times["plain"]), min(times["ckpt"])
ratio = ckpt_s / plain_s
# varies: times depend on the CPU, its load and the number of threads
print(f"one step: plain {plain_s * 1000:.1f} ms, checkpointed {ckpt_s * 1000:.1f} ms, ratio {ratio:.2f}")
#~ one step: plain 25.2 ms, checkpointed 35.3 ms, ratio 1.40
# --8<-- [end:time]
