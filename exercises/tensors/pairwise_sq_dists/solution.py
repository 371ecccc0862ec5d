import torch


def pairwise_sq_dists(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Squared Euclidean distances between the rows of a (n, d) and the rows of b (m, d):
    an (n, m) tensor of a's dtype, entry [i, j] = ||a[i] - b[j]||^2."""
    diff = a.unsqueeze(1) - b.unsqueeze(0)  # (n, 1, d) - (1, m, d) -> (n, m, d)
    return (diff**2).sum(dim=-1)


if __name__ == "__main__":
    a = torch.tensor([[0.0, 0.0], [1.0, 1.0]])
    b = torch.tensor([[1.0, 0.0], [3.0, 4.0], [0.0, 0.0]])
    print(pairwise_sq_dists(a, b))
    #> tensor([[ 1., 25.,  0.],
    #>         [ 1., 13.,  2.]])
