"""torch.compile on the CPU: what it captures, what the first call costs, when it pays (TOPICS Y1).

Run it alone: python snippets/deploy/compile.py   (it compiles C++ code: allow it some
seconds)
"""

# --8<-- [start:capture]
import os
import shutil
import time

import torch
from torch import nn

# A backend is a function that receives the captured graph and returns something to run.
# This one only records the graph and runs it unchanged: nothing is compiled.
graphs = []


def record_graph(graph_module, example_inputs):
    graphs.append(graph_module)
    return graph_module.forward


def scaled_gelu(x):
    return 2.0 * torch.nn.functional.gelu(x) + 1.0


captured = torch.compile(scaled_gelu, backend=record_graph)
torch.manual_seed(0)
x = torch.randn(8)
captured(x)
captured(x)  # same shape again: the graph is reused
print(len(graphs))
#> 1
print([node.name for node in graphs[0].graph.nodes])
#> ['l_x_', 'gelu', 'mul', 'add', 'output']
# --8<-- [end:capture]

# --8<-- [start:recompile]
captured(torch.randn(16))  # a new length: captured again, now with a symbolic size
print(len(graphs))
#> 2
captured(torch.randn(32))  # any length fits the symbolic graph: no third capture
captured(torch.randn(1000))
print(len(graphs))
#> 2
# --8<-- [end:recompile]

# --8<-- [start:graph_break]
def branchy(x):
    if x.sum() > 0:  # Python needs the value to choose a branch: the graph breaks here
        return x * 2
    return x - 1


graphs.clear()
torch.compile(branchy, backend=record_graph)(torch.ones(4))
print(len(graphs))
#> 2
# --8<-- [end:graph_break]

# --8<-- [start:compiler]
# On the CPU, inductor (the default backend) writes C++ and builds it with the compiler
# named by $CXX, g++ by default. Without one, aot_eager still captures the graph but runs
# the usual kernels, so it shows the capture cost without any speed-up.
compiler = shutil.which(os.environ.get("CXX", "g++"))
backend = "inductor" if compiler else "aot_eager"
# Inductor also keeps compiled graphs in a cache on disk, so a second run of a program
# would time a cache lookup. Switch that cache off to time all the work of a first call.
# The option is inductor's own: aot_eager gets none (it would warn that it ignores them).
options = {"fx_graph_cache": False} if backend == "inductor" else None


def timed_first_call(fn, *args):
    start = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - start


def step_time(fn, *args, repeat=50):
    fn(*args)  # warm-up, so compilation is not counted
    start = time.perf_counter()
    for _ in range(repeat):
        fn(*args)
    return (time.perf_counter() - start) / repeat
# --8<-- [end:compiler]

# --8<-- [start:pointwise]
def pointwise(x):
    # Eager runs six kernels (sin, cos, sigmoid, two multiplications, one addition),
    # each reading and writing a million floats;
    # inductor fuses them into one loop over the data.
    return torch.sin(x) * torch.cos(x) + 0.5 * torch.sigmoid(x)


torch.manual_seed(0)
big = torch.randn(1_000_000)
fast = torch.compile(pointwise, backend=backend, options=options)
compiled_out, compile_s = timed_first_call(fast, big)
eager_out = pointwise(big)
eager_step = step_time(pointwise, big)
compiled_step = step_time(fast, big)
# varies: compile time and step times depend on the CPU, its load and the disk cache
print(f"first call {compile_s:.1f} s, eager {eager_step * 1e3:.2f} ms, "
      f"compiled {compiled_step * 1e3:.2f} ms per call")
#~ first call 2.7 s, eager 41.81 ms, compiled 7.97 ms per call
# --8<-- [end:pointwise]

# --8<-- [start:break_even]
saved = eager_step - compiled_step  # per call; compiling only pays off if this is > 0
break_even = compile_s / saved  # calls until the time saved has paid for the first call
# varies: ratios of the timings above
print(f"each later call saves {saved * 1e3:.2f} ms: "
      f"compiling pays for itself after about {break_even:.0f} calls")
#~ each later call saves 33.84 ms: compiling pays for itself after about 80 calls
# --8<-- [end:break_even]

# --8<-- [start:tiny_model]
torch.manual_seed(0)
tiny = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Linear(32, 4)).eval()
batch = torch.randn(8, 16)
tiny_compiled = torch.compile(tiny, backend=backend, options=options)
with torch.no_grad():
    tiny_compiled_out, tiny_compile_s = timed_first_call(tiny_compiled, batch)
    tiny_eager_out = tiny(batch)
    tiny_eager_step = step_time(tiny, batch, repeat=200)
    tiny_compiled_step = step_time(tiny_compiled, batch, repeat=200)
# varies: compile time and step times depend on the CPU, its load and the disk cache
print(f"first call {tiny_compile_s:.1f} s, eager {tiny_eager_step * 1e6:.0f} us, "
      f"compiled {tiny_compiled_step * 1e6:.0f} us per call")
#~ first call 1.6 s, eager 76 us, compiled 477 us per call
torch._dynamo.reset()  # forget compiled code and guards (a clean slate for what follows)
# --8<-- [end:tiny_model]
