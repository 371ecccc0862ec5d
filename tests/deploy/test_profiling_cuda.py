"""Facts behind the CUDA blocks of docs/*/deploy/profiling.md (run by `nox -s gpu`)."""

import pytest

import fieldguide

pytestmark = pytest.mark.gpu


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("deploy/profiling_cuda")


def test_launching_returns_before_the_work_is_done(ns):
    assert 0 < ns["launched_s"] < ns["finished_s"]


def test_cuda_events_time_the_kernels(ns):
    assert ns["ms_per_matmul"] > 0
    # A 4096 x 4096 float32 matmul cannot take less than a microsecond, nor a whole second.
    assert 1e-3 < ns["ms_per_matmul"] < 1000


def test_profiler_saw_cuda_kernels(ns):
    linear = next(e for e in ns["prof"].key_averages() if e.key == "aten::linear")
    assert linear.device_time_total > 0
    assert "CUDA total" in ns["table"]
