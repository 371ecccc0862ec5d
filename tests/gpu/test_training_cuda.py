"""The CUDA blocks of docs/*/gpu/training.md: what the page claims about device
mismatches, pinned memory and non_blocking copies, each checked in a way that a GPU
(or a PyTorch build) behaving differently would fail."""

import pytest
import torch
from torch import nn

import fieldguide

pytestmark = pytest.mark.gpu

BIG = 64 * 2**20  # int32 elements: 256 MiB, several milliseconds over any host link


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("gpu/training_cuda")


def _keep_the_gpu_busy():
    """Queue a few milliseconds of work, so that a copy queued next cannot be done yet."""
    a = torch.randn(4096, 4096, device="cuda")
    for _ in range(8):
        a = a @ a
        a /= a.norm()
    return a


def test_the_loss_matches_the_cpu(ns):
    # The same model and batch on the CPU give the same loss: the GPU result is real.
    model_cpu = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 3))
    model_cpu.load_state_dict({k: v.cpu() for k, v in ns["model"].state_dict().items()})
    inputs, targets = ns["inputs"], ns["targets"]
    expected = nn.CrossEntropyLoss()(model_cpu(inputs), targets)
    got = nn.CrossEntropyLoss()(ns["model"](inputs.cuda()), targets.cuda())
    assert got.is_cuda
    torch.testing.assert_close(got.cpu(), expected, rtol=1e-5, atol=1e-6)


def test_device_to_host_non_blocking_returns_before_the_data(ns):
    # The hazard on the page: .to("cpu", non_blocking=True) hands back a pinned tensor
    # at once and fills it later. A PyTorch that copied synchronously would fail here.
    src = torch.arange(BIG, dtype=torch.int32, device="cuda")
    torch.cuda.synchronize()
    _keep_the_gpu_busy()
    on_host = src.to("cpu", non_blocking=True)
    copied = torch.cuda.Event()
    copied.record()
    assert on_host.is_pinned()
    assert not copied.query(), "the copy had already finished: it was not asynchronous"
    copied.synchronize()
    assert on_host[-1].item() == BIG - 1 and torch.equal(on_host, src.cpu())


def test_into_pageable_memory_non_blocking_is_synchronous():
    # Into ordinary (pageable) host memory, CUDA returns only once the data is there.
    src = torch.arange(BIG, dtype=torch.int32, device="cuda")
    torch.cuda.synchronize()
    dst = torch.empty(BIG, dtype=torch.int32)
    assert not dst.is_pinned()
    _keep_the_gpu_busy()
    dst.copy_(src, non_blocking=True)
    # No synchronize: the data must already be complete.
    assert dst[-1].item() == BIG - 1 and torch.equal(dst, torch.arange(BIG, dtype=torch.int32))


def test_host_to_device_from_pinned_memory_is_asynchronous_and_ordered(ns):
    # What the DataLoader's pinned batches allow: the call returns while the copy is
    # still queued, and work queued after it on the same stream sees the full data.
    host = torch.arange(BIG, dtype=torch.int32).pin_memory()
    torch.cuda.synchronize()
    _keep_the_gpu_busy()
    on_gpu = host.to("cuda", non_blocking=True)
    queued = torch.cuda.Event()
    queued.record()
    assert not queued.query(), "the host-to-device copy blocked the CPU"
    total = on_gpu.sum(dtype=torch.int64)  # queued behind the copy on the same stream
    assert total.item() == BIG * (BIG - 1) // 2
    # The snippet's pinned batches arrived whole.
    assert ns["x"].is_pinned() and torch.equal(ns["x_gpu"].cpu(), ns["x"])
