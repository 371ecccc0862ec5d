import torch


def softmax(x: torch.Tensor, dim: int) -> torch.Tensor:
    """Softmax of x along dim, written with exp and sum (not torch.softmax), and correct
    for large values such as 1000.0 too."""
    raise NotImplementedError("write softmax")
