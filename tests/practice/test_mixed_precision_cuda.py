"""Facts behind the CUDA block of docs/*/practice/mixed_precision.md (run by `nox -s gpu`).

The checks are functions of the snippet's namespace, so that
tests/gpu/test_planted_faults.py can run them on a CPU copy of the snippet with a fault
planted (no unscale_ before clipping, a disabled scaler) and see them fail."""

import math

import pytest
import torch
from torch import nn

import fieldguide

pytestmark = pytest.mark.gpu

START_SCALE = 2.0**16  # GradScaler's default; it grows only after 2000 clean steps


@pytest.fixture(scope="module")
def ns():
    return fieldguide.snippet_namespace("practice/mixed_precision_cuda")


def skipped_steps(scale: float) -> int:
    """How many steps the scaler skipped: each inf/NaN halves the scale, and in fewer than
    2000 steps it never grows, so the scale is 2**16 / 2**skipped."""
    halvings = math.log2(START_SCALE / scale)
    assert halvings >= 0 and halvings.is_integer(), f"scale {scale} is not 2**16 / 2**k"
    return int(halvings)


def true_gradient_norm(ns) -> float:
    """The norm of the model's gradients in float32 without any scaling, at its weights now."""
    model, x, target = ns["model"], ns["x"], ns["target"]
    params = list(model.parameters())
    loss = nn.functional.cross_entropy(model(x).float(), target)
    grads = torch.autograd.grad(loss, params)
    return torch.cat([g.flatten() for g in grads]).norm().item()


def assert_clipped_the_true_norm(ns) -> None:
    # clip_grad_norm_ returns the norm it saw. Unscaled first, it is the true norm, which
    # one small step later is still close to a fresh float32 computation; forgetting
    # unscale_ multiplies it by the scale (2**16 here), which stays finite and passes an
    # isfinite() check.
    total = float(ns["total"])
    reference = true_gradient_norm(ns)
    assert math.isfinite(total) and reference > 0
    assert reference / 1.5 < total < reference * 1.5, f"clipped {total}, true norm {reference}"


def assert_scaler_worked(ns) -> None:
    scaler = ns["scaler"]
    assert scaler.is_enabled()  # a disabled scaler reports a scale of 1.0
    # At most a handful of the 51 steps were skipped for inf/NaN gradients.
    assert skipped_steps(scaler.get_scale()) <= 5
    losses = ns["losses"]
    assert len(losses) == 50 and all(math.isfinite(v) for v in losses)
    assert losses[-1] < 0.75 * losses[0], losses


def test_float16_forward_float32_weights(ns):
    assert ns["logits"].dtype == torch.float16
    assert ns["model"][0].weight.dtype == torch.float32


def test_scaler_trained_the_model(ns):
    assert_scaler_worked(ns)


def test_unscaled_gradients_were_clipped(ns):
    assert_clipped_the_true_norm(ns)
