import torch


def pairwise_sq_dists(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Squared Euclidean distances between the rows of a (n, d) and the rows of b (m, d):
    an (n, m) tensor of a's dtype, entry [i, j] = ||a[i] - b[j]||^2."""
    raise NotImplementedError("write pairwise_sq_dists")
