import torch


def to_chw_float(image: torch.Tensor) -> torch.Tensor:
    """What ToTensor does to an image array: (H, W, C) uint8 in 0..255 becomes (C, H, W)
    float32 in [0, 1]."""
    raise NotImplementedError("write to_chw_float")
