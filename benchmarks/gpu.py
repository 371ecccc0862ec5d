"""GPU report: copy bandwidth both ways (pageable vs pinned) and a train step, GPU vs CPU.

Usage: python benchmarks/gpu.py [--json PATH] [--samples N] [--batch N ...] [--cpu-batch N]

Needs a CUDA device (exits with a one-line message otherwise). It is a report, not a
test: it prints Markdown tables and, with --json, writes the same numbers to a file. The
file is written even when a part fails (that part then holds its error), and the exit
status is then non-zero. Takes about a minute on one H200. The PCIe link is read before
the copies and again under load; the figures are checked for sanity (pinned at least as
fast as pageable, none above the link's limit), and a MIG slice is named as one.

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
from pathlib import Path

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
DIRECTIONS = {"h2d": "host to device", "d2h": "device to host"}
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


def coherent_host_link(is_integrated: bool, c2c_text: str = "") -> str:
    """Why the GPU's host link is not a PCIe slot ('' when it is one), from what the
    system reports, never from the GPU's name: the same H200 sits in a PCIe slot of an
    x86 server or on a Grace superchip.

    On Grace Hopper / Grace Blackwell the CPU and GPU share a cache-coherent NVLink-C2C
    link (~450 GB/s per direction): a ratio to a PCIe peak would exceed 100 %.
    """
    if is_integrated:
        return "integrated GPU: host and device share memory"
    # `nvidia-smi c2c -s` lists lines such as "C2C Link 0: 44.994 GB/s" where links exist
    # (and "inactive" or nothing on a PCIe card).
    links = re.findall(r"C2C Link \d+\s*:\s*([\d.]+)\s*GB/s", c2c_text, re.IGNORECASE)
    active = [float(v) for v in links if float(v) > 0]
    if active:
        return f"nvidia-smi reports {len(active)} active NVLink-C2C link(s)"
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


def pci_address(index: int) -> str:
    """The PCI address of CUDA device ``index`` (nvidia-smi numbers GPUs its own way)."""
    props = torch.cuda.get_device_properties(index)
    return f"{props.pci_domain_id:08X}:{props.pci_bus_id:02X}:{props.pci_device_id:02X}.0"


def parse_link(text: str) -> dict:
    """nvidia-smi's 'gen, width, gen max, width max' line as a link, or {"error": why}."""
    values = [v.strip() for v in text.strip().split(",")]
    try:
        gen, width, gen_max, width_max = (int(v) for v in values)
    except ValueError:
        return {"error": f"nvidia-smi gave no link figures: {text.strip()[:120]!r}"}
    link = {"gen": gen, "width": width, "gen_max": gen_max, "width_max": width_max}
    # The limit of the link as it runs now (an idle GPU may train it down; under load it
    # runs at what the slot and the board agreed on), and the most it could run at.
    link["theoretical_gbps"] = pcie_theoretical_gbps(gen, width)
    link["theoretical_max_gbps"] = pcie_theoretical_gbps(gen_max, width_max)
    return link


def pcie_link(index: int) -> dict:
    """PCIe generation and width from nvidia-smi, current and maximum; or {"error": why},
    saying truthfully whether the tool is missing or its query failed."""
    smi = shutil.which("nvidia-smi")
    if smi is None:
        return {"error": "nvidia-smi is not on PATH"}
    fields = "pcie.link.gen.current,pcie.link.width.current,pcie.link.gen.max,pcie.link.width.max"
    why = ""
    for selector in (pci_address(index), str(index)):
        try:
            done = subprocess.run(
                [smi, f"--query-gpu={fields}", "--format=csv,noheader,nounits", "-i", selector],
                capture_output=True,
                text=True,
                timeout=20,
                check=False,
            )
        except (OSError, subprocess.SubprocessError) as err:
            why = f"nvidia-smi could not run: {err}"
            continue
        if done.returncode != 0:
            first = (done.stderr.strip() or done.stdout.strip() or "no output").splitlines()[0]
            why = f"nvidia-smi -i {selector} exited {done.returncode}: {first}"
            continue
        link = parse_link(done.stdout.splitlines()[0] if done.stdout.strip() else "")
        if "error" not in link:
            return link
        why = link["error"]
    return {"error": why}


def link_under_load(index: int, seconds: float = 1.0) -> dict:
    """The link read again while pinned host-to-device copies keep it busy: an idle GPU
    trains its link down, so the figure before any copy can understate what copies get."""
    nbytes = 64 * MIB
    host = torch.empty(nbytes, dtype=torch.uint8, pin_memory=True)
    device = torch.empty(nbytes, dtype=torch.uint8, device="cuda")
    device.copy_(host)
    torch.cuda.synchronize()
    start = time.perf_counter()
    device.copy_(host, non_blocking=True)
    torch.cuda.synchronize()
    one = max(time.perf_counter() - start, 1e-4)
    for _ in range(min(int(seconds / one) + 1, 5000)):  # queued; they run while we ask
        device.copy_(host, non_blocking=True)
    link = pcie_link(index)
    torch.cuda.synchronize()
    return link


def host_placement(address: str) -> dict:
    """The GPU's NUMA node and nearby CPUs (Linux sysfs), and the CPUs this process may run
    on: pageable copies go through the CPU, so a process on the far socket copies slower."""
    sysfs = Path("/sys/bus/pci/devices") / address.lower()[-12:]
    out: dict = {"process_cpus": _cpu_list_text(sorted(os.sched_getaffinity(0)))}

    def read(name: str) -> str | None:
        try:
            return (sysfs / name).read_text().strip()
        except OSError:
            return None

    node = read("numa_node")
    out["gpu_numa_node"] = int(node) if node not in (None, "") else None  # -1: one node
    out["gpu_local_cpus"] = read("local_cpulist")
    if out["gpu_local_cpus"]:
        local = _parse_cpu_list(out["gpu_local_cpus"])
        mine = os.sched_getaffinity(0)
        out["process_on_gpu_node"] = (
            "yes" if mine <= local else "no" if not mine & local else "partly"
        )
    return out


def _parse_cpu_list(text: str) -> set[int]:
    cpus: set[int] = set()
    for part in filter(None, text.split(",")):
        low, _, high = part.partition("-")
        cpus.update(range(int(low), int(high or low) + 1))
    return cpus


def _cpu_list_text(cpus: list[int]) -> str:
    runs: list[str] = []
    for cpu in cpus:
        if runs and int(runs[-1].split("-")[-1]) == cpu - 1:
            runs[-1] = f"{runs[-1].split('-')[0]}-{cpu}"
        else:
            runs.append(str(cpu))
    return ",".join(runs)


def sanity_problems(rows: list[dict], peak: float | None) -> list[str]:
    """What cannot be right in the figures: pinned copies slower than pageable ones (pinned
    memory saves a staging copy), or a copy faster than the link's limit (above ~100 %: the
    link was read wrong, or the timing is)."""
    problems = []
    for row in rows:
        for direction, words in DIRECTIONS.items():
            pinned = row[f"{direction}_pinned_gbps"]["median"]
            pageable = row[f"{direction}_pageable_gbps"]["median"]
            if pinned < 0.95 * pageable:
                problems.append(
                    f"{words}, {row['size_mib']} MiB: pinned {pinned:.1f} GB/s is slower than "
                    f"pageable {pageable:.1f} GB/s"
                )
            if peak and pinned > 1.05 * peak:
                problems.append(
                    f"{words}, {row['size_mib']} MiB: pinned {pinned:.1f} GB/s is above the "
                    f"link's limit of {peak} GB/s ({pinned / peak:.0%})"
                )
    return problems


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


def copy_gbps(nbytes: int, pinned: bool, direction: str, samples: int) -> list[float]:
    """Copy bandwidth in GB/s between host memory (pinned or pageable) and the GPU, in
    ``direction`` ('h2d' or 'd2h'), one figure per sample."""
    host = torch.empty(nbytes, dtype=torch.uint8, pin_memory=pinned)
    host.fill_(1)  # touch every page before timing
    device = torch.empty(nbytes, dtype=torch.uint8, device="cuda")
    src, dst = (host, device) if direction == "h2d" else (device, host)

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


def make_step(device: torch.device, batch: int, from_host: bool = False) -> Callable[[], None]:
    """One SGD step (forward, loss, backward, update) on a fixed random batch; with
    ``from_host``, the batch starts each step in pinned host memory, as a DataLoader's
    pinned batches do, and the step includes its copy to the device."""
    torch.manual_seed(0)
    model = SmallCNN().to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.randn(batch, 3, 32, 32)
    y = torch.randint(0, 10, (batch,))
    if from_host:
        x, y = x.pin_memory(), y.pin_memory()
    else:
        x, y = x.to(device), y.to(device)

    def step() -> None:
        inputs, targets = x, y
        if from_host:
            inputs = x.to(device, non_blocking=True)
            targets = y.to(device, non_blocking=True)
        optimizer.zero_grad(set_to_none=True)
        loss_fn(model(inputs), targets).backward()
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


def gpu_step_ms(batch: int, samples: int, from_host: bool = False) -> list[float]:
    step = make_step(torch.device("cuda"), batch, from_host)
    for _ in range(GPU_WARMUP):  # includes cuDNN's algorithm search (benchmark=True)
        step()
    torch.cuda.synchronize()
    return cuda_samples(step, GPU_STEPS, samples)


def set_gpu_fp32(mode: str) -> None:
    """'tf32' lets matmuls and convolutions round inputs to TF32; 'ieee' keeps full FP32."""
    torch.backends.cuda.matmul.fp32_precision = mode
    torch.backends.cudnn.conv.fp32_precision = mode


# Every setting this report changes, read before and written back in `finally`.
SETTINGS = {
    "torch.backends.cudnn.benchmark": (
        lambda: torch.backends.cudnn.benchmark,
        lambda v: setattr(torch.backends.cudnn, "benchmark", v),
    ),
    "torch.backends.cuda.matmul.fp32_precision": (
        lambda: torch.backends.cuda.matmul.fp32_precision,
        lambda v: setattr(torch.backends.cuda.matmul, "fp32_precision", v),
    ),
    "torch.backends.cudnn.conv.fp32_precision": (
        lambda: torch.backends.cudnn.conv.fp32_precision,
        lambda v: setattr(torch.backends.cudnn.conv, "fp32_precision", v),
    ),
}


def read_settings() -> dict:
    return {name: get() for name, (get, _) in SETTINGS.items()}


def restore_settings(saved: dict) -> None:
    for name, value in saved.items():
        SETTINGS[name][1](value)


def effective_tf32() -> dict:
    """Whether FP32 matmuls and cuDNN convolutions may use TF32 right now. A setting of
    'none' inherits from its parent (torch.backends.cudnn, then torch.backends); the
    legacy flags report the result."""
    out = {}
    for key, read in (
        ("matmul", lambda: torch.backends.cuda.matmul.allow_tf32),
        ("cudnn_conv", lambda: torch.backends.cudnn.allow_tf32),
    ):
        try:
            out[key] = bool(read())
        except RuntimeError as err:  # settings mixed through both APIs
            out[key] = f"unknown: {err}".splitlines()[0][:200]
    return out


def load_link(index: int) -> dict:
    try:
        return link_under_load(index)
    except Exception as err:  # noqa: BLE001 - reported, the idle reading stands in
        return {"error": f"reading the link under load failed: {type(err).__name__}: {err}"}


def placement(index: int) -> dict:
    try:
        return host_placement(pci_address(index))
    except Exception as err:  # noqa: BLE001 - not Linux, or no sysfs
        return {"error": f"{type(err).__name__}: {err}"}


def run_part(results: dict, errors: dict, key: str, part: Callable[[], object]) -> None:
    """results[key] = part(), or errors[key] = its error: one failing part (an
    out-of-memory, a missing tool) does not lose the figures of the others."""
    try:
        results[key] = part()
    except Exception as err:  # noqa: BLE001 - reported in the JSON and the exit status
        errors[key] = f"{type(err).__name__}: {err}"
        print(f"\n{key} failed: {errors[key]}", file=sys.stderr)


def throughput(stats: dict, batch: int) -> float:
    return batch / (stats["median"] / 1e3)


# ---------------------------------------------------------------- report


def measure_bandwidth(samples: int, peak: float | None) -> list[dict]:
    rows = []
    for mib in SIZES_MIB:
        nbytes = mib * MIB
        row = {"size_mib": mib}
        for direction in DIRECTIONS:
            for kind, pinned in (("pageable", False), ("pinned", True)):
                figures = copy_gbps(nbytes, pinned, direction, samples)
                row[f"{direction}_{kind}_gbps"] = median_spread(figures)
            share = row[f"{direction}_pinned_gbps"]["median"] / peak if peak else None
            row[f"{direction}_pinned_share_of_theoretical"] = (
                round(share, 3) if share is not None else None
            )
        rows.append(row)
    return rows


def measure_train(args: argparse.Namespace) -> dict:
    """The GPU step in both FP32 modes at each batch; then like for like with the CPU: the
    CPU's batch on the GPU, without and with the copy of the batch from host memory."""
    train = {"gpu": {}, "same_batch": {}}
    cpu = median_spread(cpu_step_ms(args.cpu_batch, max(3, args.samples // 2)))
    train["cpu"] = {"batch": args.cpu_batch, "ms": cpu, "precision": "FP32 (IEEE)"}
    cpu_rate = throughput(cpu, args.cpu_batch)
    for mode in ("tf32", "ieee"):
        set_gpu_fp32(mode)
        train["gpu"][mode] = [
            {"batch": b, "ms": median_spread(gpu_step_ms(b, args.samples))} for b in args.batch
        ]
        step = median_spread(gpu_step_ms(args.cpu_batch, args.samples))
        with_copy = median_spread(gpu_step_ms(args.cpu_batch, args.samples, from_host=True))
        train["same_batch"][mode] = {
            "batch": args.cpu_batch,
            "ms": step,
            "ms_with_copy": with_copy,
            "speedup": round(cpu["median"] / step["median"], 1),
            "speedup_with_copy": round(cpu["median"] / with_copy["median"], 1),
        }
    train["cpu_images_per_s"] = round(cpu_rate)
    return train


def write_json(path: str | None, results: dict) -> None:
    if not path:
        return
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=2)
        f.write("\n")
    print(f"\nwrote {path}")


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    results: dict = {"torch": torch.__version__, "cuda": torch.version.cuda}
    errors: dict = {}
    results["errors"] = errors
    if not torch.cuda.is_available():
        errors["cuda"] = "torch.cuda.is_available() is False"
        write_json(args.json, results)
        sys.exit("benchmarks/gpu.py needs a CUDA device: torch.cuda.is_available() is False")

    saved = read_settings()
    try:
        report(args, results, errors)
    finally:
        restore_settings(saved)  # whatever failed, the process leaves as it came
        write_json(args.json, results)
    if errors:
        sys.exit(f"benchmarks/gpu.py: {len(errors)} part(s) failed: {', '.join(errors)}")


def report(args: argparse.Namespace, results: dict, errors: dict) -> None:
    index = torch.cuda.current_device()
    props = torch.cuda.get_device_properties(index)
    name = torch.cuda.get_device_name(index)
    # The link before any copy (as the first copy of a job meets it), then again under
    # load: an idle GPU trains its link down, and the copies below are judged against the
    # link as it runs while copying.
    idle = pcie_link(index)
    loaded = load_link(index)
    link = loaded if "error" not in loaded else idle
    coherent = coherent_host_link(bool(getattr(props, "is_integrated", False)), c2c_status())
    peak = None if coherent else link.get("theoretical_gbps")
    mig = "MIG" in name
    results.update(
        {
            "device": name,
            "mig": mig,
            "host_machine": platform.machine(),
            "cpu_threads": torch.get_num_threads(),
            "host_placement": placement(index),
            "pcie_link": link,
            "pcie_link_idle": idle,
            "link_limit_gbps": peak,
            "coherent_host_link": coherent or None,
            "practical_note": PRACTICAL_NOTE,
            "units": {"size": "MiB (2**20 bytes)", "bandwidth": "GB/s (1e9 bytes/s)"},
            "gpu_fp32_defaults": {
                "matmul": torch.backends.cuda.matmul.fp32_precision,
                "cudnn_conv": torch.backends.cudnn.conv.fp32_precision,
            },
            # 'none' inherits from the parent setting: these say what the defaults do.
            "gpu_tf32_by_default": effective_tf32(),
        }
    )
    if mig:
        results["mig_note"] = (
            "a MIG slice: its copy engines and compute are a share of the GPU, so these "
            "figures are the slice's, not the whole GPU's"
        )
    torch.backends.cudnn.benchmark = True
    run_part(results, errors, "bandwidth", lambda: measure_bandwidth(args.samples, peak))
    if "bandwidth" in results:
        problems = sanity_problems(results["bandwidth"], peak)
        results["sanity"] = problems
        if problems:
            errors["sanity"] = "; ".join(problems)
    run_part(results, errors, "train_step", lambda: measure_train(args))
    if "train_step" in results:
        results["train_step"].update(
            {
                "model": "SmallCNN (2 conv + 2 linear), SGD with momentum, 3x32x32 inputs",
                "timing": f"GPU: CUDA events over {GPU_STEPS} steps per sample; CPU: host clock",
            }
        )
    print_report(args, results, coherent, link, peak)


def print_report(args, results: dict, coherent: str, link: dict, peak: float | None) -> None:
    print(f"# GPU report: {results['device']}\n")
    print(f"torch {results['torch']}, CUDA {results['cuda']}, host {results['host_machine']}\n")
    if results.get("mig"):
        print(f"MIG: {results['mig_note']}.\n")
    where = results.get("host_placement", {})
    if "gpu_numa_node" in where:
        print(
            f"GPU on NUMA node {where['gpu_numa_node']} (CPUs {where.get('gpu_local_cpus')}); "
            f"this process may run on CPUs {where['process_cpus']} "
            f"(on the GPU's node: {where.get('process_on_gpu_node', 'unknown')}).\n"
        )
    print("## Copies between host and device\n")
    idle = results.get("pcie_link_idle", {})
    if coherent:
        print(f"Host link: {coherent}. It is not PCIe, so no PCIe ratio is shown.\n")
    elif "error" not in link and link:
        before = f"Gen{idle['gen']} x{idle['width']}" if "gen" in idle else "unknown"
        print(
            f"PCIe Gen{link['gen']} x{link['width']} under load ({before} before the copies), "
            f"Gen{link['gen_max']} x{link['width_max']} max: the limit is "
            f"{link['theoretical_gbps']} GB/s per direction at the width and speed it runs.\n"
        )
        print(PRACTICAL_NOTE + "\n")
    else:
        print(f"PCIe link unknown ({link.get('error', 'not read')}): no ratio shown.\n")
    if "bandwidth" in results:
        print(f"Median (lowest-highest) of {args.samples} samples; GB/s = 1e9 B/s.\n")
        print("| direction | size | pageable GB/s | pinned GB/s | pinned / link limit |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for direction, words in DIRECTIONS.items():
            for row in results["bandwidth"]:
                pinned = row[f"{direction}_pinned_gbps"]
                print(
                    f"| {words} | {row['size_mib']} MiB "
                    f"| {spread_text(row[f'{direction}_pageable_gbps'])} "
                    f"| {spread_text(pinned)} | {share_text(pinned['median'], peak)} |"
                )
        for problem in results.get("sanity", []):
            print(f"\nNot credible: {problem}.")
    train = results.get("train_step")
    if not train:
        return
    print(f"\n## Train step ({train['model']})\n")
    tf32 = results["gpu_tf32_by_default"]

    def mode_text(value) -> str:
        return "TF32" if value is True else "full FP32" if value is False else "an unknown mode"

    print(
        f"By default PyTorch runs FP32 matmuls in {mode_text(tf32['matmul'])} and "
        f"cuDNN convolutions in {mode_text(tf32['cudnn_conv'])} on this GPU. The GPU "
        "is timed both with TF32 allowed (tf32) and in full FP32 (ieee); the CPU always "
        f"computes in full FP32, with {results['cpu_threads']} threads.\n"
    )
    cpu = train["cpu"]
    print("| device | FP32 mode | batch | ms per step | images/s |")
    print("| --- | --- | ---: | ---: | ---: |")
    print(
        f"| CPU | ieee | {cpu['batch']} | {spread_text(cpu['ms'], 1)} "
        f"| {train['cpu_images_per_s']:,} |"
    )
    for mode, rows in train["gpu"].items():
        for row in rows:
            rate = throughput(row["ms"], row["batch"])
            print(f"| GPU | {mode} | {row['batch']} | {spread_text(row['ms'], 3)} | {rate:,.0f} |")
    print(
        f"\nLike for like, batch {cpu['batch']} on both: the GPU step alone, then with the "
        "batch copied from pinned host memory each step (as a DataLoader delivers it).\n"
    )
    print("| FP32 mode | GPU ms per step | speed-up | with the copy: ms | speed-up |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for mode, same in train["same_batch"].items():
        print(
            f"| {mode} | {spread_text(same['ms'], 3)} | {same['speedup']}x "
            f"| {spread_text(same['ms_with_copy'], 3)} | {same['speedup_with_copy']}x |"
        )


if __name__ == "__main__":
    main()
