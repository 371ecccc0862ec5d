"""GPU report: host-to-device bandwidth (pageable vs pinned) and a train step, GPU vs CPU.

Usage: python benchmarks/gpu.py [--json PATH] [--samples N] [--batch N ...] [--cpu-batch N]

Needs a CUDA device (exits with a one-line message otherwise). It is a report, not a
test: it prints Markdown tables and, with --json, writes the same numbers to a file.
Takes about a minute on one H200.

Units: buffer sizes are in MiB (2**20 bytes); bandwidth is in GB/s (10**9 bytes per
second), the unit PCIe and NVLink figures are quoted in. Every figure is the median of
several samples, shown with the lowest and highest sample.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence

import torch
from torch import nn

MIB = 2**20
SIZES_MIB = (16, 64, 256)
COPY_WARMUP, COPIES_PER_SAMPLE = 3, 5
# Theoretical PCIe bandwidth per lane and direction in GB/s, after line encoding
# (128b/130b from Gen3 on). A x16 link: Gen4 ~31.5 GB/s, Gen5 ~63 GB/s.
PCIE_LANE_GBPS = {1: 0.25, 2: 0.5, 3: 0.985, 4: 1.969, 5: 3.938, 6: 7.563}
# Packet headers, flow control and DMA descriptors cost 10-15 %: pinned host-to-device
# copies over Gen5 x16 reach about 53-57 GB/s in practice, Gen4 x16 about 25-27 GB/s.
PRACTICAL_NOTE = (
    "PCIe protocol overhead (packet headers, flow control) keeps real copies at about "
    "85-90 % of the theoretical figure: a Gen5 x16 link reaches ~53-57 GB/s host-to-device "
    "in practice, a Gen4 x16 link ~25-27 GB/s."
)
# Names of GPUs that talk to their host CPU over NVLink-C2C instead of PCIe.
C2C_NAMES = ("GH200", "GB200", "GB300", "GRACE")
DEFAULT_BATCHES = (256, 2048, 8192)  # the largest keeps an H200 busy with this small CNN
DEFAULT_CPU_BATCH = 512
GPU_WARMUP, GPU_STEPS = 5, 20  # steps per sample, timed with CUDA events
CPU_WARMUP, CPU_STEPS = 1, 3


# ---------------------------------------------------------------- pure helpers


def median_spread(samples: Sequence[float]) -> dict:
    """Median, lowest and highest of a list of samples, and how many there were."""
    if not samples:
        raise ValueError("no samples")
    return {
        "median": statistics.median(samples),
        "min": min(samples),
        "max": max(samples),
        "n": len(samples),
    }


def pcie_theoretical_gbps(gen: int, width: int) -> float | None:
    """Theoretical one-direction PCIe bandwidth in GB/s, or None for an unknown generation."""
    lane = PCIE_LANE_GBPS.get(gen)
    return None if lane is None or width <= 0 else round(lane * width, 1)


def coherent_host_link(name: str, machine: str, is_integrated: bool, c2c_text: str = "") -> str:
    """Why the GPU's host link is not a PCIe slot ('' when it is one).

    On Grace Hopper / Grace Blackwell the CPU and GPU share a cache-coherent NVLink-C2C
    link (~450 GB/s per direction): a ratio to a PCIe peak would exceed 100 %.
    """
    if is_integrated:
        return "integrated GPU: host and device share memory"
    upper = name.upper()
    if any(tag in upper for tag in C2C_NAMES):
        return f"{name}: NVLink-C2C host link"
    # `nvidia-smi c2c -s` lists lines such as "C2C Link 0: 44.994 GB/s" where one exists.
    if re.search(r"C2C Link \d+\s*:\s*[\d.]+\s*GB/s", c2c_text, re.IGNORECASE):
        return "nvidia-smi reports NVLink-C2C links"
    if machine.lower() in ("aarch64", "arm64") and "H100" not in upper:
        # An Arm host with a Hopper/Blackwell part is almost always a Grace superchip.
        if any(tag in upper for tag in ("H200", "B200", "B300", "HOPPER", "BLACKWELL")):
            return f"{name} on an {machine} host: most likely NVLink-C2C"
    return ""


def share_text(gbps: float, peak: float | None) -> str:
    return f"{gbps / peak:.0%}" if peak else "n/a"


def spread_text(stats: dict, digits: int = 1) -> str:
    """'12.3 (12.1-12.6)': the median, then the lowest and highest sample."""
    m, lo, hi = stats["median"], stats["min"], stats["max"]
    return f"{m:.{digits}f} ({lo:.{digits}f}-{hi:.{digits}f})"


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="PATH", help="also write the results to this file")
    parser.add_argument(
        "--samples", type=int, default=7, help="timed samples per figure (default 7)"
    )
    parser.add_argument(
        "--batch",
        type=int,
        nargs="+",
        default=list(DEFAULT_BATCHES),
        help="GPU batch sizes for the train step (default %(default)s)",
    )
    parser.add_argument(
        "--cpu-batch",
        type=int,
        default=DEFAULT_CPU_BATCH,
        help="CPU batch size for the train step (default %(default)s)",
    )
    args = parser.parse_args(argv)
    if args.samples < 3:
        parser.error("--samples must be at least 3 (a median of fewer says little)")
    if min(args.batch) < 1 or args.cpu_batch < 1:
        parser.error("batch sizes must be positive")
    return args


# ---------------------------------------------------------------- measurements


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
        link["theoretical_gbps"] = pcie_theoretical_gbps(gen_max, width_max)
        return link
    return {}


def c2c_status() -> str:
    """nvidia-smi's NVLink-C2C status text ('' where the tool or the link is absent)."""
    smi = shutil.which("nvidia-smi")
    if smi is None:
        return ""
    try:
        return subprocess.run(
            [smi, "c2c", "-s"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def cuda_samples(work: Callable[[], None], repeats: int, samples: int) -> list[float]:
    """Milliseconds per call of work(), one figure per sample, timed with CUDA events
    (GPU time between the events, not the host's clock)."""
    times = []
    for _ in range(samples):
        start = torch.cuda.Event(enable_timing=True)
        end = torch.cuda.Event(enable_timing=True)
        start.record()
        for _ in range(repeats):
            work()
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end) / repeats)
    return times


def h2d_gbps(nbytes: int, pinned: bool, samples: int) -> list[float]:
    """Host-to-device copy bandwidth in GB/s, one figure per sample."""
    src = torch.empty(nbytes, dtype=torch.uint8, pin_memory=pinned)
    src.fill_(1)  # touch every page before timing
    dst = torch.empty(nbytes, dtype=torch.uint8, device="cuda")

    def copy() -> None:
        dst.copy_(src, non_blocking=pinned)

    for _ in range(COPY_WARMUP):
        copy()
    torch.cuda.synchronize()
    return [nbytes / (ms / 1e3) / 1e9 for ms in cuda_samples(copy, COPIES_PER_SAMPLE, samples)]


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


def make_step(device: torch.device, batch: int) -> Callable[[], None]:
    """One SGD step (forward, loss, backward, update) on a fixed random batch."""
    torch.manual_seed(0)
    model = SmallCNN().to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.randn(batch, 3, 32, 32, device=device)
    y = torch.randint(0, 10, (batch,), device=device)

    def step() -> None:
        optimizer.zero_grad(set_to_none=True)
        loss_fn(model(x), y).backward()
        optimizer.step()

    return step


def cpu_step_ms(batch: int, samples: int, steps: int = CPU_STEPS) -> list[float]:
    """Milliseconds per train step on the CPU, one figure per sample (host clock)."""
    step = make_step(torch.device("cpu"), batch)
    for _ in range(CPU_WARMUP):
        step()
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        for _ in range(steps):
            step()
        times.append((time.perf_counter() - start) / steps * 1e3)
    return times


def gpu_step_ms(batch: int, samples: int) -> list[float]:
    step = make_step(torch.device("cuda"), batch)
    for _ in range(GPU_WARMUP):  # includes cuDNN's algorithm search (benchmark=True)
        step()
    torch.cuda.synchronize()
    return cuda_samples(step, GPU_STEPS, samples)


def set_gpu_fp32(mode: str) -> None:
    """'tf32' lets matmuls and convolutions round inputs to TF32; 'ieee' keeps full FP32."""
    torch.backends.cuda.matmul.fp32_precision = mode
    torch.backends.cudnn.conv.fp32_precision = mode


def throughput(stats: dict, batch: int) -> float:
    return batch / (stats["median"] / 1e3)


# ---------------------------------------------------------------- report


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    if not torch.cuda.is_available():
        sys.exit("benchmarks/gpu.py needs a CUDA device: torch.cuda.is_available() is False")

    index = torch.cuda.current_device()
    props = torch.cuda.get_device_properties(index)
    name = torch.cuda.get_device_name(index)
    torch.backends.cudnn.benchmark = True

    bandwidth = []
    for mib in SIZES_MIB:
        nbytes = mib * MIB
        pageable = median_spread(h2d_gbps(nbytes, pinned=False, samples=args.samples))
        pinned = median_spread(h2d_gbps(nbytes, pinned=True, samples=args.samples))
        bandwidth.append({"size_mib": mib, "pageable_gbps": pageable, "pinned_gbps": pinned})

    link = pcie_link(index)  # queried after the copies, while the link is awake
    coherent = coherent_host_link(
        name, platform.machine(), bool(getattr(props, "is_integrated", False)), c2c_status()
    )
    peak = None if coherent else link.get("theoretical_gbps")
    for row in bandwidth:
        row["pinned_share_of_theoretical"] = (
            round(row["pinned_gbps"]["median"] / peak, 3) if peak else None
        )

    # The GPU step in both FP32 modes; TF32 is what cuDNN convolutions use by default.
    default_modes = {
        "matmul": torch.backends.cuda.matmul.fp32_precision,
        "cudnn_conv": torch.backends.cudnn.conv.fp32_precision,
    }
    # "none" defers to older flags; these say what the defaults really do.
    default_tf32 = {
        "matmul": torch.backends.cuda.matmul.allow_tf32,
        "cudnn_conv": torch.backends.cudnn.allow_tf32,
    }
    train = {"gpu": {}, "cpu": {}}
    for mode in ("tf32", "ieee"):
        set_gpu_fp32(mode)
        train["gpu"][mode] = [
            {"batch": b, "ms": median_spread(gpu_step_ms(b, args.samples))} for b in args.batch
        ]
    set_gpu_fp32(default_modes["matmul"])
    torch.backends.cudnn.conv.fp32_precision = default_modes["cudnn_conv"]
    cpu = median_spread(cpu_step_ms(args.cpu_batch, max(3, args.samples // 2)))
    train["cpu"] = {"batch": args.cpu_batch, "ms": cpu, "precision": "FP32 (IEEE)"}

    cpu_rate = throughput(cpu, args.cpu_batch)
    best = {
        mode: max(rows, key=lambda r: throughput(r["ms"], r["batch"]))
        for mode, rows in train["gpu"].items()
    }
    results = {
        "device": name,
        "torch": torch.__version__,
        "cuda": torch.version.cuda,
        "host_machine": platform.machine(),
        "cpu_threads": torch.get_num_threads(),
        "pcie_link": link,
        "coherent_host_link": coherent or None,
        "practical_note": PRACTICAL_NOTE,
        "units": {"size": "MiB (2**20 bytes)", "bandwidth": "GB/s (1e9 bytes/s)"},
        "h2d_bandwidth": bandwidth,
        "gpu_fp32_defaults": default_modes,
        "gpu_tf32_by_default": default_tf32,
        "train_step": {
            "model": "SmallCNN (2 conv + 2 linear), SGD with momentum, 3x32x32 inputs",
            "timing": f"GPU: CUDA events over {GPU_STEPS} steps per sample; CPU: host clock",
            **train,
            "speedup_images_per_s": {
                mode: round(throughput(row["ms"], row["batch"]) / cpu_rate, 1)
                for mode, row in best.items()
            },
        },
    }

    print(f"# GPU report: {name}\n")
    print(f"torch {results['torch']}, CUDA {results['cuda']}, host {results['host_machine']}\n")
    print("## Host-to-device copies\n")
    if coherent:
        print(f"Host link: {coherent}. It is not PCIe, so no PCIe ratio is shown.\n")
    elif link:
        theo = link["theoretical_gbps"]
        print(
            f"PCIe Gen{link['gen']} x{link['width']} now, Gen{link['gen_max']} "
            f"x{link['width_max']} max: theoretical {theo} GB/s per direction.\n"
        )
        print(PRACTICAL_NOTE + "\n")
    else:
        print("PCIe link unknown (nvidia-smi not available): no ratio shown.\n")
    print(f"Median (lowest-highest) of {args.samples} samples; sizes in MiB, GB/s = 1e9 B/s.\n")
    print("| size | pageable GB/s | pinned GB/s | pinned / theoretical |")
    print("| ---: | ---: | ---: | ---: |")
    for row in bandwidth:
        pinned_median = row["pinned_gbps"]["median"]
        print(
            f"| {row['size_mib']} MiB | {spread_text(row['pageable_gbps'])} "
            f"| {spread_text(row['pinned_gbps'])} | {share_text(pinned_median, peak)} |"
        )
    print(f"\n## Train step ({results['train_step']['model']})\n")

    def mode_text(tf32: bool) -> str:
        return "TF32" if tf32 else "full FP32"

    print(
        f"By default PyTorch runs FP32 matmuls in {mode_text(default_tf32['matmul'])} and "
        f"cuDNN convolutions in {mode_text(default_tf32['cudnn_conv'])} on this GPU. The GPU "
        "is timed both with TF32 allowed (tf32) and in full FP32 (ieee); the CPU always "
        f"computes in full FP32, with {results['cpu_threads']} threads.\n"
    )
    print("| device | FP32 mode | batch | ms per step | images/s |")
    print("| --- | --- | ---: | ---: | ---: |")
    print(f"| CPU | ieee | {args.cpu_batch} | {spread_text(cpu, 1)} | {cpu_rate:,.0f} |")
    for mode, rows in train["gpu"].items():
        for row in rows:
            rate = throughput(row["ms"], row["batch"])
            print(f"| GPU | {mode} | {row['batch']} | {spread_text(row['ms'], 3)} | {rate:,.0f} |")
    speedups = results["train_step"]["speedup_images_per_s"]
    print(
        f"\nSpeed-up in images/s, best GPU batch over the CPU: {speedups['tf32']}x with TF32, "
        f"{speedups['ieee']}x in full FP32."
    )

    if args.json:
        os.makedirs(os.path.dirname(args.json) or ".", exist_ok=True)
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=2)
            f.write("\n")
        print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()
