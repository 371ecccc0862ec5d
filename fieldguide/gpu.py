"""The GPU half of the pytest plugin (registered by fieldguide.plugin).

- ``gpu``-marked items are skipped where CUDA is missing, or fail when
  ``FIELDGUIDE_REQUIRE_CUDA=1`` (so ``nox -s gpu`` cannot pass without running them).
"""

from __future__ import annotations

import os

import pytest

REQUIRE_CUDA = "FIELDGUIDE_REQUIRE_CUDA"


def _cuda_available() -> bool:
    import torch

    return torch.cuda.is_available()


def pytest_collection_modifyitems(config, items):
    gpu_items = [item for item in items if item.get_closest_marker("gpu")]
    if not gpu_items or _cuda_available():
        return
    if os.environ.get(REQUIRE_CUDA) == "1":
        return  # they fail in setup, see pytest_runtest_setup
    skip = pytest.mark.skip(reason="needs a CUDA device: torch.cuda.is_available() is False")
    for item in gpu_items:
        item.add_marker(skip)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if (
        os.environ.get(REQUIRE_CUDA) == "1"
        and item.get_closest_marker("gpu")
        and not _cuda_available()
    ):
        raise pytest.fail.Exception(
            f"{REQUIRE_CUDA}=1 but CUDA is not available: torch.cuda.is_available() is False, "
            "so this gpu test cannot run (run `nox -s gpu` on a machine with a CUDA device)",
            pytrace=False,
        )
