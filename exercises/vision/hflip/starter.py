import torch


def hflip(images: torch.Tensor) -> torch.Tensor:
    """Mirror images left to right: one image (C, H, W) or a batch (N, C, H, W)."""
    raise NotImplementedError("write hflip")
