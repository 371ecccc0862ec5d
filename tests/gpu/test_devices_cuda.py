"""Facts behind the CUDA blocks of docs/*/gpu/devices.md (run by `nox -s gpu`)."""

import pytest
import torch

import fieldguide

pytestmark = pytest.mark.gpu


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("gpu/devices_cuda")


def test_device_query(ns):
    assert ns["count"] == torch.cuda.device_count() >= 1
    assert ns["name"] == torch.cuda.get_device_name(0)


def test_cuda_and_cpu_shortcuts(ns):
    assert ns["g"].is_cuda and ns["x"].device.type == "cpu"
    assert ns["back"].dtype == torch.float64 and ns["back"].device.type == "cpu"
    assert ns["ones"].is_cuda and ns["ones"].shape == ns["x"].shape


def test_model_went_back_to_the_cpu(ns):
    assert all(p.device.type == "cpu" for p in ns["model"].parameters())
    assert ns["on_gpu"].is_cuda and ns["on_gpu"].shape == (2, 2)
    assert "Expected all tensors to be on the same device" in ns["message"]
