"""Facts behind docs/*/further/fsdp.md.

The module runs in a fresh interpreter (`# run: subprocess`): the pages run the two-process
program (gloo, world size 2), whose asserts compare every step's gradients with one process
and whose `#>` lines are checked there. Here its pieces are loaded under a non-main name
(functions defined, nothing spawned) and checked, and the same FSDP and checkpoint calls run
in this process as a group of one, so no third two-process run is needed.
"""

import runpy
from datetime import timedelta
from itertools import islice

import pytest
import torch
import torch.distributed as dist
import torch.distributed.checkpoint as dcp
from torch import nn
from torch.distributed.checkpoint.state_dict import get_model_state_dict
from torch.distributed.fsdp import fully_shard
from torch.distributed.tensor import DTensor
from torch.utils.data import DistributedSampler

import fieldguide

MODULE = fieldguide.ROOT / "snippets" / "further" / "fsdp.py"


@pytest.fixture(scope="module")
def fsdp():
    return runpy.run_path(str(MODULE), run_name="fsdp_pieces")


def test_sampler_gives_each_rank_its_own_half(fsdp):
    dataset = fsdp["make_dataset"]()
    shares = [list(DistributedSampler(dataset, 2, rank, shuffle=True, seed=0)) for rank in (0, 1)]
    assert len(shares[0]) == len(shares[1]) == 32
    assert sorted(shares[0] + shares[1]) == list(range(64))


def test_one_process_sees_every_rank_s_batch(fsdp):
    batches = list(fsdp["global_batches"](fsdp["make_dataset"](), 2))
    assert len(batches) == 4 and all(x.shape == (16, 4) and y.shape == (16, 1) for x, y in batches)
    a = fsdp["train_one_process"]()
    b = fsdp["train_one_process"]()
    for p, q in zip(a.parameters(), b.parameters(), strict=True):
        assert torch.equal(p, q)  # seeded: the reference is the same every time
    assert not torch.equal(a[0].weight, fsdp["make_model"]()[0].weight)  # and it trained


def test_sharded_checkpoint_round_trip_in_one_process(fsdp, tmp_path):
    """The page's program runs with two processes (its `#>` lines and its asserts are checked
    where the page runs); here the same calls run in this process as a group of one: a
    fully_shard model trained like the reference, saved with DCP, loaded without a group."""
    assert not dist.is_initialized()
    store = dist.HashStore()
    dist.init_process_group(
        "gloo", store=store, rank=0, world_size=1, timeout=timedelta(seconds=60)
    )
    try:
        model = fsdp["make_model"]()
        for layer in model:
            if isinstance(layer, nn.Linear):
                fully_shard(layer)
        fully_shard(model)
        assert isinstance(model[0].weight, DTensor)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        # One rank: its batches are the global batches of a one-process world.
        for x, y in islice(fsdp["global_batches"](fsdp["make_dataset"](), 1), fsdp["STEPS"]):
            optimizer.zero_grad()
            nn.functional.mse_loss(model(x), y).backward()
            optimizer.step()
        dcp.save({"model": get_model_state_dict(model)}, checkpoint_id=str(tmp_path))
    finally:
        dist.destroy_process_group()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".metadata", "__0_0.distcp"]

    plain = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 1))
    state = {"model": plain.state_dict()}
    with pytest.warns(UserWarning, match="single process"):
        dcp.load(state, checkpoint_id=str(tmp_path), no_dist=True)
    plain.load_state_dict(state["model"])
    # The reference trained on the same batches, one process, no FSDP at all.
    expected = fsdp["make_model"]()
    optimizer = torch.optim.SGD(expected.parameters(), lr=0.1)
    for x, y in islice(fsdp["global_batches"](fsdp["make_dataset"](), 1), fsdp["STEPS"]):
        optimizer.zero_grad()
        nn.functional.mse_loss(expected(x), y).backward()
        optimizer.step()
    for name, tensor in expected.state_dict().items():
        torch.testing.assert_close(plain.state_dict()[name], tensor, rtol=1e-5, atol=1e-6)


def test_the_page_shows_both_processes_agreeing():
    # What the two-process run must print; the page run compares it line by line.
    text = MODULE.read_text("utf-8")
    shown = [line[3:] for line in text.splitlines() if line.startswith("#> ")]
    assert shown[0] == "DTensor (Shard(dim=0),) (16, 4) -> this rank holds (8, 4)"
    steps = [line for line in shown if line.startswith("step ")]
    assert len(steps) == 3
    for line in steps:
        fsdp_loss = line.split("loss ")[1].split(",")[0]
        one_loss = line.split("one process ")[1].split(",")[0]
        assert fsdp_loss == one_loss and line.endswith("same gradients True")
    assert shown[-2:] == [
        "['.metadata', '__0_0.distcp', '__1_0.distcp']",
        "loaded equals one-process training: True",
    ]
