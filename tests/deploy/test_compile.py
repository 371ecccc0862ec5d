"""Facts behind docs/*/deploy/compile.md: compiled code computes what eager code computes,
and the timings keep the order the page describes (their exact values vary)."""

import math
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


def test_first_call_pays_for_compiling(ns):
    # The first call captures, generates and compiles code: it costs many ordinary calls
    # (seconds against milliseconds or microseconds on the page). A factor of 5 leaves room
    # for a loaded machine, where short calls slow down far more than the long first one.
    assert ns["compile_s"] > 5 * max(ns["eager_step"], ns["compiled_step"])
    assert ns["tiny_compile_s"] > 5 * max(ns["tiny_eager_step"], ns["tiny_compiled_step"])


def test_break_even_is_first_call_over_time_saved(ns):
    saved = ns["eager_step"] - ns["compiled_step"]
    assert ns["saved"] == saved
    assert ns["break_even"] == pytest.approx(ns["compile_s"] / saved)
    if ns["backend"] != "inductor":
        pytest.skip("aot_eager does not fuse kernels: no per-call saving is promised")
    from torch._inductor.cpu_vec_isa import pick_vec_isa

    if not pick_vec_isa():  # ATEN_CPU_CAPABILITY=default (nox -s portability), or no SIMD
        pytest.skip("inductor writes scalar loops without a SIMD instruction set: no speed-up")
    # Fusing six kernels into one vectorised loop makes each later call faster, so the first
    # call is paid back after a finite number of calls.
    # (How much faster depends on the SIMD width and the threads: 10% with AVX2 and one
    # thread, more with AVX-512; faster at all is the claim.)
    assert ns["compiled_step"] < ns["eager_step"]
    # How many calls depends on the machine (compile time over a saving of a few percent
    # can run to thousands of calls): finite, and more than one, is the property.
    assert 1 < ns["break_even"] < math.inf


def test_inductor_generated_code(ns):
    if ns["backend"] != "inductor":
        pytest.skip("no C++ compiler ($CXX or g++) found: inductor cannot build CPU kernels")
    # Compiling again (same graph, same shape) reuses the C++ built for the snippet.
    fn = torch.compile(ns["pointwise"], options=ns["options"])
    try:
        torch.testing.assert_close(fn(ns["big"]), ns["eager_out"])
    finally:
        torch._dynamo.reset()
