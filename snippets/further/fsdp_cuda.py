"""FSDP2 on GPUs (TOPICS Z4): what changes from the CPU version fsdp.py: the nccl backend,
one GPU per process, device_id, and parameters sharded on the GPUs. Facts stated as asserts.

Runs only where CUDA is available (the test suite runs it under `nox -s gpu`), with two
processes where two GPUs are visible and one otherwise.

Run it alone: python snippets/further/fsdp_cuda.py
"""

# requires: cuda
# run: subprocess
# gpus: 2

# --8<-- [start:cuda]
import os
import socket
from datetime import timedelta

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch import nn
from torch.distributed.fsdp import fully_shard
from torch.distributed.tensor import DTensor


def worker(rank, world_size):
    device = torch.device("cuda", rank)
    torch.cuda.set_device(device)  # first: NCCL works on the current GPU
    dist.init_process_group(
        "nccl", rank=rank, world_size=world_size,
        timeout=timedelta(seconds=60),
        device_id=device,  # bind this process to its GPU now, not at the first collective
    )
    try:
        torch.manual_seed(0)
        model = nn.Sequential(nn.Linear(64, 256), nn.ReLU(), nn.Linear(256, 1)).to(device)
        reference = nn.Sequential(nn.Linear(64, 256), nn.ReLU(), nn.Linear(256, 1)).to(device)
        reference.load_state_dict(model.state_dict())
        for layer in model:
            if isinstance(layer, nn.Linear):
                fully_shard(layer)
        fully_shard(model)
        weight = model[0].weight
        assert isinstance(weight, DTensor) and weight.to_local().device == device
        assert weight.to_local().shape == (256 // world_size, 64)

        g = torch.Generator(device=device).manual_seed(rank)  # each rank its own batch
        x = torch.randn(8, 64, device=device, generator=g)
        y = x.sum(dim=1, keepdim=True)
        nn.functional.mse_loss(model(x), y).backward()

        # One process on the union of the batches gives the same (averaged) gradients.
        xs = [torch.empty_like(x) for _ in range(world_size)]
        dist.all_gather(xs, x)
        all_x = torch.cat(xs)
        nn.functional.mse_loss(reference(all_x), all_x.sum(dim=1, keepdim=True)).backward()
        for p, r in zip(model.parameters(), reference.parameters(), strict=True):
            torch.testing.assert_close(p.grad.full_tensor(), r.grad, rtol=1e-4, atol=1e-5)
    finally:
        dist.destroy_process_group()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    assert torch.cuda.is_available(), "this module needs a CUDA device"
    world_size = min(2, torch.cuda.device_count())  # one process per GPU
    os.environ["MASTER_ADDR"] = "127.0.0.1"
    os.environ["MASTER_PORT"] = str(free_port())
    mp.spawn(worker, args=(world_size,), nprocs=world_size, join=True)
# --8<-- [end:cuda]
