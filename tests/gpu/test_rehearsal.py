"""The GPU run as a CUDA machine's owner starts it (`python3 -m fieldguide gpu`), rehearsed
on a CPU: the driver check comes first in one line, the run fails only because there is
no CUDA device, and its record (bench-report/gpu-run.json and .md) lists every item it
could not verify, with the reason.

The first test runs in this interpreter (as `nox -s gpu` does), and its record also shows
what the run selects. The second runs in a lab-like environment (Python 3.12, torch
2.11.0 and torchvision 0.26.0 from the package index, numpy, matplotlib, pytest,
pytest-xdist, pytest-timeout, plus only the wheels MAINTAINERS.md lists):
/work/envs/lab312, or the interpreter FIELDGUIDE_LAB_PYTHON names; it is skipped, saying
so, where there is none (CI builds one with the commands in MAINTAINERS.md). Two runs, not
one: each proves the run in its own interpreter and packages, and the first must stand
alone where there is no lab."""

# gpu run: not selected: rehearsals of the GPU run on the CPU

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import fieldguide
from fieldguide import gpu_run

ROOT = fieldguide.ROOT
LAB = Path(os.environ.get("FIELDGUIDE_LAB_PYTHON", "/work/envs/lab312/bin/python"))


def no_driver_env(tmp_path: Path) -> dict:
    """This machine as it is, with no nvidia-smi on PATH whatever it has."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "FIELDGUIDE_"))}
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if not (Path(p) / "nvidia-smi").exists()
    )
    env["CUDA_VISIBLE_DEVICES"] = ""  # no device, even on a GPU machine
    return env


def rehearse(
    python: str, tmp_path: Path, *pytest_args: str
) -> tuple[subprocess.CompletedProcess, dict]:
    report = tmp_path / "report"
    done = subprocess.run(
        [python, "-m", "fieldguide", "gpu", "--report", str(report), *pytest_args],
        cwd=ROOT,
        env=fieldguide.environments.pytest_env(python, no_driver_env(tmp_path)),
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert (report / "gpu-run.md").exists(), done.stdout[-3000:] + done.stderr[-3000:]
    return done, json.loads((report / "gpu-run.json").read_text("utf-8"))


def assert_fails_only_for_want_of_cuda(done, record) -> None:
    out = done.stdout + done.stderr
    assert done.returncode == 1, out[-3000:]
    # The driver check is the first line, and says why.
    assert done.stdout.splitlines()[0].startswith("GPU run: CUDA is not available"), out[:500]
    items = record["items"]
    assert len(items) > 200  # every item of the selection, listed
    assert not any(i["verified"] for i in items)
    other = [i for i in items if not i["reason"].startswith(gpu_run.NO_DEVICE)]
    assert not other, f"items not verified for another reason than no CUDA device: {other[:5]}"
    names = {i["nodeid"] for i in items}
    for nodeid in (
        "tests/gpu/test_ddp.py::test_nccl_two_gpus_average_different_gradients",
        "tests/test_snippets.py::test_snippet_runs_alone[snippets/further/fsdp_cuda.py]",
        "tests/workflows/test_cifar_cnn.py::test_main_trained_on_cuda_where_available",
    ):
        assert nodeid in names, nodeid
    assert any("test_notebook_cells_run" in n and "cifar_cnn" in n for n in names)
    assert record["verdict"].startswith(f"FAILED: {len(items)} of {len(items)} items NOT VERIFIED")
    assert record["bandwidth_problem"].startswith(gpu_run.NO_DEVICE)


# Files the run does not collect, as their own line says: named to the run here, so that its
# record also shows that `-m "gpu or cuda_path"` picks none of their items (the run's own
# collection serves as the check of what it selects: no second collection).
CPU_ONLY = ("tests/gpu/test_planted_faults.py", "tests/gpu/test_precision_isolation.py")


def test_without_cuda_the_run_lists_every_item_not_verified(tmp_path):
    done, record = rehearse(sys.executable, tmp_path, *CPU_ONLY)
    assert_fails_only_for_want_of_cuda(done, record)
    md = (tmp_path / "report" / "gpu-run.md").read_text("utf-8")
    assert "## Copy bandwidth against the link's limit" in md
    assert f"| torch | {record['machine']['torch']} (pinned " in md
    assert md.count("| `") == len(record["items"])  # one row per item NOT VERIFIED
    # What the run selects: the marked items and the unmarked ones with a CUDA branch ...
    selected = {i["nodeid"] for i in record["items"]}
    for nodeid in (
        "tests/gpu/test_devices.py::test_device_follows_what_is_available",
        "tests/gpu/test_training.py::test_model_and_optimizer_on_the_device",
        "tests/test_snippets.py::test_snippet_runs_alone[snippets/gpu/devices.py]",
        "tests/test_snippets.py::test_snippet_runs_alone[snippets/gpu/training.py]",
        "tests/test_snippets.py::test_snippet_runs_alone[snippets/gpu/ddp.py]",
        "tests/gpu/test_ddp.py::test_nccl_one_gpu_binds_its_device",
        "tests/gpu/test_devices_cuda.py::test_round_trip_is_bit_exact",
    ):
        assert nodeid in selected, nodeid
    assert any(n.startswith("docs/en/gpu/training.md::") for n in selected)
    # ... and nothing that never touches CUDA.
    assert (
        "tests/test_snippets.py::test_snippet_has_a_topic_test[snippets/gpu/devices.py]"
        not in selected
    )
    assert not any(n.startswith(CPU_ONLY) for n in selected)
    # The files it collected (gpu.selection_files) hold the known CUDA files, and not the
    # CPU tests of the GPU machinery.
    files = set(record["files"])
    for name in (
        "tests/test_snippets.py",
        "tests/test_notebooks.py",  # the workflow notebooks call main(), which picks CUDA
        "tests/gpu/test_ddp.py",
        "tests/workflows/test_cifar_cnn.py",
        "tests/further/test_fsdp_cuda.py",
        "docs/en/gpu/ddp.md",
        "docs/zh/workflows/digits.md",
    ):
        assert name in files, name
    for name in ("tests/gpu/test_gpu_run.py", "tests/gpu/test_benchmark_gpu.py", *CPU_ONLY):
        assert name not in files, name


@pytest.mark.skipif(not LAB.exists(), reason=f"no lab-like environment at {LAB}")
def test_the_lab_rehearsal(tmp_path):
    # The versions first, from the packages' metadata (quick: torch is not imported), so
    # that drift says so before the run; then as the run itself found them.
    found = fieldguide.environments.probe(str(LAB))
    versions = (found["python"], found["torch"])
    assert versions[0].startswith("3.12.") and str(versions[1]).startswith("2.11.0"), versions
    done, record = rehearse(str(LAB), tmp_path)
    assert_fails_only_for_want_of_cuda(done, record)
    assert record["machine"]["versions"]["python"].startswith("3.12.")
    assert record["machine"]["versions"]["torch"].startswith("2.11.0")  # torch.__version__


# ------------------------------------------------ the driver check, and the wheel list


@pytest.mark.parametrize(
    ("driver", "cuda", "usable"),
    [("570.86.15", "13.0", False), ("580.65.06", "13.0", True), ("535.104", "12.8", True)],
)
def test_the_driver_check(driver, cuda, usable):
    ok, line, reason = gpu_run.verdict(
        f"2.14.1+cu{cuda.replace('.', '')}", cuda, driver, "", True, 1
    )
    assert ok is usable
    if not usable:
        assert line == (
            f"driver {driver} cannot run torch 2.14.1+cu130 (CUDA 13.0 needs driver R580 or "
            "newer). Fix: run in your own CUDA environment, whose torch matches this driver: "
            "python3 -m fieldguide gpu --python /path/to/your/cuda/python (or update the driver)"
        )
        assert "\n" not in line and reason.startswith("driver 570.86.15 too old")


def test_nox_checks_the_driver_before_it_installs_the_lock(tmp_path, monkeypatch):
    smi = tmp_path / "nvidia-smi"
    smi.write_text("#!/bin/sh\necho 570.86.15\n")
    smi.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    assert gpu_run.lock_cuda().startswith("13.")  # uv.lock's torch is a CUDA 13 build
    problem = gpu_run.lock_driver_problem()
    assert problem.startswith("GPU run: driver 570.86.15 cannot run torch ")
    smi.write_text("#!/bin/sh\necho 'Failed to initialize NVML' >&2\nexit 9\n")
    assert gpu_run.driver_version() == (
        None,
        "nvidia-smi failed (exit 9): Failed to initialize NVML",
    )
    assert gpu_run.lock_driver_problem() is None  # the run's own check says what is wrong


def test_items_are_judged_verified_or_not_with_a_reason():
    items = [
        {"nodeid": "a", "outcome": "passed", "reason": ""},
        {"nodeid": "b", "outcome": "failed", "reason": "call: AssertionError"},
        {"nodeid": "c", "outcome": "not verified", "reason": "NOT VERIFIED [multi-gpu]: 1 GPU"},
    ]
    judged = gpu_run.judged(items, None, allowed={"multi-gpu"})
    assert [j["verified"] for j in judged] == [True, False, False]
    assert judged[1]["reason"] == "failed: call: AssertionError"
    assert judged[2]["allowed_missing"] is True
    without = gpu_run.judged(items, "no CUDA device: x", allowed=set())
    assert without[0] == {"nodeid": "a", "verified": False, "reason": "no CUDA device: x"}


def wheel_list() -> list[tuple[str, float]]:
    text = (ROOT / "MAINTAINERS.md").read_text("utf-8")
    section = text[text.index("### Wheels for a machine without network") :]
    section = section[: section.index("\n#", 4)]
    return [
        (m[1], float(m[2]))
        for m in re.finditer(r"^\| `([\w.-]+)` \| [^|]+ \| ([\d.]+) \|", section, re.M)
    ]


def test_the_wheel_list_fits_in_64_mib_and_has_no_torch():
    wheels = wheel_list()
    assert len(wheels) >= 10, wheels
    assert sum(size for _, size in wheels) <= 64.0
    assert not any(name.startswith(("torch", "nvidia")) for name, _ in wheels)
    text = (ROOT / "MAINTAINERS.md").read_text("utf-8")
    total = re.search(r"in all: ([\d.]+) MiB", text)
    assert total and abs(float(total[1]) - sum(s for _, s in wheels)) < 0.2


@pytest.mark.skipif(not LAB.exists(), reason=f"no lab-like environment at {LAB}")
def test_the_lab_has_the_listed_wheels_and_the_plugin_loads():
    names = [name for name, _ in wheel_list()]
    code = "import importlib.metadata as m, sys\nfor n in sys.argv[1:]: m.version(n)"
    done = subprocess.run([str(LAB), "-c", code, *names], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]  # PackageNotFoundError names the wheel
