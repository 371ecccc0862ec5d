"""Facts behind the CPU blocks of docs/*/deploy/profiling.md."""

import json
import statistics

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


def test_benchmark_repeated_for_min_run_time_and_reports_the_median(ns):
    # The page: Timer repeats until min_run_time (0.2 s) has passed and reports the median.
    measurement = ns["measurement"]
    total = sum(measurement.raw_times)  # each raw time covers number_per_run calls
    assert total >= 0.2
    # The median per call: each block's time divided by its number of calls.
    per_call = [t / measurement.number_per_run for t in measurement.raw_times]
    assert measurement.median == pytest.approx(statistics.median(per_call))
