import torch


def to_tokens(x: torch.Tensor) -> torch.Tensor:
    """A batch of feature maps (N, C, H, W) as sequences of pixel vectors (N, H*W, C):
    token k of image i is the C values of pixel (k // W, k % W)."""
    raise NotImplementedError("write to_tokens")
