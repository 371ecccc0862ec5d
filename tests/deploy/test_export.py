"""Facts behind docs/*/deploy/export.md: every exported form computes what the model does."""

import timeit

import numpy as np
import onnxruntime as ort
import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("deploy/export")


def test_loaded_program_matches_the_model(ns):
    x = torch.randn(11, 8)
    with torch.no_grad():
        expected = ns["model"](x)
    torch.testing.assert_close(ns["runnable"](x), expected)


def test_static_export_is_fixed_to_the_example(ns):
    with pytest.raises(AssertionError, match="Guard failed"):
        ns["fixed"](torch.randn(5, 8))


def test_onnxruntime_matches_torch(ns):
    np.testing.assert_allclose(ns["result"], ns["expected"].numpy(), rtol=1e-5, atol=1e-6)
    assert ns["difference"] < 1e-5
    # The ONNX graph kept the dynamic batch size: any batch runs.
    session = ns["session"]
    x = torch.randn(2, 8)
    (out,) = session.run(None, {"x": x.numpy()})
    with torch.no_grad():
        np.testing.assert_allclose(out, ns["model"](x).numpy(), rtol=1e-5, atol=1e-6)


def test_onnx_file_on_cpu_provider(ns):
    assert ns["session"].get_providers() == ["CPUExecutionProvider"]
    assert isinstance(ns["session"], ort.InferenceSession)


def test_exporting_costs_far_more_than_a_call(ns):
    # The page: tracing the whole model costs far more than running it. The first export in
    # a process takes seconds; a later one (modules already loaded, as when another page ran
    # first) still tens of milliseconds on a fast machine, while one call of this model takes
    # microseconds when the machine is idle. On a loaded machine short calls slow down the
    # most, so the margins below are wide; a time that was not really measured fails both.
    model, example = ns["model"], ns["example"]
    with torch.no_grad():
        one_call = min(timeit.repeat(lambda: model(example), number=10, repeat=5)) / 10
    for seconds in (ns["export_s"], ns["onnx_s"]):
        assert seconds > 0.01
        assert seconds > 3 * one_call
