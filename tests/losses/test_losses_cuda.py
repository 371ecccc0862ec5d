"""The CUDA fact of docs/*/losses/losses.md (run by `nox -s gpu`)."""

import subprocess
import sys

import pytest

pytestmark = pytest.mark.gpu

# A device-side assertion leaves the CUDA context unusable, so it runs in its own process.
OUT_OF_BOUNDS = """
import torch
import torch.nn.functional as F
F.cross_entropy(torch.zeros(2, 2, device="cuda"), torch.tensor([0, 2], device="cuda"))
torch.cuda.synchronize()
"""


def test_out_of_bounds_target_is_a_device_side_assert_on_cuda():
    # The page: on the CPU "Target ... is out of bounds", on a CUDA GPU a device-side assert.
    run = subprocess.run(
        [sys.executable, "-c", OUT_OF_BOUNDS], capture_output=True, text=True, timeout=300
    )
    assert run.returncode != 0
    assert "device-side assert triggered" in run.stderr
    assert "is out of bounds" not in run.stderr
