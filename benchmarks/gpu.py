"""GPU report: host-to-device bandwidth (pageable vs pinned) and a train step, GPU vs CPU.

Usage: python benchmarks/gpu.py [--json PATH]

Needs a CUDA device (exits with a one-line message otherwise). It is a report, not a
test: it prints Markdown tables and, with --json, writes the same numbers to a file.
Takes well under a minute.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time

import torch
from torch import nn

SIZES_MB = (16, 64, 256)
COPY_WARMUP, COPY_REPEATS = 3, 10
# Theoretical PCIe bandwidth per lane and direction in GB/s, after line encoding
# (128b/130b from Gen3 on). A x16 link: Gen4 ~31.5 GB/s, Gen5 ~63 GB/s.
PCIE_LANE_GBPS = {1: 0.25, 2: 0.5, 3: 0.985, 4: 1.969, 5: 3.938, 6: 7.563}
BATCH, GPU_STEPS, CPU_STEPS = 128, 30, 5


def pcie_link(index: int) -> dict:
    """PCIe generation and width from nvidia-smi, current and maximum; {} if unknown."""
    smi = shutil.which("nvidia-smi")
    if smi is None:
        return {}
    props = torch.cuda.get_device_properties(index)
    # nvidia-smi numbers GPUs its own way; the PCI address names the same GPU for both.
    pci = f"{props.pci_domain_id:08X}:{props.pci_bus_id:02X}:{props.pci_device_id:02X}.0"
    fields = "pcie.link.gen.current,pcie.link.width.current,pcie.link.gen.max,pcie.link.width.max"
    for selector in (pci, str(index)):
        try:
            out = subprocess.run(
                [smi, f"--query-gpu={fields}", "--format=csv,noheader,nounits", "-i", selector],
                capture_output=True,
                text=True,
                timeout=20,
                check=True,
            ).stdout
            gen, width, gen_max, width_max = (int(v) for v in out.strip().split(","))
        except (OSError, subprocess.SubprocessError, ValueError):
            continue
        link = {"gen": gen, "width": width, "gen_max": gen_max, "width_max": width_max}
        # An idle GPU may train its link down to save power; the peak uses the maximum.
        if gen_max in PCIE_LANE_GBPS:
            link["peak_gbps"] = round(PCIE_LANE_GBPS[gen_max] * width_max, 1)
        return link
    return {}


def h2d_gbps(nbytes: int, pinned: bool) -> float:
    """Host-to-device copy bandwidth in GB/s, timed with CUDA events after a warm-up."""
    src = torch.empty(nbytes, dtype=torch.uint8, pin_memory=pinned)
    src.fill_(1)  # touch every page before timing
    dst = torch.empty(nbytes, dtype=torch.uint8, device="cuda")
    for _ in range(COPY_WARMUP):
        dst.copy_(src, non_blocking=pinned)
    torch.cuda.synchronize()
    start = torch.cuda.Event(enable_timing=True)
    end = torch.cuda.Event(enable_timing=True)
    start.record()
    for _ in range(COPY_REPEATS):
        dst.copy_(src, non_blocking=pinned)
    end.record()
    end.synchronize()
    seconds = start.elapsed_time(end) / 1e3 / COPY_REPEATS
    return nbytes / seconds / 1e9


class SmallCNN(nn.Module):
    """A CIFAR-sized CNN: 3x32x32 images, 10 classes."""

    def __init__(self) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 32, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
        )
        self.classifier = nn.Sequential(
            nn.Flatten(), nn.Linear(64 * 8 * 8, 256), nn.ReLU(), nn.Linear(256, 10)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.features(x))


def train_step_ms(device: torch.device, steps: int, warmup: int = 3) -> float:
    """Mean milliseconds per SGD step (forward, loss, backward, update) on one device."""
    torch.manual_seed(0)
    model = SmallCNN().to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.randn(BATCH, 3, 32, 32).to(device)
    y = torch.randint(0, 10, (BATCH,)).to(device)

    def step() -> None:
        optimizer.zero_grad(set_to_none=True)
        loss_fn(model(x), y).backward()
        optimizer.step()

    cuda = device.type == "cuda"
    for _ in range(warmup):
        step()
    if cuda:
        torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    if cuda:
        torch.cuda.synchronize()  # wait for the queued kernels before reading the clock
    return (time.perf_counter() - start) / steps * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="PATH", help="also write the results to this file")
    args = parser.parse_args()
    if not torch.cuda.is_available():
        sys.exit("benchmarks/gpu.py needs a CUDA device: torch.cuda.is_available() is False")

    index = torch.cuda.current_device()
    torch.backends.cudnn.benchmark = True
    bandwidth = []
    for mb in SIZES_MB:
        nbytes = mb * 1024 * 1024
        bandwidth.append(
            {
                "size_mb": mb,
                "pageable_gbps": round(h2d_gbps(nbytes, pinned=False), 2),
                "pinned_gbps": round(h2d_gbps(nbytes, pinned=True), 2),
            }
        )
    link = pcie_link(index)  # queried after the copies, while the link is awake
    peak = link.get("peak_gbps")
    for row in bandwidth:
        row["pinned_share_of_peak"] = round(row["pinned_gbps"] / peak, 3) if peak else None

    gpu_ms = train_step_ms(torch.device("cuda"), GPU_STEPS)
    cpu_ms = train_step_ms(torch.device("cpu"), CPU_STEPS, warmup=1)
    results = {
        "device": torch.cuda.get_device_name(index),
        "torch": torch.__version__,
        "cuda": torch.version.cuda,
        "cpu_threads": torch.get_num_threads(),
        "pcie_link": link,
        "h2d_bandwidth": bandwidth,
        "train_step": {
            "model": "SmallCNN (2 conv + 2 linear), SGD with momentum",
            "batch": BATCH,
            "gpu_ms": round(gpu_ms, 3),
            "cpu_ms": round(cpu_ms, 2),
            "speedup": round(cpu_ms / gpu_ms, 1),
        },
    }

    if link:
        link_text = f"PCIe Gen{link['gen']} x{link['width']} now"
        link_text += f", Gen{link['gen_max']} x{link['width_max']} max"
        link_text += f", peak {peak} GB/s per direction" if peak else ", peak unknown"
    else:
        link_text = "PCIe link unknown (nvidia-smi not available)"
    print(f"# GPU report: {results['device']}\n")
    print(f"torch {results['torch']}, CUDA {results['cuda']}; {link_text}\n")
    print("## Host-to-device copies\n")
    print("| size | pageable GB/s | pinned GB/s | pinned / link peak |")
    print("| ---: | ---: | ---: | ---: |")
    for row in bandwidth:
        share = row["pinned_share_of_peak"]
        share_text = f"{share:.0%}" if share is not None else "n/a"
        print(
            f"| {row['size_mb']} MB | {row['pageable_gbps']:.1f} | {row['pinned_gbps']:.1f} "
            f"| {share_text} |"
        )
    step = results["train_step"]
    print(f"\n## Train step (batch {BATCH} of 3x32x32, {results['cpu_threads']} CPU threads)\n")
    print("| device | ms per step | speed-up |")
    print("| --- | ---: | ---: |")
    print(f"| CPU | {step['cpu_ms']:.2f} | 1.0x |")
    print(f"| GPU | {step['gpu_ms']:.3f} | {step['speedup']:.1f}x |")

    if args.json:
        os.makedirs(os.path.dirname(args.json) or ".", exist_ok=True)
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=2)
            f.write("\n")
        print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()
