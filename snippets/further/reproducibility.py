"""Reproducibility: seeds and generators, deterministic algorithms, DataLoader worker
seeds, and why another CPU prints different last digits (TOPICS Z5).

Run it alone: python snippets/further/reproducibility.py
"""

# --8<-- [start:seeds]
import json
import os
import random
import subprocess
import sys

import torch
from torch.utils.data import DataLoader, Dataset, get_worker_info

torch.manual_seed(0)
first = torch.rand(3)
torch.manual_seed(0)  # the same seed restarts the same sequence
again = torch.rand(3)
print(first)
#> tensor([0.4963, 0.7682, 0.0885])
print(torch.equal(first, again))
#> True
# --8<-- [end:seeds]

# --8<-- [start:generators]
# A generator is a random stream of its own: other code drawing numbers cannot shift it.
g = torch.Generator().manual_seed(42)
a = torch.rand(2, generator=g)
torch.rand(1000)  # the global stream moves on; g does not notice
b = torch.rand(2, generator=g)

g2 = torch.Generator().manual_seed(42)
print(torch.equal(torch.cat([a, b]), torch.rand(4, generator=g2)))
#> True

# Save and restore a stream's state to replay a piece of work.
state = g.get_state()
c = torch.rand(2, generator=g)
g.set_state(state)
print(torch.equal(c, torch.rand(2, generator=g)))
#> True
# --8<-- [end:generators]

# --8<-- [start:deterministic]
before = (
    torch.are_deterministic_algorithms_enabled(),
    torch.is_deterministic_algorithms_warn_only_enabled(),
)
torch.use_deterministic_algorithms(True)
try:
    # Uninitialised memory is filled too, so it cannot leak run-to-run differences.
    filled = torch.empty(3)
finally:
    # The setting is process-wide: put it back as it was.
    torch.use_deterministic_algorithms(before[0], warn_only=before[1])
print(filled)
#> tensor([nan, nan, nan])
print(torch.are_deterministic_algorithms_enabled())
#> False
# --8<-- [end:deterministic]

# --8<-- [start:workers]
class Noisy(Dataset):
    """Random augmentation stand-in: every item draws from torch and from random."""

    def __len__(self):
        return 4

    def __getitem__(self, i):
        info = get_worker_info()
        worker = info.id if info is not None else -1
        return worker, round(torch.rand(1).item(), 4), round(random.random(), 4)


def draw(seed):
    # The loader's generator fixes each worker's seed (and the shuffle, if any).
    loader = DataLoader(Noisy(), batch_size=2, num_workers=2,
                        generator=torch.Generator().manual_seed(seed))
    return [item for workers, t, r in loader for item in zip(workers.tolist(), t.tolist(),
                                                                r.tolist(), strict=True)]


run1, run2 = draw(0), draw(0)
for worker, t, r in run1:
    print(f"worker {worker}: torch {t:.4f}, random {r:.4f}")
    #> worker 0: torch 0.7821, random 0.2132
    #> worker 0: torch 0.0536, random 0.2764
    #> worker 1: torch 0.6938, random 0.7734
    #> worker 1: torch 0.2980, random 0.1634
print(run1 == run2, run1 == draw(1))
#> True False
# --8<-- [end:workers]

# --8<-- [start:last_digits]
CHILD = """
import json, torch
torch.manual_seed(0)
x = torch.rand(1_000_003)
out = {"kernels": torch.backends.cpu.get_cpu_capability()}
for n in (1, 4):
    torch.set_num_threads(n)
    out[n] = [x.mean().item(), x.softmax(0).max().item()]
print(json.dumps(out))
"""


def start(env):
    return subprocess.Popen([sys.executable, "-c", CHILD], env=env,
                            stdout=subprocess.PIPE, text=True)


own_env = {k: v for k, v in os.environ.items() if k != "ATEN_CPU_CAPABILITY"}
children = {
    "default kernels": start({**own_env, "ATEN_CPU_CAPABILITY": "default"}),
    "this CPU's kernels": start(own_env),
}
results = {name: json.loads(p.communicate()[0]) for name, p in children.items()}
# varies: the digits differ with the CPU's vector kernels and the thread count
for name, result in results.items():
    for n in ("1", "4"):
        mean, top = result[n]
        threads = "1 thread" if n == "1" else f"{n} threads"
        print(f"{name}, {threads}: mean {mean:.9f}, softmax max {top:.8e}")
        #~ default kernels, 1 thread: mean 0.500268161, softmax max 1.58158355e-06
        #~ default kernels, 4 threads: mean 0.500268102, softmax max 1.58158355e-06
        #~ this CPU's kernels, 1 thread: mean 0.500268161, softmax max 1.58157775e-06
        #~ this CPU's kernels, 4 threads: mean 0.500268102, softmax max 1.58157775e-06

# Rounded to the digits float32 can carry through a million additions, they agree.
print(sorted({f"{r[n][0]:.5f}" for r in results.values() for n in ("1", "4")}))
#> ['0.50027']
# --8<-- [end:last_digits]
