"""Facts behind docs/*/further/fsdp.md.

The module runs in a fresh interpreter (`# run: subprocess`). Its pieces are loaded here
under a non-main name (functions defined, nothing spawned) and checked; one real
two-process run (gloo, world size 2) then checks the sharded model against one process
and loads its checkpoint here, in a process with no process group.
"""

import os
import runpy
import signal
import subprocess
import sys

import pytest
import torch
import torch.distributed as dist
import torch.distributed.checkpoint as dcp
from torch import nn
from torch.utils.data import DistributedSampler

import fieldguide

MODULE = fieldguide.ROOT / "snippets" / "further" / "fsdp.py"
OUTER_TIMEOUT = 600  # init and every collective have their own 60 s timeout inside


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


@pytest.fixture(scope="module")
def two_processes(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("fsdp")
    proc = subprocess.Popen(
        [sys.executable, str(MODULE)],
        cwd=workdir,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "OMP_NUM_THREADS": "1"},
        start_new_session=True,  # a hang can be killed together with its children
    )
    try:
        out, err = proc.communicate(timeout=OUTER_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        pytest.fail(f"the FSDP run hung for {OUTER_TIMEOUT} s\n{err[-4000:]}")
    assert proc.returncode == 0, f"exit {proc.returncode}\n{err[-4000:]}"
    return workdir, out.splitlines()


def test_sharded_parameters_are_dtensors(two_processes):
    _, lines = two_processes
    assert lines[0] == "DTensor (Shard(dim=0),) (16, 4) -> this rank holds (8, 4)"


def test_same_loss_and_gradients_as_one_process(two_processes):
    _, lines = two_processes
    steps = [line for line in lines if line.startswith("step ")]
    assert len(steps) == 3
    for line in steps:
        fsdp_loss = line.split("loss ")[1].split(",")[0]
        one_loss = line.split("one process ")[1].split(",")[0]
        assert fsdp_loss == one_loss and line.endswith("same gradients True")


def test_checkpoint_loads_into_one_process(two_processes, fsdp):
    workdir, lines = two_processes
    assert not dist.is_initialized()
    checkpoint = workdir / "fsdp_checkpoint"
    assert sorted(p.name for p in checkpoint.iterdir()) == [
        ".metadata",
        "__0_0.distcp",
        "__1_0.distcp",
    ]
    model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 1))
    state = {"model": model.state_dict()}
    with pytest.warns(UserWarning, match="single process"):
        dcp.load(state, checkpoint_id=str(checkpoint), no_dist=True)
    model.load_state_dict(state["model"])
    expected = fsdp["train_one_process"]()
    for name, tensor in expected.state_dict().items():
        torch.testing.assert_close(model.state_dict()[name], tensor, rtol=1e-5, atol=1e-6)
    assert lines[-1] == "loaded equals one-process training: True"
