"""Two processes, two different shares of data: does DDP really average the gradients?

Run by tests/gpu/test_ddp.py as a script (mp.spawn needs a real __main__ module):

    python tests/gpu/ddp_check.py gloo|nccl OUT_DIR [WORLD_SIZE]

WORLD_SIZE is 2 by default; 1 checks NCCL on a machine with one GPU (the process group,
its bound device, DDP and a collective on that GPU), where two ranks cannot run.

Each rank writes OUT_DIR/rank<k>.json with
- the gradient of its own batch alone (no DDP) and the gradient DDP left after backward,
  in float64, so the test can compare DDP's result with the mean of the local ones;
- the report of the page's own train() (snippets/gpu/ddp.py) run in this two-process group.

Every collective has a 60 s timeout: a broken NCCL or gloo setup fails with its own error
message well before the test's outer timeout.
"""

from __future__ import annotations

import json
import runpy
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
TIMEOUT = timedelta(seconds=60)


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
    }
    # The page's debugging aid must agree with what we see here.
    result["gradients_agree"] = snippet["gradients_agree"](model)
    del ddp_model
    return result


def bound_device(device: torch.device) -> str | None:
    """The device the default process group was bound to by init_process_group(device_id=)."""
    group = dist.distributed_c10d._get_default_group()
    bound = getattr(group, "bound_device_id", None)
    return None if bound is None else str(bound)


def worker(rank: int, backend: str, init_method: str, out_dir: str, world_size: int) -> None:
    torch.set_num_threads(1)
    if backend == "nccl":
        device = torch.device("cuda", rank)
        torch.cuda.set_device(device)
    else:
        device = torch.device("cpu")
    dist.init_process_group(
        backend,
        init_method=init_method,
        rank=rank,
        world_size=world_size,
        timeout=TIMEOUT,
        device_id=device if backend == "nccl" else None,
    )
    try:
        result = {"rank": rank, "backend": dist.get_backend(), "device": str(device)}
        result["bound_device"] = bound_device(device)
        # One collective on this rank's device: with NCCL it runs on that GPU.
        ones = torch.ones(4, device=device) * (rank + 1)
        dist.all_reduce(ones)
        result["all_reduce"] = ones.tolist()
        if device.type == "cuda":
            result["current_device"] = torch.cuda.current_device()
        # Defines the page's functions without running its main block.
        snippet = runpy.run_path(str(ROOT / "snippets/gpu/ddp.py"), run_name="ddp_pieces")
        result.update(averaging(rank, device, snippet))
        report = snippet["train"](rank, world_size, device)
        result["losses"] = report["losses"]
        result["weight"] = report["weight"].flatten().tolist()
        result["first_indices"] = report["first_indices"]
        dist.barrier()
        Path(out_dir, f"rank{rank}.json").write_text(json.dumps(result), "utf-8")
    finally:
        dist.destroy_process_group()


def main() -> None:
    backend, out_dir = sys.argv[1], sys.argv[2]
    world_size = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    if backend not in ("gloo", "nccl"):
        sys.exit(f"unknown backend {backend!r}: use gloo or nccl")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    init_method = f"tcp://127.0.0.1:{port}"
    mp.spawn(worker, args=(backend, init_method, out_dir, world_size), nprocs=world_size, join=True)


if __name__ == "__main__":
    main()
