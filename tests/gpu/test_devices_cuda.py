"""The CUDA blocks of docs/*/gpu/devices.md, checked against sources outside torch.

Each test compares what PyTorch reports or computes on the GPU with something it cannot
simply echo back: the CUDA_VISIBLE_DEVICES mask, nvidia-smi, or the same numbers on the CPU.
"""

import os
import shutil
import subprocess
import sys

import pytest
import torch
from torch import nn

import fieldguide
from fieldguide import gpu

pytestmark = pytest.mark.gpu

# Ask a fresh interpreter what it sees: CUDA reads CUDA_VISIBLE_DEVICES once, at start-up.
PROBE = (
    "import torch; n = torch.cuda.device_count(); "
    "print(n, *(str(torch.cuda.get_device_properties(i).uuid) for i in range(n)))"
)


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("gpu/devices_cuda")


def _visible_in_child(mask: str) -> list[str]:
    """UUIDs of the devices a new process sees with CUDA_VISIBLE_DEVICES=mask."""
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": mask}
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr[-2000:]
    count, *uuids = out.stdout.split()
    assert int(count) == len(uuids)
    return uuids


def _pci_address(index: int) -> str:
    props = torch.cuda.get_device_properties(index)
    return f"{props.pci_domain_id:08X}:{props.pci_bus_id:02X}:{props.pci_device_id:02X}.0"


def test_devices_agree_with_cuda_visible_devices(ns):
    # The snippet's count must be the number of devices the mask leaves visible.
    assert ns["count"] >= 1
    mask = os.environ.get("CUDA_VISIBLE_DEVICES")
    if mask is not None:
        # CUDA stops reading the list at its first invalid entry; a valid entry (an index,
        # a GPU-/MIG- UUID) is one device. nvidia-smi's test below checks the exact count.
        entries = [e for e in mask.split(",") if e.strip()]
        assert ns["count"] <= len(entries), f"torch sees {ns['count']} devices, mask {mask!r}"
    # Hiding every device hides every device ...
    assert _visible_in_child("") == []
    if gpu.is_mig(0):
        # A MIG slice is named by a MIG-... UUID, which this check does not build: say so.
        gpu.not_verified("whole-gpu", "cuda:0 is a MIG slice: selecting it by UUID not checked")
    # ... and naming device 0 by its UUID shows exactly that device, as device 0.
    uuid = str(torch.cuda.get_device_properties(0).uuid)
    assert _visible_in_child(f"GPU-{uuid}") == [uuid]


def test_devices_agree_with_nvidia_smi(ns):
    if shutil.which("nvidia-smi") is None:
        pytest.skip("nvidia-smi is not on PATH")  # an error under FIELDGUIDE_REQUIRE_CUDA=1
    query = ["nvidia-smi", "--query-gpu=index,uuid,pci.bus_id,name", "--format=csv,noheader"]
    out = subprocess.run(query, capture_output=True, text=True, timeout=60, check=True).stdout
    rows = [[part.strip() for part in line.split(",", 3)] for line in out.strip().splitlines()]
    smi = {bus_id.upper(): name for _, _, bus_id, name in rows}
    for index in range(ns["count"]):
        address = _pci_address(index)
        assert address in smi, f"cuda:{index} at {address} is not among nvidia-smi's {smi}"
        # nvidia-smi and CUDA name the same board (MIG slices add a suffix in CUDA).
        assert smi[address] in torch.cuda.get_device_name(index)
    mask = os.environ.get("CUDA_VISIBLE_DEVICES")
    if mask is not None and "MIG-" in mask:
        gpu.not_verified("whole-gpu", f"CUDA_VISIBLE_DEVICES={mask!r} names MIG slices")
    # The count is exact, with or without a mask: every GPU, or what the mask leaves.
    assert ns["count"] == expected_count(mask, [(i, u) for i, u, _, _ in rows]), (
        f"torch sees {ns['count']} devices; nvidia-smi lists {rows}, mask {mask!r}"
    )


def expected_count(mask: str | None, gpus: list[tuple[str, str]]) -> int:
    """How many devices CUDA shows for CUDA_VISIBLE_DEVICES=mask, given nvidia-smi's
    (index, uuid) rows: every GPU without a mask; else the entries up to the first one
    that names no GPU (an index or a unique UUID prefix), each GPU once at most."""
    if mask is None:
        return len(gpus)
    seen: list[str] = []
    for entry in (e.strip() for e in mask.split(",")):
        if entry.isdigit():
            match = [i for i, _ in gpus if i == entry]
        else:
            match = [i for i, u in gpus if entry.startswith("GPU-") and u.startswith(entry)]
        if len(match) != 1 or match[0] in seen:
            break
        seen.append(match[0])
    return len(seen)


def special_values() -> torch.Tensor:
    """float32 values a careless copy or conversion gets wrong, then ordinary ones."""
    x = torch.randn(1 << 20, generator=torch.Generator().manual_seed(0))
    tiny = torch.finfo(torch.float32).tiny  # the smallest normal number
    x[:8] = torch.tensor(
        [float("nan"), float("inf"), float("-inf"), -0.0, 1e-45, -3e-39, tiny, -tiny]
    )
    return x


def assert_same_bits(got: torch.Tensor, want: torch.Tensor) -> None:
    """Equal bit for bit: NaN matches NaN, -0.0 differs from 0.0, subnormals are kept."""
    assert got.dtype == want.dtype and got.shape == want.shape
    ints = {torch.float32: torch.int32, torch.float64: torch.int64}[want.dtype]
    differ = (got.view(ints) != want.view(ints)) & ~(got.isnan() & want.isnan())
    where = differ.nonzero().flatten()[:5].tolist()
    assert not where, f"differ at {where}: got {got[where].tolist()}, want {want[where].tolist()}"


def test_round_trip_is_bit_exact():
    # Special values too: a copy must move bits, not convert them.
    x = special_values()
    back = x.to("cuda").cpu()
    assert torch.equal(back.view(torch.int32), x.view(torch.int32))
    # A dtype change on the way back converts exactly (float32 -> float64 is lossless),
    # special values included: NaN stays NaN, -0.0 keeps its sign, subnormals survive.
    converted = x.to("cuda").to("cpu", torch.double)
    assert converted.device.type == "cpu"
    assert_same_bits(converted, x.double())


def test_model_computes_like_the_cpu_and_comes_back_unchanged(ns):
    # The same seed builds the same CPU model the snippet moved to the GPU and back.
    torch.manual_seed(0)
    fresh = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    moved_back = ns["model"].state_dict().values()
    for (name, a), b in zip(fresh.state_dict().items(), moved_back, strict=True):
        assert b.device.type == "cpu" and torch.equal(a, b), f"{name} changed on the way"
    # The GPU forward pass matches the CPU one to FP32 rounding, not just in shape.
    torch.testing.assert_close(ns["on_gpu"].cpu(), fresh(ns["x"]), rtol=1e-5, atol=1e-6)
    # The error names both devices, so a reader can tell which tensor is misplaced.
    assert "cuda:0" in ns["message"] and "cpu" in ns["message"]


def test_tf32_trades_digits_for_speed_and_the_settings_come_back(ns):
    ieee, tf32 = ns["max_error"]["ieee"], ns["max_error"]["tf32"]
    # Full FP32 against float64: rounding only.
    assert 0 < max(ieee) < 1e-2
    if torch.cuda.get_device_capability() >= (8, 0):
        # The page's claim, for matmul and for cuDNN convolutions alike.
        assert tf32[0] > 10 * ieee[0] and tf32[1] > 10 * ieee[1]
        assert max(tf32) < 1.0  # still close: 10 mantissa bits, summed in FP32
    else:  # no TF32 before Ampere: both modes compute in FP32
        assert tf32 == ieee
    assert ns["saved"] == ("none", "tf32")  # the defaults, read before the change ...
    assert torch.backends.cuda.matmul.fp32_precision == "none"  # ... and put back
    assert torch.backends.cudnn.conv.fp32_precision == "tf32"
