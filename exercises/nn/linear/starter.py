import torch


def linear(x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None) -> torch.Tensor:
    """What nn.Linear computes: x (..., in_features), weight (out_features, in_features),
    bias (out_features,) or None; the result has shape (..., out_features)."""
    raise NotImplementedError("write linear")
