"""Facts behind docs/*/further/checkpointing.md, asserted on the snippet's variables."""

import pytest
import torch

import fieldguide

MiB = 2**20


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("further/checkpointing")


def test_same_weights_same_gradients(ns):
    plain, ckpt = ns["plain"], ns["ckpt"]
    for a, b in zip(plain.state_dict().values(), ckpt.state_dict().values(), strict=True):
        assert torch.equal(a, b)
    grads = ns["gradients"]
    for a, b in zip(grads(plain), grads(ckpt), strict=True):
        torch.testing.assert_close(a, b, rtol=1e-6, atol=0)
    assert ns["same"] is True


def test_checkpointed_blocks_run_twice(ns):
    assert ns["calls"] == {"plain": 6, "ckpt": 12}


def test_memory_kept_for_backward(ns):
    # Without checkpointing each block keeps its GELU input, its second Linear's input and
    # its Tanh output: 64 x (1024 + 1024 + 256) float32 values, for 6 blocks.
    activations = 6 * 64 * (1024 + 1024 + 256) * 4
    assert ns["plain_bytes"] >= 0.9 * activations
    # With it, only each block's input/output (64 x 256 floats) waits for backward.
    assert ns["ckpt_bytes"] <= 0.25 * ns["plain_bytes"]
    assert ns["ckpt_bytes"] >= 6 * 64 * 256 * 4 * 0.9
    assert abs(ns["plain_mib"] - ns["plain_bytes"] / MiB) < 1e-9


def test_times_were_measured(ns):
    assert ns["plain_s"] > 0 and ns["ckpt_s"] > 0
    assert len(ns["times"]["plain"]) == len(ns["times"]["ckpt"]) == 6
    assert ns["ratio"] == ns["ckpt_s"] / ns["plain_s"]
