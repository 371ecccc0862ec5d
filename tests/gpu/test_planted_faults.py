"""The CUDA tests' checks, run on the CPU with the fault each one exists to catch planted.

A GPU test that cannot fail proves nothing, and these checks only run on a GPU machine.
So each check is a function of its test module, and here it is given what a faulty GPU,
PyTorch build or snippet would produce (made on the CPU) and must fail, and what a
correct one produces and must pass."""

import importlib.util
import re
from pathlib import Path

import pytest
import torch

import fieldguide

ROOT = fieldguide.ROOT


def load(path: str):
    """A test module's functions, without collecting it as a test module."""
    spec = importlib.util.spec_from_file_location(f"_planted_{Path(path).stem}", ROOT / path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ----------------------------------------------- tests/gpu/test_devices_cuda.py


@pytest.fixture(scope="module")
def devices():
    return load("tests/gpu/test_devices_cuda.py")


def test_a_correct_conversion_passes(devices):
    x = devices.special_values()
    devices.assert_same_bits(x.to(torch.float64), x.double())


@pytest.mark.parametrize(
    ("index", "wrong"),
    [(0, 0.0), (3, 0.0), (4, 0.0), (5, 0.0), (1, 3.4e38)],
    ids=[
        "NaN lost",
        "-0.0 lost its sign",
        "subnormal flushed",
        "negative subnormal flushed",
        "inf clamped",
    ],
)
def test_a_conversion_that_mangles_a_special_value_fails(devices, index, wrong):
    x = devices.special_values()
    converted = x.double()
    converted[index] = wrong  # what a flush-to-zero or saturating kernel would give
    with pytest.raises(AssertionError, match=rf"differ at \[{index}\]"):
        devices.assert_same_bits(converted, x.double())


# ---------------------------------------------- tests/gpu/test_training_cuda.py


@pytest.fixture(scope="module")
def training():
    module = load("tests/gpu/test_training_cuda.py")
    module.BIG = 1 << 16  # the checks, not the size, are under test here
    return module


def test_a_copy_that_landed_passes(training):
    dst = torch.full((training.BIG,), training.SENTINEL, dtype=torch.int32)
    dst.copy_(training.data(33))
    training.assert_landed(dst, 33)


@pytest.mark.parametrize("landed", [0, 1, 2**15, 2**16 - 1], ids=lambda n: f"{n} landed")
def test_reading_before_the_copy_landed_fails(training, landed):
    # A sum queued before the copy (or an out-of-order copy) reads the sentinel in the
    # destination; a recycled block that held the same data cannot hide it, because no
    # earlier test used these values.
    dst = torch.full((training.BIG,), training.SENTINEL, dtype=torch.int32)
    dst[:landed] = training.data(33)[:landed]
    with pytest.raises(AssertionError):
        training.assert_landed(dst, 33)
    # The data of another test (an old block handed back) fails too.
    with pytest.raises(AssertionError):
        training.assert_landed(training.data(22), 33)


# -------------------------------------------- tests/deploy/test_profiling_cuda.py


@pytest.fixture(scope="module")
def profiling():
    return load("tests/deploy/test_profiling_cuda.py")


def test_asynchronous_launches_pass(profiling):
    profiling.assert_launches_return_early(launched_s=0.002, finished_s=0.2)


@pytest.mark.parametrize(
    ("launched_s", "finished_s"),
    [(0.19, 0.2), (0.09, 0.2), (0.001, 0.004)],
    ids=["synchronous launches", "launches waited for half", "too little work to tell"],
)
def test_synchronous_launches_fail(profiling, launched_s, finished_s):
    # CUDA_LAUNCH_BLOCKING=1, or a kernel that syncs: launched_s < finished_s still holds.
    assert launched_s < finished_s
    with pytest.raises(AssertionError):
        profiling.assert_launches_return_early(launched_s, finished_s)


# -------------------------------------------- tests/deploy/test_inference_cuda.py


@pytest.fixture(scope="module")
def inference():
    return load("tests/deploy/test_inference_cuda.py")


NBYTES = 3 * 2**20 + 4096  # a size no other tensor of the suite is likely to have


def test_freed_tensors_pass(inference):
    ns = {"x": torch.empty(NBYTES // 4)}
    del ns["x"]
    inference.assert_freed(ns, "cpu", NBYTES)


def test_a_tensor_kept_under_another_name_fails(inference):
    ns = {"x": torch.empty(NBYTES // 4)}
    ns["keep"] = ns["x"][1:]  # a view keeps the whole block alive
    del ns["x"]  # the name is gone, which is all the old test checked
    with pytest.raises(AssertionError, match="still alive"):
        inference.assert_freed(ns, "cpu", NBYTES)
    del ns["keep"]


# ------------------------------------- tests/practice/test_mixed_precision_cuda.py


@pytest.fixture(scope="module")
def mixed():
    return load("tests/practice/test_mixed_precision_cuda.py")


def run_on_cpu(fault: str = "") -> dict:
    """The snippet with CUDA replaced by the CPU (float16 autocast and GradScaler exist
    there too), 10 steps instead of 50, and optionally one line removed."""
    source = (ROOT / "snippets/practice/mixed_precision_cuda.py").read_text("utf-8")
    source = source.replace(
        'assert torch.cuda.is_available(), "this module needs a CUDA device"', ""
    )
    source = source.replace('"cuda"', '"cpu"').replace("range(50)", "range(10)")
    source = re.sub(r"assert scaler.get_scale\(\) > 1.*|assert losses\[-1\].*", "", source)
    if fault:
        assert fault in source
        source = source.replace(fault, "pass  # planted fault")
    ns = {"__name__": "mixed_precision_on_cpu"}
    exec(compile(source, "mixed_precision_cuda.py", "exec"), ns)
    return ns


def test_clipping_the_true_norm_passes(mixed):
    mixed.assert_clipped_the_true_norm(run_on_cpu())


def test_clipping_without_unscale_fails(mixed):
    ns = run_on_cpu(fault="scaler.unscale_(optimizer)")
    assert torch.isfinite(ns["total"])  # what the old test checked: still true
    with pytest.raises(AssertionError, match="clipped"):
        mixed.assert_clipped_the_true_norm(ns)


@pytest.mark.parametrize(
    ("scale", "fails"),
    [(2.0**16, False), (2.0**14, False), (1.0, True), (2.0**9, True), (3000.0, True)],
)
def test_the_scale_tells_how_many_steps_were_skipped(mixed, scale, fails):
    # 1.0: a disabled scaler; 2**9: 7 skipped steps; 3000: not a scaler's value at all.
    if fails:
        with pytest.raises(AssertionError):
            assert mixed.skipped_steps(scale) <= 5
    else:
        assert mixed.skipped_steps(scale) <= 5


def test_a_disabled_scaler_fails(mixed):
    ns = {"scaler": torch.amp.GradScaler("cpu", enabled=False), "losses": [1.0] * 50}
    assert ns["scaler"].get_scale() == 1.0
    with pytest.raises(AssertionError):
        mixed.assert_scaler_worked(ns)
