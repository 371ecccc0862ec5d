"""benchmarks/gpu.py on a machine without CUDA: its arguments, its pure helpers and its
CPU timing path. The GPU measurements themselves only run under `nox -s gpu`."""

# gpu run: not selected: the benchmark's helpers and CPU path, with CUDA faked

import importlib.util

import pytest
import torch

import fieldguide


@pytest.fixture(scope="module")
def bench():
    path = fieldguide.ROOT / "benchmarks" / "gpu.py"
    spec = importlib.util.spec_from_file_location("gpu_benchmark", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_arguments(bench):
    args = bench.parse_args([])
    assert args.samples == 7 and args.batch == [256, 2048, 8192] and args.json is None
    args = bench.parse_args(["--samples", "5", "--batch", "64", "128", "--cpu-batch", "32"])
    assert (args.samples, args.batch, args.cpu_batch) == (5, [64, 128], 32)
    for bad in (["--samples", "2"], ["--batch", "0"], ["--cpu-batch", "-1"]):
        with pytest.raises(SystemExit) as exc:
            bench.parse_args(bad)
        assert exc.value.code == 2


def test_median_and_spread(bench):
    assert bench.median_spread([3.0, 1.0, 2.0, 10.0, 2.5]) == {
        "median": 2.5,
        "min": 1.0,
        "max": 10.0,
        "n": 5,
    }
    assert bench.spread_text({"median": 52.04, "min": 51.96, "max": 53.1}) == "52.0 (52.0-53.1)"
    with pytest.raises(ValueError):
        bench.median_spread([])


def test_theoretical_pcie_figures(bench):
    assert bench.pcie_theoretical_gbps(5, 16) == 63.0
    assert bench.pcie_theoretical_gbps(4, 16) == 31.5
    assert bench.pcie_theoretical_gbps(4, 8) == 15.8
    assert bench.pcie_theoretical_gbps(9, 16) is None and bench.pcie_theoretical_gbps(5, 0) is None
    assert bench.share_text(55.0, 63.0) == "87%" and bench.share_text(55.0, None) == "n/a"
    # The practical note gives the real-world ceiling next to the theoretical one.
    assert "53-57 GB/s" in bench.PRACTICAL_NOTE


def test_coherent_host_links_come_from_the_system_not_the_name(bench):
    c2c = "GPU 0: NVIDIA GH200 480GB\n\t C2C Link 0: 44.994 GB/s\n\t C2C Link 1: 44.994 GB/s\n"
    assert bench.coherent_host_link(False, c2c) == "nvidia-smi reports 2 active NVLink-C2C link(s)"
    # A PCIe card: no C2C section, or links that are not up.
    assert bench.coherent_host_link(False, "") == ""
    assert bench.coherent_host_link(False, "GPU 0: NVIDIA H200\n\t C2C Link 0: 0 GB/s\n") == ""
    assert bench.coherent_host_link(True).startswith("integrated")
    assert not hasattr(bench, "C2C_NAMES")  # no guess from the name (an H200 on x86 is PCIe)


def test_cpu_train_step_timing_runs(bench):
    times = bench.cpu_step_ms(batch=4, samples=3, steps=1)
    assert len(times) == 3 and all(t > 0 for t in times)


def test_needs_cuda_and_says_so_in_the_json_too(bench, monkeypatch, tmp_path):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(SystemExit) as exc:
        bench.main(["--json", str(tmp_path / "gpu.json")])
    assert "needs a CUDA device" in str(exc.value.code)
    results = bench.json.loads((tmp_path / "gpu.json").read_text("utf-8"))
    assert results["errors"] == {"cuda": "torch.cuda.is_available() is False"}


@pytest.fixture
def stand_ins(bench, monkeypatch):
    """Every GPU measurement replaced by a fixed figure, the calls recorded in order."""
    calls = []
    props = type("Props", (), {"is_integrated": False})()
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "current_device", lambda: 0)
    monkeypatch.setattr(torch.cuda, "get_device_properties", lambda index: props)
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda index=None: "NVIDIA H200")
    monkeypatch.setattr(bench, "c2c_status", lambda: "")

    def link(index):
        calls.append("link")
        return {"gen": 5, "width": 16, "gen_max": 5, "width_max": 16, "theoretical_gbps": 63.0}

    def copy(nbytes, pinned, direction, samples):
        calls.append(f"copy {direction}")
        return [55.0, 54.0, 56.0] if direction == "h2d" else [50.0, 49.0, 51.0]

    def gpu_step(batch, samples, from_host=False):
        calls.append("gpu step")
        # The copy of the batch costs a quarter of the step.
        return [batch / 1000 * (1.25 if from_host else 1.0)] * 3

    def loaded(index):
        calls.append("link under load")
        return {**link(index), "theoretical_max_gbps": 63.0}

    monkeypatch.setattr(bench, "pcie_link", link)
    monkeypatch.setattr(bench, "load_link", loaded)
    monkeypatch.setattr(bench, "placement", lambda index: {"process_cpus": "0-3"})
    monkeypatch.setattr(bench, "copy_gbps", copy)
    monkeypatch.setattr(bench, "gpu_step_ms", gpu_step)
    monkeypatch.setattr(bench, "cpu_step_ms", lambda batch, samples: [batch / 10] * 3)
    monkeypatch.setattr(bench, "set_gpu_fp32", lambda mode: None)
    return calls


def test_report_with_stand_in_measurements(bench, stand_ins, tmp_path, capsys):
    bench.main(["--json", str(tmp_path / "gpu.json"), "--samples", "3"])
    out = capsys.readouterr().out
    results = bench.json.loads((tmp_path / "gpu.json").read_text("utf-8"))
    assert results["errors"] == {}
    # The link is read before the first copy, which would wake a trained-down link.
    assert stand_ins.index("link") < stand_ins.index("copy h2d")
    # Both directions, pinned and pageable.
    assert "| host to device | 256 MiB | 55.0 (54.0-56.0) | 55.0 (54.0-56.0) | 87% |" in out
    assert "| device to host | 256 MiB | 50.0 (49.0-51.0) | 50.0 (49.0-51.0) | 79% |" in out
    row = results["bandwidth"][-1]
    assert row["h2d_pinned_share_of_theoretical"] == 0.873
    assert row["d2h_pinned_share_of_theoretical"] == 0.794
    assert "53-57 GB/s" in out and "the limit is 63.0 GB/s" in out
    # ... and read again under load, before the figures are judged against it.
    assert stand_ins.index("link under load") < stand_ins.index("copy h2d")
    assert results["link_limit_gbps"] == 63.0 and results["sanity"] == []
    assert results["mig"] is False
    # Like for like: 512 images on both, 51.2 ms on the CPU against 0.512 ms on the GPU,
    # and 0.64 ms with the copy of the batch included.
    same = results["train_step"]["same_batch"]["tf32"]
    assert same["batch"] == 512 and same["speedup"] == 100.0 and same["speedup_with_copy"] == 80.0
    assert "| tf32 | 0.512 (0.512-0.512) | 100.0x | 0.640 (0.640-0.640) | 80.0x |" in out


def set_fp32(mode: str) -> None:
    torch.backends.cuda.matmul.fp32_precision = mode
    torch.backends.cudnn.conv.fp32_precision = mode


def test_a_failing_part_keeps_the_others_and_the_settings(bench, stand_ins, monkeypatch, tmp_path):
    def out_of_memory(*args, **kwargs):
        raise RuntimeError("CUDA out of memory (planted)")

    monkeypatch.setattr(bench, "gpu_step_ms", out_of_memory)
    # What the report changes, set to something other than its own values first.
    before = bench.read_settings()
    torch.backends.cudnn.benchmark = False
    try:
        torch.backends.cuda.matmul.fp32_precision = "ieee"
        torch.backends.cudnn.conv.fp32_precision = "ieee"
        monkeypatch.setattr(bench, "set_gpu_fp32", set_fp32)  # the real settings, this time
        mine = bench.read_settings()
        with pytest.raises(SystemExit) as exc:
            bench.main(["--json", str(tmp_path / "gpu.json"), "--samples", "3"])
        assert "1 part(s) failed: train_step" in str(exc.value.code)
        assert bench.read_settings() == mine  # restored in `finally`, though a part failed
    finally:
        bench.restore_settings(before)
    results = bench.json.loads((tmp_path / "gpu.json").read_text("utf-8"))
    assert results["errors"] == {"train_step": "RuntimeError: CUDA out of memory (planted)"}
    assert len(results["bandwidth"]) == 3  # the part that worked is in the report


def test_link_figures_are_read_as_they_run(bench):
    link = bench.parse_link("4, 8, 5, 16")  # trained down to Gen4 x8, could do Gen5 x16
    assert link["theoretical_gbps"] == 15.8 and link["theoretical_max_gbps"] == 63.0
    assert bench.parse_link("[N/A], [N/A], 5, 16") == {
        "error": "nvidia-smi gave no link figures: '[N/A], [N/A], 5, 16'"
    }


def test_a_failed_query_is_not_blamed_on_a_missing_tool(bench, monkeypatch, tmp_path):
    monkeypatch.setattr(bench, "pci_address", lambda index: "00000000:41:00.0")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert bench.pcie_link(0) == {"error": "nvidia-smi is not on PATH"}
    smi = tmp_path / "nvidia-smi"
    smi.write_text("#!/bin/sh\necho 'No devices were found' >&2\nexit 6\n")
    smi.chmod(0o755)
    assert bench.pcie_link(0) == {"error": "nvidia-smi -i 0 exited 6: No devices were found"}


def test_cpu_lists_and_placement(bench):
    assert bench._parse_cpu_list("0-3,8,10-11") == {0, 1, 2, 3, 8, 10, 11}
    assert bench._cpu_list_text([0, 1, 2, 3, 8, 10, 11]) == "0-3,8,10-11"
    placed = bench.host_placement("0000:00:00.0")  # whatever this machine has
    assert bench._parse_cpu_list(placed["process_cpus"]) == bench.os.sched_getaffinity(0)


def _rows(pinned: float, pageable: float) -> list[dict]:
    figure = lambda v: {"median": v, "min": v, "max": v, "n": 3}  # noqa: E731
    return [
        {
            "size_mib": 64,
            **{f"{d}_pinned_gbps": figure(pinned) for d in ("h2d", "d2h")},
            **{f"{d}_pageable_gbps": figure(pageable) for d in ("h2d", "d2h")},
        }
    ]


def test_results_that_cannot_be_right_are_flagged(bench):
    assert bench.sanity_problems(_rows(pinned=55.0, pageable=20.0), peak=63.0) == []
    slow = bench.sanity_problems(_rows(pinned=10.0, pageable=20.0), peak=63.0)
    assert len(slow) == 2 and "pinned 10.0 GB/s is slower than pageable 20.0 GB/s" in slow[0]
    fast = bench.sanity_problems(_rows(pinned=55.0, pageable=20.0), peak=31.5)
    assert len(fast) == 2 and "above the link's limit of 31.5 GB/s (175%)" in fast[0]


def test_insane_figures_and_mig_are_reported(bench, stand_ins, monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda index=None: "NVIDIA H100 MIG 1g.10gb")
    monkeypatch.setattr(
        bench, "copy_gbps", lambda nbytes, pinned, d, samples: [9.0 if pinned else 12.0] * 3
    )
    with pytest.raises(SystemExit) as exc:
        bench.main(["--json", str(tmp_path / "gpu.json"), "--samples", "3"])
    assert "sanity" in str(exc.value.code)
    results = bench.json.loads((tmp_path / "gpu.json").read_text("utf-8"))
    assert results["mig"] is True and "slice" in results["mig_note"]
    assert "slower than pageable" in results["errors"]["sanity"]
    out = capsys.readouterr().out
    assert "MIG: a MIG slice" in out and "Not credible:" in out
