"""Facts behind the CPU blocks of docs/*/deploy/profiling.md."""

import json

import pytest

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("deploy/profiling")


def test_each_layer_shows_up_once(ns):
    averages = ns["averages"]
    for name in ("forward", "aten::conv2d", "aten::relu", "aten::linear"):
        assert averages[name].count == 1
        assert averages[name].cpu_time_total > 0
    # Our named range encloses the whole forward pass.
    assert averages["forward"].cpu_time_total >= averages["aten::conv2d"].cpu_time_total


def test_tables_are_text(ns):
    assert "Self CPU time total" in ns["table"]
    assert "Input Shapes" in ns["by_shape"]


def test_trace_is_chrome_json(ns):
    assert isinstance(ns["trace"]["traceEvents"], list)
    json.dumps(ns["trace"])  # plain JSON all the way down


def test_benchmark_measured_something(ns):
    measurement = ns["measurement"]
    assert measurement.median > 0 and len(measurement.times) >= 1
