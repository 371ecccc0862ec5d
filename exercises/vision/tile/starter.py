import torch


def tile(images: torch.Tensor, nrow: int) -> torch.Tensor:
    """Lay a batch (N, C, H, W) out as one image (C, rows * H, nrow * W), nrow images per
    row, rows = ceil(N / nrow), filled row by row, empty places zero, no padding between."""
    raise NotImplementedError("write tile")
