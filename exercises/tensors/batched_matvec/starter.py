import torch


def batched_matvec(a: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """For a batch of matrices a (B, n, m) and vectors x (B, m), the products a[i] @ x[i]
    as a (B, n) tensor."""
    raise NotImplementedError("write batched_matvec")
