import torch


def batched_matvec(a: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """For a batch of matrices a (B, n, m) and vectors x (B, m), the products a[i] @ x[i]
    as a (B, n) tensor."""
    # x as (B, m, 1) column vectors; squeeze only that last dim, never B or n (they may be 1).
    return (a @ x.unsqueeze(-1)).squeeze(-1)


if __name__ == "__main__":
    a = torch.tensor([[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]])
    x = torch.tensor([[1.0, -1.0]])
    print(batched_matvec(a, x))
    #> tensor([[-1., -1., -1.]])
