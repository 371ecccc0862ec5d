"""Facts behind docs/*/gpu/ddp.md.

The module runs in a fresh interpreter (`# run: subprocess`), so its namespace is empty
here. Its pieces are loaded under a non-main name (which defines the functions without
spawning) and checked here; the two-process runs go through tests/gpu/ddp_check.py, on
gloo with the CPU (always), on NCCL with one rank on one GPU (`gpu`), and on NCCL with two
GPUs (`gpu`; NOT VERIFIED [multi-gpu] where there is only one). With two ranks each process
runs the page's own worker(), so its printed lines are checked too.
"""

import json
import os
import runpy
import signal
import socket
import subprocess
import sys

import pytest
import torch
from torch.utils.data import DistributedSampler

import fieldguide
from fieldguide import gpu

CHECK = fieldguide.ROOT / "tests" / "gpu" / "ddp_check.py"
# ddp_check.py gives every collective a 60 s timeout, so NCCL and gloo report their own
# errors first; these outer limits only catch a hang outside any collective (and its
# stderr is shown even then). gloo gets more: it shares a busy CPU with the rest.
OUTER_TIMEOUT = {"gloo": 600, "nccl": 300}


@pytest.fixture(scope="module")
def ddp():
    return runpy.run_path(str(fieldguide.ROOT / "snippets/gpu/ddp.py"), run_name="ddp_pieces")


def run_two_ranks(backend: str, tmp_path, world_size: int = 2) -> list[dict]:
    """Run ddp_check.py with two processes (or ``world_size``); fail with their stderr if
    anything goes wrong. Rank 0's stdout is kept in its record as "stdout"."""
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    if backend == "nccl":
        env.setdefault("NCCL_DEBUG", "WARN")  # NCCL's own reason, on stderr, if it fails
    proc = subprocess.Popen(
        [sys.executable, str(CHECK), backend, str(tmp_path), str(world_size)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # so that a hang can be killed with its spawned children
    )
    try:
        stdout, stderr = proc.communicate(timeout=OUTER_TIMEOUT[backend])
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        _, stderr = proc.communicate()
        pytest.fail(f"{backend} DDP check hung for {OUTER_TIMEOUT[backend]} s\n{stderr[-4000:]}")
    assert proc.returncode == 0, (
        f"{backend} DDP check failed (exit {proc.returncode})\n" + (stderr[-4000:])
    )
    ranks = [json.loads((tmp_path / f"rank{r}.json").read_text("utf-8")) for r in range(world_size)]
    ranks[0]["stdout"] = stdout
    return ranks


def page_lines() -> list[str]:
    """What the page's worker prints on rank 0: its `#>` lines, less the parent's last one."""
    text = (fieldguide.ROOT / "snippets/gpu/ddp.py").read_text("utf-8")
    lines = [line[3:] for line in text.splitlines() if line.startswith("#> ")]
    assert lines[-1] == "all processes finished"
    return lines[:-1]


def assert_really_averaged(ranks: list[dict], backend: str) -> None:
    assert [r["backend"] for r in ranks] == [backend, backend]
    assert [r["world_size"] for r in ranks] == [2, 2]
    local = [torch.tensor(r["local_grad"], dtype=torch.float64) for r in ranks]
    ddp = [torch.tensor(r["ddp_grad"], dtype=torch.float64) for r in ranks]
    # Different data, different local gradients: otherwise the check below proves nothing.
    assert (local[0] - local[1]).abs().max() > 0.1
    # Each rank ends up with the mean of both local gradients, not with its own.
    mean = (local[0] + local[1]) / 2
    for rank in (0, 1):
        torch.testing.assert_close(ddp[rank], mean, rtol=1e-12, atol=1e-12)
        assert (ddp[rank] - local[rank]).abs().max() > 0.05
    assert all(r["gradients_agree"] for r in ranks)


def assert_trained_together(ranks: list[dict], ddp: dict) -> None:
    # The page's train() in a real two-process group: disjoint shares, one model.
    first0, first1 = ranks[0]["first_indices"], ranks[1]["first_indices"]
    assert first0 == [[172, 225, 47, 183], [37, 88, 119, 247]]
    assert first1 == [[55, 105, 214, 140], [180, 157, 177, 162]]
    # all_reduce made the reported loss the same on both ranks.
    assert ranks[0]["losses"] == ranks[1]["losses"]
    assert ranks[0]["losses"][-1] < ranks[0]["losses"][0] / 10
    # Averaged gradients keep the copies identical after every step.
    assert ranks[0]["weight"] == ranks[1]["weight"]
    torch.testing.assert_close(
        torch.tensor(ranks[0]["weight"]), ddp["TRUE_W"].flatten(), atol=0.05, rtol=0
    )


def test_every_process_builds_the_same_data(ddp):
    a, b = ddp["make_dataset"](), ddp["make_dataset"]()
    assert len(a) == 256
    assert all(torch.equal(s, t) for s, t in zip(a.tensors, b.tensors, strict=True))


def test_sampler_splits_and_reshuffles_as_printed(ddp):
    dataset = ddp["make_dataset"]()
    samplers = [DistributedSampler(dataset, num_replicas=2, rank=r, shuffle=True) for r in (0, 1)]
    orders = {}
    for epoch in (0, 1):
        for rank, sampler in enumerate(samplers):
            sampler.set_epoch(epoch)
            orders[epoch, rank] = list(sampler)
        # The two ranks see disjoint halves that cover the dataset.
        assert len(orders[epoch, 0]) == len(orders[epoch, 1]) == 128
        assert sorted(orders[epoch, 0] + orders[epoch, 1]) == list(range(256))
    assert orders[0, 0] != orders[1, 0]  # set_epoch changed the shuffle
    # The first indices printed on the page.
    assert orders[0, 0][:4] == [172, 225, 47, 183] and orders[0, 1][:4] == [55, 105, 214, 140]
    assert orders[1, 0][:4] == [37, 88, 119, 247] and orders[1, 1][:4] == [180, 157, 177, 162]


def test_free_port_is_a_loopback_port(ddp):
    port = ddp["free_port"]()
    assert 0 < port < 65536
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))  # still free to use


@pytest.fixture(scope="module")
def gloo_ranks(tmp_path_factory):
    return run_two_ranks("gloo", tmp_path_factory.mktemp("gloo"))


def test_gloo_two_processes_average_different_gradients(gloo_ranks):
    assert [r["device"] for r in gloo_ranks] == ["cpu", "cpu"]
    assert_really_averaged(gloo_ranks, "gloo")


def test_gloo_two_processes_train_one_model(gloo_ranks, ddp):
    assert_trained_together(gloo_ranks, ddp)
    # The page's own worker ran: it printed the page's lines.
    assert gloo_ranks[0]["stdout"].splitlines() == page_lines()


@pytest.mark.gpu
def test_nccl_one_gpu_binds_its_device(tmp_path, ddp):
    # What one GPU can check of the NCCL path: the group is NCCL, bound to this rank's GPU
    # by device_id (so NCCL does not guess), and a collective and DDP run on it.
    # Averaging needs two GPUs (the next test); one rank checks what one GPU can.
    (rank,) = run_two_ranks("nccl", tmp_path, world_size=1)
    assert rank["backend"] == "nccl" and rank["device"] == "cuda:0"
    assert rank["bound_device"] == "cuda:0" and rank["current_device"] == 0
    assert rank["all_reduce"] == [1.0, 1.0, 1.0, 1.0]
    assert rank["grad_device"] == "cuda:0"  # DDP's backward ran on the GPU
    # The page's train() on the GPU: all of the data on one rank, the same model learned.
    assert rank["first_indices"][0][:2] != rank["first_indices"][1][:2]  # reshuffled
    assert rank["losses"][-1] < rank["losses"][0] / 10
    torch.testing.assert_close(
        torch.tensor(rank["weight"]), ddp["TRUE_W"].flatten(), atol=0.05, rtol=0
    )


@pytest.mark.gpu
def test_nccl_two_gpus_average_different_gradients(tmp_path, ddp):
    gpu.require_devices(2)  # one process per GPU; listed as NOT VERIFIED where missing
    ranks = run_two_ranks("nccl", tmp_path)
    assert [r["device"] for r in ranks] == ["cuda:0", "cuda:1"]
    assert [r["bound_device"] for r in ranks] == ["cuda:0", "cuda:1"]
    assert [r["all_reduce"] for r in ranks] == [[3.0] * 4, [3.0] * 4]
    assert [r["grad_device"] for r in ranks] == ["cuda:0", "cuda:1"]
    assert_really_averaged(ranks, "nccl")
    assert_trained_together(ranks, ddp)
    assert ranks[0]["stdout"].splitlines() == page_lines()  # the page's worker, on NCCL
