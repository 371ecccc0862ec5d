"""Profiling and timing on the CPU: torch.profiler tables, traces, torch.utils.benchmark (TOPICS Y2).

GPU timing (synchronize, CUDA events) and CUDA profiler activity are in profiling_cuda.py.

Run it alone: python snippets/deploy/profiling.py   (it writes trace.json in the current
directory)
"""

# --8<-- [start:profile]
import json

import torch
from torch import nn
from torch.profiler import ProfilerActivity, profile, record_function
from torch.utils import benchmark

torch.manual_seed(0)
model = nn.Sequential(
    nn.Conv2d(3, 8, kernel_size=3, padding=1),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(8 * 16 * 16, 10),
).eval()
x = torch.randn(16, 3, 16, 16)

with torch.no_grad():
    model(x)  # warm-up: the first call pays one-off costs we do not want to measure
    with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
        with record_function("forward"):  # a named range of our own in the results
            model(x)

averages = {event.key: event for event in prof.key_averages()}
# varies: times depend on the CPU, its load and the number of threads
for name in ("forward", "aten::conv2d", "aten::relu", "aten::linear"):
    event = averages[name]  # times are in microseconds
    print(f"{name}: {event.count} call, {event.cpu_time_total / 1000:.2f} ms")
#~ forward: 1 call, 0.92 ms
#~ aten::conv2d: 1 call, 0.38 ms
#~ aten::relu: 1 call, 0.05 ms
#~ aten::linear: 1 call, 0.14 ms
# --8<-- [end:profile]

# --8<-- [start:table]
# The whole summary as text, most expensive first (print(table) to read it).
table = prof.key_averages().table(sort_by="cpu_time_total", row_limit=8)
assert "aten::mkldnn_convolution" in table or "aten::_convolution" in table
# The same, one row per distinct combination of input shapes (needs record_shapes=True).
by_shape = prof.key_averages(group_by_input_shape=True).table(sort_by="cpu_time_total", row_limit=4)
assert "[16, 3, 16, 16]" in by_shape
# --8<-- [end:table]

# --8<-- [start:trace]
prof.export_chrome_trace("trace.json")  # open in https://ui.perfetto.dev or chrome://tracing
with open("trace.json") as f:
    trace = json.load(f)
names = {event.get("name") for event in trace["traceEvents"]}
print("forward" in names, "aten::conv2d" in names)
#> True True
# --8<-- [end:trace]

# --8<-- [start:benchmark]
# Timer warms up, repeats until enough time has passed, and reports the median.
# It uses one thread unless told otherwise: ask for the count you will really use.
@torch.inference_mode()
def predict(x):
    return model(x)


timer = benchmark.Timer(
    stmt="predict(x)",
    globals={"predict": predict, "x": x},
    num_threads=torch.get_num_threads(),
)
measurement = timer.blocked_autorange(min_run_time=0.2)
# varies: the time depends on the CPU, its load and the number of threads
print(f"median {measurement.median * 1000:.2f} ms per call")
#~ median 0.59 ms per call
# --8<-- [end:benchmark]
