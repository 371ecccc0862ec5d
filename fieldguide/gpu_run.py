"""The GPU run: ``python3 -m fieldguide gpu`` from the repository root, in any Python with a
CUDA build of torch (``nox -s gpu`` runs the same function in .venv, or in ``--python``).

    python3 -m fieldguide gpu [--python PATH] [--allow-missing=multi-gpu[,whole-gpu]]
                              [--rehearse] [--report DIR] [pytest arguments]

1. The driver check comes first: one line saying whether this torch can use CUDA here,
   and when it cannot (a driver older than its CUDA build needs, no driver, a CPU build),
   the fix, instead of a test per item failing.
2. Every item that runs code using CUDA (fieldguide.gpu: ``-m "gpu or cuda_path"`` over
   :func:`fieldguide.gpu.selection_files`), under FIELDGUIDE_REQUIRE_CUDA=1; then
   benchmarks/gpu.py. Without CUDA the items are only collected, each NOT VERIFIED with
   the reason of step 1.
3. bench-report/gpu-run.json and gpu-run.md: the versions, the device, driver and link;
   every item verified, or NOT VERIFIED with its reason; the copy bandwidth against the
   link's limit. The run passes only when every item was verified (or its requirement
   was allowed missing) and the benchmark worked.

``--rehearse`` (a machine without CUDA): run the selection on the CPU, without requiring
CUDA, to check that the environment has every package the run needs and to time it.
It still passes nothing: every item is NOT VERIFIED ("no CUDA device").

Nothing here needs the project installed: the repository on PYTHONPATH and pytest's
``-p fieldguide.plugin`` (fieldguide.environments) are enough.
"""

from __future__ import annotations

import json
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from . import environments
from .environments import ROOT
from .gpu_selection import selection_files

REPORT = ROOT / "bench-report"
SELECT = "gpu or cuda_path"
# The oldest Linux driver branch each CUDA major version of the torch wheels runs on.
MIN_DRIVER = {"11": 450, "12": 525, "13": 580}
NO_DEVICE = "no CUDA device"


# ------------------------------------------------------------------ 1. the driver check


def driver_version() -> tuple[str | None, str]:
    """(driver version, why unknown): from nvidia-smi; the reason names what failed."""
    smi = shutil.which("nvidia-smi")
    if smi is None:
        return None, "nvidia-smi is not on PATH (no NVIDIA driver here)"
    query = [smi, "--query-gpu=driver_version", "--format=csv,noheader"]
    try:
        done = subprocess.run(query, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return None, f"nvidia-smi could not run: {exc}"
    lines = [line.strip() for line in done.stdout.splitlines() if line.strip()]
    if done.returncode != 0 or not lines:
        first = (done.stderr.strip() or done.stdout.strip() or "no output").splitlines()[0]
        return None, f"nvidia-smi failed (exit {done.returncode}): {first}"
    return lines[0], ""


def lock_cuda() -> str | None:
    """The CUDA version of the torch that uv.lock installs (its nvidia-cuda-runtime)."""
    try:
        text = (ROOT / "uv.lock").read_text("utf-8")
    except OSError:
        return None
    m = re.search(r'^name = "nvidia-cuda-runtime(?:-cu\d+)?"\nversion = "(\d+\.\d+)', text, re.M)
    return m[1] if m else None


def lock_torch() -> str | None:
    try:
        text = (ROOT / "uv.lock").read_text("utf-8")
    except OSError:
        return None
    m = re.search(r'^name = "torch"\nversion = "([^"]+)"', text, re.M)
    return m[1] if m else None


def lock_driver_problem() -> str | None:
    """The driver check for ``nox -s gpu`` before it installs uv.lock: one line when this
    machine's driver cannot run the lock's CUDA build, else None."""
    driver, _ = driver_version()
    cuda, torch_version = lock_cuda(), lock_torch()
    if driver is None or cuda is None or torch_version is None:
        return None  # nothing to compare yet: the run's own check says what is missing
    usable, line, _ = verdict(torch_version, cuda, driver, "", True, 1)
    return None if usable else f"GPU run: {line}"


def verdict(torch_version: str | None, cuda: str | None, driver: str | None, why: str,
            available: bool | None, count: int) -> tuple[bool, str, str]:  # fmt: skip
    """(CUDA usable, one line, reason for the record). Pure: the driver check's logic."""
    own = "python3 -m fieldguide gpu --python /path/to/your/cuda/python"
    if torch_version is None:
        return False, "torch is not installed in this interpreter", "torch not installed"
    if cuda is None:
        return (
            False,
            f"torch {torch_version} is a CPU build: it cannot use CUDA. Fix: run in a CUDA "
            f"environment: {own}",
            f"{NO_DEVICE}: torch {torch_version} is a CPU build",
        )
    need = MIN_DRIVER.get(cuda.split(".")[0])
    if driver is not None and need is not None and driver.split(".")[0].isdigit():
        if int(driver.split(".")[0]) < need:
            return (
                False,
                f"driver {driver} cannot run torch {torch_version} (CUDA {cuda} needs driver "
                f"R{need} or newer). Fix: run in your own CUDA environment, whose torch "
                f"matches this driver: {own} (or update the driver)",
                f"driver {driver} too old for CUDA {cuda} (needs R{need}+)",
            )
    if not available or count < 1:
        cause = why or f"driver {driver}, torch.cuda.is_available() is False"
        return (
            False,
            f"CUDA is not available to torch {torch_version} (CUDA {cuda}): {cause}. The GPU "
            "run needs a machine with an NVIDIA GPU and driver",
            f"{NO_DEVICE}: {cause}",
        )
    return (
        True,
        f"CUDA ready: torch {torch_version} (CUDA {cuda}), driver {driver}, {count} device(s)",
        "",
    )


def machine() -> dict:
    """What this interpreter and machine offer: versions, driver, devices."""
    info: dict = {"versions": environments.found(), "pins": environments.pins()}
    info["python_executable"] = sys.executable
    info["platform"] = platform.platform()
    driver, why = driver_version()
    info["driver"], info["driver_problem"] = driver, why or None
    try:
        import torch
    except ImportError:
        info.update(torch=None, cuda=None, available=False, count=0, devices=[])
        return info
    info["torch"], info["cuda"] = torch.__version__, torch.version.cuda
    info["available"] = torch.cuda.is_available()
    info["count"] = torch.cuda.device_count() if info["available"] else 0
    info["devices"] = []
    for index in range(info["count"]):
        props = torch.cuda.get_device_properties(index)
        name = torch.cuda.get_device_name(index)
        info["devices"].append(
            {
                "index": index,
                "name": name,
                "capability": f"{props.major}.{props.minor}",
                "memory_gib": round(props.total_memory / 2**30, 1),
                "mig": "MIG" in name,
            }
        )
    return info


# ------------------------------------------------------------------ 2. the items


def pytest_args(record: Path, junit: Path, extra: list[str]) -> list[str]:
    files = selection_files(ROOT)
    return [
        *environments.pytest_command(sys.executable)[1:],
        "-p", "no:cacheprovider", "-m", SELECT, "-rfEsX", f"--junitxml={junit}",
        *extra, *files,
    ]  # fmt: skip


def run_items(env: dict, record: Path, junit: Path, extra: list[str], collect: bool) -> dict:
    """Run (or only collect) the selection; the items' record as JSON."""
    record.unlink(missing_ok=True)
    junit.unlink(missing_ok=True)
    args = pytest_args(record, junit, extra)
    if collect:
        args = [a for a in args if not a.startswith("--junitxml")] + ["--collect-only", "-q"]
    env = {**env, "FIELDGUIDE_GPU_RECORD": str(record)}
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, check=False,
        capture_output=collect, text=True,
    )  # fmt: skip
    seconds = time.monotonic() - start
    data = json.loads(record.read_text("utf-8")) if record.exists() else {"items": []}
    if collect:
        nodeids = [line for line in done.stdout.splitlines() if "::" in line]
        data["items"] += [{"nodeid": n, "outcome": "collected", "reason": ""} for n in nodeids]
        failed = any(i["outcome"] == "failed" for i in data["items"])
        if done.returncode not in (0, 5) and not failed:
            tail = (done.stdout + done.stderr).strip().splitlines()[-5:]
            data["items"].append(
                {"nodeid": "(collection)", "outcome": "failed", "reason": " | ".join(tail)}
            )
    data.update(returncode=done.returncode, seconds=round(seconds, 1))
    return data


def judged(items: list[dict], reason_without_cuda: str | None, allowed: set[str]) -> list[dict]:
    """Each item verified, or NOT VERIFIED with its reason (the record's list). Pure."""
    out = []
    for item in items:
        outcome, reason = item["outcome"], item.get("reason", "")
        if reason_without_cuda is not None and outcome in ("collected", "passed"):
            entry = {"verified": False, "reason": reason_without_cuda}
        elif outcome == "passed":
            entry = {"verified": True, "reason": ""}
        elif outcome == "not verified":
            m = re.match(r"NOT VERIFIED \[([a-z-]+)\]", reason)
            ok = bool(m and m[1] in allowed)
            entry = {"verified": False, "reason": reason, "allowed_missing": ok}
        else:
            entry = {"verified": False, "reason": f"{outcome}: {reason}".strip(": ")}
        out.append({"nodeid": item["nodeid"], **entry})
    return out


# ------------------------------------------------------------------ 3. the record


def bandwidth_rows(bench: dict) -> list[dict]:
    limit = bench.get("link_limit_gbps")
    rows = []
    for row in bench.get("bandwidth", []):
        for direction in ("h2d", "d2h"):
            pinned = row[f"{direction}_pinned_gbps"]["median"]
            rows.append(
                {
                    "direction": direction,
                    "size_mib": row["size_mib"],
                    "pageable_gbps": round(row[f"{direction}_pageable_gbps"]["median"], 1),
                    "pinned_gbps": round(pinned, 1),
                    "link_limit_gbps": limit,
                    "share_of_limit": round(pinned / limit, 3) if limit else None,
                }
            )
    return rows


def write_record(record: dict, folder: Path = REPORT) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "gpu-run.json").write_text(json.dumps(record, indent=1) + "\n", "utf-8")
    (folder / "gpu-run.md").write_text(markdown(record), "utf-8")


def markdown(record: dict) -> str:
    m = record["machine"]
    v = m["versions"]
    lines = [
        "# GPU run",
        "",
        f"**{record['verdict']}**",
        "",
        f"Driver check: {record['driver_check']}",
        "",
        "## Machine",
        "",
        "| | |",
        "| --- | --- |",
        f"| Python | {v.get('python')} ({m['python_executable']}) |",
        f"| torch | {m.get('torch') or v.get('torch')} (pinned {m['pins'].get('torch')}) |",
        f"| torchvision | {v.get('torchvision')} (pinned {m['pins'].get('torchvision')}) |",
        f"| CUDA (torch's build) | {m.get('cuda') or 'none'} |",
        f"| numpy, matplotlib | {v.get('numpy')}, {v.get('matplotlib')} |",
        f"| driver | {m.get('driver') or m.get('driver_problem') or 'unknown'} |",
    ]
    for d in m.get("devices", []):
        mig = ", a MIG slice" if d["mig"] else ""
        lines.append(
            f"| cuda:{d['index']} | {d['name']}, compute {d['capability']}, "
            f"{d['memory_gib']} GiB{mig} |"
        )
    if not m.get("devices"):
        lines.append(f"| devices | none ({NO_DEVICE}) |")
    link = record.get("link") or {}
    if "gen" in link:
        lines.append(
            f"| PCIe link | Gen{link['gen']} x{link['width']} under load (max Gen"
            f"{link['gen_max']} x{link['width_max']}): limit {link['theoretical_gbps']} GB/s |"
        )
    else:
        lines.append(f"| PCIe link | not read: {link.get('error', NO_DEVICE)} |")
    placement = record.get("host_placement") or {}
    if "gpu_numa_node" in placement:
        lines.append(
            f"| NUMA | GPU on node {placement['gpu_numa_node']}, process CPUs "
            f"{placement['process_cpus']} (on the GPU's node: "
            f"{placement.get('process_on_gpu_node', 'unknown')}) |"
        )
    items = record["items"]
    verified = [i for i in items if i["verified"]]
    lines += [
        "",
        f"## Items: {len(verified)} of {len(items)} verified",
        "",
        f'Selected with `-m "{SELECT}"` from {len(record["files"])} files; '
        f"pytest took {record['pytest_seconds']} s.",
        "",
    ]
    unverified = [i for i in items if not i["verified"]]
    if unverified:
        lines += ["| NOT VERIFIED | reason |", "| --- | --- |"]
        for item in unverified:
            note = " (allowed missing)" if item.get("allowed_missing") else ""
            reason = item["reason"].replace("|", "\\|")
            lines.append(f"| `{item['nodeid']}` | {reason}{note} |")
        lines.append("")
    if verified:
        lines += ["<details><summary>Verified</summary>", ""]
        lines += [f"- `{i['nodeid']}`" for i in verified]
        lines += ["", "</details>", ""]
    lines += ["## Copy bandwidth against the link's limit", ""]
    rows = record.get("bandwidth") or []
    if rows:
        lines += [
            "| direction | size | pageable GB/s | pinned GB/s | link limit GB/s | pinned / limit |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for r in rows:
            share = f"{r['share_of_limit']:.0%}" if r["share_of_limit"] is not None else "n/a"
            lines.append(
                f"| {r['direction']} | {r['size_mib']} MiB | {r['pageable_gbps']} | "
                f"{r['pinned_gbps']} | {r['link_limit_gbps'] or 'n/a'} | {share} |"
            )
    else:
        lines.append(f"NOT VERIFIED: {record.get('bandwidth_problem') or NO_DEVICE}")
    for problem in record.get("benchmark_errors", {}).values():
        lines.append(f"\nBenchmark problem: {problem}")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ the run


def parse(argv: list[str]) -> tuple[str | None, set[str], bool, Path, list[str]]:
    python, allowed, rehearse, report, rest = None, set(), False, REPORT, []
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--python" and args:
            python = args.pop(0)
        elif arg == "--report" and args:
            report = Path(args.pop(0)).resolve()
        elif arg.startswith("--allow-missing="):
            allowed |= {n for n in arg.split("=", 1)[1].split(",") if n}
        elif arg == "--rehearse":
            rehearse = True
        else:
            rest.append(arg)
    return python, allowed, rehearse, report, rest


def main(argv: list[str]) -> int:
    python, allowed, rehearse, report, rest = parse(argv)
    if python is not None and Path(python).resolve() != Path(sys.executable).resolve():
        # The whole run in that interpreter, which needs nothing of the project installed.
        argv = [a for a in argv if a not in ("--python", python)]
        env = environments.pytest_env(python)
        done = subprocess.run([python, "-m", "fieldguide", "gpu", *argv], env=env, cwd=ROOT)
        return done.returncode
    return run(allowed, rehearse, rest, report)


def run(allowed: set[str], rehearse: bool, extra: list[str], report: Path = REPORT) -> int:
    start = time.monotonic()
    info = machine()
    usable, line, reason = verdict(
        info["torch"], info["cuda"], info["driver"], info["driver_problem"] or "",
        info["available"], info["count"],
    )  # fmt: skip
    print(f"GPU run: {line}", flush=True)  # first, before anything else
    from . import gpu

    unknown = allowed - set(gpu.REQUIREMENTS)
    if unknown:
        print(f"--allow-missing: unknown {sorted(unknown)}; known: {', '.join(gpu.REQUIREMENTS)}")
        return 2
    report.mkdir(parents=True, exist_ok=True)
    env = environments.pytest_env(sys.executable)
    env.update(MPLBACKEND="Agg", FIELDGUIDE_ALLOW_MISSING=",".join(sorted(allowed)))
    if usable:
        env[gpu.REQUIRE_CUDA] = "1"
    else:
        env.pop(gpu.REQUIRE_CUDA, None)
    record_path, junit = report / "gpu-items.json", report / "gpu-tests.xml"
    if usable or rehearse:
        data = run_items(env, record_path, junit, extra, collect=False)
    else:
        print(f"GPU run: listing what it cannot verify ({reason})", flush=True)
        data = run_items(env, record_path, junit, extra, collect=True)
    items = judged(data["items"], None if usable else reason, allowed)
    record: dict = {
        "machine": info,
        "driver_check": line,
        "files": gpu.selection_files(ROOT),
        "pytest_seconds": data["seconds"],
        "pytest_returncode": data["returncode"],
        "rehearsal": rehearse and not usable,
        "items": items,
    }
    bench_ok = False
    if usable:
        bench_json = report / "gpu.json"
        bench_json.unlink(missing_ok=True)
        done = subprocess.run(
            [sys.executable, "benchmarks/gpu.py", "--json", str(bench_json)],
            env=env, cwd=ROOT, check=False,
        )  # fmt: skip
        bench = json.loads(bench_json.read_text("utf-8")) if bench_json.exists() else {}
        bench_ok = done.returncode == 0 and bool(bench.get("bandwidth"))
        record.update(
            link=bench.get("pcie_link"),
            link_idle=bench.get("pcie_link_idle"),
            host_placement=bench.get("host_placement"),
            bandwidth=bandwidth_rows(bench),
            benchmark_errors=bench.get("errors", {"benchmark": "wrote no JSON"}),
            sanity=bench.get("sanity"),
        )
        if not bench_ok:
            record["bandwidth_problem"] = f"benchmark exit {done.returncode}"
    else:
        record["bandwidth_problem"] = reason
    gaps = [i for i in items if not i["verified"] and not i.get("allowed_missing")]
    green = usable and bench_ok and not gaps and data["returncode"] == 0 and bool(items)
    record["seconds"] = round(time.monotonic() - start, 1)
    record["verdict"] = (
        f"PASSED: {len(items)} items verified"
        if green
        else f"FAILED: {len(gaps)} of {len(items)} items NOT VERIFIED"
        + ("" if usable else f" ({reason})")
        + ("" if bench_ok else "; bandwidth NOT VERIFIED")
    )
    write_record(record, report)
    print(f"GPU run: {record['verdict']} in {record['seconds']} s; see {report / 'gpu-run.md'}")
    return 0 if green else 1
