import torch


def cross_correlate(x: torch.Tensor, kernel: torch.Tensor) -> torch.Tensor:
    """What a convolution layer computes on one channel: slide kernel (kh, kw) over x
    (H, W) without padding, stride 1, and sum the products at each place. The kernel is
    not flipped. The result has shape (H - kh + 1, W - kw + 1)."""
    raise NotImplementedError("write cross_correlate")
