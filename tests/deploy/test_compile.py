"""Facts behind docs/*/deploy/compile.md. Timings vary, so they are not asserted: what
must hold is that compiled code computes what eager code computes."""

import os
import shutil

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("deploy/compile")


def test_one_graph_per_new_shape_then_symbolic(ns):
    # The list was cleared before the graph-break demo, which captured two pieces.
    assert len(ns["graphs"]) == 2
    x = torch.linspace(-3, 3, 7)
    torch.testing.assert_close(ns["captured"](x), ns["scaled_gelu"](x))


def test_backend_follows_the_compiler(ns):
    expected = shutil.which(os.environ.get("CXX", "g++"))
    assert ns["compiler"] == expected
    assert ns["backend"] == ("inductor" if expected else "aot_eager")


def test_compiled_pointwise_equals_eager(ns):
    torch.testing.assert_close(ns["compiled_out"], ns["eager_out"])


def test_compiled_tiny_model_equals_eager(ns):
    torch.testing.assert_close(ns["tiny_compiled_out"], ns["tiny_eager_out"])


def test_timings_were_measured(ns):
    for name in ("compile_s", "eager_step", "compiled_step", "tiny_compile_s"):
        assert ns[name] > 0
    # The first call includes capturing and compiling: slower than a steady-state call.
    assert ns["compile_s"] > ns["compiled_step"]


def test_inductor_generated_code(ns):
    if ns["backend"] != "inductor":
        pytest.skip("no C++ compiler ($CXX or g++) found: inductor cannot build CPU kernels")
    # Compiling again (same graph, same shape) reuses the C++ built for the snippet.
    fn = torch.compile(ns["pointwise"], options=ns["options"])
    try:
        torch.testing.assert_close(fn(ns["big"]), ns["eager_out"])
    finally:
        torch._dynamo.reset()
