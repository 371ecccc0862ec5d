"""Facts behind docs/*/gpu/ddp.md.

The module runs in a fresh interpreter (`# run: subprocess`), so its namespace is empty
here: we load it under a non-main name, which defines its functions without spawning,
and test those pieces in this process.
"""

import runpy
import socket

import pytest
import torch
import torch.distributed as dist
from torch.utils.data import DistributedSampler

import fieldguide


@pytest.fixture(scope="module")
def ddp():
    return runpy.run_path(str(fieldguide.ROOT / "snippets/gpu/ddp.py"), run_name="ddp_pieces")


def test_every_process_builds_the_same_data(ddp):
    a, b = ddp["make_dataset"](), ddp["make_dataset"]()
    assert len(a) == 256
    assert all(torch.equal(s, t) for s, t in zip(a.tensors, b.tensors, strict=True))


def test_sampler_splits_and_reshuffles_as_printed(ddp):
    dataset = ddp["make_dataset"]()
    samplers = [DistributedSampler(dataset, num_replicas=2, rank=r, shuffle=True) for r in (0, 1)]
    orders = {}
    for epoch in (0, 1):
        for rank, sampler in enumerate(samplers):
            sampler.set_epoch(epoch)
            orders[epoch, rank] = list(sampler)
        # The two ranks see disjoint halves that cover the dataset.
        assert len(orders[epoch, 0]) == len(orders[epoch, 1]) == 128
        assert sorted(orders[epoch, 0] + orders[epoch, 1]) == list(range(256))
    assert orders[0, 0] != orders[1, 0]  # set_epoch changed the shuffle
    # The first indices printed on the page.
    assert orders[0, 0][:4] == [172, 225, 47, 183] and orders[0, 1][:4] == [55, 105, 214, 140]
    assert orders[1, 0][:4] == [37, 88, 119, 247] and orders[1, 1][:4] == [180, 157, 177, 162]


def test_free_port_is_a_loopback_port(ddp):
    port = ddp["free_port"]()
    assert 0 < port < 65536
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))  # still free to use


def test_train_in_a_one_process_gloo_group(ddp, monkeypatch):
    assert not dist.is_initialized()
    monkeypatch.setenv("MASTER_ADDR", "127.0.0.1")
    monkeypatch.setenv("MASTER_PORT", str(ddp["free_port"]()))
    dist.init_process_group("gloo", rank=0, world_size=1)
    try:
        report = ddp["train"](0, 1, torch.device("cpu"))
    finally:
        dist.destroy_process_group()
    assert len(report["losses"]) == ddp["EPOCHS"] == 2
    assert report["losses"][-1] < report["losses"][0] / 10
    torch.testing.assert_close(report["weight"], ddp["TRUE_W"], atol=0.05, rtol=0)
    assert [len(first) for first in report["first_indices"]] == [4, 4]
