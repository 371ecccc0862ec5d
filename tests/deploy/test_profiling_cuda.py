"""Facts behind the CUDA blocks of docs/*/deploy/profiling.md (run by `nox -s gpu`)."""

import math
import time

import pytest
import torch

import fieldguide

pytestmark = pytest.mark.gpu

GPU_WORK_S = 0.2  # queue this much matmul work: far above host scheduling noise (~5 ms)
MAX_LAUNCHES = 500  # below CUDA's launch queue (~1024), where a launch starts to block


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("deploy/profiling_cuda")


def assert_launches_return_early(launched_s: float, finished_s: float) -> None:
    # Launching must take a small fraction of the run, not merely less than all of it:
    # launches that waited for each kernel would take nearly the whole run time.
    assert finished_s >= GPU_WORK_S / 2, f"the work took only {finished_s:.3f} s"
    assert launched_s < 0.25 * finished_s, f"launching took {launched_s:.3f} of {finished_s:.3f} s"


def test_launching_returns_before_the_work_is_done(ns):
    # The page's own numbers come from 20 matmuls, a few milliseconds on a fast GPU: too
    # short to compare robustly. The same measurement, with enough work queued:
    a, b = ns["a"], ns["b"]
    launches = min(MAX_LAUNCHES, math.ceil(GPU_WORK_S * 1000 / ns["ms_per_matmul"]))
    torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(launches):
        a @ b
    launched_s = time.perf_counter() - start
    torch.cuda.synchronize()
    finished_s = time.perf_counter() - start
    assert_launches_return_early(launched_s, finished_s)
    assert 0 < ns["launched_s"] < ns["finished_s"]


def test_cuda_events_time_the_kernels(ns):
    # A 4096 x 4096 float32 matmul is 137 GFLOP: no GPU does it in under 0.1 ms (over
    # 1.3 PFLOP/s), and none that runs this suite needs a whole second.
    assert 0.1 < ns["ms_per_matmul"] < 1000
    assert math.isclose(ns["tflops"], 2 * 4096**3 / (ns["ms_per_matmul"] / 1000) / 1e12)


def test_profiler_saw_cuda_kernels(ns):
    linear = next(e for e in ns["prof"].key_averages() if e.key == "aten::linear")
    assert linear.count == 2 and linear.device_time_total > 0
    assert "CUDA total" in ns["table"]
