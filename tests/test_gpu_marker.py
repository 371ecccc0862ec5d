"""Where pytest cannot see CUDA, `gpu` tests are skipped with a clear reason, never
silently passed, and with FIELDGUIDE_REQUIRE_CUDA=1 (set by `nox -s gpu`) they are
errors, so a GPU run that never touched the GPU cannot come out green.

Each case runs the real gpu test file in a fresh pytest with every CUDA device hidden
(CUDA_VISIBLE_DEVICES=""), so it means the same on a machine with GPUs."""

import os
import subprocess
import sys

import fieldguide

TARGET = "tests/gpu/test_devices_cuda.py"


def run_gpu_tests(require_cuda: bool) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTEST_", "FIELDGUIDE_REQUIRE_CUDA"))
    }
    env["CUDA_VISIBLE_DEVICES"] = ""  # no device, whatever the machine has
    if require_cuda:
        env["FIELDGUIDE_REQUIRE_CUDA"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-m", "gpu", "-rsE", TARGET],
        cwd=fieldguide.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_gpu_tests_skip_without_cuda():
    result = run_gpu_tests(require_cuda=False)
    summary = result.stdout.strip().splitlines()[-1]
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "skipped" in summary and "passed" not in summary and "error" not in summary
    assert "needs a CUDA device" in result.stdout


def test_gpu_tests_error_when_cuda_is_required():
    result = run_gpu_tests(require_cuda=True)
    out = result.stdout + result.stderr
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    # Exit 1 (tests errored), not 0 (all skipped) and not 5 (nothing collected).
    assert result.returncode == 1, f"exit {result.returncode}\n{out[-3000:]}"
    assert "error" in summary and "passed" not in summary
    # The message names the flag and the reason, so the log explains itself.
    assert "FIELDGUIDE_REQUIRE_CUDA=1 but CUDA is not available" in out
    assert "torch.cuda.is_available() is False" in out
