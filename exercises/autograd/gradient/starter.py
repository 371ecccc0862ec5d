import torch


def gradient(f, x: torch.Tensor) -> torch.Tensor:
    """The gradient of the scalar function f at x, computed by autograd: a tensor shaped
    like x that is not part of any graph. x itself must stay as it was (no requires_grad)."""
    raise NotImplementedError("write gradient")
