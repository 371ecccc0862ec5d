"""benchmarks/gpu.py on a machine without CUDA: its arguments, its pure helpers and its
CPU timing path. The GPU measurements themselves only run under `nox -s gpu`."""

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


def test_coherent_host_links_drop_the_pcie_ratio(bench):
    assert bench.coherent_host_link("NVIDIA H200", "x86_64", False) == ""
    assert bench.coherent_host_link("NVIDIA H100 80GB HBM3", "aarch64", False) == ""
    assert "C2C" in bench.coherent_host_link("NVIDIA GH200 480GB", "aarch64", False)
    assert "C2C" in bench.coherent_host_link("NVIDIA H200", "aarch64", False)
    assert bench.coherent_host_link("Orin", "aarch64", True).startswith("integrated")
    c2c = "GPU 0: NVIDIA GH200 480GB\n\t C2C Link 0: 44.994 GB/s\n"
    assert bench.coherent_host_link("NVIDIA H100", "x86_64", False, c2c) != ""


def test_cpu_train_step_timing_runs(bench):
    times = bench.cpu_step_ms(batch=4, samples=3, steps=1)
    assert len(times) == 3 and all(t > 0 for t in times)


def test_needs_cuda_and_says_so(bench, monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(SystemExit) as exc:
        bench.main([])
    assert "needs a CUDA device" in str(exc.value.code)


@pytest.mark.parametrize(
    ("name", "machine"), [("NVIDIA H200", "x86_64"), ("NVIDIA GH200 480GB", "aarch64")]
)
def test_report_with_stand_in_measurements(bench, monkeypatch, tmp_path, capsys, name, machine):
    # Every GPU measurement replaced by a fixed figure: checks the report and the JSON.
    props = type("Props", (), {"is_integrated": False})()
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "current_device", lambda: 0)
    monkeypatch.setattr(torch.cuda, "get_device_properties", lambda index: props)
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda index=None: name)
    monkeypatch.setattr(bench.platform, "machine", lambda: machine)
    monkeypatch.setattr(bench, "c2c_status", lambda: "")
    monkeypatch.setattr(bench, "pcie_link", lambda index: {
        "gen": 5, "width": 16, "gen_max": 5, "width_max": 16, "theoretical_gbps": 63.0
    })  # fmt: skip
    monkeypatch.setattr(bench, "h2d_gbps", lambda n, pinned, samples: [55.0, 54.0, 56.0])
    monkeypatch.setattr(bench, "gpu_step_ms", lambda batch, samples: [batch / 1000] * 3)
    monkeypatch.setattr(bench, "cpu_step_ms", lambda batch, samples: [batch / 10] * 3)
    monkeypatch.setattr(bench, "set_gpu_fp32", lambda mode: None)
    before = torch.backends.cudnn.benchmark
    try:
        bench.main(["--json", str(tmp_path / "gpu.json"), "--samples", "3"])
    finally:
        torch.backends.cudnn.benchmark = before
    out = capsys.readouterr().out
    results = bench.json.loads((tmp_path / "gpu.json").read_text("utf-8"))
    assert "full FP32" in out and "TF32" in out
    if machine == "x86_64":
        assert "| 256 MiB | 55.0 (54.0-56.0) | 55.0 (54.0-56.0) | 87% |" in out
        assert "53-57 GB/s" in out and "theoretical 63.0 GB/s" in out
        assert results["h2d_bandwidth"][0]["pinned_share_of_theoretical"] == 0.873
    else:  # NVLink-C2C: a PCIe ratio would be meaningless (and over 100 %)
        assert "| 256 MiB | 55.0 (54.0-56.0) | 55.0 (54.0-56.0) | n/a |" in out
        assert "no PCIe ratio" in out and results["coherent_host_link"]
        assert results["h2d_bandwidth"][0]["pinned_share_of_theoretical"] is None
    # 8192 images in 8.192 ms against 512 in 51.2 ms: 100x more images per second.
    assert results["train_step"]["speedup_images_per_s"] == {"tf32": 100.0, "ieee": 100.0}
