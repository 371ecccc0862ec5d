"""FSDP2 and DTensor on the CPU: two processes (gloo) shard one model with fully_shard and
match one process step by step; DistributedSampler; a sharded checkpoint written with
torch.distributed.checkpoint and loaded back into one process (TOPICS Z4).

The CUDA version (NCCL, one GPU per process) is fsdp_cuda.py.

Run it alone: python snippets/further/fsdp.py   (writes fsdp_checkpoint/)
"""

# run: subprocess

# --8<-- [start:fsdp]
import gc
import os
import socket
from datetime import timedelta
from itertools import islice

import torch
import torch.distributed as dist
import torch.distributed.checkpoint as dcp
import torch.multiprocessing as mp
from torch import nn
from torch.distributed.checkpoint.state_dict import get_model_state_dict
from torch.distributed.fsdp import fully_shard
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset

WORLD_SIZE = 2
STEPS = 3
BATCH = 8  # per process: each step sees WORLD_SIZE * BATCH samples in all


def make_model():
    torch.manual_seed(0)  # every process starts from the same weights
    return nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 1))


def make_dataset():
    g = torch.Generator().manual_seed(0)
    x = torch.randn(64, 4, generator=g)
    y = x.sum(dim=1, keepdim=True) + 0.1 * torch.randn(64, 1, generator=g)
    return TensorDataset(x, y)


def global_batches(dataset, world_size):
    """What one process would train on: at each step, every rank's batch joined."""
    loaders = [
        DataLoader(dataset, batch_size=BATCH,
                   sampler=DistributedSampler(dataset, world_size, rank, shuffle=True, seed=0))
        for rank in range(world_size)
    ]
    for batches in zip(*loaders, strict=True):
        yield torch.cat([x for x, _ in batches]), torch.cat([y for _, y in batches])


def train_one_process(steps=STEPS):
    model, dataset = make_model(), make_dataset()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for x, y in islice(global_batches(dataset, WORLD_SIZE), steps):
        optimizer.zero_grad()
        nn.functional.mse_loss(model(x), y).backward()
        optimizer.step()
    return model


def worker(rank, world_size, checkpoint_dir):
    torch.set_num_threads(1)  # the processes share the CPU cores
    dist.init_process_group(
        "gloo", rank=rank, world_size=world_size,
        timeout=timedelta(seconds=60),  # fail with an error instead of hanging
    )
    try:
        train(rank, world_size, checkpoint_dir)
        # The sharded model and its tensors hold the process group, and FSDP's modules refer
        # to each other, so only the garbage collector frees them. Free them now: then
        # destroying the group stops gloo's threads here, not while Python shuts down
        # (where a thread still releasing a tensor aborts the process).
        gc.collect()
    finally:
        dist.destroy_process_group()


def train(rank, world_size, checkpoint_dir):
    """One process's share: shard, train STEPS steps beside one process, save."""
    model = make_model()
    for layer in model:
        if isinstance(layer, nn.Linear):
            fully_shard(layer)  # each Linear gathers its weights only while it runs
    fully_shard(model)  # the root: whatever is left
    weight = model[0].weight
    if rank == 0:
        print(type(weight).__name__, weight.placements, tuple(weight.shape),
              "-> this rank holds", tuple(weight.to_local().shape))

    dataset = make_dataset()
    sampler = DistributedSampler(dataset, world_size, rank, shuffle=True, seed=0)
    loader = DataLoader(dataset, batch_size=BATCH, sampler=sampler)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

    reference = make_model()  # the same model in one piece, fed every rank's batch
    ref_optimizer = torch.optim.SGD(reference.parameters(), lr=0.1)
    batches = global_batches(dataset, world_size)

    for step, (x, y) in enumerate(islice(loader, STEPS)):
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()  # gradients are reduce-scattered: averaged, then sharded
        mean_loss = loss.detach().clone()
        dist.all_reduce(mean_loss, op=dist.ReduceOp.AVG)

        ref_optimizer.zero_grad()
        all_x, all_y = next(batches)
        ref_loss = nn.functional.mse_loss(reference(all_x), all_y)
        ref_loss.backward()
        same = all(
            torch.allclose(p.grad.full_tensor(), r.grad, atol=1e-6)  # full_tensor gathers
            for p, r in zip(model.parameters(), reference.parameters(), strict=True)
        )
        assert same, f"step {step}: FSDP gradients differ from one process"
        optimizer.step()
        ref_optimizer.step()
        if rank == 0:
            print(f"step {step}: loss {mean_loss.item():.4f}, "
                  f"one process {ref_loss.item():.4f}, same gradients {same}")

    # Each rank writes its own shards, plus shared metadata, in parallel.
    dcp.save({"model": get_model_state_dict(model)}, checkpoint_id=checkpoint_dir)
    dist.barrier()  # every rank is done before any rank tears down


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))  # port 0: the OS picks a free one
        return s.getsockname()[1]


if __name__ == "__main__":
    os.environ["MASTER_ADDR"] = "127.0.0.1"  # loopback: this machine only
    os.environ["MASTER_PORT"] = str(free_port())
    checkpoint_dir = "fsdp_checkpoint"
    mp.spawn(worker, args=(WORLD_SIZE, checkpoint_dir), nprocs=WORLD_SIZE, join=True)

    print(sorted(os.listdir(checkpoint_dir)))
    # One process, no process group: load the shards into an ordinary model.
    model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 1))
    state = {"model": model.state_dict()}
    dcp.load(state, checkpoint_id=checkpoint_dir, no_dist=True)  # fills state in place
    model.load_state_dict(state["model"])
    expected = train_one_process()
    print("loaded equals one-process training:", all(
        torch.allclose(a, b, atol=1e-6)
        for a, b in zip(model.state_dict().values(), expected.state_dict().values(), strict=True)
    ))
#> DTensor (Shard(dim=0),) (16, 4) -> this rank holds (8, 4)
#> step 0: loss 2.1794, one process 2.1794, same gradients True
#> step 1: loss 4.2714, one process 4.2714, same gradients True
#> step 2: loss 1.4770, one process 1.4770, same gradients True
#> ['.metadata', '__0_0.distcp', '__1_0.distcp']
#> loaded equals one-process training: True
# --8<-- [end:fsdp]
