import torch


def to_unit_float(images: torch.Tensor) -> torch.Tensor:
    """uint8 pixel values 0..255 (any shape) as float32 values in [0, 1]."""
    raise NotImplementedError("write to_unit_float")
