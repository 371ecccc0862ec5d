"""DistributedDataParallel: two processes train one model together (TOPIC G4).

Runs on the CPU with the gloo backend, and with NCCL, one GPU per process, where at
least two GPUs are visible. The printed results are the same on both.

Run it alone: python snippets/gpu/ddp.py
"""

# run: subprocess
# gpus: 2

# --8<-- [start:ddp]
import gc
import os
import socket
from datetime import timedelta

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch import nn
from torch.nn.parallel import DistributedDataParallel as DDP
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset

WORLD_SIZE = 2  # number of processes, one per GPU on a multi-GPU machine
EPOCHS = 2
TRUE_W = torch.tensor([[2.0, -1.0, 0.5]])


def make_dataset():
    # Every process builds the same data from the same seed; the sampler splits it.
    g = torch.Generator().manual_seed(0)
    x = torch.randn(256, 3, generator=g)
    y = x @ TRUE_W.T + 0.01 * torch.randn(256, 1, generator=g)
    return TensorDataset(x, y)


def train(rank, world_size, device):
    """One process's share of the training; returns what rank 0 reports."""
    torch.manual_seed(0)  # same start on every rank (DDP also copies rank 0's weights)
    model = nn.Linear(3, 1).to(device)
    # On a GPU, device_ids names the one GPU this process drives; on the CPU it is None.
    device_ids = [device.index] if device.type == "cuda" else None
    ddp_model = DDP(model, device_ids=device_ids)
    optimizer = torch.optim.SGD(ddp_model.parameters(), lr=0.2)
    loss_fn = nn.MSELoss()

    dataset = make_dataset()
    sampler = DistributedSampler(dataset, num_replicas=world_size, rank=rank, shuffle=True)
    loader = DataLoader(dataset, batch_size=16, sampler=sampler)  # no shuffle=: the sampler does it

    report = {"first_indices": [], "losses": []}
    for epoch in range(EPOCHS):
        sampler.set_epoch(epoch)  # a new shuffle each epoch, the same on every rank
        report["first_indices"].append(list(sampler)[:4])
        total = torch.zeros((), device=device)
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(ddp_model(x), y)
            loss.backward()  # DDP all-reduces (averages) the gradients across ranks here
            optimizer.step()
            total += loss.detach() * len(x)
        dist.all_reduce(total)  # sum the per-rank losses: the loss over the whole dataset
        report["losses"].append(total.item() / len(dataset))
    report["weight"] = model.weight.detach().cpu()
    return report


def worker(rank, world_size, use_cuda):
    """What each process runs; mp.spawn passes the rank as the first argument."""
    torch.set_num_threads(1)  # several processes share the CPU cores
    if use_cuda:
        device = torch.device("cuda", rank)
        torch.cuda.set_device(device)  # first: NCCL works on the current GPU
    else:
        device = torch.device("cpu")
    # MASTER_ADDR and MASTER_PORT come from the environment the parent set.
    dist.init_process_group(
        "nccl" if use_cuda else "gloo",
        rank=rank,
        world_size=world_size,
        timeout=timedelta(seconds=60),  # a wrong address or a stuck peer fails, not hangs
        device_id=device if use_cuda else None,  # NCCL: bind this process to its GPU now
    )
    try:
        report = train(rank, world_size, device)
        # Every process gathers every process's first indices (a collective call).
        shares = [None] * world_size
        dist.all_gather_object(shares, report["first_indices"])
        if rank == 0:
            for epoch in range(EPOCHS):
                print(f"epoch {epoch}: rank 0 starts with {shares[0][epoch]}, "
                      f"rank 1 with {shares[1][epoch]}")
            first, last = report["losses"][0], report["losses"][-1]
            print(f"loss fell from {first:.1f} to {last:.1f}")
            print("learned weight:", [round(w, 1) for w in report["weight"][0].tolist()])
        dist.barrier()  # no rank tears down while another still talks to it
        # Whatever training left in reference cycles may still hold tensors that gloo's
        # threads release: free it while the group is alive, not while Python shuts down
        # (where such a thread aborts the process).
        gc.collect()
    finally:
        dist.destroy_process_group()


def free_port():
    # Port 0 asks the OS for any free port on the loopback interface.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    use_cuda = torch.cuda.device_count() >= WORLD_SIZE
    os.environ["MASTER_ADDR"] = "127.0.0.1"  # this machine only
    os.environ["MASTER_PORT"] = str(free_port())
    mp.spawn(worker, args=(WORLD_SIZE, use_cuda), nprocs=WORLD_SIZE, join=True)
    print("all processes finished")
#> epoch 0: rank 0 starts with [172, 225, 47, 183], rank 1 with [55, 105, 214, 140]
#> epoch 1: rank 0 starts with [37, 88, 119, 247], rank 1 with [180, 157, 177, 162]
#> loss fell from 1.3 to 0.0
#> learned weight: [2.0, -1.0, 0.5]
#> all processes finished
# --8<-- [end:ddp]

# --8<-- [start:check]
def gradients_agree(model):
    """Call right after loss.backward(): True when every rank holds the same gradients.
    A debugging aid only: it adds one all_gather per step."""
    grads = torch.cat([p.grad.flatten() for p in model.parameters()])
    everyone = [torch.empty_like(grads) for _ in range(dist.get_world_size())]
    dist.all_gather(everyone, grads)
    return all(torch.equal(grads, other) for other in everyone)
# --8<-- [end:check]
