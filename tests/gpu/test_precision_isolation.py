"""The isolation check tracks TF32: the fp32_precision settings (matmul, cuDNN, oneDNN) and
the legacy readings, which torch refuses once the new settings of a family disagree.

Runs on the CPU: the settings are process-wide flags, readable without a GPU."""

# gpu run: not selected: TF32 flags are process-wide settings, read on the CPU

import pytest
import torch

from fieldguide import isolation


def _set(path: str, value: str) -> None:
    backend = torch.backends
    for part in filter(None, path.split(".")):
        backend = getattr(backend, part)
    backend.fp32_precision = value


CHANGES = {
    "new API, cuBLAS": lambda: _set("cuda.matmul", "tf32"),
    "new API, cuDNN convolutions": lambda: _set("cudnn.conv", "ieee"),
    "new API, every backend": lambda: _set("", "tf32"),
    "legacy API, matmul": lambda: torch.set_float32_matmul_precision("medium"),
    "legacy API, cuDNN": lambda: setattr(torch.backends.cudnn, "allow_tf32", False),
    "both APIs": lambda: (
        setattr(torch.backends.cuda.matmul, "allow_tf32", True),
        _set("cudnn.rnn", "ieee"),
    ),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_precision_change_is_reported_and_undone(change):
    before = isolation.snapshot()
    change()
    with pytest.raises(isolation.Leak) as leak:
        isolation.restore(before, "The page docs/zh/gpu/devices.md")
    names = [name for name, _, _ in leak.value.changes]
    assert any("fp32_precision" in n or "float32" in n or "tf32" in n for n in names), names
    assert isolation.snapshot() == before
    # Restored for real: the legacy readings work again and say what they said before.
    assert torch.get_float32_matmul_precision() == before["float32 matmul precision"]
    assert torch.backends.cudnn.allow_tf32 == before["cudnn.allow_tf32"]


def test_mixed_settings_are_read_without_raising():
    before = isolation.snapshot()
    try:
        _set("cuda.matmul", "tf32")  # the new API on one family only ...
        with pytest.raises(RuntimeError, match="mix of the legacy and new APIs"):
            torch.get_float32_matmul_precision()  # ... and torch refuses the legacy reading
        now = isolation.snapshot()  # the check itself must not raise
        assert now["float32 matmul precision"] == isolation.UNREADABLE
        assert now["fp32_precision (torch.backends.cuda.matmul.fp32_precision)"] == "tf32"
    finally:
        with pytest.raises(isolation.Leak):
            isolation.restore(before, "this test")
    assert isolation.snapshot() == before


def test_every_precision_setting_is_tracked():
    state = isolation.snapshot()
    tracked = {n for n in state if n.startswith("fp32_precision")}
    assert tracked == {
        f"fp32_precision (torch.backends{'.' + p if p else ''}.fp32_precision)"
        for p in (
            "",
            "cuda.matmul",
            "cudnn",
            "cudnn.conv",
            "cudnn.rnn",
            "mkldnn",
            "mkldnn.matmul",
            "mkldnn.conv",
            "mkldnn.rnn",
        )
    }
    assert {"float32 matmul precision", "cudnn.allow_tf32"} <= set(state)
