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


# A kernel that spins for this many GPU clock cycles: 0.1 s or more at any clock up to
# 2.7 GHz, whatever the GPU's speed, so the host has far more than scheduling noise (a few
# milliseconds) to get from the launch to the check that the work is not done yet.
BUSY_CYCLES = 2**28
SENTINEL = -1  # what a destination holds until a copy has really landed in it


def _keep_the_gpu_busy():
    """Queue 0.1 s or more of work, so that a copy queued next cannot be done yet."""
    torch.cuda._sleep(BUSY_CYCLES)


def data(offset: int) -> torch.Tensor:
    """BIG int32 values no earlier test used (a recycled block cannot hold them already)."""
    return torch.arange(BIG, dtype=torch.int32).mul_(3).add_(offset)


def data_sum(offset: int) -> int:
    return 3 * BIG * (BIG - 1) // 2 + offset * BIG


def assert_landed(tensor: torch.Tensor, offset: int) -> None:
    """Every element was copied: no sentinel left, the sum and both ends right."""
    assert tensor.numel() == BIG
    assert tensor[0].item() == offset and tensor[-1].item() == 3 * (BIG - 1) + offset
    assert tensor.sum(dtype=torch.int64).item() == data_sum(offset)


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
    src = data(11).cuda()
    torch.cuda.synchronize()
    _keep_the_gpu_busy()
    on_host = src.to("cpu", non_blocking=True)
    copied = torch.cuda.Event()
    copied.record()
    assert on_host.is_pinned()
    assert not copied.query(), "the copy had already finished: it was not asynchronous"
    copied.synchronize()
    assert_landed(on_host, 11)


def test_into_pageable_memory_non_blocking_is_synchronous():
    # Into ordinary (pageable) host memory, CUDA returns only once the data is there.
    src = data(22).cuda()
    torch.cuda.synchronize()
    dst = torch.full((BIG,), SENTINEL, dtype=torch.int32)
    assert not dst.is_pinned()
    _keep_the_gpu_busy()
    dst.copy_(src, non_blocking=True)
    # No synchronize: the data must already be complete, not the sentinel or part of it.
    assert_landed(dst, 22)


def test_host_to_device_from_pinned_memory_is_asynchronous_and_ordered(ns):
    # What the DataLoader's pinned batches allow: the call returns while the copy is
    # still queued, and work queued after it on the same stream sees the full data.
    host = data(33).pin_memory()
    # The destination holds the sentinel, so a sum that ran before the copy landed
    # (or while it was landing) comes out wrong.
    on_gpu = torch.full((BIG,), SENTINEL, dtype=torch.int32, device="cuda")
    torch.cuda.synchronize()
    _keep_the_gpu_busy()
    on_gpu.copy_(host, non_blocking=True)
    queued = torch.cuda.Event()
    queued.record()
    assert not queued.query(), "the host-to-device copy blocked the CPU"
    total = on_gpu.sum(dtype=torch.int64)  # queued behind the copy on the same stream
    assert total.item() == data_sum(33)
    # .to(non_blocking=True), as the page writes it, is ordered the same way.
    host = data(44).pin_memory()
    _keep_the_gpu_busy()
    moved = host.to("cuda", non_blocking=True)
    assert moved.sum(dtype=torch.int64).item() == data_sum(44)
    # The snippet's pinned batches arrived whole.
    assert ns["x"].is_pinned() and torch.equal(ns["x_gpu"].cpu(), ns["x"])
