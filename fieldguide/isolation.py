"""Isolation: torch's process-wide settings are the same after a page (or a snippet
module, or a test) as before it. A page that changes one and leaves it changed would make
the *next* page in the same worker fail, and the blame would land on the wrong page; here
the change is undone and reported against the page that made it."""

from __future__ import annotations

import os

# The precision settings of torch.backends, parent before child: setting a parent also sets
# its children, so restoring in this order puts every one back to its own value.
FP32_PRECISION = (
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
_FP32 = "fp32_precision (torch.backends"


def _torch():
    try:
        import torch
    except ImportError:  # pragma: no cover - torch is a dependency of every page
        return None
    return torch


def snapshot() -> dict:
    """The global settings a lesson might change, by name."""
    state = {"working directory": os.getcwd()}
    torch = _torch()
    if torch is None:
        return state
    opts = torch._tensor_str.PRINT_OPTS
    state.update(
        {
            "default dtype (torch.set_default_dtype)": torch.get_default_dtype(),
            "print options (torch.set_printoptions)": (
                opts.precision,
                opts.threshold,
                opts.edgeitems,
                opts.linewidth,
                opts.sci_mode,
            ),
            "grad mode (torch.set_grad_enabled)": torch.is_grad_enabled(),
            "anomaly detection (torch.autograd.set_detect_anomaly)": torch.is_anomaly_enabled(),
            "deterministic algorithms (torch.use_deterministic_algorithms)": (
                torch.are_deterministic_algorithms_enabled(),
                torch.is_deterministic_algorithms_warn_only_enabled(),
            ),
            "thread count (torch.set_num_threads)": torch.get_num_threads(),
            "float32 matmul precision": _legacy_matmul_precision(torch),
            "cudnn.allow_tf32": _legacy(lambda: torch.backends.cudnn.allow_tf32),
            "cudnn.benchmark": torch.backends.cudnn.benchmark,
            "cudnn.deterministic": torch.backends.cudnn.deterministic,
        }
    )
    for path in FP32_PRECISION:
        state[_fp32_name(path)] = _backend(torch, path).fp32_precision
    return state


def _fp32_name(path: str) -> str:
    return f"{_FP32}{'.' + path if path else ''}.fp32_precision)"


def _backend(torch, path: str):
    backend = torch.backends
    for part in filter(None, path.split(".")):
        backend = getattr(backend, part)
    return backend


def _legacy(read):
    """A legacy TF32 flag, or why it cannot be read: once the fp32_precision settings
    of a family disagree (set through the new API), torch refuses the legacy reading."""
    try:
        return read()
    except RuntimeError:
        return UNREADABLE


UNREADABLE = "unreadable (the fp32_precision settings disagree)"


def _unreadable(value) -> bool:
    return isinstance(value, str) and value == UNREADABLE


def _is_precision(name: str) -> bool:
    return name.startswith(_FP32) or name in ("float32 matmul precision", "cudnn.allow_tf32")


def _legacy_matmul_precision(torch):
    return _legacy(torch.get_float32_matmul_precision)


def _restore(name: str, value) -> None:
    torch = _torch()
    if name == "working directory":
        os.chdir(value)
    elif name.startswith("default dtype"):
        torch.set_default_dtype(value)
    elif name.startswith("print options"):
        precision, threshold, edgeitems, linewidth, sci_mode = value
        torch.set_printoptions(
            precision=precision,
            threshold=threshold,
            edgeitems=edgeitems,
            linewidth=linewidth,
            sci_mode=sci_mode,
        )
    elif name.startswith("grad mode"):
        torch.set_grad_enabled(value)
    elif name.startswith("anomaly"):
        torch.autograd.set_detect_anomaly(value)
    elif name.startswith("deterministic"):
        torch.use_deterministic_algorithms(value[0], warn_only=value[1])
    elif name.startswith("thread count"):
        torch.set_num_threads(value)
    elif name.startswith(_FP32):
        path = next(p for p in FP32_PRECISION if _fp32_name(p) == name)
        _backend(torch, path).fp32_precision = value
    elif name == "float32 matmul precision" and not _unreadable(value):
        torch.set_float32_matmul_precision(value)
    elif name == "cudnn.allow_tf32" and not _unreadable(value):
        torch.backends.cudnn.allow_tf32 = value
    elif name == "cudnn.benchmark":
        torch.backends.cudnn.benchmark = value
    elif name == "cudnn.deterministic":
        torch.backends.cudnn.deterministic = value


class Leak(AssertionError):
    def __init__(self, culprit: str, changes: list[tuple[str, object, object]]):
        super().__init__(culprit, changes)
        self.culprit, self.changes = culprit, changes
        self.changed_by: dict[str, str] = {}  # setting -> the code that last changed it

    def __str__(self) -> str:
        lines = [
            f"{self.culprit} changed torch's global state and did not set it back "
            "(restored now, so other pages are not affected):"
        ]
        for name, before, after in self.changes:
            lines.append(f"  {name}: {before!r} -> {after!r}")
            if name in self.changed_by:
                lines.append(f"    changed by {self.changed_by[name].removeprefix('The ')}")
        lines.append(
            "Set it back at the end (for example in a `with` block or `try/finally`), or "
            "use a local setting instead: later pages run in the same process."
        )
        return "\n".join(lines)


def restore(before: dict, culprit: str) -> None:
    """Put back whatever differs from ``before``; raise Leak naming ``culprit`` if any did."""
    after = snapshot()
    changes = [
        (name, value, after[name])
        for name, value in before.items()
        if name in after and after[name] != value
    ]
    undo = [(name, value) for name, value, _ in changes]
    if any(_is_precision(name) for name, _ in undo):
        # The legacy TF32 setters write the fp32_precision settings, and the legacy getters
        # read them: set the legacy ones first, then every fp32_precision setting, parents
        # before children (a parent's setter also sets its children).
        legacy = [(n, v) for n, v in undo if _is_precision(n) and not n.startswith(_FP32)]
        fp32 = [(n, v) for n, v in before.items() if n.startswith(_FP32)]
        undo = [(n, v) for n, v in undo if not _is_precision(n)] + legacy + fp32
    for name, value in undo:
        try:
            _restore(name, value)
        except Exception:  # noqa: BLE001 - report the leak even if undoing it fails
            pass
    if changes:
        raise Leak(culprit, changes)
