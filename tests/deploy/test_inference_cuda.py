"""Facts behind the CUDA blocks of docs/*/deploy/inference.md (run by `nox -s gpu`)."""

import gc

import pytest
import torch

import fieldguide

pytestmark = pytest.mark.gpu

MiB = 2**20


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("deploy/inference_cuda")


def live_tensors(device_type: str, nbytes: int) -> list[torch.Tensor]:
    """Every tensor still alive in this process on ``device_type`` holding ``nbytes``."""
    gc.collect()
    found = []
    for obj in gc.get_objects():
        try:
            if isinstance(obj, torch.Tensor) and obj.device.type == device_type:
                if obj.untyped_storage().nbytes() == nbytes:
                    found.append(obj)
        except Exception:  # noqa: BLE001 - an object that cannot be inspected
            continue
    return found


def assert_freed(namespace: dict, device_type: str, nbytes: int) -> None:
    # `del x` removes a name; the memory comes back only if nothing else holds the tensor
    # (another name, a list, a view). So look for the memory, not for the name.
    assert "x" not in namespace and "y" not in namespace
    alive = live_tensors(device_type, nbytes)
    assert not alive, f"{len(alive)} tensor(s) of {nbytes // MiB} MiB still alive"


def test_inference_mode_needs_less_memory(ns):
    assert ns["peak_inference"] < ns["peak_training"]
    assert ns["peak_training"] >= 7 * ns["activation"]
    assert ns["peak_inference"] <= 3 * ns["activation"]


def test_tensors_were_freed(ns):
    # x and y were the only 256 MiB tensors of the page; nothing else keeps them alive.
    assert_freed(ns, "cuda", 256 * MiB)
    assert ns["reserved_before"] >= 256 * MiB
