"""Where pytest cannot see CUDA, `gpu` tests are skipped with a clear reason, never
silently passed, and with FIELDGUIDE_REQUIRE_CUDA=1 (set by `nox -s gpu`) they are
errors, so a GPU run that never touched the GPU cannot come out green.

Both cases run the real gpu test file in a fresh interpreter with every CUDA device hidden
(CUDA_VISIBLE_DEVICES=""), so they mean the same on a machine with GPUs: one interpreter,
one pytest session each."""

import importlib.util
import os
import re
import subprocess
import sys
import textwrap

import pytest
import torch

import fieldguide
from fieldguide import gpu
from fieldguide.testing import make_site

pytest_plugins = ["pytester"]

TARGET = "tests/gpu/test_devices_cuda.py"


# One fresh interpreter runs both sessions (CUDA is hidden before torch starts in it), the
# required one first; each prints its exit code on a line of its own after its output.
BOTH_RUNS = """
import os, sys, pytest
for required in (True, False):
    os.environ.pop("FIELDGUIDE_REQUIRE_CUDA", None)
    if required:
        os.environ["FIELDGUIDE_REQUIRE_CUDA"] = "1"
    code = int(pytest.main(sys.argv[1:]))
    for stream in (sys.stdout, sys.stderr):
        print(f"\\n@@ exit {code} @@", file=stream, flush=True)
"""


@pytest.fixture(scope="module")
def gpu_test_runs() -> dict[bool, subprocess.CompletedProcess]:
    """The real gpu test file in a fresh pytest with every CUDA device hidden, with and
    without FIELDGUIDE_REQUIRE_CUDA=1: {require_cuda: its exit code and output}."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTEST_", "FIELDGUIDE_REQUIRE_CUDA"))
    }
    env["CUDA_VISIBLE_DEVICES"] = ""  # no device, whatever the machine has
    args = ["-p", "no:cacheprovider", "-m", "gpu", "-rsE", TARGET]
    done = subprocess.run(
        [sys.executable, "-c", BOTH_RUNS, *args],
        cwd=fieldguide.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    outs = re.split(r"\n@@ exit (-?\d+) @@\n", done.stdout)
    errs = re.split(r"\n@@ exit -?\d+ @@\n", done.stderr)
    assert len(outs) == 5 and len(errs) == 3, done.stdout[-3000:] + done.stderr[-3000:]
    pairs = zip((True, False), outs[0:4:2], outs[1:4:2], errs[:2], strict=True)
    return {
        req: subprocess.CompletedProcess(args, int(code), out, err) for req, out, code, err in pairs
    }


def test_gpu_tests_skip_without_cuda(gpu_test_runs):
    result = gpu_test_runs[False]
    summary = result.stdout.strip().splitlines()[-1]
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "skipped" in summary and "passed" not in summary and "error" not in summary
    assert "needs a CUDA device" in result.stdout


def test_gpu_tests_error_when_cuda_is_required(gpu_test_runs):
    result = gpu_test_runs[True]
    out = result.stdout + result.stderr
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    # Exit 1 (tests errored), not 0 (all skipped) and not 5 (nothing collected).
    assert result.returncode == 1, f"exit {result.returncode}\n{out[-3000:]}"
    assert "error" in summary and "passed" not in summary
    # The message names the flag and the reason, so the log explains itself.
    assert "FIELDGUIDE_REQUIRE_CUDA=1 but CUDA is not available" in out
    assert "torch.cuda.is_available() is False" in out


# ------------------------------------------------ skips raised anywhere (pytester)
# These run pytest in this process on planted test files, with torch.cuda.is_available()
# patched to True where the run must believe it has a GPU: no GPU is needed to see what
# the plugin does with a skip.


PLANTED = """
import pytest
from fieldguide import gpu

@pytest.fixture
def needs_a_tool():
    pytest.skip("the tool is not on PATH")

@pytest.mark.gpu
def test_skips_inside():
    pytest.skip("nvidia-smi is not on PATH")

@pytest.mark.gpu
def test_skips_in_a_fixture(needs_a_tool):
    pass

@pytest.mark.gpu
@pytest.mark.skipif(True, reason="a condition at import")
def test_skipped_by_a_marker():
    pass

@pytest.mark.gpu
def test_needs_two_gpus():
    gpu.not_verified("multi-gpu", "needs 2 CUDA devices, found 1")

@pytest.mark.gpu
def test_runs():
    pass

def test_on_the_cpu_skips():
    pytest.skip("not a gpu test: a skip stays a skip")

@pytest.mark.gpu
@pytest.mark.xfail(reason="expected")
def test_expected_to_fail():
    raise AssertionError
"""


@pytest.fixture
def cuda_run(pytester, monkeypatch):
    """Run pytest in this process on the planted file, as `nox -s gpu` would on a GPU."""
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.delenv(gpu.ALLOW_MISSING, raising=False)
    pytester.makeini("[pytest]\nmarkers =\n    gpu: needs CUDA\n")
    pytester.makepyfile(test_planted=PLANTED)

    def run(*args, require=True):
        if require:
            monkeypatch.setenv(gpu.REQUIRE_CUDA, "1")
        else:
            monkeypatch.delenv(gpu.REQUIRE_CUDA, raising=False)
        return pytester.runpytest_inprocess("-p", "no:cacheprovider", "-rA", *args)

    return run


def test_every_skip_of_a_gpu_test_is_an_error_when_cuda_is_required(cuda_run):
    result = cuda_run()
    # inside the test, in a fixture, by a marker: errors; the CPU test's skip stays one.
    # The gpu test's xfail fails too (tests/gpu/test_gpu_run.py has every kind of xfail).
    result.assert_outcomes(passed=1, failed=2, errors=2, skipped=2)
    out = result.stdout.str()
    for name in ("test_skips_inside", "test_skips_in_a_fixture", "test_skipped_by_a_marker"):
        assert f"test_planted.py::{name}" in out
    result.stdout.fnmatch_lines(["*a skip of a test that takes a CUDA path is an error*"])
    result.stdout.fnmatch_lines(["*Skipped (call): nvidia-smi is not on PATH*"])
    result.stdout.fnmatch_lines(["*Skipped (setup): the tool is not on PATH*"])
    result.stdout.fnmatch_lines(["*SKIPPED*not a gpu test: a skip stays a skip*"])
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_a_named_requirement_is_listed_as_not_verified_and_fails_the_run(cuda_run):
    result = cuda_run("-k", "two_gpus or runs")
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(
        [
            "*= NOT VERIFIED =*",
            "NOT VERIFIED [[]multi-gpu[]] test_planted.py::test_needs_two_gpus: "
            "needs 2 CUDA devices, found 1",
            "*lacks what the tests above need (multi-gpu: 2 or more CUDA devices)*"
            "--allow-missing=multi-gpu*",
        ]
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED  # no failed test, still not green


def test_allow_missing_accepts_the_gap_but_still_lists_it(cuda_run, monkeypatch):
    monkeypatch.setenv(gpu.ALLOW_MISSING, "multi-gpu")
    result = cuda_run("-k", "two_gpus or runs")
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(["NOT VERIFIED [[]multi-gpu[]] (allowed missing) *two_gpus*"])
    assert result.ret == pytest.ExitCode.OK


def test_an_unknown_requirement_is_a_usage_error(cuda_run, monkeypatch):
    monkeypatch.setenv(gpu.ALLOW_MISSING, "multi-gpus")
    result = cuda_run("-k", "runs")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    with pytest.raises(ValueError, match="unknown requirement"):
        gpu.not_verified("two-gpus", "a typo must not become a silent skip")


def test_without_the_flag_skips_stay_skips(cuda_run):
    result = cuda_run(require=False)
    result.assert_outcomes(passed=1, skipped=5, xfailed=1)
    assert result.ret == pytest.ExitCode.OK
    assert "NOT VERIFIED =" not in result.stdout.str()


def _real_test_module(path: str):
    spec = importlib.util.spec_from_file_location("_real_devices_cuda", fieldguide.ROOT / path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_mig_slice_is_reported_not_passed(monkeypatch):
    # The real test, on a CPU made to look like one MIG slice: it used to return early
    # (a pass); now it names what it could not check.
    devices = _real_test_module("tests/gpu/test_devices_cuda.py")
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda index=0: "NVIDIA H100 MIG 1g.10gb")
    # Its first check asks a fresh interpreter (torch imported again) what it sees with
    # every device hidden: nothing, on this CPU as on a GPU. That answer, without the
    # interpreter; the check past the MIG question (naming a device) is not answered.
    monkeypatch.setattr(devices, "_visible_in_child", lambda mask: [] if mask == "" else None)
    monkeypatch.delenv("CUDA_VISIBLE_DEVICES", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"NOT VERIFIED \[whole-gpu\]: cuda:0 is a MIG"):
        devices.test_devices_agree_with_cuda_visible_devices({"count": 1})


def test_missing_nvidia_smi_fails_a_required_run(pytester, monkeypatch):
    # The real nvidia-smi test, with a PATH that has no nvidia-smi, in a run that believes
    # it has CUDA: its skip becomes an error.
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setenv(gpu.REQUIRE_CUDA, "1")
    monkeypatch.setenv("PATH", str(pytester.path))
    pytester.makeini("[pytest]\nmarkers =\n    gpu: needs CUDA\n")
    real = fieldguide.ROOT / "tests/gpu/test_devices_cuda.py"
    pytester.makepyfile(
        test_smi=textwrap.dedent(
            f"""
            import importlib.util
            spec = importlib.util.spec_from_file_location("real", {str(real)!r})
            real = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(real)
            pytestmark = real.pytestmark

            def test_smi():
                real.test_devices_agree_with_nvidia_smi({{"count": 1}})
            """
        )
    )
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*Skipped (call): nvidia-smi is not on PATH*"])


# ------------------------------------------------ unmarked CUDA branches are collected

CUDA_BRANCH_SNIPPET = """\
# --8<-- [start:hello]
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
print(1 + 1)
#> 2
# --8<-- [end:hello]

# --8<-- [start:bye]
print("bye")
#> bye
# --8<-- [end:bye]
"""


def test_code_with_a_cuda_branch_is_collected_for_the_gpu_run(pytester):
    make_site(
        pytester.path,
        {
            "snippets/part/demo.py": CUDA_BRANCH_SNIPPET,
            "snippets/part/plain.py": "print(1)\n#> 1\n",
            "tests/part/test_demo.py": "def test_demo():\n    pass\n",
            "tests/part/test_plain.py": "def test_plain():\n    pass\n",
        },
    )
    result = pytester.runpytest_inprocess(
        "-p",
        "no:cacheprovider",
        "--collect-only",
        "-q",
        "-m",
        "gpu or cuda_path",
        "docs/zh",
        "tests",
    )
    assert sorted(line for line in result.outlines if "::" in line) == [
        "docs/zh/part/demo.md::demo.md:11",  # a later block: same namespace, same device
        "docs/zh/part/demo.md::demo.md:7",
        "tests/part/test_demo.py::test_demo",
    ]
