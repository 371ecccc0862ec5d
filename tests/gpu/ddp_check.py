"""Two processes, two different shares of data: does DDP really average the gradients?

Run by tests/gpu/test_ddp.py as a script (mp.spawn needs a real __main__ module):

    python tests/gpu/ddp_check.py gloo|nccl OUT_DIR [WORLD_SIZE]

With two ranks, each process runs the page's own ``worker()`` (snippets/gpu/ddp.py): gloo
on the CPU, or NCCL with one GPU per process, as the page does where two GPUs are visible.
Only its ``train`` is wrapped, to record what the test compares. WORLD_SIZE 1 checks NCCL
on a machine with one GPU (the page's worker prints rank 1's share, so it needs two): the
process group, its bound device, a collective and the page's train() on that GPU.

Each rank writes OUT_DIR/rank<k>.json with
- the gradient of its own batch alone (no DDP) and the gradient DDP left after backward,
  in float64, so the test can compare DDP's result with the mean of the local ones;
- the report of the page's own train() run in this process group, and the device its
  parameters and gradients were on.
Rank 0's stdout is the page's printed lines.

Every collective has a 60 s timeout (the page's own): a broken NCCL or gloo setup fails
with its own error message well before the test's outer timeout.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from datetime import timedelta
from pathlib import Path

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch import nn
from torch.nn.parallel import DistributedDataParallel as DDP

ROOT = Path(__file__).resolve().parents[2]
SNIPPET = ROOT / "snippets" / "gpu" / "ddp.py"


def load_snippet() -> dict:
    """The page's module under a non-main name: its functions, without its main block.
    Its functions read their globals from this dict, so a name replaced here is what the
    page's worker() calls."""
    namespace = {"__name__": "ddp_pieces", "__file__": str(SNIPPET)}
    exec(compile(SNIPPET.read_text("utf-8"), str(SNIPPET), "exec"), namespace)
    return namespace


def flat_grads(grads) -> list[float]:
    return torch.cat([g.detach().flatten() for g in grads]).cpu().tolist()


def averaging(rank: int, device: torch.device, snippet: dict) -> dict:
    torch.manual_seed(0)  # the same start on both ranks
    model = nn.Linear(3, 1).to(device=device, dtype=torch.float64)
    loss_fn = nn.MSELoss()
    # Different data on each rank, so the local gradients differ.
    g = torch.Generator().manual_seed(100 + rank)
    x = torch.randn(16, 3, generator=g, dtype=torch.float64).to(device)
    y = torch.randn(16, 1, generator=g, dtype=torch.float64).to(device)
    local = torch.autograd.grad(loss_fn(model(x), y), list(model.parameters()))
    ddp_model = DDP(model, device_ids=[device.index] if device.type == "cuda" else None)
    loss_fn(ddp_model(x), y).backward()
    result = {
        "local_grad": flat_grads(local),
        "ddp_grad": flat_grads(p.grad for p in model.parameters()),
        "grad_device": str(next(model.parameters()).grad.device),
    }
    # The page's debugging aid must agree with what we see here.
    result["gradients_agree"] = snippet["gradients_agree"](model)
    del ddp_model
    return result


def bound_device() -> str | None:
    """The device the default process group was bound to by init_process_group(device_id=)."""
    group = dist.distributed_c10d._get_default_group()
    bound = getattr(group, "bound_device_id", None)
    return None if bound is None else str(bound)


def recording_train(snippet: dict, out_dir: str):
    """The page's train(), with what the test checks recorded around it."""
    page_train = snippet["train"]

    def train(rank, world_size, device):
        result = {"rank": rank, "world_size": world_size, "backend": dist.get_backend()}
        result["device"], result["bound_device"] = str(device), bound_device()
        # One collective on this rank's device: with NCCL it runs on that GPU.
        ones = torch.ones(4, device=device) * (rank + 1)
        dist.all_reduce(ones)
        result["all_reduce"] = ones.tolist()
        if device.type == "cuda":
            result["current_device"] = torch.cuda.current_device()
        result.update(averaging(rank, device, snippet))
        report = page_train(rank, world_size, device)
        result["losses"] = report["losses"]
        result["weight"] = report["weight"].flatten().tolist()
        result["first_indices"] = report["first_indices"]
        Path(out_dir, f"rank{rank}.json").write_text(json.dumps(result), "utf-8")
        return report

    return train


def worker(rank: int, backend: str, out_dir: str, world_size: int) -> None:
    snippet = load_snippet()
    snippet["train"] = recording_train(snippet, out_dir)
    if world_size > 1:
        snippet["worker"](rank, world_size, backend == "nccl")  # the page's own worker
        return
    # One rank on one GPU: the page's worker, less its two-rank printing.
    device = torch.device("cuda", rank)
    torch.cuda.set_device(device)
    dist.init_process_group(
        backend, rank=rank, world_size=1, timeout=timedelta(seconds=60), device_id=device
    )
    try:
        snippet["train"](rank, 1, device)
    finally:
        dist.destroy_process_group()


def main() -> None:
    backend, out_dir = sys.argv[1], sys.argv[2]
    world_size = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    if backend not in ("gloo", "nccl"):
        sys.exit(f"unknown backend {backend!r}: use gloo or nccl")
    if world_size == 1 and backend != "nccl":
        sys.exit("one rank checks NCCL on one GPU only")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    os.environ["MASTER_ADDR"] = "127.0.0.1"  # read by the page's init_process_group
    os.environ["MASTER_PORT"] = str(port)
    mp.spawn(worker, args=(backend, out_dir, world_size), nprocs=world_size, join=True)


if __name__ == "__main__":
    main()
